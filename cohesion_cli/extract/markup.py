"""Prices in the page's markup: OpenGraph / product meta tags, schema.org microdata and
RDFa Lite.

Meta tags (``property`` or ``name``, any case): ``product:sale_price:amount`` /
``og:sale_price:amount`` is the price paid, and then ``product:price:amount`` /
``og:price:amount`` is the regular (list) price; without a sale tag the regular tag is the
price paid. ``product:original_price:amount`` and ``og:price:standard_amount`` are list
prices. The currency comes from the matching ``…:currency`` tag, else from the amount's
text, else from the channel.

Microdata and RDFa: every ``price`` property is read (``content``, then ``value``, then the
element's text), with the ``priceCurrency`` of its item. Each one records whether the
shopper sees it (visible text in the body, not a ``<meta>``, a hidden input or a hidden
element), and whether it belongs to another product: an item listed in an ``ItemList``
(when the page also has a product of its own), an item the page's product ``isRelatedTo``
or ``isSimilarTo``, a product nested in another product, or a related-products block.
Those prices get the role ``related``; a price inside a crossed-out element is a list
price. An ``availability`` property (``href``, ``content`` or text) gives the product's
stock, other products' and variants' left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import chain

from lxml.etree import _Element

from cohesion_cli.domain import Availability, Evidence, Fact, Price, PriceRole
from cohesion_cli.extract.flow import css_path
from cohesion_cli.extract.marks import context_of
from cohesion_cli.extract.stock import status_of
from cohesion_cli.extract.tagged import ID_KEYS, Source, Tagged, read_amount

_SALE_META = ("product:sale_price:amount", "og:sale_price:amount")
_REGULAR_META = ("product:price:amount", "og:price:amount")
_LIST_META = ("product:original_price:amount", "og:original_price:amount",
              "og:price:standard_amount", "product:price:standard_amount")
_CURRENCY_META = ("product:price:currency", "og:price:currency")
_PRODUCTS = frozenset({"product", "productgroup", "productmodel", "individualproduct",
                       "someproducts"})
_OTHER_PRODUCT = frozenset({"isrelatedto", "issimilarto", "isaccessoryorsparepartfor",
                            "isconsumablefor", "relatedproduct", "similarproduct"})
_PRICES = frozenset({"price", "lowprice"})
_LISTS = frozenset({"itemlist", "offercatalog"})
_UNSEEN_TAGS = frozenset({"meta", "link", "script", "template", "noscript", "head", "style",
                          "title"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SCHEMA_PREFIX = re.compile(r"^(?:https?://schema\.org/|schema:)", re.IGNORECASE)


def names(attribute: str | None) -> set[str]:
    """The lower-case schema.org names in a space-separated ``itemprop``/``itemtype``/
    ``property``/``typeof`` value (``https://schema.org/Product`` and ``schema:Product``
    are ``product``; other vocabularies keep their prefix)."""
    return {_SCHEMA_PREFIX.sub("", token).lower() for token in (attribute or "").split()}


def meta_tags(tree: _Element, source: str, snap: str, currency: str) -> list[Tagged]:
    found: dict[str, list[_Element]] = {}
    for meta in tree.iter("meta"):
        if meta.get("content") is None:
            continue
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        found.setdefault(key, []).append(meta)
    currency = next((code for key in _CURRENCY_META if len(code := _content(found, key)) == 3),
                    currency)
    where = Evidence("", "meta", source, snap)
    sales = list(_meta_prices(found, _SALE_META, "sale", currency, where))
    regular = list(_meta_prices(found, _REGULAR_META, "sale", currency, where))
    if sales:
        paid = {t.fact.value for t in sales}
        regular = [t if t.fact.value in paid else _with_role(t, "list") for t in regular]
    return [*sales, *regular, *_meta_prices(found, _LIST_META, "list", currency, where)]


def _content(found: dict[str, list[_Element]], key: str) -> str:
    return next((str(m.get("content")).strip().upper() for m in found.get(key, [])), "")


def _with_role(tagged: Tagged, role: PriceRole) -> Tagged:
    assert isinstance(tagged.fact.value, Price)
    return replace(tagged, fact=replace(tagged.fact, value=replace(tagged.fact.value, role=role)))


def _meta_prices(found: dict[str, list[_Element]], keys: tuple[str, ...], role: PriceRole,
                 currency: str, where: Evidence) -> Iterator[Tagged]:
    for key in keys:
        named = _content(found, key.replace("amount", "currency"))
        for meta in found.get(key, []):
            content = str(meta.get("content")).strip()
            amount = read_amount(content, currency)
            if amount is None:
                continue
            price = Price(amount[0], named if len(named) == 3 else amount[1], role)
            ev = replace(where, excerpt=f'<meta property="{key}" content="{content}">')
            yield Tagged(Fact(price, ev), frozenset(), "meta", meta)


def with_properties(tree: _Element) -> list[_Element]:
    """The elements with an ``itemprop`` or ``property`` attribute, in document order (found
    through their attributes: several times faster than testing every element)."""
    found: list[_Element] = []
    attributes = tree.xpath("//@itemprop|//@property")
    for attribute in attributes if isinstance(attributes, list) else []:
        element = getattr(attribute, "getparent", lambda: None)()
        if isinstance(element, _Element) and (not found or found[-1] is not element):
            found.append(element)  # an element with both attributes comes twice
    return found


def microdata(marked: list[_Element], source: str, snap: str, currency: str) -> list[Tagged]:
    """Prices among ``marked`` (``with_properties``)."""
    found = [(element, _place(element)) for element in marked
             if names(element.get("itemprop") or element.get("property")) & _PRICES]
    own_product = any(not p.listed and not p.related for _, p in found)
    out: list[Tagged] = []
    for element, place in found:
        named = _currency(element)
        amount = read_amount(_value(element), named or currency)
        if amount is None:
            continue
        related = place.related or (place.listed and own_product)
        role: PriceRole = "related" if related else "list" if place.struck else "sale"
        kind: Source = "microdata" if element.get("itemprop") is not None else "rdfa"
        variant = place.variant or "lowprice" in names(element.get("itemprop")
                                                        or element.get("property"))
        ev = Evidence(f"{kind} price {amount[0]}", f"{kind} {css_path(element)}", source, snap)
        out.append(Tagged(Fact(Price(amount[0], named or amount[1], role), ev),
                          _scope_ids(element), kind, element, _displayed(element), variant,
                          related))
    return out


def microdata_availability(marked: list[_Element], source: str, snap: str) -> list[Tagged]:
    """The product's stock from microdata or RDFa ``availability`` (``<link
    itemprop="availability" href="https://schema.org/InStock">``) among ``marked``, other
    products' and variants' left out: in stock when any offer is, else the first offer's
    status."""
    said = [(element, status) for element in marked
            if "availability" in names(element.get("itemprop") or element.get("property"))
            for status in [status_of(element.get("href") or _value(element).strip())]
            if status is not None and not _other(_place(element))]
    if not said:
        return []
    element, status = next((s for s in said if s[1] == "in_stock"), said[0])
    kind: Source = "microdata" if element.get("itemprop") is not None else "rdfa"
    ev = Evidence(f"{kind} availability {status}", f"{kind} {css_path(element)}", source, snap)
    return [Tagged(Fact(Availability(status), ev), _scope_ids(element), kind, element)]


def _other(place: _Place) -> bool:
    return place.related or place.listed or place.variant


_SCOPE_IDS = " or ".join(f"@itemprop='{p}' or @property='{p}' or @property='schema:{p}'"
                         for p in ID_KEYS)


def _scope_ids(element: _Element) -> frozenset[str]:
    """SKU, GTIN... written in the offer's and the product's scopes around a price, so that
    the page's product is picked by its identifiers as in JSON-LD."""
    found = element.xpath(
        f"(ancestor-or-self::*[@itemscope or @typeof])[position() <= 2]//*[{_SCOPE_IDS}]")
    ids = {(e.get("content") or "".join(str(t) for t in e.itertext())).strip()
           for e in found if isinstance(e, _Element)} if isinstance(found, list) else set()
    return frozenset(i for i in ids if i)


