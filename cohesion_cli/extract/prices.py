"""Prices in text and the role their wording gives them.

Roles: ``list`` ("De R$ 1.099,00 por ...", "was $129.99", "Compare at", "preço de tabela"),
``sale`` (the "por" of a promotion), ``installment`` / ``threshold`` (parts of an
installment plan or free-shipping statement; not prices of the product),
``installment_total`` ("Total a prazo"), payment-method prices ``pix`` ("R$ 854,05 no Pix"),
``cash`` ("no boleto", "em dinheiro") and ``card`` ("R$ 899,00 em 1x no cartão"),
``discount`` ("economize R$ 200", "save $30"), ``shipping`` ("frete: R$ 19,90",
"delivery fee $7.50", "+ $5.99 shipping"), ``fee`` ("a flat $49.00 pickup fee", import
fees), ``unit`` ("R$ 12,90/kg", "$0.25 / oz", "€ 3,49 per 100 ml"), ``subscription``
("$9.99/month", "assinatura R$ 29,90/mês", "Subscribe & Save") and ``unknown`` (a price the
wording does not qualify). An amount right after a "+" is an ``addon`` (an option's
surcharge, "+3 500,00 zł"). Only ``sale`` and ``unknown`` prices can be the page's main price.
Amounts without a currency are read only after a price word ("Valor: 79,90") or inside a
promotion ("De 1.299,00 por 999,00").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from itertools import accumulate

from cohesion_cli.domain import Price, PriceRole
from cohesion_cli.extract.budget import check
from cohesion_cli.extract.hits import Hit
from cohesion_cli.extract.installments import find_installments
from cohesion_cli.extract.lang import fold
from cohesion_cli.extract.price_words import AFTER, BEFORE
from cohesion_cli.extract.shipping import find_free_shipping
from cohesion_cli.extract.windows import anchored
from cohesion_cli.money.text import BARE, MONEY_OR_BARE, MoneyHit, find_money, iter_money, money_in

_PROMO_RE = re.compile(
    rf"(?<![a-z])(?:de|was|regular(?:\s+price)?|list\s+price|reg\.)\s*:?\s*"
    rf"(?P<list>{MONEY_OR_BARE})\s*(?:,|-|–)?\s*"
    rf"(?:por(?:\s+apenas)?|para|now(?:\s+only)?|sale(?:\s+price)?|only)\s*:?\s*"
    rf"(?P<sale>{MONEY_OR_BARE})",
    re.IGNORECASE,
)
_KEYWORD_BARE_RE = re.compile(
    rf"(?:valor|pre[çc]o|price|now(?:\s+(?:just|only))?|just|only|apenas|por)\s*:?\s*"
    rf"(?P<amount>{BARE})",
    re.IGNORECASE,
)
_PROMO_LEAD = re.compile(r"(?=de|was|regular|list\s+price|reg\.)")
_KEYWORD_LEAD = re.compile(r"(?=valor|pre[çc]o|price|now|just|only|apenas|por)")
"""The words each of the two patterns starts with, in lower case (``windows.anchored``)."""


def find_promotions(text: str, currency: str, folded: str | None = None
                    ) -> list[tuple[MoneyHit, MoneyHit]]:
    """'De R$ 1.099,00 por R$ 899,00' -> (list hit, sale hit). ``folded``: ``text`` in
    lower case (``lang.fold``) when the caller has it."""
    pairs = []
    for m in anchored(_PROMO_RE, _PROMO_LEAD, text,
                      fold(text) if folded is None else folded):
        list_hit = money_in(m.group("list"), m.start("list"), currency)
        sale_hit = money_in(m.group("sale"), m.start("sale"), currency)
        if list_hit and sale_hit:
            pairs.append((list_hit, sale_hit))
    return pairs


def price_hits(text: str, currency: str, installments: list[Hit] | None = None,
               free_shipping: list[Hit] | None = None, *,
               wording: Callable[[int, int], PriceRole] | None = None) -> list[Hit]:
    """Every money amount with the role its wording gives it. Installment and
    free-shipping hits already found in ``text`` may be passed in to save a second scan.
    ``wording`` reads the role of the amount at (start, end) of ``text`` (by default in
    ``text`` itself; the reader reads it in the page's full text)."""
    role_of = wording or (lambda start, end: wording_role(text, start, end))
    claimed: dict[tuple[int, int], PriceRole] = {}
    if installments is None:
        installments = find_installments(text, currency)
    if free_shipping is None:
        free_shipping = find_free_shipping(text, currency)
    for hit in installments:
        for money in _amounts(text[hit.start:hit.end], currency):
            claimed[(hit.start + money.start, hit.start + money.end)] = "installment"
    for hit in free_shipping:
        for money in _amounts(text[hit.start:hit.end], currency):
            claimed[(hit.start + money.start, hit.start + money.end)] = "threshold"
    promoted: list[MoneyHit] = []
    folded = fold(text)
    for list_hit, sale_hit in find_promotions(text, currency, folded):
        claimed[(list_hit.start, list_hit.end)] = "list"
        claimed[(sale_hit.start, sale_hit.end)] = "sale"
        promoted += [list_hit, sale_hit]
    found = {(m.start, m.end): m for m in [*_checked(iter_money(text, currency)), *promoted,
                                           *_keyword_bare(text, folded, currency)]}
    inside = _interior(list(claimed))
    hits = []
    for span, money in sorted(found.items()):
        check()
        if inside(span[0]) or inside(span[1]):
            continue
        role = claimed.get(span) or role_of(money.start, money.end)
        hits.append(Hit(money.start, money.end, Price(money.amount, money.currency, role)))
    return hits


def _interior(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """Whether a position lies strictly inside one of ``spans``: sorted once, each question
    a binary search (the furthest end among the spans that start before the position)."""
    spans.sort()
    starts = [start for start, _ in spans]
    furthest = list(accumulate((end for _, end in spans), max))

    def inside(position: int) -> bool:
        before = bisect_left(starts, position)
        return before > 0 and furthest[before - 1] > position

    return inside


def _checked(hits: Iterator[MoneyHit]) -> Iterator[MoneyHit]:
    """The hits, the extraction budget checked between two."""
    for hit in hits:
        check()
        yield hit


def _amounts(fragment: str, currency: str) -> list[MoneyHit]:
    """Amounts inside a matched fragment, with or without a currency."""
    hits = find_money(fragment, currency)
    if hits:
        return hits
    bare = money_in(fragment, 0, currency)
    return [bare] if bare is not None and re.search(BARE, fragment) else []


def _keyword_bare(text: str, folded: str, currency: str) -> list[MoneyHit]:
    hits = []
    for m in anchored(_KEYWORD_BARE_RE, _KEYWORD_LEAD, text, folded):
        hit = money_in(m.group("amount"), m.start("amount"), currency)
        if hit is not None:
            hits.append(hit)
    return hits


def wording_role(text: str, start: int, end: int) -> PriceRole:
    """The role the words around the amount at ``text[start:end]`` give it."""
    before = text[max(0, start - 30):start]
    after = text[end:end + 40]
    for role, regex in BEFORE:
        if regex.search(before):
            return role
    for role, regex in AFTER:
        if regex.search(after):
            return role
    return "addon" if before.rstrip().endswith("+") else "unknown"
