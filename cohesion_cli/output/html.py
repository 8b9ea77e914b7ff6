"""``html``: one self-contained page a consultant can hand to the client.

First screen, the executive summary (``html_summary``): client, scope (channels, products,
documents, audit period), the method in one paragraph, the overall score with its band (never
better than the worst open finding allows) and the five actions that matter most. Then the
score of each channel as bars, with two or more recorded runs the metrics over time
(``html_trend``), a channel × rule matrix, an action plan grouped by each channel's owner
with due dates and statuses, overdue first (``html_plan``), one section per channel with its
findings and their evidence, and an appendix with what CI needs (exit code, rulebook, failure
level, suppressions) and how to read the report. Texts and values in the rulebook's language or
``--lang`` (English, Brazilian or European Portuguese). Under 600 px wide the tables become cards;
printed, the page fits A4 without cut columns. The page makes no request of its own: CSS is
inline, sources are shown as links that are never loaded, and a Content-Security-Policy
forbids anything else. Deterministic: the same report gives the same bytes.
"""

from __future__ import annotations

import functools
import math
import posixpath
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlsplit

import jinja2

from cohesion_cli import __version__
from cohesion_cli.domain import Evidence, Outcome, Result, Severity
from cohesion_cli.output.base import RenderOptions, below_minimum, rule_ids, shown
from cohesion_cli.output.html_plan import EvidenceView, FindingView, groups
from cohesion_cli.output.html_summary import cap_text, sections, summary
from cohesion_cli.output.html_trend import view as trend_view
from cohesion_cli.output.printable import printable
from cohesion_cli.output.texts import Texts, report_language
from cohesion_cli.output.visits import section as visit_section
from cohesion_cli.output.visits import subject_text as visit_subject
from cohesion_cli.triage.report import WEIGHTS, ChannelSummary, Report

NAME = "html"
SYMBOLS = {Outcome.OK: "✓", Outcome.DIVERGENT: "✗", Outcome.MISSING: "○",
           Outcome.UNVERIFIABLE: "?"}
EXCERPT_LIMIT = 600


def render(report: Report, out: IO[str], options: RenderOptions) -> None:
    page = _environment().get_template("report.html.j2").render(
        _context(report, options, Texts(report_language(report, options), report.rules)))
    out.write(page.rstrip("\n") + "\n")


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("cohesion_cli.output", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True, finalize=_shown)


