"""``feed``: a product feed — Google Merchant Center XML (RSS or Atom) or CSV/TSV —
read from a file or an http(s) URL and parsed safely (defusedxml). Each item is matched
to the catalog by SKU (the item's id or mpn) or by GTIN. ``g:sale_price`` (else
``g:price``) is the price the shopper pays, ``g:price`` beside a sale price the list price;
``g:installment`` gives the plan; handling plus transit times give the delivery deadline;
``free_shipping_threshold`` the free-shipping threshold; ``g:availability`` the stock;
``g:sale_price_effective_date`` the days the sale price is valid. A
catalog product missing from the feed has no price there (``missing``). Several items with
the product's id at different prices make its price ambiguous (``unverifiable``, with every
price a candidate).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from cohesion_cli.channels.extraction import ExtractContext
from cohesion_cli.channels.kinds import file
from cohesion_cli.channels.kinds.base import Kind, no_problems
from cohesion_cli.channels.transport.http import fetch
from cohesion_cli.channels.transport.snapshots import failed
from cohesion_cli.domain import (
    Availability,
    Deadline,
    Evidence,
    Fact,
    FreeShipping,
    Installment,
    Price,
    PromotionWindow,
    Snapshot,
    Value,
)
from cohesion_cli.extract.result import Extraction
from cohesion_cli.extract.stock import status_of
from cohesion_cli.rulebook.plan import DocumentSpec

if TYPE_CHECKING:
    from cohesion_cli.channels.parsers.feed import FeedItem, Money


def read(spec: DocumentSpec) -> Snapshot:
    if spec.location.startswith(("http://", "https://")):
        return fetch(spec, "application/xml, text/xml, text/csv, */*;q=0.5")
    return file.read(spec)


def extract(snapshot: Snapshot, ctx: ExtractContext) -> list[Extraction]:
    # the parser is imported when a feed is read: a run without feeds never needs it
    from cohesion_cli.channels.parsers.feed import FeedError, match_items, parse_feed

    if snapshot.error:
        return [Extraction(snapshot)]
    try:
        items = parse_feed(snapshot.body, snapshot.content_type, default_currency=ctx.currency)
    except FeedError as exc:
        spec = DocumentSpec(channel=snapshot.channel, kind=KIND.name,
                            location=snapshot.location, role=snapshot.role)
        return [Extraction(failed(spec, f"unreadable feed: {exc}"))]
    wanted = set(ctx.channel.products) if ctx.channel.products is not None else None
    products = [p for p in ctx.products if wanted is None or p.sku in wanted]
    matched = match_items(items, {p.sku: p.sku for p in products},
                          {p.gtin: p.sku for p in products if p.gtin})
    same_id: dict[str, list[FeedItem]] = {}
    for each in items:
        same_id.setdefault(each.id.strip(), []).append(each)
    out = []
    for product in products:
        own = replace(snapshot, product=product.sku, role="product")
        item = matched.get(product.sku)
        extraction = Extraction(own, text=item.title if item else "")
        if item is not None:
            extraction.facts = _facts(item, own, ctx.currency)
            extraction.main_price = _main(extraction.facts)
            rivals = _rivals(same_id.get(item.id.strip(), [item]), own, ctx.currency)
            if rivals:
                extraction.main_price, extraction.candidates = None, rivals
                extraction.facts = [f for f in extraction.facts if f.kind != "price"]
        out.append(extraction)
    return out


def _main(facts: list[Fact]) -> Fact | None:
    return next((f for f in facts if isinstance(f.value, Price) and f.value.main), None)


def _rivals(items: list[FeedItem], snap: Snapshot, currency: str) -> list[Fact]:
    """The prices of several items with one id that disagree (the product's price is
    ambiguous: each is a candidate), else nothing."""
    prices: dict[object, Fact] = {}
    for item in items:
        main = _main(_facts(item, snap, currency))
        if main is not None and isinstance(main.value, Price):
            prices.setdefault(main.value.key, main)
    if len(prices) < 2:
        return []
    share = round(1 / len(prices), 2)
    return [replace(f, value=replace(f.value, main=False, confidence=share))
            for f in prices.values() if isinstance(f.value, Price)]


KIND = Kind("feed", over_http=False, read=read, extract=extract, validate=no_problems)
"""Not ``over_http``: a feed's documents are URLs only when its location is one."""


def _facts(item: FeedItem, snap: Snapshot, currency: str) -> list[Fact]:
    """The item's facts; each excerpt starts with the attribute and the value read
    ("sale_price 559.90 BRL"), then the item as written."""
    def fact(value: Value, what: str) -> Fact:
        return Fact(value, Evidence(f"{what} — {item.raw[:160]}", item.locator, snap.location,
                                    snap.id))

    def cur(money: Money) -> str:
        return money.currency or currency

    def said(money: Money) -> str:
        return f"{money.amount} {cur(money)}"

    facts: list[Fact] = []
    paying = item.sale_price or item.price
    if paying is not None:
        facts.append(fact(Price(paying.amount, cur(paying), "sale", main=True),
                          f"{'sale_price' if item.sale_price else 'price'} {said(paying)}"))
    if item.sale_price is not None and item.price is not None \
            and item.price.amount != item.sale_price.amount:
        facts.append(fact(Price(item.price.amount, cur(item.price), "list"),
                          f"price {said(item.price)}"))
    if item.installment_months:
        amount = item.installment_amount
        facts.append(fact(Installment(item.installment_months,
                                      amount.amount if amount else None,
                                      cur(amount) if amount else currency, None),
                          f"installment: months {item.installment_months}"
                          + (f", amount {said(amount)}" if amount else "")))
    high = (item.max_handling_days or 0) + (item.max_transit_days or 0)
    if high:
        low = (item.min_handling_days or 0) + (item.min_transit_days or 0)
        facts.append(fact(Deadline(low or None, high, True),
                          f"handling {_days(item.min_handling_days, item.max_handling_days)} + "
                          f"transit {_days(item.min_transit_days, item.max_transit_days)} days"))
    if item.free_shipping_threshold is not None:
        threshold = item.free_shipping_threshold
        facts.append(fact(FreeShipping(threshold.amount, cur(threshold)),
                          f"free_shipping_threshold {said(threshold)}"))
    status = status_of(item.availability)
    if status is not None:
        facts.append(fact(Availability(status), f"availability {item.availability}"))
    window = _window(item.sale_price_effective_date)
    if window is not None:
        facts.append(fact(window, f"sale_price_effective_date {item.sale_price_effective_date}"))
    return facts


def _days(low: int | None, high: int | None) -> str:
    if low is None or high is None or low == high:
        return str(high if high is not None else low or 0)
    return f"{low}-{high}"


def _window(interval: str | None) -> PromotionWindow | None:
    """The days of ``g:sale_price_effective_date`` ("2026-11-20T00:00-03:00/
    2026-11-30T23:59-03:00"); None when it is not such an interval."""
    start, _, end = (interval or "").partition("/")
    try:
        first, last = date.fromisoformat(start.strip()[:10]), date.fromisoformat(end.strip()[:10])
    except ValueError:
        return None
    return PromotionWindow(last, first) if first <= last else None
