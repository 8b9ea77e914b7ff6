"""The field parser: a value holding one amount, or the text of an element showing a price.

This module is the field parser behind ``parse_price``: a value that is an amount alone
("399.90 BRL", "R$ 1.299,90", "25 KM") is read whole, its signs looked up in the field table
(:mod:`.field_signs`); signs that disagree ("R$ 12 USD") or are no currency make no price.

With ``labelled=True`` the value is the text of an element that shows a price, often with a
label or a note around it ("Price: $18.50", "12,40 € TTC", "cena 1 290 Kč"). When it is
not an amount alone, it is read with these rules, in order; each is general and holds only
because the element shows a price:

1. "Was €40.00 Now €32.50" (also "De R$ 699,90 por R$ 599,90", "statt ... jetzt"): the price
   is the one after "now".
2. An amount followed by "+" is a threshold ("Orders over $75+ ship free"), not a price:
   nothing is read.
3. Marks between a symbol and the digits are typing noise when the number has a mark of its
   own ("$.120.50" is 120.50, "$..5" is 0.5); a first number whose mark is followed by one
   space and two digits has its cents split off by the markup ("45. 20" is 45.20).
4. A range of two amounts ("Von 12 bis 20 €", "€10 – €20", "12-18 €") is its first amount,
   the lowest price.
5. An integer, a sign, a space and two digits ending the text are units and cents ("12€ 49" is
   12.49: the cents are set apart by the markup).
6. The first amount the text scanner finds, zero included (its strict sign table).
7. Else, the only number of the text with a sign of the field table (:mod:`.field_signs`)
   glued to it or next to it: "R149.00", "1.200 L", "25 KM". A unit that is no ISO 4217
   currency next to a number ("12 000 تومان", "0.5 ₿") makes the text hold no price.
8. Else the first number that starts the text or is written with cents ("12.90 (15.48 inc
   VAT)"; not "May 2019"), in the default currency. Dates ("21.04.2019") hold no number.
"""

from __future__ import annotations

import re
from decimal import Decimal

from cohesion_cli.money.field_signs import field_candidates, not_a_currency, pick
from cohesion_cli.money.text import (
    _DASH,
    _SPACES,
    BARE,
    NUM,
    money_from_match,
    money_re,
    parse_number,
)

MAX_LENGTH = 200
"""Longer texts are not one price element."""

_FIELD_RE = re.compile(
    rf"\s*(?P<cur>[^\d\s.][^\d]*?)?\s*:?\s*(?P<num>\d[\d.,'’ {_SPACES}]*|\.\d+){_DASH}"
    rf"\s*(?P<cur2>[^\d\s][^\d]*?)?\s*")
_NUMBER = re.compile(rf"(?<!\d)(?<!\d[.,])(?:{NUM})(?![.,]\d)")
"""A number; not part of a date ("21.04.2019")."""
_SPLIT_CENTS = re.compile(r"\A(\D*?\d+[.,]) (\d\d)(?![\d.,])")
_NOW = re.compile(r"\b(?:was|de|statt)\b:?\D{0,12}\d.*?\b(?:now|por|jetzt)\b:?",
                  re.IGNORECASE | re.DOTALL)
_THRESHOLD = re.compile(r"\d\+(?!\d)")
_NOISE_MARKS = re.compile(r"(?<=[^\w\s.,])[.,]+(?=\d+[.,]\d)")
_DOUBLED_MARKS = re.compile(r"(?<=[^\w\s.,])[.,]{2,}(?=\d)")
_RANGE = re.compile(
    rf"(?P<sign>[^\w\s.,])?\s*(?P<a>{NUM})\s*(?:[-–—]|\b(?:to|a|à|até|bis|hasta|au)\b)\s*"
    rf"(?:(?P=sign)\s*)?(?P<b>{NUM})", re.IGNORECASE)
_CENTS_APART = re.compile(r"(?P<head>\D*?\d+)\s*(?P<sign>[^\d\s]+)\s(?P<cents>\d\d)(?P<tail>\D*)")
_BEFORE = re.compile(r"(?P<token>[^\s\d]+)[ \t\u00a0:]*\Z")
_AFTER = re.compile(r"[ \t\u00a0]*(?P<token>[^\s\d]+)")


def field_price(text: str, default_currency: str | None, *, locale: str | None = None,
                labelled: bool = False) -> tuple[Decimal, str | None] | None:
    """:func:`cohesion_cli.money.text.parse_price`."""
    found = _whole_field(text, default_currency, locale)
    if found is not None or not labelled:
        return found
    return labelled_price(text, default_currency, locale=locale)


