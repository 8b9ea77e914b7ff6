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
  in the header. Text is UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252.
  Nested attributes use GMC's colon form: ``installment`` is ``months:amount``, ``shipping``
  is ``country:region:service:price[:min_handling:max_handling:min_transit:max_transit]``
  (several separated by commas), ``free_shipping_threshold`` is ``country:price_threshold``.
  A header such as ``shipping(country:price)`` names the sub-attributes and their order.

Fields: ``id``, ``title``, ``gtin``, ``mpn``, ``price``, ``sale_price``, ``availability``
(normalised: ``in stock`` and ``InStock`` become ``in_stock``), ``installment`` (``months``,
``amount``), every ``shipping`` (``price``, ``min_transit_time``, ``max_transit_time``,
``min_handling_time``, ``max_handling_time``), ``free_shipping_threshold``
(``price_threshold``, or ``price``), ``min_handling_time`` and ``max_handling_time``.
Handling days come from the item, else from its shipping entries; with several shipping
entries the day range spans them (smallest minimum, largest maximum). The first
installment and free-shipping threshold are used. Items without an id are skipped.

Prices: ``399.90 BRL``, ``BRL 399.90``, ``R$ 399,90``, ``1,299.90 BRL``, ``1.299,90 BRL``,
read by :func:`cohesion_cli.money.text.parse_price`, the parser every channel shares (its
module docstring gives the decimal-mark rule: "1.299 BRL" is 1299, "0,500 BRL" is 0.5).
A cell holding anything else (words, a negative amount, an unknown currency code) has no price.

Every problem with the input is a :class:`FeedError` whose message says what is wrong;
bodies over :data:`MAX_FEED_BYTES` (50 MB) are refused before any parsing.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import XMLParser as DefusedXMLParser

from cohesion_cli.money.text import parse_price

__all__ = ["MAX_FEED_BYTES", "FeedError", "FeedItem", "Money", "match_items", "parse_feed"]

MAX_FEED_BYTES = 50 * 1024 * 1024
"""Larger bodies are refused."""

_EXCERPT = 300
_ITEM_TAGS = ("item", "entry")
_GROUPS = {  # nested attribute -> sub-attributes in GMC's default colon order
    "shipping": ("country", "region", "service", "price", "min_handling_time",
                 "max_handling_time", "min_transit_time", "max_transit_time"),
    "installment": ("months", "amount", "downpayment", "credit_type"),
    "free_shipping_threshold": ("country", "price_threshold"),
}
_MAIN = {"shipping": "price", "free_shipping_threshold": "price_threshold"}
_INT = re.compile(r"\s*(\d{1,6})(?!\d)", re.ASCII)
_AVAILABILITY = {"pre_order": "preorder", "back_order": "backorder", "instock": "in_stock",
                 "outofstock": "out_of_stock", "em_estoque": "in_stock", "disponível": "in_stock",
                 "esgotado": "out_of_stock", "fora_de_estoque": "out_of_stock",
                 "indisponível": "out_of_stock", "pré_venda": "preorder",
                 "encomenda": "backorder"}

Fields = dict[str, list[str]]
Groups = dict[str, list[dict[str, str]]]


class FeedError(Exception):
    """The body is not a product feed this module can read, or was refused as unsafe."""


@dataclass(frozen=True)
class Money:
    amount: Decimal
    """The amount, exactly as written (``Decimal("1299.90")``)."""
    currency: str | None
    """ISO 4217 code, or ``None`` when neither the value nor ``default_currency`` gave one."""


@dataclass(frozen=True)
class FeedItem:
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
    availability: str | None
    """Normalised: ``in_stock``, ``out_of_stock``, ``preorder``, ``backorder``, …"""
    installment_months: int | None
    """``g:installment/g:months``."""
    installment_amount: Money | None
    """``g:installment/g:amount`` (one instalment)."""
    shipping_prices: tuple[Money, ...]
    """Each ``g:shipping/g:price``, in feed order."""
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


def parse_feed(body: bytes, content_type: str = "", *,
               default_currency: str | None = None) -> list[FeedItem]:
    """Every item with an id, in feed order. Raises :class:`FeedError` and nothing else."""
    if len(body) > MAX_FEED_BYTES:
        raise FeedError(f"feed too large: {len(body)} bytes, the limit is "
                        f"{MAX_FEED_BYTES // 2**20} MB ({MAX_FEED_BYTES} bytes)")
    if not body or body.isspace():
        raise FeedError("empty body: no feed to read")
    head = _decode(body[:2048], lenient=True).lstrip("\ufeff \t\r\n").lower()
    try:
        if head.startswith("<"):
            if head.startswith(("<!doctype html", "<html")):
                raise FeedError("an HTML page, not an XML or CSV/TSV product feed")
            records: Iterable[tuple[Fields, Groups, str, str]] = _xml_records(body)
        elif head.startswith(("{", "[")):
            raise FeedError("JSON, not an XML or CSV/TSV product feed")
        elif any(k in content_type.lower() for k in ("xml", "rss", "atom")):
            raise FeedError(f"content type {content_type!r} is XML but the body does not start "
                            "with '<'")
        else:
            records = _csv_records(_decode(body), "tab-separated" in content_type.lower())
        items = [_item(*record, default_currency) for record in records]
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


