"""``json``: the machine-readable result. Keys are a contract (see DESIGN notes):
``channels``, ``findings``, ``summary``; new keys may be added, none renamed. ``results``
holds every result, ``ok`` ones included, so ``cohesion report`` can re-render the run in
any format without reading the channels again.

Over an engagement: every finding has ``first_seen`` and ``due`` (ISO dates) and
``status`` (``new``, ``open``, ``changed``, ``overdue``); ``summary.changes`` counts new,
open, changed and resolved findings since the last run (``summary.since``, its time), and
``resolved`` lists the last run's findings that this run found ok. Without a history
(``--no-history``) ``summary.changes`` and ``summary.since`` are null and every finding is
``new``.

Scoring (``triage.report``): each channel has its audience ``weight`` and its ``band``
(``good``, ``fair``, ``poor``, ``none``); ``summary.band`` is the overall one and
``summary.bands`` each channel's.

A ``check --shard K/N`` result has no findings and a ``shard`` key: the shard, the digests
of its rulebook and extractor, and every document it read (metadata and facts) for
``cohesion merge``."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Iterator
from typing import IO, Any

from cohesion_cli import __version__
from cohesion_cli.domain import Evidence, Outcome, Result
from cohesion_cli.extract.messages import message_dict
from cohesion_cli.extract.serialize import json_text
from cohesion_cli.output.base import RenderOptions, below_minimum, shown
from cohesion_cli.triage.report import Report
from cohesion_cli.visitscores import VisitScore, by_channel, by_store

NAME = "json"


def render(report: Report, out: IO[str], options: RenderOptions) -> None:
    """The object, indented, written as it is encoded, with ``results`` written one result a
    line, one at a time, and ``products`` one product a line: a catalog's run has tens of
    thousands of them, and neither a list of all their dicts nor the whole text is built.
    Random tokens stand for them while the rest is encoded (scraped text cannot hold
    them)."""
    token = secrets.token_hex(16)
    every, names = json.dumps(f"results-{token}"), json.dumps(f"products-{token}")
    chunks = json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(
        _object(report, options, json.loads(every), json.loads(names)))
    _write_until(out, chunks, every)
    _write_lines(out, (json_text(finding_dict(result, report)) for result in report.results),
                 "[", "]")
    _write_until(out, chunks, names)
    _write_lines(out, (f"{json_text(sku)}: {json_text(name)}"
                       for sku, name in report.subjects.items()), "{", "}")
    _write_until(out, chunks, None)
    out.write("\n")


def _write_lines(out: IO[str], lines: Iterable[str], start: str, end: str) -> None:
    """A list or an object whose items are written one a line, at the depth of a key of the
    top object."""
    out.write(start)
    first = True
    for line in lines:
        out.write(("\n    " if first else ",\n    ") + line)
        first = False
    out.write(end if first else f"\n  {end}")


def _write_until(out: IO[str], chunks: Iterator[str], stop: str | None) -> None:
    """Write ``chunks`` up to ``stop`` (left out), a few hundred at a time: the encoder
    yields them a few characters each."""
    pending: list[str] = []
    for chunk in chunks:
        if chunk == stop:
            break
        pending.append(chunk)
        if len(pending) >= 512:
            out.write("".join(pending))
            pending.clear()
    out.write("".join(pending))


def _object(report: Report, options: RenderOptions, every: str, names: str) -> dict[str, Any]:
    """The JSON object, with ``every`` standing for the list of every result and ``names``
    for the products' names."""
    listed = shown(report, options)
    return {
        "tool": {"name": "cohesion", "version": __version__},
        "brand": report.brand,
        "rulebook": report.rulebook,
        "generated_at": report.generated_at,
        "locale": report.locale,
        "channels": [
            {"id": c.id, "kind": c.kind, "name": c.name, "owner": c.owner, "read": c.read,
             "documents": c.documents, "unreadable": c.unreadable, "score": report.score(c.id),
             "weight": c.weight, "band": report.band(c.id)}
            for c in report.channels
        ],
        "findings": [finding_dict(f, report) for f in listed],
        "results": every,
        "products": names,
        "archive": report.archive,
        "archived": report.archived,
        "suppressed": [{"finding": finding_dict(r, report), "reason": why}
                       for r, why in report.suppressed],
        "baselined": [finding_dict(r, report) for r in report.baselined_findings],
        "resolved": [{**finding_dict(seen.result, report), "first_seen": seen.first_seen,
                      "due": seen.due or None, "status": "resolved"} for seen in
                     (report.changes.resolved if report.changes is not None else [])],
        "summary": {
            **report.counts(),
            "checked": len(report.results),
            "findings": len(report.findings),
            "hidden_below_min_severity": below_minimum(report, options),
            "baselined": report.baselined,
            "suppressed": len(report.suppressed),
            "suppression_notes": report.suppression_notes,
            "expired_suppressions": report.expired_suppressions,
            "changes": report.changes.counts() if report.changes is not None else None,
            "since": report.changes.since if report.changes is not None else None,
            "overdue": sum(t.status == "overdue" for t in report.tracking.values()),
            "score": report.score(),
            "scores": {c.id: report.score(c.id) for c in report.channels},
            "band": report.band(),
            "bands": {c.id: report.band(c.id) for c in report.channels},
            "fail_on": report.fail_on.label if report.fail_on is not None else "never",
            "exit_code": report.exit_code,
            "visit_scores": visit_scores(report),
        },
        "visits": [visit_dict(v) for v in report.visits],
        **({} if report.shard is None else {"shard": report.shard}),
    }


