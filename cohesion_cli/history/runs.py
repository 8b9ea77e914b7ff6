"""Runs in the history: record one (compared with the last, in the same transaction),
list them, and read one back as a report. Every result is kept, ok ones included (so that a
finding that is now ok counts as resolved); evidence only for findings."""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cohesion_cli import __version__
from cohesion_cli.checks import rule_infos
from cohesion_cli.domain import Evidence, Outcome, Position, Result, Severity
from cohesion_cli.extract.serialize import json_text
from cohesion_cli.history.store import HistoryError, transaction
from cohesion_cli.triage.report import ChannelSummary, Report
from cohesion_cli.triage.tracking import Seen, track

_RESULT_COLUMNS = ("fingerprint", "state", "note", "rule", "channel", "subject", "outcome",
                   "severity", "expected", "observed", "reason", "confidence", "evidence",
                   "position", "first_seen", "due", "status", "caused_by", "figures")


@dataclass(frozen=True)
class Run:
    """One recorded run, as ``cohesion history`` lists it."""

    id: int
    at: str
    score: int | None
    findings: int
    new: int
    changed: int
    resolved: int
    scores: dict[str, int | None]
    """Channel id -> score, in the rulebook's order."""


def record(connection: sqlite3.Connection, report: Report, digest: str,
           sla: Mapping[str, int], accepted: Mapping[str, str | None] | None = None,
           redact: Callable[[str], str] = str) -> Report:
    """Compare ``report`` with the last recorded run and record it, in one transaction;
    returns the report with its tracking and changes. ``redact`` masks secrets in the text
    stored."""
    with transaction(connection):
        last = connection.execute("SELECT id, at FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        previous = findings(connection, int(last[0])) if last is not None else None
        report = track(report, previous, last[1] if last is not None else None, sla, accepted)
        changes = report.changes
        assert changes is not None
        cursor = connection.execute(
            "INSERT INTO runs (at, brand, rulebook, digest, tool, fail_on, score, exit_code, "
            "findings, new, changed, resolved, products) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (report.generated_at, report.brand, report.rulebook, digest, __version__,
             report.fail_on.label if report.fail_on is not None else "never", report.score(),
             report.exit_code, len(report.tracking), changes.new, changes.changed,
             len(changes.resolved), _names(report.subjects)))
        run_id = cursor.lastrowid
        connection.executemany(
            "INSERT INTO channels (run_id, position, id, kind, name, owner, documents, "
            "unreadable, score, weight) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(run_id, i, c.id, c.kind, c.name, c.owner, c.documents, c.unreadable,
              report.score(c.id), c.weight) for i, c in enumerate(report.channels)])
        rows = itertools.chain(((r, "listed", "") for r in report.results),
                               ((r, "baselined", "") for r in report.baselined_findings),
                               ((r, "suppressed", why) for r, why in report.suppressed))
        connection.executemany(  # rows made one at a time: a catalog has tens of thousands
            f"INSERT INTO results (run_id, {', '.join(_RESULT_COLUMNS)}) "
            f"VALUES (?{', ?' * len(_RESULT_COLUMNS)})",
            ((run_id, *_row(report, r, state, note, redact)) for r, state, note in rows))
    return report


def findings(connection: sqlite3.Connection, run_id: int) -> dict[str, Seen]:
    """The findings (every result that is not ok) of one run, by fingerprint."""
    out: dict[str, Seen] = {}
    for row in _results(connection, run_id, "AND outcome != 'ok'"):
        out.setdefault(row["fingerprint"], Seen(_result(row), row["first_seen"] or "",
                                                row["due"] or ""))
    return out


def runs(connection: sqlite3.Connection) -> list[Run]:
    """Every run, newest first."""
    scores: dict[int, dict[str, int | None]] = {}
    for run_id, channel, score in connection.execute(
            "SELECT run_id, id, score FROM channels ORDER BY run_id, position"):
        scores.setdefault(int(run_id), {})[channel] = score
    return [Run(int(i), at, score, n, new, changed, resolved, scores.get(int(i), {}))
            for i, at, score, n, new, changed, resolved in connection.execute(
                "SELECT id, at, score, findings, new, changed, resolved FROM runs "
                "ORDER BY id DESC")]


