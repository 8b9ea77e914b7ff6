"""Text patterns for pt-BR and English: installments, promotions, deadlines, return
windows and free-shipping thresholds. Each finder returns hits with character spans so
callers can map them back to elements and write evidence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from cohesion_cli.domain import Deadline, FreeShipping, Installment, Price, ReturnWindow, Value
from cohesion_cli.extract.money import MONEY_ANON as MONEY
from cohesion_cli.extract.money import MONEY_RE, MoneyHit, find_money, money_from_match


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    value: Value


def _money(m: re.Match[str], group_text: str, offset: int, currency: str) -> MoneyHit | None:
    inner = MONEY_RE.search(group_text)
    if inner is None:
        return None
    hit = money_from_match(inner, currency)
    if hit is None:
        return None
    return MoneyHit(offset + hit.start, offset + hit.end, hit.amount, hit.currency)


_FREE = (
    r"sem\s+juros|s/\s*juros|sem\s+acr[ée]scimo|interest[- ]free|without\s+interest"
    r"|no\s+interest"
)
_PAID = r"com\s+juros|c/\s*juros|with\s+interest"
_INSTALLMENT_RE = re.compile(
    rf"(?P<pre>(?:em\s+)?at[ée]\s+|ou\s+|em\s+|up\s+to\s+)?(?P<count>\d{{1,2}})\s*(?:x|×|vezes)(?![a-z])"
    rf"\s*(?P<t1>{_FREE}|{_PAID})?\s*(?:de\s+|of\s+)?(?P<money>{MONEY})?\s*(?P<t2>{_FREE}|{_PAID})?",
    re.IGNORECASE,
)
_INSTALLMENT_EN_RE = re.compile(
    rf"(?P<count>\d{{1,2}})\s+(?P<t1>interest[- ]free\s+)?(?:monthly\s+)?(?:payments|installments)"
    rf"\s+of\s+(?P<money>{MONEY})(?:\s*(?P<t2>{_FREE}|{_PAID}))?",
    re.IGNORECASE,
)


def _terms(*texts: str | None) -> bool | None:
    for text in texts:
        if text and re.match(_FREE, text.strip(), re.IGNORECASE):
            return True
        if text and re.match(_PAID, text.strip(), re.IGNORECASE):
            return False
    return None


def find_installments(text: str, currency: str) -> list[Hit]:
    hits: list[Hit] = []
    for regex in (_INSTALLMENT_RE, _INSTALLMENT_EN_RE):
        for m in regex.finditer(text):
            count = int(m.group("count"))
            money_text = m.group("money")
            free = _terms(m.group("t1"), m.group("t2"))
            if count < 2 or (money_text is None and free is None and not m.groupdict().get("pre")):
                continue
            money = _money(m, money_text, m.start("money"), currency) if money_text else None
            value = Installment(count, money.amount if money else None,
                                money.currency if money else currency, free)
            end = m.end() if (money or free is not None) else m.end("count") + 1
            start = m.start() if m.groupdict().get("pre") else m.start("count")
            hits.append(Hit(start, end, value))
    return _non_overlapping(hits)


_PROMO_RE = re.compile(
    rf"(?<![a-z])(?:de|was|regular(?:\s+price)?|list\s+price|reg\.)\s*:?\s*(?P<list>{MONEY})"
    rf"\s*(?:,|-|–)?\s*(?:por|para|now|sale(?:\s+price)?|only|por\s+apenas)\s*:?\s*(?P<sale>{MONEY})",
    re.IGNORECASE,
)


def find_promotions(text: str, currency: str) -> list[tuple[MoneyHit, MoneyHit]]:
    """'De R$ 1.099,00 por R$ 899,00' -> (list hit, sale hit)."""
    pairs = []
    for m in _PROMO_RE.finditer(text):
        list_hit = _money(m, m.group("list"), m.start("list"), currency)
        sale_hit = _money(m, m.group("sale"), m.start("sale"), currency)
        if list_hit and sale_hit:
            pairs.append((list_hit, sale_hit))
    return pairs


_FREE_SHIP = r"frete\s+gr[áa]tis|frete\s+gratuito|entrega\s+gr[áa]tis|free\s+(?:shipping|delivery)"
_ABOVE = (
    r"(?:(?:nas|em|para)\s+(?:compras|pedidos)\s+)?(?:acima\s+de|a\s+partir\s+de|superiores\s+a"
    r"|on\s+orders\s+(?:over|above|of)|for\s+orders\s+over|orders\s+over|over|above)"
)
_FREE_SHIP_RE = re.compile(
    rf"(?:{_FREE_SHIP})\s*(?:para\s+todo\s+o\s+brasil\s+)?{_ABOVE}\s*(?P<money>{MONEY})"
    rf"|{_ABOVE}\s*(?P<money2>{MONEY})[^.\n]{{0,40}}?(?:{_FREE_SHIP})",
    re.IGNORECASE,
)


def find_free_shipping(text: str, currency: str) -> list[Hit]:
    hits = []
    for m in _FREE_SHIP_RE.finditer(text):
        group = "money" if m.group("money") else "money2"
        money = _money(m, m.group(group), m.start(group), currency)
        if money:
            hits.append(Hit(m.start(), m.end(), FreeShipping(money.amount, money.currency)))
    return hits


_DELIVERY_WORDS = re.compile(
    r"(?<!partir d[oa] )(?<!após o )(?<!após a )(?<!depois d[oa] )(?<!after )(?<!of )"
    r"(?:entreg|receb|receba|chega|frete|delivery|deliver|arriv|transit|get\s+it|shipping\b)",
    re.IGNORECASE,
)
_RETURN_WORDS = re.compile(r"troca|troqu|devolu|devolv|return|exchange|refund", re.IGNORECASE)
_IGNORE_WORDS = re.compile(
    # warranties, payment terms, the legal right of withdrawal (CDC art. 49: not the
    # store's own window) and dispatch/handling time (not the delivery promise)
    r"garantia|warranty|guarantee|parcel|pix|boleto|desist|arrepend|withdraw|cdc|art\.\s*49"
    r"|envi[ao]|enviamos|enviad|despach|postag|dispatch|handling|process|ships\b|shipped",
    re.IGNORECASE,
)
_UNIT = (
    r"(?P<unit>dias?\s+[úu]teis|dia\s+[úu]til|dias?\s+corridos?|(?:business|working)\s+days?"
    r"|calendar\s+days?|dias?|days?)"
)
_SPAN_RE = re.compile(
    rf"(?<![\d.,])(?:(?P<min>\d{{1,3}})\s*(?:a|-|–|até|to|e|or|ou)\s*)?(?P<max>\d{{1,3}})"
    rf"(?:\s*|-)(?:{_UNIT}|(?P<hours>h|hs|hrs?|horas|hours)\b)",
    re.IGNORECASE,
)


def _nearest(text: str, start: int, end: int) -> str | None:
    """Which topic ('delivery', 'return', 'ignore') the nearest keyword on the line names."""
    line_start = max(text.rfind("\n", 0, start) + 1, start - 80)
    line_end = text.find("\n", end)
    line_end = min(line_end if line_end >= 0 else len(text), end + 50)
    best: tuple[int, str] | None = None
    for topic, regex in (("delivery", _DELIVERY_WORDS), ("return", _RETURN_WORDS),
                         ("ignore", _IGNORE_WORDS)):
        for m in regex.finditer(text, line_start, line_end):
            distance = start - m.end() if m.end() <= start else m.start() - end
            if m.start() >= end:
                distance += 10
            if distance >= 0 and (best is None or distance < best[0]):
                best = (distance, topic)
    return best[1] if best else None


def _business(unit: str | None) -> bool | None:
    if not unit:
        return None
    low = unit.lower()
    if "út" in low or "ut" in low.replace("útil", "ut") or "business" in low or "working" in low:
        return True
    if "corrid" in low or "calendar" in low:
        return False
    return None


def find_days(text: str) -> tuple[list[Hit], list[Hit]]:
    """Deadlines and return windows, told apart by the nearest keyword on the line."""
    deadlines: list[Hit] = []
    returns: list[Hit] = []
    for m in _SPAN_RE.finditer(text):
        topic = _nearest(text, m.start(), m.end())
        high = int(m.group("max"))
        low = int(m.group("min")) if m.group("min") else None
        if m.group("hours"):
            high = math.ceil(high / 24)
            low = math.ceil(low / 24) if low is not None else None
        if topic == "delivery":
            unit = None if m.group("hours") else m.group("unit")
            deadlines.append(Hit(m.start(), m.end(), Deadline(low, high, _business(unit))))
        elif topic == "return" and not m.group("hours"):
            returns.append(Hit(m.start(), m.end(), ReturnWindow(high)))
    return deadlines, returns


_CONTEXT_BEFORE = (
    ("installment_total", re.compile(r"total(?:\s+a\s+prazo)?\s*:?\s*$|total\s+de\s*$", re.I)),
    ("discount", re.compile(r"(?:economi[sz]e|desconto\s+de|save|you\s+save)\s*:?\s*$", re.I)),
    ("shipping", re.compile(r"(?:frete|shipping|entrega)\b[^.\n\d]{0,16}$", re.I)),
    ("threshold", re.compile(r"(?:acima\s+de|superiores?\s+a|over|above)\s*$", re.I)),
)
_CONTEXT_AFTER = (
    ("payment_discount", re.compile(r"^\s*(?:à\s+vista\s+)?(?:no|via|com)\s+(?:pix|boleto)", re.I)),
    ("discount", re.compile(r"^\s*(?:de\s+desconto|off\b)", re.I)),
)


def price_hits(text: str, currency: str) -> list[Hit]:
    """Every money amount with the role its wording gives it."""
    claimed: dict[tuple[int, int], str] = {}
    for hit in find_installments(text, currency):
        for money in find_money(text[hit.start:hit.end], currency):
            claimed[(hit.start + money.start, hit.start + money.end)] = "installment"
    for hit in find_free_shipping(text, currency):
        for money in find_money(text[hit.start:hit.end], currency):
            claimed[(hit.start + money.start, hit.start + money.end)] = "threshold"
    for list_hit, sale_hit in find_promotions(text, currency):
        claimed[(list_hit.start, list_hit.end)] = "list"
        claimed[(sale_hit.start, sale_hit.end)] = "sale"
    hits = []
    for money in find_money(text, currency):
        role = claimed.get((money.start, money.end)) or _context_role(text, money)
        hits.append(Hit(money.start, money.end, Price(money.amount, money.currency, role)))
    return hits


def _context_role(text: str, money: MoneyHit) -> str:
    before = text[max(0, money.start - 30):money.start]
    after = text[money.end:money.end + 30]
    for role, regex in _CONTEXT_BEFORE:
        if regex.search(before):
            return role
    for role, regex in _CONTEXT_AFTER:
        if regex.search(after):
            return role
    return "unknown"


def _non_overlapping(hits: list[Hit]) -> list[Hit]:
    out: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if out and hit.start < out[-1].end:
            continue
        out.append(hit)
    return out
