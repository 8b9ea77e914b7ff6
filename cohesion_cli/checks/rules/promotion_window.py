"""promotion_window: every offer validity a channel states ("válido até 30/11", "oferta de
01/11 a 30/11/2026", "sale ends November 30") matches a campaign of ``campaigns:`` that runs
on that channel — its last day is the campaign's last day and its first day, when stated,
the campaign's first day — and had not ended on the day the channel was read (an offer
still on show after its last day). Subject ``policy:promotions``. Without campaigns only
offers already over are reported; a channel that states no validity is not reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from cohesion_cli.checks.context import ChannelData, Context, result
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import Fact, Outcome, PromotionWindow, Result
from cohesion_cli.extract.offers import read_date
from cohesion_cli.rulebook.models import Campaign
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "promotion_window"
SUBJECT = "policy:promotions"


def check(ctx: Context) -> Iterator[Result]:
    for data in ctx.channels:
        if not data.expects(ID):
            continue
        campaigns = [c for c in ctx.rulebook.campaigns
                     if c.channels is None or data.channel.id in c.channels]
        stated = _windows(data)
        if not stated:
            continue
        wrong = [(fact, why) for fact, read_on in stated
                 for why in [_problem(fact, read_on, campaigns)] if why]
        expected = "; ".join(_show(c) for c in campaigns) if campaigns else \
            "offers still running on the day read"
        yield result(ID, data, SUBJECT, Outcome.DIVERGENT if wrong else Outcome.OK,
                     expected=expected,
                     observed="; ".join(dict.fromkeys(f.value.show() for f, _ in stated)),
                     fact=wrong[0][0] if wrong else stated[0][0],
                     reason=wrong[0][1] if wrong else "",
                     at=("campaigns",) if campaigns else None)


def _windows(data: ChannelData) -> list[tuple[Fact, date]]:
    """Each distinct validity the channel states, with the day its document was read."""
    seen: dict[PromotionWindow, tuple[Fact, date]] = {}
    for doc in data.readable:
        for fact in doc.facts:
            if isinstance(fact.value, PromotionWindow):
                seen.setdefault(fact.value, (fact, read_date(doc.snapshot.retrieved_at)))
    return list(seen.values())


def _problem(fact: Fact, read_on: date, campaigns: list[Campaign]) -> str:
    window = fact.value
    assert isinstance(window, PromotionWindow)
    if window.end < read_on:
        return (f"the offer ended on {window.end.isoformat()} and was still shown on "
                f"{read_on.isoformat()}")
    if not campaigns or any(_matches(window, c) for c in campaigns):
        return ""
    return f"no campaign ends on {window.end.isoformat()}" + (
        f" or starts on {window.start.isoformat()}" if window.start else "")


def _matches(window: PromotionWindow, campaign: Campaign) -> bool:
    return window.end == campaign.end and window.start in (None, campaign.start)


def _show(campaign: Campaign) -> str:
    return (f"{campaign.name or campaign.id}: {campaign.start.isoformat()} – "
            f"{campaign.end.isoformat()}")


RULE = Rule(
    info=RuleInfo(id=ID, severity="medium", doc=__doc__ or "", tag="policy", words={
        "en": Words("Offer validity", "offer validity", subjects={"promotions": "promotions"}),
        "pt-BR": Words("Validade das ofertas", "validade da oferta",
                       subjects={"promotions": "promoções"}),
        "pt-PT": Words("Validade das promoções", "validade da promoção",
                       subjects={"promotions": "promoções"}),
    }),
    check=check, consumes=("promotion_window",), channel_fact=True,
)
