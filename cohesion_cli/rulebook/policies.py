"""The store-wide policies of a rulebook: delivery deadline, returns, free shipping, canonical
wording, required and forbidden phrases, the service level of conversational channels,
payment-method discounts, store services and the legal right of withdrawal."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Annotated

from pydantic import BeforeValidator, Field, field_validator, model_validator

from cohesion_cli.rulebook.fields import Amount, Int, Number, Strict, not_bool
from cohesion_cli.rulebook.questionnaire import WaitMinutes

Percent = Annotated[Decimal, BeforeValidator(not_bool), Field(gt=0, lt=100)]


class Delivery(Strict):
    """Promised delivery deadline."""

    min_days: Int | None = Field(None, ge=0, description="Shortest promised time, in days.")
    max_days: Int = Field(ge=0, description="Longest promised time ('até N dias'), in days.")
    business_days: bool = Field(
        True, description="True for business days (dias úteis), false for calendar days."
    )

    @model_validator(mode="after")
    def _ordered(self) -> Delivery:
        if self.min_days is not None and self.min_days > self.max_days:
            raise ValueError("min_days is larger than max_days")
        return self


class Returns(Strict):
    """Return / exchange window."""

    days: Int = Field(ge=0, description="Days the customer has to exchange or return.")


class FreeShippingPolicy(Strict):
    threshold: Amount = Field(description="Order value from which shipping is free.")


class Wording(Strict):
    """Canonical text a channel must carry, compared by similarity."""

    id: str = Field(min_length=1, description="Name of this text, e.g. 'trocas'.")
    text: str = Field(min_length=1, description="The canonical wording.")
    threshold: Int = Field(
        85, ge=0, le=100, description="Minimum similarity (0-100) to count as the same text."
    )
    channels: list[str] | None = Field(None, description="Channels it applies to; default all.")


class Phrase(Strict):
    text: str = Field(min_length=1, description="The phrase (case and accents are ignored).")
    channels: list[str] | None = Field(None, description="Channels it applies to; default all.")


PhraseItem = Annotated[str | Phrase, Field(union_mode="left_to_right")]


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_KEY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)(?:-(mon|tue|wed|thu|fri|sat|sun))?$")
_SPAN = re.compile(r"^([01]?\d|2[0-4])[:h]([0-5]\d)?\s*[-–]\s*([01]?\d|2[0-4])[:h]([0-5]\d)?$")

Schedule = dict[int, list[tuple[int, int]]]
"""Weekday (0 = Monday) -> opening spans in minutes after midnight, in order."""


def _span(text: str) -> tuple[int, int]:
    match = _SPAN.match(text.strip())
    if match is None:
        raise ValueError(f"not opening hours: {text!r} (write \"09:00-18:00\")")
    start = int(match[1]) * 60 + int(match[2] or 0)
    end = int(match[3]) * 60 + int(match[4] or 0)
    if not start < end <= 24 * 60:
        raise ValueError(f"opening hours {text!r} end before they start, or after 24:00")
    return start, end


def _days(key: str) -> list[int]:
    match = _DAY_KEY.match(key.strip().lower())
    if match is None:
        raise ValueError(f"not a day: {key!r} (write mon, tue, ... sun, or a range: mon-fri)")
    first = DAYS.index(match[1])
    last = DAYS.index(match[2]) if match[2] else first
    return [d % 7 for d in range(first, last + 1 if last >= first else last + 8)]


class ServiceLevel(Strict):
    """How fast the brand must answer a customer on conversational channels."""

    first_response_minutes: Number = Field(
        gt=0, description="Longest acceptable time from a customer's question to the first "
                          "answer ('responder em até 15 minutos')."
    )
    hours: dict[str, str | list[str]] | None = Field(
        None,
        description="Published opening hours: day or day range (mon, tue, wed, thu, fri, sat, "
                    "sun; 'mon-fri') -> 'HH:MM-HH:MM' or a list of them ('09:00-12:00', "
                    "'13:00-18:00'); days not listed are closed. Response times count only "
                    "open minutes: a question asked at 22:10 is measured from the next "
                    "opening. Without hours every minute counts.",
    )
    holidays: list[date] = Field(
        default_factory=list,
        description="Dates (YYYY-MM-DD) the service is closed although the hours say open.",
    )
    auto_replies: list[str] = Field(
        default_factory=list,
        description="Phrases of the brand's automatic messages (greeting, away message): a "
                    "brand message containing one (case and accents ignored) is not an answer. "
                    "The same long message sent after several questions, and a reply within "
                    "auto_reply_seconds, are recognised as automatic too.",
    )
    auto_reply_seconds: Number = Field(
        5, ge=0, le=60,
        description="A reply this fast is automatic (exports with seconds, as iOS writes them).",
    )

    wait_minutes: Number | WaitMinutes | None = Field(
        None, description="Longest acceptable wait before a mystery shopper is attended, "
                          "from the records' wait_minutes: one number for every contact, or "
                          "per type, e.g. {call: 3, visit: 10}."
    )

    @field_validator("hours")
    @classmethod
    def _valid_hours(cls, value: dict[str, str | list[str]] | None
                     ) -> dict[str, str | list[str]] | None:
        if value is not None:
            _schedule(value)
        return value

    def schedule(self) -> Schedule | None:
        """The opening hours per weekday; None when every minute counts."""
        return None if self.hours is None else _schedule(self.hours)

    def wait_limit(self, contact: str) -> float | None:
        """The wait allowed for a contact type (``call``, ``visit``, ``chat``), if any."""
        if isinstance(self.wait_minutes, WaitMinutes):
            return self.wait_minutes.limit(contact)
        return None if self.wait_minutes is None else float(self.wait_minutes)


def _schedule(hours: dict[str, str | list[str]]) -> Schedule:
    out: Schedule = {day: [] for day in range(7)}
    for key, spans in hours.items():
        for day in _days(key):
            for text in [spans] if isinstance(spans, str) else spans:
                out[day].append(_span(text))
    for day, opened in out.items():
        opened.sort()
        if any(a[1] > b[0] for a, b in pairwise(opened)):
            raise ValueError(f"opening hours of {DAYS[day]} overlap")
    if not any(out.values()):
        raise ValueError("no opening hours: list at least one day, e.g. mon-fri: 09:00-18:00")
    return out


class PaymentDiscounts(Strict):
    """Discount for paying with one method, in percent of the catalog price ("5% de
    desconto no Pix"): each channel's stated discount and its price for the method ("R$
    854,91 no Pix") must agree with it."""

    pix: Percent | None = Field(None, description="Percent off when paying with Pix, e.g. 5.")
    cash: Percent | None = Field(
        None, description="Percent off when paying at once: boleto, 'à vista', cash, bank "
                          "transfer.")


class StoreServices(Strict):
    """What the physical stores do for online customers; a channel promising otherwise
    is divergent."""

    pickup_in_store: bool | None = Field(
        None, description="Online orders can be picked up in a store ('retire na loja').")
    exchange_in_any_store: bool | None = Field(
        None, description="Products can be exchanged in any of the brand's stores ('troca em "
                          "qualquer loja').")


class Withdrawal(Strict):
    """The legal right of withdrawal from a distance purchase: a channel stating a shorter
    period is divergent."""

    days: Int = Field(ge=1, le=365, description="Shortest period the law allows, in days.")
    law: str = Field("", description="The law, shown as the expected value ('CDC art. 49').")


class Policies(Strict):
    """Store-wide commercial policies every channel must state the same way."""

    delivery: Delivery | None = None
    returns: Returns | None = None
    free_shipping: FreeShippingPolicy | None = None
    wording: list[Wording] = Field(default_factory=list)
    required_phrases: list[PhraseItem] = Field(
        default_factory=list, description="Phrases every channel must publish."
    )
    forbidden_phrases: list[PhraseItem] = Field(
        default_factory=list, description="Phrases no channel may publish."
    )
    service_level: ServiceLevel | None = None
    payment_discounts: PaymentDiscounts | None = None
    store_services: StoreServices | None = None
    withdrawal: Withdrawal | None = Field(
        None, description="The legal right of withdrawal; usually from a rule pack "
                          "(include: [br-cdc] or [pt-dl24-2014]).")
