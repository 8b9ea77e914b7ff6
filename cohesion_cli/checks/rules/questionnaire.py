"""questionnaire: each mystery-shopper call, store visit or chat of an observation channel
is scored on the rulebook's ``questionnaire`` (yes/no items, scales 1-5, phrases the staff
must say; each with a weight) from the answers in its record (``checklist:``, ``score:``).
A contact scoring below ``questionnaire.threshold`` is divergent, with the items not met
(unanswered items count as not met in the score, but a contact is divergent only when it
would stay below the threshold even if they were met); one that leaves items unanswered,
or answers none, is missing them. Each contact is its own
subject (``visit:<store> <date time>``, ``call:<line> <date time>``), so every finding
names the store or line and the visit.
"""

from __future__ import annotations

from collections.abc import Iterator

from cohesion_cli.checks.context import Context, result
from cohesion_cli.checks.rule import Rule
from cohesion_cli.checks.visits import score_visits
from cohesion_cli.domain import Outcome, Result
from cohesion_cli.message import Arg, Msg, msg
from cohesion_cli.ruleinfo import RuleInfo, Words
from cohesion_cli.visitscores import ItemScore

ID = "questionnaire"


def check(ctx: Context) -> Iterator[Result]:
    data = {c.channel.id: c for c in ctx.channels}
    for visit in score_visits(ctx):
        if not visit.items:
            continue
        expected = msg("score_at_least", "score >= {threshold}", threshold=visit.threshold) \
            if visit.threshold is not None else msg("no_threshold", "score >= None")
        notes = [note for note in (
            _listed("not_met", "not met: {items}", visit.failed),
            _listed("unanswered_items", "unanswered: {items}", visit.unanswered),
            msg("unknown_items", "not in the questionnaire: {items}", items=visit.unknown)
            if visit.unknown else None,
        ) if note is not None]
        score = visit.score
        observed: Msg
        if score is None:
            outcome = Outcome.MISSING
            observed = msg("not_answered", "questionnaire not answered")
        elif visit.threshold is not None and (visit.best or 0) < visit.threshold:
            outcome, observed = Outcome.DIVERGENT, msg("score", "score {score}", score=score)
        elif visit.unanswered or visit.unknown:
            outcome = Outcome.MISSING
            observed = msg("score_incomplete", "score {score}, incomplete", score=score)
        else:
            outcome, observed = Outcome.OK, msg("score", "score {score}", score=score)
        yield result(ID, data[visit.channel], visit.subject, outcome, expected=expected,
                     observed=observed, evidence=visit.evidence,
                     reason=msg("sentences", "{sentences:; }", sentences=tuple(notes))
                     if notes else "",
                     at=("questionnaire",))


_PROBLEMS = {"not yes or no": "not_yes_no", "not 1 to 5": "not_one_to_five"}


def _listed(key: str, text: str, items: list[ItemScore]) -> Msg | None:
    if not items:
        return None
    return msg(key, text, items=tuple(_item(i) for i in items))


def _item(item: ItemScore) -> Arg:
    """``id (answer: problem)``, ``id (answer)`` or the id, as the record answered it."""
    if item.problem:
        problem = msg(_PROBLEMS[item.problem], item.problem) if item.problem in _PROBLEMS \
            else item.problem
        return msg("item_problem", "{id} ({answer}: {problem})", id=item.id,
                   answer=item.answer, problem=problem)
    if item.answer:
        return msg("item_answer", "{id} ({answer})", id=item.id, answer=item.answer)
    return item.id


RULE = Rule(
    info=RuleInfo(id=ID, severity="medium", doc=__doc__ or "", tag="service", words={
        "en": Words("Mystery-shopper questionnaire", "questionnaire score",
                    actions={"divergent": "Coach the team on the questionnaire items not met",
                             "missing": "Complete the questionnaire in the shopper's record"}),
        "pt-BR": Words("Questionário do cliente oculto", "nota do questionário",
                       actions={"divergent": "Treinar a equipe nos itens do questionário não "
                                             "atendidos",
                                "missing": "Completar o questionário no registro da visita"}),
        "pt-PT": Words("Questionário do cliente mistério", "nota do questionário",
                       actions={"divergent": "Formar a equipa nos itens do questionário não "
                                             "cumpridos",
                                "missing": "Completar o questionário no registo da visita"}),
    }),
    check=check, consumes=("visit",),
)