def finding_dict(result: Result, report: Report) -> dict[str, Any]:
    """One result; findings (not ok) carry ``first_seen``, ``status`` and ``due``."""
    position = result.position
    tracked = report.tracking.get(result.fingerprint)
    return {
        "fingerprint": result.fingerprint,
        "rule": result.rule,
        "outcome": result.outcome.value,
        "severity": result.severity.label,
        "channel": result.channel,
        "subject": result.subject,
        "fact": result.rule,
        "expected": result.expected,
        "observed": result.observed,
        "reason": result.reason,
        "expected_value": message_dict(result.expected_msg),
        "observed_value": message_dict(result.observed_msg),
        "reason_value": message_dict(result.reason_msg),
        "evidence": _evidence(result.evidence),
        "confidence": result.confidence,
        "rule_location": None if position is None else
        {"file": position.file, "line": position.line, "col": position.col},
        "figures": dict(result.figures),
        "caused_by": result.caused_by or None,
        **({} if result.outcome is Outcome.OK else {
            "first_seen": tracked.first_seen if tracked else None,
            "status": tracked.status if tracked else None,
            "due": tracked.due if tracked else None}),
    }


def _evidence(evidence: Evidence | None) -> dict[str, str] | None:
    if evidence is None:
        return None
    return {"excerpt": evidence.excerpt, "locator": evidence.locator, "source": evidence.source,
            "snapshot": evidence.snapshot}


def visit_dict(v: VisitScore) -> dict[str, Any]:
    """One mystery-shopper contact: what its record says and its questionnaire score
    (``score`` null when no questionnaire item applies or none was answered)."""
    visit = v.visit
    return {
        "channel": v.channel, "subject": v.subject, "type": visit.type, "where": visit.where,
        "who": visit.who, "when": visit.when or None, "wait_minutes": visit.wait_minutes,
        "wait_limit": v.wait_limit, "late": v.late,
        "duration_minutes": visit.duration_minutes, "score": v.score,
        "threshold": v.threshold if v.items else None,
        "items": [{"id": i.id, "text": i.text, "weight": i.weight, "answer": i.answer or None,
                   "met": i.met, "problem": i.problem or None} for i in v.items],
        "unknown_items": list(v.unknown),
        "attachments": [{"path": a.path, "problem": a.problem or None}
                        for a in visit.attachments],
        "evidence": _evidence(v.evidence),
    }


def visit_scores(report: Report) -> dict[str, Any]:
    """Average questionnaire scores per channel and per store (place) of each channel."""
    return {
        "by_channel": by_channel(report.visits),
        "by_store": [{"channel": channel, "where": where, "score": score}
                     for (channel, where), score in by_store(report.visits).items()],
    }
