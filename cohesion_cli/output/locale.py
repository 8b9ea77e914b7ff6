"""Values written as a language writes them, with Babel (CLDR data): amounts ("R$ 599,90",
"599,90 €", "R$599.90"), numbers, lists ("loja e app"), dates, and the typed messages the
checks give (``message.Msg``) through the ``values`` block of the catalogue: deadlines
("2 a 5 dias úteis"), windows ("30 dias"), installment plans ("12x sem juros"), sentences.

``LOCALES`` are the languages the catalogue is complete in; any other tag reads English
words with its own number and date style (``en-GB``), and a Portuguese tag other than
pt-PT reads Brazilian Portuguese.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal

from cohesion_cli.domain import (
    Availability,
    Deadline,
    FreeShipping,
    Installment,
    PaymentDiscount,
    Price,
    PromotionWindow,
    ResponseTime,
    ReturnWindow,
    StoreService,
)
from cohesion_cli.message import Money, Msg, neutral_arg

LOCALES = ("en", "pt-BR", "pt-PT")
"""Languages of every human format."""


def catalogue_language(tag: str) -> str:
    """The catalogue language of a language tag: 'pt-PT' for European Portuguese, 'pt-BR'
    for any other Portuguese, else 'en'."""
    tag = tag.replace("_", "-").lower()
    if tag in ("pt-pt", "pt-ao", "pt-mz") or tag.startswith("pt-pt-"):
        return "pt-PT"
    return "pt-BR" if tag.startswith("pt") else "en"


def babel_locale(tag: str) -> Locale:
    """Babel's locale for a tag; the catalogue language's when Babel does not know it or it
    speaks another language than the words."""
    language = catalogue_language(tag)
    try:
        found = Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        found = None
    if found is None or found.language != language[:2]:
        found = Locale.parse(language.replace("-", "_"))
    if found.language == "pt" and found.territory is None:
        found = Locale.parse("pt_BR")
    return found


class Writer:
    """Writes values and messages in one locale with the ``values`` templates of its
    catalogue language."""

    def __init__(self, locale: Locale, templates: Mapping[str, Any]) -> None:
        self.locale = locale
        self._templates = templates
        self._format = _Format(self)

    def template(self, key: str, count: float | None = None) -> str:
        found = self._templates[key]
        if isinstance(found, dict):
            form = self.locale.plural_form(abs(count or 0))
            return str(found.get(form, found["other"]))
        return str(found)

    def say(self, message: Msg) -> str:
        """A message in this language; unknown keys keep the neutral sentence."""
        if message.key not in self._templates:
            return message.neutral()
        args = message.kwargs
        count: Any = args.get("n")
        if count is None:
            count = next((v for v in args.values() if isinstance(v, (int, float))
                          and not isinstance(v, bool)), None)
        return self._format.vformat(self.template(message.key, count), (), args)

    def arg(self, arg: Any) -> str:
        """One argument: money and numbers in the locale, values in words, lists joined."""
        if isinstance(arg, Msg):
            return self.say(arg)
        if isinstance(arg, tuple):
            items = [self.arg(item) for item in arg]
            return format_list(items, locale=self.locale) if items else ""
        if isinstance(arg, (bool, str)):
            return str(arg)
        if isinstance(arg, (int, float, Decimal)):
            return format_decimal(arg, locale=self.locale)
        if isinstance(arg, (Money, Price)):
            return self.money(arg.amount, arg.currency)
        return self.value(arg)

    def money(self, amount: Decimal, currency: str) -> str:
        """The amount as the locale writes it, with plain spaces (so that "R$ 599,90" is
        found as typed)."""
        if not currency:
            return format_decimal(amount, format="#,##0.00", locale=self.locale)
        return _spaces(format_currency(amount, currency, locale=self.locale))

    def days(self, days: int) -> str:
        return self.template("days", days).format(n=self.arg(days))

    def value(self, value: Any) -> str:
        """A fact's value in words; a kind this module does not know keeps its own text."""
        if isinstance(value, Deadline):
            unit = {True: "unit_business", False: "unit_calendar", None: "unit_days"}[
                value.business_days]
            words = self.template(unit, value.max_days)
            if value.min_days is None:
                return self.template("span").format(max=self.arg(value.max_days), unit=words)
            return self.template("span_range").format(min=self.arg(value.min_days),
                                                      max=self.arg(value.max_days), unit=words)
        if isinstance(value, ReturnWindow):
            shown = self.days(value.days)
            return self.template("withdrawal").format(days=shown) if value.withdrawal else shown
        if isinstance(value, Installment):
            count = self.arg(value.count)
            plan = self.template("plan").format(count=count) if value.amount is None else \
                self.template("plan_amount").format(
                    count=count, amount=self.money(value.amount, value.currency))
            if value.interest_free is None:
                return plan
            terms = "interest_free" if value.interest_free else "with_interest"
            return self.template(terms).format(plan=plan)
        if isinstance(value, FreeShipping):
            if value.threshold is None:
                return self.template("free_no_minimum")
            return self.template("free_over").format(
                amount=self.money(value.threshold, value.currency or ""))
        if isinstance(value, ResponseTime):
            if value.minutes is None:
                return self.template("never_answered").format(asked=value.asked_at)
            return self.template("answered_in").format(minutes=self.arg(value.minutes),
                                                       asked=value.asked_at)
        return self._commerce(value)

    def _commerce(self, value: Any) -> str:
        """Payment discounts, offer windows, stock and store services in words."""
        if isinstance(value, PaymentDiscount):
            return self.template("discount").format(percent=self.arg(value.percent.normalize()),
                                                    method=self.template(f"pay_{value.method}"))
        if isinstance(value, PromotionWindow):
            end = self.day(value.end.isoformat())
            if value.start is None:
                return self.template("valid_until").format(end=end)
            return self.template("valid_from_to").format(start=self.day(value.start.isoformat()),
                                                         end=end)
        if isinstance(value, Availability):
            return self.template(f"stock_{value.status}")
        if isinstance(value, StoreService):
            return self.template("service").format(
                service=self.template(f"service_{value.service}"),
                answer=self.template("yes" if value.offered else "no"))
        return neutral_arg(value)

    def day(self, stamp: str) -> str:
        """The calendar day of an ISO date or timestamp, in the CLDR width the catalogue
        names (``day_format``): "12/05/2026" in pt-BR, "May 12, 2026" in English."""
        try:
            moment = date.fromisoformat(stamp[:10])
        except ValueError:
            return stamp
        return format_date(moment, format=self.template("day_format"), locale=self.locale)

    def moment(self, stamp: str) -> str:
        """An ISO timestamp with its time and zone ("12 de maio de 2026 10:30 UTC")."""
        try:
            moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            return stamp
        offset = moment.utcoffset()
        zone = " UTC" if offset is not None and not offset else ""
        if offset:
            minutes = int(offset.total_seconds()) // 60
            sign = "+" if minutes >= 0 else "−"
            zone = f" UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        return (format_date(moment, format="long", locale=self.locale) + ", "
                + format_datetime(moment, "HH:mm", locale=self.locale) + zone)


def _spaces(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


class _Format(string.Formatter):
    """``str.format`` whose fields are written by a ``Writer``: lists read as the language
    joins them ("loja e app"), unless the template gives a separator as the field's format
    spec (``{notes:; }``, for a list of sentences)."""

    def __init__(self, writer: Writer) -> None:
        self._writer = writer

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec and isinstance(value, tuple):
            return format_spec.join(self._writer.arg(item) for item in value)
        return self._writer.arg(value)


def middle(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, cut from the middle so that both the start
    (host, folder) and the end (page, file) stay readable."""
    if len(text) <= width:
        return text
    head = (width - 1) // 2
    return text[:head] + "…" + text[len(text) - (width - 1 - head):]
