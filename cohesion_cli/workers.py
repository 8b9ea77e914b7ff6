"""Reading and extracting documents over an executor.

The per-document work (read + extract) is a plain top-level function, so any
``concurrent.futures.Executor`` can run it: threads for small runs, and on a multi-core
machine, for large ones, worker processes (extraction is CPU-bound), each reading its
batch on threads while it extracts. Results come back in the order of the jobs, through a
bounded window of batches, so they never pile up in the parent.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from cohesion_cli.channels.extraction import ExtractContext
from cohesion_cli.channels.kinds import lookup, read_document
from cohesion_cli.channels.transport import robots
from cohesion_cli.channels.transport.cache import Cache
from cohesion_cli.channels.transport.http import PER_HOST, share_per_host
from cohesion_cli.channels.transport.snapshots import failed, read
from cohesion_cli.domain import Snapshot
from cohesion_cli.extract.budget import budget
from cohesion_cli.extract.result import Extraction
from cohesion_cli.extract.serialize import extractions_from_json, extractions_to_json
from cohesion_cli.rulebook.plan import DocumentSpec

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
    spec, ctx, reader, keep_body = job
    try:
        kind = lookup(spec.kind)
        cached = spec if kind.cache_extractions else replace(spec, cache_dir=None)
        with budget():  # one extraction budget for the whole document
            extractions = _extract(kind.extract, snapshot, ctx, cached)
        if extractions is None:  # the stored bytes it stood for are damaged (and dropped)
            snapshot = _read((replace(spec, reuse=""), ctx, reader, keep_body))
            with budget():
                extractions = _extract(kind.extract, snapshot, ctx, cached)
            assert extractions is not None, "a document read with its bytes"
    except Exception as exc:  # idem for extraction
        broken = failed(spec, f"internal error while extracting: {type(exc).__name__}: {exc}")
        extractions = [Extraction(broken)]
    return snapshot if keep_body else snapshot.without_body(), extractions


def _extract(extract: Callable[[Snapshot, ExtractContext], list[Extraction]],
             snapshot: Snapshot, ctx: ExtractContext, spec: DocumentSpec
             ) -> list[Extraction] | None:
    """Extraction reduced to what checks use (``Extraction.compact``), through the on-disk
    cache when there is one: an unchanged document (same sha256, same channel settings,
    catalog and checks) is not parsed again, and what is stored is what checks read. None
    for a page answered 304 without its bytes (``DocumentSpec.reuse``) whose stored
    extraction and stored bytes both turn out damaged: it must be read again."""
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
    if snapshot.from_cache and not snapshot.body:  # a 304 counted on the stored extraction
        body = cache.http_body(spec.location, snapshot.digest)
        if body is None:
            return None
        snapshot = replace(snapshot, body=body)
    extractions = fresh()
    if not any(e.error for e in extractions):  # a stopped extraction is no result to keep
        cache.store_extraction(key, extractions_to_json(extractions))
    return extractions


def executor_for(work: Sequence[Job], respect_robots: bool = True) -> Executor:
    """Threads for small runs; on a multi-core machine, for large ones, one worker process
    per core (at most PER_HOST), each reading with PER_HOST // processes threads, so that
    together they keep at most PER_HOST requests in flight per host. Worker processes get
    every host's robots.txt read once, here, unless the run ignores robots.txt."""
    if PROCESSES > 1 and len(work) >= PROCESS_THRESHOLD:
        verdicts = robots.prefetch(job[0] for job in work) if respect_robots else {}
        return ProcessPoolExecutor(max_workers=PROCESSES, initializer=_start_worker,
                                   initargs=(PER_HOST // PROCESSES, verdicts))
    return ThreadPoolExecutor(max_workers=8)


def in_order(pool: Executor, work: Sequence[Job], prepare: Callable[[Job], Job]
             ) -> Iterator[tuple[Snapshot, list[Extraction]]]:
    """Results in the order of ``work``, each job ``prepare``d before it is handed over:
    for worker processes, a batch of BATCH documents at a time, so that what ``prepare``
    makes exists only while the batch is in flight; another executor's ``map`` (threads, a
    cluster) takes every job at once."""
    if not isinstance(pool, ProcessPoolExecutor):
        yield from pool.map(read_and_extract, map(prepare, work), chunksize=4)
        return
    batches = ([prepare(job) for job in work[i:i + BATCH]] for i in range(0, len(work), BATCH))
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
