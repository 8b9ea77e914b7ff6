"""Metrics over the recorded runs (``triage.trend``), read from the history in one pass over
the results of the fingerprints that were ever findings (not every ok result)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
from dataclasses import dataclass, field

from cohesion_cli.triage.trend import ChannelTrend, Trend

RUNS = 60
"""How many runs, the newest, the metrics look at."""


@dataclass
class _Life:
    """One finding (fingerprint) across the runs."""

    channel: str
    found: bool = False
    state: str = ""
    """``open`` or ``resolved``: where it stands after the runs read so far."""
    since: str = ""
    """First seen date of the current streak."""
    recurred: bool = False
    durations: list[int] = field(default_factory=list)


def trend(connection: sqlite3.Connection, upto: int | None = None) -> Trend:
    """The metrics of the last ``RUNS`` runs up to run ``upto`` (default: the latest)."""
    limit = upto if upto is not None else 2 ** 62
    heads = list(reversed(connection.execute(
        "SELECT id, at, score FROM runs WHERE id <= ? ORDER BY id DESC LIMIT ?",
        (limit, RUNS)).fetchall()))
    ids = [int(h[0]) for h in heads]
    span = (ids[0] if ids else 0, ids[-1] if ids else -1)
    scores: dict[str, dict[int, int | None]] = {}
    for run_id, channel, score in connection.execute(
            "SELECT run_id, id, score FROM channels WHERE run_id BETWEEN ? AND ? "
            "ORDER BY run_id, position", span):
        scores.setdefault(channel, {})[int(run_id)] = score
    lives: dict[str, _Life] = {}
    day = {int(h[0]): str(h[1])[:10] for h in heads}
    for run_id, fingerprint, channel, outcome in connection.execute(
            "SELECT run_id, fingerprint, channel, outcome FROM results "
            "WHERE run_id BETWEEN ? AND ? AND fingerprint IN (SELECT fingerprint FROM results "
            "WHERE run_id BETWEEN ? AND ? AND outcome != 'ok') ORDER BY run_id, rowid",
            (*span, *span)):
        life = lives.setdefault(fingerprint, _Life(channel))
        _step(life, outcome != "ok", day[int(run_id)])
    channels = []
    for channel, by_run in scores.items():
        mine = [life for life in lives.values() if life.channel == channel and life.found]
        channels.append(ChannelTrend(channel, [by_run.get(i) for i in ids], len(mine),
                                     sum(life.state == "resolved" for life in mine),
                                     sum(life.recurred for life in mine)))
    durations = [d for life in lives.values() for d in life.durations]
    return Trend([str(h[1]) for h in heads], [h[2] for h in heads], channels,
                 statistics.median(durations) if durations else None)


def _step(life: _Life, finding: bool, day: str) -> None:
    if finding:
        if life.state == "resolved":
            life.recurred = True
        if life.state != "open":
            life.since = day
        life.found, life.state = True, "open"
    elif life.state == "open":
        life.state = "resolved"
        life.durations.append(_days(life.since, day))


def _days(start: str, end: str) -> int:
    try:
        return (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days
    except ValueError:
        return 0
