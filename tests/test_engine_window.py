"""Worker processes get a bounded window of batches: results waiting for the parent do not
pile up when the workers outpace it (a re-run of unchanged pages), whatever the catalog's
size, and they come back in order."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from cohesion_cli import engine, workers
from cohesion_cli.channels.rulebook import load


def doubled(batch: list[int]) -> list[int]:
    return [2 * x for x in batch]


class Counting(ProcessPoolExecutor):
    def __init__(self) -> None:
        super().__init__(max_workers=2)
        self.submitted = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1
        return super().submit(fn, *args, **kwargs)


def test_batches_are_submitted_a_window_ahead_and_come_back_in_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "read_and_extract_batch", doubled)
    monkeypatch.setattr(workers, "unpacked", lambda job, shipped: shipped)
    work: list[Any] = list(range(2000))
    ahead = workers.AHEAD * workers.PROCESSES
    seen = []
    with Counting() as pool:
        for done, item in enumerate(workers.in_order(pool, work, lambda job: job)):
            consumed = done // workers.BATCH  # batches the parent has taken
            assert pool.submitted <= consumed + 1 + ahead
            seen.append(item)
        assert pool.submitted == len(work) // workers.BATCH
    assert seen == [2 * x for x in work]


def catalog_sizes(batch: list[workers.Job]) -> list[tuple[str | None, int]]:
    """What a worker receives of each job: its product and the catalog it carries."""
    return [(spec.product, len(ctx.products)) for spec, ctx, _, _ in batch]


def test_a_worker_receives_each_document_with_its_product_only(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    skus = [f"P{i:02}" for i in range(20)]
    (tmp_path / "cohesion.yaml").write_text(
        "brand: B\ncatalog:\n  products:\n"
        + "".join(f"    - {{sku: {sku}, price: 10}}\n" for sku in skus)
        + "channels:\n  - {id: w, kind: web, location: 'http://127.0.0.1:1/', "
          "product_page: '{sku}', policy_pages: [trocas]}\n", encoding="utf-8")
    loaded = load(str(tmp_path / "cohesion.yaml"))
    work = engine.jobs(loaded, "", engine.RunOptions(), None)
    assert {len(ctx.products) for _, ctx, _, _ in work} == {len(skus)}  # held: the channel's
    monkeypatch.setattr(workers, "read_and_extract_batch", catalog_sizes)
    monkeypatch.setattr(workers, "unpacked", lambda job, shipped: shipped)
    with ProcessPoolExecutor(max_workers=2) as pool:
        received = list(workers.in_order(pool, work, partial(engine._for, loaded=loaded)))
    assert received == [(None, len(skus)), *((sku, 1) for sku in skus)]


@pytest.mark.parametrize("respect_robots", [True, False])
def test_robots_txt_is_read_for_the_worker_processes_only_when_respected(
        monkeypatch: pytest.MonkeyPatch, respect_robots: bool) -> None:
    """A run that ignores robots.txt does not read it, nor make every document to find
    the hosts."""
    asked: list[int] = []

    def prefetch(specs: Any) -> dict[str, Any]:
        asked.append(sum(1 for _ in specs))
        return {}

    monkeypatch.setattr(workers, "PROCESSES", 2)
    monkeypatch.setattr(workers.robots, "prefetch", prefetch)
    work: Any = [(object(),)] * workers.PROCESS_THRESHOLD
    pool = workers.executor_for(work, respect_robots)
    pool.shutdown()
    assert isinstance(pool, ProcessPoolExecutor)
    assert asked == ([workers.PROCESS_THRESHOLD] if respect_robots else [])