def _whole_field(text: str, default_currency: str | None,
                 locale: str | None) -> tuple[Decimal, str | None] | None:
    if len(text) > 64:
        return None
    match = _FIELD_RE.fullmatch(text)
    if match is None:
        return None
    written = [s for s in (match["cur"], match["cur2"]) if s]
    currency = field_currency(written, default_currency) if written else default_currency
    if currency == "":
        return None
    amount = parse_number(match["num"], locale=locale, currency=currency)
    return None if amount is None else (amount, currency or None)


def field_currency(signs: list[str], default: str | None) -> str | None:
    """The currency the signs written in a field agree on ("NZD $": NZD; "R$ ... BRL": BRL);
    None when unknown ("L"), "" when they are no currency or disagree ("R$ 12 USD")."""
    candidates = []
    for written in signs:
        found = field_candidates(written)
        if found is None:  # "NZD $" as one sign: each word a sign
            parts = [field_candidates(part) for part in written.split()]
            if len(parts) < 2 or None in parts:
                return ""
            candidates += [p for p in parts if p is not None]
        else:
            candidates.append(found)
    ordered = next((codes for codes, ranked in candidates if ranked), candidates[0][0])
    common = tuple(c for c in ordered if all(c in codes for codes, _ in candidates))
    ranked = any(ranked for _, ranked in candidates)
    return pick((common, ranked), default) if common else ""


def labelled_price(text: str, default_currency: str | None, *,
                   locale: str | None = None) -> tuple[Decimal, str | None] | None:
    """The price an element's text shows, by the rules of the module docstring."""
    if len(text) > MAX_LENGTH:
        return None
    written = text
    now = _NOW.search(text)
    if now and any(c.isdigit() for c in text[now.end():]):
        text = text[now.end():]
    if _THRESHOLD.search(text):
        return None
    text = _SPLIT_CENTS.sub(r"\1\2", _DOUBLED_MARKS.sub(".", _NOISE_MARKS.sub("", text)))
    numbers = list(_NUMBER.finditer(text))
    span = _RANGE.search(text)
    if len(numbers) == 2 and span and span.start("a") == numbers[0].start() \
            and span.end("b") == numbers[1].end():
        text = text[: span.end("a")] + text[span.end():]
    apart = _CENTS_APART.fullmatch(text)
    if apart and field_candidates(apart["sign"]):
        text = f"{apart['head']}.{apart['cents']} {apart['sign']}{apart['tail']}"
    if text != written:
        whole = _whole_field(text, default_currency, locale)
        if whole is not None:
            return whole
    for match in money_re().finditer(text):
        hit = money_from_match(match, default_currency or "", locale=locale, zero=True)
        if hit is not None:
            return hit.amount, hit.currency or None
    return _by_signs(text, list(_NUMBER.finditer(text)), default_currency, locale)


def _by_signs(text: str, numbers: list[re.Match[str]], default_currency: str | None,
              locale: str | None) -> tuple[Decimal, str | None] | None:
    """Rules 7 and 8: a field sign next to the only number, else the first number."""
    for number in numbers:
        for token in _tokens(text, number):
            if not_a_currency(token):
                return None
    if len(numbers) == 1:
        number = numbers[0]
        for token in _tokens(text, number):
            found = field_candidates(token)
            if found is not None:
                currency = pick(found, default_currency)
                amount = parse_number(number.group(0), locale=locale, currency=currency)
                return None if amount is None else (amount, currency)
    for number in numbers:
        if number.start() > len(text) - len(text.lstrip()) and not re.fullmatch(BARE, number[0]):
            continue  # "May 2019", "qty: 3": a bare number starts the text or has cents
        amount = parse_number(number.group(0), locale=locale, currency=default_currency)
        if amount is not None:
            return amount, default_currency
    return None


def _tokens(text: str, number: re.Match[str]) -> list[str]:
    """The signs that may be written next to a number: the word before it and the word after
    it, as written and without the punctuation around them."""
    found = []
    before = _BEFORE.search(text, 0, number.start())
    if before:
        found += [before["token"], before["token"].lstrip("([{*:")]
    after = _AFTER.match(text, number.end())
    if after:
        found += [after["token"], after["token"].rstrip(".,;:*)]}")]
    return [token for token in found if token]
