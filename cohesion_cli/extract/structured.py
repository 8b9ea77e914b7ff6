"""Structured data: schema.org JSON-LD products, offers, shipping details and merchant
return policies (meta tags, microdata and RDFa are read in ``extract.markup``).

Read leniently, the way shops publish it:

- ``@type`` in any case and form: ``Product``, ``product``, ``http://schema.org/Product``,
  ``schema:Product``; ``offers`` as one object or a list; objects under ``@graph``,
  ``mainEntity`` and ``itemListElement``;
- scripts repaired when they are not valid JSON (see ``extract.jsonld_text``);
- amounts read as JSON numbers when written as one (``899``, ``"1299.90"``, ``"12.345"`` is
  12.345, ``"-429.9"`` is negative), else with the money parser (``"1.299,90"``, ``"$60"``);
  the currency from ``priceCurrency``, else from the amount's text, else the channel's;
  zero, negative, NaN, infinite and absurd amounts are no prices (``money.amount``).

An offer's ``price`` (else ``lowPrice``) is the price paid. A ``priceSpecification`` is a list
price when its ``priceType`` is ``ListPrice``, ``StrikethroughPrice``, ``SRP`` or ``MSRP``; an
``installment`` when it is a subscription or installment price (a ``priceType`` or
``priceComponentType`` saying so, a billing duration, or a price per month); a ``unit``
price when its ``referenceQuantity`` or ``unitCode`` is not one item (per kg, per 100 ml).
Offers of a product's variants (``hasVariant``, several offers, a price range) are marked
as such. A product listed in an ``ItemList`` beside a product of the page's own is another
product: its price has the role ``related``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from lxml.etree import _Element

from cohesion_cli.domain import (
    Availability,
    Deadline,
    Evidence,
    Fact,
    FreeShipping,
    Price,
    PriceRole,
    ReturnWindow,
)
from cohesion_cli.extract.jsonld_text import load
from cohesion_cli.extract.markup import (
    meta_tags,
    microdata,
    microdata_availability,
    with_properties,
)
from cohesion_cli.extract.stock import status_of
from cohesion_cli.extract.tagged import ID_KEYS, Tagged, elements, read_amount
from cohesion_cli.money.text import parse_number

__all__ = ["Tagged", "elements", "json_ld", "meta_and_microdata"]

_PRODUCTS = frozenset({"product", "productgroup", "productmodel", "individualproduct",
                       "someproducts"})
_LIST_TYPES = frozenset({"listprice", "strikethroughprice", "srp", "msrp",
                         "minimumadvertisedprice"})
_INSTALLMENT = re.compile(r"subscription|installment|instalment|recurring|downpayment",
                          re.IGNORECASE)
_ONE_ITEM = frozenset({"C62", "H87", "EA", "XPP", "PCE", "UNIT", "ITEM", "PIECE", "UN", "UND",
                       "UNID", "UNIDADE", "UNIDAD"})
_PERIODS = frozenset({"MON", "ANN", "WEE", "DAY", "HUR", "MIN", "MONTH", "YEAR", "WEEK"})


def type_name(value: Any) -> str:
    """``http://schema.org/Offer``, ``schema:Offer`` and ``offer`` are all ``offer``."""
    return re.split(r"[/#:]", str(value).strip())[-1].lower()


def _is(node: dict[str, Any], names: frozenset[str]) -> bool:
    return any(type_name(k) in names for k in _listify(node.get("@type")))


def _listify(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value is not None else []


def _nodes(data: Any, listed: bool = False) -> Iterator[tuple[dict[str, Any], bool]]:
    """Every object worth reading, and whether it sits in an item list."""
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item, listed)
    elif isinstance(data, dict):
        yield data, listed
        for key in ("@graph", "mainEntity", "itemListElement", "item"):
            if key in data:
                yield from _nodes(data[key], listed or key == "itemListElement")


def meta_and_microdata(tree: _Element, source: str, snap: str, currency: str) -> list[Tagged]:
    marked = with_properties(tree)
    return (meta_tags(tree, source, snap, currency) + microdata(marked, source, snap, currency)
            + microdata_availability(marked, source, snap))


