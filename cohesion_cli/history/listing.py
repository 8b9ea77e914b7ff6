"""``cohesion history``: the recorded runs, newest first, as a table with a score trend per
channel (a sparkline, oldest run on the left), as JSON or as CSV.

JSON: ``{"history": PATH, "runs": [{"id", "at", "score", "findings", "new", "changed",
"resolved", "scores": {channel: score}}]}``. CSV: one row per run with the same fields and
one ``score:<channel>`` column per channel (UTF-8 with a byte-order mark, CRLF, as the
``csv`` report format)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cohesion_cli.history.runs import Run

BARS = "▁▂▃▄▅▆▇█"
OVERALL = "(overall)"
"""The trend row of the overall score (channel ids cannot start with a bracket)."""
TREND_RUNS = 30
"""How many runs the sparkline shows (the newest)."""


def render(runs: list[Run], path: Path, fmt: str, out: IO[str]) -> None:
    if fmt == "json":
        json.dump({"history": str(path), "runs": [_as_dict(r) for r in runs]}, out,
                  ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        _csv(runs, out)
    else:
        _table(runs, path, out)


def sparkline(scores: list[int | None]) -> str:
    """One block per score, its height the score (0-100); a run without a score is ``·``."""
    return "".join("·" if s is None else BARS[round(s / 100 * (len(BARS) - 1))]
                   for s in scores)


def channels(runs: list[Run]) -> list[str]:
    """Every channel of the runs, in the newest run's order, then older ones."""
    seen: dict[str, None] = {}
    for run in runs:
        seen.update(dict.fromkeys(run.scores))
    return list(seen)


def _as_dict(run: Run) -> dict[str, object]:
    return {"id": run.id, "at": run.at, "score": run.score, "findings": run.findings,
            "new": run.new, "changed": run.changed, "resolved": run.resolved,
            "scores": run.scores}


def _csv(runs: list[Run], out: IO[str]) -> None:
    names = channels(runs)
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["run", "at", "score", "findings", "new", "changed", "resolved",
                     *(f"score:{name}" for name in names)])
    for run in runs:
        writer.writerow([run.id, run.at, _cell(run.score), run.findings, run.new, run.changed,
                         run.resolved, *(_cell(run.scores.get(name)) for name in names)])


def _cell(score: int | None) -> str:
    return "" if score is None else str(score)


def _table(runs: list[Run], path: Path, out: IO[str]) -> None:
    console = Console(file=out, highlight=False, emoji=False,
                      width=None if out.isatty() else 120)
    if not runs:
        console.print(Text(f"no runs recorded in {path} yet"))
        return
    table = Table(title=Text(f"cohesion history · {path}"), title_justify="left")
    for name in ("Run", "Date", "Score", "Findings", "New", "Changed", "Resolved"):
        table.add_column(name, justify="left" if name == "Date" else "right", no_wrap=True)
    for run in runs:
        table.add_row(f"#{run.id}", run.at.replace("T", " "), _cell(run.score) or "n/a",
                      str(run.findings), str(run.new), str(run.changed), str(run.resolved))
    console.print(table)
    oldest_first = list(reversed(runs[:TREND_RUNS]))
    trend = Table(title="Score trend per channel (oldest → newest)", title_justify="left")
    for name in ("Channel", "Trend", "First", "Last"):
        trend.add_column(name, no_wrap=True)
    for name in [OVERALL, *channels(runs)]:
        scores = [r.score if name == OVERALL else r.scores.get(name) for r in oldest_first]
        trend.add_row(name, sparkline(scores), _cell(scores[0]) or "n/a",
                      _cell(scores[-1]) or "n/a")
    console.print(trend)
