"""Facts and extractions as plain JSON and back.

One writer and one reader for a fact serve both the ``cohesion extract --format json``
contract and the on-disk extraction cache that makes re-runs over unchanged documents fast
(plain JSON, no pickle: a cache folder must never be able to run code). Amounts are written
exactly, as string decimals with at least two decimals ("899.00", "0.299"); rounding to
cents is for display only.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar, get_args

from cohesion_cli.domain import (
    Answer,
    Attachment,
    Availability,
    Deadline,
    DocumentRole,
    Evidence,
    Fact,
    FreeShipping,
    Installment,
    PaymentDiscount,
    PaymentMethod,
    Price,
    PriceRole,
    PromotionWindow,
    ResponseTime,
    ReturnWindow,
    Snapshot,
    StockStatus,
    StoreService,
    StoreServiceName,
    Value,
    Visit,
    is_document_role,
    is_price_role,
)
from cohesion_cli.extract.result import Extraction

T = TypeVar("T", bound=str)
json_text = json.JSONEncoder(ensure_ascii=False).encode
"""``json.dumps(value, ensure_ascii=False)`` with one encoder, not one made for each call."""
_METHODS, _STOCK, _SERVICES = (get_args(PaymentMethod), get_args(StockStatus),
                               get_args(StoreServiceName))
"""The values a fact's fields may take, read once."""


def amount_text(value: Decimal) -> str:
    """The amount with every digit it has and at least two decimals:
    899 -> "899.00", 899.9 -> "899.90", 899.900 -> "899.90", 0.299 -> "0.299"."""
    whole, _, decimals = f"{value:f}".partition(".")
    return f"{whole}.{decimals.rstrip('0').ljust(2, '0')}"


def _money(value: Decimal | None) -> str | None:
    return None if value is None else amount_text(value)


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not an amount: {text!r}") from None


def _optional_amount(text: str | None) -> Decimal | None:
    return None if text is None else _amount(text)


def fact_dict(fact: Fact) -> dict[str, Any]:
    """The fact as a JSON-ready dict: ``kind``, the value's fields and ``evidence``."""
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
        body |= {"minutes": value.minutes, "asked_at": value.asked_at, "asked": value.asked,
                 "answers": [{"at": a.at, "text": a.text} for a in value.answers],
                 "precise": value.precise}
    elif isinstance(value, FreeShipping):
        body |= {"threshold": _money(value.threshold), "currency": value.currency}
    elif isinstance(value, Visit):
        body |= {"type": value.type, "where": value.where, "who": value.who,
                 "when": value.when, "wait_minutes": value.wait_minutes,
                 "duration_minutes": value.duration_minutes,
                 "answers": dict(value.answers),
                 "attachments": [{"path": a.path, "problem": a.problem}
                                 for a in value.attachments]}
    elif isinstance(value, PaymentDiscount):
        body |= {"method": value.method, "percent": f"{value.percent.normalize():f}"}
    elif isinstance(value, PromotionWindow):
        body |= {"start": value.start.isoformat() if value.start else None,
                 "end": value.end.isoformat(), "year_stated": value.year_stated}
    elif isinstance(value, Availability):
        body |= {"status": value.status, "in_stock": value.in_stock}
    elif isinstance(value, StoreService):
        body |= {"service": value.service, "offered": value.offered}
    ev = fact.evidence
    body["evidence"] = {"excerpt": ev.excerpt, "locator": ev.locator, "source": ev.source,
                        "snapshot": ev.snapshot}
    return body


def _price_role(value: object) -> PriceRole:
    if not is_price_role(value):
        raise ValueError(f"not a price role: {value!r}")
    return value


def _choice(value: object, allowed: tuple[T, ...]) -> T:
    for choice in allowed:
        if value == choice:
            return choice
    raise ValueError(f"not one of {', '.join(map(str, allowed))}: {value!r}")


def _document_role(value: object) -> DocumentRole:
    if not is_document_role(value):
        raise ValueError(f"not a document role: {value!r}")
    return value


