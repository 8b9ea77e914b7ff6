"""Payment-method discounts and offer validity windows in text, in the channel's language.

- **Payment discounts**: a percent said to be a discount for paying with Pix or at once
  (boleto, "à vista", cash, bank transfer): "5% de desconto no Pix", "desconto de 10% no
  boleto", "à vista no Pix (5% de desconto)", "Pix: 5% off", "5% off when paying by bank
  transfer". A percent discount that names no payment method ("10% off na primeira compra")
  is none; the method is Pix when the statement names Pix at all. The price for a method
  ("R$ 854,91 no Pix") is a price with the role ``pix`` or ``cash`` (``extract.price_words``).
- **Validity windows**: a last day said of an offer ("válido até 30/11", "oferta até
  12/12/2026", "promoção de 01/11 a 30/11", "sale ends November 30", "oferta válida hasta el
  30 de noviembre"). The clause must name what is valid (offer, promotion, price, coupon,
  "válido"...): "entrega até 30/11" and "compre até 20/12" are not offers. Dates are numeric
  (day/month first in Portuguese and Spanish; in English only when the order is certain, or
  ISO 2026-11-30) or with the month's name. Without a year, the year is the one that puts
  the date nearest to the day the document was read.

The words of each language are in ``extract.lang``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import cache, partial

from cohesion_cli.domain import PaymentDiscount, PaymentMethod, PromotionWindow
from cohesion_cli.extract import lang
from cohesion_cli.extract.budget import check
from cohesion_cli.extract.hits import Hit, non_overlapping
from cohesion_cli.extract.windows import scan

_PERCENT = r"(?P<pct>\d{1,2}(?:[.,]\d{1,2})?)\s*%"
_GAP = r"[^.!?\n\d%]{0,30}?"
"""What may stand between a discount and its payment method: no sentence end, no number."""
_BEFORE = 70
"""How far before a date its offer word and "até" are looked for."""
_PERCENT_SIGN = re.compile("%")
_DISCOUNT_REACH = 120
"""How far from its percent sign a payment discount's words can be (the longest statement
is under 90 characters)."""
_WINDOW_REACH = 200
"""How far from an offer word a validity window can be: its dates start within _BEFORE of
the word and a range ("de 01/11/2026 a 30/11/2026") is under 70 characters."""


@cache
def _discounts(key: str) -> re.Pattern[str]:
    w = lang.joined(key, "offers")
    method = rf"\b(?:{w['pix']}|{w['cash']})\b"
    return re.compile(
        rf"{_PERCENT}\s*(?:{w['discount']}){_GAP}{method}"
        rf"|\b(?:{w['discount_before']})\s*{_PERCENT.replace('pct', 'pct2')}{_GAP}{method}"
        rf"|{method}{_GAP}{_PERCENT.replace('pct', 'pct3')}\s*(?:{w['discount']})")


@cache
def _pix(key: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{lang.joined(key, 'offers')['pix']})\b")


def find_payment_discounts(text: str, *, locale: str) -> list[Hit]:
    """Every payment discount, looked for only around percent signs (``extract.windows``)."""
    return scan(lang.fold(text), _PERCENT_SIGN, _DISCOUNT_REACH,
                partial(_payment_discounts, key=lang.tag(locale)))


def _payment_discounts(text: str, *, key: str) -> list[Hit]:
    pix = _pix(key)
    hits = []
    for match in _discounts(key).finditer(text):
        check()
        raw = match["pct"] or match["pct2"] or match["pct3"]
        percent = Decimal(raw.replace(",", "."))
        if not 0 < percent < 100:
            continue
        method: PaymentMethod = "pix" if pix.search(match.group(0)) else "cash"
        hits.append(Hit(match.start(), match.end(), PaymentDiscount(method, percent)))
    return hits


@cache
def _dates(key: str) -> re.Pattern[str]:
    w = lang.joined(key, "offers")
    months = w["months"]
    of = rf"(?:\s+(?:{w['month_after_day']}))?" if w["month_after_day"] != "(?!)" else ""
    return re.compile(
        r"(?<![\d/.-])(?:(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
        r"|(?P<a>\d{1,2})/(?P<b>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?"
        r"|(?P<a2>\d{1,2})[.-](?P<b2>\d{1,2})[.-](?P<y2>\d{4}))(?![\d/%,])"
        rf"|(?<!\d)(?P<nd>\d{{1,2}})(?:º|o|st|nd|rd|th)?{of}\s+(?P<nm>{months})\b"
        rf"(?:,?{of}\s+(?P<ny>\d{{4}}))?"
        rf"|\b(?P<mm>{months})\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<my>\d{{4}}))?")


@cache
def _lead(key: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(an offer word, "até" right before a date, "de <date> a" right before a date)."""
    w = lang.joined(key, "offers")
    return (re.compile(rf"\b(?:{w['offer']})\b"),
            re.compile(rf"\b(?:{w['until']})\s+(?:o\s+|el\s+|the\s+)?(?:dia\s+|day\s+)?$"),
            re.compile(rf"\b(?:{w['range_to']})\s+(?:o\s+|el\s+)?(?:dia\s+)?$"))


