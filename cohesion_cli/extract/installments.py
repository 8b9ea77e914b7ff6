"""Installment plans in text, in the channel's language.

"12x de R$ 74,92 sem juros", "10x R$ 89,90", "em até 10x sem juros", "em até 12 parcelas
sem juros", "3 prestações sem juros", "ou 4 interest-free payments of $25.00", "Pay in 3
interest-free installments", "As low as $45/mo for 12 months", "24 months, $41.62/mo",
"hasta 12 cuotas sin interés de $ 8.333", "3 cuotas de $ 1.000", "12 meses sin
intereses". Interest terms: "sem juros", "0% APR", "with no interest", "sin interés"
(free); "com juros", "9.99% APR", "interest applies", "con interés" (not free).

Not plans: dimensions ("20 x 16,5 x 37 cm", "18.20 x 16.00 x 37.50 inches", "20x30 cm"),
quantities ("pack of 2 x 250 ml", "Kit 2x1"), comparisons and zoom ("2x mais rápido",
"5x zoom"), amounts per unit of measure ("2x R$ 12,90/kg") and months without interest
terms ("12 meses de garantía"). The words of each language are in ``extract.lang``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from cohesion_cli.domain import Installment
from cohesion_cli.extract import lang
from cohesion_cli.extract.budget import check
from cohesion_cli.extract.hits import Hit, non_overlapping
from cohesion_cli.extract.windows import scan
from cohesion_cli.money.text import MONEY_ANON, MONEY_OR_BARE, money_in

_MEASURE = r"(?:cm|mm|m|km|in|inch(?:es)?|ft|pol|kg|g|mg|lb|oz|ml|l|un|unid)\b|\"|''|m²|m2"
_DIMENSION_RE = re.compile(rf"\s*\d+(?:[.,]\d+)?\s*(?:[x×]|{_MEASURE})", re.IGNORECASE)
"""After '20 x': another side or a measure ('20 x 16,5 x 37 cm', '2 x 250 ml')."""
_SIDE_BEFORE_RE = re.compile(r"\d\s*[x×]\s*$", re.IGNORECASE)
"""Before the count: it is the second side of a dimension ('16 x 20x R$...')."""
_PER_MEASURE_RE = re.compile(rf"\s*/\s*(?:\d+\s*)?(?:{_MEASURE})", re.IGNORECASE)
"""After an amount: a price per unit of measure ('R$ 12,90/kg', '€ 3,49 / 100 ml')."""


@dataclass(frozen=True)
class _Patterns:
    plan: re.Pattern[str]
    """From the count on; it starts with a digit, which keeps the scan fast."""
    before_count: re.Pattern[str]
    """What may precede the count ("em até "), searched back from it."""
    free: re.Pattern[str]
    paid: re.Pattern[str]
    monthly: re.Pattern[str]
    per_month: re.Pattern[str]
    """Every monthly plan has one: where it is missing, ``monthly`` is not tried."""
    not_after_times: re.Pattern[str]
    trigger: re.Pattern[str]


@cache
def _patterns(key: str) -> _Patterns:
    w = lang.joined(key, "plans")
    terms = rf"(?:{w['free']}|{w['paid']})"
    per_month = rf"\s*/\s*(?:{w['per_month']})\b"
    return _Patterns(
        plan=re.compile(
            rf"(?=\d)(?<![\d.,])(?P<count>\d{{1,2}})"
            rf"(?:\s*(?P<times>x|×)(?![a-z])|\s+(?:(?P<t0>{w['free_before_unit']})\s+)?"
            rf"(?:{w['units']}|(?P<weak>{w['weak_units']})))"
            rf"\s*(?P<t1>{terms})?\s*(?:(?:{w['of']})\s+)?"
            rf"(?P<money>{MONEY_OR_BARE})?(?:\s*(?P<t2>{terms}))?",
            re.IGNORECASE),
        before_count=re.compile(rf"(?:{w['before_count']})$", re.IGNORECASE),
        free=re.compile(w["free"], re.IGNORECASE),
        paid=re.compile(w["paid"], re.IGNORECASE),
        monthly=re.compile(
            rf"(?P<money>{MONEY_ANON}){per_month}\s+(?:{w['for_months']})\s+(?P<count>\d{{1,2}})"
            rf"\s+(?:{w['months']})|(?P<count2>\d{{1,2}})\s+(?:{w['months']}),?\s+"
            rf"(?P<money2>{MONEY_ANON}){per_month}",
            re.IGNORECASE),
        per_month=re.compile(per_month, re.IGNORECASE),
        not_after_times=re.compile(rf"\s*(?:{w['not_after_times']})", re.IGNORECASE),
        trigger=re.compile(
            rf"\d\s*[x×]|\d\s+(?:{w['units']}|{w['weak_units']}|{w['free_before_unit']}"
            rf"|{w['months']})|/\s*(?:{w['per_month']})\b",
            re.IGNORECASE),
    )


def _terms(patterns: _Patterns, *texts: str | None) -> bool | None:
    for text in texts:
        if text and patterns.free.fullmatch(text.strip()):
            return True
        if text and patterns.paid.fullmatch(text.strip()):
            return False
    return None


def find_installments(text: str, currency: str, *, locale: str = "pt-BR") -> list[Hit]:
    """Installment plans in ``text``, read in ``locale``'s language."""
    patterns = _patterns(lang.tag(locale))
    return non_overlapping(scan(text, patterns.trigger, 160,
                                lambda part: _find(patterns, part, currency)))


def _not_a_plan(patterns: _Patterns, text: str, m: re.Match[str]) -> bool:
    """Dimensions, quantities, comparisons and prices per unit of measure."""
    if m.group("times") and (_DIMENSION_RE.match(text, m.end("times"))
                             or patterns.not_after_times.match(text, m.end("times"))
                             or _SIDE_BEFORE_RE.search(text, max(0, m.start("count") - 12),
                                                           m.start("count"))):
        return True
    return bool(m.group("money") and _PER_MEASURE_RE.match(text, m.end("money")))


def _find(patterns: _Patterns, text: str, currency: str) -> list[Hit]:
    hits: list[Hit] = []
    previous_end = 0
    for m in patterns.plan.finditer(text):
        check()
        pre = patterns.before_count.search(text, max(previous_end, m.start() - 24), m.start())
        previous_end = m.end()
        count = int(m.group("count"))
        free = _terms(patterns, m.group("t0"), m.group("t1"), m.group("t2"))
        money = money_in(m.group("money"), m.start("money"), currency) \
            if m.group("money") else None
        specific = money is not None or free is not None or pre is not None
        if (count < 2 or not specific or (m.group("weak") and free is None)
                or _not_a_plan(patterns, text, m)):
            continue
        value = Installment(count, money.amount if money else None,
                            money.currency if money else currency, free)
        hits.append(Hit(pre.start() if pre else m.start(), m.end(), value))
    monthly = patterns.monthly.finditer(text) if patterns.per_month.search(text) else ()
    for m in monthly:
        count = int(m.group("count") or m.group("count2"))
        group = "money" if m.group("money") else "money2"
        money = money_in(m.group(group), m.start(group), currency)
        if money is not None and count >= 2:
            hits.append(Hit(m.start(), m.end(), Installment(count, money.amount, money.currency,
                                                            None)))
    return non_overlapping(hits)
