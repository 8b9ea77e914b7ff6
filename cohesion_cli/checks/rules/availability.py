"""availability: a product is in stock on every channel or on none. Channels are compared
with each other per product (the rulebook holds no stock): JSON-LD ``availability``, a
feed's ``g:availability``, an app's ``disponivel``/``in_stock`` key, and the visible text
("esgotado", "indisponível", "out of stock", "em estoque"). The channels that differ from
most are divergent — e.g. an ad in the feed for a product the shop says is sold out.
Pre-orders and back-orders count as orderable. A channel that says nothing of stock is not
reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from cohesion_cli.checks.consensus import Observation, across_channels
from cohesion_cli.checks.context import Context
from cohesion_cli.checks.product_docs import product_docs
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import Availability, Result
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "availability"


def check(ctx: Context) -> Iterator[Result]:
    for product, docs in product_docs(ctx, ID):
        observations = []
        for data, doc in docs:
            fact = next((f for f in doc.facts if isinstance(f.value, Availability)), None)
            if fact is not None and isinstance(fact.value, Availability):
                shown = "in stock" if fact.value.in_stock else "out of stock"
                observations.append(Observation(data, fact.value.in_stock, shown, fact))
        if len(observations) > 1:
            yield from across_channels(ID, product.sku, observations)


RULE = Rule(
    info=RuleInfo(id=ID, severity="high", doc=__doc__ or "", tag="availability", words={
        "en": Words("Availability", "availability"),
        "pt-BR": Words("Disponibilidade", "disponibilidade"),
        "pt-PT": Words("Disponibilidade", "disponibilidade"),
    }),
    check=check, consumes=("availability",), channel_fact=True, scope="product",
)