def find_promotion_windows(text: str, *, locale: str, read_on: date) -> list[Hit]:
    """Every validity window, looked for only around offer words (``extract.windows``)."""
    key = lang.tag(locale)
    return scan(lang.fold(text), _lead(key)[0], _WINDOW_REACH,
                partial(_promotion_windows, key=key, read_on=read_on))


def _promotion_windows(text: str, *, key: str, read_on: date) -> list[Hit]:
    offer, until, range_to = _lead(key)
    found = [(m, d) for m in _dates(key).finditer(text)
             for d in [_date(m, key, read_on)] if d is not None]
    hits = []
    for index, (match, (end, year_stated)) in enumerate(found):
        check()
        before = _clause(text, match.start())
        start = _range_start(found, index, text, range_to)
        if start is None and not until.search(before):
            continue
        first = found[index - 1][0].start() if start is not None else match.start()
        if not offer.search(_clause(text, first)):
            continue
        begin = None if start is None else _before(start, end)
        hits.append(Hit(first, match.end(), PromotionWindow(end, begin, year_stated)))
    return non_overlapping(hits)


def _before(start: tuple[date, bool], end: date) -> date | None:
    """The first day of a range ending on ``end``: a year before when its year was not
    written and it would fall after the end ("de 20/12 a 10/01"); none if still after."""
    first, stated = start
    if first > end and not stated:
        earlier = _valid(first.year - 1, first.month, first.day, False)
        first = earlier[0] if earlier else first
    return first if first <= end else None


def _clause(text: str, at: int) -> str:
    """The text before ``at`` on its line and in its sentence, at most ``_BEFORE`` long."""
    before = text[max(0, at - _BEFORE):at]
    cut = max(before.rfind("\n"), *(before.rfind(p + " ") for p in ".!?;"))
    return before[cut + 1:] if cut >= 0 else before


def _range_start(found: list[tuple[re.Match[str], tuple[date, bool]]], index: int, text: str,
                 range_to: re.Pattern[str]) -> tuple[date, bool] | None:
    """The first day when the date at ``index`` closes a range ("de 01/11 a 30/11")."""
    if index == 0:
        return None
    previous, value = found[index - 1]
    between = text[previous.end():found[index][0].start()]
    return value if len(between) <= 12 and range_to.search(between) else None


def _date(match: re.Match[str], key: str, read_on: date) -> tuple[date, bool] | None:
    """The date a match names and whether its year was written."""
    day_first = all(language.offers.day_first for language in lang.languages(key))
    if match["iy"]:
        parts = (int(match["iy"]), int(match["im"]), int(match["id"]))
        return _valid(*parts, True)
    if match["a"] or match["a2"]:
        one, two = int(match["a"] or match["a2"]), int(match["b"] or match["b2"])
        if not day_first and (one > 12) == (two > 12):
            return None
        day, month = (one, two) if day_first or one > 12 else (two, one)
        return _with_year(day, month, match["y"] or match["y2"], read_on)
    name = match["nm"] or match["mm"]
    day = int(match["nd"] or match["md"])
    number = _month(name, key)
    return None if number is None else _with_year(day, number, match["ny"] or match["my"],
                                                  read_on)


def _month(name: str, key: str) -> int | None:
    for language in lang.languages(key):
        for number, pattern in enumerate(language.offers.months, start=1):
            if re.fullmatch(pattern, name, re.IGNORECASE):
                return number
    return None


def _with_year(day: int, month: int, year: str | None, read_on: date
               ) -> tuple[date, bool] | None:
    if year:
        return _valid(int(year) + (2000 if len(year) == 2 else 0), month, day, True)
    options = [d for y in (read_on.year - 1, read_on.year, read_on.year + 1)
               for d in [_valid(y, month, day, False)] if d is not None]
    if not options:
        return None
    return min(options, key=lambda d: abs(d[0] - read_on))


def _valid(year: int, month: int, day: int, stated: bool) -> tuple[date, bool] | None:
    try:
        return date(year, month, day), stated
    except ValueError:
        return None


def read_date(retrieved_at: str) -> date:
    """The day a document was read (its ISO timestamp); today's when it has none."""
    try:
        return date.fromisoformat(retrieved_at[:10])
    except ValueError:
        return date.today()
