"""Money: the one parser every part of cohesion uses to turn written amounts into Decimals.

Two entry points share one number rule and one currency table (:mod:`.currencies`), which
the field parser widens:

- the **text scanner** (:func:`find_money`, :func:`parse_amount`, :func:`money_in` and the
  regular expressions ``MONEY``/``MONEY_ANON``/``BARE``/``MONEY_OR_BARE`` that other
  extractors embed) finds amounts in page text;
- the **field parser** (:func:`parse_price`, written in :mod:`.field`) reads a value
  that holds one amount: a feed's ``g:price``, a rulebook or catalog amount, a quoted price,
  and with ``labelled=True`` the text of an element that shows a price ("Price: $18.50").
  Its sign table (:mod:`.field_signs`) is broader: single letters and words that are also
  units ("R 149.00", "25 KM", "1.200 L") are currencies in a field, never in page text,
  where "Size L 40" and "5 KM" are no prices.

Currencies are written before or after the amount, with or without spaces, a line break or a
colon between ("R$ 1.299,90", "12,44 €", "40.00€", "US$:12.99", "1 299 Kč", "₩ 12,000").
Letter codes and abbreviations count only as whole words: "Largeur 19" is not EUR 19 and
"Ukraine 12" is not 12 kr. Before an amount, a sign starting with a letter is read as
written or in capitals ("EUR 12", "kr 99"; not "eur 12"); after it, in any case ("12 eur").
A bare "$" is the default currency when that is written "$" at home (USD, CAD, AUD, MXN,
...), else USD; other shared signs ("kr", "¥", "Rs") work the same, and a code after the
amount or just before the sign settles it ("$1,190.00 AUD", "NZD $45.20").

**The number rule** (:func:`parse_number`), the same for every caller:

1. Spaces (also no-break, narrow no-break and thin spaces) and apostrophes only group
   thousands: "1 299,90", "1'049,95".
2. With both "." and ",", the last one is the decimal mark: "1.299,90", "1,299.90".
3. A mark written twice or more groups thousands: "1.234.567", "1,234,567".
4. A single mark followed by exactly three digits groups thousands ("R$ 1.299", "$1,299"),
   except after a lone "0" ("0.299" is 0.299) and, for currencies with three minor digits
   (KWD, BHD, OMR, JOD, TND, LYD), when it is the decimal mark of ``locale`` (default ".":
   "423.923 KD" is 423.923).
5. Otherwise a single mark is the decimal mark: "74,92", "19.99", "1,2345" (1.2345),
   ".75" (0.75).

Groups after the first hold three digits (Indian "1,49,999" is also read). Amounts above one
billion, exponents ("1e30"), signs and anything else are not numbers. ``locale`` changes
nothing else: a page in any language reads "1.299" the same way.

The text scanner also drops zero and negative amounts ("-12 €", "R$ 0,00": not prices).
Next to a currency, a mark followed by spaces and two digits that end the number are
cents the page's markup split off ("R$ 599, 90" is 599.90, "1.837, 32 €" is 1837.32); a
field (:func:`parse_price`) must be written whole.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from cohesion_cli.money.amount import MAX_AMOUNT, western_digits
from cohesion_cli.money.currencies import (
    CODES,
    EXACT_SIGNS,
    SIGNS,
    THREE_DECIMALS,
    WORD_CODES,
)
from cohesion_cli.money.signs import AFTER, BEFORE, BEFORE_STARTS, LETTER, SHARED_CODES

_SPACES = "\u00a0\u202f\u2009"
_GROUP = rf"[.,'’ {_SPACES}]"
NUM = (rf"(?:\d{{1,3}}(?:{_GROUP}\d{{3}}){{1,3}}|\d{{1,2}}(?:,\d\d){{1,4}},\d{{3}}|\d+)(?:[.,]\d+)?"
       r"(?![\d%])|\.\d+(?![\d%])")
"""A number as the scanner reads it; :func:`parse_number` decides what it is worth."""
_DASH = r"(?:[.,][-–—]{1,2})?"  # "99,-" and "49.–": no cents
_CODE = rf"(?:[ \t{_SPACES}]{{0,2}}(?P<code>{SHARED_CODES})(?!{LETTER}))?"
"""A code after an amount with a shared sign says which currency: "$1,190.00 AUD"."""
_SPLIT = rf"(?:\d{{1,3}}(?:{_GROUP}\d{{3}}){{1,3}}|\d+)[.,][ \u00a0]+\d\d(?![\w%])"
"""Cents split off by the page's markup, next to a currency: "R$ 599, 90", "1.837, 32 €"."""
MONEY = (
    rf"(?=[\d.{BEFORE_STARTS}])"  # one test rejects most positions of a page (spaces, lower case)
    rf"(?:(?<![-−])(?P<cur>{BEFORE})(?:\s{{0,4}}:)?\s{{0,4}}(?P<num>{_SPLIT}|{NUM}){_DASH}{_CODE}"
    rf"|(?<![\w.,\-−])(?P<num2>{_SPLIT}|{NUM}){_DASH}[ \t{_SPACES}]{{0,3}}(?P<cur2>{AFTER}))"
)
"""An amount with its currency before or after: groups ``cur``, ``num`` and ``code`` or
``num2`` and ``cur2``."""


