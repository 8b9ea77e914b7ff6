"""free_shipping: the order value from which shipping is free ("frete grátis acima de
R$ 299") equals ``policies.free_shipping.threshold``. Statements without a minimum
("Frete grátis") are not compared.
"""

from __future__ import annotations

from collections.abc import Iterator

from cohesion_cli.checks.context import Context
from cohesion_cli.checks.policy import check_policy
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import FreeShipping, Result
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "free_shipping"


def check(ctx: Context) -> Iterator[Result]:
    rule = ctx.rulebook.policies.free_shipping
    currency = ctx.rulebook.currency
    canonical = FreeShipping(rule.threshold, currency) if rule else None

    def agrees(value: FreeShipping) -> bool:
        return rule is not None and value.threshold == rule.threshold

    yield from check_policy(ctx, ID, "policy:free_shipping", FreeShipping, canonical, agrees,
                            comparable=lambda v: v.threshold is not None)


RULE = Rule(
    info=RuleInfo(id=ID, severity="medium", doc=__doc__ or "", tag="policy", words={
        "en": Words("Free shipping", "free shipping", subjects={"free_shipping": "free shipping"}),
        "pt-BR": Words("Frete grátis", "frete grátis", subjects={"free_shipping": "frete grátis"}),
        "pt-PT": Words("Portes grátis", "portes grátis",
                       subjects={"free_shipping": "portes grátis"}),
    }),
    check=check, consumes=("free_shipping",),
    defined_in=("policies", "free_shipping"), channel_fact=True,
)