# --- values -----------------------------------------------------------------------------------

def _money(text: str | None, default_currency: str | None) -> Money | None:
    found = parse_price(text, default_currency) if text else None
    return None if found is None else Money(*found)


def _int(text: str | None) -> int | None:
    match = _INT.match(text) if text else None
    return int(match[1]) if match else None


def _availability(text: str | None) -> str | None:
    if not text:
        return None
    word = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", text.strip().rsplit("/", 1)[-1])
    word = re.sub(r"[\s_-]+", "_", word.lower()).strip("_")
    return _AVAILABILITY.get(word, word) or None


def _gtin_keys(text: str | None) -> list[str]:
    keys = (re.sub(r"\D", "", part).lstrip("0") for part in re.split(r"[,;]", text or ""))
    return [key for key in keys if key]


def _clip(text: str) -> str:
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


def _colon_group(name: str, value: str, order: tuple[str, ...] | None) -> dict[str, str]:
    value = value.strip()
    if ":" not in value:
        return {_MAIN[name]: value} if name in _MAIN and value else {}
    return dict(zip(order or _GROUPS[name], (p.strip() for p in value.split(":")), strict=False))


def _item(fields: Fields, groups: Groups, locator: str, raw: str,
          currency: str | None) -> FeedItem | None:
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
        availability=_availability(first("availability")),
        installment_months=_int(plan.get("months")),
        installment_amount=_money(plan.get("amount"), currency),
        shipping_prices=tuple(m for m in (_money(s.get("price"), currency) for s in ships) if m),
        free_shipping_threshold=next((m for m in thresholds if m is not None), None),
        min_handling_days=days("min_handling_time", min, True),
        max_handling_days=days("max_handling_time", max, True),
        min_transit_days=days("min_transit_time", min, False),
        max_transit_days=days("max_transit_time", max, False),
        locator=locator, raw=_clip(raw))


# --- text and CSV -----------------------------------------------------------------------------

def _decode(body: bytes, *, lenient: bool = False) -> str:
    if body.startswith(codecs.BOM_UTF8):
        encodings: tuple[str, ...] = ("utf-8-sig",)
    elif body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "cp1252", "latin-1")
    for encoding in encodings:
        try:
            return body.decode(encoding, "replace" if lenient else "strict")
        except UnicodeDecodeError:
            continue
    raise FeedError(f"cannot decode the body as {encodings[0]} text")


