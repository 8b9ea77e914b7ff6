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
from cohesion_cli.ruleinfo import RuleInfo, Words
from cohesion_cli.visitscores import ItemScore

ID = "questionnaire"


def check(ctx: Context) -> Iterator[Result]:
    data = {c.channel.id: c for c in ctx.channels}
    for visit in score_visits(ctx):
        if not visit.items:
            continue
        expected = f"score >= {visit.threshold}"
        notes = [note for note in (
            _listed("not met", visit.failed),
            _listed("unanswered", visit.unanswered),
            "not in the questionnaire: " + ", ".join(visit.unknown) if visit.unknown else "",
        ) if note]
        score = visit.score
        if score is None:
            outcome, observed = Outcome.MISSING, "questionnaire not answered"
        elif visit.threshold is not None and (visit.best or 0) < visit.threshold:
            outcome, observed = Outcome.DIVERGENT, f"score {score}"
        elif visit.unanswered or visit.unknown:
            outcome, observed = Outcome.MISSING, f"score {score}, incomplete"
        else:
            outcome, observed = Outcome.OK, f"score {score}"
        yield result(ID, data[visit.channel], visit.subject, outcome, expected=expected,
                     observed=observed, evidence=visit.evidence, reason="; ".join(notes),
                     at=("questionnaire",))


def _listed(label: str, items: list[ItemScore]) -> str:
    if not items:
        return ""
    shown = [f"{i.id} ({i.answer}: {i.problem})" if i.problem else
             f"{i.id} ({i.answer})" if i.answer else i.id for i in items]
    return f"{label}: {', '.join(shown)}"


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
