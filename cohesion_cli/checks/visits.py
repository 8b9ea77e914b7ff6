"""Mystery-shopper contacts (``visit`` facts of observation channels) and their scores on
the rulebook's questionnaire (:mod:`cohesion_cli.rulebook.questionnaire`): shared by the
``questionnaire``, ``wait_time`` and ``attachments`` rules and carried by the report, so
that every format can show each visit, and the averages per store and per channel."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cohesion_cli.checks.context import ChannelData, Context
from cohesion_cli.domain import Evidence, Visit
from cohesion_cli.rulebook.questionnaire import Item, Questionnaire

_YES = frozenset({"sim", "s", "yes", "y", "true", "x", "ok", "si", "ja", "oui"})
_NO = frozenset({"nao", "n", "no", "false", "nein", "non"})


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
    def unanswered(self) -> list[ItemScore]:
        return [i for i in self.items if i.met is None]

    @property
    def failed(self) -> list[ItemScore]:
        """Items answered but not (fully) met."""
        return [i for i in self.items if i.met is not None and i.met < 1]


def contacts(ctx: Context) -> Iterator[tuple[ChannelData, Visit, Evidence, str]]:
    """Each contact of each channel with its evidence and subject, in record order."""
    for data in ctx.channels:
        seen: dict[str, int] = {}
        for doc in data.readable:
            for fact in doc.facts:
                if isinstance(fact.value, Visit):
                    subject = _subject(fact.value)
                    seen[subject] = seen.get(subject, 0) + 1
                    if seen[subject] > 1:
                        subject += f" #{seen[subject]}"
                    yield data, fact.value, fact.evidence, subject


def _subject(visit: Visit) -> str:
    when = visit.when.replace("T", " ")[:16]
    return f"{visit.type}:{' '.join(p for p in (visit.where, when) if p)}"


def score_visits(ctx: Context) -> list[VisitScore]:
    """Every contact of the run, scored on the questionnaire where it applies."""
    form = ctx.rulebook.questionnaire
    out = []
    for data, visit, evidence, subject in contacts(ctx):
        channel = data.channel.id
        if form is None or not form.applies(channel):
            out.append(VisitScore(channel, subject, visit, evidence))
            continue
        out.append(score(form, visit, channel, subject, evidence))
    return out


def score(form: Questionnaire, visit: Visit, channel: str, subject: str,
          evidence: Evidence) -> VisitScore:
    """One contact scored on ``form``."""
    answers = dict(visit.answers)
    items = tuple(_item(item, answers.get(item.id, "")) for item in form.items
                  if item.applies_to is None or visit.type in item.applies_to)
    known = {item.id for item in form.items}
    return VisitScore(channel, subject, visit, evidence, items,
                      tuple(a for a in answers if a not in known), form.threshold)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", " ".join(text.casefold().split()))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _item(item: Item, answer: str) -> ItemScore:
    def scored(met: float | None, problem: str = "") -> ItemScore:
        return ItemScore(item.id, item.text, float(item.weight), answer, met, problem)

    plain = _plain(answer).rstrip(".!")
    if not plain:
        return scored(None)
    if item.type == "yes_no":
        if plain not in _YES | _NO:
            return scored(None, "not yes or no")
        return scored(1.0 if (plain in _YES) == (item.expected == "yes") else 0.0)
    if item.type == "scale":
        try:
            value = float(plain.replace(",", "."))
        except ValueError:
            value = 0.0
        if not 1 <= value <= 5:
            return scored(None, "not 1 to 5")
        return scored((value - 1) / 4)
    return scored(1.0 if _plain(item.phrase or "") in plain else 0.0)


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
