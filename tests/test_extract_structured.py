"""Structured data and locators, read through the extraction entry point."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from cohesion_cli.domain import Deadline, FreeShipping, Price, ReturnWindow, Snapshot
from cohesion_cli.extract.document import parse
from cohesion_cli.extract.reader import extract
from cohesion_cli.extract.result import Extraction, Options
from cohesion_cli.extract.structured import Tagged, json_ld, meta_and_microdata
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
    assert result.main_price is not None
    main = result.main_price.value
    assert isinstance(main, Price) and main.confidence is not None and main.confidence >= 0.7
    assert main == Price(Decimal("79.00"), "USD", "sale", main=True, confidence=main.confidence)


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
    assert [f.value.amount for f in result.prices("pix")] == [Decimal("883.41")]
    assert [f.value for f in result.of_kind("deadline")] == [Deadline(3, 6, True)]


def test_json_variants_are_picked_by_sku() -> None:
    answer = json.dumps({"variants": [{"sku": "W", "price": "259.00"},
                                      {"sku": "K", "price": "249.00"}]}).encode()
    assert main_amount(run(answer, sku="K", ctype="application/json")) == Decimal("249.00")
    assert run(answer, ctype="application/json").main_price is None


# Lenient structured data: fragments shaped like real shops' pages.


def tagged(html: str, currency: str = "BRL") -> list[Tagged]:
    """Every structured fact of a page, with its Tagged flags."""
    doc = parse(Snapshot("c", "doc", "product", None, "t", body=html.encode(),
                         content_type="text/html"))
    assert doc.tree is not None
    return (json_ld(doc.tree, "doc", "s", currency)
            + meta_and_microdata(doc.tree, "doc", "s", currency))


def prices(found: list[Tagged]) -> list[tuple[str, str, str]]:
    return [(str(t.fact.value.amount), t.fact.value.currency, t.fact.value.role)
            for t in found if isinstance(t.fact.value, Price)]


def script(text: str) -> str:
    return f'<script type="application/ld+json">{text}</script>'


@pytest.mark.parametrize("kind", ["product", "PRODUCT", "http://schema.org/Product",
                                  "schema:Product", ["Product", "Book"]])
def test_type_in_any_case_and_form(kind: Any) -> None:
    ld = {"@context": "https://schema.org", "@type": kind, "sku": "LV-1",
          "offers": {"@type": "offer", "price": "59.90", "priceCurrency": "BRL"}}
    assert main_amount(run(page(ld=ld))) == Decimal("59.90")


def test_vtex_lowercase_aggregate_offer_with_shop_formatted_amount() -> None:
    ld = {"@context": "https://schema.org/", "@type": "product", "name": "Geladeira Frost Free",
          "offers": {"@type": "aggregateoffer", "lowPrice": "1.299,90",
                     "highPrice": "1.299,90", "priceCurrency": "BRL", "offerCount": 1}}
    found = tagged(script(json.dumps(ld)))
    assert prices(found) == [("1299.90", "BRL", "sale")]
    assert not found[0].variant, "a one-price range is not a choice of variants"


def test_magento_cdata_wrapped_json_ld() -> None:
    body = ('/*<![CDATA[*/{"@context": "http://schema.org", "@type": "Product", '
            '"sku": "MJ-09", "offers": {"@type": "Offer", "price": 89.9, '
            '"priceCurrency": "BRL"}}/*]]>*/')
    assert main_amount(run(page(head=script(body)))) == Decimal("89.9")


@pytest.mark.parametrize("wrapped", [
    '<!-- {"@type": "Product", "offers": {"price": "249.00", "priceCurrency": "EUR"}} -->',
    '//<![CDATA[\n{"@type": "Product", "offers": {"price": "249.00", "priceCurrency": "EUR"}}'
    '\n//]]>',
])
def test_comment_wrappers(wrapped: str) -> None:
    assert prices(tagged(script(wrapped))) == [("249.00", "EUR", "sale")]


def test_woocommerce_trailing_commas_and_raw_newlines() -> None:
    body = """{
  "@context": "https://schema.org/",
  "@type": "Product",
  "name": "Caneca Esmaltada",
  "description": "Caneca de 350 ml.
Lava-louças: sim.	Micro-ondas: não.",
  "sku": "CAN-01",
  "offers": [{"@type": "Offer", "price": "49.90", "priceCurrency": "BRL",},],
}"""
    found = tagged(script(body))
    assert prices(found) == [("49.90", "BRL", "sale")]
    assert found[0].ids == frozenset({"CAN-01"})


def test_several_objects_in_one_script() -> None:
    body = ('{"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": '
            '[{"@type": "ListItem", "position": 1, "name": "Início"}]}\n'
            '{"@context": "https://schema.org", "@type": "Product", "sku": "TB-7", '
            '"offers": {"@type": "Offer", "price": "129.00", "priceCurrency": "BRL"}}')
    assert main_amount(run(page(head=script(body)))) == Decimal("129.00")


def test_woocommerce_yoast_graph() -> None:
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "@id": "https://loja.example/p/#webpage"},
        {"@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "item": {"@id": "https://loja.example/"}}]},
        {"@type": "Product", "@id": "https://loja.example/p/#product", "sku": "CF-3",
         "offers": [{"@type": "Offer", "price": "79.90", "priceCurrency": "BRL",
                     "priceSpecification": {"price": "79.90", "priceCurrency": "BRL",
                                            "valueAddedTaxIncluded": "false"}}]}]}
    result = run(page(ld=ld))
    assert main_amount(result) == Decimal("79.90") and result.candidates == []


def test_broken_script_is_skipped_not_fatal() -> None:
    head = (script('{"@type": "Product", "offers": {"price": "10", }, "name": "unterminated')
            + script(json.dumps({"@type": "Product", "offers": offer("99.90")})))
    assert main_amount(run(page(head=head))) == Decimal("99.90")
    assert tagged(script("{{{ not json ]]]")) == []


@pytest.mark.parametrize(("raw", "channel", "expected"), [
    ("$60", "BRL", ("60", "USD")),
    ("US$ 60.00", "BRL", ("60.00", "USD")),
    ("R$ 1.299,90", "USD", ("1299.90", "BRL")),
    ("\n 71,91 €", "EUR", ("71.91", "EUR")),
    ("1.299,90", "BRL", ("1299.90", "BRL")),
    ("1299.9000", "BRL", ("1299.9000", "BRL")),
    (1299.9, "BRL", ("1299.9", "BRL")),
    (60, "EUR", ("60", "EUR")),
])
def test_amounts_read_with_the_money_parser(raw: Any, channel: str, expected: tuple[str, str]
                                            ) -> None:
    ld = {"@type": "Product", "offers": {"@type": "Offer", "price": raw}}
    assert prices(tagged(script(json.dumps(ld)), channel)) == [(*expected, "sale")]


def test_price_currency_wins_over_the_amount_text() -> None:
    ld = {"@type": "Product", "offers": {"@type": "Offer", "price": "$60", "priceCurrency": "cad"}}
    assert prices(tagged(script(json.dumps(ld)))) == [("60", "CAD", "sale")]


def test_zero_placeholder_is_no_price() -> None:
    ld = {"@type": "Product", "sku": "SP-1", "offers": [offer("0"), offer(0.0)]}
    head = ('<meta property="product:price:amount" content="0.00">'
            '<meta property="product:price:currency" content="BRL">')
    result = run(page('<div class="product-price"><span class="price">R$ 219,90</span></div>',
                      ld=ld, head=head))
    assert main_amount(result) == Decimal("219.90")
    assert prices(tagged(page(ld=ld, head=head).decode())) == []


def test_shopify_sale_meta_beats_the_regular_meta() -> None:
    head = ('<meta property="og:price:amount" content="129,00">'
            '<meta property="og:price:currency" content="BRL">'
            '<meta property="product:sale_price:amount" content="99,00">'
            '<meta property="product:sale_price:currency" content="BRL">'
            '<meta property="product:original_price:amount" content="149,00">'
            '<meta name="og:price:standard_amount" content="149,00">')
    found = tagged(page(head=head).decode())
    assert prices(found) == [("99.00", "BRL", "sale"), ("129.00", "BRL", "list"),
                             ("149.00", "BRL", "list"), ("149.00", "BRL", "list")]
    assert all(t.source == "meta" and not t.displayed and t.element is not None for t in found)
    assert main_amount(run(page(head=head))) == Decimal("99.00")


def test_regular_meta_alone_is_the_price_paid() -> None:
    head = ('<meta property="product:price:amount" content="$60">'
            '<meta property="og:price:standard_amount" content="$80">')
    assert prices(tagged(page(head=head).decode(), "CAD")) == [("60", "CAD", "sale"),
                                                               ("80", "CAD", "list")]


MAGENTO = """<div class="product-info-main" itemscope itemtype="http://schema.org/Product">
<h1 class="page-title" itemprop="name">Mochila Trilha 30L</h1>
<div class="price-box price-final_price" data-role="priceBox">
<span class="price-container price-final_price" itemprop="offers" itemscope
 itemtype="http://schema.org/Offer">
