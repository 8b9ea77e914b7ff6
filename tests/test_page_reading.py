"""Whole-document reading on fragments shaped like real shop pages: encodings, XHTML,
JSON numbers, option surcharges, listings, other markets' prices, price words in the
languages shops write in."""

from __future__ import annotations

import json
from decimal import Decimal

from cohesion_cli.domain import Price, Snapshot
from cohesion_cli.extract.reader import extract
from cohesion_cli.extract.result import Extraction, Options
from cohesion_cli.rulebook.models import Locators


def read(body: bytes, currency: str = "USD", locale: str = "en",
         ctype: str = "text/html") -> Extraction:
    snap = Snapshot("c", "doc", "product", None, "t", body=body, content_type=ctype)
    return extract(snap, Options(currency=currency, locale=locale))


def main_amount(result: Extraction) -> Decimal | None:
    main = result.main_price
    return main.value.amount if main and isinstance(main.value, Price) else None


def roles(result: Extraction) -> dict[Decimal, str]:
    return {f.value.amount: f.value.role for f in result.facts if isinstance(f.value, Price)}


def test_utf8_bytes_labelled_windows_1251_are_read_as_utf8() -> None:
    html = ('<html><head><meta charset="windows-1251"><title>Эхолот</title></head><body>'
            '<h1>Эхолот Humminbird</h1><p>Мощность 4000 Ватт</p>'
            '<div class="price">Цена: 35 990 руб.</div></body></html>')
    result = read(html.encode("utf-8"), currency="RUB")
    assert "Эхолот" in result.text
    assert Decimal("4000") not in roles(result)


def test_xhtml_with_an_xml_declaration_is_html() -> None:
    page = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html><html '
            'xmlns="http://www.w3.org/1999/xhtml"><head><title>AspectJ Cookbook</title></head>'
            '<body><h1>AspectJ Cookbook</h1><div class="product_price">$44.95</div>'
            '<button>Add to Cart</button></body></html>')
    result = read(page.encode("utf-8"))
    assert main_amount(result) == Decimal("44.95")
    assert result.main_price is not None and "line" not in result.main_price.evidence.locator


def test_json_numbers_are_amounts_as_written() -> None:
    answer = json.dumps({"sku": "K-1", "price": 1.299, "list": 2}).encode()
    result = read(answer, currency="KWD", ctype="application/json")
    assert main_amount(result) == Decimal("1.299")


def test_option_surcharges_are_not_the_price() -> None:
    page = ('<html><head><title>Pierścionek</title></head><body><h1>Pierścionek z brylantem'
            '</h1><span class="price">9 900,00 zł</span><select><option>G/VS2 +3 500,00 zł'
            '</option><option>E/VVS2 +1 500,00 zł</option></select>'
            '<button>Do koszyka</button></body></html>')
    result = read(page.encode("utf-8"), currency="PLN")
    assert main_amount(result) == Decimal("9900.00")
    assert roles(result)[Decimal("3500.00")] == "addon"


def test_the_cards_of_a_listing_do_not_compete_with_the_buy_box() -> None:
    cards = "".join(f'<li><a href="/p/{i}">Item {i}</a> <span class="price">${i}.99</span></li>'
                    for i in range(1, 9))
    page = (f'<html><head><title>Cupcake Pan</title></head><body><ul class="grid5">{cards}</ul>'
            '<h1>Cupcake Pan</h1><h2>Our Price $30.99</h2><button>Add to cart</button>'
            '</body></html>')
    assert main_amount(read(page.encode())) == Decimal("30.99")


def test_another_market_price_is_not_the_channel_price() -> None:
    page = ('<html><head><title>Cookbook</title></head><body><h1>Cookbook</h1>'
            '<div class="product_price"><span class="price">$44.95</span></div>'
            '<div class="product_price"><span class="price">£34.50</span></div>'
            '<button>Add to Cart</button></body></html>')
    result = read(page.encode())
    confidence = {f.value.amount: f.value.confidence for f in result.facts
                  if isinstance(f.value, Price)}
    assert (confidence[Decimal("44.95")] or 0) > (confidence[Decimal("34.50")] or 0)


