"""Checks that run while documents arrive, so that memory does not grow with the catalog.

A product rule (``Rule.scope == "product"``) reads each product's own documents only: it runs
for a product as soon as every document that can state that product's facts is in, and those
documents are then forgotten. The channels keep, of a product document, only what the store
rules read (its errors, broken locators, text and the kinds of fact they declare in
``Rule.consumes``). The store rules run at the end. Results come out in the order
``run_all`` gives: by rule, then by product in catalog order. Each product rule's results
are kept in a ``ResultLog``, which writes the older ones to disk past ``spill.KEEP`` (1,024).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from cohesion_cli.checks import RULES
from cohesion_cli.checks.causes import attach
from cohesion_cli.checks.context import ChannelData, Context
from cohesion_cli.checks.spill import ResultLog, Results
from cohesion_cli.domain import Result
from cohesion_cli.extract.result import Extraction
from cohesion_cli.rulebook.catalog import Product
from cohesion_cli.rulebook.models import Rulebook
from cohesion_cli.rulebook.products import Products


class Checker:
    """Collects extractions (``add``), checks the catalog's products in order as their
    documents are all in (``complete``) and gives every result at the end (``results``)."""

    def __init__(self, rulebook: Rulebook, products: Sequence[Product],
                 channels: list[ChannelData]) -> None:
        self._rulebook = rulebook
        self._products = products
        self._channels = {data.channel.id: data for data in channels}
        self._product_rules = [r for r in RULES.values() if r.scope == "product"]
        self._store_kinds = frozenset(
            kind for r in RULES.values()
            for kind in (r.consumes if r.scope == "store" else r.store_consumes))
        self._pending: dict[str, dict[str, list[Extraction]]] = {}
        self._found = {r.id: ResultLog() for r in self._product_rules}
        self._checked = 0

    def add(self, extraction: Extraction) -> None:
        data = self._channels[extraction.snapshot.channel]
        sku = extraction.snapshot.product
        if sku is None or extraction.error is not None:
            data.add(extraction)
            return
        self._pending.setdefault(sku, {}).setdefault(data.channel.id, []).append(extraction)
        data.add(self._store_part(extraction))

    def complete(self, count: int) -> None:
        """Check the first ``count`` products of the catalog (those not checked yet): every
        document about them is in. Their documents are then forgotten."""
        while self._checked < min(count, len(self._products)):
            self._check(self._products[self._checked])
            self._checked += 1

    def results(self) -> Collection[Result]:
        """Every result, the remaining products checked first: the product rules' and the
        store rules', in registry order, consequences attached to their causes."""
        self.complete(len(self._products))
        self._pending.clear()  # documents about products the catalog does not have
        context = self.store_context()
        parts: list[Collection[Result]] = []
        for rule in RULES.values():
            if rule.scope == "product":
                parts += [list(rule.store_check(context) if rule.store_check else ()),
                          self._found[rule.id]]
            else:
                parts.append(list(rule.check(context)))
        return attach(Results(parts))

    def store_context(self) -> Context:
        """What the store rules read: the whole catalog and what each channel keeps."""
        return Context(self._rulebook, self._products, list(self._channels.values()))

    def _check(self, product: Product) -> None:
        mine = self._pending.pop(product.sku, {})
        channels = [ChannelData(data.channel, mine.get(data.channel.id, []), grader=data.grader)
                    for data in self._channels.values()]
        context = Context(self._rulebook, [product], channels)
        for rule in self._product_rules:
            self._found[rule.id].extend(rule.check(context))

    def _store_part(self, extraction: Extraction) -> Extraction:
        """What the store rules read of a product document: the kinds of fact they declare
        they consume (``Rule.consumes``); its main price too when one of them reads prices."""
        if "price" in self._store_kinds:
            return extraction
        return replace(extraction, main_price=None, candidates=[],
                       facts=[f for f in extraction.facts if f.kind in self._store_kinds])


def product_major(about: list[str | None], products: Products) -> list[int]:
    """The order to read documents in, given the product each is ``about`` (None: about no
    one product): those about no product first (feeds, policy pages, chats: they may state
    any product's facts), then each product's documents together, in catalog order, so each
    product is checked, and forgotten, as soon as its last document is in."""
    def place(sku: str) -> int:
        at = products.rank(sku)
        return len(products) if at is None else at

    return sorted(range(len(about)), key=lambda i: -1 if about[i] is None
                  else place(about[i] or ""))
