"""Orchestration: plan documents, read and extract them over an executor, check, report.

The per-document work (read + extract) is a plain top-level function mapped over a
``concurrent.futures.Executor``, so threads, processes or a distributed executor can
run it without a second code path.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from datetime import datetime, timezone

from cohesion_cli import channels
from cohesion_cli.channels.documents import DocumentSpec, plan
from cohesion_cli.checks import run_all
from cohesion_cli.checks.context import ChannelData, Context
from cohesion_cli.domain import Severity, Snapshot
from cohesion_cli.extract.reader import extract
from cohesion_cli.extract.result import Extraction, Options
from cohesion_cli.report import ChannelSummary, Report
from cohesion_cli.rulebook.loader import LoadedRulebook
from cohesion_cli.rulebook.models import Locators
from cohesion_cli.severity import assign

Job = tuple[DocumentSpec, Options, Locators]


def read_and_extract(job: Job) -> Extraction:
    """Read one document and extract its facts. Never raises: a failure becomes an
    unreadable snapshot with the reason."""
    spec, options, locators = job
    try:
        snapshot = channels.read(spec)
    except Exception as exc:  # a channel kind's bug must not abort the run
        snapshot = _failed(spec, f"internal error while reading: {type(exc).__name__}: {exc}")
    try:
        return extract(snapshot, options, locators)
    except Exception as exc:  # idem for extraction
        return Extraction(_failed(spec, f"internal error while extracting: "
                                        f"{type(exc).__name__}: {exc}"))


def _failed(spec: DocumentSpec, reason: str) -> Snapshot:
    from cohesion_cli.channels.snapshots import failed

    return failed(spec, reason)


@contextlib.contextmanager
def _served(loaded: LoadedRulebook) -> Iterator[str]:
    if loaded.model.serve is None:
        yield ""
        return
    from cohesion_cli.channels.serve import serving

    with serving(loaded.base_dir / loaded.model.serve.root) as url:
        yield url


def jobs(loaded: LoadedRulebook, serve_url: str) -> list[Job]:
    model = loaded.model
    out: list[Job] = []
    for channel in model.channels:
        for spec in plan(channel, loaded.products, loaded.base_dir, serve_url):
            product = loaded.product(spec.product) if spec.product else None
            options = Options(model.currency, model.locale, spec.product,
                              product.gtin if product else None)
            out.append((spec, options, channel.locators))
    return out


def run(loaded: LoadedRulebook, fail_on: Severity | None, executor: Executor | None = None
        ) -> Report:
    model = loaded.model
    with _served(loaded) as serve_url:
        work = jobs(loaded, serve_url)
        if executor is None:
            with ThreadPoolExecutor(max_workers=8) as pool:
                extractions = list(pool.map(read_and_extract, work))
        else:
            extractions = list(executor.map(read_and_extract, work))
    data = {c.id: ChannelData(c) for c in model.channels}
    for extraction in extractions:
        data[extraction.snapshot.channel].extractions.append(extraction)
    ctx = Context(model, loaded.products, list(data.values()))
    results = assign(run_all(ctx), model.severity)
    summaries = [
        ChannelSummary(c.id, c.kind, c.name or c.id, c.owner or "",
                       len(data[c.id].extractions),
                       sum(1 for e in data[c.id].extractions if e.error))
        for c in model.channels
    ]
    return Report(model.brand, str(loaded.path),
                  datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  summaries, results, fail_on,
                  {p.sku: p.name for p in loaded.products})
