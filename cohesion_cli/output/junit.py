"""``junit``: JUnit XML for CI servers (GitLab test reports, Jenkins' JUnit plugin).

One ``<testsuite>`` per channel (its kind, name, owner and cohesion score as properties)
and one ``<testcase>`` per checked fact, so that a channel's pass rate shows in the CI
test view. ``ok`` results pass; ``divergent`` and ``missing`` results are ``<failure>``
(type = the outcome), ``unverifiable`` ones are ``<error>``, and suppressed findings are
``<skipped>`` with the suppression's reason. Every failure carries what was expected and
observed, the reason, the severity and the evidence (excerpt, locator, source).

JUnit lists every result: ``--min-severity`` does not drop test cases, a failure below it
stays a failure (its text says it is below the threshold). Test case names are
``<rule> · <subject> · <channel>`` and are unique in the file; ``classname`` is
``cohesion.<channel>``. The one-line ``message`` of a failure speaks the report's language
(the rulebook's locale or ``--lang``); the element's text keeps neutral ``key: value`` lines.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from typing import IO

from cohesion_cli.domain import Evidence, Outcome, Result
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.output.printable import printable
from cohesion_cli.output.texts import Texts, report_language
from cohesion_cli.triage.report import ChannelSummary, Report

NAME = "junit"
MESSAGE_LIMIT = 240
"""Longest ``message`` attribute; the full story is in the element's text."""

# Characters XML 1.0 cannot carry at all, even escaped.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render(report: Report, out: IO[str], options: RenderOptions) -> None:
    root = build(report, options)
    ET.indent(root, space="  ")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


def build(report: Report, options: RenderOptions) -> ET.Element:
    """The ``<testsuites>`` element for ``report``."""
    by_channel: dict[str, list[tuple[Result, str | None]]] = {}
    for summary in report.channels:
        by_channel.setdefault(summary.id, [])
    for r in report.results:
        by_channel.setdefault(r.channel, []).append((r, None))
    for r, why in report.suppressed:
        by_channel.setdefault(r.channel, []).append((r, why))
    summaries = {c.id: c for c in report.channels}

    root = ET.Element("testsuites")
    root.set("name", _clean(f"cohesion · {report.brand}"))
    totals: Counter[str] = Counter()
    names = _Names()
    suites = []
    for channel, entries in by_channel.items():
        suite, counts = _suite(report, options, channel, summaries.get(channel), entries, names)
        totals.update(counts)
        suites.append(suite)
    _set_counts(root, totals)
    root.set("timestamp", _clean(report.generated_at))
    root.extend(suites)
    return root


def _suite(
    report: Report, options: RenderOptions, channel: str, summary: ChannelSummary | None,
    entries: list[tuple[Result, str | None]], names: _Names,
) -> tuple[ET.Element, Counter[str]]:
    suite = ET.Element("testsuite")
    suite.set("name", _clean(channel))
    counts: Counter[str] = Counter(tests=len(entries))
    cases = []
    for result, suppression in entries:
        case = _case(report, options, result, suppression, names.unique(_case_name(result)))
        counts[_kind(result, suppression)] += 1
        cases.append(case)
    _set_counts(suite, counts)
    suite.set("timestamp", _clean(report.generated_at))
    properties = ET.SubElement(suite, "properties")
    score = report.score(channel)
    for key, value in (
        ("kind", summary.kind if summary else ""),
        ("name", summary.name if summary else ""),
        ("owner", summary.owner if summary else ""),
        ("score", "n/a" if score is None else str(score)),
        ("documents", str(summary.documents) if summary else "0"),
        ("unreadable", str(summary.unreadable) if summary else "0"),
    ):
        ET.SubElement(properties, "property", {"name": key, "value": _clean(value)})
    suite.extend(cases)
    return suite, counts


def _set_counts(element: ET.Element, counts: Counter[str]) -> None:
    for key in ("tests", "failures", "errors", "skipped"):
        element.set(key, str(counts.get(key, 0)))


