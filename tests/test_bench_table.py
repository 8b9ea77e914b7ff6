"""The benchmark's targets: memory flat in the catalog's size is judged on the largest
process of cohesion over the whole catalog against the same run over its first pages."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from perf.table import Row, targets


def _rows(first: float, rerun: float, small_first: float, small_rerun: float) -> list[Row]:
    return [Row("cohesion", "first", 10000, 90.0, first, None),
            Row("cohesion-rerun", "re-run", 10000, 15.0, rerun, None),
            Row("cohesion-small", "first, 1,000", 1000, 9.0, small_first, None),
            Row("cohesion-small-rerun", "re-run, 1,000", 1000, 2.0, small_rerun, None)]


def _flat(rows: list[Row]) -> list[tuple[str, str, str]]:
    return [t for t in targets(rows, None) if t[0].startswith("largest process")]


def test_memory_within_20_percent_on_both_runs_is_met() -> None:
    [(name, measured, verdict)] = _flat(_rows(75, 65, 64, 56))
    assert name == "largest process within 20 % of 1,000 pages (first run, re-run)"
    assert measured == "75 vs 64 MB (+17%), 65 vs 56 MB (+16%)"
    assert verdict == "met"


def test_memory_beyond_20_percent_on_either_run_is_not_met() -> None:
    assert _flat(_rows(75, 70, 64, 56))[0][2] == "NOT met"
    assert _flat(_rows(80, 60, 64, 56))[0][2] == "NOT met"


def test_without_the_small_runs_there_is_no_memory_flatness_target() -> None:
    assert _flat(_rows(75, 65, 64, 56)[:2]) == []
