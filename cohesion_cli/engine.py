"""Orchestration: plan documents, read and extract them over an executor, check, report.

The per-document work (read + extract, ``workers``) is mapped over a
``concurrent.futures.Executor``: threads for small runs, processes on multi-core machines
for large ones (extraction is CPU-bound), and any Executor-shaped engine can be passed in.
Results stream back one document at a time: each is archived if asked, then stripped of
its bytes and of facts no check uses, so memory follows the facts, not the pages.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cohesion_cli import __version__
from cohesion_cli.channels.extraction import ExtractContext
from cohesion_cli.channels.kinds import lookup, over_http
from cohesion_cli.channels.transport import browser
from cohesion_cli.channels.transport.cache import unusable
from cohesion_cli.checks.stream import Checker
from cohesion_cli.checks.visits import score_visits
from cohesion_cli.domain import Severity
from cohesion_cli.extract.portable import document_dict
from cohesion_cli.rulebook.loader import LoadedRulebook
from cohesion_cli.rulebook.plan import Planner
from cohesion_cli.rulebook.shard import Shard, document_key, rulebook_digest
from cohesion_cli.secrets import Redactor, references
from cohesion_cli.triage.assemble import channel_data, checked, engaged
from cohesion_cli.triage.report import Report
from cohesion_cli.workers import Job, Reader, executor_for, in_order
from cohesion_cli.worklist import Work

if TYPE_CHECKING:
    from cohesion_cli.channels.transport.archive import ArchiveWriter


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


def _context_key(loaded: LoadedRulebook, channel_json: str, catalog_digest: str, keep_text: bool
                 ) -> str:
    model = loaded.model
    return hashlib.sha256("\x1f".join((
        __version__, extractor_digest(), channel_json, catalog_digest, model.currency, model.locale,
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
         ) -> Work:
    model = loaded.model
    cache_dir = _cache_dir(options) if reader is None else None
    policies = model.policies
    keep_text = bool(policies.wording or policies.required_phrases or policies.forbidden_phrases)
    catalog = loaded.products.digest()
    channels = []
    for channel in model.channels:
        ctx = ExtractContext(channel, loaded.products, currency=model.currency,
                             locale=model.locale,
                             cache_key=_context_key(loaded, channel.model_dump_json(),
                                                     catalog, keep_text),
                             keep_text=keep_text,
                             min_confidence=model.severity.min_price_confidence)
        # a stored extraction may stand for a page's bytes unless they are archived
        reuse = ctx.cache_key if options.archive is None and lookup(
            channel.kind).cache_extractions else ""
        channels.append((Planner(channel, loaded.base_dir, serve_url,
                                 over_http(channel.kind), options.respect_robots, cache_dir,
                                 options.verify_tls, reuse), ctx))
    return Work(loaded.products, channels, reader, options.archive is not None)


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


def _for(job: Job, loaded: LoadedRulebook) -> Job:
    """A document about one product carries that product only, not the whole catalog."""
    spec, ctx, reader, keep_body = job
    if spec.product is None:
        return job
    product = loaded.product(spec.product)
    return spec, replace(ctx, products=(product,) if product else ()), reader, keep_body


def redactor(loaded: LoadedRulebook) -> Redactor:
    values = [v for c in loaded.model.channels
              for v in (*c.headers.values(), *c.cookies.values(), c.location or "",
                        c.product_page or "", *c.policy_pages)]
    return Redactor(references(values))



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
        planned = jobs(loaded, serve_url, options, reader)
        work: Sequence[Job] = planned
        keys: list[str] = []
        if options.shard is not None:
            work, keys = share(planned, options.shard, serve_url, loaded.base_dir)
        writer = _archive_writer(options, loaded, serve_url)
        pool = executor or executor_for(work, options.respect_robots)
        narrow, total = functools.partial(_for, loaded=loaded), len(work)
        try:
            for done, (snapshot, extractions) in enumerate(in_order(pool, work, narrow), start=1):
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
                    checker.complete(planned.ready(done))
                if options.progress is not None:
                    options.progress(done, total)
        finally:
            if executor is None:
                pool.shutdown()
        del work, planned  # every document is in: the final checks need neither
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


def share(work: Sequence[Job], shard: Shard, serve_url: str, base_dir: Path
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
