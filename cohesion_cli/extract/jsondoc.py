"""Facts under conventional keys of a JSON document (an app's or a shop's API answer).

Prices: ``price``/``preco``/``sale``/``por``/``current`` are the sale price;
``list``/``de``/``compareAtPrice``/``original``/``msrp`` the list price; ``pix``/``boleto``
a payment discount. A ``price`` object holding such keys is read key by key. Objects under
related-product keys (``upsell``, ``recommendations``, ``relacionados``, ``sugestoes``,
``accessories``...) are about other products and are skipped. Each price is tagged with
the ``sku``/``id``/``gtin`` of the object it sits in, so the document's product can be
picked among variants. Deadlines come from numeric ``min…Days``/``max…Days`` pairs; stock
from ``availability``, ``available``, ``in_stock``, ``disponivel``, ``em_estoque`` (a
schema.org or Merchant Center name, or a boolean); payment discounts from percent keys that
name a discount and a method (``desconto_pix_percentual``).
Rulebook JSONPath locators take precedence over all of this.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from cohesion_cli.domain import (
    Availability,
    Deadline,
    Evidence,
    Fact,
    PaymentDiscount,
    PaymentMethod,
    Price,
    PriceRole,
    Snapshot,
)
from cohesion_cli.extract.stock import status_of
from cohesion_cli.extract.structured import Tagged
from cohesion_cli.money.amount import machine_number, price_amount
from cohesion_cli.money.text import parse_amount

_SALE = re.compile(r"^(?:price|pre[çc]o|sale_?price|sale|preco_?por|por|valor|price_?now"
                   r"|current(?:_?price)?|final_?price|selling_?price)$", re.I)
_LIST = re.compile(r"^(?:list_?price|list|preco_?de|de|original(?:_?price)?|regular(?:_?price)?"
                   r"|msrp|compare_?at(?:_?price)?|was(?:_?price)?)$", re.I)
_PAYMENT = re.compile(r"^(?:pix|boleto|cash)(?:_?price)?$", re.I)
_RELATED = re.compile(r"upsell|recomend|recommend|related|relacionad|sugest|suggest|similar"
                      r"|cross|bundle|acess[óo]rio|accessor|also", re.I)
_STOCK = re.compile(r"^(?:availability|available|is_?available|in_?stock|disponivel"
                    r"|disponibilidade|em_?estoque|stock_?status)$", re.I)
_DISCOUNT = re.compile(r"^(?=.*(?:desconto|discount))(?=.*(?:pix|boleto|cash))(?!.*(?:valor|value"
                       r"|amount|price|preco))[a-z_]+$", re.I)
_IDS = ("sku", "id", "gtin", "gtin13", "ean", "productId", "product_id")
_MIN_DAYS = re.compile(r"^(?:min|prazo_?min)\w*days?$|^prazo_?min", re.I)
_MAX_DAYS = re.compile(r"^(?:max|prazo_?max)\w*days?$|^prazo_?max", re.I)


def json_facts(data: Any, snap: Snapshot, currency: str) -> list[Tagged]:
    out: list[Tagged] = []
    _walk(data, "$", frozenset(), False, snap, currency, out)
    return out


def _walk(node: Any, path: str, ids: frozenset[str], in_price: bool, snap: Snapshot,
          currency: str, out: list[Tagged]) -> None:
    if isinstance(node, list):
        for i, item in enumerate(node):
            _walk(item, f"{path}[{i}]", ids, in_price, snap, currency, out)
        return
    if not isinstance(node, dict):
        return
    own = frozenset(str(node[k]) for k in _IDS if isinstance(node.get(k), (str, int)))
    ids = own or ids
    cur = node.get("currency") or node.get("moeda") or node.get("priceCurrency")
    currency = cur if isinstance(cur, str) and len(cur) == 3 else currency
    out += _deadline(node, path, ids, snap)
    out += _stock(node, path, ids, snap)
    out += _discounts(node, path, ids, snap)
    for key, value in node.items():
        here = f"{path}.{key}"
        if _RELATED.search(key):
            continue
        if isinstance(value, (dict, list)):
            _walk(value, here, ids, in_price or bool(_SALE.match(key)), snap, currency, out)
            continue
        role = _role(key, in_price)
        if role is None or isinstance(value, bool) or not isinstance(value, (int, float, str)):
            continue
        price = _price(value, role, currency)
        if price is not None:
            ev = Evidence(f'"{key}": {value}', here, snap.location, snap.id)
            out.append(Tagged(Fact(price, ev), ids))


def _price(value: float | str, role: PriceRole, currency: str) -> Price | None:
    """A JSON number is the amount as written (1.299 is 1.299), and so is a string holding
    one ("12.345", "-429.9", "1e30"); other strings are read by the money parser
    ("R$ 1.299,90"). NaN, infinite, zero, negative and absurd amounts are no price
    (``money.amount``)."""
    number = value if isinstance(value, (int, float)) else machine_number(value, plain=True)
    if number is not None:
        amount = price_amount(number)
        return None if amount is None else Price(amount, currency, role)
    assert isinstance(value, str)
    hit = parse_amount(value, currency)
    return None if hit is None else Price(hit.amount, hit.currency, role)


def _role(key: str, in_price: bool) -> PriceRole | None:
    if _PAYMENT.match(key):
        return "pix" if "pix" in key.lower() else "cash"
    if _LIST.match(key) and (in_price or "price" in key.lower() or len(key) > 4):
        return "list"
    if _SALE.match(key) and (in_price or key.lower() not in ("por", "sale")):
        return "sale"
    return None


def _stock(node: dict[str, Any], path: str, ids: frozenset[str], snap: Snapshot
           ) -> list[Tagged]:
    """The first stock key of the object ("availability": "OutOfStock", "disponivel":
    true, "in_stock": false) with a value ``stock.status_of`` reads."""
    for key, value in node.items():
        status = status_of(value) if _STOCK.match(key) else None
        if status is not None:
            ev = Evidence(f'"{key}": {json.dumps(value)}', f"{path}.{key}", snap.location,
                          snap.id)
            return [Tagged(Fact(Availability(status), ev), ids)]
    return []


def _discounts(node: dict[str, Any], path: str, ids: frozenset[str], snap: Snapshot
               ) -> list[Tagged]:
    """Payment discounts in percent under keys naming the method ("desconto_pix_percentual":
    5, "pixDiscountPercent": 5, "boleto_discount": 3)."""
    out = []
    for key, value in node.items():
        method = _DISCOUNT.match(key)
        if method is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        percent = Decimal(str(value))
        if 0 < percent < 100:
            ev = Evidence(f'"{key}": {value}', f"{path}.{key}", snap.location, snap.id)
            paid: PaymentMethod = "pix" if "pix" in key.lower() else "cash"
            out.append(Tagged(Fact(PaymentDiscount(paid, percent), ev), ids))
    return out


def _deadline(node: dict[str, Any], path: str, ids: frozenset[str], snap: Snapshot
              ) -> list[Tagged]:
    low = next((v for k, v in node.items() if _MIN_DAYS.match(k) and isinstance(v, int)), None)
    high_key = next((k for k, v in node.items() if _MAX_DAYS.match(k) and isinstance(v, int)),
                    None)
    if high_key is None:
        return []
    business = True if "business" in high_key.lower() or "uteis" in high_key.lower() else None
    ev = Evidence(f'"{high_key}": {node[high_key]}', f"{path}.{high_key}", snap.location,
                  snap.id)
    return [Tagged(Fact(Deadline(low, int(node[high_key]), business), ev), ids)]
