"""return_window: every exchange/return window a channel states ("troca em até 30
dias") equals ``policies.returns.days``. The legal right of withdrawal ("7 dias para
desistir da compra", CDC art. 49) is a different promise and is not compared with it; in a
pt-BR rulebook a channel stating a withdrawal period shorter than the legal 7 days is
divergent (subject ``policy:withdrawal``). ``policies.withdrawal`` (usually from a rule
pack: ``include: [br-cdc]``, ``[pt-dl24-2014]``) sets that period and its law for any
locale.
"""

from __future__ import annotations

from collections.abc import Iterator

from cohesion_cli.checks.context import Context, result
from cohesion_cli.checks.policy import check_policy
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import Outcome, Result, ReturnWindow
from cohesion_cli.message import msg, value
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "return_window"
LEGAL_WITHDRAWAL_DAYS = 7


def check(ctx: Context) -> Iterator[Result]:
    rule = ctx.rulebook.policies.returns
    canonical = ReturnWindow(rule.days) if rule else None
    yield from check_policy(ctx, ID, "policy:returns", ReturnWindow, canonical,
                            lambda v: rule is not None and v.days == rule.days,
                            comparable=lambda v: not v.withdrawal)
    law = ctx.rulebook.policies.withdrawal
    if law is not None:
        yield from _short_withdrawal(ctx, law.days, law.law)
    elif ctx.rulebook.locale.startswith("pt"):
        yield from _short_withdrawal(ctx, LEGAL_WITHDRAWAL_DAYS, "CDC art. 49")


def _short_withdrawal(ctx: Context, days: int, law: str) -> Iterator[Result]:
    for data in ctx.channels:
        if not data.expects(ID):
            continue
        for doc in data.readable:
            short = [f for f in doc.facts if isinstance(f.value, ReturnWindow)
                     and f.value.withdrawal and f.value.days < days]
            if short:
                yield result(ID, data, "policy:withdrawal", Outcome.DIVERGENT,
                             expected=msg("at_least_days", "at least {days} days ({law})",
                                          days=days, law=law) if law else
                             msg("at_least", "at least {days} days", days=days),
                             observed=value(short[0].value), fact=short[0],
                             reason=msg("shorter_withdrawal",
                                        "shorter than the legal right of withdrawal"))
                break


RULE = Rule(
    info=RuleInfo(id=ID, severity="high", doc=__doc__ or "", tag="policy", words={
        "en": Words(
            "Return window",
            "return window",
            subjects={"returns": "exchanges and returns", "withdrawal": "right of withdrawal"},
        ),
        "pt-BR": Words(
            "Prazo de troca",
            "prazo de troca",
            subjects={
                "returns": "trocas e devoluções",
                "withdrawal": "direito de arrependimento",
            },
        ),
        "pt-PT": Words(
            "Prazo de troca",
            "prazo de troca",
            subjects={
                "returns": "trocas e devoluções",
                "withdrawal": "direito de livre resolução",
            },
        ),
    }),
    check=check, consumes=("return_window",), defined_in=("policies", "returns"), channel_fact=True,
)
