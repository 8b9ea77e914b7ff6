"""list_price: the crossed-out "from" price ("De R$ ...") matches the catalog's list
price; a channel showing a "from" price the catalog does not have is a divergence
(a discount that does not exist). Only checked where the catalog or the channel shows one;
a list-price locator that finds nothing on a product without a list price is fine. A page
showing several different list prices ("De", "RRP", "in other stores"...) is unverifiable:
which one is this product's is not known.
"""

from __future__ import annotations

from collections.abc import Iterator

from cohesion_cli.checks.context import Context, broken_locator, result
from cohesion_cli.checks.product_docs import product_docs
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import Outcome, Price, Result
from cohesion_cli.message import Money, msg, value
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "list_price"


def check(ctx: Context) -> Iterator[Result]:
    currency = ctx.rulebook.currency
    for product, docs in product_docs(ctx, ID):
        for data, doc in docs:
            broken = broken_locator(ID, data, product.sku, doc)
            if broken and product.list_price is not None:
                yield broken
                continue
            shown = doc.distinct_prices("list")
            if len(shown) > 1:
                listed = tuple(f.value for f in shown)
                yield result(ID, data, product.sku, Outcome.UNVERIFIABLE,
                             observed=msg("values", "{values}", values=listed), fact=shown[0],
                             reason=msg("several_list", "several list prices on the page: "
                                        "{values}", values=listed))
                continue
            fact = shown[0] if shown else None
            if product.list_price is None:
                if fact is not None and isinstance(fact.value, Price):
                    yield result(ID, data, product.sku, Outcome.DIVERGENT,
                                 expected=msg("no_list_price", "no list price (no discount)"),
                                 observed=value(fact.value), fact=fact)
                continue
            expected = value(Money(product.list_price, currency))
            if fact is None or not isinstance(fact.value, Price):
                yield result(ID, data, product.sku, Outcome.MISSING, expected=expected,
                             reason=msg("no_list_found", "no crossed-out list price on the page"))
                continue
            same = abs(fact.value.amount - product.list_price) <= ctx.tolerance(product.list_price)
            yield result(ID, data, product.sku, Outcome.OK if same else Outcome.DIVERGENT,
                         expected=expected, observed=value(fact.value), fact=fact)


RULE = Rule(
    info=RuleInfo(id=ID, severity="medium", doc=__doc__ or "", tag="product", words={
        "en": Words("List price", "list price"),
        "pt-BR": Words("Preço “de”", "preço \"de\""),
        "pt-PT": Words("Preço de referência", "preço de referência"),
    }),
    check=check, consumes=("price",), channel_fact=True, scope="product",
)
