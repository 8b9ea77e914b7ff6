"""A fact read from structured data, with what the main-price decision needs to know about
it: which product it belongs to, where it came from, and whether the shopper sees it.

Values in structured data are read leniently with the money parser: numbers, machine
strings ("1299.90"), shop-formatted strings ("1.299,90", "$60", "71,91 €"). Zero and
negative amounts are placeholders, not prices.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from lxml.etree import _Element

from cohesion_cli.domain import Fact
from cohesion_cli.money.amount import machine_number, price_amount
from cohesion_cli.money.text import parse_amount, parse_number

ID_KEYS = ("sku", "gtin", "gtin8", "gtin12", "gtin13", "gtin14", "mpn", "productID")
"""schema.org properties that identify a product (JSON-LD keys, microdata itemprops)."""
Source = Literal["json-ld", "microdata", "rdfa", "meta", "json"]
_NUMBER_CHARS = frozenset("0123456789.,+- \u00a0\u202f")


@dataclass(frozen=True)
class Tagged:
    """A fact plus the identifiers of the product node it belongs to."""

    fact: Fact
    ids: frozenset[str]
    """SKU, GTIN, MPN... of the product (or offer) the fact sits in; empty when unknown."""
    source: Source = "json"
    """``json-ld``, ``microdata``, ``rdfa``, ``meta`` (OpenGraph / product meta tags) or
    ``json`` (conventional keys of a JSON document such as an app's API answer)."""
    element: _Element | None = None
    """The element the value was read from (the ``<script>`` for JSON-LD); None for JSON."""
    displayed: bool = False
    """True when the value is text the shopper sees in the page body: not a ``<meta>``,
    a hidden input, a script, nor inside a ``hidden`` or ``display:none`` element."""
    variant: bool = False
    """One of several offers of the product (``hasVariant``, several offers, a price range):
    the page's price depends on the variant chosen."""
    related: bool = False
    """About another product: a product listed in an ``ItemList``, or one the page's
    product ``isRelatedTo`` / ``isSimilarTo``, or a related-products block. Such prices
    have the role ``related``."""


def read_amount(raw: Any, currency: str, *, machine: bool = False
                ) -> tuple[Decimal, str] | None:
    """A positive amount from a structured value, with the currency its text names
    ("$60", "71,91 €") or else ``currency``. Numbers written for machines are read as such
    (``money.amount.machine_number``; ``machine``: a JSON value, where "12.345" is 12.345);
    NaN, infinite, negative and absurd amounts are no price."""
    if isinstance(raw, dict):
        raw = raw.get("@value")
    value: Decimal | None = None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = Decimal(str(raw))
    elif isinstance(raw, str) and raw.strip():
        value, currency = _read_text(raw.strip(), currency, machine)
    value = None if value is None else price_amount(value)
    return None if value is None else (value, currency)


def _read_text(text: str, currency: str, machine: bool) -> tuple[Decimal | None, str]:
    number = machine_number(text, plain=machine)
    if number is not None:
        return number, currency
    if set(text) <= _NUMBER_CHARS:
        return parse_number(text.lstrip("+")), currency
    hit = parse_amount(text, currency)
    return (None, currency) if hit is None else (hit.amount, hit.currency)


def elements(tree: _Element, expression: str) -> list[_Element]:
    """The elements an XPath selects (other results are dropped)."""
    result = tree.xpath(expression)
    return [e for e in result if isinstance(e, _Element)] if isinstance(result, list) else []
