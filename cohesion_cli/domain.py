"""The values that flow through cohesion: snapshots, facts, results.

Data flow: Channel -> Snapshot -> Fact -> Result (finding) -> Report.
Everything here is immutable and free of I/O.
"""

from __future__ import annotations

import enum
import functools
import hashlib
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, TypeGuard, Union, get_args

from cohesion_cli.commerce import Availability as Availability
from cohesion_cli.commerce import PaymentDiscount as PaymentDiscount
from cohesion_cli.commerce import PaymentMethod as PaymentMethod
from cohesion_cli.commerce import PromotionWindow as PromotionWindow
from cohesion_cli.commerce import StockStatus as StockStatus
from cohesion_cli.commerce import StoreService as StoreService
from cohesion_cli.commerce import StoreServiceName as StoreServiceName
from cohesion_cli.contacts import Attachment as Attachment  # re-exported: fact values
from cohesion_cli.contacts import Visit as Visit
from cohesion_cli.money.neutral import format_money as format_money

if TYPE_CHECKING:
    from cohesion_cli.message import Msg

Level = Literal["info", "low", "medium", "high", "critical"]
"""A severity as the rulebook and the rule descriptors write it."""


class Severity(enum.IntEnum):
    """How much a finding weighs; ordered so that comparisons work."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


class Outcome(str, enum.Enum):
    """What comparing one fact of one channel with the rulebook gave."""

    OK = "ok"
    DIVERGENT = "divergent"
    MISSING = "missing"
    UNVERIFIABLE = "unverifiable"


DocumentRole = Literal["product", "policy"]
"""What a document is read for: ``product`` (one product's) or ``policy`` (store-wide)."""
_DOCUMENT_ROLES = frozenset(get_args(DocumentRole))


def is_document_role(value: object) -> TypeGuard[DocumentRole]:
    """Whether ``value`` is a document role (for roles read back from a file)."""
    return isinstance(value, str) and value in _DOCUMENT_ROLES


@dataclass(frozen=True)
class Snapshot:
    """The bytes one channel published at one location, with where and when."""

    channel: str
    location: str
    """URL or file path the bytes came from."""
    role: DocumentRole
    product: str | None
    """SKU the document is about, for product documents."""
    retrieved_at: str
    """ISO 8601 UTC timestamp."""
    body: bytes = b""
    status: int | None = None
    """HTTP status for web channels; None for files."""
    content_type: str = ""
    error: str | None = None
    """Why the document could not be read; None when it was read."""
    digest: str = ""
    """sha256 of the body, computed once; kept when the body is dropped to save memory."""
    from_cache: bool = False
    """True when the server answered 304 Not Modified and the cached copy was used."""

    def __post_init__(self) -> None:
        if not self.digest:
            object.__setattr__(self, "digest", hashlib.sha256(self.body).hexdigest())

    def without_body(self) -> Snapshot:
        """The same snapshot with its bytes dropped (digest and metadata kept)."""
        return replace(self, body=b"")

    @property
    def id(self) -> str:
        return self.digest[:12]


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: an excerpt and a locator inside one snapshot."""

    excerpt: str
    locator: str
    """CSS-like element path, JSON path, ``line N``, or ``json-ld``/``meta``."""
    source: str
    """URL or path of the document."""
    snapshot: str = ""
    """Id (sha256 prefix) of the snapshot the fact came from."""


@dataclass(frozen=True)
class Position:
    """A place in a file (a rulebook entry, a CSV row): where a rule is defined."""

    file: str
    line: int
    """1-based line."""
    col: int
    """1-based column."""


MIN_CONFIDENCE = 0.7
"""Default confidence a main price needs; below it the page is ambiguous and the
candidates are listed instead (rulebook: ``severity.min_price_confidence``)."""


PriceRole = Literal[
    "sale", "unknown", "list", "installment_total", "pix", "cash", "card", "discount",
    "shipping", "fee", "unit", "subscription", "net", "store", "addon", "related", "site_wide",
    "installment", "threshold",
]
"""What a price is: ``sale`` / ``unknown`` (can be the main price), ``list``,
``installment_total``, ``pix``, ``cash``, ``card``, ``discount``, ``shipping``, ``fee``,
``unit``, ``subscription``, ``net``, ``store``, ``addon``, ``related`` (another product's),
``site_wide`` (the site's header, menu or footer), ``installment`` / ``threshold`` (one payment of
a plan, a free-shipping minimum); see ``extract/prices.py``."""
_PRICE_ROLES = frozenset(get_args(PriceRole))


def is_price_role(value: object) -> TypeGuard[PriceRole]:
    """Whether ``value`` is a price role (for roles read back from a file)."""
    return isinstance(value, str) and value in _PRICE_ROLES


@dataclass(frozen=True)
class Price:
    amount: Decimal
    currency: str
    role: PriceRole
    main: bool = False
    """True for the price the shopper pays now for the page's product."""
    confidence: float | None = None
    """0-1: how sure extraction is that this amount is the page's main price (the same for
    every reading of one amount; 0 for roles that cannot be; 1.0 for a rulebook locator;
    None where no decision was made, as in feeds)."""

    def show(self) -> str:
        return format_money(self.amount, self.currency)

    @property
    def key(self) -> tuple[Decimal, str]:
        """The amount and currency, with 899.9 and 899.90 the same: one price, however
        often and however written."""
        return self.amount.normalize(), self.currency

    @property
    def certainty(self) -> float:
        """The confidence, or 1.0 where no decision was made (a locator, a feed)."""
        return 1.0 if self.confidence is None else self.confidence


@dataclass(frozen=True)
class Installment:
    count: int
    amount: Decimal | None
    currency: str
    interest_free: bool | None

    @property
    def total(self) -> Decimal | None:
        return None if self.amount is None else self.amount * self.count

    def show(self) -> str:
        text = f"{self.count}x"
        if self.amount is not None:
            text += f" {format_money(self.amount, self.currency)}"
        if self.interest_free is True:
            text += " interest-free"
        elif self.interest_free is False:
            text += " with interest"
        return text


@dataclass(frozen=True)
class Deadline:
    min_days: int | None
    max_days: int
    business_days: bool | None
    """True for business days, False for calendar days, None when not said."""

    def show(self) -> str:
        span = f"{self.max_days}" if self.min_days is None else f"{self.min_days}-{self.max_days}"
        unit = {True: "business days", False: "calendar days", None: "days"}[self.business_days]
        return f"{span} {unit}"


@dataclass(frozen=True)
class ReturnWindow:
    days: int
    withdrawal: bool = False
    """True for the legal right of withdrawal ("direito de arrependimento", CDC art. 49),
    False for the store's own exchange/return window."""

    def show(self) -> str:
        return f"{self.days} days" + (" (right of withdrawal)" if self.withdrawal else "")


@dataclass(frozen=True)
class FreeShipping:
    threshold: Decimal | None
    """Order value from which shipping is free; None when no minimum is stated."""
    currency: str | None

    def show(self) -> str:
        if self.threshold is None:
            return "free (no minimum stated)"
        return f"over {format_money(self.threshold, self.currency or '')}"


@dataclass(frozen=True)
class Answer:
    """One of the brand's messages after a customer's question."""

    at: str
    """When it was sent: ISO 8601 local time, as written in the source."""
    text: str
    """Its text, case and accents kept, cut to 200 characters."""


@dataclass(frozen=True)
class ResponseTime:
    """Time from a customer's question to the brand's first answer."""

    minutes: float | None
    """None when the question was never answered."""
    asked_at: str
    """When the question was asked, as written in the source."""
    asked: str = ""
    """When the question was asked: ISO 8601 local time ("" when not known)."""
    answers: tuple[Answer, ...] = ()
    """The brand's first messages after the question, in order: the check skips automatic
    greetings among them and measures the first human one within business hours."""
    precise: bool = False
    """True when the source's times have seconds (instant automatic replies can be told)."""

    def show(self) -> str:
        if self.minutes is None:
            return f"never answered (asked {self.asked_at})"
        return f"{self.minutes:g} min (asked {self.asked_at})"


Value = Union[  # noqa: UP007
    Price, Installment, Deadline, ReturnWindow, FreeShipping, ResponseTime, PaymentDiscount,
    PromotionWindow, Availability, StoreService, Visit,
]

FACT_KINDS: dict[type, str] = {
    Price: "price",
    Installment: "installment",
    Deadline: "deadline",
    ReturnWindow: "return_window",
    FreeShipping: "free_shipping",
    ResponseTime: "response_time",
    Visit: "visit",
    PaymentDiscount: "payment_discount",
    PromotionWindow: "promotion_window",
    Availability: "availability",
    StoreService: "store_service",
}


@dataclass(frozen=True)
class Fact:
    """One typed value read from a document, with its evidence."""

    value: Value
    evidence: Evidence

    @property
    def kind(self) -> str:
        return FACT_KINDS[type(self.value)]


@dataclass(frozen=True, kw_only=True)
class Result:
    """The outcome of comparing one fact of one channel for one subject, created complete
    by the check (severity and rulebook position included)."""

    rule: str
    """Rule id, e.g. ``price`` or ``return_window``; also the fact the result is about."""
    channel: str
    subject: str
    """SKU for product facts, ``policy:<name>`` for policies."""
    outcome: Outcome
    severity: Severity
    position: Position | None = None
    """Where the rulebook defines what this result checks (product entry or CSV row,
    policy, channel); None when the rulebook was not read from a file."""
    expected: str = ""
    observed: str = ""
    evidence: Evidence | None = None
    reason: str = ""
    """Why a result is unverifiable, or a note on a divergence."""
    confidence: float | None = None
    """For price results: how sure extraction was of the price read (0-1)."""
    expected_msg: Msg | None = None
    """``expected`` with its typed values, for the human formats to write in the reader's
    language (``message.Msg``); None where only the text is known."""
    observed_msg: Msg | None = None
    """``observed`` with its typed values."""
    reason_msg: Msg | None = None
    """``reason`` with its typed values."""
    figures: tuple[tuple[str, float | None], ...] = ()
    """Measured figures behind ``observed``, by name (response times: median, p90, share
    within the service level...); empty for most rules."""
    caused_by: str = ""
    """Fingerprint of the finding this one follows from (an installment plan that differs
    only because the price differs): reported with its cause, not counted again."""

    @functools.cached_property
    def fingerprint(self) -> str:
        """Stable id: built from rule, channel and subject only (the rule id appears twice,
        once as the fact, as in every fingerprint since the first release); made once."""
        return fingerprint(self.rule, self.channel, self.subject)


def fingerprint(rule: str, channel: str, subject: str) -> str:
    """The fingerprint of the result of ``rule`` on ``channel`` for ``subject``."""
    key = "\x1f".join((rule, channel, subject, rule))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

