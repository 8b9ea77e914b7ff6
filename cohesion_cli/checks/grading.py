"""Severity and rulebook position of a result, decided when the result is created.

Severity: the most specific matching ``severity.overrides`` entry; else unverifiable
results take ``severity.unverifiable``; else the rulebook's ``severity.defaults`` for the
rule, else the rule's built-in default. Position: the product's entry (inline or CSV row)
for product subjects, the rule's rulebook entry for store-wide subjects, else the channel.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cohesion_cli.checks.rule import RulebookPath
from cohesion_cli.domain import Level, Outcome, Position, Severity
from cohesion_cli.rulebook.models import Override, SeverityPolicy
from cohesion_cli.rulebook.yamlpos import Located


@dataclass(frozen=True)
class Places:
    """Where things are defined in the rulebook file (empty without a file, as in tests)."""

    located: Located | None = None
    products: Mapping[str, Position] = field(default_factory=dict)
    """SKU -> its catalog entry or CSV row."""
    channels: Mapping[str, int] = field(default_factory=dict)
    """Channel id -> its index in ``channels``."""

    def of(self, subject: str, channel: str, at: RulebookPath | None) -> Position | None:
        found = self.products.get(subject)
        if found is not None:
            return found
        if self.located is None:
            return None
        return self.located.where(at if at is not None
                                  else ("channels", self.channels.get(channel, 0)))


@dataclass(frozen=True)
class Grader:
    """Gives each result its severity and position as a check creates it."""

    policy: SeverityPolicy = field(default_factory=SeverityPolicy)
    defaults: Mapping[str, Level] = field(default_factory=dict)
    """Rule id -> built-in default severity (from the rule descriptors)."""
    places: Places = field(default_factory=Places)
    defined_in: Mapping[str, RulebookPath] = field(default_factory=dict)
    """Rule id -> where the rulebook states it (store-wide rules)."""
    confident: frozenset[str] = frozenset()
    """Rules whose results carry the confidence of the price they read."""

    def severity(self, rule: str, channel: str, subject: str, outcome: Outcome) -> Severity:
        matches = [o for o in self.policy.overrides
                   if _matches(o, rule, channel, subject, outcome)]
        if matches:
            best = max(enumerate(matches), key=lambda p: (_specificity(p[1]), p[0]))[1]
            return Severity.parse(best.severity)
        if outcome is Outcome.UNVERIFIABLE:
            return Severity.parse(self.policy.unverifiable)
        configured = next((level for r, level in self.policy.defaults.items() if r == rule), None)
        return Severity.parse(configured or self.defaults.get(rule, "medium"))

    def position(self, rule: str, channel: str, subject: str,
                 at: RulebookPath | None = None) -> Position | None:
        return self.places.of(subject, channel, at or self.defined_in.get(rule))


def _matches(override: Override, rule: str, channel: str, subject: str,
             outcome: Outcome) -> bool:
    return all((
        override.rule in (None, rule),
        override.channel in (None, channel),
        override.subject in (None, subject),
        override.outcome in (None, outcome.value),
    ))


def _specificity(override: Override) -> int:
    return sum(v is not None for v in (override.rule, override.channel, override.subject,
                                       override.outcome))
