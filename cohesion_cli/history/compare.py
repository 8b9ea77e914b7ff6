"""Two recorded runs compared (``cohesion diff``): the later run as a report, each finding
with the status it has against the earlier run and the first-seen and due dates recorded
with it, and the earlier run's findings that the later one found ok as ``resolved``."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from cohesion_cli.history.metrics import trend
from cohesion_cli.history.runs import findings, load
from cohesion_cli.history.store import HistoryError
from cohesion_cli.triage.report import Report
from cohesion_cli.triage.tracking import Tracking, track


def pick(connection: sqlite3.Connection, old: int | None, new: int | None) -> tuple[int, int]:
    """The runs to compare: ``new`` defaults to the latest, ``old`` to the run before
    ``new``."""
    ids = [int(row[0]) for row in connection.execute("SELECT id FROM runs ORDER BY id")]
    for given in (old, new):
        if given is not None and given not in ids:
            raise HistoryError(f"no run {given} in the history: 'cohesion history' lists them")
    later = new if new is not None else (ids[-1] if ids else None)
    earlier = old if old is not None else max((i for i in ids if later is not None
                                               and i < later), default=None)
    if later is None or earlier is None:
        raise HistoryError(f"the history holds {len(ids)} run(s): 'cohesion diff' compares "
                           "two (run 'cohesion check' again, or give --from and --to)")
    if earlier >= later:
        raise HistoryError(f"--from {earlier} is not an earlier run than --to {later}: "
                           "'cohesion history' lists the runs")
    return earlier, later


def between(connection: sqlite3.Connection, old: int, new: int) -> Report:
    """Run ``new`` as a report, compared with run ``old``."""
    report = load(connection, new)
    since = connection.execute("SELECT at FROM runs WHERE id = ?", (old,)).fetchone()[0]
    compared = track(report, findings(connection, old), since, {})
    recorded = findings(connection, new)
    today = report.generated_at[:10]
    tracking = {}
    for fingerprint, tracked in compared.tracking.items():
        seen = recorded.get(fingerprint)
        first, due = (seen.first_seen, seen.due) if seen is not None and seen.due else (
            tracked.first_seen, tracked.due)
        status = tracked.status
        if status in ("open", "overdue"):
            status = "overdue" if today > due else "open"
        tracking[fingerprint] = Tracking(first, due, status)
    return replace(compared, tracking=tracking, trend=trend(connection, new))
