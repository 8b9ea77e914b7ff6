"""Read product feeds into :class:`FeedItem` values — pure, no I/O, safe on hostile input.

Formats, told apart by the first bytes (``<`` is XML; HTML and JSON are refused; anything else
is read as CSV/TSV). The content type only adds two things: ``text/tab-separated-values`` forces
the tab delimiter, and an XML content type on a body that is not XML is refused.

- **XML**, parsed only through ``defusedxml``: Google Merchant Center RSS 2.0
  (``<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item>``) and Atom
  (``<feed><entry>``). Fields are read from the ``g:`` namespace first, then from elements of
  the same name without a namespace (Atom's ``<title>`` is used for the title, never Atom's
  ``<id>`` for the id). A document that declares entities (billion laughs, external entities)
  is refused.
- **CSV/TSV** with a header row of GMC attribute names (``id``, ``title``, ``price``, …; an
  optional ``g:`` prefix is ignored). The delimiter is the commonest of tab, ``;`` and ``,``
  in the header (a tie: the first of these). Text is UTF-8 (BOM or not), UTF-16 with a BOM,
  else Windows-1252 (:mod:`cohesion_cli.rulebook.csvfile` reads it).
  Nested attributes use GMC's colon form: ``installment`` is ``months:amount``, ``shipping``
  is ``country:region:service:price[:min_handling:max_handling:min_transit:max_transit]``
  (several separated by commas), ``free_shipping_threshold`` is ``country:price_threshold``.
  A header such as ``shipping(country:price)`` names the sub-attributes and their order.

Fields: ``id``, ``title``, ``gtin``, ``mpn``, ``price``, ``sale_price``, ``installment``
(``months``, ``amount``), every ``shipping`` (``min_transit_time``, ``max_transit_time``,
``min_handling_time``, ``max_handling_time``), ``free_shipping_threshold``
(``price_threshold``, or ``price``), ``min_handling_time``, ``max_handling_time``,
``availability`` and ``sale_price_effective_date``.
Handling days come from the item, else from its shipping entries; with several shipping
entries the day range spans them (smallest minimum, largest maximum). The first
installment and free-shipping threshold are used. Items without an id are skipped.

Prices: ``399.90 BRL``, ``BRL 399.90``, ``R$ 399,90``, ``1,299.90 BRL``, ``1.299,90 BRL``,
read by :func:`cohesion_cli.money.text.parse_price`, the parser every channel shares (its
module docstring gives the decimal-mark rule: "1.299 BRL" is 1299, "0,500 BRL" is 0.5).
A cell holding anything else (words, a negative amount, an unknown currency code) has no price.

The XML reader is :mod:`.feed_xml`, the CSV/TSV reader :mod:`.feed_csv`; both hand raw
fields to :mod:`.feed_items`, which builds the items.

Every problem with the input is a :class:`FeedError` whose message says what is wrong;
bodies over :data:`MAX_FEED_BYTES` (50 MB) are refused before any parsing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cohesion_cli.channels.parsers.feed_csv import csv_records
from cohesion_cli.channels.parsers.feed_items import (
    FeedError,
    FeedItem,
    Money,
    RawItem,
    make_item,
)
from cohesion_cli.channels.parsers.feed_xml import xml_records
from cohesion_cli.rulebook.csvfile import decode

__all__ = ["MAX_FEED_BYTES", "FeedError", "FeedItem", "Money", "match_items", "parse_feed"]

MAX_FEED_BYTES = 50 * 1024 * 1024
"""Larger bodies are refused."""


def parse_feed(body: bytes, content_type: str = "", *,
               default_currency: str | None = None) -> list[FeedItem]:
    """Every item with an id, in feed order. Raises :class:`FeedError` and nothing else."""
    if len(body) > MAX_FEED_BYTES:
        raise FeedError(f"feed too large: {len(body)} bytes, the limit is "
                        f"{MAX_FEED_BYTES // 2**20} MB ({MAX_FEED_BYTES} bytes)")
    if not body or body.isspace():
        raise FeedError("empty body: no feed to read")
    head = decode(body[:2048], lenient=True).text.lstrip("\ufeff \t\r\n").lower()
    try:
        if head.startswith("<"):
            if head.startswith(("<!doctype html", "<html")):
                raise FeedError("an HTML page, not an XML or CSV/TSV product feed")
            records: Iterable[RawItem] = xml_records(body)
        elif head.startswith(("{", "[")):
            raise FeedError("JSON, not an XML or CSV/TSV product feed")
        elif any(k in content_type.lower() for k in ("xml", "rss", "atom")):
            raise FeedError(f"content type {content_type!r} is XML but the body does not start "
                            "with '<'")
        else:
            records = csv_records(body, "tab-separated" in content_type.lower())
        items = [make_item(*record, default_currency) for record in records]
    except RecursionError as exc:  # pragma: no cover - defensive
        raise FeedError("feed nested too deeply") from exc
    return [item for item in items if item is not None]


def match_items(items: list[FeedItem], skus: dict[str, str],
                gtins: dict[str, str]) -> dict[str, FeedItem]:
    """Map catalog SKU -> the feed item for it: by id == sku, then mpn == sku, then gtin
    (normalised: digits only, leading zeros ignored). ``skus`` maps sku->sku (for symmetry),
    ``gtins`` maps gtin->sku. When several items qualify, the first in the feed wins."""
    by_id: dict[str, FeedItem] = {}
    by_mpn: dict[str, FeedItem] = {}
    by_gtin: dict[str, FeedItem] = {}
    for item in items:
        by_id.setdefault(item.id.strip(), item)
        if item.mpn:
            by_mpn.setdefault(item.mpn.strip(), item)
        for key in _gtin_keys(item.gtin):
            by_gtin.setdefault(key, item)
    gtins_of: dict[str, list[str]] = {}
    for gtin, sku in gtins.items():
        gtins_of.setdefault(sku, []).extend(_gtin_keys(gtin))
    result: dict[str, FeedItem] = {}
    for sku in [*skus, *(s for s in gtins_of if s not in skus)]:
        found = by_id.get(sku.strip()) or by_mpn.get(sku.strip())
        if found is None:
            found = next((by_gtin[k] for k in gtins_of.get(sku, []) if k in by_gtin), None)
        if found is not None:
            result[sku] = found
    return result


def _gtin_keys(text: str | None) -> list[str]:
    keys = (re.sub(r"\D", "", part).lstrip("0") for part in re.split(r"[,;]", text or ""))
    return [key for key in keys if key]
