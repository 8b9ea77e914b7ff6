"""Read a report back from the JSON that ``cohesion check --format json`` wrote."""

from __future__ import annotations

from typing import Any

from cohesion_cli.checks import rule_infos
from cohesion_cli.domain import Attachment, Evidence, Outcome, Position, Result, Severity, Visit
from cohesion_cli.extract.messages import message_from_dict
from cohesion_cli.triage.report import ChannelSummary, Report
from cohesion_cli.triage.tracking import Changes, Seen, Tracking
from cohesion_cli.visitscores import ItemScore, VisitScore


class ReportFormatError(ValueError):
    """The JSON is not a cohesion result."""


def report_from_dict(data: Any) -> Report:
    try:
        fail_on = data["summary"]["fail_on"]
        fields: dict[str, Any] = dict(
            brand=data["brand"], rulebook=data["rulebook"], generated_at=data["generated_at"],
            channels=[ChannelSummary(c["id"], c["kind"], c["name"], c["owner"], c["documents"],
                                     c["unreadable"], float(c.get("weight", 1.0)))
                      for c in data["channels"]],
            results=[_result(r) for r in data["results"]],
            fail_on=None if fail_on == "never" else Severity.parse(fail_on),
            subjects=dict(data.get("products") or {}),
            archived=dict(data.get("archived") or {}),
            archive=data.get("archive"),
            suppression_notes=list(data["summary"].get("suppression_notes", [])),
            expired_suppressions=int(data["summary"].get("expired_suppressions", 0)),
            locale=str(data.get("locale") or ""),
        )
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise ReportFormatError(f"not a cohesion JSON result ({type(exc).__name__}: {exc}); "
                                "write one with 'cohesion check --format json'") from None
    try:
        fields["suppressed"] = [(_result(s["finding"]), str(s["reason"]))
                                for s in data.get("suppressed") or []]
        fields["baselined_findings"] = [_result(r) for r in data.get("baselined") or []]
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise ReportFormatError(f"suppressed findings unreadable ({exc})") from None
    try:
        fields.update(_tracking(data))
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise ReportFormatError(f"first-seen dates or statuses unreadable ({exc})") from None
    try:
        fields["visits"] = [_visit(v) for v in data.get("visits") or []]
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise ReportFormatError(f"mystery-shopper visits unreadable ({exc})") from None
    return Report(rules=rule_infos(), **fields)


def _visit(item: dict[str, Any]) -> VisitScore:
    """A contact as ``output.json.visit_dict`` wrote it."""
    visit = Visit(item["type"], item["where"], item["who"], item["when"] or "",
                  item["wait_minutes"], item["duration_minutes"],
                  tuple((i["id"], i["answer"]) for i in item["items"] if i["answer"]),
                  tuple(Attachment(a["path"], a["problem"] or "") for a in item["attachments"]))
    ev = item["evidence"]
    items = tuple(ItemScore(i["id"], i.get("text", ""), float(i["weight"]), i["answer"] or "",
                            i["met"], i["problem"] or "") for i in item["items"])
    return VisitScore(item["channel"], item["subject"], visit,
                      Evidence(ev["excerpt"], ev["locator"], ev["source"], ev["snapshot"]),
                      items, tuple(item["unknown_items"]), item["threshold"], item["wait_limit"])


def _tracking(data: Any) -> dict[str, Any]:
    """The findings' tracking and the changes since the last run (older results: none)."""
    entries = [*data["results"], *(data.get("baselined") or []),
               *(s["finding"] for s in data.get("suppressed") or [])]
    tracking = {e["fingerprint"]: Tracking(str(e["first_seen"]), str(e["due"]), str(e["status"]))
                for e in entries if e.get("status")}
    counts = data["summary"].get("changes")
    changes = None if not counts else Changes(
        data["summary"].get("since"), int(counts["new"]), int(counts["open"]),
        int(counts["changed"]),
        [Seen(_result(e), str(e["first_seen"]), str(e.get("due") or ""))
         for e in data.get("resolved") or []])
    return {"tracking": tracking, "changes": changes}


def _result(item: dict[str, Any]) -> Result:
    ev = item.get("evidence")
    return Result(
        rule=item["rule"], channel=item["channel"], subject=item["subject"],
        outcome=Outcome(item["outcome"]), position=Position(**item["rule_location"])
        if item.get("rule_location") else None, expected=item.get("expected", ""),
        observed=item.get("observed", ""),
        evidence=Evidence(ev["excerpt"], ev["locator"], ev["source"], ev.get("snapshot", ""))
        if ev else None,
        reason=item.get("reason", ""), severity=Severity.parse(item["severity"]),
        confidence=item.get("confidence"),
        expected_msg=message_from_dict(item.get("expected_value")),
        observed_msg=message_from_dict(item.get("observed_value")),
        reason_msg=message_from_dict(item.get("reason_value")),
        figures=tuple((str(k), v) for k, v in (item.get("figures") or {}).items()),
        caused_by=item.get("caused_by") or "",
    )
