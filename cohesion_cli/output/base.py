"""What every output format receives besides the report."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cohesion_cli.domain import Result, Severity
from cohesion_cli.triage.report import Report


@dataclass(frozen=True)
class RenderOptions:
    min_severity: Severity = Severity.INFO
    """Findings below this are left out of the listing (counts still include them)."""
    color: bool | None = None
    """None: decide from the terminal and NO_COLOR."""
    lang: str | None = None
    """Language of texts written for people (table, html, markdown): ``en``, ``pt-BR`` or
    ``pt-PT``; None: the rulebook's locale (``Report.locale``)."""
    details: bool = False
    """table: list each finding's evidence below the table."""
    decimal_comma: bool = False
    """csv: write numbers the Brazilian way (``399,90``) with ``;`` between cells."""
    redact: Callable[[str], str] = str
    """Masks secrets in text a format writes somewhere other than its output stream."""
    only_changes: bool = False
    """List only the findings that are ``new`` or ``changed`` (``cohesion diff``)."""


CHANGES = ("new", "changed")
"""The statuses ``only_changes`` keeps."""


def shown(report: Report, options: RenderOptions) -> list[Result]:
    """The findings a format lists: at or above the minimum severity and, with
    ``only_changes``, new or changed."""
    return [f for f in report.findings if f.severity >= options.min_severity
            and (not options.only_changes or _status(report, f) in CHANGES)]


def below_minimum(report: Report, options: RenderOptions) -> int:
    """How many findings the minimum severity leaves out of the listing."""
    return sum(f.severity < options.min_severity for f in report.findings)


def _status(report: Report, f: Result) -> str:
    tracked = report.tracking.get(f.fingerprint)
    return tracked.status if tracked is not None else ""


def rule_ids(report: Report, results: Iterable[Result]) -> list[str]:
    """The rules of ``results``, in the report's rule order; unknown ids after them, sorted."""
    present = {r.rule for r in results}
    known = [rule for rule in report.rules if rule in present]
    return known + sorted(present - set(known))