<span id="product-price-77" data-price-type="finalPrice" class="price-wrapper">
<span class="price">R$ 289,90</span></span>
<meta itemprop="price" content="289.9"><meta itemprop="priceCurrency" content="BRL">
</span></div>
<div class="block related" data-mage-init="{}">
<ol class="products list items"><li class="item product product-item" itemscope
 itemtype="http://schema.org/Product"><span itemprop="offers" itemscope
 itemtype="http://schema.org/Offer"><span itemprop="price" content="59.9">R$ 59,90</span>
</span></li></ol></div></div>"""


def test_magento_microdata_hidden_price_and_related_block() -> None:
    found = [t for t in tagged(MAGENTO) if t.source == "microdata"]
    assert prices(found) == [("289.9", "BRL", "sale"), ("59.9", "BRL", "related")]
    own, related = found
    assert own.element is not None and own.element.tag == "meta" and not own.displayed
    assert not own.related and related.related and related.displayed
    assert main_amount(run(MAGENTO.encode())) == Decimal("289.90")


def test_displayed_microdata() -> None:
    html = """<div itemscope itemtype="https://schema.org/Product"><div itemprop="offers"
 itemscope itemtype="https://schema.org/Offer"><meta itemprop="priceCurrency" content="EUR">
<p class="price">Preço: <span itemprop="price">
 71,91 €</span></p>
