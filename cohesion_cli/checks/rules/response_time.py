"""response_time: on conversational channels (WhatsApp exports), every customer question
is answered by the brand within ``policies.service_level.first_response_minutes``. The
slowest answer is compared; a question never answered counts as too slow. Channels
without measured answers are not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from cohesion_cli.checks.context import Context, result
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import Fact, Outcome, ResponseTime, Result
from cohesion_cli.message import msg
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "response_time"


def check(ctx: Context) -> Iterator[Result]:
    level = ctx.rulebook.policies.service_level
    if level is None:
        return
    limit = level.first_response_minutes
    for data in ctx.channels:
        if not data.expects(ID):
            continue
        times = [f for d in data.readable for f in d.facts if isinstance(f.value, ResponseTime)]
        if not times:
            continue
        worst = max(times, key=_minutes)
        assert isinstance(worst.value, ResponseTime)
        slow = [f for f in times if _minutes(f) > limit]
        outcome = Outcome.DIVERGENT if slow else Outcome.OK
        yield result(ID, data, "policy:service_level", outcome,
                     expected=msg("answer_within", "first answer within {minutes} min",
                                  minutes=float(limit)),
                     observed=msg("slowest", "slowest: {value}", value=worst.value), fact=worst,
                     reason=msg("late", "{n} of {total} question(s) answered late",
                                n=len(slow), total=len(times)) if slow else "")


def _minutes(fact: Fact) -> float:
    value = fact.value
    assert isinstance(value, ResponseTime)
    return float("inf") if value.minutes is None else value.minutes


RULE = Rule(
    info=RuleInfo(id=ID, severity="medium", doc=__doc__ or "", tag="service", words={
        "en": Words(
            "Response time",
            "response time",
            actions={"divergent": "Answer customers within the service level"},
            subjects={"service_level": "service level"},
        ),
        "pt-BR": Words(
            "Tempo de resposta",
            "tempo de resposta",
            actions={"divergent": "Responder clientes dentro do nível de serviço"},
            subjects={"service_level": "nível de serviço"},
        ),
    }),
    check=check, consumes=("response_time",),
    defined_in=("policies", "service_level"), channel_fact=True,
)
