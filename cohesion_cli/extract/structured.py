"""Structured data: schema.org JSON-LD, microdata and RDFa Lite prices, OpenGraph/product
meta tags, shipping details and merchant return policies.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lxml.etree import _Element

from cohesion_cli.domain import Deadline, Evidence, Fact, FreeShipping, Price, ReturnWindow
from cohesion_cli.extract.flow import context_of
from cohesion_cli.extract.money import parse_number


@dataclass(frozen=True)
class Tagged:
    """A fact plus the identifiers of the product node it belongs to."""

    fact: Fact
    ids: frozenset[str]


def _type_is(node: dict[str, Any], *names: str) -> bool:
    kinds = node.get("@type", [])
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(str(k).rsplit("/", 1)[-1] in names for k in kinds)


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "itemListElement", "item", "mainEntity"):
            if key in data:
                yield from _nodes(data[key])


def _listify(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value is not None else []


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if isinstance(value, str):
        return parse_number(value.strip())
    return None


def json_ld(tree: _Element, source: str, snap: str, currency: str) -> list[Tagged]:
    out: list[Tagged] = []
    scripts = elements(tree, "//script[contains(translate(@type,'LDJSON','ldjson'),'ld+json')]")
    for index, script in enumerate(scripts):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        for node in _nodes(data):
            locator = f"json-ld[{index}]"
            if _type_is(node, "Product", "ProductGroup"):
                out += _product(node, _Where(locator, source, snap), currency)
            elif _type_is(node, "MerchantReturnPolicy"):
                out += _returns(node, Evidence(_brief(node), locator, source, snap), frozenset())
            elif _type_is(node, "OfferShippingDetails"):
                out += _shipping(node, Evidence(_brief(node), locator, source, snap), frozenset(),
                                 currency)
    return out


@dataclass(frozen=True)
class _Where:
    locator: str
    source: str
    snapshot: str

    def evidence(self, excerpt: str, path: str) -> Evidence:
        return Evidence(excerpt, f"{self.locator} {path}", self.source, self.snapshot)


def _product(node: dict[str, Any], where: _Where, currency: str) -> list[Tagged]:
    ids = frozenset(str(node[k]) for k in ("sku", "gtin", "gtin13", "gtin14", "gtin12", "gtin8",
                                           "mpn", "productID") if node.get(k))
    label = f"Product {node.get('sku') or node.get('name') or ''}".strip()
    out: list[Tagged] = []
    for variant in _listify(node.get("hasVariant")):
        if isinstance(variant, dict):
            out += _product(variant, where, currency)
    for index, offer in enumerate(_listify(node.get("offers"))):
        if not isinstance(offer, dict):
            continue
        path = f"{label} offers[{index}]"
        ev = where.evidence(f"{path}: price {offer.get('price', offer.get('lowPrice'))} "
                            f"{offer.get('priceCurrency', '')}".strip(), path)
        cur = str(offer.get("priceCurrency") or currency)
        offer_ids = ids | frozenset(str(offer[k]) for k in ("sku", "gtin13") if offer.get(k))
        price = _amount(offer.get("price"))
        if price is None and _type_is(offer, "AggregateOffer"):
            price = _amount(offer.get("lowPrice"))
        if price is not None:
            out.append(Tagged(Fact(Price(price, cur, "sale"), ev), offer_ids))
        for spec in _listify(offer.get("priceSpecification")):
            if isinstance(spec, dict) and _amount(spec.get("price")) is not None:
                kind = str(spec.get("priceType", "")).rsplit("/", 1)[-1]
                role = "list" if kind in ("ListPrice", "StrikethroughPrice", "MSRP") else "sale"
                amount = _amount(spec.get("price"))
                assert amount is not None
                spec_cur = str(spec.get("priceCurrency") or cur)
                out.append(Tagged(Fact(Price(amount, spec_cur, role), ev), offer_ids))
        for details in _listify(offer.get("shippingDetails")):
            if isinstance(details, dict):
                out += _shipping(details, ev, offer_ids, cur)
        for policy in _listify(offer.get("hasMerchantReturnPolicy")):
            if isinstance(policy, dict):
                out += _returns(policy, ev, offer_ids)
    return out


def _shipping(
    node: dict[str, Any], ev: Evidence, ids: frozenset[str], currency: str
) -> list[Tagged]:
    out = _free_shipping(node, ev, ids, currency)
    time = node.get("deliveryTime")
    if not isinstance(time, dict):
        return out
    low = high = 0
    business: bool | None = None
    for part in ("handlingTime", "transitTime"):
        value = time.get(part)
        if isinstance(value, dict):
            low += int(_amount(value.get("minValue")) or 0)
            high += int(_amount(value.get("maxValue")) or _amount(value.get("minValue")) or 0)
    if time.get("businessDays"):
        business = True
    if high <= 0:
        return out
    return [*out, Tagged(Fact(Deadline(low or None, high, business), ev), ids)]


def _free_shipping(
    node: dict[str, Any], ev: Evidence, ids: frozenset[str], currency: str
) -> list[Tagged]:
    """A zero ``shippingRate`` with an ``eligibleTransactionVolume.minPrice`` is a
    free-shipping threshold."""
    rate = node.get("shippingRate")
    volume = node.get("eligibleTransactionVolume")
    if not (isinstance(rate, dict) and isinstance(volume, dict)):
        return []
    if _amount(rate.get("value")) != 0:
        return []
    threshold = _amount(volume.get("minPrice") or volume.get("price"))
    if threshold is None:
        return []
    currency = str(volume.get("priceCurrency") or rate.get("currency") or currency)
    return [Tagged(Fact(FreeShipping(threshold, currency), ev), ids)]


def _returns(node: dict[str, Any], ev: Evidence, ids: frozenset[str]) -> list[Tagged]:
    days = _amount(node.get("merchantReturnDays"))
    return [Tagged(Fact(ReturnWindow(int(days)), ev), ids)] if days is not None else []


def elements(tree: _Element, expression: str) -> list[_Element]:
    """The elements an XPath selects (other results are dropped)."""
    result = tree.xpath(expression)
    return [e for e in result if isinstance(e, _Element)] if isinstance(result, list) else []


def meta_and_microdata(tree: _Element, source: str, snap: str, currency: str) -> list[Tagged]:
    out: list[Tagged] = []
    cur = str(tree.xpath("string(//meta[@property='product:price:currency' or "
                         "@property='og:price:currency']/@content)")) or currency
    for meta in elements(tree, "//meta[@property='product:price:amount' or "
                               "@property='og:price:amount']"):
        amount = _amount(meta.get("content"))
        if amount is not None:
            tag = f'<meta property="{meta.get("property")}" content="{meta.get("content")}">'
            ev = Evidence(tag, "meta", source, snap)
            out.append(Tagged(Fact(Price(amount, cur, "sale"), ev), frozenset()))
    for element in elements(tree, "//*[@itemprop='price' or @property='price' "
                                  "or @property='schema:price']"):
        amount = _amount(element.get("content") or "".join(str(t) for t in element.itertext()))
        if amount is None or context_of(element).related:
            continue
        scope_cur = str(element.xpath(
            "string(ancestor::*[@itemscope or @typeof][1]//*[@itemprop='priceCurrency' "
            "or @property='priceCurrency' or @property='schema:priceCurrency']/@content)"
        )) or currency
        kind = "microdata" if element.get("itemprop") else "rdfa"
        ev = Evidence(f"{kind} price {amount}", kind, source, snap)
        out.append(Tagged(Fact(Price(amount, str(scope_cur), "sale"), ev), frozenset()))
    return out


def _brief(node: dict[str, Any]) -> str:
    text = json.dumps(node, ensure_ascii=False)
    return text if len(text) <= 160 else text[:157] + "..."
