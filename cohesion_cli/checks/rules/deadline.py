"""deadline: every delivery deadline a channel states ("entrega em até 5 dias úteis")
matches ``policies.delivery``: the same longest time, the same kind of days (business
or calendar, when the channel says), and the same shortest time when both give one.
"""

from __future__ import annotations

from collections.abc import Iterator

from cohesion_cli.checks.context import Context
from cohesion_cli.checks.policy import check_policy
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import Deadline, Result
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "deadline"


def check(ctx: Context) -> Iterator[Result]:
    rule = ctx.rulebook.policies.delivery
    canonical = None
    if rule is not None:
        canonical = Deadline(rule.min_days, rule.max_days, rule.business_days)

    def agrees(value: Deadline) -> bool:
        assert rule is not None
        return (value.max_days == rule.max_days
                and value.business_days in (None, rule.business_days)
                and (value.min_days is None or rule.min_days is None
                     or value.min_days == rule.min_days))

    yield from check_policy(ctx, ID, "policy:delivery", Deadline, canonical, agrees)


RULE = Rule(
    info=RuleInfo(id=ID, severity="high", doc=__doc__ or "", tag="policy", words={
        "en": Words("Delivery deadline", "delivery deadline", subjects={"delivery": "delivery"}),
        "pt-BR": Words("Prazo de entrega", "prazo de entrega", subjects={"delivery": "entrega"}),
    }),
    check=check, consumes=("deadline",), defined_in=("policies", "delivery"), channel_fact=True,
)