def _csv_records(text: str, tab: bool) -> Iterator[tuple[Fields, Groups, str, str]]:
    sample = text[:4096]
    if "\x00" in text or sum(c < " " and c not in "\t\r\n" for c in sample) > len(sample) // 50:
        raise FeedError("binary data, not an XML or CSV/TSV product feed")
    header_line = next((line for line in io.StringIO(text) if line.strip()), "")
    delimiter = "\t" if tab else max("\t;,", key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = enumerate(reader, start=1)
        number, head = next(((n, r) for n, r in rows if any(c.strip() for c in r)), (0, []))
        header = [_column(cell) for cell in head]
        if "id" not in [name for name, _ in header]:
            shown = _clip(" ".join(delimiter.join(head).split()))[:80]
            raise FeedError(f"not a product feed: no 'id' column in the header row ({shown!r})")
        for number, row in rows:
            if not any(cell.strip() for cell in row):
                continue
            fields: Fields = {}
            groups: Groups = {}
            for (name, order), cell in zip(header, row, strict=False):
                if name in _GROUPS:
                    parts = re.split(r",(?=\s*[A-Za-z]{2}:)", cell) if name in _MAIN else [cell]
                    found = (_colon_group(name, p, order) for p in parts)
                    groups.setdefault(name, []).extend(g for g in found if g)
                else:
                    fields.setdefault(name, []).append(cell.strip())
            yield fields, groups, f"row {number}", delimiter.join(" ".join(c.split()) for c in row)
    except csv.Error as exc:
        raise FeedError(f"malformed CSV/TSV near row {reader.line_num}: {exc}") from exc


def _column(cell: str) -> tuple[str, tuple[str, ...] | None]:
    """``"g:Shipping (country:price)"`` -> ``("shipping", ("country", "price"))``."""
    name, _, rest = cell.strip().lstrip("\ufeff").lower().partition("(")
    name = re.sub(r"\s+", "_", name.strip().removeprefix("g:"))
    order = tuple(p.strip().replace(" ", "_") for p in rest.rstrip(") ").split(":"))
    return name, order if rest and name in _GROUPS else None


# --- XML --------------------------------------------------------------------------------------

@dataclass
class _Span:
    line: int
    start: int
    end: int = -1
    fields: Fields = field(default_factory=dict)
    groups: Groups = field(default_factory=dict)


@dataclass
class _Target:
    """Tree-builder target for the defused parser: reads each item when it closes, remembers
    where it starts and ends, then empties it (memory stays flat on large feeds)."""

    expat: Any = None
    tree: TreeBuilder = field(default_factory=TreeBuilder)
    spans: list[_Span] = field(default_factory=list)
    pending: dict[int, _Span] = field(default_factory=dict)

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = self.tree.start(tag, attrs)
        namespace, local = _split(tag)
        if local in _ITEM_TAGS and "base.google.com" not in namespace:
            span = _Span(self.expat.CurrentLineNumber, self.expat.CurrentByteIndex)
            self.spans.append(span)
            self.pending[id(element)] = span
        return element

    def end(self, tag: str) -> Element:
        element = self.tree.end(tag)
        span = self.pending.pop(id(element), None)
        if span is not None:
            span.end = self.expat.CurrentByteIndex
            span.fields, span.groups = _xml_fields(element)
            element.clear()
        return element

    def data(self, data: str) -> None:
        self.tree.data(data)

    def close(self) -> Element:
        return self.tree.close()


def _xml_records(body: bytes) -> list[tuple[Fields, Groups, str, str]]:
    if not body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        stripped = body.removeprefix(codecs.BOM_UTF8).lstrip()
        first_line = 1 + body[: len(body) - len(stripped)].count(b"\n")
        body = stripped
    else:
        first_line = 1
    target = _Target()
    parser = DefusedXMLParser(target=target)
    target.expat = parser.parser
    try:
        parser.feed(body)
        root = parser.close()
    except EntitiesForbidden as exc:
        if exc.sysid or exc.pubid:
            raise FeedError(f"XML refused: it declares the external entity {exc.name!r}; "
                            "external entities (local files, URLs) are never read") from exc
        raise FeedError(f"XML refused: it declares the entity {exc.name!r}; entity declarations "
                        "are not allowed (entity-expansion bomb, e.g. billion laughs)") from exc
    except ExternalReferenceForbidden as exc:
        raise FeedError("XML refused: it references an external entity") from exc
    except DefusedXmlException as exc:
        raise FeedError(f"XML refused: {exc}") from exc
    except ParseError as exc:
        line, column = exc.position
        raise FeedError(f"malformed XML at line {line + first_line - 1}, column {column}: "
                        f"{str(exc).split(':')[0]}") from exc
    except (LookupError, ValueError) as exc:  # the declared encoding: unknown, multi-byte, …
        raise FeedError(f"cannot read the XML: {exc}") from exc
    root_name = _split(root.tag)[1].lower()
    if not target.spans and root_name not in ("rss", "feed", "rdf", "channel"):
        what = "an HTML page" if root_name == "html" else f"XML with root <{root_name}>"
        raise FeedError(f"{what}, not an RSS or Atom product feed")
    encoding = _xml_encoding(body)
    gt = ">".encode(encoding)
    records = []
    for number, span in enumerate(target.spans, start=1):
        close = body.find(gt, span.end) if span.end > span.start else -1
        end = close + len(gt) if close >= 0 else len(body)
        raw = body[span.start: min(end, span.start + 4 * _EXCERPT)].decode(encoding, "replace")
        locator = f"item {number} (line {span.line + first_line - 1})"
        records.append((span.fields, span.groups, locator, " ".join(raw.split())))
    return records


def _xml_fields(item: Element) -> tuple[Fields, Groups]:
    ranked: list[tuple[int, str, Element]] = []
    for child in item:
        namespace, local = _split(child.tag)
        rank = 0 if "base.google.com" in namespace else 1 if not namespace else 2
        if not (rank == 2 and local == "id"):  # Atom's <id> is the entry's URI, not the SKU
            ranked.append((rank, local, child))
    fields: Fields = {}
    groups: Groups = {}
    for _, local, child in sorted(ranked, key=lambda r: r[0]):
        text = " ".join("".join(child.itertext()).split())
        if local not in _GROUPS:
            fields.setdefault(local, []).append(text)
        elif len(child):
            groups.setdefault(local, []).append(
                {_split(sub.tag)[1]: " ".join("".join(sub.itertext()).split()) for sub in child})
        elif found := _colon_group(local, text, None):
            groups.setdefault(local, []).append(found)
    return fields, groups


def _split(tag: object) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""
    namespace, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    return namespace, local


def _xml_encoding(body: bytes) -> str:
    if body.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le"
    if body.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be"
    declared = re.match(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})", body)
    name = declared[1].decode() if declared else "utf-8"
    try:  # unknown names and bytes-to-bytes codecs raise LookupError
        b"".decode(name)
        ">".encode(name)
    except (LookupError, ValueError):
        return "utf-8"
    return name
