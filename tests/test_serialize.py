"""One fact serialiser for `cohesion extract --format json` and the extraction cache: exact
amounts, every kind read back as written, extractions unchanged through the cache."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from cohesion_cli import engine
from cohesion_cli.domain import (
    Answer,
    Deadline,
    Evidence,
    Fact,
    FreeShipping,
    Installment,
    Price,
    ResponseTime,
    ReturnWindow,
    Snapshot,
)
from cohesion_cli.extract.reader import extract
from cohesion_cli.extract.result import Extraction, Options
from cohesion_cli.extract.serialize import (
    amount_text,
    extraction_dict,
    extractions_from_json,
    extractions_to_json,
    fact_dict,
    fact_from_dict,
)

EV = Evidence("R$ 899,00", "div.price", "site/p.html", "abc123")

FACTS = [
    Fact(Price(Decimal("899.00"), "BRL", "sale", True, 0.93), EV),
    Fact(Price(Decimal("0.299"), "USD", "unit", False, None), EV),
    Fact(Installment(12, Decimal("74.92"), "BRL", True), EV),
    Fact(Installment(3, None, "BRL", None), EV),
    Fact(Deadline(3, 7, True), EV),
    Fact(Deadline(None, 10, None), EV),
    Fact(ReturnWindow(7, True), EV),
    Fact(FreeShipping(Decimal("299"), "BRL"), EV),
    Fact(FreeShipping(None, None), EV),
    Fact(ResponseTime(12.5, "2026-01-05 10:00"), EV),
    Fact(ResponseTime(None, "2026-01-05 11:00"), EV),
    Fact(ResponseTime(3.0, "05/01/2026 10:00", "2026-01-05T10:00:00",
                      (Answer("2026-01-05T10:00:02", "Olá! Que bom ter você aqui"),
                       Answer("2026-01-05T10:03:00", "Oi, Ana!")), True), EV),
]

PAGE = b"""<html><body><h1>Fone</h1><p class="old-price">De R$ 999,00</p>
<div class="product-price">R$ 899,00</div><p>ou 10x de R$ 89,90 sem juros</p>
<p>Receba em 3 a 7 dias \xc3\xbateis</p><div class="related">Cabo R$ 29,90</div></body></html>"""


@pytest.mark.parametrize(("amount", "text"), [
    ("899", "899.00"), ("899.9", "899.90"), ("899.90", "899.90"), ("899.900", "899.90"),
    ("0.299", "0.299"), ("0.2990", "0.299"), ("1E+3", "1000.00"), ("-5", "-5.00"),
    ("0", "0.00"), ("1234567.891234", "1234567.891234"),
])
def test_amounts_keep_every_digit_and_at_least_two_decimals(amount: str, text: str) -> None:
    assert amount_text(Decimal(amount)) == text
    assert Decimal(text) == Decimal(amount)


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: f.kind)
def test_every_kind_reads_back_as_written(fact: Fact) -> None:
    written = json.loads(json.dumps(fact_dict(fact)))
    assert fact_from_dict(written) == fact


def test_the_extract_contract_keys() -> None:
    price, _, plan, _, deadline, _, window, *_ = (fact_dict(f) for f in FACTS)
    assert price == {"kind": "price", "amount": "899.00", "currency": "BRL", "main": True,
                     "role": "sale", "confidence": 0.93,
                     "evidence": {"excerpt": "R$ 899,00", "locator": "div.price",
                                  "source": "site/p.html", "snapshot": "abc123"}}
    assert plan | {"count": 12, "amount": "74.92", "total": "899.04", "currency": "BRL",
                   "interest_free": True} == plan
    assert deadline | {"min_days": 3, "max_days": 7, "business_days": True} == deadline
    assert window["days"] == 7


def test_an_exact_amount_is_not_rounded() -> None:
    written = fact_dict(FACTS[1])
    assert written["amount"] == "0.299"
    assert fact_from_dict(written).value == FACTS[1].value


@pytest.mark.parametrize("broken", [
    {"kind": "colour"},
    {"kind": "price", "amount": "abc", "currency": "BRL", "role": "sale", "main": True,
     "confidence": None, "evidence": {}},
])
def test_data_it_did_not_write_is_refused_with_value_error(broken: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        fact_from_dict(broken)


def test_an_extraction_comes_back_from_the_cache_as_it_was_read() -> None:
    snapshot = Snapshot("site", "site/p.html", "product", "F-1", "2026-01-05T10:00:00+00:00",
                        body=PAGE, content_type="text/html")
    read = extract(snapshot, Options(sku="F-1"))
    assert read.facts and read.main_price is not None
    stored = json.loads(json.dumps(extractions_to_json([read]), ensure_ascii=False))
    assert extractions_from_json(stored, snapshot) == [
        replace(read, snapshot=snapshot.without_body())]
    assert extraction_dict(read)["sha256"] == snapshot.digest


def test_compact_leaves_the_extraction_unchanged() -> None:
    snapshot = Snapshot("site", "p.html", "product", None, "t", body=b"<p>R$ 1</p>")
    related = Fact(Price(Decimal("29.90"), "BRL", "related"), EV)
    extraction = Extraction(snapshot, [FACTS[0], related], text="Fone R$ 899,00")
    compact = extraction.compact(keep_text=False)
    assert (compact.snapshot.body, compact.facts, compact.text) == (b"", [FACTS[0]], "")
    assert compact.snapshot.digest == snapshot.digest
    assert (extraction.snapshot, extraction.facts, extraction.text) == (
        snapshot, [FACTS[0], related], "Fone R$ 899,00")
    assert extraction.compact(keep_text=True).text == "Fone R$ 899,00"


def test_options_are_given_by_name() -> None:
    with pytest.raises(TypeError):
        Options("BRL", "pt-BR")  # type: ignore[call-arg]


def test_a_check_from_the_cache_equals_a_fresh_one(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    write("site/p.html", PAGE.decode("utf-8"))
    rulebook = write("cohesion.yaml", """\