@dataclass(frozen=True)
class _Place:
    related: bool
    """About another product: a relation property, a product nested in a product, or a
    related-products block."""
    listed: bool
    """In an ``ItemList``: another product's when the page has a product of its own."""
    variant: bool
    """An offer of one of the product's variants."""
    struck: bool
    """Inside a crossed-out or "old price" element."""


def _place(element: _Element) -> _Place:
    context = context_of(element)
    related, listed, variant = context.related, False, False
    product_seen = False
    for node in chain([element], element.iterancestors()):
        if node.get("itemscope") is None and node.get("typeof") is None:
            continue
        kinds = names(node.get("itemtype") or node.get("typeof"))
        props = names(node.get("itemprop") or node.get("property"))
        related = related or bool(props & _OTHER_PRODUCT)
        variant = variant or "hasvariant" in props
        listed = listed or bool(kinds & _LISTS) or "itemlistelement" in props
        if kinds & _PRODUCTS:
            if product_seen and not variant:
                variant = "productgroup" in kinds
                related = related or not variant
            product_seen = True
    return _Place(related, listed, variant, context.struck)


def _value(element: _Element) -> str:
    for attribute in ("content", "value"):
        if element.get(attribute) is not None:
            return str(element.get(attribute))
    return "".join(str(t) for t in element.itertext())


def _currency(element: _Element) -> str:
    code = str(element.xpath(
        "string(ancestor-or-self::*[@itemscope or @typeof][1]//*[@itemprop='priceCurrency' "
        "or @property='priceCurrency' or @property='schema:priceCurrency']/@content)")).strip()
    return code.upper() if len(code) == 3 else ""


def _displayed(element: _Element) -> bool:
    """Whether the element's value is text a shopper sees in the page body."""
    if not "".join(str(t) for t in element.itertext()).strip():
        return False
    for node in chain([element], element.iterancestors()):
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _UNSEEN_TAGS or node.get("hidden") is not None:
            return False
        if tag == "input" and (node.get("type") or "").lower() == "hidden":
            return False
        if _HIDDEN_STYLE.search(node.get("style") or ""):
            return False
    return True
