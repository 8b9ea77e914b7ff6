"""Decide which price the shopper pays now for the page's product.

Order of trust: a rulebook locator; structured data (matched to the product's SKU or
GTIN when the page describes several); then prices in the text, leaving out list
prices, installment parts, totals, discounts, shipping and related-product blocks.
When distinct candidates remain, the page is ambiguous and the candidates are kept.
"""

from __future__ import annotations

import re
from dataclasses import replace

from cohesion_cli.domain import Fact, Price
from cohesion_cli.extract.structured import Tagged

_PRICE_MARK = re.compile(r"price|preco|preço|valor|sale|por\b", re.IGNORECASE)
MAIN_ROLES = ("sale", "unknown")


def distinct(facts: list[Fact]) -> list[Fact]:
    seen: dict[tuple[object, ...], Fact] = {}
    for fact in facts:
        assert isinstance(fact.value, Price)
        seen.setdefault((fact.value.amount.normalize(), fact.value.currency), fact)
    return list(seen.values())


def _structured(tagged: list[Tagged], ids: set[str]) -> list[Fact]:
    sale = [t for t in tagged if isinstance(t.fact.value, Price) and t.fact.value.role == "sale"]
    matched = [t for t in sale if ids & t.ids]
    if matched:
        return [t.fact for t in matched]
    untagged = [t.fact for t in sale if not t.ids]
    owners = {t.ids for t in sale if t.ids}
    if len(owners) <= 1:
        return [t.fact for t in sale]
    return untagged or [t.fact for t in sale]


def choose(tagged: list[Tagged], text_prices: list[Fact], ids: set[str]
           ) -> tuple[Fact | None, list[Fact]]:
    """(main price, ambiguous candidates). Exactly one of them is non-empty, or neither."""
    structured = distinct(_structured(tagged, ids))
    if len(structured) == 1:
        return _main(structured[0]), []
    if len(structured) > 1:
        return None, structured
    pool = [f for f in text_prices if isinstance(f.value, Price) and f.value.role in MAIN_ROLES]
    promoted = [f for f in pool if isinstance(f.value, Price) and f.value.role == "sale"]
    candidates = distinct(promoted or pool)
    if len(candidates) > 1:
        marked = distinct([f for f in promoted or pool if _PRICE_MARK.search(f.evidence.locator)])
        if len(marked) == 1:
            candidates = marked
    if len(candidates) == 1:
        return _main(candidates[0]), []
    return None, candidates


def _main(fact: Fact) -> Fact:
    assert isinstance(fact.value, Price)
    return replace(fact, value=replace(fact.value, role="sale", main=True))