brand: Aurora
catalog:
  products: [{sku: F-1, name: Fone, slug: p, price: 849.90}]
channels:
  - {id: site, kind: file, location: site/, product_page: "{slug}.html",
     facts: [price]}
""")

    def run() -> dict[str, Any]:
        result = cli("check", str(rulebook), "--format", "json", "--no-history",
                     "--cache-dir", str(tmp_path / "cache"))
        data: dict[str, Any] = json.loads(result.output)
        return {key: data[key] for key in ("findings", "results", "summary")}

    fresh = run()
    [entry] = (tmp_path / "cache" / "extract").iterdir()
    stored = json.loads(entry.read_bytes().split(b"\n", 1)[1])  # after the entry's sha256
    [cached] = extractions_from_json(stored, Snapshot("site", "site/p.html", "product", "F-1", "t"))
    main = cached.main_price.value if cached.main_price else None
    assert isinstance(main, Price) and (main.amount, main.main) == (Decimal("899.00"), True)
    assert fresh["findings"] and run() == fresh


def test_the_extractor_source_is_part_of_the_cache_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two builds of one version that read bytes differently never share cached
    extractions: the key holds a digest of the extractor's source."""
    module = tmp_path / "extract" / "reader.py"
    module.parent.mkdir()
    module.write_text("A = 1\n")
    monkeypatch.setattr(engine, "__file__", str(tmp_path / "engine.py"))
    engine.extractor_digest.cache_clear()
    before = engine.extractor_digest()
    module.write_text("A = 2\n")
    engine.extractor_digest.cache_clear()
    try:
        assert engine.extractor_digest() != before
    finally:
        engine.extractor_digest.cache_clear()


def test_a_response_time_with_a_broken_time_is_refused() -> None:
    fact = fact_dict(FACTS[-1])
    fact["answers"][0]["at"] = "yesterday"
    with pytest.raises(ValueError, match="yesterday"):
        fact_from_dict(fact)
