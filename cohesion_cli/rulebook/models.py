"""The rulebook language, version 1, defined once.

These pydantic models validate ``cohesion.yaml`` and generate the JSON Schema in
``rules/cohesion.schema.json`` (``cohesion schema``). Field descriptions are the reference
documentation shown by editors.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from cohesion_cli.domain import MIN_CONFIDENCE
from cohesion_cli.money.text import MAX_AMOUNT, parse_price

Level = Literal["info", "low", "medium", "high", "critical"]
RuleId = Literal[
    "read",
    "price",
    "list_price",
    "installments",
    "deadline",
    "return_window",
    "free_shipping",
    "wording",
    "required_phrase",
    "forbidden_phrase",
    "response_time",
]
"""The rule registry: every rule, in the order reports list them. Each is the module
``cohesion_cli/checks/rules/<id>.py``, which defines its ``RULE`` descriptor; adding a rule
is its module plus one line here (see docs/ARCHITECTURE.md)."""
FactKind = Literal[
    "price", "list_price", "installments", "deadline", "return_window", "free_shipping", "wording",
    "response_time",
]
ChannelKind = Literal["file", "web", "api", "feed", "whatsapp", "observations"]


def parse_amount_input(value: object) -> object:
    """Accept 899, 899.9, "899.90", "1.299,90" or "R$ 1.299,90" for a money amount.

    Text is read by :func:`cohesion_cli.money.text.parse_price`, the parser pages, feeds
    and observations go through, so "1.299" is 1299 and "0.299" is 0.299 everywhere. An
    unquoted YAML number is a number, except one with exactly three decimals after a whole
    part ("1.299"): it reads as 1299 to a Brazilian eye and as 1.299 to YAML, so it is refused.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return value
    if isinstance(value, (int, float)):
        written = repr(value)
        whole, _, decimals = written.partition(".")
        if len(decimals) == 3 and whole.strip("-0") and decimals.isdigit():
            raise ValueError(f"ambiguous amount {written}: write {whole}{decimals} if the dot "
                             f"groups thousands, or \"{whole}.{decimals}0\" (quoted) for "
                             "three decimals")
        amount = Decimal(written) if math.isfinite(value) else None
    else:
        found = parse_price(value)
        amount = found[0] if found else None
    if amount is None or amount > MAX_AMOUNT:
        raise ValueError(f"not an amount: {value!r} (write 1299.90 or \"R$ 1.299,90\")")
    return amount


Amount = Annotated[Decimal, BeforeValidator(parse_amount_input), Field(ge=0)]


def _not_bool(value: object) -> object:
    """YAML's true/false are not numbers (pydantic would read true as 1)."""
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a number")
    return value