def json_ld(tree: _Element, source: str, snap: str, currency: str) -> list[Tagged]:
    scripts = [s for s in tree.iter("script") if "ld+json" in (s.get("type") or "").lower()]
    found = [(_Where(f"json-ld[{index}]", source, snap, script), node, listed)
             for index, script in enumerate(scripts)
             for data in load(script.text or "")
             for node, listed in _nodes(data)]
    own_product = any(not listed and _is(node, _PRODUCTS) for _, node, listed in found)
    out: list[Tagged] = []
    for where, node, listed in found:
        if _is(node, _PRODUCTS):
            out += _product(node, where, currency, related=listed and own_product)
        elif _is(node, frozenset({"merchantreturnpolicy"})):
            out += _returns(node, where.at(_brief(node)), frozenset())
        elif _is(node, frozenset({"offershippingdetails"})):
            out += _shipping(node, where.at(_brief(node)), frozenset(), currency)
    return out


@dataclass(frozen=True)
class _Where:
    locator: str
    source: str
    snapshot: str
    script: _Element

    def evidence(self, excerpt: str, path: str) -> Evidence:
        return Evidence(excerpt, f"{self.locator} {path}", self.source, self.snapshot)

    def at(self, excerpt: str) -> _Found:
        return _Found(Evidence(excerpt, self.locator, self.source, self.snapshot), self.script)


@dataclass(frozen=True)
class _Found:
    evidence: Evidence
    script: _Element
    variant: bool = False
    related: bool = False

    def tag(self, value: Any, ids: frozenset[str]) -> Tagged:
        return Tagged(Fact(value, self.evidence), ids, "json-ld", self.script, False,
                      self.variant, self.related)


def _product(node: dict[str, Any], where: _Where, currency: str, related: bool = False,
             variant: bool = False) -> list[Tagged]:
    ids = frozenset(str(node[k]) for k in ID_KEYS if node.get(k))
    label = f"Product {node.get('sku') or node.get('name') or ''}".strip()
    out: list[Tagged] = []
    for item in _listify(node.get("hasVariant")):
        if isinstance(item, dict):
            out += _product(item, where, currency, related, variant=True)
    offers = [o for o in _listify(node.get("offers")) if isinstance(o, dict)]
    if not (related or variant):
        out += _availability(offers, where, label, ids)
    for index, offer in enumerate(offers):
        path = f"{label} offers[{index}]"
        shown = _first_present(offer, "price", "lowPrice")
        found = _Found(where.evidence(f"{path}: price {shown} "
                                      f"{offer.get('priceCurrency', '')}".strip(), path),
                       where.script, variant or len(offers) > 1 or _is_range(offer), related)
        out += _offer(offer, found, ids, currency)
    return out


def _availability(offers: list[dict[str, Any]], where: _Where, label: str,
                  ids: frozenset[str]) -> list[Tagged]:
    """The product's stock from its offers' ``availability``: in stock when any offer is
    (one variant sold out is not the product), else the first offer's status."""
    said = [(i, status) for i, offer in enumerate(offers)
            for status in [status_of(offer.get("availability"))] if status is not None]
    if not said:
        return []
    index, status = next((s for s in said if s[1] == "in_stock"), said[0])
    path = f"{label} offers[{index}]"
    found = _Found(where.evidence(f"{path}: availability "
                                  f"{offers[index].get('availability')}", path), where.script)
    return [found.tag(Availability(status), ids)]


def _is_range(offer: dict[str, Any]) -> bool:
    low = read_amount(offer.get("lowPrice"), "", machine=True)
    high = read_amount(offer.get("highPrice"), "", machine=True)
    return low is not None and high is not None and low[0] != high[0]


def _currency(node: dict[str, Any], key: str = "priceCurrency") -> str | None:
    code = str(node.get(key) or "").strip()
    return code.upper() if len(code) == 3 and code.isalpha() else None


def _offer(offer: dict[str, Any], found: _Found, parent_ids: frozenset[str], currency: str
           ) -> list[Tagged]:
    ids = parent_ids | frozenset(str(offer[k]) for k in ("sku", "gtin13") if offer.get(k))
    named = _currency(offer)
    cur = named or currency
    out: list[Tagged] = []
    price = read_amount(_first_present(offer, "price", "lowPrice"), cur, machine=True)
    if price is not None:
        cur = named or price[1]
        role: PriceRole = "related" if found.related else "sale"
        out.append(found.tag(Price(price[0], cur, role), ids))
    if found.related:
        return out
    for spec in _specifications(offer.get("priceSpecification")):
        amount = read_amount(spec.get("price"), _currency(spec) or cur, machine=True)
        if amount is not None:
            role = _spec_role(spec)
            path = f"{found.evidence.locator} priceSpecification"
            ev = replace(found.evidence, locator=path,
                         excerpt=f"{path}: {role} price {spec.get('price')}")
            out.append(replace(found, evidence=ev).tag(
                Price(amount[0], _currency(spec) or amount[1], role), ids))
    for details in _listify(offer.get("shippingDetails")):
        if isinstance(details, dict):
            out += _shipping(details, found, ids, cur)
    for policy in _listify(offer.get("hasMerchantReturnPolicy")):
        if isinstance(policy, dict):
            out += _returns(policy, found, ids)
    return out


