"""Read every fact of one snapshot: structured data, locators and text patterns."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from typing import Any

from cohesion_cli.domain import (
    Availability,
    Deadline,
    Evidence,
    Fact,
    FreeShipping,
    Installment,
    Price,
    PriceRole,
    ReturnWindow,
    Snapshot,
    Value,
)
from cohesion_cli.extract import locators as loc
from cohesion_cli.extract import mainprice
from cohesion_cli.extract.budget import OverBudget, budget, check
from cohesion_cli.extract.days import find_days
from cohesion_cli.extract.document import Document, Unreadable, parse
from cohesion_cli.extract.evidence import Candidate, marked_amounts, page_of
from cohesion_cli.extract.flow import BOUNDARY, Flow, Scan, css_path, flatten
from cohesion_cli.extract.installments import find_installments
from cohesion_cli.extract.jsondoc import json_facts
from cohesion_cli.extract.marks import Context
from cohesion_cli.extract.offers import find_payment_discounts, find_promotion_windows, read_date
from cohesion_cli.extract.prices import price_hits, wording_role
from cohesion_cli.extract.result import Extraction, Options
from cohesion_cli.extract.shipping import find_free_shipping
from cohesion_cli.extract.stock import (
    find_availability,
    find_store_services,
    in_picker,
    one_availability,
)
from cohesion_cli.extract.structured import Tagged, json_ld, meta_and_microdata
from cohesion_cli.money.amount import machine_number, price_amount
from cohesion_cli.money.currencies import ISO_CODES
from cohesion_cli.money.text import MoneyHit, find_money, parse_amount, parse_price
from cohesion_cli.rulebook.models import Locators


def extract(snapshot: Snapshot, options: Options, locators: Locators | None = None) -> Extraction:
    """Every fact of ``snapshot``, within the extraction budget (``extract.budget``): past
    it, the document is unreadable with the reason."""
    if snapshot.error:
        return Extraction(snapshot)
    try:
        with budget():
            return _extract(snapshot, options, locators)
    except (OverBudget, Unreadable) as exc:
        return Extraction(replace(snapshot, error=str(exc)))
    except RecursionError:
        return Extraction(replace(snapshot, error="elements nested too deeply to read"))


def _extract(snapshot: Snapshot, options: Options, locators: Locators | None) -> Extraction:
    result = Extraction(snapshot)
    doc = parse(snapshot)
    ids = {i for i in (options.sku, options.gtin) if i}
    tagged: list[Tagged] = []
    flow: Flow | None = None
    if doc.tree is not None:
        flow = flatten(doc.tree)
        result.text = flow.text
        tagged = json_ld(doc.tree, snapshot.location, snapshot.id, options.currency)
        tagged += meta_and_microdata(doc.tree, snapshot.location, snapshot.id, options.currency)
    elif doc.kind == "json":
        result.text = "\n".join(_strings(doc.data))
        tagged = json_facts(doc.data, snapshot, options.currency)
    else:
        result.text = doc.text
    found = list(_text_facts(result.text, flow, snapshot, options.currency, options.locale))
    shown = {(c.fact.value.amount, c.fact.value.currency) for c in found
             if isinstance(c.fact.value, Price)}
    tagged = [k for k in (_known_currency(t, options.currency, shown) for t in tagged) if k]
    facts = one_availability([t.fact for t in tagged], [c.fact for c in found])
    if locators is not None:
        facts = _apply_locators(locators, doc, result, facts, options)
    located_main = [f for f in facts if isinstance(f.value, Price) and f.value.main]
    decision = mainprice.Decision(None, [])
    top = located_main[0].value if located_main else None
    if isinstance(top, Price) and top.certainty < options.min_confidence:
        result.candidates = [replace(f, value=replace(f.value, main=False))
                             for f in located_main if isinstance(f.value, Price)]
        facts = [f for f in facts if f not in located_main]
    elif located_main:
        result.main_price = located_main[0]
    else:
        prices = [c for c in found if isinstance(c.fact.value, Price)]
        page = page_of(flow, doc.tree, result.text, options.currency)
        decision = mainprice.choose(tagged, prices, ids, page, options.min_confidence)
        result.main_price, result.candidates = decision.main, decision.candidates
    main = result.main_price
    result.facts = [_scored(f, decision) for f in facts if not _duplicate_of(f, main)]
    if main is not None:
        result.facts.insert(0, main)
    return result


def _known_currency(tagged: Tagged, default: str, shown: set[tuple[Decimal, str]]
                    ) -> Tagged | None:
    """A structured price whose currency is no ISO 4217 code: a typo ("UAN") is taken in
    the channel's currency when the page displays the same amount in it; otherwise (a
    unit such as bitcoin or toman, an unknown code) the price is dropped."""
    value = tagged.fact.value
    if not isinstance(value, Price) or value.currency.upper() in ISO_CODES:
        return tagged
    if (value.amount, default) not in shown:
        return None
    return replace(tagged, fact=replace(tagged.fact, value=replace(value, currency=default)))


def _scored(fact: Fact, decision: mainprice.Decision) -> Fact:
    """A price fact with its confidence of being the main price."""
    if not isinstance(fact.value, Price) or fact.value.confidence is not None:
        return fact
    return replace(fact, value=replace(fact.value, confidence=decision.of(fact)))


def _duplicate_of(fact: Fact, main: Fact | None) -> bool:
    """The chosen main price itself, or the sale price it was chosen from."""
    if not isinstance(fact.value, Price):
        return False
    if fact.value.main:
        return True
    return (main is not None and isinstance(main.value, Price)
            and fact.evidence == main.evidence and fact.value.role in mainprice.MAIN_ROLES
            and (fact.value.amount, fact.value.currency) == (main.value.amount,
                                                             main.value.currency))


def _excerpt(text: str, start: int, end: int, width: int = 30) -> str:
    left = max(0, start - width)
    right = min(len(text), end + width)
    snippet = " ".join(text[left:right].replace(BOUNDARY, " ").split())
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")


def _text_facts(text: str, flow: Flow | None, snap: Snapshot, currency: str, locale: str
                ) -> Iterator[Candidate]:
    scan = Scan(text, []) if flow is None else flow.scan()

    def wording(start: int, end: int) -> PriceRole:
        return wording_role(text, *scan.span(start, end))

    installments = find_installments(scan.text, currency, locale=locale)
    free_shipping = find_free_shipping(scan.text, currency, locale=locale)
    deadlines, returns = find_days(scan.text, locale=locale)
    offers = [*find_payment_discounts(scan.text, locale=locale),
              *find_promotion_windows(scan.text, locale=locale,
                                      read_on=read_date(snap.retrieved_at)),
              *find_availability(scan.text, locale=locale),
              *find_store_services(scan.text, locale=locale)]
    prices = price_hits(scan.text, currency, installments, free_shipping, wording=wording)
    if flow is not None:
        taken = [(h.start, h.end) for h in [*prices, *installments, *free_shipping]]
        prices += marked_amounts(flow, taken, currency, scan)
    hits = [replace(h, start=a, end=b) for h in [*prices, *installments, *deadlines, *returns,
                                                    *free_shipping, *offers]
            for a, b in [scan.span(h.start, h.end)]]
    line, counted = 1, 0  # hits come in order: lines are counted once, not from the start
    for hit in sorted(hits, key=lambda h: h.start):
        check()
        value: Value = hit.value
        context = Context()
        element = None
        if flow is not None:
            context = flow.context(hit.start)
            element = flow.element_at(hit.start)
            where = css_path(element)
        else:
            line, counted = line + text.count("\n", counted, hit.start), hit.start
            where = f"line {line}"
        if context.review:
            continue
        if isinstance(value, Price):
            if value.role == "installment" or value.role == "threshold":
                continue
            if context.related:
                value = replace(value, role="related")
            elif context.chrome:
                value = replace(value, role="site_wide")
            elif context.struck and value.role in mainprice.MAIN_ROLES:
                value = replace(value, role="list")
            elif context.net and value.role in mainprice.MAIN_ROLES:
                value = replace(value, role="net")
            elif context.shipping and value.role in mainprice.MAIN_ROLES:
                value = replace(value, role="shipping")
        elif context.related or (context.chrome and isinstance(value, Installment)) or (
                isinstance(value, Availability) and (context.chrome or in_picker(element))):
            continue
        evidence = Evidence(_excerpt(text, hit.start, hit.end), where, snap.location, snap.id)
        yield Candidate(Fact(value, evidence), hit.start, hit.end, element, context)


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


_KIND_OF_LOCATOR = {
    "price": "price", "list_price": "price", "installments": "installment",
    "deadline": "deadline", "return_window": "return_window", "free_shipping": "free_shipping",
}


def _apply_locators(
    locators: Locators, doc: Document, result: Extraction, facts: list[Fact], options: Options
) -> list[Fact]:
    for name in type(locators).model_fields:
        locator = getattr(locators, name)
        if locator is None:
            continue
        found = loc.run(locator, doc, result.text)
        if not found:
            result.broken[name] = f"{locator.kind} {locator.expression}"
            continue
        if name == "wording":
            result.wording = " ".join(str(f.value) for f in found)
            continue
        ends = _range_ends(str(found[0].value), options.currency) if name == "price" else []
        if ends:
            evidence = Evidence(str(found[0].value)[:160], found[0].where, doc.snapshot.location,
                                doc.snapshot.id)
            facts = [f for f in facts if not _replaced_by(name, f)] + [
                Fact(Price(h.amount, h.currency, "sale", main=True, confidence=0.5), evidence)
                for h in ends]
            continue
        parsed = [_from_locator(name, f, doc.snapshot, options) for f in found]
        values = [f for f in parsed if f is not None]
        if not values:
            result.broken[name] = f"{locator.kind} {locator.expression} (no readable value)"
            continue
        facts = [f for f in facts if not _replaced_by(name, f)] + values[:1]
    return facts


def _replaced_by(name: str, fact: Fact) -> bool:
    if name == "price":
        return isinstance(fact.value, Price) and fact.value.role in mainprice.MAIN_ROLES
    if name == "list_price":
        return isinstance(fact.value, Price) and fact.value.role == "list"
    return fact.kind == _KIND_OF_LOCATOR[name]


def _from_locator(name: str, found: loc.Found, snap: Snapshot, options: Options
                  ) -> Fact | None:
    currency = options.currency
    raw = found.value
    text = str(raw)
    evidence = Evidence(text[:160], found.where, snap.location, snap.id)
    value: Value | None = None
    number = raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None
    whole = _whole(number)
    if name in ("price", "list_price", "free_shipping"):
        money = _located_amount(number, text, currency)
        if money is not None:
            amount, code = money
            value = (FreeShipping(amount, code) if name == "free_shipping" else
                     Price(amount, code, "sale" if name == "price" else "list",
                           main=name == "price", confidence=1.0 if name == "price" else 0.0))
    elif name == "installments":
        plans = find_installments(text, currency, locale=options.locale)
        if plans:
            value = plans[0].value
        elif whole is not None:
            value = Installment(whole, None, currency, None)
    elif number is not None:
        value = None if whole is None else (
            Deadline(None, whole, None) if name == "deadline" else ReturnWindow(whole))
    else:
        value = _days_from_text(name, text, options.locale)
    return Fact(value, evidence) if value is not None else None


_RANGE_DASH = re.compile(r"^\s*(?:[-–—]|to|a|até|bis|à)\s*$", re.IGNORECASE)


def _range_ends(text: str, currency: str) -> list[MoneyHit]:
    """The two ends of a price range a price locator selected ("€10 – €20"): the price
    depends on an option, so neither is the main price for sure."""
    hits = find_money(text, currency)
    if len(hits) == 2 and hits[0].amount != hits[1].amount \
            and _RANGE_DASH.match(text[hits[0].end:hits[1].start]):
        return hits
    return []


def _whole(number: float | None) -> int | None:
    """A count of days or installments a locator selected as a JSON number: a whole number
    from 1 to 10,000 (NaN, infinite, negative, fractional and absurd counts are none)."""
    if number is None or not math.isfinite(number) or not 1 <= number <= 10_000 \
            or number != int(number):
        return None
    return int(number)


def _located_amount(number: float | None, text: str, currency: str
                    ) -> tuple[Decimal, str] | None:
    """The amount a locator selected: a JSON number, or a number written for machines
    (``money.amount``), is that amount when it can be a price; a text is read as a price
    field first ("Price: $18.50", "Was €40 Now €32.50", "25 KM"), else the first amount in
    it."""
    machine = number if number is not None else machine_number(text)
    if machine is not None:
        amount = price_amount(machine)
        return None if amount is None else (amount, currency)
    field = parse_price(text, currency, labelled=True)
    if field is not None and field[0] > 0:
        return field[0], field[1] or currency
    hit = parse_amount(text, currency)
    return None if hit is None else (hit.amount, hit.currency)


def _days_from_text(name: str, text: str, locale: str) -> Value | None:
    deadlines, returns = find_days(text, locale=locale)
    hits = deadlines if name == "deadline" else returns
    if hits:
        return hits[0].value
    match = re.search(r"\d+", text)
    if match is None:
        return None
    days = int(Decimal(match.group(0)))
    return Deadline(None, days, None) if name == "deadline" else ReturnWindow(days)