@functools.cache
def money_re() -> re.Pattern[str]:
    """MONEY compiled, on first use: compiling it takes about 10 ms, which a run reading
    no page text (a re-run of unchanged pages) does not need to spend."""
    return re.compile(MONEY)


MONEY_ANON = re.sub(r"\(\?P<\w+>", "(?:", MONEY)
"""MONEY without group names, to embed in larger patterns."""
BARE = rf"(?<![\d.,])(?:\d{{1,3}}(?:{_GROUP}\d{{3}}){{1,3}}|\d+)[.,]\d{{2}}(?![\d%])"
"""An amount written without a currency but with cents ("39,98", "1.299,00", "1299,00")."""
MONEY_OR_BARE = rf"(?:{MONEY_ANON}|{BARE})"
_BARE_RE = re.compile(rf"(?<![\d.,\-−])(?!(?<=\d[.,][ \u00a0])\d\d(?![\w%.,]))(?:{NUM})")
_SPACED = re.compile(rf"[ \t{_SPACES}]{{2,}}\d")
"""Spaces between digits: "1  000" is spaced oddly; neither "1" nor "000" is read alone."""
_BLANKS = f" \t{_SPACES}"
_JOINED_CENTS = re.compile(r"(?<=[.,])[ \u00a0]+(?=\d\d$)")
_BARE_ONLY_RE = re.compile(BARE)

