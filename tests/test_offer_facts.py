"""Reading payment-method discounts, offer validity, stock and store services: from text in
pt-BR, pt-PT, en and es, from JSON-LD, an app's JSON and a feed's g:availability."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from click.testing import Result

from cohesion_cli.channels.extraction import ExtractContext
from cohesion_cli.channels.kinds import feed
from cohesion_cli.channels.parsers.feed import parse_feed
from cohesion_cli.domain import (
    Availability,
    Evidence,
    Fact,
    PaymentDiscount,
    PromotionWindow,
    Snapshot,
    StoreService,
    Value,
)
from cohesion_cli.extract.offers import find_promotion_windows
from cohesion_cli.extract.reader import extract
from cohesion_cli.extract.result import Options
from cohesion_cli.extract.serialize import fact_dict, fact_from_dict
from cohesion_cli.rulebook.catalog import Product
from cohesion_cli.rulebook.models import Channel

KINDS = (PaymentDiscount, PromotionWindow, Availability, StoreService)


def read(body: str, locale: str = "pt-BR", content_type: str = "text/plain",
         day: str = "2026-11-20T12:00:00Z") -> list[Value]:
    snap = Snapshot("c", "doc", "product", "A1", day, body=body.encode("utf-8"),
                    content_type=content_type)
    return [f.value for f in extract(snap, Options(locale=locale, sku="A1")).facts
            if isinstance(f.value, KINDS)]


def pct(method: str, percent: str) -> PaymentDiscount:
    return PaymentDiscount(method, Decimal(percent))  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "locale", "expected"), [
    ("ou R$ 1.804,05 à vista no Pix (5% de desconto)", "pt-BR", [pct("pix", "5")]),
    ("5% de desconto no Pix", "pt-BR", [pct("pix", "5")]),
    ("Pagando no Pix você ganha 5% de desconto!", "pt-BR", [pct("pix", "5")]),
    ("Desconto de 10% no boleto bancário", "pt-BR", [pct("cash", "10")]),
    ("12x sem juros ou 8% de desconto à vista", "pt-BR", [pct("cash", "8")]),
    ("Pix: 7,5% off", "pt-BR", [pct("pix", "7.5")]),
    ("5% off when paying by bank transfer", "en", [pct("cash", "5")]),
    ("3% de descuento pagando en efectivo", "es", [pct("cash", "3")]),
    ("10% off na primeira compra", "pt-BR", []),
    ("10% de desconto na primeira compra. Pague com Pix ou cartão", "pt-BR", []),
    ("Aceitamos Pix, boleto e cartão", "pt-BR", []),
])
def test_payment_discounts(text: str, locale: str, expected: list[Value]) -> None:
    assert read(text, locale) == expected


@pytest.mark.parametrize(("text", "locale", "expected"), [
    ("Oferta válida até 30/11", "pt-BR", PromotionWindow(date(2026, 11, 30), None, False)),
    ("oferta até 12/12/2026", "pt-BR", PromotionWindow(date(2026, 12, 12))),
    ("Promoção de 01/11 a 30/11", "pt-BR",
     PromotionWindow(date(2026, 11, 30), date(2026, 11, 1), False)),
    ("Campanha de 20/12 a 10/01", "pt-BR",
     PromotionWindow(date(2027, 1, 10), date(2026, 12, 20), False)),
    ("Promoção válida até 5 de dezembro de 2026", "pt-BR", PromotionWindow(date(2026, 12, 5))),
    ("Preços válidos até 31/12/26 ou enquanto durarem os estoques", "pt-PT",
     PromotionWindow(date(2026, 12, 31))),
    ("Sale ends November 30", "en", PromotionWindow(date(2026, 11, 30), None, False)),
    ("Offer valid until 11/30/2026", "en", PromotionWindow(date(2026, 11, 30))),
    ("Oferta válida hasta el 30 de noviembre", "es",
     PromotionWindow(date(2026, 11, 30), None, False)),
])
def test_validity_windows(text: str, locale: str, expected: PromotionWindow) -> None:
    assert read(text, locale) == [expected]


@pytest.mark.parametrize(("text", "locale"), [
    ("Entrega até 30/11", "pt-BR"),            # a delivery, not an offer
    ("Compre até 20/12 e receba antes do Natal", "pt-BR"),
    ("Black Friday: descontos até 70%", "pt-BR"),
    ("Preço válido até 31/02", "pt-BR"),        # no such day
    ("Offer ends 12/05", "en"),                # December 5 or May 12: not read
    ("Oferta válida por 7 dias", "pt-BR"),
])
def test_not_validity_windows(text: str, locale: str) -> None:
    assert read(text, locale) == []


def test_a_year_left_unsaid_is_the_one_nearest_the_day_read() -> None:
    in_may = find_promotion_windows("Oferta válida até 11/05", locale="pt-BR",
                                    read_on=date(2025, 5, 14))
    in_january = find_promotion_windows("Oferta válida até 20/12", locale="pt-BR",
                                        read_on=date(2027, 1, 3))
    assert [h.value for h in in_may + in_january] == [
        PromotionWindow(date(2025, 5, 11), None, False),
        PromotionWindow(date(2026, 12, 20), None, False)]


@pytest.mark.parametrize(("text", "locale", "status"), [
    ("Produto esgotado", "pt-BR", "out_of_stock"),
    ("Indisponível no momento. Avise-me quando chegar", "pt-BR", "out_of_stock"),
    ("Este modelo não está em estoque", "pt-BR", "out_of_stock"),
    ("Em estoque — pronta entrega", "pt-BR", "in_stock"),
    ("Produto temporariamente indisponível para compra", "pt-BR", "out_of_stock"),
    ("Out of stock in this size", "en", None),
    ("Sem stock", "pt-PT", "out_of_stock"),
    ("Currently unavailable", "en", "out_of_stock"),
    ("Only 3 left in stock", "en", "in_stock"),
    ("Agotado", "es", "out_of_stock"),
    ("Comprar\nEsgotado\n", "pt-BR", "out_of_stock"),
])
def test_availability_in_text(text: str, locale: str, status: str | None) -> None:
    assert read(text, locale) == ([Availability(status)] if status else [])  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [
    "Tamanho 40 esgotado",                 # one size, not the product
    "Em estoque. Produto esgotado",        # says both: not read
    "Frete indisponível para o seu CEP",
    "Produto temporariamente indisponível para acesso automatizado",   # a bot wall
    "Produto indisponível na sua região",
])
def test_no_availability_in_text(text: str) -> None:
    assert read(text) == []


def page(body: str, ld: dict[str, Any] | None = None) -> str:
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    return f"<html><head>{script}</head><body><h1>Tênis</h1><p>R$ 399,90</p>{body}</body></html>"


def test_a_sold_out_size_in_a_picker_is_not_the_product() -> None:
    html = page('<ul class="size-picker"><li><span>38</span><span>Esgotado</span></li></ul>')
    assert read(html, content_type="text/html") == []
    assert read(page("<button>Esgotado</button>"), content_type="text/html") == [
        Availability("out_of_stock")]


def test_json_ld_wins_over_text_and_one_variant_in_stock_is_enough() -> None:
    ld = {"@type": "Product", "sku": "A1", "offers": [
        {"@type": "Offer", "price": "399.90", "availability": "https://schema.org/OutOfStock"},
        {"@type": "Offer", "price": "399.90", "availability": "http://schema.org/InStock"}]}
    assert read(page("<p>Produto esgotado</p>", ld), content_type="text/html") == [
        Availability("in_stock")]
    ld["offers"] = {"@type": "Offer", "price": "399.90", "availability": "SoldOut"}
    assert read(page("", ld), content_type="text/html") == [Availability("out_of_stock")]


def test_microdata_availability_of_the_product_not_of_related_items() -> None:
    html = page('<div itemscope itemtype="https://schema.org/Product"><span itemprop="name">T'
                '</span><div itemprop="offers" itemscope itemtype="https://schema.org/Offer">'
                '<span itemprop="price" content="399.90">R$ 399,90</span>'
                '<link itemprop="availability" href="https://schema.org/OutOfStock"></div>'
                '<div itemprop="isRelatedTo" itemscope itemtype="https://schema.org/Product">'
                '<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">'
                '<link itemprop="availability" href="https://schema.org/InStock">'
                '</div></div></div>')
    assert read(html, content_type="text/html") == [Availability("out_of_stock")]


def test_app_json_stock_and_pix_discount() -> None:
    body = json.dumps({"id": "A1", "disponivel": False,
                       "oferta": {"preco_por": 399.9, "desconto_pix_percentual": 5}})
    assert read(body, content_type="application/json") == [
        Availability("out_of_stock"), pct("pix", "5")]


@pytest.mark.parametrize(("text", "locale", "expected"), [
    ("Retire grátis na loja em 2 horas", "pt-BR", [StoreService("pickup_in_store", True)]),
    ("Não fazemos retirada na loja.", "pt-BR", [StoreService("pickup_in_store", False)]),
    ("Retirada na loja indisponível para este produto", "pt-BR",
     [StoreService("pickup_in_store", False)]),
    ("Troca em até 30 dias em qualquer loja da rede", "pt-BR",
     [StoreService("exchange_in_any_store", True)]),
    ("Levantamento gratuito em loja", "pt-PT", [StoreService("pickup_in_store", True)]),
    ("Free store pickup", "en", [StoreService("pickup_in_store", True)]),
    ("Exchanges at any of our stores", "en", [StoreService("exchange_in_any_store", True)]),
    ("Recogida en tienda gratis", "es", [StoreService("pickup_in_store", True)]),
    ("Visite nossa loja no centro", "pt-BR", []),
])
def test_store_services(text: str, locale: str, expected: list[Value]) -> None:
    assert [v for v in read(text, locale) if isinstance(v, StoreService)] == expected


@pytest.mark.parametrize("value", [
    pct("pix", "5"), PromotionWindow(date(2026, 11, 30), date(2026, 11, 1), False),
    PromotionWindow(date(2026, 11, 30)), Availability("backorder"),
    StoreService("exchange_in_any_store", False),
])
def test_new_facts_round_trip_through_json(value: Value) -> None:
    one = Fact(value, Evidence("e", "l", "s", "x"))
    assert fact_from_dict(json.loads(json.dumps(fact_dict(one)))) == one


def test_extract_json_contract_of_the_new_kinds(cli: Callable[..., Result]) -> None:
    text = ("5% de desconto no Pix. Oferta válida de 01/11/2026 a 30/11/2026.\n"
            "Produto esgotado.\nNão fazemos retirada na loja.")
    result = cli("extract", "-", "--format", "json", input=text)
    assert result.exit_code == 0
    found = {f["kind"]: {k: v for k, v in f.items() if k != "evidence"}
             for f in json.loads(result.output)["facts"]}
    assert found == {
        "payment_discount": {"kind": "payment_discount", "method": "pix", "percent": "5"},
        "promotion_window": {"kind": "promotion_window", "start": "2026-11-01",
                             "end": "2026-11-30", "year_stated": True},
        "availability": {"kind": "availability", "status": "out_of_stock", "in_stock": False},
        "store_service": {"kind": "store_service", "service": "pickup_in_store",
                          "offered": False}}


FEED = b"""<?xml version="1.0"?>
<rss xmlns:g="http://base.google.com/ns/1.0"><channel>
<item><g:id>A1</g:id><g:price>399.90 BRL</g:price>
  <g:availability>out of stock</g:availability></item>
<item><g:id>B2</g:id><g:price>99.90 BRL</g:price><g:availability>in_stock</g:availability></item>
<item><g:id>C3</g:id><g:price>9.90 BRL</g:price><g:sale_price>8.90 BRL</g:sale_price>
  <g:sale_price_effective_date>2026-11-20T00:00-03:00/2026-11-30T23:59-03:00
  </g:sale_price_effective_date></item>
</channel></rss>"""


def test_feed_availability_and_sale_dates_are_read() -> None:
    assert [i.availability for i in parse_feed(FEED)] == ["out of stock", "in_stock", None]
    ctx = ExtractContext(Channel(id="gs", kind="feed", location="f.xml"),
                         (Product(sku="A1"), Product(sku="C3")), "BRL", "pt-BR")
    snap = Snapshot("gs", "f.xml", "product", None, "2026-11-20", body=FEED)
    seen = {e.snapshot.product: [f.value for f in e.facts
                                 if isinstance(f.value, (Availability, PromotionWindow))]
            for e in feed.extract(snap, ctx)}
    assert seen == {"A1": [Availability("out_of_stock")],
                    "C3": [PromotionWindow(date(2026, 11, 30), date(2026, 11, 20))]}