def test_list_price_words_in_several_languages() -> None:
    for words, currency in (("UVP 129,99 €", "EUR"), ("RRP £26.97", "GBP"),
                            ("PVPR: 139,90 €", "EUR"), ("Retail Price: $125.00", "USD"),
                            ("Cena w innych sklepach: 4 699,00 zł", "PLN"),
                            ("Prix conseillé 59,90 €", "EUR")):
        result = read(f"<html><body><p>{words}</p></body></html>".encode(), currency=currency)
        assert set(roles(result).values()) == {"list"}, words


def test_shipping_words_in_several_languages() -> None:
    for words, currency in (("Versandkosten: 29,00 €", "EUR"), ("Frais de port : 4,90 €", "EUR"),
                            ("Spedizione 9,90 €", "EUR"), ("Frete: R$ 19,90", "BRL"),
                            ("£3.99 delivery charge", "GBP")):
        result = read(f"<html><body><p>{words}</p></body></html>".encode(), currency=currency)
        assert set(roles(result).values()) <= {"shipping", "fee"}, words


def test_price_before_tax_is_not_the_price() -> None:
    page = ('<html><head><title>Schmierfett</title></head><body><h1>Schmierfett</h1>'
            '<span class="price-excluding-tax"><span class="price">4,92 €</span></span>'
            '<span class="price-including-tax"><span class="price">5,95 €</span></span>'
            '<button>In den Warenkorb</button></body></html>')
    result = read(page.encode(), currency="EUR")
    assert roles(result)[Decimal("4.92")] == "net"
    assert main_amount(result) == Decimal("5.95")


def test_a_price_locator_reads_its_element_as_a_price_field() -> None:
    page = ('<html><body><h1>Mug</h1><p class="buy">Was €40 Now €32.50</p>'
            '<p class="note">Price: 18,50 € TTC</p></body></html>').encode()
    snap = Snapshot("c", "doc", "product", None, "t", body=page, content_type="text/html")
    located = extract(snap, Options(currency="EUR", locale="en"), Locators.model_validate(
        {"price": {"css": "p.buy"}}))
    assert main_amount(located) == Decimal("32.50")
    assert located.main_price is not None and isinstance(located.main_price.value, Price)
    assert located.main_price.value.confidence == 1.0
    noted = extract(snap, Options(currency="EUR", locale="en"), Locators.model_validate(
        {"price": {"css": "p.note"}}))
    assert main_amount(noted) == Decimal("18.50")


def test_from_prices_and_ranges_are_not_decided() -> None:
    starting = ('<html><head><title>Mattress</title></head><body><h1>Mattress</h1>'
                '<span class="price">From £1,049.00</span><select><option selected>Single '
                '( £1,049.00 )</option><option>Double ( £1,149.00 )</option>'
                '<option>King ( £1,249.00 )</option></select><button>Add to basket</button>'
                '</body></html>').encode()
    result = read(starting, currency="GBP")
    assert result.main_price is None
    assert Decimal("1049.00") in [f.value.amount for f in result.candidates
                                  if isinstance(f.value, Price)]
    ranged = ('<html><head><title>Tie</title></head><body><h1>Tie</h1>'
              '<p class="price">$55.00 – $57.00</p><button>Add to cart</button></body></html>')
    assert read(ranged.encode()).main_price is None
    discount = ('<html><head><title>Pack</title></head><body><h1>Pack PS4</h1>'
                '<p class="price">399,99 € -10%</p><button>Ajouter au panier</button>'
                '</body></html>')
    assert main_amount(read(discount.encode(), currency="EUR")) == Decimal("399.99")


def test_the_pages_structured_price_survives_a_related_card_of_the_same_amount() -> None:
    ld = json.dumps({"@type": "Product", "sku": "A1", "offers": {
        "@type": "Offer", "price": "99.90", "priceCurrency": "BRL"}})
    page = (f'<html><head><script type="application/ld+json">{ld}</script></head><body>'
            '<h1>Caneca</h1><section class="related"><p>Outra caneca R$ 99,90</p></section>'
            '</body></html>')
    assert main_amount(read(page.encode(), currency="BRL", locale="pt-BR")) == Decimal("99.90")