Int = Annotated[int, BeforeValidator(_not_bool)]
Number = Annotated[float, BeforeValidator(_not_bool)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class InstallmentPlan(Strict):
    """The installment plan a product is sold with, e.g. 12x interest-free."""

    count: Int = Field(ge=1, le=48, description="Number of installments, e.g. 12.")
    interest_free: bool = Field(True, description="True when the plan has no interest.")


class Product(Strict):
    """One product of the canonical catalog."""

    sku: str = Field(min_length=1, description="Stock keeping unit; the product's id.")
    name: str = Field("", description="Product name as the brand writes it.")
    gtin: str | None = Field(None, description="EAN/GTIN barcode, when known.")
    slug: str | None = Field(None, description="URL slug, usable in page templates as {slug}.")
    price: Amount | None = Field(None, description="Price the shopper pays now (sale price).")
    list_price: Amount | None = Field(
        None, description="Crossed-out 'from' price ('De R$ ...'); omit when there is none."
    )
    installments: InstallmentPlan | None = Field(None, description="Installment plan offered.")


class Catalog(Strict):
    """Canonical products, inline and/or from a CSV file."""

    csv: str | None = Field(
        None,
        description=(
            "CSV file (relative to the rulebook) with a header row; columns: sku, name, gtin, "
            "slug, price, list_price, installments, interest_free."
        ),
    )
    products: list[Product] = Field(default_factory=list, description="Inline products.")
    price_basis: Literal["headline", "pix", "cash", "card"] = Field(
        "headline",
        description=(
            "Which payment price the catalog's prices are: 'headline' (default: the price the "
            "page presents, 'por R$ ...'), 'pix' (Pix price), 'cash' (à vista / boleto) or "
            "'card' (card in one payment). Pages are compared like with like; a page that "
            "shows no separate price for that payment method is compared on its headline price."
        ),
    )


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


class ServiceLevel(Strict):
    """How fast the brand must answer a customer on conversational channels."""

    first_response_minutes: Number = Field(
        gt=0, description="Longest acceptable time from a customer's question to the first "
                          "answer ('responder em até 15 minutos')."
    )


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


class Locator(Strict):
    """Where a fact is on a channel's documents; exactly one of the fields."""

    css: str | None = Field(None, description="CSS selector; the element's text is read.")
    xpath: str | None = Field(None, description="XPath expression (HTML documents).")
    jsonpath: str | None = Field(None, description="JSONPath expression (JSON documents).")
    regex: str | None = Field(None, description="Regular expression; group 1 (or all) is read.")

    @model_validator(mode="after")
    def _exactly_one(self) -> Locator:
        given = [name for name in ("css", "xpath", "jsonpath", "regex") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError("give exactly one of css, xpath, jsonpath, regex")
        return self

    @property
    def kind(self) -> str:
        return next(n for n in ("css", "xpath", "jsonpath", "regex") if getattr(self, n))

    @property
    def expression(self) -> str:
        return str(getattr(self, self.kind))


class Locators(Strict):
    """Per-fact locators that override automatic extraction on this channel."""

    price: Locator | None = None
    list_price: Locator | None = None
    installments: Locator | None = None
    deadline: Locator | None = None
    return_window: Locator | None = None
    free_shipping: Locator | None = None
    wording: Locator | None = None


class Channel(Strict):
    """One place the brand sells or speaks through."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", description="Short unique id.")
    kind: ChannelKind = Field(
        description="How documents are read: file, web, api, feed, whatsapp or observations."
    )
    name: str | None = Field(None, description="Human name, e.g. 'Loja oficial no marketplace'.")
    owner: str | None = Field(None, description="Team or person who fixes this channel.")
    location: str | None = Field(
        None,
        description=(
            "Base URL (web) or folder/file path relative to the rulebook (file). "
            "Page templates are resolved against it."
        ),
    )
    product_page: str | None = Field(
        None,
        description=(
            "Template of one product's document, e.g. 'produto/{sku}.html'. Placeholders: "
            "{sku}, {gtin}, {slug}, {name}, {serve_url}."
        ),
    )
    policy_pages: list[str] = Field(
        default_factory=list,
        description="Documents read for store-wide policies (delivery, returns, wording...).",
    )
    products: list[str] | None = Field(None, description="SKUs sold here; default all.")
    facts: list[FactKind] | None = Field(
        None, description="Facts this channel is expected to publish; default all."
    )
    locators: Locators = Field(default_factory=Locators)
    timeout: Number = Field(15.0, gt=0, le=300, description="Seconds per request (web, api).")
    headers: dict[str, str] = Field(
        default_factory=dict,
        description="HTTP headers (web, api). Write secrets as ${ENV_VAR}: the value is read "
                    "from the environment at run time and never printed or archived.",
    )
    cookies: dict[str, str] = Field(
        default_factory=dict, description="Cookies (web, api); ${ENV_VAR} as for headers."
    )
    brand_participants: list[str] = Field(
        default_factory=list,
        description="whatsapp: the participant names that speak for the brand; facts are read "
                    "only from their messages.",
    )


class Tolerance(Strict):
    """Allowed price difference: the larger of the absolute and the percent bound."""

    absolute: Amount = Field(Decimal("0"), description="Absolute amount, e.g. 0.01.")
    percent: Annotated[Decimal, BeforeValidator(_not_bool)] = Field(
        Decimal("0"), ge=0, le=100, description="Percent of the price."
    )


class Override(Strict):
    """A severity for the results matching every given field."""

    rule: RuleId | None = None
    channel: str | None = None
    subject: str | None = None
    outcome: Literal["divergent", "missing", "unverifiable"] | None = None
    severity: Level


class SeverityPolicy(Strict):
    """How much each kind of finding weighs."""

    defaults: dict[RuleId, Level] = Field(
        default_factory=dict, description="Severity per rule; unlisted rules keep built-ins."
    )
    unverifiable: Level = Field("medium", description="Severity of unverifiable results.")
    overrides: list[Override] = Field(default_factory=list)
    price_tolerance: Tolerance = Field(default_factory=Tolerance)
    min_price_confidence: float = Field(
        MIN_CONFIDENCE, ge=0, le=1,
        description=(
            "Confidence (0-1) a page's main price needs before a price divergence is raised; "
            "below it the price is unverifiable (ambiguous) and the candidates are listed."
        ),
    )


class Serve(Strict):
    """Serve a folder on 127.0.0.1 during the run (demos, tests, saved copies of a site)."""

    root: str = Field(description="Folder relative to the rulebook; its URL is {serve_url}.")


class Rulebook(Strict):
    """A cohesion rulebook (cohesion.yaml), version 1."""

    version: Literal[1] = Field(1, description="Rulebook language version.")
    brand: str = Field(min_length=1, description="Brand name.")
    locale: str = Field(
        "pt-BR", pattern=r"^[a-z]{2}(-[A-Z]{2})?$", description="Language of the channels."
    )
    currency: str = Field("BRL", pattern=r"^[A-Z]{3}$", description="ISO 4217 default currency.")
    catalog: Catalog = Field(default_factory=Catalog)
    policies: Policies = Field(default_factory=Policies)
    channels: list[Channel] = Field(min_length=1)
    severity: SeverityPolicy = Field(default_factory=SeverityPolicy)
    serve: Serve | None = None
