"""The rulebook language, version 1, defined once: its root and vocabulary.

These pydantic models validate ``cohesion.yaml`` and generate the JSON Schema in
``rules/cohesion.schema.json`` (``cohesion schema``). Field descriptions are the reference
documentation shown by editors. This module holds the root ``Rulebook``, the names it is
written in (severity levels, rule ids, fact kinds, channel kinds), the channels with their
locators, and the severity policy; the catalog is in :mod:`.catalog`, the store-wide
policies in :mod:`.policies` and the value types in :mod:`.fields`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from cohesion_cli.domain import MIN_CONFIDENCE, Level
from cohesion_cli.rulebook.catalog import Catalog
from cohesion_cli.rulebook.fields import Amount, Int, Number, Strict, not_bool
from cohesion_cli.rulebook.policies import Policies
from cohesion_cli.rulebook.questionnaire import Questionnaire

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
    "questionnaire",
    "wait_time",
    "attachments",
    "payment_discount",
    "promotion_window",
    "availability",
    "store_service",
]
"""The rule registry: every rule, in the order reports list them. Each is the module
``cohesion_cli/checks/rules/<id>.py``, which defines its ``RULE`` descriptor; adding a rule
is its module plus one line here (see docs/ARCHITECTURE.md)."""
FactKind = Literal[
    "price", "list_price", "installments", "deadline", "return_window", "free_shipping", "wording",
    "response_time", "payment_discount", "promotion_window", "availability", "store_service",
]
ChannelKind = Literal["file", "web", "api", "feed", "whatsapp", "observations"]


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
    allow_private_redirects: bool = Field(
        False,
        description="web, api, feed: follow redirects from a public host to loopback, private "
                    "or link-local addresses (169.254.169.254...); refused by default.",
    )
    brand_participants: list[str] = Field(
        default_factory=list,
        description="whatsapp: the participant names that speak for the brand; facts are read "
                    "only from their messages.",
    )
    weight: Number | None = Field(
        None, gt=0,
        description="This channel's share of the audience (any positive number: 40, 0.4...), "
                    "used to weigh its score in the overall score. Give every channel a "
                    "weight, or none: without weights every channel weighs the same.",
    )
    render: Literal["http", "browser"] = Field(
        "http",
        description="web: 'browser' loads each page in headless Chromium and reads it once its "
                    "scripts have run (for prices written by JavaScript); needs the [browser] "
                    "extra and a Chromium. Default 'http': the page as the server sends it.",
    )

    @model_validator(mode="after")
    def _render_on_web(self) -> Channel:
        if self.render == "browser" and self.kind != "web":
            raise ValueError(f"render: browser applies to web channels only, not {self.kind}")
        return self


class Tolerance(Strict):
    """Allowed price difference: the larger of the absolute and the percent bound."""

    absolute: Amount = Field(Decimal("0"), description="Absolute amount, e.g. 0.01.")
    percent: Annotated[Decimal, BeforeValidator(not_bool)] = Field(
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


class Sla(Strict):
    """Days a finding of each severity has to be fixed, from the first run that found it
    (``due`` = first seen + these days; after it the finding is ``overdue``)."""

    critical: Int = Field(2, ge=0, le=3650, description="Days to fix a critical finding.")
    high: Int = Field(7, ge=0, le=3650, description="Days to fix a high finding.")
    medium: Int = Field(14, ge=0, le=3650, description="Days to fix a medium finding.")
    low: Int = Field(30, ge=0, le=3650, description="Days to fix a low finding.")
    info: Int = Field(90, ge=0, le=3650, description="Days to fix an info finding.")

    def days(self) -> dict[str, int]:
        """Severity label -> days."""
        return {"critical": self.critical, "high": self.high, "medium": self.medium,
                "low": self.low, "info": self.info}


class Serve(Strict):
    """Serve a folder on 127.0.0.1 during the run (demos, tests, saved copies of a site)."""

    root: str = Field(description="Folder relative to the rulebook; its URL is {serve_url}.")


class Campaign(Strict):
    """A promotion and the days it runs: offers' validity dates must match one."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", description="Short unique id.")
    name: str = Field("", description="Name as the brand writes it, e.g. 'Black Friday'.")
    start: date = Field(description="First day, e.g. 2026-11-20.")
    end: date = Field(description="Last day, e.g. 2026-11-30.")
    channels: list[str] | None = Field(None, description="Channels it runs on; default all.")

    @model_validator(mode="after")
    def _ordered(self) -> Campaign:
        if self.start > self.end:
            raise ValueError("start is after end")
        return self


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
    sla: Sla = Field(
        default_factory=Sla,
        description="Resolution time per severity, in days: each finding is due this many "
                    "days after the first run that found it (defaults: critical 2, high 7, "
                    "medium 14, low 30, info 90).",
    )
    serve: Serve | None = None
    allow_paths: list[str] = Field(
        default_factory=list,
        description=(
            "Folders or files outside the rulebook's folder that channels read from disk, the "
            "catalog CSV and the served folder may use (absolute or relative to the "
            "rulebook). Anything else outside the rulebook's folder is refused, and /proc, "
            "/sys and /dev always are."
        ),
    )
    questionnaire: Questionnaire | None = Field(
        None,
        description="Mystery-shopper questionnaire: items (yes/no, scale 1-5, expected "
                    "phrase) with weights, answered in observation records and scored per "
                    "visit, store and channel.",
    )
    campaigns: list[Campaign] = Field(
        default_factory=list,
        description="Promotions with their dates; an offer a channel says is valid until a "
                    "day no campaign ends on is divergent.",
    )
    include: list[str] = Field(
        default_factory=list,
        description="Rule packs whose policies apply too: a shipped pack by name (br-cdc, "
                    "pt-dl24-2014) or a YAML file relative to the rulebook. The rulebook's own "
                    "values win.",
    )
