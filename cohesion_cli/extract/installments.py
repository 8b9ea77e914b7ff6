"""Installment plans in pt-BR and English text.

"12x de R$ 74,92 sem juros", "10x R$ 89,90", "em até 10x sem juros", "em até 12 parcelas
sem juros", "ou 4 interest-free payments of $25.00", "Pay in 3 interest-free installments",
"As low as $45/mo for 12 months", "24 months, $41.62/mo". Interest terms: "sem juros",
"0% APR", "with no interest" (free); "com juros", "9.99% APR", "interest applies" (not free).
"""

from __future__ import annotations

import re

from cohesion_cli.domain import Installment
from cohesion_cli.extract.hits import Hit, non_overlapping
from cohesion_cli.extract.money import MONEY_ANON, MONEY_OR_BARE, money_in
from cohesion_cli.extract.windows import scan

_FREE = (
    r"sem\s+juros|s/\s*juros|sem\s+acr[ée]scimo|(?:with\s+)?(?:no|zero)\s+interest"
    r"|interest[- ]free|without\s+interest|(?:with\s+|at\s+)?0(?:[.,]0+)?\s*%\s*(?:apr|juros)"
)
_PAID = (
    r"com\s+juros|c/\s*juros|with\s+interest|\(?interest\s+applies\)?"
    r"|(?:at\s+|with\s+)?\d+(?:[.,]\d+)?\s*%\s*(?:apr|a\.?m\.?|ao\s+m[êe]s)"
)
_TERMS = rf"(?:{_FREE}|{_PAID})"
_PT_RE = re.compile(
    rf"(?P<pre>(?:em\s+)?at[ée]\s+|ou\s+(?:em\s+)?|em\s+|up\s+to\s+)?(?P<count>\d{{1,2}})"
    rf"(?:\s*(?:x|×)(?![a-z])|\s+(?:vezes|parcelas))\s*(?P<t1>{_TERMS})?\s*(?:de\s+|of\s+)?"
    rf"(?P<money>{MONEY_OR_BARE})?\s*(?P<t2>{_TERMS})?",
    re.IGNORECASE,
)
_EN_RE = re.compile(
    rf"(?P<count>\d{{1,2}})\s+(?P<t1>interest[- ]free\s+)?(?:monthly\s+)?"
    rf"(?:payments|installments)(?:\s+of\s+(?P<money>{MONEY_ANON}))?(?:\s*(?P<t2>{_TERMS}))?",
    re.IGNORECASE,
)
_PER_MONTH = r"\s*/\s*(?:mo|month|m[êe]s)\b"
_MONTHLY_RE = re.compile(
    rf"(?P<money>{MONEY_ANON}){_PER_MONTH}\s+(?:for|por)\s+(?P<count>\d{{1,2}})\s+(?:months|meses)"
    rf"|(?P<count2>\d{{1,2}})\s+(?:months|meses),?\s+(?P<money2>{MONEY_ANON}){_PER_MONTH}",
    re.IGNORECASE,
)


def _terms(*texts: str | None) -> bool | None:
    for text in texts:
        if text and re.fullmatch(_FREE, text.strip(), re.IGNORECASE):
            return True
        if text and re.fullmatch(_PAID, text.strip(), re.IGNORECASE):
            return False
    return None


_TRIGGER = re.compile(
    r"\d\s*[x×]|\d\s+(?:vezes|parcelas|payments|installments|interest|monthly|months|meses)"
    r"|/\s*(?:mo|month|m[êe]s)\b", re.IGNORECASE)


def find_installments(text: str, currency: str) -> list[Hit]:
    return non_overlapping(scan(text, _TRIGGER, 160, lambda part: _find(part, currency)))


def _find(text: str, currency: str) -> list[Hit]:
    hits: list[Hit] = []
    for regex in (_PT_RE, _EN_RE):
        for m in regex.finditer(text):
            count = int(m.group("count"))
            free = _terms(m.group("t1"), m.group("t2"))
            money = money_in(m.group("money"), m.start("money"), currency) \
                if m.group("money") else None
            specific = money is not None or free is not None or m.groupdict().get("pre")
            if count < 2 or not specific:
                continue
            value = Installment(count, money.amount if money else None,
                                money.currency if money else currency, free)
            start = m.start() if m.groupdict().get("pre") else m.start("count")
            hits.append(Hit(start, m.end(), value))
    for m in _MONTHLY_RE.finditer(text):
        count = int(m.group("count") or m.group("count2"))
        group = "money" if m.group("money") else "money2"
        money = money_in(m.group(group), m.start(group), currency)
        if money is not None and count >= 2:
            hits.append(Hit(m.start(), m.end(), Installment(count, money.amount, money.currency,
                                                            None)))
    return non_overlapping(hits)
