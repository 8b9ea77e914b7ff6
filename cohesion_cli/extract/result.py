"""What extraction read from one snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from cohesion_cli.domain import MIN_CONFIDENCE, Fact, Price, PriceRole, Snapshot

_UNCHECKED_ROLES = frozenset({
    "related", "site_wide", "shipping", "fee", "discount", "installment_total", "unit",
    "subscription", "net", "store", "addon"})
"""Roles of prices no check reads (other products, costs, per-unit amounts...)."""


@dataclass(frozen=True, kw_only=True)
class Options:
    """What extraction needs to know besides the bytes."""

    currency: str = "BRL"
    locale: str = "pt-BR"
    sku: str | None = None
    gtin: str | None = None
    min_confidence: float = MIN_CONFIDENCE
    """Confidence a main price needs (0-1)."""


@dataclass
class Extraction:
    snapshot: Snapshot
    facts: list[Fact] = field(default_factory=list)
    main_price: Fact | None = None
    candidates: list[Fact] = field(default_factory=list)
    """Distinct main-price candidates when the page is ambiguous."""
    broken: dict[str, str] = field(default_factory=dict)
    """Fact name -> locator that matched nothing."""
    text: str = ""
    """The document's readable text (for wording and phrase checks)."""
    wording: str | None = None
    """Text the wording locator selected, when there is one."""

    def compact(self, keep_text: bool) -> Extraction:
        """A copy of this extraction without what checks never use: the bytes, prices about
        other products or costs, and (unless wording or phrases are checked) the text."""
        return replace(
            self, snapshot=self.snapshot.without_body(),
            facts=[f for f in self.facts
                   if not (isinstance(f.value, Price) and f.value.role in _UNCHECKED_ROLES)],
            text=self.text if keep_text else "")

    @property
    def error(self) -> str | None:
        return self.snapshot.error

    def of_kind(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]

    def prices(self, *roles: PriceRole) -> list[Fact]:
        return [f for f in self.facts if isinstance(f.value, Price) and f.value.role in roles]

    def distinct_prices(self, *roles: PriceRole) -> list[Fact]:
        """The prices of these roles, one fact per amount (the first place it is shown)."""
        seen: dict[tuple[object, ...], Fact] = {}
        for fact in self.prices(*roles):
            assert isinstance(fact.value, Price)
            seen.setdefault(fact.value.key, fact)
        return list(seen.values())
