"""Extractions in the on-disk cache: they read back as written, and a cache entry with a role
cohesion does not know is refused (the document is then extracted again)."""

from __future__ import annotations

from decimal import Decimal
from typing import get_args

import pytest

from cohesion_cli.domain import (
    DocumentRole,
    Evidence,
    Fact,
    Price,
    PriceRole,
    Snapshot,
    is_document_role,
    is_price_role,
)
from cohesion_cli.extract.result import Extraction
from cohesion_cli.extract.serialize import extractions_from_json, extractions_to_json

SNAP = Snapshot("loja", "https://loja.example/p/1", "product", "SKU1", "2026-01-01T00:00:00Z",
                body=b"<html>R$ 899,00</html>", status=200, content_type="text/html")


def _price(amount: str, role: PriceRole, main: bool = False) -> Fact:
    return Fact(Price(Decimal(amount), "BRL", role, main, 0.9 if main else None),
                Evidence(f"R$ {amount}", "span.price", SNAP.location, SNAP.id))


def test_extractions_read_back_as_written() -> None:
    main = _price("899.00", "sale", main=True)
    facts = [main, _price("1099.00", "list"), _price("854.05", "pix")]
    extraction = Extraction(SNAP, facts, main, candidates=[main], broken={"wording": "css .x"},
                            text="text")
    (back,) = extractions_from_json(extractions_to_json([extraction]), SNAP)
    assert back.facts == facts
    assert back.main_price == main
    assert back.candidates == [main]
    assert back.snapshot == SNAP.without_body()


@pytest.mark.parametrize("field, value", [("price", "bogus"), ("price", 3),
                                          ("document", "catalog"), ("document", None)])
def test_an_unknown_role_is_refused(field: str, value: object) -> None:
    main = _price("899.00", "sale", main=True)
    stored = extractions_to_json([Extraction(SNAP, [main], main)])
    if field == "price":
        stored[0]["facts"][0]["role"] = value
    else:
        stored[0]["role"] = value
    with pytest.raises(ValueError, match="role"):
        extractions_from_json(stored, SNAP)


def test_role_guards_accept_exactly_the_roles() -> None:
    assert all(is_price_role(role) for role in get_args(PriceRole))
    assert all(is_document_role(role) for role in get_args(DocumentRole))
    for other in ("", "Sale", "product", ["sale"], None):
        assert not is_price_role(other)
    for other in ("", "sale", "Product", ("policy",), None):
        assert not is_document_role(other)
