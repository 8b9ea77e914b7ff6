"""Read a report back from the JSON that ``cohesion check --format json`` wrote."""

from __future__ import annotations

from typing import Any

from cohesion_cli.domain import Evidence, Outcome, Position, Result, Severity
from cohesion_cli.triage.report import ChannelSummary, Report


class ReportFormatError(ValueError):
    """The JSON is not a cohesion result."""


def report_from_dict(data: Any) -> Report:
    try:
        results = [_result(r) for r in data["results"]]
        fail_on = data["summary"]["fail_on"]
        report = Report(
            brand=data["brand"], rulebook=data["rulebook"], generated_at=data["generated_at"],
            channels=[ChannelSummary(c["id"], c["kind"], c["name"], c["owner"], c["documents"],
                                     c["unreadable"]) for c in data["channels"]],
            results=results,
            fail_on=None if fail_on == "never" else Severity.parse(fail_on),
            subjects=dict(data.get("products") or {}),
            positions={r["fingerprint"]: Position(**r["rule_location"])
                       for r in data["results"] if r.get("rule_location")},
            archived=dict(data.get("archived") or {}),
            archive=data.get("archive"),
            baselined=int(data["summary"].get("baselined", 0)),
            suppression_notes=list(data["summary"].get("suppression_notes", [])),
            expired_suppressions=int(data["summary"].get("expired_suppressions", 0)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ReportFormatError(f"not a cohesion JSON result ({type(exc).__name__}: {exc}); "
                                "write one with 'cohesion check --format json'") from None
    try:
        report.suppressed = [(_result(s["finding"]), str(s["reason"]))
                             for s in data.get("suppressed") or []]
        report.baselined_findings = [_result(r) for r in data.get("baselined") or []]
    except (KeyError, TypeError, ValueError) as exc:
        raise ReportFormatError(f"suppressed findings unreadable ({exc})") from None
    return report


def _result(item: dict[str, Any]) -> Result:
    ev = item.get("evidence")
    return Result(
        rule=item["rule"], channel=item["channel"], subject=item["subject"], fact=item["fact"],
        outcome=Outcome(item["outcome"]), expected=item.get("expected", ""),
        observed=item.get("observed", ""),
        evidence=Evidence(ev["excerpt"], ev["locator"], ev["source"], ev.get("snapshot", ""))
        if ev else None,
        reason=item.get("reason", ""), severity=Severity.parse(item["severity"]),
        confidence=item.get("confidence"),
    )
