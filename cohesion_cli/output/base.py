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
    lang: str = "en"
    """Language of texts written for people (html, markdown): ``en`` or ``pt-BR``."""
    decimal_comma: bool = False
    """csv: write numbers the Brazilian way (``399,90``) with ``;`` between cells."""
    redact: Callable[[str], str] = str
    """Masks secrets in text a format writes somewhere other than its output stream."""


def shown(report: Report, options: RenderOptions) -> list[Result]:
    return [f for f in report.findings if f.severity >= options.min_severity]


def rule_ids(report: Report, results: Iterable[Result]) -> list[str]:
    """The rules of ``results``, in the report's rule order; unknown ids after them, sorted."""
    present = {r.rule for r in results}
    known = [rule for rule in report.rules if rule in present]
    return known + sorted(present - set(known))