def _shown(value: Any) -> Any:
    """Every text the template writes, with control characters shown (``printable``)."""
    return printable(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Cell:
    css: str
    symbol: str
    text: str
    detail: str
    title: str


@dataclass(frozen=True)
class Row:
    channel: ChannelSummary
    kind: str
    score: str
    band: str
    documents: str
    cells: list[Cell]


@dataclass(frozen=True)
class Bar:
    name: str
    score: str
    band: str
    width: str
    """The bar's length, a CSS percentage."""
    cap: str


def _context(report: Report, options: RenderOptions, t: Texts) -> dict[str, Any]:
    channels = {c.id: c for c in report.channels}
    listed = [_finding(f, report, channels, t) for f in shown(report, options)]
    score = report.score()
    counts = report.counts()
    return {
        "t": t, "lang": t.lang, "version": __version__, "report": report,
        "date": t.date(report.generated_at),
        "fail_on": t.severity(report.fail_on) if report.fail_on is not None else
        t["fail_never"],
        "score": "" if score is None else str(score), "band": report.band(),
        "ring": _ring(score), "exit": _exit_words(report, t),
        "severities": [(s.label, t.severity(s), counts["by_severity"][s.label])
                       for s in reversed(Severity)],
        "outcomes": [(o.value, t.outcome(o), counts["by_outcome"][o.value], SYMBOLS[o])
                     for o in Outcome],
        "channels_read": t["x_of_y"].format(x=sum(c.read for c in report.channels),
                                            y=len(report.channels)),
        "hidden": below_minimum(report, options),
        "suppressed": [(t["suppressed_item"].format(
            rule=t.rule(r.rule), channel=_channel_name(r.channel, channels),
            subject=_subject(r.subject, report, t)[0]), why) for r, why in report.suppressed],
        "bars": _bars(report, t), "summary": summary(report, listed, t),
        "sections": sections(report, listed, t),
        "rules": [(rule, t.rule(rule)) for rule in rule_ids(report, report.results)],
        "rows": _rows(report, t), "groups": groups(listed, report, channels, t),
        "changes": t.changes(report.changes), "trend": trend_view(report, t),
        "resolved": [(t.rule(seen.result.rule), _channel_name(seen.result.channel, channels),
                      _subject(seen.result.subject, report, t)[0],
                      t["first_seen"].format(date=t.day(seen.first_seen)))
                     for seen in (report.changes.resolved if report.changes else [])],
        "findings": listed, "weights": [(s.label, t.severity(s), WEIGHTS[s])
                                        for s in reversed(Severity)],
        "visits": visit_section(report, t.lang, thumbnails=True),
    }


def _ring(score: int | None) -> dict[str, str]:
    circumference = 2 * math.pi * 52
    filled = 0.0 if score is None else circumference * score / 100
    return {"dash": f"{filled:.2f} {circumference:.2f}"}


def _exit_words(report: Report, t: Texts) -> str:
    code = report.exit_code
    level = t.severity(report.fail_on) if report.fail_on is not None else ""
    if code == 1:
        failing = [r for r in report.results if r.outcome in (Outcome.DIVERGENT, Outcome.MISSING)
                   and report.fail_on is not None and r.severity >= report.fail_on]
        return str(t["exit_1"].format(findings=t.n("failing_findings", len(failing)),
                                      level=level))
    if code == 3:
        return t["exit_3"]
    return t["exit_0"].format(level=level) if report.fail_on is not None else t["exit_0_never"]


def _channel_name(channel: str, channels: dict[str, ChannelSummary]) -> str:
    summary = channels.get(channel)
    return summary.name or summary.id if summary is not None else channel


def _subject(subject: str, report: Report, t: Texts) -> tuple[str, str]:
    """(text for people, product code or empty)."""
    if subject in report.subjects:
        return report.subjects[subject] or subject, subject
    if (contact := visit_subject(subject, t.lang)) is not None:
        return contact, ""
    prefix, _, rest = subject.partition(":")
    if rest and prefix == "policy":
        return t["subj_policy"].format(name=t.subject(rest)), ""
    if rest and prefix == "phrase":
        return t["subj_phrase"].format(text=rest), ""
    if rest and prefix == "wording":
        return t["subj_wording"].format(id=rest), ""
    return subject, ""


def _finding(f: Result, report: Report, channels: dict[str, ChannelSummary],
             t: Texts) -> FindingView:
    subject, code = _subject(f.subject, report, t)
    position = f.position
    action = t.action(f.rule, f.outcome) or t[
        f"action_{f.outcome.value}"].format(fact=t.rule(f.rule).lower())
    ev = f.evidence
    evidence = [_evidence(ev, report)] if ev and (ev.excerpt or ev.locator or ev.source) else []
    tracked = report.tracking.get(f.fingerprint)
    return FindingView(
        status=tracked.status if tracked else "",
        status_text=t.status(tracked.status) if tracked else "",
        due=t.day(tracked.due) if tracked else "", due_iso=tracked.due if tracked else "",
        overdue=tracked is not None and tracked.overdue_on(report.generated_at),
        anchor=f"finding-{f.fingerprint}", severity=f.severity.label,
        severity_text=t.severity(f.severity), outcome=f.outcome.value,
        outcome_text=t.outcome(f.outcome), symbol=SYMBOLS[f.outcome], rule=t.rule(f.rule),
        channel=_channel_name(f.channel, channels), channel_id=f.channel, subject=subject,
        code=code, expected=t.expected(f), observed=t.observed(f), reason=t.reason(f),
        action=action,
        evidence=evidence,
        rule_at="" if position is None else f"{position.file}:{position.line}:{position.col}",
        fingerprint=f.fingerprint)


def _evidence(evidence: Evidence, report: Report) -> EvidenceView:
    excerpt = evidence.excerpt
    if len(excerpt) > EXCERPT_LIMIT:
        excerpt = excerpt[:EXCERPT_LIMIT - 1] + "…"
    href = evidence.source if urlsplit(evidence.source).scheme in ("http", "https") else ""
    archived = report.archived.get(evidence.snapshot, "") if evidence.snapshot else ""
    if archived and report.archive:
        archived = posixpath.join(report.archive, archived)
    return EvidenceView(excerpt, evidence.locator, evidence.source, href, archived)


def _rows(report: Report, t: Texts) -> list[Row]:
    rules = rule_ids(report, report.results)
    by_cell: dict[tuple[str, str], list[Result]] = {}
    for r in report.results:  # one reading: a large catalog's results come from disk
        by_cell.setdefault((r.channel, r.rule), []).append(r)
    rows = []
    for channel in report.channels:
        score = report.score(channel.id)
        documents = t.n("documents", channel.documents)
        if channel.unreadable:
            documents += " · " + t["unreadable"].format(x=channel.unreadable,
                                                        y=channel.documents)
        cells = [_cell(by_cell.get((channel.id, rule), []), report, t) for rule in rules]
        rows.append(Row(channel, t.get(f"kind_{channel.kind}", channel.kind),
                        t["na"] if score is None else str(score), report.band(channel.id),
                        documents,
                        cells))
    return rows


def _cell(results: list[Result], report: Report, t: Texts) -> Cell:
    if not results:
        return Cell("none", "–", t["not_checked"], "", t["not_checked"])
    order = {Outcome.DIVERGENT: 3, Outcome.MISSING: 2, Outcome.UNVERIFIABLE: 1, Outcome.OK: 0}
    ranked = sorted(results, key=lambda r: (r.outcome is not Outcome.OK, r.severity,
                                            order[r.outcome]), reverse=True)
    lines = []
    for r in ranked:
        line = f"{_subject(r.subject, report, t)[0]}: {t.outcome(r.outcome)}"
        if r.outcome is not Outcome.OK:
            line += f" ({t.severity(r.severity)})"
        lines.append(line)
    worst = ranked[0]
    if worst.outcome is Outcome.OK:
        detail = t.n("all_ok", len(results)) if len(results) > 1 else ""
        return Cell("ok", SYMBOLS[Outcome.OK], t.outcome(Outcome.OK), detail, "\n".join(lines))
    others = sum(r.outcome is not Outcome.OK for r in ranked) - 1
    detail = t.severity(worst.severity) + (f" · {t['more'].format(n=others)}" if others else "")
    css = "unverifiable" if worst.outcome is Outcome.UNVERIFIABLE else worst.severity.label
    return Cell(css, SYMBOLS[worst.outcome], t.outcome(worst.outcome), detail, "\n".join(lines))


def _bars(report: Report, t: Texts) -> list[Bar]:
    bars = []
    for channel in report.channels:
        score = report.score(channel.id)
        bars.append(Bar(channel.name or channel.id, t["chart_na"] if score is None else
                        str(score), report.band(channel.id),
                        "0%" if score is None else f"{max(score, 1)}%",
                        cap_text(report, channel.id, t)))
    return bars
