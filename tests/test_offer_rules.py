"""The rules of payment-method discounts, offer validity, availability and store services:
facts in, results out (built by hand, as in test_checks)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from cohesion_cli.domain import (
    Availability,
    Outcome,
    PaymentDiscount,
    Price,
    PromotionWindow,
    ReturnWindow,
    Severity,
    StoreService,
)
from cohesion_cli.extract.result import Extraction
from tests.test_checks import doc, main_price, outcomes, rulebook, run


def pix(amount: str) -> Price:
    return Price(Decimal(amount), "BRL", "pix")


def read_on(extraction: Extraction, day: str) -> Extraction:
    return replace(extraction, snapshot=replace(extraction.snapshot, retrieved_at=day))


def test_pix_price_is_the_catalog_price_less_the_discount() -> None:
    book = rulebook(policies={"payment_discounts": {"pix": 5}})
    results = run(book, doc("loja", main_price("399.90"), pix("379.91")),
                  doc("app", main_price("399.90"), pix("389.90")),
                  doc("zap", main_price("399.90")), only="payment_discount")
    assert outcomes(results) == {"loja": Outcome.OK, "app": Outcome.DIVERGENT}
    wrong = next(r for r in results if r.channel == "app")
    assert (wrong.expected, wrong.observed) == ("R$ 379.91 (pix)", "R$ 389.90 (pix)")
    assert wrong.severity is Severity.HIGH and wrong.subject == "A1"


def test_pix_price_rounded_down_by_the_shop_is_accepted() -> None:
    book = rulebook(policies={"payment_discounts": {"pix": 5}})
    results = run(book, doc("loja", main_price("399.90"), pix("379.90")),
                  only="payment_discount")
    assert outcomes(results) == {"loja": Outcome.OK}


def test_a_pix_price_that_follows_a_wrong_headline_is_not_a_second_finding() -> None:
    book = rulebook(policies={"payment_discounts": {"pix": 5}})
    results = run(book, doc("app", main_price("429.90"), pix("408.41")), only="payment_discount")
    assert outcomes(results) == {"app": Outcome.OK}
    assert "price finding" in results[0].reason
    prices = run(book, doc("app", main_price("429.90"), pix("408.41")), only="price")
    assert outcomes(prices) == {"app": Outcome.DIVERGENT}


def test_product_pix_price_wins_over_the_percent() -> None:
    catalog = {"products": [{"sku": "A1", "price": "399.90", "pix_price": "369.90"}]}
    book = rulebook(catalog=catalog, policies={"payment_discounts": {"pix": 5}})
    results = run(book, doc("loja", main_price("399.90"), pix("369.90")),
                  doc("app", main_price("399.90"), pix("379.91")), only="payment_discount")
    assert outcomes(results) == {"loja": Outcome.OK, "app": Outcome.DIVERGENT}


def test_pix_basis_leaves_the_pix_price_to_the_price_rule() -> None:
    catalog = {"products": [{"sku": "A1", "price": "379.91"}], "price_basis": "pix"}
    book = rulebook(catalog=catalog, policies={"payment_discounts": {"pix": 5}})
    assert run(book, doc("app", main_price("399.90"), pix("389.90")),
               only="payment_discount") == []


def test_stated_discount_is_compared_and_silence_is_not_reported() -> None:
    book = rulebook(policies={"payment_discounts": {"pix": 5, "cash": 3}})
    policy = [doc("loja", PaymentDiscount("pix", Decimal("5")), sku=None),
              doc("app", PaymentDiscount("pix", Decimal("10")), sku=None),
              doc("zap", sku=None)]
    results = run(book, *policy, only="payment_discount")
    assert {(r.channel, r.subject): r.outcome for r in results} == {
        ("loja", "policy:pix_discount"): Outcome.OK,
        ("app", "policy:pix_discount"): Outcome.DIVERGENT}


def test_without_a_rule_pix_prices_are_compared_across_channels() -> None:
    results = run(rulebook(), doc("loja", main_price("399.90"), pix("379.91")),
                  doc("app", main_price("399.90"), pix("379.91")),
                  doc("zap", main_price("399.90"), pix("359.90")), only="payment_discount")
    assert outcomes(results) == {"loja": Outcome.OK, "app": Outcome.OK,
                                 "zap": Outcome.DIVERGENT}


CAMPAIGNS = [{"id": "bf", "name": "Black Friday", "start": "2026-11-20", "end": "2026-11-30"}]


def test_validity_must_end_with_a_campaign() -> None:
    book = rulebook(campaigns=CAMPAIGNS)
    results = run(book,
                  read_on(doc("loja", PromotionWindow(date(2026, 11, 30), None, False), sku=None),
                          "2026-11-25T10:00:00Z"),
                  read_on(doc("app", PromotionWindow(date(2026, 12, 12)), sku=None),
                          "2026-11-25T10:00:00Z"),
                  only="promotion_window")
    assert outcomes(results) == {"loja": Outcome.OK, "app": Outcome.DIVERGENT}
    wrong = next(r for r in results if r.channel == "app")
    assert wrong.expected == "Black Friday: 2026-11-20 – 2026-11-30"
    assert "no campaign ends on 2026-12-12" in wrong.reason


def test_a_range_must_start_with_its_campaign() -> None:
    book = rulebook(campaigns=CAMPAIGNS)
    window = PromotionWindow(date(2026, 11, 30), date(2026, 11, 1))
    results = run(book, read_on(doc("loja", window, sku=None), "2026-11-25"),
                  only="promotion_window")
    assert outcomes(results) == {"loja": Outcome.DIVERGENT}


def test_an_offer_shown_after_its_last_day_is_divergent_even_without_campaigns() -> None:
    window = PromotionWindow(date(2026, 11, 30))
    results = run(rulebook(), read_on(doc("loja", window, sku=None), "2026-12-03T08:00:00Z"),
                  read_on(doc("app", window, sku=None), "2026-11-29T08:00:00Z"),
                  only="promotion_window")
    assert outcomes(results) == {"loja": Outcome.DIVERGENT, "app": Outcome.OK}
    assert "ended on 2026-11-30" in next(r for r in results if r.channel == "loja").reason


def test_campaign_of_other_channels_does_not_count() -> None:
    book = rulebook(campaigns=[{**CAMPAIGNS[0], "channels": ["app"]}])
    results = run(book, read_on(doc("loja", PromotionWindow(date(2026, 11, 30)), sku=None),
                                "2026-11-25"), only="promotion_window")
    assert outcomes(results) == {"loja": Outcome.OK}  # no campaign on loja: only expiry counts


def test_availability_is_compared_across_channels() -> None:
    results = run(rulebook(), doc("loja", Availability("out_of_stock")),
                  doc("app", Availability("in_stock")), doc("zap", Availability("preorder")),
                  only="availability")
    assert outcomes(results) == {"loja": Outcome.DIVERGENT, "app": Outcome.OK,
                                 "zap": Outcome.OK}
    wrong = next(r for r in results if r.channel == "loja")
    assert wrong.observed == "out of stock" and wrong.severity is Severity.HIGH


def test_availability_on_one_channel_only_is_not_reported() -> None:
    assert run(rulebook(), doc("loja", Availability("out_of_stock")), doc("app"),
               only="availability") == []


def test_store_services_against_the_policy() -> None:
    book = rulebook(policies={"store_services": {"pickup_in_store": True,
                                                 "exchange_in_any_store": False}})
    results = run(book,
                  doc("loja", StoreService("pickup_in_store", True), sku=None),
                  doc("app", StoreService("exchange_in_any_store", True), sku=None),
                  doc("zap", StoreService("pickup_in_store", False), sku=None),
                  only="store_service")
    assert {(r.channel, r.subject): r.outcome for r in results} == {
        ("loja", "policy:pickup_in_store"): Outcome.OK,
        ("zap", "policy:pickup_in_store"): Outcome.DIVERGENT,
        ("app", "policy:exchange_in_any_store"): Outcome.DIVERGENT}


def test_withdrawal_period_from_the_rulebook() -> None:
    book = rulebook(locale="pt-PT",
                    policies={"withdrawal": {"days": 14, "law": "DL 24/2014, art. 10"}})
    results = run(book, doc("loja", ReturnWindow(10, withdrawal=True), sku=None),
                  doc("app", ReturnWindow(14, withdrawal=True), sku=None), only="return_window")
    wrong = [r for r in results if r.subject == "policy:withdrawal"]
    assert [(r.channel, r.outcome) for r in wrong] == [("loja", Outcome.DIVERGENT)]
    assert wrong[0].expected == "at least 14 days (DL 24/2014, art. 10)"
