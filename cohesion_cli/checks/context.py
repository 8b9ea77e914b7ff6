"""What every check receives: the rulebook and what each channel published."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from cohesion_cli.checks.grading import Grader
from cohesion_cli.checks.rule import RulebookPath
from cohesion_cli.domain import (
    Deadline,
    Evidence,
    Fact,
    FreeShipping,
    Outcome,
    PaymentDiscount,
    Price,
    PromotionWindow,
    Result,
    ReturnWindow,
    StoreService,
    Value,
)
from cohesion_cli.extract.result import Extraction
from cohesion_cli.message import Said, as_msg, msg, text_of
from cohesion_cli.rulebook.catalog import Product
from cohesion_cli.rulebook.models import Channel, Rulebook

STORE_WIDE = (Deadline, ReturnWindow, FreeShipping, PaymentDiscount, PromotionWindow, StoreService)
"""Values stated for the whole store, read by the policy checks (``checks/policy.py``)."""


@dataclass
class ChannelData:
    """A channel and the extraction of each of its documents."""

    channel: Channel
    extractions: list[Extraction] = field(default_factory=list)
    grader: Grader = field(kw_only=True)
    """Gives each result its severity and rulebook position (``checks.grader``)."""
    _by_product: dict[str, Extraction] | None = field(default=None, repr=False)
    _stated: set[Value] = field(default_factory=set, repr=False)
    _blank_kept: bool = field(default=False, repr=False)

    def add(self, extraction: Extraction) -> None:
        """Keep ``extraction``, less the store-wide values (``STORE_WIDE``) an earlier
        document of the channel already stated: the policy checks read each distinct value
        once, at its first statement, and every page of a catalog repeats them (memory then
        follows the catalog's facts, not its page count). Of the readable documents that
        state nothing any check reads, one is kept: the checks answer the same for one as
        for all."""
        facts = [f for f in extraction.facts
                 if not (isinstance(f.value, STORE_WIDE) and f.value in self._stated)]
        self._stated.update(f.value for f in extraction.facts if isinstance(f.value, STORE_WIDE))
        kept = extraction if len(facts) == len(extraction.facts) else replace(
            extraction, facts=facts)
        if _blank(kept):  # one readable document that states nothing tells what all do
            if self._blank_kept:
                return
            self._blank_kept = True
        self.extractions.append(kept)

    @property
    def readable(self) -> list[Extraction]:
        return [e for e in self.extractions if e.error is None]

    def expects(self, fact: str) -> bool:
        return self.channel.facts is None or fact in self.channel.facts

    def product_doc(self, sku: str) -> Extraction | None:
        """The readable product document for ``sku``, if the channel has one (indexed on
        first use: catalogs have thousands of products)."""
        if self._by_product is None:
            self._by_product = {}
            for e in self.readable:
                if e.snapshot.product is not None:
                    self._by_product.setdefault(e.snapshot.product, e)
        return self._by_product.get(sku)


def _blank(extraction: Extraction) -> bool:
    """Readable, and nothing in it for any check: no fact, price, text or broken locator."""
    return (extraction.error is None and not extraction.facts and extraction.main_price is None
            and not extraction.candidates and not extraction.text and extraction.wording is None
            and not extraction.broken)


@dataclass(frozen=True)
class Context:
    rulebook: Rulebook
    products: Sequence[Product]
    channels: list[ChannelData]

    def tolerance(self, expected: Decimal) -> Decimal:
        tol = self.rulebook.severity.price_tolerance
        return max(tol.absolute, expected * tol.percent / 100)


def result(
    rule: str, data: ChannelData, subject: str, outcome: Outcome, *, expected: Said = "",
    observed: Said = "", fact: Fact | None = None, evidence: Evidence | None = None,
    reason: Said = "", at: RulebookPath | None = None,
) -> Result:
    """A complete result for ``rule``: evidence comes from ``fact`` unless given directly;
    the price read's confidence travels with it; severity and rulebook position come from
    the channel's grader (``at`` names the rulebook entry when the check knows it).
    Expected, observed and reason given as messages keep their typed values for the human
    formats, beside their neutral text."""
    channel = data.channel.id
    return Result(rule=rule, channel=channel, subject=subject, outcome=outcome,
                  severity=data.grader.severity(rule, channel, subject, outcome),
                  position=data.grader.position(rule, channel, subject, at),
                  expected=text_of(expected), observed=text_of(observed),
                  expected_msg=as_msg(expected), observed_msg=as_msg(observed),
                  reason_msg=as_msg(reason),
                  evidence=fact.evidence if fact else evidence, reason=text_of(reason),
                  confidence=fact.value.confidence if fact is not None and isinstance(
                      fact.value, Price) and rule in data.grader.confident else None)


def broken_locator(rule: str, data: ChannelData, subject: str, doc: Extraction) -> Result | None:
    """An unverifiable result when this rule's locator matched nothing in ``doc``."""
    if rule not in doc.broken:
        return None
    return result(rule, data, subject, Outcome.UNVERIFIABLE, observed=doc.snapshot.location,
                  reason=msg("broken_locator", "broken locator: {locator} matched nothing "
                             "(was the page redesigned?)", locator=doc.broken[rule]))
