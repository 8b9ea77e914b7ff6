"""Free-shipping statements in pt-BR and English text.

With a threshold: "frete grátis acima de R$ 299", "frete grátis para Sul e Sudeste acima de
R$ 399,00", "compras acima de R$ 199,90 têm frete grátis", "free shipping over $50",
"free standard shipping on orders of $75 or more", "FREE SHIPPING ON ORDERS $35+",
"Spend $100 and get free shipping", "Orders over $150 ship free". Without one ("Frete
grátis", "Free shipping on all orders", "Free 2-day delivery") the threshold is None.
"""

from __future__ import annotations

import re

from cohesion_cli.domain import FreeShipping
from cohesion_cli.extract.hits import Hit, non_overlapping
from cohesion_cli.extract.money import MONEY_ANON, money_in
from cohesion_cli.extract.windows import scan

_FREE = (
    r"frete\s+gr[áa]tis|frete\s+gratuito|entrega\s+gr[áa]tis|envio\s+gr[áa]tis"
    r"|free\s+(?:standard\s+|ground\s+|express\s+|\d+-day\s+)?(?:shipping|delivery)"
    r"|ships?\s+free|shipping\s+is\s+free"
)
_OVER = (
    r"(?:(?:nas|em|para|on|for)\s+)?(?:(?:all\s+)?(?:compras|pedidos|orders?|purchases)\s+)?"
    r"(?:acima\s+de|a\s+partir\s+de|superiores?\s+a|(?:of\s+)?over|above|of(?=\s*\S*\d))"
)
_ON_ORDERS = r"on\s+(?:all\s+)?orders\s+"
_FORWARD_RE = re.compile(
    rf"(?:{_FREE})[^\d\n]{{0,40}}?(?:{_OVER}|{_ON_ORDERS})\s*(?P<money>{MONEY_ANON})"
    rf"|(?:{_FREE})\*?\s*\n\s*\*?[^\d\n]{{0,40}}?{_OVER}\s*(?P<money3>{MONEY_ANON})",
    re.IGNORECASE,
)
_BACKWARD_RE = re.compile(
    rf"(?:{_OVER}|spend|gaste|compre|a\s+partir\s+de)\s*(?P<money>{MONEY_ANON})"
    rf"[^.\n]{{0,40}}?(?:{_FREE})",
    re.IGNORECASE,
)
_PLAIN_RE = re.compile(_FREE, re.IGNORECASE)


_TRIGGER = re.compile(r"gr[áa]tis|gratuito|free", re.IGNORECASE)


def find_free_shipping(text: str, currency: str) -> list[Hit]:
    return scan(text, _TRIGGER, 200, lambda part: _find(part, currency))


def _find(text: str, currency: str) -> list[Hit]:
    hits: list[Hit] = []
    for regex in (_FORWARD_RE, _BACKWARD_RE):
        for m in regex.finditer(text):
            group = next(g for g in ("money", "money3") if m.groupdict().get(g))
            money = money_in(m.group(group), m.start(group), currency)
            if money:
                hits.append(Hit(m.start(), m.end(), FreeShipping(money.amount, money.currency)))
    kept = non_overlapping(hits)
    for m in _PLAIN_RE.finditer(text):
        if not any(h.start <= m.start() < h.end for h in kept):
            kept.append(Hit(m.start(), m.end(), FreeShipping(None, None)))
    return sorted(kept, key=lambda h: h.start)
