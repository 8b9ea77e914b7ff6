"""Every labelled string in tests/corpus/strings.yaml is read exactly as labelled.

The label is the complete list of facts in the string; a price labelled ``unknown``
(the wording does not say which price it is) may come back as ``sale``, the role the
reader gives the only price of a text.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from cohesion_cli.domain import Snapshot
from cohesion_cli.extract.reader import extract
from cohesion_cli.extract.result import Options
from cohesion_cli.extract.serialize import fact_dict

CORPUS = Path(__file__).parent / "corpus" / "strings.yaml"
ITEMS: list[dict[str, Any]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))

Key = tuple[Any, ...]


def key(fact: dict[str, Any]) -> Key:
    kind = fact["kind"]
    if kind == "price":
        role = "unknown" if fact.get("role") in ("sale", "unknown", None) else fact["role"]
        return (kind, fact["amount"], fact["currency"], role)
    if kind == "installment":
        return (kind, fact["count"], fact.get("amount"), fact.get("interest_free"))
    if kind == "deadline":
        return (kind, fact.get("min_days"), fact["max_days"], fact.get("business_days"))
    if kind == "return_window":
        return (kind, fact["days"])
    if kind == "payment_discount":
        return (kind, fact["method"], fact["percent"])
    if kind == "promotion_window":  # a year left unsaid depends on the day read: not compared
        def day(iso: str | None) -> str | None:
            return iso if iso is None or fact["year_stated"] else iso[5:]
        return (kind, day(fact["start"]), day(fact["end"]), fact["year_stated"])
    if kind == "availability":
        return (kind, fact["status"])
    if kind == "store_service":
        return (kind, fact["service"], fact["offered"])
    return (kind, fact["threshold"], fact["currency"])


def read(item: dict[str, Any]) -> Counter[Key]:
    snap = Snapshot("corpus", item["id"], "product", None, "t",
                    body=item["text"].encode("utf-8"), content_type="text/plain")
    result = extract(snap, Options(currency=item.get("currency", "BRL"),
                                   locale=item.get("locale", "pt-BR")))
    return Counter(key(fact_dict(f)) for f in result.facts)


def labelled(item: dict[str, Any]) -> Counter[Key]:
    facts = []
    for fact in item.get("expect") or []:
        fact = dict(fact)
        if fact["kind"] == "price" and fact.get("role") == "sale":
            fact["role"] = "unknown"
        facts.append(fact)
    return Counter(key(f) for f in facts)


def test_corpus_is_large_enough() -> None:
    assert len(ITEMS) >= 150
    assert {i["locale"] for i in ITEMS} == {"pt-BR", "en-US", "pt-PT", "es-ES", "es-AR", "es-MX"}
    assert len({i["id"] for i in ITEMS}) == len(ITEMS), "ids are unique"


@pytest.mark.parametrize("item", ITEMS, ids=[i["id"] for i in ITEMS])
def test_string_is_read_as_labelled(item: dict[str, Any]) -> None:
    assert read(item) == labelled(item), item["text"]