def _specifications(value: Any) -> Iterator[dict[str, Any]]:
    """Price specifications, including the components of a compound one."""
    for spec in _listify(value):
        if isinstance(spec, dict):
            yield spec
            yield from _specifications(spec.get("priceComponent"))


def _spec_role(spec: dict[str, Any]) -> PriceRole:
    kind = re.sub(r"[^a-z]", "", type_name(spec.get("priceType") or ""))
    component = type_name(spec.get("priceComponentType") or "")
    if kind in _LIST_TYPES:
        return "list"
    if _INSTALLMENT.search(kind + " " + component) or any(
            k in spec for k in ("billingDuration", "billingIncrement", "billingStart")):
        return "installment"
    if not _is(spec, frozenset({"unitpricespecification"})):
        return "sale"
    unit = str(spec.get("unitCode") or spec.get("unitText") or "").strip().upper()
    if unit in _PERIODS:
        return "installment"
    reference = spec.get("referenceQuantity")
    if isinstance(reference, dict):
        quantity = _number(reference.get("value"))
        reference_unit = str(reference.get("unitCode") or reference.get("unitText") or "")
        if quantity not in (None, 1) or reference_unit.strip().upper() not in {"", *_ONE_ITEM}:
            return "unit"
    elif reference is not None and _number(reference) != 1:
        return "unit"
    return "sale" if unit in {"", *_ONE_ITEM} else "unit"


def _number(value: Any) -> Decimal | None:
    """A count or a duration: zero allowed, no currency."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
        return number if number.is_finite() else None
    return parse_number(value.strip()) if isinstance(value, str) and value.strip() else None


def _shipping(
    node: dict[str, Any], found: _Found, ids: frozenset[str], currency: str
) -> list[Tagged]:
    out = _free_shipping(node, found, ids, currency)
    time = node.get("deliveryTime")
    if not isinstance(time, dict):
        return out
    low = high = 0
    business: bool | None = None
    for part in ("handlingTime", "transitTime"):
        value = time.get(part)
        if isinstance(value, dict):
            low += int(_number(value.get("minValue")) or 0)
            high += int(_number(value.get("maxValue")) or _number(value.get("minValue")) or 0)
    if time.get("businessDays"):
        business = True
    if high <= 0:
        return out
    return [*out, found.tag(Deadline(low or None, high, business), ids)]


def _free_shipping(
    node: dict[str, Any], found: _Found, ids: frozenset[str], currency: str
) -> list[Tagged]:
    """A zero ``shippingRate`` with an ``eligibleTransactionVolume.minPrice`` is a
    free-shipping threshold."""
    rate = node.get("shippingRate")
    volume = node.get("eligibleTransactionVolume")
    if not (isinstance(rate, dict) and isinstance(volume, dict)):
        return []
    if _number(rate.get("value")) != 0:
        return []
    named = _currency(volume) or _currency(rate, "currency")
    threshold = read_amount(volume.get("minPrice") or volume.get("price"), named or currency,
                            machine=True)
    if threshold is None:
        return []
    return [found.tag(FreeShipping(threshold[0], named or threshold[1]), ids)]


def _returns(node: dict[str, Any], found: _Found, ids: frozenset[str]) -> list[Tagged]:
    days = _number(node.get("merchantReturnDays"))
    return [found.tag(ReturnWindow(int(days)), ids)] if days is not None and days > 0 else []


def _brief(node: dict[str, Any]) -> str:
    text = json.dumps(node, ensure_ascii=False)
    return text if len(text) <= 160 else text[:157] + "..."


def _first_present(node: dict[str, Any], *keys: str) -> Any:
    """The first of ``keys`` with a value (a null or empty ``price`` falls back to
    ``lowPrice``)."""
    return next((node[k] for k in keys if node.get(k) not in (None, "")), None)
