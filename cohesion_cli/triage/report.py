"""The report of one run: results, channel summaries, scores and the exit code.

Cohesion score of a channel (0-100): every verifiable result weighs by its severity
(info 1, low 2, medium 4, high 8, critical 16); the score is the share of that weight
carried by ``ok`` results, rounded. Unverifiable results do not count; a channel with
nothing verifiable has no score. Baselined and suppressed findings still count.

Overall score: the mean of the channels' scores weighed by each channel's ``weight`` (its
audience share; equal when the rulebook gives none); channels without a score are left out.

Band: strong from 90, needs work from 70, weak below; never better than the worst open
finding (divergent or missing, baselined and suppressed ones included) allows: an open
critical finding makes the band weak, an open high one at best "needs work".

A result attached to a finding it follows from (``caused_by``: an installment plan off
because the price is off; see ``checks.causes``) does not count: its cause does.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from cohesion_cli import exitcodes
from cohesion_cli.domain import Outcome, Result, Severity
from cohesion_cli.ruleinfo import RuleInfo
from cohesion_cli.triage.tracking import Changes, Tracking
from cohesion_cli.triage.trend import Trend
from cohesion_cli.visitscores import VisitScore

WEIGHTS = {Severity.INFO: 1, Severity.LOW: 2, Severity.MEDIUM: 4, Severity.HIGH: 8,
           Severity.CRITICAL: 16}
BANDS = ((90, "good"), (70, "fair"), (0, "poor"))
"""Score bands: (lowest score of the band, name), best band first."""
CAPS = {Severity.CRITICAL: "poor", Severity.HIGH: "fair"}
"""The best band a channel (or the whole run) can have while a finding of this severity is
open."""


@dataclass(frozen=True)
class ChannelSummary:
    id: str
    kind: str
    name: str
    owner: str
    documents: int
    unreadable: int
    weight: float = 1.0
    """The channel's share of the audience, relative to the others' (``weight`` in the
    rulebook); weighs its score in the overall score."""

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
    results: Collection[Result]
    """Every result, in order (a large catalog's are read back from disk: ``checks.spill``)."""
    fail_on: Severity | None
    """Lowest severity that fails the run; None for ``--fail-on never``."""
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)
    """Every rule of the run, in the order reports list them: what the formats show of it."""
    subjects: Mapping[str, str] = field(default_factory=dict)
    """SKU -> product name, for display (``rulebook.products.Names`` in a run: not a dict
    of the whole catalog)."""
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
    locale: str = ""
    """The rulebook's locale (e.g. ``pt-BR``): the language of the human formats unless
    ``--lang`` says otherwise; empty when not known (English)."""
    visits: list[VisitScore] = field(default_factory=list)
    """Every mystery-shopper call, visit and chat, scored on the questionnaire."""
    shard: dict[str, Any] | None = None
    """A ``check --shard`` run: what it read, JSON-ready, for ``cohesion merge``."""

    @property
    def baselined(self) -> int:
        return len(self.baselined_findings)

    @cached_property
    def findings(self) -> list[Result]:
        return sorted(self._tally.findings,
                      key=lambda r: (-r.severity, r.channel, r.subject, r.rule))

    @cached_property
    def _tally(self) -> _Tally:
        """What the summaries need, read in one pass over the results (a large catalog's
        are read back from disk)."""
        tally = _Tally([], Counter(), {c.id: [0, 0] for c in self.channels})
        for r in self.results:
            tally.by_outcome[r.outcome.value] += 1
            if r.outcome is not Outcome.OK:
                tally.findings.append(r)
            _weigh(tally.weights, r)
        return tally

    def score(self, channel: str | None = None) -> int | None:
        """Baselined and suppressed findings still count: hiding a known gap does not
        make the channels agree."""
        return self._scores.get(channel)

    def band(self, channel: str | None = None) -> str:
        """``good``, ``fair``, ``poor`` (capped by the worst open finding, ``CAPS``), or
        ``none`` without a score; overall when ``channel`` is None."""
        score = self.score(channel)
        if score is None:
            return "none"
        band = band_of(score)
        capped = self.cap(channel)
        if capped is None:
            return band
        names = [name for _, name in BANDS]
        return max(band, CAPS[capped], key=names.index)

    def cap(self, channel: str | None = None) -> Severity | None:
        """The severity of the worst open finding when it limits the band, else None."""
        counted = itertools.chain(self._tally.findings, self.baselined_findings,
                                  (r for r, _ in self.suppressed))
        worst = max((r.severity for r in counted if _counts(r) and r.outcome in _OPEN
                     and (channel is None or r.channel == channel)), default=None)
        return worst if worst in CAPS else None

    def weight(self, channel: str) -> float:
        """The channel's audience weight (1 for a channel the report does not list)."""
        return next((c.weight for c in self.channels if c.id == channel), 1.0)

    @cached_property
    def _scores(self) -> dict[str | None, int | None]:
        """Overall (key None) and per channel, computed once: per channel, the severity
        weight of its counted results and of the ok ones."""
        weights = {c: list(w) for c, w in self._tally.weights.items()}
        hidden = itertools.chain(self.baselined_findings, (r for r, _ in self.suppressed))
        for r in hidden:
            _weigh(weights, r)
        shares = {c: _share(total, ok) for c, (total, ok) in weights.items()}
        scored = [(self.weight(c), share) for c, share in shares.items() if share is not None]
        total = sum(w for w, _ in scored)
        overall = round(100 * sum(w * share for w, share in scored) / total) if total else None
        return {None: overall, **{c: None if share is None else round(100 * share)
                                  for c, share in shares.items()}}

    @property
    def exit_code(self) -> int:
        findings = self._tally.findings
        if any(r.outcome in _OPEN and self.fail_on is not None and r.severity >= self.fail_on
               for r in findings):
            return exitcodes.FINDINGS
        if any(r.outcome is Outcome.UNVERIFIABLE for r in findings):
            return exitcodes.UNREADABLE
        return exitcodes.OK

    def counts(self) -> dict[str, dict[str, int]]:
        by_outcome = self._tally.by_outcome
        by_severity = Counter(r.severity.label for r in self.findings)
        return {
            "by_outcome": {o.value: by_outcome.get(o.value, 0) for o in Outcome},
            "by_severity": {s.label: by_severity.get(s.label, 0) for s in reversed(Severity)},
        }


_OPEN = (Outcome.DIVERGENT, Outcome.MISSING)


@dataclass
class _Tally:
    findings: list[Result]
    """Every result that is not ok, in the results' order."""
    by_outcome: Counter[str]
    weights: dict[str, list[int]]
    """Channel -> [severity weight of its counted results, of the ok ones among them]."""


def _counts(result: Result) -> bool:
    """Whether a result counts in the scores: verifiable, and no consequence of another."""
    return result.outcome is not Outcome.UNVERIFIABLE and not result.caused_by


def _weigh(weights: dict[str, list[int]], result: Result) -> None:
    """Add ``result``'s severity weight to its channel's [counted, ok] when it counts."""
    if _counts(result):
        total_ok = weights.setdefault(result.channel, [0, 0])
        total_ok[0] += WEIGHTS[result.severity]
        total_ok[1] += WEIGHTS[result.severity] if result.outcome is Outcome.OK else 0


def band_of(score: int) -> str:
    """The band of a score alone, before any cap."""
    return next(name for low, name in BANDS if score >= low)


def _share(total: int, ok: int) -> float | None:
    """The share of the severity weight carried by ok results; None when nothing counts."""
    return None if total == 0 else ok / total