def test_structured_prices_in_units_that_are_no_currency_are_dropped() -> None:
    ld = json.dumps({"@type": "Product", "offers": {"@type": "Offer", "price": "0.0021",
                                                     "priceCurrency": "BTC"}})
    page = f'<html><head><script type="application/ld+json">{ld}</script></head><body></body>'
    result = read(page.encode(), currency="BRL", locale="pt-BR")
    assert result.main_price is None and result.candidates == []


def test_words_inside_other_words_give_no_role() -> None:
    for text, currency in (("<h2>iPhone Cover</h2><p>$19.99</p>", "USD"),
                           ("<p>Strick Pullover 49,99 €</p>", "EUR"),
                           ("<p>R$ 899,00 exclusivo no site</p>", "BRL"),
                           ("<p>$49.99 Exclusive online price</p>", "USD"),
                           ("<p>$19.99</p><p>In-store pickup available</p>", "USD")):
        result = read(f"<html><body>{text}</body></html>".encode(), currency=currency)
        assert set(roles(result).values()) <= {"unknown", "sale"}, text


def test_class_names_are_read_as_words() -> None:
    bold = ('<html><head><title>Mug</title></head><body><h1>Mug</h1>'
            '<span class="product-price font-bold">$69.99</span></body></html>')
    result = read(bold.encode())
    assert main_amount(result) == Decimal("69.99")
    faq = ('<html><body><div class="perguntas-frequentes"><p>Entrega em até 5 dias úteis.</p>'
           '</div><div class="product-preview"><p class="preco">R$ 59,90</p></div></body></html>')
    pt = read(faq.encode(), currency="BRL", locale="pt-BR")
    assert [f.value.max_days for f in pt.of_kind("deadline")] == [5]  # type: ignore[union-attr]
    assert Decimal("59.90") in roles(pt)


def test_a_price_locator_on_a_range_gives_candidates_not_a_price() -> None:
    page = '<html><body><h1>Tie</h1><p class="buy">€10,00 – €20,00</p></body></html>'.encode()
    snap = Snapshot("c", "doc", "product", None, "t", body=page, content_type="text/html")
    located = extract(snap, Options(currency="EUR", locale="en"), Locators.model_validate(
        {"price": {"css": "p.buy"}}))
    assert located.main_price is None
    assert sorted(f.value.amount for f in located.candidates if isinstance(f.value, Price)) == [
        Decimal("10.00"), Decimal("20.00")]
    assert not any(isinstance(f.value, Price) and f.value.main for f in located.facts)


def test_menu_and_related_labels_are_no_facts_of_the_page() -> None:
    """A navigation menu's filters and a shelf of other products state no fact of the page:
    their amounts are not read, while the buy box and the store-wide banner are."""
    html = ('<html><body><div class="topbar">Frete grátis nas compras acima de R$ 299</div>'
            '<nav><ul><li><a href="/c/1">Até R$ 99</a></li>'
            '<li><a href="/c/2">R$ 100 a R$ 199</a></li></ul></nav>'
            '<div class="mega-menu"><a href="/o">Outlet: tudo por R$ 49,90</a></div>'
            '<h1>Tênis Brisa</h1><div class="preco">por <strong>R$ 399,90</strong></div>'
            '<p>Receba em 2 a 5 dias úteis.</p>'
            '<section class="vitrine"><ul><li><a href="/p/2">Bota Serra</a><b>R$ 529,90</b>'
            '</li><li><a href="/p/3">Sandália Maré</a><b>R$ 129,90</b></li></ul></section>'
            '</body></html>')
    result = read(html.encode("utf-8"), currency="BRL", locale="pt-BR")
    assert main_amount(result) == Decimal("399.90")
    amounts = {f.value.amount for f in result.facts if isinstance(f.value, Price)}
    assert amounts.isdisjoint({Decimal("99"), Decimal("100"), Decimal("199"), Decimal("49.90"),
                               Decimal("529.90"), Decimal("129.90")}), amounts
    kinds = {f.kind for f in result.facts}
    assert {"deadline", "free_shipping"} <= kinds, kinds
    assert "Bota Serra" in result.text and "Até R$ 99" in result.text
