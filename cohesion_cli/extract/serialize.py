"""Facts as JSON-ready dicts (the ``cohesion extract --format json`` contract)."""

from __future__ import annotations

from typing import Any

from cohesion_cli.domain import (
    Deadline,
    Fact,
    FreeShipping,
    Installment,
    Price,
    ResponseTime,
    ReturnWindow,
)
from cohesion_cli.extract.result import Extraction


def _money(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"



def fact_dict(fact: Fact) -> dict[str, Any]:
    value = fact.value
    body: dict[str, Any] = {"kind": fact.kind}
    if isinstance(value, Price):
        body |= {"amount": _money(value.amount), "currency": value.currency, "main": value.main,
                 "role": value.role, "confidence": value.confidence}
    elif isinstance(value, Installment):
        body |= {"count": value.count, "amount": _money(value.amount),
                 "total": _money(value.total), "currency": value.currency,
                 "interest_free": value.interest_free}
    elif isinstance(value, Deadline):
        body |= {"min_days": value.min_days, "max_days": value.max_days,
                 "business_days": value.business_days}
    elif isinstance(value, ReturnWindow):
        body |= {"days": value.days, "withdrawal": value.withdrawal}
    elif isinstance(value, ResponseTime):
        body |= {"minutes": value.minutes, "asked_at": value.asked_at}
    elif isinstance(value, FreeShipping):
        body |= {"threshold": _money(value.threshold), "currency": value.currency}
    ev = fact.evidence
    body["evidence"] = {"excerpt": ev.excerpt, "locator": ev.locator, "source": ev.source,
                        "snapshot": ev.snapshot}
    return body


def extraction_dict(extraction: Extraction) -> dict[str, Any]:
    snap = extraction.snapshot
    return {
        "source": snap.location,
        "sha256": snap.sha256,
        "retrieved_at": snap.retrieved_at,
        "status": snap.status,
        "content_type": snap.content_type,
        "facts": [fact_dict(f) for f in extraction.facts],
        "main_price": fact_dict(extraction.main_price) if extraction.main_price else None,
        "ambiguous_candidates": [fact_dict(f) for f in extraction.candidates],
        "broken_locators": extraction.broken,
    }
