"""price: the price a shopper pays now on each channel equals the catalog price
(within ``severity.price_tolerance``). Without a catalog price, channels are compared
with each other. A page whose main price is ambiguous is unverifiable, with the
candidates listed.
"""

from __future__ import annotations

from collections.abc import Iterator

from cohesion_cli.checks.consensus import Observation, across_channels
from cohesion_cli.checks.context import Context, broken_locator, result
from cohesion_cli.checks.product_docs import product_docs
from cohesion_cli.domain import Outcome, Price, Result, format_money

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
                shown = ", ".join(_show(f.value) for f in doc.candidates)
                yield result(ID, data, product.sku, Outcome.UNVERIFIABLE, observed=shown,
                             fact=doc.candidates[0],
                             reason=f"ambiguous main price: candidates {shown}")
                continue
            main = doc.main_price
            if main is None or not isinstance(main.value, Price):
                expected = format_money(product.price, currency) if product.price else ""
                yield result(ID, data, product.sku, Outcome.MISSING, expected=expected,
                             reason="no price found on the page")
                continue
            value = main.value
            if product.price is None:
                observations.append(Observation(data, (value.amount.normalize(), value.currency),
                                                value.show(), main))
                continue
            expected = format_money(product.price, currency)
            same = (value.currency == currency
                    and abs(value.amount - product.price) <= ctx.tolerance(product.price))
            yield result(ID, data, product.sku, Outcome.OK if same else Outcome.DIVERGENT,
                         expected=expected, observed=value.show(), fact=main)
        yield from across_channels(ID, product.sku, observations)


def _show(value: object) -> str:
    return value.show() if isinstance(value, Price) else str(value)
