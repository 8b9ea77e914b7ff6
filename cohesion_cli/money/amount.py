"""The Money boundary: which numbers may be a price, and numbers written for machines.

Every amount a parser reads ends here: :func:`price_amount` accepts only finite amounts
above zero and at most :data:`MAX_AMOUNT`; NaN, infinities (a JSON ``1e309`` is one),
negative, zero and absurd amounts ("1e30") are no price, and never an exception.

Structured data (JSON documents, JSON-LD) writes numbers for machines: ``12.345`` is
twelve and a bit, ``-429.9`` is negative, ``1e30`` is huge. :func:`machine_number` reads a
value written that way as the number it is, so the money parser, made for shop texts, does
not read "12.345" as 12345, "-429.9" as 429.90 or "1e30" as 1.

Digits of other scripts: Arabic-Indic and Persian digits and the Arabic decimal and
thousands marks (``١٬٢٩٩٫٩٠``) are read as the digits and marks they are
(:func:`western_digits`, one character for one, so positions in a text do not move).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MAX_AMOUNT = Decimal(10) ** 9
"""Larger amounts are not prices; the parsers return None."""

_ARABIC = "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬"
_ARABIC_DIGITS = str.maketrans(_ARABIC, "01234567890123456789.,")
_HAS_ARABIC = re.compile(f"[{_ARABIC}]")

_MACHINE = re.compile(r"[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?"
                      r"|[+-]?(?:s?nan|inf(?:inity)?)", re.IGNORECASE | re.ASCII)
_NOT_PLAIN = re.compile(r"[^\d.]", re.ASCII)
"""Anything but digits and a point: a sign, an exponent, NaN or Infinity."""


def western_digits(text: str) -> str:
    """``text`` with Arabic-Indic and Persian digits and Arabic marks written as 0-9, "."
    and "," (translated only when there is one: most texts have none)."""
    return text.translate(_ARABIC_DIGITS) if _HAS_ARABIC.search(text) else text


def price_amount(value: Decimal | float) -> Decimal | None:
    """``value`` when it can be a price: finite, above zero, at most MAX_AMOUNT."""
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    if not amount.is_finite() or not 0 < amount <= MAX_AMOUNT:
        return None
    return amount


def machine_number(text: str, *, plain: bool = False) -> Decimal | None:
    """The number a structured value writes in machine form, or None when ``text`` is not
    one (then the money parser reads it). Without ``plain``, only the forms the money
    parser would misread are taken (a sign, an exponent, NaN, Infinity); with it, also
    "12.345" (JSON, where the point is always the decimal mark). The result may be
    non-finite, negative or huge: :func:`price_amount` decides whether it is a price."""
    text = text.strip()
    if not _MACHINE.fullmatch(text) or not (plain or _NOT_PLAIN.search(text)):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # an exponent too large to hold
        return Decimal("Infinity")
