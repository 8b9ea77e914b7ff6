"""Worker processes get a bounded window of batches: results waiting for the parent do not
pile up when the workers outpace it (a re-run of unchanged pages), whatever the catalog's
size, and they come back in order."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

import pytest

from cohesion_cli import workers


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
