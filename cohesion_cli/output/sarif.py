"""``sarif``: SARIF 2.1.0 for GitHub code scanning (``github/codeql-action/upload-sarif``)
and other SARIF viewers.

Each finding (every result that is not ``ok``, at or above ``--min-severity``) is a SARIF
result whose location is the rulebook line that defines the broken rule, so an alert
opens on ``cohesion.yaml`` where the promise is written; the evidence (the archived
document when the run used ``--archive``, else the page's URL or path) is a related
location. Levels: critical/high → ``error``, medium → ``warning``, low/info → ``note``.
``partialFingerprints["cohesionFingerprint/v1"]`` is the finding's fingerprint, so an
alert survives edits that move lines. Suppressed findings are included with an
``external`` suppression and its justification, which closes the alert. When the run is
tracked, ``baselineState`` says what changed since the last run (``new``, ``updated`` for a
changed finding, ``unchanged``) and the properties carry ``status``, ``firstSeen`` and
``due``.

The run always reports ``executionSuccessful: true`` once a report exists (GitHub
discards a run marked unsuccessful); documents that could not be read appear as
``unverifiable`` results and as tool execution notifications.
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from datetime import datetime, timezone
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import IO, Any
from urllib.parse import quote

from cohesion_cli import __version__
from cohesion_cli.domain import Evidence, Outcome, Position, Result, Severity
from cohesion_cli.output.base import RenderOptions, below_minimum, rule_ids, shown
from cohesion_cli.triage.report import Report

NAME = "sarif"
SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
          "sarif-schema-2.1.0.json")
INFORMATION_URI = "https://pypi.org/project/cohesion-cli/"
FINGERPRINT_KEY = "cohesionFingerprint/v1"
LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}


def render(report: Report, out: IO[str], options: RenderOptions) -> None:
    json.dump(as_dict(report, options), out, ensure_ascii=False, indent=2)
    out.write("\n")


def as_dict(report: Report, options: RenderOptions) -> dict[str, Any]:
    listed = shown(report, options)
    suppressed = [(r, why) for r, why in report.suppressed
                  if r.outcome is not Outcome.OK and r.severity >= options.min_severity]
    occurring = rule_ids(report, [*listed, *(r for r, _ in suppressed)])
    index = {rule_id: i for i, rule_id in enumerate(occurring)}
    results = [_result(report, r, index) for r in listed]
    for r, why in suppressed:
        entry = _result(report, r, index)
        entry["suppressions"] = [{"kind": "external", "status": "accepted",
                                  "justification": why}]
        results.append(entry)
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "cohesion",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [_rule(report, rule_id) for rule_id in occurring],
        }},
        "automationDetails": {"id": f"cohesion/{_slug(report.brand)}/"},
        "invocations": [_invocation(report)],
        "results": results,
        "properties": {
            "brand": report.brand,
            "rulebook": _uri(report.rulebook),
            "generatedAt": report.generated_at,
            "score": report.score(),
            "scores": {c.id: report.score(c.id) for c in report.channels},
            "checked": len(report.results),
            "findings": len(report.findings),
            "hiddenBelowMinSeverity": below_minimum(report, options),
            "baselined": report.baselined,
            "exitCode": report.exit_code,
        },
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule(report: Report, rule_id: str) -> dict[str, Any]:
    info = report.rules.get(rule_id)
    doc = " ".join(info.doc.split()) if info is not None else ""
    doc = doc.removeprefix(f"{rule_id}:").strip() or f"The {rule_id} check."
    doc = doc[0].upper() + doc[1:]
    short = _first_sentence(doc)
    severity = info.severity if info is not None else "medium"
    tag = info.tag if info is not None else "other"
    text = doc.replace("``", "")
    markdown = doc.replace("``", "`")
    advice = ("Default severity: {sev}. Change it with `severity.defaults` or "
              "`severity.overrides` in the rulebook; fix the channel, or the rulebook when "
              "the channel is right.")
    return {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in rule_id.split("_")),
        "shortDescription": {"text": short.replace("``", "")},
        "fullDescription": {"text": text},
        "help": {
            "text": f"{text}\n\n{advice.format(sev=severity).replace('`', '')}",
            "markdown": f"**{rule_id}**: {markdown}\n\n{advice.format(sev=f'`{severity}`')}",
        },
        "defaultConfiguration": {"level": LEVELS[Severity.parse(severity)]},
        "properties": {"tags": ["cohesion", "consistency", tag],
                       "defaultSeverity": severity},
    }


def _first_sentence(text: str) -> str:
    match = re.search(r"(?<=[.!?])\s+(?=[A-Z(“\"])", text)
    return text if match is None else text[: match.start()]


BASELINE_STATES = {"new": "new", "changed": "updated", "open": "unchanged",
                   "overdue": "unchanged"}
"""SARIF ``baselineState`` of each status since the last run."""


def _result(report: Report, result: Result, index: dict[str, int]) -> dict[str, Any]:
    first = result.evidence
    entry: dict[str, Any] = {
        "ruleId": result.rule,
        "ruleIndex": index[result.rule],
        "level": LEVELS[result.severity],
        "message": {"text": _message(report, result)},
        "locations": [_rule_location(report, result.position)],
        "partialFingerprints": {FINGERPRINT_KEY: result.fingerprint},
    }
    if first is not None:
        entry["relatedLocations"] = [_evidence_location(report, first)]
    entry["properties"] = {
        "severity": result.severity.label,
        "outcome": result.outcome.value,
        "channel": result.channel,
        "subject": result.subject,
        "subjectName": report.subjects.get(result.subject, ""),
        "fact": result.rule,
        "expected": result.expected,
        "observed": result.observed,
        "reason": result.reason,
        "evidenceExcerpt": first.excerpt if first else "",
        "evidenceLocator": first.locator if first else "",
        "evidenceSource": first.source if first else "",
    }
    tracked = report.tracking.get(result.fingerprint)
    if tracked is not None:
        entry["baselineState"] = BASELINE_STATES[tracked.status]
        entry["properties"].update(status=tracked.status, firstSeen=tracked.first_seen,
                                   due=tracked.due)
    return entry


def _message(report: Report, result: Result) -> str:
    subject = result.subject
    if report.subjects.get(subject):
        subject += f" ({report.subjects[subject]})"
    where = f"[{result.channel}] {subject}"
    if result.outcome is Outcome.UNVERIFIABLE:
        text = f"{where}: {result.rule} could not be verified"
        return text + (f": {_sentence(result.reason)}" if result.reason else ".")
    if result.outcome is Outcome.MISSING:
        text = f"{where}: {result.rule} not stated; expected {result.expected or '?'}."
    else:
        text = (f"{where}: {result.rule} is {result.observed or '?'}, "
                f"expected {result.expected or '?'}.")
    if result.reason:
        reason = _sentence(result.reason)
        text += f" {reason[0].upper()}{reason[1:]}"
    return text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _rule_location(report: Report, position: Position | None) -> dict[str, Any]:
    file = position.file if position is not None else report.rulebook
    line = max(position.line, 1) if position is not None else 1
    column = max(position.col, 1) if position is not None else 1
    return {"physicalLocation": {
        "artifactLocation": {"uri": _uri(file)},
        "region": {"startLine": line, "startColumn": column},
    }}


def _evidence_location(report: Report, evidence: Evidence) -> dict[str, Any]:
    described = f"evidence: {evidence.excerpt}" if evidence.excerpt else "evidence"
    where = ", ".join(p for p in (evidence.locator, evidence.source) if p)
    if where:
        described += f" ({where})"
    location: dict[str, Any] = {"id": 0, "message": {"text": described}}
    archived = report.archived.get(evidence.snapshot) if evidence.snapshot else None
    if archived is not None and report.archive:
        uri = _uri(report.archive).rstrip("/") + "/" + _uri(archived).lstrip("/")
        location["physicalLocation"] = {"artifactLocation": {"uri": uri}}
    return location


def _uri(path: str) -> str:
    """A path as a URI reference with forward slashes: relative paths stay relative (GitHub
    resolves them from the repository root), absolute ones under the working folder are
    made relative to it, other absolute ones become ``file://`` URIs; URLs pass through."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]+://", path):
        return path
    windows = "\\" in path or re.match(r"^[a-zA-Z]:", path) is not None
    native: PurePath = PureWindowsPath(path) if windows else PurePosixPath(path)
    if not native.is_absolute():
        return quote(native.as_posix(), safe="/")
    local = Path(path)
    if local.is_absolute():
        with contextlib.suppress(ValueError):
            return quote(local.relative_to(Path.cwd()).as_posix(), safe="/")
    return native.as_uri()


def _invocation(report: Report) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": True, "exitCode": report.exit_code}
    ended = _utc(report.generated_at)
    if ended is not None:
        invocation["endTimeUtc"] = ended
    notes = []
    for channel in report.channels:
        if channel.unreadable:
            notes.append({
                "level": "warning",
                "message": {"text": f"channel {channel.id}: {channel.unreadable} of "
                                    f"{channel.documents} document(s) could not be read"},
            })
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation


def _utc(timestamp: str) -> str | None:
    if timestamp.endswith(("Z", "z")):
        timestamp = timestamp[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "brand"
