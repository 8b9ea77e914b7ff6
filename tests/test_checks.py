"""Check functions are pure: facts in, results out. Each test builds what channels
published by hand and asserts the outcome."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from cohesion_cli.checks import grader, run_all
from cohesion_cli.checks.context import ChannelData, Context
from cohesion_cli.domain import (
    Deadline,
    Evidence,
    Fact,
    FreeShipping,
    Installment,
    Outcome,
    Price,
    Result,
    ReturnWindow,
    Severity,
    Snapshot,
    Value,
)
from cohesion_cli.extract.result import Extraction
from cohesion_cli.rulebook.models import Channel, Rulebook

EV = Evidence("excerpt", "p", "doc")


def rulebook(**extra: Any) -> Rulebook:
    data: dict[str, Any] = {
        "brand": "Aurora",
        "catalog": {"products": [{"sku": "A1", "name": "Tênis", "price": "399.90",
                                  "installments": {"count": 10, "interest_free": True}}]},
        "channels": [{"id": "loja", "kind": "file", "location": "x", "product_page": "{sku}"},
                     {"id": "app", "kind": "file", "location": "y", "product_page": "{sku}"},
                     {"id": "zap", "kind": "file", "location": "z", "product_page": "{sku}"}],
    }
    data.update(extra)
    return Rulebook.model_validate(data)


def doc(channel: str, *values: Value, sku: str | None = "A1", text: str = "",
        error: str | None = None, candidates: tuple[Value, ...] = ()) -> Extraction:
    snap = Snapshot(channel, f"{channel}/{sku}", "product" if sku else "policy", sku, "t",
                    body=b"x", error=error)
    facts = [Fact(v, EV) for v in values]
    main = next((f for f in facts if isinstance(f.value, Price) and f.value.main), None)
    return Extraction(snap, facts=facts, main_price=main, text=text,
                      candidates=[Fact(v, EV) for v in candidates])


def run(book: Rulebook, *docs: Extraction, only: str | None = None) -> list[Result]:
    judge = grader(book.severity)
    data = {c.id: ChannelData(c, grader=judge) for c in book.channels}
    for d in docs:
        data[d.snapshot.channel].extractions.append(d)
    products = list(book.catalog.products)
    results = run_all(Context(book, products, list(data.values())))
    return [r for r in results if only is None or r.rule == only]


def outcomes(results: list[Result]) -> dict[str, Outcome]:
    return {r.channel: r.outcome for r in results}


def main_price(amount: str, currency: str = "BRL") -> Price:
    return Price(Decimal(amount), currency, "sale", main=True)


def test_price_equal_divergent_and_missing() -> None:
    results = run(rulebook(), doc("loja", main_price("399.90")), doc("app", main_price("429.90")),
                  doc("zap"), only="price")
    assert outcomes(results) == {"loja": Outcome.OK, "app": Outcome.DIVERGENT,
                                 "zap": Outcome.MISSING}
    divergent = next(r for r in results if r.channel == "app")
    assert (divergent.expected, divergent.observed) == ("R$ 399.90", "R$ 429.90")
    assert divergent.severity is Severity.CRITICAL


def test_price_tolerance_absolute_and_percent() -> None:
    absolute = rulebook(severity={"price_tolerance": {"absolute": "0.10"}})
    assert outcomes(run(absolute, doc("loja", main_price("399.99")), only="price")) == {
        "loja": Outcome.OK}
    assert outcomes(run(absolute, doc("loja", main_price("400.01")), only="price")) == {
        "loja": Outcome.DIVERGENT}
    percent = rulebook(severity={"price_tolerance": {"percent": 1}})
    assert outcomes(run(percent, doc("loja", main_price("403.50")), only="price")) == {
        "loja": Outcome.OK}


def test_other_currency_is_divergent() -> None:
    results = run(rulebook(), doc("loja", main_price("399.90", "USD")), only="price")
    assert outcomes(results) == {"loja": Outcome.DIVERGENT}


def test_ambiguous_page_is_unverifiable_with_candidates() -> None:
    results = run(rulebook(), doc("loja", candidates=(main_price("399.90"), main_price("349.90"))),
                  only="price")
    assert outcomes(results) == {"loja": Outcome.UNVERIFIABLE}
    assert "R$ 399.90" in results[0].reason and "R$ 349.90" in results[0].reason


def test_no_catalog_price_compares_channels_with_each_other() -> None:
    book = rulebook(catalog={"products": [{"sku": "A1"}]})
    results = run(book, doc("loja", main_price("99.90")), doc("app", main_price("99.90")),
                  doc("zap", main_price("89.90")), only="price")
    assert outcomes(results) == {"loja": Outcome.OK, "app": Outcome.OK,
                                 "zap": Outcome.DIVERGENT}
    zap = next(r for r in results if r.channel == "zap")
    assert "agreed by app, loja" in zap.expected


def test_cross_channel_tie_flags_both() -> None:
    book = rulebook(catalog={"products": [{"sku": "A1"}]})
    results = run(book, doc("loja", main_price("99.90")), doc("app", main_price("89.90")),
                  only="price")
    assert outcomes(results) == {"loja": Outcome.DIVERGENT, "app": Outcome.DIVERGENT}


def test_list_price_fake_discount_and_mismatch() -> None:
    fake = Price(Decimal("499.90"), "BRL", "list")
    assert outcomes(run(rulebook(), doc("loja", main_price("399.90"), fake), only="list_price")
                    ) == {"loja": Outcome.DIVERGENT}
    book = rulebook(catalog={"products": [{"sku": "A1", "price": 399.9, "list_price": 499.9}]})
    results = run(book, doc("loja", fake), doc("app", Price(Decimal("549.90"), "BRL", "list")),
                  doc("zap"), only="list_price")
    assert outcomes(results) == {"loja": Outcome.OK, "app": Outcome.DIVERGENT,
                                 "zap": Outcome.MISSING}


def test_installments_count_terms_and_hidden_interest() -> None:
    def plan(count: int, amount: str | None, free: bool | None) -> Installment:
        return Installment(count, Decimal(amount) if amount else None, "BRL", free)

    results = run(
        rulebook(),
        doc("loja", main_price("399.90"), plan(10, "39.99", True), plan(3, "133.30", True)),
        doc("app", main_price("399.90"), plan(12, "33.33", True)),
        doc("zap", main_price("399.90"), plan(10, "44.90", True)),
        only="installments",
    )
    assert outcomes(results) == {"loja": Outcome.OK, "app": Outcome.DIVERGENT,
                                 "zap": Outcome.DIVERGENT}
    zap = next(r for r in results if r.channel == "zap")
    assert "= R$ 449.00, not the price R$ 399.90" in zap.reason


def policy_book() -> Rulebook:
    return rulebook(policies={"delivery": {"max_days": 5, "business_days": True},
                              "returns": {"days": 30}, "free_shipping": {"threshold": 299}})


def test_deadline_days_and_kind_of_days() -> None:
    results = run(policy_book(), doc("loja", Deadline(None, 5, True)),
                  doc("app", Deadline(None, 5, False)), doc("zap", Deadline(2, 5, None)),
                  only="deadline")
    assert outcomes(results) == {"loja": Outcome.OK, "app": Outcome.DIVERGENT,
                                 "zap": Outcome.OK}
    assert results[0].subject == "policy:delivery"


def test_policy_value_anywhere_in_channel_counts() -> None:
    results = run(policy_book(), doc("loja", ReturnWindow(30)),
                  doc("loja", ReturnWindow(15), sku=None), doc("app", ReturnWindow(30)),
                  only="return_window")
    loja = next(r for r in results if r.channel == "loja")
    assert loja.outcome is Outcome.DIVERGENT
    assert loja.observed == "30 days; 15 days"
    assert outcomes(results)["app"] is Outcome.OK
    assert "zap" not in outcomes(results), "a channel with no readable document is not judged"


def test_missing_policy_statement() -> None:
    results = run(policy_book(), doc("loja", FreeShipping(Decimal("199"), "BRL")),
                  doc("app", FreeShipping(Decimal("299.00"), "BRL")), doc("zap"),
                  only="free_shipping")
    assert outcomes(results) == {"loja": Outcome.DIVERGENT, "app": Outcome.OK,
                                 "zap": Outcome.MISSING}


def test_channel_facts_limit_what_is_expected() -> None:
    book = policy_book().model_copy(update={"channels": [
        Channel(id="loja", kind="file", location="x", product_page="{sku}",
                facts=["price"])]})
    assert run(book, doc("loja", main_price("399.90")), only="return_window") == []


def test_unreadable_document_is_one_unverifiable_result() -> None:
    results = run(policy_book(), doc("loja", error="HTTP 404 Not Found"),
                  doc("app", main_price("399.90")))
    unverifiable = [r for r in results if r.outcome is Outcome.UNVERIFIABLE]
    assert [(r.rule, r.channel, r.reason) for r in unverifiable] == [
        ("read", "loja", "HTTP 404 Not Found")]
    assert not [r for r in results if r.channel == "loja" and r.rule != "read"]


def test_wording_similarity_threshold() -> None:
    canonical = "Você pode trocar o produto em até 30 dias após o recebimento, sem custo."
    book = rulebook(policies={"wording": [{"id": "trocas", "text": canonical,
                                           "threshold": 90}]})
    drifted = "Você pode trocar o produto em até 15 dias após a compra, pagando o frete."
    results = run(book, doc("loja", text=f"Política. {canonical} Obrigado."),
                  doc("app", text=f"Política. {drifted}"),
                  doc("zap", text="Olá, tudo bem? Nosso horário é das 9h às 18h."),
                  only="wording")
    assert outcomes(results) == {"loja": Outcome.OK, "app": Outcome.DIVERGENT,
                                 "zap": Outcome.MISSING}
    assert "15 dias" in next(r for r in results if r.channel == "app").observed


def test_required_and_forbidden_phrases_ignore_case_and_accents() -> None:
    book = rulebook(policies={
        "required_phrases": ["7 dias para desistir da compra"],
        "forbidden_phrases": [{"text": "garantia vitalícia", "channels": ["loja", "app"]}],
    })
    results = run(book, doc("loja", text="Você tem 7 DIAS para  desistir da compra."),
                  doc("app", text="Garantia Vitalicia em todos os tênis!"),
                  doc("zap", text="garantia vitalícia"))
    required = outcomes([r for r in results if r.rule == "required_phrase"])
    forbidden = outcomes([r for r in results if r.rule == "forbidden_phrase"])
    assert required == {"loja": Outcome.OK, "app": Outcome.MISSING, "zap": Outcome.MISSING}
    assert forbidden == {"loja": Outcome.OK, "app": Outcome.DIVERGENT}


def test_severity_defaults_and_overrides() -> None:
    book = rulebook(severity={
        "defaults": {"price": "high"},
        "overrides": [{"channel": "zap", "severity": "low"},
                      {"channel": "zap", "rule": "price", "severity": "info"}],
    })
    results = run(book, doc("loja", main_price("1")), doc("zap", main_price("1")), only="price")
    assert {r.channel: r.severity for r in results} == {"loja": Severity.HIGH,
                                                        "zap": Severity.INFO}


def test_fingerprint_ignores_values_and_positions() -> None:
    first = run(rulebook(), doc("app", main_price("429.90")), only="price")[0]
    second = run(rulebook(), doc("app", main_price("459.90")), only="price")[0]
    assert first.fingerprint == second.fingerprint
    other = run(rulebook(), doc("loja", main_price("429.90")), only="price")[0]
    assert other.fingerprint != first.fingerprint


def test_withdrawal_right_is_not_the_store_window() -> None:
    results = run(policy_book(), doc("loja", ReturnWindow(30), ReturnWindow(7, withdrawal=True)),
                  doc("app", ReturnWindow(3, withdrawal=True), ReturnWindow(30)),
                  only="return_window")
    by_subject = {(r.channel, r.subject): r.outcome for r in results}
    assert by_subject[("loja", "policy:returns")] is Outcome.OK
    assert by_subject[("app", "policy:returns")] is Outcome.OK
    assert by_subject[("app", "policy:withdrawal")] is Outcome.DIVERGENT
    assert ("loja", "policy:withdrawal") not in by_subject


def test_store_wide_values_are_kept_once_per_channel_with_the_same_results() -> None:
    """A catalog repeats its delivery and returns text on every page: the channel keeps
    each value once (its first statement), and every check says the same as with all."""
    book = rulebook(policies={"delivery": {"max_days": 5}, "returns": {"days": 30}})
    pages = [doc("loja", Price(Decimal("399.90"), "BRL", "sale", True), Deadline(None, 7, True),
                 ReturnWindow(30), sku="A1"),
             doc("loja", Deadline(None, 7, True), ReturnWindow(30), Deadline(None, 5, True),
                 sku=None)]
    full = run(book, *pages)
    judge = grader(book.severity)
    data = ChannelData(book.channels[0], grader=judge)
    for page in pages:
        data.add(page)
    kept = [f.value for e in data.extractions for f in e.facts if not isinstance(f.value, Price)]
    assert kept == [Deadline(None, 7, True), ReturnWindow(30), Deadline(None, 5, True)]
    others = [ChannelData(c, grader=judge) for c in book.channels[1:]]
    assert run_all(Context(book, list(book.catalog.products), [data, *others])) == full


def test_a_plan_that_only_follows_a_wrong_price_is_attached_to_the_price_finding() -> None:
    def plan(amount: str) -> Installment:
        return Installment(10, Decimal(amount), "BRL", True)

    results = run(
        rulebook(),
        doc("loja", main_price("429.90"), plan("42.99")),  # follows the wrong price
        doc("app", main_price("429.90"), plan("39.99")),  # the catalog's plan: fine
        doc("zap", main_price("429.90"), plan("45.99")),  # neither: its own finding
    )
    plans = {r.channel: r for r in results if r.rule == "installments"}
    prices = {r.channel: r for r in results if r.rule == "price"}
    assert {c: r.outcome for c, r in prices.items()} == dict.fromkeys(
        ("loja", "app", "zap"), Outcome.DIVERGENT)
    loja, app, zap = plans["loja"], plans["app"], plans["zap"]
    assert loja.outcome is Outcome.OK, "one cause, one finding"
    assert loja.caused_by == prices["loja"].fingerprint
    assert "follows the channel's price R$ 429.90 (the price finding), not the catalog's " \
           "R$ 399.90" in loja.reason
    assert prices["loja"].reason == "installments 10x R$ 42.99 interest-free follows from this"
    assert app.outcome is Outcome.OK and not app.caused_by
    assert zap.outcome is Outcome.DIVERGENT and not zap.caused_by
    assert "neither the catalog price R$ 399.90 nor the channel's R$ 429.90" in zap.reason
    assert prices["zap"].reason == ""
    assert loja.expected == "10x R$ 39.99 interest-free"


def test_an_attached_result_does_not_count_in_the_score() -> None:
    from cohesion_cli.triage.report import ChannelSummary, Report

    results = run(rulebook(), doc("loja", main_price("429.90"),
                                  Installment(10, Decimal("42.99"), "BRL", True)))
    own = [r for r in results if r.channel == "loja" and r.rule in ("price", "installments")]
    report = Report(brand="A", rulebook="r", generated_at="t",
                    channels=[ChannelSummary("loja", "file", "", "", 1, 0)], results=own,
                    fail_on=Severity.HIGH)
    assert report.score("loja") == 0, "the price alone: one critical divergence, nothing ok"
    assert [r.rule for r in report.findings] == ["price"]


def test_a_consequence_without_its_cause_stays_a_finding() -> None:
    from cohesion_cli.checks.causes import attach
    from cohesion_cli.domain import fingerprint

    alone = Result(rule="installments", channel="loja", subject="A1",
                   outcome=Outcome.DIVERGENT, severity=Severity.HIGH,
                   caused_by=fingerprint("price", "loja", "A1"))
    assert list(attach([alone])) == [replace(alone, caused_by="")]
