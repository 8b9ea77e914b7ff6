"""Orchestration: plan documents, read and extract them over an executor, check, report.

The per-document work (read + extract) is a plain top-level function mapped over a
``concurrent.futures.Executor``, so threads, processes or a distributed executor can
run it without a second code path.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from cohesion_cli.channels.documents import DocumentSpec, plan
from cohesion_cli.channels.generic import ExtractContext
from cohesion_cli.channels.registry import KINDS
from cohesion_cli.channels.secrets import Redactor, references
from cohesion_cli.channels.snapshots import failed
from cohesion_cli.checks import run_all
from cohesion_cli.checks.context import ChannelData, Context
from cohesion_cli.domain import Severity, Snapshot
from cohesion_cli.extract.result import Extraction
from cohesion_cli.positions import rule_position
from cohesion_cli.report import ChannelSummary, Report
from cohesion_cli.rulebook.loader import LoadedRulebook
from cohesion_cli.severity import assign

Reader = Callable[[DocumentSpec], Snapshot]
Job = tuple[DocumentSpec, ExtractContext, Reader | None]


@dataclass(frozen=True)
class RunOptions:
    fail_on: Severity | None = Severity.LOW
    respect_robots: bool = True
    archive: Path | None = None
    """Folder to archive every document read into."""
    replay: Path | None = None
    """Archive folder to read documents from instead of the channels (no network)."""


def read_and_extract(job: Job) -> tuple[Snapshot, list[Extraction]]:
    """Read one document and extract its facts. Never raises: a failure becomes an
    unreadable snapshot with the reason."""
    spec, ctx, reader = job
    kind = KINDS[spec.kind]
    try:
        snapshot = reader(spec) if reader is not None else kind.read(spec)
    except Exception as exc:  # a channel kind's bug must not abort the run
        snapshot = failed(spec, f"internal error while reading: {type(exc).__name__}: {exc}")
    try:
        return snapshot, kind.extract(snapshot, ctx)
    except Exception as exc:  # idem for extraction
        broken = failed(spec, f"internal error while extracting: {type(exc).__name__}: {exc}")
        return snapshot, [Extraction(broken)]


@contextlib.contextmanager
def _served(loaded: LoadedRulebook, replaying: bool) -> Iterator[str]:
    if replaying:
        yield "{serve_url}"
        return
    if loaded.model.serve is None:
        yield ""
        return
    from cohesion_cli.channels.serve import serving

    with serving(loaded.base_dir / loaded.model.serve.root) as url:
        yield url


def jobs(loaded: LoadedRulebook, serve_url: str, options: RunOptions, reader: Reader | None
         ) -> list[Job]:
    model = loaded.model
    out: list[Job] = []
    for channel in model.channels:
        ctx = ExtractContext(channel, tuple(loaded.products), model.currency, model.locale)
        for spec in plan(channel, loaded.products, loaded.base_dir, serve_url):
            out.append((replace(spec, respect_robots=options.respect_robots), ctx, reader))
    return out


def redactor(loaded: LoadedRulebook) -> Redactor:
    values = [v for c in loaded.model.channels for v in (*c.headers.values(),
                                                          *c.cookies.values())]
    return Redactor(references(values))


def run(loaded: LoadedRulebook, options: RunOptions, executor: Executor | None = None
        ) -> Report:
    model = loaded.model
    reader: Reader | None = None
    if options.replay is not None:
        from cohesion_cli.archive import ArchiveReader

        reader = ArchiveReader(options.replay, loaded.base_dir).read
    with _served(loaded, reader is not None) as serve_url:
        work = jobs(loaded, serve_url, options, reader)
        if executor is None:
            with ThreadPoolExecutor(max_workers=8) as pool:
                outcomes = list(pool.map(read_and_extract, work))
        else:
            outcomes = list(executor.map(read_and_extract, work))
    archived: dict[str, str] = {}
    if options.archive is not None:
        archived = _archive(options.archive, loaded, serve_url, [s for s, _ in outcomes])
    data = {c.id: ChannelData(c) for c in model.channels}
    for _, extractions in outcomes:
        for extraction in extractions:
            data[extraction.snapshot.channel].extractions.append(extraction)
    ctx = Context(model, loaded.products, list(data.values()))
    results = assign(run_all(ctx), model.severity)
    summaries = [
        ChannelSummary(c.id, c.kind, c.name or c.id, c.owner or "", len(snaps),
                       sum(1 for s in snaps if s.error))
        for c in model.channels
        for snaps in [[s for s, _ in outcomes if s.channel == c.id]]
    ]
    return Report(model.brand, str(loaded.path),
                  datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  summaries, results, options.fail_on,
                  {p.sku: p.name for p in loaded.products},
                  positions={r.fingerprint: rule_position(loaded, r) for r in results},
                  archived=archived,
                  archive=str(options.archive) if options.archive else None)


def _archive(folder: Path, loaded: LoadedRulebook, serve_url: str, snapshots: list[Snapshot]
             ) -> dict[str, str]:
    """Archive every snapshot; snapshot id -> where its bytes are in the archive."""
    from cohesion_cli.archive import ArchiveWriter

    writer = ArchiveWriter(folder, redactor(loaded), loaded.base_dir, serve_url)
    stored = {s.id: writer.add(s) for s in snapshots}
    writer.close()
    return {k: v for k, v in stored.items() if v}
