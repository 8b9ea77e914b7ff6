"""Money in text: find amounts with their currency and parse them as Decimal.

Separators are decided per number, not per locale, because channels mix them:
when both '.' and ',' appear the last one is the decimal mark; a single separator
followed by exactly three digits groups thousands ("R$ 1.299", "$1,299"); otherwise
it is the decimal mark ("R$ 74,92", "US$ 19.99").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_CURRENCY = {
    "r$": "BRL", "brl": "BRL", "reais": "BRL", "real": "BRL",
    "us$": "USD", "usd": "USD", "dólares": "USD", "dollars": "USD",
    "€": "EUR", "eur": "EUR", "euros": "EUR",
    "£": "GBP", "gbp": "GBP",
}
NUM = r"\d{1,3}(?:[.,\u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d{1,2})?(?!\d)"
_PRE = r"R\$|US\$|BRL|USD|EUR|GBP|€|£|\$"
_POST = r"reais|BRL|USD|EUR|GBP|€|euros|dólares|dollars"
MONEY = (
    rf"(?:(?P<cur>{_PRE})[ \t\u00a0\u202f]*(?P<num>{NUM})(?:,-)?"
    rf"|(?<![\d.,])(?P<num2>{NUM})[ \t\u00a0\u202f]*(?P<cur2>{_POST})\b)"
)
MONEY_RE = re.compile(MONEY, re.IGNORECASE)
MONEY_ANON = re.sub(r"\(\?P<\w+>", "(?:", MONEY)
"""MONEY without group names, to embed in larger patterns."""
BARE = r"(?<![\d.,])\d{1,3}(?:[.,]\d{3})*[.,]\d{2}(?![\d%])"
"""An amount written without a currency but with cents ("39,98", "1.299,00")."""
MONEY_OR_BARE = rf"(?:{MONEY_ANON}|{BARE})"
_BARE_RE = re.compile(NUM)


@dataclass(frozen=True)
class MoneyHit:
    start: int
    end: int
    amount: Decimal
    currency: str


def currency_of(symbol: str, default: str) -> str:
    if symbol == "$":
        return default if default in ("USD", "CAD", "AUD", "MXN") else "USD"
    return _CURRENCY.get(symbol.lower(), default)


def parse_number(token: str) -> Decimal | None:
    """'1.299,90' -> 1299.90; '1,299.99' -> 1299.99; '74,92' -> 74.92; '1.299' -> 1299."""
    token = token.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").rstrip(",-")
    dots, commas = token.count("."), token.count(",")
    if dots and commas:
        decimal_mark = "." if token.rfind(".") > token.rfind(",") else ","
    elif dots + commas == 0:
        decimal_mark = ""
    else:
        mark = "." if dots else ","
        tail = token.rsplit(mark, 1)[1]
        decimal_mark = "" if (len(tail) == 3 or dots + commas > 1) else mark
    thousands = {".", ","} - {decimal_mark}
    for sep in thousands:
        token = token.replace(sep, "")
    if decimal_mark:
        token = token.replace(decimal_mark, ".")
    try:
        return Decimal(token)
    except InvalidOperation:
        return None


def money_from_match(match: re.Match[str], default_currency: str) -> MoneyHit | None:
    num = match.group("num") or match.group("num2")
    cur = match.group("cur") or match.group("cur2")
    amount = parse_number(num) if num else None
    if amount is None:
        return None
    return MoneyHit(match.start(), match.end(), amount, currency_of(cur or "", default_currency))


def find_money(text: str, default_currency: str) -> list[MoneyHit]:
    hits = (money_from_match(m, default_currency) for m in MONEY_RE.finditer(text))
    return [h for h in hits if h is not None]


def money_in(text: str, offset: int, default_currency: str) -> MoneyHit | None:
    """The amount in a fragment matched by MONEY_OR_BARE, shifted by ``offset``."""
    hit = parse_amount(text, default_currency)
    if hit is None:
        return None
    return MoneyHit(offset + hit.start, offset + hit.end, hit.amount, hit.currency)


def parse_amount(text: str, default_currency: str) -> MoneyHit | None:
    """First amount in ``text``, with or without a currency (for locator results)."""
    hits = find_money(text, default_currency)
    if hits:
        return hits[0]
    bare = _BARE_RE.search(text)
    if bare is None:
        return None
    amount = parse_number(bare.group(0))
    return None if amount is None else MoneyHit(bare.start(), bare.end(), amount,
                                                default_currency)
