"""The report of one run: results, channel summaries, scores and the exit code.

Cohesion score of a channel (0-100): every verifiable result weighs by its severity
(info 1, low 2, medium 4, high 8, critical 16); the score is the share of that weight
carried by ``ok`` results, rounded. Unverifiable results do not count; a channel with
nothing verifiable has no score. Baselined and suppressed findings still count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from cohesion_cli import exitcodes
from cohesion_cli.domain import Outcome, Result, Severity
from cohesion_cli.ruleinfo import RuleInfo
from cohesion_cli.triage.tracking import Changes, Tracking
from cohesion_cli.triage.trend import Trend

WEIGHTS = {Severity.INFO: 1, Severity.LOW: 2, Severity.MEDIUM: 4, Severity.HIGH: 8,
           Severity.CRITICAL: 16}


@dataclass(frozen=True)
class ChannelSummary:
    id: str
    kind: str
    name: str
    owner: str
    documents: int
    unreadable: int

    @property
    def read(self) -> bool:
        """True when at least one document of the channel was read."""
        return self.documents > self.unreadable


@dataclass(frozen=True)
class Report:
    brand: str
    rulebook: str
    generated_at: str
    channels: list[ChannelSummary]
    results: list[Result]
    fail_on: Severity | None
    """Lowest severity that fails the run; None for ``--fail-on never``."""
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)
    """Every rule of the run, in the order reports list them: what the formats show of it."""
    subjects: dict[str, str] = field(default_factory=dict)
    """SKU -> product name, for display."""
    archived: dict[str, str] = field(default_factory=dict)
    """Snapshot id -> path of its bytes in the --archive folder (relative to it)."""
    archive: str | None = None
    """The --archive folder, when there is one."""
    baselined_findings: list[Result] = field(default_factory=list)
    """Findings left out because their fingerprint is in the --baseline file: not listed,
    but still counted in the scores."""
    suppressed: list[tuple[Result, str]] = field(default_factory=list)
    """Findings silenced by a suppression, with its reason."""
    suppression_notes: list[str] = field(default_factory=list)
    """Expired or unused suppressions, as sentences for the reader."""
    expired_suppressions: int = 0
    """Suppressions past their expiry date: they fail the run."""
    tracking: dict[str, Tracking] = field(default_factory=dict)
    """Fingerprint -> first seen, due date and status (``triage.tracking``)."""
    changes: Changes | None = None
    """What changed since the last run; None when the run is not compared with one."""
    trend: Trend | None = None
    """Metrics over the engagement's recorded runs (the html report shows them)."""
    shard: dict[str, Any] | None = None
    """A ``check --shard`` run: what it read, JSON-ready, for ``cohesion merge``."""

    @property
    def baselined(self) -> int:
        return len(self.baselined_findings)

    @cached_property
    def findings(self) -> list[Result]:
        return sorted((r for r in self.results if r.outcome is not Outcome.OK),
                      key=lambda r: (-r.severity, r.channel, r.subject, r.rule))

    def score(self, channel: str | None = None) -> int | None:
        """Baselined and suppressed findings still count: hiding a known gap does not
        make the channels agree."""
        return self._scores.get(channel)

    @cached_property
    def _scores(self) -> dict[str | None, int | None]:
        """Overall (key None) and per channel, computed once."""
        every = [*self.results, *self.baselined_findings, *(r for r, _ in self.suppressed)]
        counted = [r for r in every if r.outcome is not Outcome.UNVERIFIABLE]
        by_channel: dict[str, list[Result]] = {c.id: [] for c in self.channels}
        for r in counted:
            by_channel.setdefault(r.channel, []).append(r)
        return {None: _score(counted), **{c: _score(rs) for c, rs in by_channel.items()}}

    @property
    def exit_code(self) -> int:
        failing = [r for r in self.results
                   if r.outcome in (Outcome.DIVERGENT, Outcome.MISSING)
                   and self.fail_on is not None and r.severity >= self.fail_on]
        if failing:
            return exitcodes.FINDINGS
        if any(r.outcome is Outcome.UNVERIFIABLE for r in self.results):
            return exitcodes.UNREADABLE
        return exitcodes.OK

    def counts(self) -> dict[str, dict[str, int]]:
        by_outcome = Counter(r.outcome.value for r in self.results)
        by_severity = Counter(r.severity.label for r in self.findings)
        return {
            "by_outcome": {o.value: by_outcome.get(o.value, 0) for o in Outcome},
            "by_severity": {s.label: by_severity.get(s.label, 0) for s in reversed(Severity)},
        }


def _score(results: list[Result]) -> int | None:
    total = sum(WEIGHTS[r.severity] for r in results)
    if total == 0:
        return None
    ok = sum(WEIGHTS[r.severity] for r in results if r.outcome is Outcome.OK)
    return round(100 * ok / total)