def fact_from_dict(data: dict[str, Any]) -> Fact:
    """The fact ``fact_dict`` wrote (an installment's ``total`` is derived, not read).
    Raises KeyError, TypeError or ValueError on data it did not write."""
    kind = data["kind"]
    value: Value
    if kind == "price":
        value = Price(_amount(data["amount"]), data["currency"], _price_role(data["role"]),
                      data["main"], data["confidence"])
    elif kind == "installment":
        value = Installment(data["count"], _optional_amount(data["amount"]), data["currency"],
                            data["interest_free"])
    elif kind == "deadline":
        value = Deadline(data["min_days"], data["max_days"], data["business_days"])
    elif kind == "return_window":
        value = ReturnWindow(data["days"], data["withdrawal"])
    elif kind == "response_time":
        value = ResponseTime(data["minutes"], data["asked_at"], _moment(data.get("asked", "")),
                             tuple(Answer(_moment(a["at"]), str(a["text"]))
                                   for a in data.get("answers", ())),
                             bool(data.get("precise", False)))
    elif kind == "free_shipping":
        value = FreeShipping(_optional_amount(data["threshold"]), data["currency"])
    elif kind == "visit":
        value = Visit(data["type"], data["where"], data["who"], data["when"],
                      data["wait_minutes"], data["duration_minutes"],
                      tuple((str(k), str(v)) for k, v in data["answers"].items()),
                      tuple(Attachment(a["path"], a["problem"]) for a in data["attachments"]))
    elif kind == "payment_discount":
        value = PaymentDiscount(_choice(data["method"], _METHODS),
                                _amount(data["percent"]))
    elif kind == "promotion_window":
        start = data["start"]
        value = PromotionWindow(date.fromisoformat(data["end"]),
                                None if start is None else date.fromisoformat(start),
                                bool(data["year_stated"]))
    elif kind == "availability":
        value = Availability(_choice(data["status"], _STOCK))
    elif kind == "store_service":
        value = StoreService(_choice(data["service"], _SERVICES),
                             bool(data["offered"]))
    else:
        raise ValueError(f"unknown fact kind: {kind!r}")
    ev = data["evidence"]
    return Fact(value, Evidence(ev["excerpt"], ev["locator"], ev["source"], ev["snapshot"]))


def _moment(value: object) -> str:
    """An ISO 8601 time as written ("" for none); ValueError when it is not one."""
    if value == "":
        return ""
    if not isinstance(value, str):
        raise ValueError(f"not a time: {value!r}")
    datetime.fromisoformat(value)
    return value


def extraction_dict(extraction: Extraction) -> dict[str, Any]:
    """What ``cohesion extract --format json`` prints for one document."""
    snap = extraction.snapshot
    return {
        "source": snap.location,
        "sha256": snap.digest,
        "retrieved_at": snap.retrieved_at,
        "status": snap.status,
        "content_type": snap.content_type,
        "facts": [fact_dict(f) for f in extraction.facts],
        "main_price": fact_dict(extraction.main_price) if extraction.main_price else None,
        "ambiguous_candidates": [fact_dict(f) for f in extraction.candidates],
        "broken_locators": extraction.broken,
    }


def extractions_to_json(extractions: list[Extraction]) -> list[dict[str, Any]]:
    """Extractions as stored in the cache (the snapshot's bytes and metadata are not)."""
    return [{
        "product": e.snapshot.product, "role": e.snapshot.role,
        "facts": [fact_dict(f) for f in e.facts],
        "main": None if e.main_price is None else fact_dict(e.main_price),
        "candidates": [fact_dict(f) for f in e.candidates],
        "broken": e.broken, "text": e.text, "wording": e.wording, "error": e.snapshot.error,
    } for e in extractions]


def extractions_bytes(extractions: list[Extraction]) -> bytes:
    """``extractions_to_json`` as UTF-8 JSON: as the cache stores them, and as a worker
    process sends them."""
    return json_text(extractions_to_json(extractions)).encode("utf-8")


def extractions_from_json(data: list[dict[str, Any]], snapshot: Snapshot) -> list[Extraction]:
    """The extractions ``extractions_to_json`` stored for the document ``snapshot`` holds."""
    out = []
    for item in data:
        snap = replace(snapshot, body=b"", role=_document_role(item["role"]),
                       product=item["product"], error=item["error"])
        out.append(Extraction(
            snap, [fact_from_dict(f) for f in item["facts"]],
            None if item["main"] is None else fact_from_dict(item["main"]),
            [fact_from_dict(f) for f in item["candidates"]], dict(item["broken"]),
            item["text"], item["wording"]))
    return out
