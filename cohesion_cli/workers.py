"""Reading and extracting documents over an executor.

The per-document work (read + extract) is a plain top-level function, so any
``concurrent.futures.Executor`` can run it: threads for small runs, and on a multi-core
machine, for large ones, worker processes (extraction is CPU-bound), each reading its
batch on threads while it extracts. Results come back in the order of the jobs, through a
bounded window of batches, so they never pile up in the parent.
"""

from __future__ import annotations

import gc
import itertools
import json
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import replace

from cohesion_cli.channels.extraction import ExtractContext
from cohesion_cli.channels.kinds import lookup, read_document
from cohesion_cli.channels.transport import robots
from cohesion_cli.channels.transport.cache import cache_at
from cohesion_cli.channels.transport.http import PER_HOST, share_per_host
from cohesion_cli.channels.transport.snapshots import failed, read
from cohesion_cli.domain import Snapshot
from cohesion_cli.extract.budget import budget
from cohesion_cli.extract.result import Extraction
from cohesion_cli.extract.serialize import extractions_bytes, extractions_from_json
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


Shipped = tuple[Snapshot, bytes]
"""A document read and its extractions as JSON (``extractions_to_json``), as a worker
process sends them: bytes pickle at the cost of a copy, where the objects took longer to
pickle and unpickle than the JSON takes to parse, and the on-disk cache's entry for an
unchanged page is sent as stored, not parsed in the worker (``unpacked`` parses it)."""


def read_and_extract(job: Job) -> tuple[Snapshot, list[Extraction]]:
    """Read one document and extract its facts. Never raises: a failure, or a document
    that is not text, becomes an unreadable snapshot with the reason."""
    return unpacked(job, _shipped(job, _read(job)))


def unpacked(job: Job, shipped: Shipped) -> tuple[Snapshot, list[Extraction]]:
    """The document's extractions as objects. A cache entry is verified against its sha256
    before it is sent, so one that does not parse was not written by cohesion: the document
    is unverifiable, with the reason."""
    snapshot, payload = shipped
    try:
        return snapshot, extractions_from_json(json.loads(payload), snapshot)
    except (KeyError, TypeError, ValueError, RecursionError) as exc:
        reason = (f"internal error: its stored extraction cannot be read ({type(exc).__name__}:"
                  f" {exc}); run again with --no-cache")
        return snapshot, [Extraction(failed(job[0], reason))]


def read_and_extract_batch(batch: list[Job]) -> list[Shipped]:
    """In a worker process: the batch dealt over the worker's reading threads, each reading
    and extracting its share in turn, so that one thread extracts while the others' pages
    download. Each thread is handed its share at once: a hand-over per document cost a
    re-run's workers about a tenth of their CPU. One thread extracts at a time
    (``_extracting``): two taking turns on the interpreter every few milliseconds, each
    with a page of its own, used about 5 % more CPU on a first run."""
    if _readers is None:
        return _each(batch)
    lanes = min(_lanes, len(batch))
    shares = list(_readers.map(_each, [batch[lane::lanes] for lane in range(lanes)]))
    return [shares[i % lanes][i // lanes] for i in range(len(batch))]


def _each(jobs: list[Job]) -> list[Shipped]:
    shipped = []
    for job in jobs:
        snapshot = _read(job)
        with _extracting:
            shipped.append(_shipped(job, snapshot))
    return shipped


_readers: ThreadPoolExecutor | None = None
"""The reading threads of a worker process (set by ``_start_worker``)."""
_lanes = 1
"""How many they are."""
_extracting = threading.Lock()
"""Held by the thread of a worker that extracts (``read_and_extract_batch``)."""


def _start_worker(in_flight: int, verdicts: dict[str, robots.Verdict]) -> None:
    """A worker process reads with ``in_flight`` threads: its share of the per-host limit;
    the parent has read robots.txt for it (``verdicts``)."""
    global _readers, _lanes, _extracting
    share_per_host(in_flight)
    robots.preload(verdicts)
    _readers = ThreadPoolExecutor(max_workers=in_flight)
    _lanes, _extracting = in_flight, threading.Lock()  # not one the fork copied held


def _read(job: Job) -> Snapshot:
    spec, _, reader, _ = job
    return read(reader or read_document, spec)


def _shipped(job: Job, snapshot: Snapshot) -> Shipped:
    spec, ctx, reader, keep_body = job
    try:
        kind = lookup(spec.kind)
        cached = spec if kind.cache_extractions else replace(spec, cache_dir=None)
        with budget():  # one extraction budget for the whole document
            payload = _extract(kind.extract, snapshot, ctx, cached)
        if payload is None:  # the stored bytes it stood for are damaged (and dropped)
            snapshot = _read((replace(spec, reuse=""), ctx, reader, keep_body))
            with budget():
                payload = _extract(kind.extract, snapshot, ctx, cached)
            assert payload is not None, "a document read with its bytes"
    except Exception as exc:  # idem for extraction
        broken = failed(spec, f"internal error while extracting: {type(exc).__name__}: {exc}")
        payload = extractions_bytes([Extraction(broken)])
    return snapshot if keep_body else snapshot.without_body(), payload


def _extract(extract: Callable[[Snapshot, ExtractContext], list[Extraction]],
             snapshot: Snapshot, ctx: ExtractContext, spec: DocumentSpec
             ) -> bytes | None:
    """Extraction reduced to what checks use (``Extraction.compact``), as JSON, through the on-disk
    cache when there is one: an unchanged document (same sha256, same channel settings,
    catalog and checks) is not parsed again, and what is stored is what checks read. None
    for a page answered 304 without its bytes (``DocumentSpec.reuse``) whose stored
    extraction and stored bytes both turn out damaged: it must be read again."""
    def fresh() -> list[Extraction]:
        return [e.compact(ctx.keep_text) for e in extract(snapshot, ctx)]

    if spec.cache_dir is None or snapshot.error is not None:
        return extractions_bytes(fresh())
    cache = cache_at(spec.cache_dir)
    key = cache.extraction_key(snapshot.digest, ctx.cache_key, spec.location, spec.product,
                               spec.role)
    stored = cache.extraction(key)
    if stored is not None:
        return stored
    if snapshot.from_cache and not snapshot.body:  # a 304 counted on the stored extraction
        body = cache.http_body(spec.location, snapshot.digest)
        if body is None:
            return None
        snapshot = replace(snapshot, body=body)
    extractions = fresh()
    payload = extractions_bytes(extractions)
    if not any(e.error for e in extractions):  # a stopped extraction is no result to keep
        cache.store_extraction(key, payload)
    return payload




def executor_for(work: Sequence[Job], respect_robots: bool) -> Executor:
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
    window = deque((pool.submit(read_and_extract_batch, batch), batch)  # worker writes to
                   for batch in itertools.islice(batches, AHEAD * PROCESSES))  # them (copying)
    try:
        while window:
            waited, batch = window.popleft()
            done = waited.result()
            window.extend((pool.submit(read_and_extract_batch, more), more)
                          for more in itertools.islice(batches, 1))
            for job, shipped in zip(batch, done, strict=True):
                yield unpacked(job, shipped)
    finally:
        for waiting, _ in window:  # stopped early: what has not started never will
            waiting.cancel()
        gc.unfreeze()
