"""price: the price a shopper pays now on each channel equals the catalog price
(within ``severity.price_tolerance``). Without a catalog price, channels are compared
with each other.

Trust rule: a divergence is raised only from a confident main price. A page whose main
price is ambiguous, or whose main price has a confidence below
``severity.min_price_confidence``, is *unverifiable* with the candidates listed — never
divergent. With ``catalog.price_basis: pix | cash | card`` the page's price for that
payment method is compared when the page shows one (like with like), else its headline;
channels compared with each other (no catalog price) are compared on their headlines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from cohesion_cli.checks.consensus import Observation, across_channels
from cohesion_cli.checks.context import Context, broken_locator, result
from cohesion_cli.checks.product_docs import product_docs
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import Fact, Outcome, Price, Result, Value
from cohesion_cli.extract.result import Extraction
from cohesion_cli.message import Money, msg
from cohesion_cli.message import value as said
from cohesion_cli.rulebook.catalog import PriceBasis
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "price"


def check(ctx: Context) -> Iterator[Result]:
    currency = ctx.rulebook.currency
    for product, docs in product_docs(ctx, ID):
        observations = []
        for data, doc in docs:
            broken = broken_locator(ID, data, product.sku, doc)
            if broken:
                yield broken
                continue
            if doc.candidates:
                shown = msg("values", "{values}", values=tuple(
                    msg("candidate", "{value} ({confidence})", value=f.value,
                        confidence=Decimal(f"{_confidence(f):.2f}")) for f in doc.candidates))
                yield result(ID, data, product.sku, Outcome.UNVERIFIABLE, observed=shown,
                             fact=doc.candidates[0],
                             reason=msg("ambiguous", "ambiguous main price: candidates {values}",
                                        values=shown))
                continue
            main = doc.main_price
            if main is not None and product.price is not None:
                main, several = _on_basis(doc, main, ctx.rulebook.catalog.price_basis)
                if several:
                    yield result(ID, data, product.sku, Outcome.UNVERIFIABLE,
                                 observed=msg("values", "{values}", values=several), fact=main,
                                 reason=msg("several_basis", "several {basis} prices on the "
                                            "page: {values}", values=several,
                                            basis=ctx.rulebook.catalog.price_basis))
                    continue
            if main is None or not isinstance(main.value, Price):
                yield result(ID, data, product.sku, Outcome.MISSING,
                             expected=said(Money(product.price, currency))
                             if product.price else "",
                             reason=msg("no_price", "no price found on the page"))
                continue
            value = main.value
            if product.price is None:
                observations.append(Observation(data, (value.amount.normalize(), value.currency),
                                                value.show(), main))
                continue
            expected = said(Money(product.price, currency))
            same = (value.currency == currency
                    and abs(value.amount - product.price) <= ctx.tolerance(product.price))
            yield result(ID, data, product.sku, Outcome.OK if same else Outcome.DIVERGENT,
                         expected=expected, observed=said(value), fact=main)
        yield from across_channels(ID, product.sku, observations)


def _confidence(fact: Fact) -> float:
    return fact.value.certainty if isinstance(fact.value, Price) else 1.0


def _on_basis(doc: Extraction, main: Fact, basis: PriceBasis) -> tuple[Fact, tuple[Value, ...]]:
    """(the price to compare, the amounts shown when they are several). The page's price
    for the catalog's payment basis when it shows one, carrying the main price's
    confidence; the headline price when it shows none."""
    if basis == "headline":
        return main, ()
    shown = doc.distinct_prices(basis)
    if len(shown) > 1:
        return main, tuple(f.value for f in shown)
    if not shown or not isinstance(main.value, Price):
        return main, ()
    fact = shown[0]
    assert isinstance(fact.value, Price)
    return replace(fact, value=replace(fact.value, confidence=main.value.confidence)), ()


RULE = Rule(
    info=RuleInfo(id=ID, severity="critical", doc=__doc__ or "", tag="product", words={
        "en": Words("Price", "price"),
        "pt-BR": Words("Preço", "preço"),
    }),
    check=check, consumes=("price",), carries_confidence=True, channel_fact=True,
    scope="product",
)
