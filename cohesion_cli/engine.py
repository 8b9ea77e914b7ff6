"""Orchestration: plan documents, read and extract them over an executor, check, report.

The per-document work (read + extract) is a plain top-level function mapped over a
``concurrent.futures.Executor``: threads for small runs, processes on multi-core machines
for large ones (extraction is CPU-bound), and any Executor-shaped engine can be passed in.
Results stream back one document at a time: each is archived if asked, then stripped of
its bytes and of facts no check uses, so memory follows the facts, not the pages.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import itertools
import logging
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cohesion_cli import __version__
from cohesion_cli.channels.extraction import ExtractContext
from cohesion_cli.channels.kinds import lookup, over_http, read_document
from cohesion_cli.channels.transport import browser, robots
from cohesion_cli.channels.transport.cache import Cache, unusable
from cohesion_cli.channels.transport.http import PER_HOST, share_per_host
from cohesion_cli.channels.transport.snapshots import failed, read
from cohesion_cli.checks.stream import Checker, checked_after, product_major
from cohesion_cli.checks.visits import score_visits
from cohesion_cli.domain import Severity, Snapshot
from cohesion_cli.extract.budget import budget
from cohesion_cli.extract.portable import document_dict
from cohesion_cli.extract.result import Extraction
from cohesion_cli.extract.serialize import extractions_from_json, extractions_to_json
from cohesion_cli.rulebook.loader import LoadedRulebook
from cohesion_cli.rulebook.plan import DocumentSpec, plan
from cohesion_cli.rulebook.shard import Shard, document_key, rulebook_digest
from cohesion_cli.secrets import Redactor, references
from cohesion_cli.triage.assemble import channel_data, checked, engaged
from cohesion_cli.triage.report import Report

if TYPE_CHECKING:
    from cohesion_cli.channels.transport.archive import ArchiveWriter

Reader = Callable[[DocumentSpec], Snapshot]
Job = tuple[DocumentSpec, ExtractContext, Reader | None, bool]
"""(document, extraction context, reader override, keep the bytes)."""
PROCESS_THRESHOLD = 64
"""Documents from which a multi-core machine extracts in worker processes."""
BATCH = 8
"""Documents a worker process takes at once: it reads them while it extracts."""
PROCESSES = min(os.cpu_count() or 1, PER_HOST)
"""Worker processes on this machine: one per core, at most PER_HOST."""
AHEAD = 4
"""Batches submitted ahead per worker process: each stays busy, yet results do not pile up
when the workers outpace the parent (a re-run of unchanged pages)."""


@dataclass(frozen=True)
class RunOptions:
    fail_on: Severity | None = Severity.LOW
    respect_robots: bool = True
    archive: Path | None = None
    """Folder to archive every document read into."""
    replay: Path | None = None
    """Archive folder to read documents from instead of the channels (no network)."""
    cache: Path | None = None
    """On-disk cache folder (conditional requests, stored extractions); None: off."""
    progress: Callable[[int, int], None] | None = None
    """Called with (documents done, total) as documents come in."""
    verify_tls: bool = True
    shard: Shard | None = None
    """Read and extract only this share of the documents and run no rule: the report carries
    what was read (``Report.shard``) for ``cohesion merge``."""


def read_and_extract(job: Job) -> tuple[Snapshot, list[Extraction]]:
    """Read one document and extract its facts. Never raises: a failure, or a document
    that is not text, becomes an unreadable snapshot with the reason."""
    return _extracted(job, _read(job))


def read_and_extract_batch(batch: list[Job]) -> list[tuple[Snapshot, list[Extraction]]]:
    """In a worker process: read the batch's documents on the worker's reading threads and
    extract each as soon as it has arrived, so the CPU works while the next ones download."""
    if _readers is None:
        return [read_and_extract(job) for job in batch]
    return [_extracted(job, snapshot) for job, snapshot in zip(
        batch, _readers.map(_read, batch), strict=True)]


_readers: ThreadPoolExecutor | None = None
"""The reading threads of a worker process (set by ``_start_worker``)."""


def _start_worker(in_flight: int, verdicts: dict[str, robots.Verdict]) -> None:
    """A worker process reads with ``in_flight`` threads: its share of the per-host limit;
    the parent has read robots.txt for it (``verdicts``)."""
    global _readers
    share_per_host(in_flight)
    robots.preload(verdicts)
    _readers = ThreadPoolExecutor(max_workers=in_flight)


def _read(job: Job) -> Snapshot:
    spec, _, reader, _ = job
    return read(reader or read_document, spec)


def _extracted(job: Job, snapshot: Snapshot) -> tuple[Snapshot, list[Extraction]]:
    spec, ctx, _, keep_body = job
    try:
        kind = lookup(spec.kind)
        cached = spec if kind.cache_extractions else replace(spec, cache_dir=None)
        with budget():  # one extraction budget for the whole document
            extractions = _extract(kind.extract, snapshot, ctx, cached)
    except Exception as exc:  # idem for extraction
        broken = failed(spec, f"internal error while extracting: {type(exc).__name__}: {exc}")
        extractions = [Extraction(broken)]
    return snapshot if keep_body else snapshot.without_body(), extractions


def _extract(extract: Callable[[Snapshot, ExtractContext], list[Extraction]],
             snapshot: Snapshot, ctx: ExtractContext, spec: DocumentSpec) -> list[Extraction]:
    """Extraction reduced to what checks use (``Extraction.compact``), through the on-disk
    cache when there is one: an unchanged document (same sha256, same channel settings,
    catalog and checks) is not parsed again, and what is stored is what checks read."""
    def fresh() -> list[Extraction]:
        return [e.compact(ctx.keep_text) for e in extract(snapshot, ctx)]

    if spec.cache_dir is None or snapshot.error is not None:
        return fresh()
    cache = Cache(Path(spec.cache_dir))
    key = cache.extraction_key(snapshot.digest, ctx.cache_key, spec.location, spec.product,
                               spec.role)
    stored = cache.extraction(key)
    if stored is not None:
        with contextlib.suppress(KeyError, TypeError, ValueError):
            return extractions_from_json(stored, snapshot)
    extractions = fresh()
    if not any(e.error for e in extractions):  # a stopped extraction is no result to keep
        cache.store_extraction(key, extractions_to_json(extractions))
    return extractions


@contextlib.contextmanager
def _served(loaded: LoadedRulebook, replaying: bool) -> Iterator[str]:
    if replaying:
        yield "{serve_url}"
        return
    if loaded.model.serve is None:
        yield ""
        return
    from cohesion_cli.channels.transport.serve import serving

    with serving(loaded.base_dir / loaded.model.serve.root) as url:
        yield url


def _context_key(loaded: LoadedRulebook, channel_json: str, catalog: str, keep_text: bool
                 ) -> str:
    model = loaded.model
    return hashlib.sha256("\x1f".join((
        __version__, extractor_digest(), channel_json, catalog, model.currency, model.locale,
        str(model.severity.min_price_confidence), str(keep_text))).encode("utf-8")).hexdigest()


EXTRACTOR_SOURCES = ("extract", "money", "channels/kinds", "channels/parsers")
"""Folders of the package whose code decides what is read from a document's bytes."""