def _kind(result: Result, suppression: str | None) -> str:
    """Which JUnit counter a test case adds to (``tests`` only for a pass)."""
    if suppression is not None:
        return "skipped"
    if result.outcome is Outcome.UNVERIFIABLE:
        return "errors"
    if result.outcome is Outcome.OK:
        return "passed"
    return "failures"


def _case_name(result: Result) -> str:
    return " · ".join((result.rule, result.subject, result.channel))


class _Names:
    """Hands out test case names, numbering repeats (``… #2``) so none is used twice."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def unique(self, name: str) -> str:
        candidate, n = name, 1
        while candidate in self._used:
            n += 1
            candidate = f"{name} #{n}"
        self._used.add(candidate)
        return candidate


def _case(
    report: Report, options: RenderOptions, result: Result, suppression: str | None, name: str,
) -> ET.Element:
    case = ET.Element("testcase", {"classname": _clean(f"cohesion.{result.channel}"),
                                   "name": _clean(name)})
    kind = _kind(result, suppression)
    if kind == "passed":
        return case
    lang = report_language(report, options)
    texts = Texts(lang, report.rules, "ci"), Texts(lang, report.rules, "markdown")
    if kind == "skipped":
        tag, attrs = "skipped", {"message": f"suppressed: {suppression}"}
    elif kind == "errors":
        tag, attrs = "error", {"type": result.outcome.value, "message": _message(result, *texts)}
    else:
        tag, attrs = "failure", {"type": result.outcome.value,
                                 "message": _message(result, *texts)}
    child = ET.SubElement(case, tag, {k: _clean(_shorten(v)) for k, v in attrs.items()})
    child.text = _clean(_details(report, options, result))
    return case


def _message(result: Result, t: Texts, words: Texts) -> str:
    """The failure's one line, in the report's language (values written by Babel)."""
    severity = words.severity(result.severity)
    if result.outcome is Outcome.UNVERIFIABLE:
        return t["unverifiable"].format(severity=severity, rule=result.rule,
                                        reason=t.reason(result) or t["no_reason"])
    if result.outcome is Outcome.MISSING:
        return t["missing"].format(severity=severity, rule=result.rule,
                                   expected=t.expected(result) or "?")
    return t["divergent"].format(severity=severity, rule=result.rule,
                                 observed=t.observed(result) or "?",
                                 expected=t.expected(result) or "?")


def _details(report: Report, options: RenderOptions, result: Result) -> str:
    subject = result.subject
    if report.subjects.get(subject):
        subject += f" ({report.subjects[subject]})"
    fields = (
        ("rule", result.rule), ("channel", result.channel), ("subject", subject),
        ("fact", result.rule), ("outcome", result.outcome.value),
        ("severity", result.severity.label), ("expected", result.expected),
        ("observed", result.observed), ("reason", result.reason),
    )
    lines = [f"{key}: {value}" for key, value in fields if value]
    if result.evidence is None:
        lines.append("evidence: none")
    else:
        lines.extend(_evidence_lines(report, result.evidence))
    position = result.position
    if position is not None:
        lines.append(f"rule defined at: {position.file}:{position.line}:{position.col}")
    lines.append(f"fingerprint: {result.fingerprint}")
    if result.outcome is not Outcome.OK and result.severity < options.min_severity:
        lines.append(f"note: below --min-severity {options.min_severity.label}, "
                     "hidden from the other formats' listings")
    return "\n".join(lines) + "\n"


def _evidence_lines(report: Report, evidence: Evidence) -> list[str]:
    fields = (("excerpt", evidence.excerpt), ("locator", evidence.locator),
              ("source", evidence.source))
    lines = ["evidence:", *(f"  {key}: {value}" for key, value in fields if value)]
    if evidence.snapshot:
        lines.append(f"  snapshot: {evidence.snapshot}")
        archived = report.archived.get(evidence.snapshot)
        if archived is not None and report.archive:
            lines.append(f"  archived: {report.archive.rstrip('/')}/{archived}")
    return lines


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


def _clean(text: str) -> str:
    """Control characters shown as escapes (``output.printable``), then the characters XML
    1.0 cannot represent dropped (ElementTree escapes the rest)."""
    return _INVALID_XML.sub("", printable(text))
