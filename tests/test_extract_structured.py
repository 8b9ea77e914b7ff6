"""Structured data and locators, read through the extraction entry point."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from cohesion_cli.domain import Deadline, FreeShipping, Price, ReturnWindow, Snapshot
from cohesion_cli.extract.reader import extract
from cohesion_cli.extract.result import Extraction, Options
from cohesion_cli.rulebook.models import Locators


def page(body: str = "", ld: Any = None, head: str = "") -> bytes:
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    return f"<html><head>{head}{script}</head><body>{body}</body></html>".encode()


def run(body: bytes, sku: str | None = None, ctype: str = "text/html",
        locators: dict[str, Any] | None = None) -> Extraction:
    snap = Snapshot("c", "doc", "product", sku, "t", body=body, content_type=ctype)
    parsed = Locators.model_validate(locators or {})
    return extract(snap, Options(sku=sku), parsed if locators else None)


def main_amount(result: Extraction) -> Decimal | None:
    main = result.main_price
    return main.value.amount if main and isinstance(main.value, Price) else None


def offer(price: Any, **extra: Any) -> dict[str, Any]:
    return {"@type": "Offer", "price": price, "priceCurrency": "BRL", **extra}


def test_variant_chosen_by_sku() -> None:
    ld = {"@type": "ProductGroup", "name": "Tênis", "hasVariant": [
        {"@type": "Product", "sku": "T-38", "offers": offer("399.90")},
        {"@type": "Product", "sku": "T-44", "offers": offer("429.90")},
    ]}
    assert main_amount(run(page(ld=ld), sku="T-44")) == Decimal("429.90")
    unnamed = run(page(ld=ld))
    assert unnamed.main_price is None
    assert {c.value.amount for c in unnamed.candidates if isinstance(c.value, Price)} == {
        Decimal("399.90"), Decimal("429.90")}


def test_related_products_in_json_ld_do_not_compete() -> None:
    ld = {"@graph": [
        {"@type": "Product", "sku": "A1", "offers": offer(199.9)},
        {"@type": "ItemList", "itemListElement": [
            {"@type": "Product", "sku": "B2", "offers": offer(89.9)}]},
    ]}
    assert main_amount(run(page(ld=ld), sku="A1")) == Decimal("199.90")


def test_list_price_from_price_specification() -> None:
    ld = {"@type": "Product", "sku": "A1", "offers": offer("899.00", priceSpecification=[
        {"@type": "UnitPriceSpecification", "priceType": "https://schema.org/ListPrice",
         "price": 1099.0, "priceCurrency": "BRL"}])}
    result = run(page(ld=ld), sku="A1")
    assert main_amount(result) == Decimal("899.00")
    assert [f.value.amount for f in result.prices("list")] == [Decimal("1099.0")]


def test_aggregate_offer_low_price() -> None:
    ld = {"@type": "Product", "offers": {"@type": "AggregateOffer", "lowPrice": "2499",
                                         "highPrice": "2999", "priceCurrency": "BRL"}}
    assert main_amount(run(page(ld=ld))) == Decimal("2499")


def test_shipping_details_and_return_policy() -> None:
    details = {"@type": "OfferShippingDetails",
               "shippingRate": {"@type": "MonetaryAmount", "value": 0, "currency": "BRL"},
               "eligibleTransactionVolume": {"@type": "PriceSpecification", "minPrice": 299},
               "deliveryTime": {"@type": "ShippingDeliveryTime",
                                "handlingTime": {"minValue": 0, "maxValue": 1, "unitCode": "d"},
                                "transitTime": {"minValue": 2, "maxValue": 4, "unitCode": "DAY"}}}
    policy = {"@type": "MerchantReturnPolicy", "merchantReturnDays": 30}
    ld = {"@type": "Product", "offers": offer("10", shippingDetails=details,
                                              hasMerchantReturnPolicy=policy)}
    result = run(page(ld=ld))
    values = {type(f.value): f.value for f in result.facts}
    assert values[Deadline] == Deadline(2, 5, None)
    assert values[ReturnWindow] == ReturnWindow(30)
    assert values[FreeShipping] == FreeShipping(Decimal("299"), "BRL")


def test_meta_and_json_ld_duplicates_are_one_price() -> None:
    head = '<meta property="product:price:amount" content="2879.20">'
    result = run(page(ld={"@type": "Product", "offers": offer(2879.2)}, head=head))
    assert main_amount(result) == Decimal("2879.20") and result.candidates == []


def test_microdata_and_rdfa_prices() -> None:
    micro = ('<div itemscope itemtype="https://schema.org/Offer"><span itemprop="price" '
             'content="149.90">R$ 149,90</span><meta itemprop="priceCurrency" content="BRL">'
             '</div><div class="related"><span itemprop="price" content="59.90"></span></div>')
    assert main_amount(run(page(micro))) == Decimal("149.90")
    rdfa = ('<div vocab="https://schema.org/" typeof="Offer"><span property="price" '
            'content="79.00">$79</span><meta property="priceCurrency" content="USD"></div>')
    result = run(page(rdfa))
    assert result.main_price is not None and result.main_price.value == Price(
        Decimal("79.00"), "USD", "sale", main=True)


def test_malformed_json_ld_falls_back_to_text() -> None:
    body = page('<p class="price">R$ 99,90</p>',
                head='<script type="application/ld+json">{"@type": "Product", </script>')
    assert main_amount(run(body)) == Decimal("99.90")


def test_css_xpath_regex_locators_win_over_automatic_extraction() -> None:
    body = page('<p class="price">R$ 99,90</p><p id="pix">Pix: R$ 89,90</p>'
                '<p>Prazo: 4 dias</p>', ld={"@type": "Product", "offers": offer("120")})
    by_css = run(body, locators={"price": {"css": "#pix"}})
    assert main_amount(by_css) == Decimal("89.90")
    by_xpath = run(body, locators={"price": {"xpath": "//p[@class='price']"}})
    assert main_amount(by_xpath) == Decimal("99.90")
    by_regex = run(body, locators={"deadline": {"regex": r"Prazo: (\d+) dias"}})
    assert [f.value for f in by_regex.of_kind("deadline")] == [Deadline(None, 4, None)]


def test_jsonpath_locator_on_api_answer() -> None:
    answer = json.dumps({"produto": {"preco": {"de": 699.9, "por": 599.9},
                                     "parcelamento": "12x de R$ 49,99 sem juros"},
                         "sugestoes": [{"preco": 99.9}]}).encode()
    result = run(answer, ctype="application/json", locators={
        "price": {"jsonpath": "$.produto.preco.por"},
        "list_price": {"jsonpath": "$.produto.preco.de"},
        "installments": {"jsonpath": "$.produto.parcelamento"}})
    assert main_amount(result) == Decimal("599.9")
    assert [f.value.amount for f in result.prices("list")] == [Decimal("699.9")]
    assert [f.value.count for f in result.of_kind("installment")] == [12]  # type: ignore[union-attr]


def test_locator_matching_nothing_is_broken_not_missing() -> None:
    result = run(page('<p class="price">R$ 99,90</p>'), locators={"price": {"css": ".preco"}})
    assert result.broken == {"price": "css .preco"}
    assert main_amount(result) == Decimal("99.90"), "automatic extraction is still shown"


def test_json_answer_without_locators_skips_related_products() -> None:
    answer = json.dumps({"data": {"product": {
        "sku": "B-37", "price": {"list": 1099.9, "sale": 929.9, "pix": 883.41},
        "delivery": {"minBusinessDays": 3, "maxBusinessDays": 6}}},
        "recommendations": [{"sku": "X", "price": 299.9}],
        "upsell": [{"sku": "Y", "price": 49.9}]}).encode()
    result = run(answer, ctype="application/json")
    assert main_amount(result) == Decimal("929.9")
    assert [f.value.amount for f in result.prices("list")] == [Decimal("1099.9")]
    assert [f.value.amount for f in result.prices("payment_discount")] == [Decimal("883.41")]
    assert [f.value for f in result.of_kind("deadline")] == [Deadline(3, 6, True)]


def test_json_variants_are_picked_by_sku() -> None:
    answer = json.dumps({"variants": [{"sku": "W", "price": "259.00"},
                                      {"sku": "K", "price": "249.00"}]}).encode()
    assert main_amount(run(answer, sku="K", ctype="application/json")) == Decimal("249.00")
    assert run(answer, ctype="application/json").main_price is None
