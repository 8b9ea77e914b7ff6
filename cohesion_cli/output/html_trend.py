"""The html report's metrics over time: a line chart of each channel's score over the
recorded runs (inline SVG), and per channel the resolution rate, the findings that came
back after being resolved and the findings found; the median days to resolve."""

from __future__ import annotations

from dataclasses import dataclass, replace

from cohesion_cli.output.texts import Texts
from cohesion_cli.triage.report import Report

SIZE = {"width": 760, "height": 260, "left": 44, "right": 150, "top": 12, "bottom": 34}
COLOURS = 8
"""Line styles ``ln-0`` … ``ln-7`` in the stylesheet, taken in turn."""
LABELS = 8
"""At most this many run dates under the chart."""


@dataclass(frozen=True)
class Line:
    name: str
    short: str
    """The label at the line's end: the channel id."""
    css: str
    points: str
    """SVG polyline points, "x,y x,y"; runs without a score are left out."""
    dots: list[tuple[float, float]]
    last: str
    label_y: float


@dataclass(frozen=True)
class TrendRow:
    name: str
    first: str
    last: str
    found: int
    resolved: int
    rate: str
    recurred: int


@dataclass(frozen=True)
class TrendView:
    size: dict[str, int]
    lines: list[Line]
    dates: list[tuple[float, str]]
    ticks: list[tuple[float, str]]
    rows: list[TrendRow]
    median: str
    recurred: int
    runs: int


def view(report: Report, t: Texts) -> TrendView | None:
    """The metrics section, or None when fewer than two runs are recorded."""
    trend = report.trend
    if trend is None or len(trend.runs) < 2:
        return None
    s = SIZE
    plot_w = s["width"] - s["left"] - s["right"]
    plot_h = s["height"] - s["top"] - s["bottom"]
    step = plot_w / (len(trend.runs) - 1)

    def y(score: int) -> float:
        return round(s["top"] + plot_h * (100 - score) / 100, 1)

    names = {c.id: c.name or c.id for c in report.channels}
    series = [(t["trend_overall"], t["trend_overall"], "ln-all", trend.overall)]
    series += [(names.get(c.channel, c.channel), c.channel[:16], f"ln-{i % COLOURS}", c.scores)
               for i, c in enumerate(trend.channels)]
    lines = []
    for name, short, css, scores in series:
        dots = [(round(s["left"] + i * step, 1), y(v)) for i, v in enumerate(scores)
                if v is not None]
        points = " ".join(f"{x},{yy}" for x, yy in dots)
        last = next((v for v in reversed(scores) if v is not None), None)
        lines.append(Line(name, short, css, points, dots,
                          t["na"] if last is None else str(last),
                          dots[-1][1] if dots else y(0)))
    lines = _spread(lines, s["top"], s["height"] - s["bottom"])
    every = max(1, -(-len(trend.runs) // LABELS))
    dates = [(round(s["left"] + i * step, 1), t.day(at)) for i, at in enumerate(trend.runs)
             if i % every == 0 or i == len(trend.runs) - 1]
    rows = [TrendRow(names.get(c.channel, c.channel), _score(c.scores[0], t),
                     _score(c.scores[-1], t), c.found, c.resolved,
                     t["na"] if c.resolution_rate is None else f"{c.resolution_rate:.0%}",
                     c.recurred) for c in trend.channels]
    median = trend.median_days_to_resolve
    return TrendView(s, lines, dates, [(y(v), str(v)) for v in (0, 25, 50, 75, 100)], rows,
                     t["na"] if median is None else f"{median:g}",
                     sum(c.recurred for c in trend.channels), len(trend.runs))


def _spread(lines: list[Line], top: float, bottom: float, gap: float = 14) -> list[Line]:
    """Move the end labels apart so that none overlaps the next (same order, top down)."""
    order = sorted(range(len(lines)), key=lambda i: lines[i].label_y)
    placed: dict[int, float] = {}
    floor = top - gap
    for i in order:
        placed[i] = max(lines[i].label_y, floor + gap)
        floor = placed[i]
    overflow = max(0.0, floor - bottom)
    return [replace(line, label_y=round(placed[i] - overflow, 1))
            for i, line in enumerate(lines)]


def _score(score: int | None, t: Texts) -> str:
    return t["na"] if score is None else str(score)
