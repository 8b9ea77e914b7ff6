"""``table``: a compact Rich table for people at a shell, in the rulebook's language (or
``--lang``), most severe first. One row per finding, two lines at 120 columns: the severity
and the outcome, the channel, the rule and the subject, and "expected → observed" written
in full (values wrap, they are never cut: the divergence stays visible at 80 columns); the
finding's status when the run is tracked. With ``--details`` each finding's evidence
follows the table (excerpt, reason, where it was read, the source shortened from the middle,
the due date). Then the findings resolved since the last run, one sentence on what
changed and a one-line verdict. Colour is off when the output is not a terminal or when
NO_COLOR is set."""

from __future__ import annotations

import os
from typing import IO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cohesion_cli.domain import Outcome, Result, Severity
from cohesion_cli.output.base import RenderOptions, below_minimum, shown
from cohesion_cli.output.locale import middle
from cohesion_cli.output.printable import printable
from cohesion_cli.output.texts import Texts, report_language
from cohesion_cli.triage.report import Report

NAME = "table"
STYLES = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}
SAID_BY_OBSERVED = frozenset({"similarity"})
"""Reasons the observed value already states (a wording's similarity): not repeated."""
SOURCE_WIDTH = 60
"""Longest source shown under ``--details`` (longer ones lose their middle)."""


def render(report: Report, out: IO[str], options: RenderOptions) -> None:
    console = _console(out, options)
    lang = report_language(report, options)
    t, words = Texts(lang, report.rules, "table"), Texts(lang, report.rules)
    listed = shown(report, options)
    if listed:
        console.print(_table(report, listed, t, words, console.width))
        if options.details:
            _details(console, report, listed, t, words)
        else:
            console.print(_plain(t["details_hint"], style="dim"))
    hidden = below_minimum(report, options)
    if hidden:
        console.print(_plain(t.n("hidden", hidden, level=options.min_severity.label)),
                      style="dim")
    for note in report.suppression_notes:
        console.print(_plain(f"! {note}", style="yellow"))
    for seen in report.changes.resolved if report.changes is not None else []:
        r = seen.result
        console.print(_plain(
            f"✓ {t['resolved']}: {words.rule(r.rule)} · {r.channel} · "
            f"{words.subject_name(r.subject, report.subjects)} "
            f"({t['first_seen'].format(date=words.day(seen.first_seen))})", style="green"))
    if report.changes is not None:
        console.print(_plain(words.changes(report.changes)))
    console.print(_plain(verdict(report, lang)))


def _console(out: IO[str], options: RenderOptions) -> Console:
    no_color = options.color is False or (options.color is None and "NO_COLOR" in os.environ)
    is_tty = out.isatty() if options.color is None else options.color
    width = None if is_tty else int(os.environ.get("COLUMNS", "160"))
    return Console(file=out, no_color=no_color, force_terminal=bool(is_tty) and not no_color,
                   width=width, highlight=False, emoji=False)


def _table(report: Report, findings: list[Result], t: Texts, words: Texts,
           width: int) -> Table:
    """The findings; below 100 columns the first columns are kept narrow so that "expected
    → observed" has the room."""
    narrow = width < 100
    table = Table(title=_plain(t["title"].format(brand=report.brand)), title_justify="left",
                  box=box.SIMPLE_HEAD, show_lines=False, expand=False, pad_edge=False,
                  collapse_padding=True)
    table.add_column(t["col_n"], justify="right", no_wrap=True)
    table.add_column(t["col_severity"], overflow="fold", max_width=12 if narrow else 20)
    table.add_column(t["col_channel"], overflow="fold", max_width=15 if narrow else 20)
    table.add_column(t["col_subject"], overflow="fold", max_width=20 if narrow else 34)
    table.add_column(t["col_change"], overflow="fold")
    previous: Severity | None = None
    for number, f in enumerate(findings, 1):
        if previous is not None and f.severity != previous:
            table.add_section()
        previous = f.severity
        severity = Text(words.severity(f.severity), style=STYLES[f.severity])
        severity.append(f"\n{words.outcome(f.outcome).lower()}", style=_outcome_style(f.outcome))
        severity.append_text(_status(report, f, words))
        subject = _plain(words.rule(f.rule))
        subject.append(printable(f"\n{words.subject_name(f.subject, report.subjects)}"),
                       style="dim")
        table.add_row(str(number), severity, _plain(f.channel), subject, _change(f, t, words))
    return table


