"""Give every result its severity from the rulebook's severity policy."""

from __future__ import annotations

from dataclasses import replace

from cohesion_cli.domain import Outcome, Result, Severity
from cohesion_cli.rulebook.models import DEFAULT_SEVERITY, Override, SeverityPolicy


def assign(results: list[Result], policy: SeverityPolicy) -> list[Result]:
    return [replace(r, severity=severity_of(r, policy)) for r in results]


def severity_of(result: Result, policy: SeverityPolicy) -> Severity:
    """Most specific matching override; else the rule default (built-in unless the
    rulebook sets one); unverifiable results take ``severity.unverifiable``."""
    matches = [o for o in policy.overrides if _matches(o, result)]
    if matches:
        best = max(enumerate(matches), key=lambda p: (_specificity(p[1]), p[0]))[1]
        return Severity.parse(best.severity)
    if result.outcome is Outcome.UNVERIFIABLE:
        return Severity.parse(policy.unverifiable)
    level = policy.defaults.get(result.rule) or DEFAULT_SEVERITY.get(result.rule, "medium")  # type: ignore[call-overload]
    return Severity.parse(level)


def _matches(override: Override, result: Result) -> bool:
    return all((
        override.rule in (None, result.rule),
        override.channel in (None, result.channel),
        override.subject in (None, result.subject),
        override.outcome in (None, result.outcome.value),
    ))


def _specificity(override: Override) -> int:
    return sum(v is not None for v in (override.rule, override.channel, override.subject,
                                       override.outcome))
