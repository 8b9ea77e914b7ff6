"""Mystery-shopper contacts (``visit`` facts of observation channels) and their scores on
the rulebook's questionnaire (:mod:`cohesion_cli.rulebook.questionnaire`): shared by the
``questionnaire``, ``wait_time`` and ``attachments`` rules; the engine hands the scores
(:mod:`cohesion_cli.visitscores`) to the report, so that every format can show them."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import replace

from cohesion_cli.checks.context import ChannelData, Context
from cohesion_cli.domain import Evidence, Visit
from cohesion_cli.rulebook.questionnaire import Item, Questionnaire
from cohesion_cli.visitscores import ItemScore, VisitScore

_YES = frozenset({"sim", "s", "yes", "y", "true", "x", "ok", "si", "ja", "oui"})
_NO = frozenset({"nao", "n", "no", "false", "nein", "non"})


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
    level = ctx.rulebook.policies.service_level
    out = []
    for data, visit, evidence, subject in contacts(ctx):
        channel = data.channel.id
        scored = VisitScore(channel, subject, visit, evidence)
        if form is not None and form.applies(channel):
            scored = score(form, visit, channel, subject, evidence)
        limit = level.wait_limit(visit.type) if level is not None else None
        out.append(replace(scored, wait_limit=limit))
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
