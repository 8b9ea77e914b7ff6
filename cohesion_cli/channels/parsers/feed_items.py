"""A product feed's items as :mod:`cohesion_cli.channels.parsers.feed` gives them
(:class:`FeedItem`, :class:`Money`, :class:`FeedError`), and how the XML and CSV/TSV readers'
raw fields become one: GMC's nested attributes (``shipping``, ``installment``,
``free_shipping_threshold``), prices, day counts and the item's excerpt.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from cohesion_cli.money.text import parse_price

EXCERPT = 300
"""Longest :attr:`FeedItem.raw`."""
GROUPS = {  # nested attribute -> sub-attributes in GMC's default colon order
    "shipping": ("country", "region", "service", "price", "min_handling_time",
                 "max_handling_time", "min_transit_time", "max_transit_time"),
    "installment": ("months", "amount", "downpayment", "credit_type"),
    "free_shipping_threshold": ("country", "price_threshold"),
}
MAIN = {"shipping": "price", "free_shipping_threshold": "price_threshold"}
"""The sub-attribute a nested attribute written without colons gives."""
_INT = re.compile(r"\s*(\d{1,6})(?!\d)", re.ASCII)

Fields = dict[str, list[str]]
"""Plain attribute -> every value written for it, in feed order."""
Groups = dict[str, list[dict[str, str]]]
"""Nested attribute -> each entry's sub-attributes."""
RawItem = tuple[Fields, Groups, str, str]
"""What a reader gives per item: fields, groups, locator, excerpt."""


class FeedError(Exception):
    """The body is not a product feed this module can read, or was refused as unsafe."""


@dataclass(frozen=True)
class Money:
    """An amount of money in a feed."""

    amount: Decimal
    """The amount, exactly as written (``Decimal("1299.90")``)."""
    currency: str | None
    """ISO 4217 code, or ``None`` when neither the value nor ``default_currency`` gave one."""


@dataclass(frozen=True)
class FeedItem:
    """One item of a product feed, with what the feed says of its price and delivery."""

    id: str
    """``g:id`` / the ``id`` column."""
    gtin: str | None
    """``g:gtin`` as written (may hold several, comma separated)."""
    mpn: str | None
    """``g:mpn``."""
    title: str
    """``g:title`` (else the RSS/Atom title); empty when absent."""
    price: Money | None
    """``g:price``, the regular price."""
    sale_price: Money | None
    """``g:sale_price``."""
    installment_months: int | None
    """``g:installment/g:months``."""
    installment_amount: Money | None
    """``g:installment/g:amount`` (one instalment)."""
    free_shipping_threshold: Money | None
    """``g:free_shipping_threshold/g:price_threshold``."""
    min_handling_days: int | None
    """``g:min_handling_time`` (else the shipping entries')."""
    max_handling_days: int | None
    """``g:max_handling_time`` (else the shipping entries')."""
    min_transit_days: int | None
    """Smallest ``g:shipping/g:min_transit_time``."""
    max_transit_days: int | None
    """Largest ``g:shipping/g:max_transit_time``."""
    locator: str
    """Where the item is: ``item 12 (line 230)`` in XML, ``row 13`` in CSV (header = row 1)."""
    raw: str
    """A short excerpt of the item (at most 300 characters), for evidence."""
    availability: str | None = None
    """``g:availability`` as written (``in_stock``, ``out of stock``, ``preorder``...)."""
    sale_price_effective_date: str | None = None
    """``g:sale_price_effective_date`` as written: an ISO 8601 interval, start/end."""


def _money(text: str | None, default_currency: str | None) -> Money | None:
    found = parse_price(text, default_currency) if text else None
    return None if found is None else Money(*found)


def _int(text: str | None) -> int | None:
    match = _INT.match(text) if text else None
    return int(match[1]) if match else None


def clip(text: str) -> str:
    """``text`` cut to :data:`EXCERPT` characters, an ellipsis marking the cut."""
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def colon_group(name: str, value: str, order: tuple[str, ...] | None) -> dict[str, str]:
    """A nested attribute written in GMC's colon form (``BR:::12.90 BRL``), by sub-attribute
    (``order`` as a header named them, else GMC's default order)."""
    value = value.strip()
    if ":" not in value:
        return {MAIN[name]: value} if name in MAIN and value else {}
    return dict(zip(order or GROUPS[name], (p.strip() for p in value.split(":")), strict=False))


def make_item(fields: Fields, groups: Groups, locator: str, raw: str,
              currency: str | None) -> FeedItem | None:
    """The item a reader's raw fields describe; ``None`` without an id."""
    def first(name: str) -> str | None:
        return next(filter(None, fields.get(name, ())), None)

    item_id = first("id")
    if item_id is None:
        return None
    ships = groups.get("shipping", [])
    plan = next(iter(groups.get("installment", [])), {})
    thresholds = (_money(g.get("price_threshold") or g.get("price"), currency)
                  for g in groups.get("free_shipping_threshold", []))

    def days(name: str, pick: Callable[[list[int]], int], item_first: bool) -> int | None:
        own = _int(first(name))
        found = [d for d in (_int(s.get(name)) for s in ships) if d is not None] if ships else []
        return pick(found) if found and (own is None or not item_first) else own

    return FeedItem(
        id=item_id, gtin=first("gtin"), mpn=first("mpn"), title=first("title") or "",
        price=_money(first("price"), currency), sale_price=_money(first("sale_price"), currency),
        installment_months=_int(plan.get("months")),
        installment_amount=_money(plan.get("amount"), currency),
        free_shipping_threshold=next((m for m in thresholds if m is not None), None),
        min_handling_days=days("min_handling_time", min, True),
        max_handling_days=days("max_handling_time", max, True),
        min_transit_days=days("min_transit_time", min, False),
        max_transit_days=days("max_transit_time", max, False),
        locator=locator, raw=clip(raw), availability=first("availability"),
        sale_price_effective_date=first("sale_price_effective_date"))