@functools.cache
def extractor_digest() -> str:
    """sha256 of the extractor's source: a cached extraction is reused only by the code that
    made it, even between two commits of one version."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for folder in EXTRACTOR_SOURCES:
        for path in sorted((root / folder).rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def jobs(loaded: LoadedRulebook, serve_url: str, options: RunOptions, reader: Reader | None
         ) -> list[Job]:
    model = loaded.model
    out: list[Job] = []
    cache_dir = _cache_dir(options) if reader is None else None
    policies = model.policies
    keep_text = bool(policies.wording or policies.required_phrases or policies.forbidden_phrases)
    catalog = "\x1e".join(p.model_dump_json() for p in loaded.products)
    for channel in model.channels:
        ctx = ExtractContext(channel, tuple(loaded.products), currency=model.currency,
                             locale=model.locale,
                             cache_key=_context_key(loaded, channel.model_dump_json(), catalog,
                                                     keep_text),
                             keep_text=keep_text,
                             min_confidence=model.severity.min_price_confidence)
        for spec in plan(channel, loaded.products, loaded.base_dir, serve_url,
                         over_http=over_http(channel.kind)):
            spec = replace(spec, respect_robots=options.respect_robots,
                           cache_dir=None if spec.private else cache_dir,
                           verify_tls=options.verify_tls)
            out.append((spec, _for(spec, ctx, loaded), reader, options.archive is not None))
    order = product_major([spec.product for spec, *_ in out], loaded.products)
    return [out[i] for i in order]


def _cache_dir(options: RunOptions) -> str | None:
    """The cache folder, or None when there is none or it cannot be written (a warning)."""
    if options.cache is None:
        return None
    why = unusable(options.cache)
    if why is not None:
        logging.getLogger(__name__).warning(
            "cohesion: cache folder %s is not usable (%s); running without a cache "
            "(choose another with --cache-dir, or --no-cache)", options.cache, why)
        return None
    return str(options.cache)


def _for(spec: DocumentSpec, ctx: ExtractContext, loaded: LoadedRulebook) -> ExtractContext:
    """A document about one product carries that product only, not the whole catalog."""
    if spec.product is None:
        return ctx
    product = loaded.product(spec.product)
    return replace(ctx, products=(product,) if product else ())


def redactor(loaded: LoadedRulebook) -> Redactor:
    values = [v for c in loaded.model.channels
              for v in (*c.headers.values(), *c.cookies.values(), c.location or "",
                        c.product_page or "", *c.policy_pages)]
    return Redactor(references(values))


def _executor(work: list[Job]) -> Executor:
    """Threads for small runs; on a multi-core machine, for large ones, one worker process
    per core (at most PER_HOST), each reading with PER_HOST // processes threads, so that
    together they keep at most PER_HOST requests in flight per host. Worker processes get
    every host's robots.txt read once, here."""
    if PROCESSES > 1 and len(work) >= PROCESS_THRESHOLD:
        verdicts = robots.prefetch(job[0] for job in work)
        return ProcessPoolExecutor(max_workers=PROCESSES, initializer=_start_worker,
                                   initargs=(PER_HOST // PROCESSES, verdicts))
    return ThreadPoolExecutor(max_workers=8)


def _results(pool: Executor, work: list[Job]) -> Iterator[tuple[Snapshot, list[Extraction]]]:
    """Results in the order of ``work``: batches of BATCH documents for worker processes."""
    if not isinstance(pool, ProcessPoolExecutor):
        yield from pool.map(read_and_extract, work, chunksize=4)
        return
    batches = (work[i:i + BATCH] for i in range(0, len(work), BATCH))
    gc.freeze()  # the workers forked now share the parent's objects: no collection in a
    window = deque(pool.submit(read_and_extract_batch, batch)  # worker writes to them
                   for batch in itertools.islice(batches, AHEAD * PROCESSES))  # (copying pages)
    try:
        while window:
            done = window.popleft().result()
            window.extend(pool.submit(read_and_extract_batch, batch)
                          for batch in itertools.islice(batches, 1))
            yield from done
    finally:
        for waiting in window:  # stopped early: what has not started never will
            waiting.cancel()
        gc.unfreeze()


def run(loaded: LoadedRulebook, options: RunOptions, executor: Executor | None = None
        ) -> Report:
    model = loaded.model
    reader: Reader | None = None
    if options.replay is not None:
        from cohesion_cli.channels.transport.archive import ArchiveReader

        reader = ArchiveReader(options.replay, base_dir=loaded.base_dir).read
    data = channel_data(loaded)
    checker = Checker(model, loaded.products, list(data.values()))
    counts = {c.id: [0, 0] for c in model.channels}
    archived: dict[str, str] = {}
    shard_documents: list[dict[str, Any]] = []
    # pages rendered in this process share one browser, closed at the end (browser.session)
    with _served(loaded, reader is not None) as serve_url, browser.session():
        work = jobs(loaded, serve_url, options, reader)
        keys: list[str] = []
        if options.shard is not None:
            work, keys = share(work, options.shard, serve_url, loaded.base_dir)
        writer = _archive_writer(options, loaded, serve_url)
        pool = executor or _executor(work)
        ready = checked_after([spec.product for spec, *_ in work], loaded.products)
        try:
            for done, (snapshot, extractions) in enumerate(_results(pool, work), start=1):
                counts[snapshot.channel][0] += 1
                counts[snapshot.channel][1] += snapshot.error is not None
                if writer is not None:
                    stored = writer.add(snapshot)
                    if stored:
                        archived[snapshot.id] = stored
                if options.shard is not None:  # the rules run in 'cohesion merge'
                    shard_documents.append(document_dict(keys[done - 1], snapshot,
                                                         extractions))
                else:
                    for extraction in extractions:
                        checker.add(extraction)
                    checker.complete(ready[done - 1])
                if options.progress is not None:
                    options.progress(done, len(work))
        finally:
            if executor is None:
                pool.shutdown()
        if writer is not None:
            writer.close()
    if options.shard is not None:  # a shard's rules run in 'cohesion merge'
        report = checked(loaded, [], counts, fail_on=options.fail_on, archived=archived,
                         archive=str(options.archive) if options.archive else None)
        return replace(report, shard={
            "index": options.shard.index, "count": options.shard.count,
            "documents": shard_documents, "rulebook_digest": rulebook_digest(loaded),
            "extractor": extractor_digest(), "serve_url": serve_url})
    results = checker.results()
    if model.serve is not None and serve_url:
        results = engaged(results, serve_url, (loaded.base_dir / model.serve.root).as_posix())
    return checked(loaded, results, counts, fail_on=options.fail_on, archived=archived,
                   archive=str(options.archive) if options.archive else None,
                   visits=score_visits(checker.store_context()))


def share(work: list[Job], shard: Shard, serve_url: str, base_dir: Path
          ) -> tuple[list[Job], list[str]]:
    """The jobs of ``shard`` and their document keys, in the order of ``work``."""
    keyed = [(document_key(job[0], serve_url, base_dir), job) for job in work]
    mine = [(key, job) for key, job in keyed if shard.holds(key)]
    return [job for _, job in mine], [key for key, _ in mine]


def _archive_writer(options: RunOptions, loaded: LoadedRulebook, serve_url: str
                    ) -> ArchiveWriter | None:
    if options.archive is None:
        return None
    from cohesion_cli.channels.transport.archive import ArchiveWriter

    return ArchiveWriter(options.archive, redactor(loaded), base_dir=loaded.base_dir,
                         serve_url=serve_url)