<span itemprop="price" content="71.91" style="display: none">71,91</span>
<input type="hidden" itemprop="price" value="71.91">
<div hidden><span itemprop="price">71,91 €</span></div></div></div>"""
    found = tagged(html)
    assert prices(found) == [("71.91", "EUR", "sale")] * 4
    assert [t.displayed for t in found] == [True, False, False, False]
    assert found[0].element is not None and found[0].element.tag == "span"


def test_product_listed_in_an_item_list_or_related_to_is_another_product() -> None:
    html = """<main itemscope itemtype="https://schema.org/Product">
<span itemprop="name">Cafeteira Italiana</span>
<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
<span itemprop="price" content="189.00">R$ 189,00</span>
<meta itemprop="priceCurrency" content="BRL"></div>
<div itemprop="isRelatedTo" itemscope itemtype="https://schema.org/Product">
<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
<span itemprop="price" content="39.90">R$ 39,90</span></div></div>
<div itemprop="isSimilarTo" itemscope itemtype="https://schema.org/Product">
<span itemprop="price" content="229.00">R$ 229,00</span></div></main>
<section itemscope itemtype="https://schema.org/ItemList"><h2>Você também pode gostar</h2>
<div itemprop="itemListElement" itemscope itemtype="https://schema.org/Product">
<span itemprop="price" content="24.90">R$ 24,90</span></div></section>"""
    found = tagged(html)
    assert [(p[0], p[2]) for p in prices(found)] == [
        ("189.00", "sale"), ("39.90", "related"), ("229.00", "related"), ("24.90", "related")]
    assert [t.related for t in found] == [False, True, True, True]
    assert main_amount(run(html.encode())) == Decimal("189.00")


def test_json_ld_item_list_beside_the_page_product_is_related() -> None:
    ld = {"@graph": [
        {"@type": "Product", "sku": "A1", "offers": offer(199.9)},
        {"@type": "ItemList", "itemListElement": [
            {"@type": "ListItem", "item": {"@type": "Product", "sku": "B2",
                                           "offers": offer(89.9)}}]}]}
    found = tagged(page(ld=ld).decode())
    assert prices(found) == [("199.9", "BRL", "sale"), ("89.9", "BRL", "related")]
    assert [t.related for t in found] == [False, True]
    assert all(t.source == "json-ld" and t.element is not None and t.element.tag == "script"
               and not t.displayed for t in found)
    assert main_amount(run(page(ld=ld))) == Decimal("199.9")


def test_variants_are_marked() -> None:
    group = {"@type": "ProductGroup", "hasVariant": [
        {"@type": "Product", "sku": "T-38", "offers": offer("399.90")},
        {"@type": "Product", "sku": "T-44", "offers": offer("429.90")}]}
    several = {"@type": "Product", "offers": [offer("39.90", sku="P"), offer("44.90", sku="G")]}
    single = {"@type": "Product", "offers": offer("39.90")}
    assert [t.variant for t in tagged(page(ld=group).decode())] == [True, True]
    assert [t.variant for t in tagged(page(ld=several).decode())] == [True, True]
    assert [t.variant for t in tagged(page(ld=single).decode())] == [False]


@pytest.mark.parametrize(("spec", "role"), [
    ({"@type": "UnitPriceSpecification", "price": 45.8, "priceCurrency": "BRL",
      "referenceQuantity": {"@type": "QuantitativeValue", "value": 1, "unitCode": "KGM"}},
     "unit"),
    ({"@type": "UnitPriceSpecification", "price": "3.18", "priceCurrency": "EUR",
      "referenceQuantity": {"value": 100, "unitCode": "MLT"}}, "unit"),
    ({"@type": "UnitPriceSpecification", "price": 4.58, "unitCode": "LTR"}, "unit"),
    ({"@type": "UnitPriceSpecification", "price": 899, "unitCode": "C62"}, "sale"),
    ({"@type": "UnitPriceSpecification", "price": 39.9, "billingDuration": 12,
      "unitCode": "MON"}, "installment"),
    ({"@type": "UnitPriceSpecification", "price": 74.92,
      "priceType": "https://schema.org/Installment"}, "installment"),
    ({"@type": "unitpricespecification", "price": 19.9, "priceComponentType": "Subscription"},
     "installment"),
    ({"@type": "UnitPriceSpecification", "price": 1099, "priceType": "ListPrice"}, "list"),
    ({"price": 1099, "priceType": "https://schema.org/StrikethroughPrice"}, "list"),
    ({"price": "1.099,00", "priceType": "SRP"}, "list"),
    ({"price": 1099, "priceType": "http://schema.org/MSRP"}, "list"),
])
def test_price_specification_roles(spec: dict[str, Any], role: str) -> None:
    ld = {"@type": "Product", "sku": "M1", "offers": offer("899.00", priceSpecification=spec)}
    result = run(page(ld=ld), sku="M1")
    assert main_amount(result) == Decimal("899.00")
    assert {t.fact.value.role for t in tagged(page(ld=ld).decode())  # type: ignore[union-attr]
            if "priceSpecification" in t.fact.evidence.locator} == {role}


def test_microdata_offers_are_picked_by_sku() -> None:
    body = ''.join(
        f'<div itemscope itemtype="https://schema.org/Product"><meta itemprop="sku" '
        f'content="{sku}"><div itemprop="offers" itemscope itemtype="https://schema.org/Offer">'
        f'<meta itemprop="price" content="{price}"><meta itemprop="priceCurrency" content="BRL">'
        f'</div></div>' for sku, price in (("T-38", "399.90"), ("T-44", "429.90")))
    assert main_amount(run(page(body), sku="T-44")) == Decimal("429.90")
    assert run(page(body)).main_price is None
