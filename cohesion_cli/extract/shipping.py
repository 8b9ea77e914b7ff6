"""Free-shipping statements in text, in the channel's language.

With a threshold: "frete grátis acima de R$ 299", "frete grátis para Sul e Sudeste acima de
R$ 399,00", "compras acima de R$ 199,90 têm frete grátis", "portes grátis em encomendas
superiores a €50", "free shipping over $50", "free standard shipping on orders of $75 or
more", "FREE SHIPPING ON ORDERS $35+", "Spend $100 and get free shipping", "Orders over
$150 ship free", "envío gratis en compras superiores a $ 30.000". Without one ("Frete
grátis", "Free shipping on all orders", "Free 2-day delivery", "Envío gratis") the
threshold is None. The words of each language are in ``extract.lang``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from cohesion_cli.domain import FreeShipping
from cohesion_cli.extract import lang
from cohesion_cli.extract.hits import Hit, non_overlapping
from cohesion_cli.extract.windows import scan
from cohesion_cli.money.text import MONEY_ANON, money_in


@dataclass(frozen=True)
class _Patterns:
    forward: re.Pattern[str]
    backward: re.Pattern[str]
    plain: re.Pattern[str]
    trigger: re.Pattern[str]


@cache
def _patterns(key: str) -> _Patterns:
    w = lang.joined(key, "shipping")
    free = rf"{lang.initials(key, 'shipping', 'free')}(?:{w['free']})"
    before_over = lang.initials(key, "shipping", "before_orders", "orders", "over", "spend")
    over = (rf"(?:(?:{w['before_orders']})\s+)?(?:(?:{w['orders']})\s+)?"
            rf"(?:{w['over']})")
    return _Patterns(
        forward=re.compile(
            rf"(?:{free})[^\d\n]{{0,40}}?(?:{over}|{w['on_orders']})\s*"
            rf"(?P<money>{MONEY_ANON})"
            rf"|(?:{free})\*?\s*\n\s*\*?[^\d\n]{{0,40}}?{over}\s*(?P<money3>{MONEY_ANON})",
            re.IGNORECASE),
        backward=re.compile(
            rf"{before_over}(?:{over}|{w['spend']})\s*(?P<money>{MONEY_ANON})[^.\n]{{0,40}}?(?:{free})",
            re.IGNORECASE),
        plain=re.compile(free, re.IGNORECASE),
        trigger=re.compile(rf"{lang.initials(key, 'shipping', 'trigger')}(?:{w['trigger']})",
                           re.IGNORECASE),
    )


def find_free_shipping(text: str, currency: str, *, locale: str = "pt-BR") -> list[Hit]:
    """Free-shipping statements in ``text``, read in ``locale``'s language."""
    patterns = _patterns(lang.tag(locale))
    return scan(text, patterns.trigger, 200, lambda part: _find(patterns, part, currency))


def _find(patterns: _Patterns, text: str, currency: str) -> list[Hit]:
    hits: list[Hit] = []
    for regex in (patterns.forward, patterns.backward):
        for m in regex.finditer(text):
            group = next(g for g in ("money", "money3") if m.groupdict().get(g))
            money = money_in(m.group(group), m.start(group), currency)
            if money:
                hits.append(Hit(m.start(), m.end(), FreeShipping(money.amount, money.currency)))
    kept = non_overlapping(hits)
    for m in patterns.plain.finditer(text):
        if not any(h.start <= m.start() < h.end for h in kept):
            kept.append(Hit(m.start(), m.end(), FreeShipping(None, None)))
    return sorted(kept, key=lambda h: h.start)
