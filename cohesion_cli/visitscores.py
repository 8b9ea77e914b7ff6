"""The scores of mystery-shopper contacts as the report carries them: each call, store
visit or chat with its questionnaire items, and the averages per store and per channel.
Computed by ``checks.visits``; kept here, below every layer, so that the formats read
them from the report without knowing the checks (as rules reach them as ``ruleinfo``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cohesion_cli.domain import Evidence, Visit


@dataclass(frozen=True)
class ItemScore:
    """One questionnaire item on one visit."""

    id: str
    text: str
    weight: float
    answer: str
    """As written in the record; empty when not answered."""
    met: float | None
    """0-1 (a scale can be partly met); None when unanswered or unreadable."""
    problem: str = ""
    """Why a written answer could not be read (``not yes or no``, ``not 1 to 5``)."""


@dataclass(frozen=True)
class VisitScore:
    """One call, store visit or chat of an observation channel, scored."""

    channel: str
    subject: str
    """``visit:<place> <date time>`` (``call:`` / ``chat:`` for the other types): unique
    in the channel, stable across runs."""
    visit: Visit
    evidence: Evidence
    items: tuple[ItemScore, ...] = ()
    """The questionnaire's items that apply to this contact (none: not scored)."""
    unknown: tuple[str, ...] = ()
    """Answers to items the questionnaire does not have."""
    threshold: int | None = None
    wait_limit: float | None = None
    """Longest wait ``policies.service_level.wait_minutes`` allows this contact's type."""

    @property
    def late(self) -> bool:
        """Whether the recorded wait is longer than the service level allows."""
        wait = self.visit.wait_minutes
        return wait is not None and self.wait_limit is not None and wait > self.wait_limit

    @property
    def answered(self) -> bool:
        return any(i.answer for i in self.items)

    @property
    def score(self) -> int | None:
        """0-100: weighted share of the items met (unanswered ones count as not met);
        None when no item applies or none was answered."""
        total = sum(i.weight for i in self.items)
        if not total or not self.answered:
            return None
        return round(100 * sum(i.weight * (i.met or 0) for i in self.items) / total)

    @property
    def best(self) -> int | None:
        """The score the contact would have if every unanswered item were met: a contact
        is below the threshold for sure only when this is."""
        total = sum(i.weight for i in self.items)
        if not total or not self.answered:
            return None
        return round(100 * sum(i.weight * (1 if i.met is None else i.met)
                               for i in self.items) / total)

    @property
    def unanswered(self) -> list[ItemScore]:
        return [i for i in self.items if i.met is None]

    @property
    def failed(self) -> list[ItemScore]:
        """Items answered but not (fully) met."""
        return [i for i in self.items if i.met is not None and i.met < 1]


def average(scores: Iterable[int | None]) -> int | None:
    """Mean of the scores that exist, rounded; None when there is none."""
    values = [s for s in scores if s is not None]
    return round(sum(values) / len(values)) if values else None


def by_store(visits: Iterable[VisitScore]) -> dict[tuple[str, str], int | None]:
    """(channel, place) -> average score of its contacts, in order of first contact."""
    groups: dict[tuple[str, str], list[int | None]] = {}
    for v in visits:
        groups.setdefault((v.channel, v.visit.where), []).append(v.score)
    return {key: average(scores) for key, scores in groups.items()}


def by_channel(visits: Iterable[VisitScore]) -> dict[str, int | None]:
    """Channel -> average score of its contacts."""
    groups: dict[str, list[int | None]] = {}
    for v in visits:
        groups.setdefault(v.channel, []).append(v.score)
    return {key: average(scores) for key, scores in groups.items()}