_PLAIN = re.compile(r"([0-9]+)(?:[.,]([0-9]{1,2}))?")
_SEPARATOR = re.compile(rf"([.,'’ {_SPACES}])")
_FOLDED_SIGNS = {sign.lower(): codes.split() for sign, codes in SIGNS.items()}
_EXACT_SIGNS = {sign: codes.split() for sign, codes in EXACT_SIGNS.items()}
_CODE_BEFORE = re.compile(rf"(?<!{LETTER})(?P<code>{SHARED_CODES})[ \t{_SPACES}]{{0,2}}\Z")
"""A code written just before a shared sign says which currency: "NZD $45.20"."""
_COMMA_LOCALES = re.compile(
    r"(?!de-CH|de-LI|es-(?:MX|US|419)|pt-MO)(?:pt|es|fr|de|it|nl|pl|cs|sk|ru|uk|be|tr|ro|hu|sv"
    r"|nb|nn|no|da|fi|el|bg|hr|sl|sr|bs|lt|lv|et|id|vi|az|kk|ka|hy|sq|mk|is|ca|gl|eu)\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class MoneyHit:
    start: int
    """Where the amount (with its currency) starts in the text scanned."""
    end: int
    """Where it ends."""
    amount: Decimal
    """The amount, exactly as written (``Decimal("1299.90")``)."""
    currency: str
    """ISO 4217 code: the one written, else the default currency."""


def _candidates(symbol: str) -> list[str]:
    return _EXACT_SIGNS.get(symbol) or _FOLDED_SIGNS.get(symbol.lower()) or []


def currency_of(symbol: str, default: str) -> str:
    """ISO 4217 code for a currency as written ("R$" -> BRL, "A$" -> AUD, "kr" -> SEK).

    A sign shared by several currencies ("$", "kr", "¥") is ``default`` when that is one of
    them, else the most common one; an unknown or empty sign is ``default``.
    """
    codes = _candidates(symbol)
    if not codes:
        code = symbol.upper()
        return code if code in CODES or code in WORD_CODES else default
    return default if default in codes else codes[0]


def decimal_mark(locale: str | None) -> str:
    """The decimal mark of a locale such as "pt-BR" ("," ) or "en" ("."); "." when unknown."""
    return "," if locale and _COMMA_LOCALES.match(locale.replace("_", "-")) else "."


def parse_number(token: str, *, locale: str | None = None,
                 currency: str | None = None) -> Decimal | None:
    """'1.299,90' -> 1299.90; '1,299.99' -> 1299.99; '74,92' -> 74.92; '1.299' -> 1299;
    '0.299' -> 0.299. The rule is in the module docstring; None when not a number."""
    text = token.strip().rstrip("-–—")
    if text[-1:] in (".", ","):
        text = text[:-1]
    if not text or len(text) > 40:
        return None
    plain = _PLAIN.fullmatch(text)  # the common case, "899", "74,92", "19.99", on a fast path
    if plain:
        value = Decimal(plain[1] + "." + plain[2] if plain[2] else plain[1])
        return value if value <= MAX_AMOUNT else None
    parts = _SEPARATOR.split(text)
    groups, seps = parts[0::2], parts[1::2]
    if not all(g.isascii() and g.isdigit() for g in groups[1:]) or \
            not (groups[0] == "" or (groups[0].isascii() and groups[0].isdigit())):
        return None
    marks = [s for s in seps if s in ".,"]
    decimal = _decimal_index(groups, seps, marks, locale, currency)
    whole, frac = (groups, []) if decimal is None else (groups[: decimal + 1],
                                                        groups[decimal + 1:])
    if len(frac) > 1 or not _grouped(whole, {s for s in seps[: len(whole) - 1]}):
        return None
    value = Decimal("".join(whole) + ("." + frac[0] if frac else ""))
    return value if value <= MAX_AMOUNT else None


def _decimal_index(groups: list[str], seps: list[str], marks: list[str], locale: str | None,
                   currency: str | None) -> int | None:
    """Index of the separator that is the decimal mark, or None for a whole number."""
    if not marks:
        return None
    last = len(seps) - 1
    if len(set(marks)) == 2 or (len(marks) == 1 and len(seps) > 1):
        return last if seps[last] in ".," else None
    if len(marks) > 1:
        return None
    head, tail = groups[0], groups[1]
    three = currency in THREE_DECIMALS and seps[0] == decimal_mark(locale)
    thousands = len(tail) == 3 and 1 <= len(head) <= 3 and head.strip("0") != "" and not three
    return None if thousands else 0


def _grouped(whole: list[str], seps: set[str]) -> bool:
    if len(whole) == 1:
        return True
    if len({" " if s in _SPACES else "'" if s == "’" else s for s in seps}) != 1:
        return False
    head, middle, tail = whole[0], whole[1:-1], whole[-1]
    indian = seps == {","} and middle and all(len(g) == 2 for g in middle)
    return 1 <= len(head) <= 3 and len(tail) == 3 and (
        all(len(g) == 3 for g in middle) or bool(indian))


def parse_price(text: str, default_currency: str | None = None, *, locale: str | None = None,
                labelled: bool = False) -> tuple[Decimal, str | None] | None:
    """A value holding one amount and nothing else: "399.90 BRL", "BRL 399.90", "R$ 1.299,90",
    "1.299,90", "15 usd", "R 149.00", "25 KM". Returns (amount, ISO code, else
    ``default_currency``; None when unknown); zero is an amount here (free shipping), text
    around the amount, negatives and unknown codes are not. The currency signs are the field
    table (:mod:`.field_signs`): broader than the text scanner's, since nothing else in a
    field could be read as money; a sign several currencies share without a likely one ("L",
    "K") is the default currency when it is one of them, else unknown (None).

    ``labelled``: the text of an element known to show a price, which may hold labels and
    notes around it ("Price: $18.50", "12,40 € TTC", "Was €40 Now €32.50"). The rules are in
    :mod:`.field`, which also holds this parser (imported here, where callers look).
    """
    from cohesion_cli.money.field import field_price

    return field_price(western_digits(text), default_currency, locale=locale,
                       labelled=labelled)


def money_from_match(match: re.Match[str], default_currency: str, *, locale: str | None = None,
                     zero: bool = False) -> MoneyHit | None:
    """The hit of a MONEY match; None when its number is not a price (``zero``: a zero
    amount is one, as in a price field)."""
    num, num2, cur, cur2, code = match.group("num", "num2", "cur", "cur2", "code")
    num = _JOINED_CENTS.sub("", num or num2 or "")
    sign = cur or cur2 or ""
    currency = currency_of(sign, default_currency)
    shared = _candidates(sign)
    before = _CODE_BEFORE.search(match.string, max(0, match.start() - 8), match.start()) \
        if cur and len(shared) > 1 else None
    if code and code in shared:
        currency = code
    elif before and before["code"] in shared:
        currency = before["code"]
    if num2 and _spaced_before(match.string, match.start()):
        return None  # "1  001 $"
    amount = parse_number(num, locale=locale, currency=currency) if num else None
    if amount is None or amount < 0 or (amount == 0 and not zero):
        return None
    return MoneyHit(match.start(), match.end(), amount, currency)


def _spaced_before(text: str, end: int) -> bool:
    """A digit and two or more spaces just before ``end`` ("1  |000"): read back from
    ``end`` only, never from the start of the text (a search from there made a page with
    many amounts quadratic)."""
    start = end
    while start > 0 and text[start - 1] in _BLANKS:
        start -= 1
    return end - start >= 2 and start > 0 and text[start - 1].isdecimal()


def find_money(text: str, default_currency: str, *, locale: str | None = None) -> list[MoneyHit]:
    """Every amount written with a currency in ``text``, in order."""
    return list(iter_money(text, default_currency, locale=locale))


def iter_money(text: str, default_currency: str, *,
               locale: str | None = None) -> Iterator[MoneyHit]:
    """:func:`find_money` one amount at a time (a caller may stop between two)."""
    for match in money_re().finditer(western_digits(text)):
        hit = money_from_match(match, default_currency, locale=locale)
        if hit is not None:
            yield hit


def money_in(text: str, offset: int, default_currency: str, *,
             locale: str | None = None) -> MoneyHit | None:
    """The amount in a fragment matched by MONEY_OR_BARE, shifted by ``offset``."""
    hit = parse_amount(text, default_currency, locale=locale)
    if hit is None:
        return None
    return MoneyHit(offset + hit.start, offset + hit.end, hit.amount, hit.currency)


def parse_amount(text: str, default_currency: str, *,
                 locale: str | None = None) -> MoneyHit | None:
    """First amount in ``text``, with or without a currency (for locator results)."""
    text = western_digits(text)
    hits = find_money(text, default_currency, locale=locale)
    if hits:
        return hits[0]
    for bare in _BARE_RE.finditer(text):
        if _SPACED.match(text, bare.end()) or _spaced_before(text, bare.start()):
            continue
        amount = parse_number(bare.group(0), locale=locale, currency=default_currency)
        if amount is not None and amount > 0:
            return MoneyHit(bare.start(), bare.end(), amount, default_currency)
    return None


def quoted_amount(text: str, default_currency: str, *,
                  locale: str | None = None) -> MoneyHit | None:
    """The amount a short statement quotes ("R$ 429,90 à vista", "429,90"), as the text
    scanner reads it: the first amount written with a currency, else the first written with
    cents. "429" alone is not read: nothing says it is money."""
    hits = find_money(text, default_currency, locale=locale)
    if hits:
        return hits[0]
    bare = _BARE_ONLY_RE.search(text)
    return None if bare is None else money_in(bare.group(0), bare.start(), default_currency,
                                              locale=locale)

