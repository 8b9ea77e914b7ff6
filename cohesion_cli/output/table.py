"""``table``: a Rich table for people at a shell, grouped and coloured by severity, with
each finding's status and due date when the run is tracked; then the findings resolved
since the last run, one sentence on what changed (in ``--lang``) and a one-line verdict.
Colour is off when the output is not a terminal or when NO_COLOR is set."""

from __future__ import annotations

import os
from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cohesion_cli.domain import Outcome, Result, Severity
from cohesion_cli.output.base import RenderOptions, below_minimum, shown
from cohesion_cli.output.printable import printable
from cohesion_cli.output.texts import Texts, language
from cohesion_cli.triage.report import Report

NAME = "table"
STYLES = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}


def render(report: Report, out: IO[str], options: RenderOptions) -> None:
    console = _console(out, options)
    listed = shown(report, options)
    if listed:
        console.print(_table(report, listed))
    hidden = below_minimum(report, options)
    if hidden:
        console.print(f"({hidden} finding(s) below --min-severity {options.min_severity.label} "
                      "not shown)", style="dim")
    for note in report.suppression_notes:
        console.print(_plain(f"! {note}", style="yellow"))
    t = Texts(language(options.lang), report.rules)
    for seen in report.changes.resolved if report.changes is not None else []:
        r = seen.result
        console.print(_plain(f"✓ {t.status('resolved').lower()}: {r.rule} · {r.channel} · "
                             f"{r.subject} ({t['first_seen'].format(date=t.day(seen.first_seen))})",
                             style="green"))
    if report.changes is not None:
        console.print(_plain(t.changes(report.changes)))
    console.print(_plain(verdict(report)))


def _console(out: IO[str], options: RenderOptions) -> Console:
    no_color = options.color is False or (options.color is None and "NO_COLOR" in os.environ)
    is_tty = out.isatty() if options.color is None else options.color
    width = None if is_tty else int(os.environ.get("COLUMNS", "160"))
    return Console(file=out, no_color=no_color, force_terminal=bool(is_tty) and not no_color,
                   width=width, highlight=False, emoji=False)


def _table(report: Report, findings: list[Result]) -> Table:
    table = Table(title=_plain(f"cohesion · {report.brand}"), title_justify="left",
                  show_lines=False, expand=False)
    for name, kwargs in (
        ("Severity", {"no_wrap": True}), ("Channel", {"no_wrap": True}), ("Subject", {}),
        ("Fact", {"no_wrap": True}), ("Outcome", {"no_wrap": True}), ("Expected", {}),
        ("Observed", {}), ("Evidence", {"max_width": 48}),
    ):
        table.add_column(name, **kwargs)
    if report.tracking:
        table.add_column("Status", no_wrap=True)
    previous: Severity | None = None
    for f in findings:
        if previous is not None and f.severity != previous:
            table.add_section()
        previous = f.severity
        style = STYLES[f.severity]
        subject = _plain(f.subject)
        if report.subjects.get(f.subject):
            subject.append(printable(f"\n{report.subjects[f.subject]}"), style="dim")
        cells: list[Text | str] = [
            Text(f.severity.label, style=style), _plain(f.channel), subject, _plain(f.rule),
            Text(f.outcome.value, style=_outcome_style(f.outcome)), _plain(f.expected),
            _plain(f.observed), _evidence(f)]
        if report.tracking:
            cells.append(_status(report, f))
        table.add_row(*cells)
    return table


def _plain(text: str, style: str = "") -> Text:
    """Text from the report as it is: never Rich markup, control characters shown."""
    return Text(printable(text), style=style)


def _status(report: Report, f: Result) -> Text:
    tracked = report.tracking.get(f.fingerprint)
    if tracked is None:
        return Text("")
    style = {"new": "bold", "changed": "bold yellow", "overdue": "bold red"}.get(tracked.status,
                                                                              "")
    return Text(f"{tracked.status}\ndue {tracked.due}", style=style)


def _outcome_style(outcome: Outcome) -> str:
    return {"divergent": "red", "missing": "yellow", "unverifiable": "magenta"}.get(
        outcome.value, "")


def _evidence(f: Result) -> Text:
    text = Text()
    if f.reason and f.outcome is not Outcome.DIVERGENT:
        text.append(printable(f.reason))
    elif f.evidence and f.evidence.excerpt:
        excerpt = printable(f.evidence.excerpt)
        text.append(excerpt if len(excerpt) <= 90 else excerpt[:89] + "…")
        if f.reason:
            text.append(printable(f"\n{f.reason}"), style="dim")
    if f.evidence and f.evidence.source:
        text.append(printable(f"\n{_short_source(f.evidence.source)}"), style="dim")
    return text


def _short_source(source: str) -> str:
    return source if len(source) <= 48 else "…" + source[-47:]


def verdict(report: Report) -> str:
    findings = report.findings
    counts = report.counts()["by_severity"]
    parts = [f"{n} {level}" for level, n in counts.items() if n]
    scores = ", ".join(f"{c.id} {_score(report.score(c.id))}" for c in report.channels)
    mark = {0: "✓", 1: "✗", 3: "!"}.get(report.exit_code, "?")
    head = (f"{mark} {len(findings)} finding(s)" + (f" ({', '.join(parts)})" if parts else "")
            if findings else f"{mark} no findings")
    hidden = [f"{n} {what}" for n, what in ((report.baselined, "baselined"),
                                            (len(report.suppressed), "suppressed")) if n]
    if hidden:
        head += f" + {', '.join(hidden)}"
    return (f"{head} across {len(report.channels)} channel(s) · cohesion score "
            f"{_score(report.score())} ({scores}) · exit {report.exit_code}")


def _score(score: int | None) -> str:
    return "n/a" if score is None else str(score)
