"""Decide which price the shopper pays now for the page's product, and how sure that is.

Order of trust: a rulebook locator decides outright. Otherwise every distinct amount that
could be the live price is scored on evidence any shop page carries (see ``evidence``):
structured data for the page's product (matched by SKU or GTIN when the page describes
several), and prices displayed in the text, each weighed by where it sits and what its
wording says. Prices whose wording or place gives them another role (list, installment
part, total, discount, shipping, fee, unit or subscription price, Pix / boleto / card
prices, another product's price) never compete.

The scores become a **confidence** with a softmax over the distinct amounts plus a
"none of these" option, so a lone weak reading is not certain and two equally good
readings share the belief. A price displayed only as a "from" price (the cheapest of
several options) is never decided on: the candidates are listed. The main price is given
when its confidence reaches ``Options.min_confidence`` (default ``MIN_CONFIDENCE``);
otherwise the page is ambiguous and the candidates are listed with their confidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from decimal import Decimal

from cohesion_cli.domain import MIN_CONFIDENCE, Fact, Price, PriceRole
from cohesion_cli.extract.evidence import (
    BUY_REACH,
    Candidate,
    Page,
    price_marked,
    starting_price,
    text_score,
)
from cohesion_cli.extract.structured import Tagged

MAIN_ROLES: tuple[PriceRole, ...] = ("sale", "unknown")
_NONE_SCORE = 0.5
"""Score of "the price is none of these": what a lone, unremarkable reading competes with."""
_STRUCTURED_SOLE = 3.0
_STRUCTURED_SHARED = 1.0
_REPEAT_BONUS = 0.3
_TEMPERATURE = 1.0
"""Scale of the scores in the softmax (lower: sharper)."""
_ORDER_BONUS = 0.5
"""For the first live price after the title, and for the one nearest before the buy
button: where a product page puts its price."""
_LISTING_SIZE = 3
_LISTING_PENALTY = 3.0
_CONTRADICTING: tuple[PriceRole, ...] = ("list", "net")
_MAX_LISTED = 5
_LISTED_FROM = 0.05


@dataclass
class _Amount:
    key: tuple[Decimal, str]
    fact: Fact
    score: float = 0.0
    text: float | None = None
    seen: int = 0
    structured: bool = False
    starting: bool | None = None
    """True when it is displayed as a "from" price and nowhere as a plain live price
    (variant menus' options aside); None when it is not displayed as either."""


@dataclass(frozen=True)
class Decision:
    main: Fact | None
    candidates: list[Fact]
    confidence: dict[tuple[Decimal, str], float] = field(default_factory=dict)
    """Confidence of every amount that competed, by (amount, currency)."""

    def of(self, fact: Fact) -> float:
        """The confidence that ``fact`` is the page's main price (0 for other roles)."""
        value = fact.value
        if not isinstance(value, Price) or value.role not in MAIN_ROLES:
            return 0.0
        return self.confidence.get(_key(value), 0.0)


def structured_prices(tagged: list[Tagged], ids: set[str]) -> list[Fact]:
    """The structured sale prices that describe the page's product."""
    sale = [t for t in tagged if isinstance(t.fact.value, Price) and t.fact.value.role == "sale"
            and t.fact.value.amount > 0]
    matched = [t for t in sale if ids & t.ids]
    if matched:
        return [t.fact for t in matched]
    owners = {t.ids for t in sale if t.ids}
    if len(owners) <= 1:
        return [t.fact for t in sale]
    untagged = [t.fact for t in sale if not t.ids]
    return untagged or [t.fact for t in sale]


def choose(tagged: list[Tagged], texts: list[Candidate], ids: set[str], page: Page,
           min_confidence: float = MIN_CONFIDENCE) -> Decision:
    """The main price (with its confidence) or, when unsure, the scored candidates."""
    amounts: dict[tuple[Decimal, str], _Amount] = {}
    repeated = _repeated_places(texts)
    live = [c for c in texts if isinstance(c.fact.value, Price)
            and c.fact.value.role in MAIN_ROLES and c.fact.evidence.locator not in repeated]
    first = nearest = None
    if not _rival_prices(live, tagged):
        first = _first_after(live, page.title_at)
        nearest = _nearest_before(live, page.buys)
    for candidate in texts:
        value = candidate.fact.value
        assert isinstance(value, Price)
        if value.role not in MAIN_ROLES:
            continue
        entry = amounts.setdefault(_key(value), _Amount(_key(value), candidate.fact))
        score = text_score(candidate, page)
        if candidate.fact.evidence.locator in repeated:
            score -= _LISTING_PENALTY
        score += _ORDER_BONUS * ((candidate is first) + (candidate is nearest))
        if starting_price(candidate, page):
            entry.starting = entry.starting is not False
        elif not candidate.context.aside:
            entry.starting = False
        entry.seen += 1
        if entry.text is None or score > entry.text:
            entry.text, entry.fact = score, candidate.fact
    structured = _uncontradicted(structured_prices(tagged, ids), texts)
    keys = {_key(f.value) for f in structured if isinstance(f.value, Price)}
    for fact in structured:
        assert isinstance(fact.value, Price)
        entry = amounts.setdefault(_key(fact.value), _Amount(_key(fact.value), fact))
        if not entry.structured:
            entry.structured = True
            if entry.text is None:
                entry.fact = fact
    if not amounts:
        return Decision(None, [])
    for entry in amounts.values():
        entry.score = (entry.text or 0.0) + _REPEAT_BONUS * min(3, entry.seen - 1)
        if entry.structured:
            entry.score += _STRUCTURED_SOLE if len(keys) == 1 else _STRUCTURED_SHARED
    ranked = sorted(amounts.values(), key=lambda e: e.score, reverse=True)
    weights = [math.exp(min(50.0, e.score / _TEMPERATURE)) for e in ranked]
    total = sum(weights) + math.exp(_NONE_SCORE / _TEMPERATURE)
    confidence = {e.key: round(w / total, 3) for e, w in zip(ranked, weights, strict=True)}
    scored = [_with(e.fact, confidence[e.key]) for e in ranked]
    top = scored[0]
    assert isinstance(top.value, Price)
    decided = not (ranked[0].starting and not ranked[0].structured)
    if decided and top.value.confidence is not None and top.value.confidence >= min_confidence:
        main = replace(top, value=replace(top.value, role="sale", main=True))
        return Decision(main, [], confidence)
    listed = [f for f in scored if isinstance(f.value, Price)
              and (f.value.confidence or 0) >= _LISTED_FROM]
    return Decision(None, listed[:_MAX_LISTED], confidence)


def _uncontradicted(structured: list[Fact], texts: list[Candidate]) -> list[Fact]:
    """Structured prices less those the page displays only as a crossed-out list price or
    a price before tax: stale or another kind of price, not the live one. (Other roles —
    a related card, an installment total, a Pix price — can share the amount by chance.)"""
    live = {_key(c.fact.value) for c in texts
            if isinstance(c.fact.value, Price) and c.fact.value.role in MAIN_ROLES}
    other = {_key(c.fact.value) for c in texts if isinstance(c.fact.value, Price)
             and c.fact.value.role in _CONTRADICTING} - live
    return [f for f in structured if _key(f.value) not in other]


def _rival_prices(live: list[Candidate], tagged: list[Tagged]) -> bool:
    """Two different amounts, each displayed in an element marked as a price, and no
    structured data: where they stand on the page cannot tell which one applies."""
    if any(isinstance(t.fact.value, Price) for t in tagged):
        return False
    return len({_key(c.fact.value) for c in live if price_marked(c)}) > 1


def _first_after(live: list[Candidate], title_at: int | None) -> Candidate | None:
    """The first live price after the product's title."""
    if title_at is None:
        return None
    after = [c for c in live if c.start >= title_at]
    return min(after, key=lambda c: c.start) if after else None


def _nearest_before(live: list[Candidate], buys: tuple[int, ...]) -> Candidate | None:
    """The live price closest before the add-to-cart control (the buy box); none when
    several buttons each follow a different price (several offers, no single buy box)."""
    chosen: dict[int, Candidate] = {}
    for buy in buys:
        before = [c for c in live if 0 <= buy - c.start <= BUY_REACH]
        if before:
            chosen[buy] = max(before, key=lambda c: c.start)
    amounts = {_key(c.fact.value) for c in chosen.values()}
    if len(amounts) != 1:
        return None
    return chosen[min(chosen)]


def _repeated_places(texts: list[Candidate]) -> set[str]:
    """Element paths where several different amounts are shown: the cards of a listing
    ("ul.grid > li > span.price" three times over), not the page's buy box."""
    amounts: dict[str, set[Decimal]] = {}
    for candidate in texts:
        value = candidate.fact.value
        if isinstance(value, Price):
            amounts.setdefault(candidate.fact.evidence.locator, set()).add(value.amount)
    return {place for place, seen in amounts.items() if len(seen) >= _LISTING_SIZE}


def _key(value: object) -> tuple[Decimal, str]:
    assert isinstance(value, Price)
    return value.key


def _with(fact: Fact, confidence: float) -> Fact:
    assert isinstance(fact.value, Price)
    return replace(fact, value=replace(fact.value, confidence=confidence))