def load(connection: sqlite3.Connection, run_id: int) -> Report:
    """A recorded run as a report (its results, scores and exit code as they were)."""
    head = connection.execute(
        "SELECT at, brand, rulebook, fail_on, products FROM runs WHERE id = ?",
        (run_id,)).fetchone()
    if head is None:
        raise HistoryError(f"no run {run_id} in the history: 'cohesion history' lists the runs")
    at, brand, rulebook, fail_on, products = head
    channels = [ChannelSummary(*row) for row in connection.execute(
        "SELECT id, kind, name, owner, documents, unreadable, weight FROM channels "
        "WHERE run_id = ? "
        "ORDER BY position", (run_id,))]
    results: list[Result] = []
    baselined: list[Result] = []
    suppressed: list[tuple[Result, str]] = []
    for row in _results(connection, run_id):
        result = _result(row)
        if row["state"] == "baselined":
            baselined.append(result)
        elif row["state"] == "suppressed":
            suppressed.append((result, row["note"]))
        else:
            results.append(result)
    return Report(brand=brand, rulebook=rulebook, generated_at=at, channels=channels,
                  results=results, fail_on=None if fail_on == "never"
                  else Severity.parse(fail_on), rules=rule_infos(),
                  subjects=dict(json.loads(products)), baselined_findings=baselined,
                  suppressed=suppressed)


def _results(connection: sqlite3.Connection, run_id: int, only: str = ""
             ) -> list[dict[str, Any]]:
    cursor = connection.execute(
        f"SELECT {', '.join(_RESULT_COLUMNS)} FROM results WHERE run_id = ? {only} "
        "ORDER BY rowid", (run_id,))
    return [dict(zip(_RESULT_COLUMNS, row, strict=True)) for row in cursor]


def _names(subjects: Mapping[str, str]) -> str:
    """``subjects`` as a JSON object, made from its items (no dict of every product)."""
    return "{" + ", ".join(f"{json_text(sku)}: {json_text(name)}"
                           for sku, name in subjects.items()) + "}"


def _row(report: Report, r: Result, state: str, note: str, redact: Callable[[str], str]
         ) -> tuple[Any, ...]:
    tracked = report.tracking.get(r.fingerprint) if r.outcome is not Outcome.OK else None
    ev = r.evidence if r.outcome is not Outcome.OK else None  # ok: no evidence kept
    pos = r.position
    evidence = None if ev is None else json_text(
        [redact(ev.excerpt), ev.locator, redact(ev.source), ev.snapshot])
    position = None if pos is None else json_text([pos.file, pos.line, pos.col])
    return (r.fingerprint, state, redact(note), r.rule, r.channel, r.subject, r.outcome.value,
            r.severity.label, redact(r.expected), redact(r.observed), redact(r.reason),
            r.confidence, evidence,
            position, tracked.first_seen if tracked else None, tracked.due if tracked else None,
            tracked.status if tracked else None, r.caused_by,
            json.dumps(dict(r.figures)) if r.figures else None)


def _result(row: dict[str, Any]) -> Result:
    evidence = Evidence(*json.loads(row["evidence"])) if row["evidence"] else None
    position = Position(*json.loads(row["position"])) if row["position"] else None
    return Result(rule=row["rule"], channel=row["channel"], subject=row["subject"],
                  outcome=Outcome(row["outcome"]), severity=Severity.parse(row["severity"]),
                  position=position, expected=row["expected"], observed=row["observed"],
                  evidence=evidence, reason=row["reason"], confidence=row["confidence"],
                  caused_by=row["caused_by"], figures=tuple(
                      json.loads(row["figures"]).items()) if row["figures"] else ())
