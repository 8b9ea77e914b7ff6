"""Extractions as plain JSON and back, for the on-disk cache that makes re-runs over
unchanged documents fast (no pickle: a cache folder must never be able to run code).
Reading back raises KeyError, TypeError or ValueError on anything malformed, such as an
unknown role: the caller then extracts the document again."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from cohesion_cli.domain import (
    Deadline,
    DocumentRole,
    Evidence,
    Fact,
    FreeShipping,
    Installment,
    Price,
    PriceRole,
    ResponseTime,
    ReturnWindow,
    Snapshot,
    Value,
    is_document_role,
    is_price_role,
)
from cohesion_cli.extract.result import Extraction


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _price_role(value: object) -> PriceRole:
    if not is_price_role(value):
        raise ValueError(f"not a price role: {value!r}")
    return value


def _document_role(value: object) -> DocumentRole:
    if not is_document_role(value):
        raise ValueError(f"not a document role: {value!r}")
    return value


def fact_to_json(fact: Fact) -> dict[str, Any]:
    v = fact.value
    ev = fact.evidence
    body: dict[str, Any] = {"ev": [ev.excerpt, ev.locator, ev.source, ev.snapshot]}
    if isinstance(v, Price):
        body |= {"k": "p", "a": str(v.amount), "c": v.currency, "r": v.role, "m": v.main,
                 "cf": v.confidence}
    elif isinstance(v, Installment):
        body |= {"k": "i", "n": v.count, "a": None if v.amount is None else str(v.amount),
                 "c": v.currency, "f": v.interest_free}
    elif isinstance(v, Deadline):
        body |= {"k": "d", "lo": v.min_days, "hi": v.max_days, "b": v.business_days}
    elif isinstance(v, ReturnWindow):
        body |= {"k": "r", "n": v.days, "w": v.withdrawal}
    elif isinstance(v, FreeShipping):
        body |= {"k": "f", "a": None if v.threshold is None else str(v.threshold),
                 "c": v.currency}
    else:
        body |= {"k": "t", "n": v.minutes, "at": v.asked_at}
    return body


def fact_from_json(data: dict[str, Any]) -> Fact:
    kind = data["k"]
    value: Value
    if kind == "p":
        value = Price(Decimal(data["a"]), data["c"], _price_role(data["r"]), data["m"],
                      data.get("cf"))
    elif kind == "i":
        value = Installment(data["n"], _dec(data["a"]), data["c"], data["f"])
    elif kind == "d":
        value = Deadline(data["lo"], data["hi"], data["b"])
    elif kind == "r":
        value = ReturnWindow(data["n"], data["w"])
    elif kind == "f":
        value = FreeShipping(_dec(data["a"]), data["c"])
    else:
        value = ResponseTime(data["n"], data["at"])
    return Fact(value, Evidence(*data["ev"]))


def extractions_to_json(extractions: list[Extraction]) -> list[dict[str, Any]]:
    return [{
        "product": e.snapshot.product, "role": e.snapshot.role,
        "facts": [fact_to_json(f) for f in e.facts],
        "main": None if e.main_price is None else fact_to_json(e.main_price),
        "candidates": [fact_to_json(f) for f in e.candidates],
        "broken": e.broken, "text": e.text, "wording": e.wording, "error": e.snapshot.error,
    } for e in extractions]


def extractions_from_json(data: list[dict[str, Any]], snapshot: Snapshot) -> list[Extraction]:
    out = []
    for item in data:
        snap = replace(snapshot, role=_document_role(item["role"]), product=item["product"],
                       body=b"", error=item["error"])
        out.append(Extraction(
            snap, [fact_from_json(f) for f in item["facts"]],
            None if item["main"] is None else fact_from_json(item["main"]),
            [fact_from_json(f) for f in item["candidates"]], dict(item["broken"]),
            item["text"], item["wording"]))
    return out
