"""``github``: annotations and a job summary for GitHub Actions.

Prints one workflow command per finding, worst first: ``::error`` for critical and high
findings, ``::warning`` for medium, ``::notice`` for low and info. Each annotation points at
the place in the rulebook where the rule behind the finding is defined (``file``, ``line``,
``col``), so it shows on that line of the pull request's diff, and is titled
``rule · channel · subject``; the message gives expected and observed values, the reason
and the evidence (excerpt, source and locator), in the report's language (the rulebook's
locale or ``--lang``).

GitHub displays at most 10 annotations of each level per step (and 50 per job), so at most
10 errors, 10 warnings and 10 notices are printed; when findings are left out, a final
``::notice`` says how many (that notice takes one of the 10 notice places). Findings below
the minimum severity are not annotated.

Paths are made relative to ``GITHUB_WORKSPACE`` (or to the current folder) so that GitHub
can match them to the repository. Data and properties are escaped by the workflow-command
rules (``%``, CR and LF everywhere; ``:`` and ``,`` in properties too), so text read from a
channel can neither break an annotation nor start a workflow command of its own.

When ``GITHUB_STEP_SUMMARY`` names a file, the short Markdown summary (verdict, channel
scores, the ten worst findings; see the ``markdown`` format) is appended to it, keeping what
earlier commands of the step wrote; the file is replaced atomically. The last line printed
is the one-line verdict of the ``table`` format.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from cohesion_cli import atomic
from cohesion_cli.domain import Outcome, Result, Severity
from cohesion_cli.output.base import RenderOptions, shown
from cohesion_cli.output.markdown import summary
from cohesion_cli.output.printable import printable
from cohesion_cli.output.table import verdict
from cohesion_cli.output.texts import Texts, report_language
from cohesion_cli.triage.report import Report

NAME = "github"
PER_LEVEL = 10
"""Annotations GitHub displays per level and step."""
LEVELS = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
          Severity.LOW: "notice", Severity.INFO: "notice"}


def render(report: Report, out: IO[str], options: RenderOptions) -> None:
    listed = shown(report, options)
    caps = _caps(listed)
    printed = dict.fromkeys(caps, 0)
    for f in listed:
        level = LEVELS[f.severity]
        if printed[level] < caps[level]:
            out.write(annotation(report, f, report_language(report, options)) + "\n")
            printed[level] += 1
    more = len(listed) - sum(printed.values())
    if more:
        out.write(command("notice", {"title": "cohesion"},
                          f"{more} more finding(s) not annotated: GitHub shows at most "
                          f"{PER_LEVEL} annotations of each level per step. The job summary "
                          "and the other report formats list them all.") + "\n")
    target = os.environ.get("GITHUB_STEP_SUMMARY", "")
    if target:
        try:
            append_summary(Path(target), options.redact(summary(report, options)))
        except OSError as exc:
            out.write(command("warning", {"title": "cohesion"},
                              f"could not write the step summary: {exc}") + "\n")
    out.write(verdict(report, report_language(report, options)) + "\n")


def _caps(listed: list[Result]) -> dict[str, int]:
    """How many annotations of each level to print; keeps a notice place for "N more"."""
    caps = {"error": PER_LEVEL, "warning": PER_LEVEL, "notice": PER_LEVEL}
    counts = {level: sum(LEVELS[f.severity] == level for f in listed) for level in caps}
    if any(counts[level] > caps[level] for level in caps):
        caps["notice"] -= 1
    return caps


def annotation(report: Report, f: Result, lang: str = "en") -> str:
    """The workflow command for one finding; its message in ``lang``."""
    t, words = Texts(lang, report.rules, "ci"), Texts(lang, report.rules, "markdown")
    props: dict[str, str] = {}
    position = f.position
    if position is not None:
        props.update(file=relative(position.file), line=str(position.line),
                     col=str(position.col))
    elif report.rulebook:
        props["file"] = relative(report.rulebook)
    name = report.subjects.get(f.subject)
    subject = f"{f.subject} ({name})" if name else f.subject
    props["title"] = f"{f.rule} · {f.channel} · {subject}"
    head = f"{words.severity(f.severity)} · {words.outcome(f.outcome)}"
    if f.outcome is Outcome.UNVERIFIABLE:
        lines = [f"{head}: {t.reason(f) or t['not_verified']}"]
        if f.observed and (f.evidence is None or f.observed != f.evidence.source):
            lines.append(t["observed_line"].format(value=t.observed(f)))
    else:
        said = [t["expected"].format(value=t.expected(f)) if f.expected else "",
                t["observed"].format(value=t.observed(f)) if f.observed else ""]
        lines = [f"{head}: {', '.join(part for part in said if part) or f.rule}"]
        if f.reason:
            lines.append(t.reason(f))
    ev = f.evidence
    if ev is not None and (ev.excerpt.strip() or ev.source):
        where = ", ".join(part for part in (ev.source, ev.locator) if part)
        excerpt = " ".join(ev.excerpt.split())
        lines.append(f"{t['evidence']}: “{excerpt}” ({where})" if excerpt
                     else f"{t['evidence']}: {where}")
    return command(LEVELS[f.severity], props, "\n".join(lines))


def command(level: str, props: dict[str, str], message: str) -> str:
    """One workflow command, with properties and data escaped."""
    head = ",".join(f"{key}={escape_property(printable(value))}" for key, value in props.items())
    return f"::{level}{' ' + head if head else ''}::{escape_data(printable(message))}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def relative(path: str) -> str:
    """A rulebook path as GitHub matches it: relative to the workspace, with ``/``."""
    base = os.environ.get("GITHUB_WORKSPACE", "")
    given = Path(path)
    if not base and not given.is_absolute():
        return given.as_posix()
    try:
        rel = Path(os.path.relpath(os.path.abspath(given), base or os.getcwd()))
    except ValueError:  # another drive on Windows
        return given.as_posix()
    return given.as_posix() if rel.parts[:1] == ("..",) else rel.as_posix()


def append_summary(path: Path, text: str) -> None:
    """Append ``text`` to the step summary file atomically, keeping what it holds."""
    existing = path.read_bytes() if path.exists() else b""
    if existing and not existing.endswith(b"\n\n"):
        existing += b"\n" if existing.endswith(b"\n") else b"\n\n"
    atomic.write_bytes(path, existing + text.encode("utf-8"))
