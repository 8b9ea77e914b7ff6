"""Product rules run while documents arrive (``checks/stream.py``) and give exactly the
results of running every rule over every document at the end; a checked product's
documents are forgotten."""

from __future__ import annotations

import inspect
import pickle
import sys
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from test_checks import doc, main_price, rulebook, run

from cohesion_cli.checks import RULES, grader, spill
from cohesion_cli.checks.context import ChannelData
from cohesion_cli.checks.stream import Checker, product_major
from cohesion_cli.domain import (
    Deadline,
    Installment,
    Outcome,
    Price,
    Result,
    ReturnWindow,
    Severity,
)
from cohesion_cli.extract.result import Extraction
from cohesion_cli.rulebook.models import Rulebook
from cohesion_cli.rulebook.products import Products


def _book() -> Rulebook:
    products = [
        {"sku": "A1", "name": "Tênis", "price": "399.90", "list_price": "499.90",
         "installments": {"count": 10, "interest_free": True}},
        {"sku": "B2", "name": "Bota"},  # no catalog price: channels compared with each other
        {"sku": "C3", "name": "Sandália", "price": "99.90"},
    ]
    return rulebook(catalog={"products": products},
                    policies={"delivery": {"max_days": 5}, "returns": {"days": 30}})


def _docs() -> list[Extraction]:
    """Documents in product-major order: the ones about no product first."""
    return [
        doc("zap", Deadline(None, 7, True), ReturnWindow(30), sku=None),
        doc("loja", main_price("399.90"), Price(Decimal("499.90"), "BRL", "list"),
            Installment(10, Decimal("39.99"), "BRL", True), Deadline(None, 5, True), sku="A1"),
        doc("app", main_price("389.90"), Installment(12, Decimal("35.00"), "BRL", False), sku="A1"),
        doc("zap", error="HTTP 404", sku="A1"),
        doc("loja", main_price("259.90"), sku="B2"),
        doc("app", main_price("259.90"), sku="B2"),
        doc("zap", main_price("279.90"), sku="B2"),
        doc("loja", candidates=(main_price("99.90"), main_price("89.90")), sku="C3"),
        doc("app", main_price("99.90"), ReturnWindow(15), sku="C3"),
        doc("app", main_price("1.00"), sku="Z9"),  # a product the catalog does not have
    ]


def _streamed(book: Rulebook, docs: list[Extraction], checked_after: list[int]
              ) -> tuple[Checker, list[ChannelData]]:
    judge = grader(book.severity)
    channels = [ChannelData(c, grader=judge) for c in book.channels]
    checker = Checker(book, list(book.catalog.products), channels)
    for extraction, ready in zip(docs, checked_after, strict=True):
        checker.add(extraction)
        checker.complete(ready)
    return checker, channels


def test_streamed_results_equal_checking_everything_at_the_end() -> None:
    book, docs = _book(), _docs()
    checker, _ = _streamed(book, docs, [0, 0, 0, 1, 1, 1, 2, 2, 3, 3])
    assert list(checker.results()) == run(book, *docs)


def test_results_are_the_same_when_every_product_is_checked_at_the_end() -> None:
    book, docs = _book(), _docs()
    checker, _ = _streamed(book, docs, [0] * len(docs))
    assert list(checker.results()) == run(book, *docs)


def test_a_checked_product_leaves_only_what_store_rules_read() -> None:
    book, docs = _book(), _docs()
    checker, channels = _streamed(book, docs, [0, 0, 0, 1, 1, 1, 2, 2, 3, 3])
    kept = [e for data in channels for e in data.extractions if e.snapshot.product]
    assert all(e.main_price is None and not e.candidates for e in kept)
    assert not any(isinstance(f.value, (Price, Installment)) for e in kept for f in e.facts)
    assert ReturnWindow(15) in {f.value for e in kept for f in e.facts}
    assert [e.error for e in kept if e.error] == ["HTTP 404"]  # the read rule reports it
    checker.results()


def test_every_rule_reading_product_documents_runs_per_product() -> None:
    """A rule that reads through ``product_docs`` declares ``scope="product"``; the others
    run at the end over every document."""
    for rule in RULES.values():
        source = inspect.getsource(sys.modules[rule.check.__module__])
        assert ("product_docs(" in source) == (rule.scope == "product"), rule.id


def test_documents_are_read_product_major() -> None:
    products = Products(_book().catalog.products)
    about: list[str | None] = ["C3", "A1", None, "C3", "A1", None, "Z9"]
    order = product_major(about, products)
    assert [about[i] for i in order] == [None, None, "A1", "A1", "C3", "C3", "Z9"]
    assert order == [2, 5, 1, 4, 0, 3, 6]  # stable: each group keeps the planned order


def test_results_written_to_disk_come_back_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """With results logs that keep two in memory, most go through the temporary file."""
    monkeypatch.setattr(spill, "KEEP", 2)
    book, docs = _book(), _docs()
    checker, _ = _streamed(book, docs, [0, 0, 0, 1, 1, 1, 2, 2, 3, 3])
    results = checker.results()
    assert any(log._batches for log in checker._found.values())  # it did spill
    assert list(results) == run(book, *docs)
    assert list(results) == list(results)  # read again, same order
    assert len(results) == len(run(book, *docs))


def test_a_result_log_keeps_order_across_memory_and_disk() -> None:
    made = [Result(rule="price", channel="loja", subject=f"P{i}", outcome=Outcome.OK,
                   severity=Severity.INFO) for i in range(11)]
    log = spill.ResultLog(made[:7], keep=3)
    assert len(log._memory) == 1 and len(log._batches) == 2
    seen = []
    for result in log:  # appending while reading: what was there is read, in order
        seen.append(result)
        if len(seen) == 1:
            log.extend(made[7:])
    assert len(seen) >= 7 and seen == made[:len(seen)]
    assert list(log) == made and len(log) == 11 and bool(log)
    assert made[5] in log and replace(made[5], subject="X") not in log
    assert pickle.loads(pickle.dumps(log)) == made  # another process gets a list
    assert list(spill.ResultLog()) == [] and not spill.ResultLog()


def test_a_result_log_is_written_and_read_back_a_chunk_at_a_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spill, "CHUNK", 4)
    made = [Result(rule="price", channel="loja", subject=f"P{i}", outcome=Outcome.OK,
                   severity=Severity.INFO) for i in range(23)]
    log = spill.ResultLog(made, keep=10)  # two spills of 10: chunks of 4, 4 and 2 each
    loaded: list[int] = []
    real_load = pickle.load

    def load(file: Any) -> Any:
        chunk = real_load(file)
        loaded.append(len(chunk))
        return chunk

    monkeypatch.setattr(spill.pickle, "load", load)
    assert list(log) == made
    assert loaded == [4, 4, 2, 4, 4, 2]


def test_results_chain_parts_with_replacements() -> None:
    made = [Result(rule="price", channel="loja", subject=f"P{i}", outcome=Outcome.OK,
                   severity=Severity.INFO) for i in range(5)]
    changed = replace(made[3], outcome=Outcome.DIVERGENT)
    chained = spill.Results([made[:2], spill.ResultLog(made[2:], keep=1)], {3: changed})
    assert list(chained) == [*made[:3], changed, made[4]]
    assert len(chained) == 5 and changed in chained and made[3] not in chained