def _change(f: Result, t: Texts, words: Texts) -> Text:
    """"expected → observed" in full; an unverifiable finding's reason instead."""
    if f.outcome is Outcome.UNVERIFIABLE:
        return _plain(words.reason(f) or words.observed(f))
    expected, observed = words.expected(f), words.observed(f)
    text = _plain(expected or "—")
    text.append(" → ", style="dim")
    text.append(printable(observed) if observed else t["not_found"],
                style="bold" if observed else "yellow")
    reason = words.reason(f)
    if reason and f.outcome is Outcome.DIVERGENT and (
            f.reason_msg is None or f.reason_msg.key not in SAID_BY_OBSERVED):
        text.append(printable(f"\n{reason}"), style="dim")
    return text


def _details(console: Console, report: Report, findings: list[Result], t: Texts,
             words: Texts) -> None:
    console.print(_plain(t["details_h"], style="bold"))
    for number, f in enumerate(findings, 1):
        ev = f.evidence
        tracked = report.tracking.get(f.fingerprint)
        lines = []
        if ev is not None and ev.excerpt.strip():
            lines.append(f"“{' '.join(ev.excerpt.split())}”")
        if f.reason and f.outcome is not Outcome.UNVERIFIABLE:
            lines.append(f"{t['reason']}: {words.reason(f)}")
        if ev is not None and ev.locator:
            lines.append(f"{t['locator']}: {ev.locator}")
        if ev is not None and ev.source:
            lines.append(f"{t['source']}: {middle(ev.source, SOURCE_WIDTH)}")
        if tracked is not None and tracked.due:
            lines.append(t["due"].format(date=words.day(tracked.due)))
        if not lines:
            continue
        text = Text(f"{number:>3} ", style="bold")
        text.append(printable(lines[0]))
        for line in lines[1:]:
            text.append(printable(f"\n    {line}"), style="dim")
        console.print(text)


def _plain(text: str, style: str = "") -> Text:
    """Text from the report as it is: never Rich markup, control characters shown."""
    return Text(printable(text), style=style)


def _status(report: Report, f: Result, words: Texts) -> Text:
    """" · new" (its status, when the run is tracked)."""
    tracked = report.tracking.get(f.fingerprint)
    if tracked is None:
        return Text("")
    style = {"new": "bold", "changed": "bold yellow", "overdue": "bold red"}.get(tracked.status,
                                                                              "")
    return Text(printable(f" · {words.status(tracked.status).lower()}"), style=style)


def _outcome_style(outcome: Outcome) -> str:
    return {"divergent": "red", "missing": "yellow", "unverifiable": "magenta"}.get(
        outcome.value, "")


def verdict(report: Report, lang: str) -> str:
    """The one-line verdict: findings by severity, channels, scores and the exit code."""
    t = Texts(lang, report.rules, "table")
    findings = report.findings
    counts = report.counts()["by_severity"]
    parts = [t.n(f"count_{level}", n) for level, n in counts.items() if n]
    scores = ", ".join(f"{c.id} {_score(report.score(c.id), t)}" for c in report.channels)
    mark = {0: "✓", 1: "✗", 3: "!"}.get(report.exit_code, "?")
    head = (f"{mark} {t.n('findings', len(findings))}"
            + (f" ({', '.join(parts)})" if parts else "")
            if findings else f"{mark} {t['no_findings']}")
    hidden = [t[what].format(n=n) for n, what in ((report.baselined, "baselined"),
                                                  (len(report.suppressed), "suppressed")) if n]
    if hidden:
        head += f" + {', '.join(hidden)}"
    return (f"{head} {t.n('across', len(report.channels))} · "
            f"{t['score'].format(score=_score(report.score(), t))} ({scores}) · "
            f"{t['exit'].format(code=report.exit_code)}")


def _score(score: int | None, t: Texts) -> str:
    return t["na"] if score is None else str(score)
