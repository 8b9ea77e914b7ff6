"""Things real shop pages say that are not the facts they resemble.

Each case is a fragment as a page shows it (its readable text), read in the page's locale:
dimensions and pack sizes are not installment plans, opening hours and "7 days a week"
are not deadlines, a customer's "arrived in 2 days" is not the store's promise, prices
per kilo are not installments. Next to each trap sits the real fact, which must survive.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from cohesion_cli.domain import Deadline, FreeShipping, Installment, ReturnWindow, Value
from cohesion_cli.extract import lang
from cohesion_cli.extract.days import find_days
from cohesion_cli.extract.installments import find_installments
from cohesion_cli.extract.shipping import find_free_shipping


def deadlines(text: str, locale: str) -> list[Value]:
    return [hit.value for hit in find_days(text, locale=locale)[0]]


def returns(text: str, locale: str) -> list[Value]:
    return [hit.value for hit in find_days(text, locale=locale)[1]]


def plans(text: str, locale: str, currency: str = "BRL") -> list[Value]:
    return [hit.value for hit in find_installments(text, currency, locale=locale)]


def free_shipping(text: str, locale: str, currency: str = "BRL") -> list[Value]:
    return [hit.value for hit in find_free_shipping(text, currency, locale=locale)]


# ------------------------------------------------------------- dimensions and quantities

@pytest.mark.parametrize(("locale", "text", "expected"), [
    ("en-US", "Product Dimensions\n18.20 x 16.00 x 37.50 inches\nItem Weight: 22.5 pounds",
     []),
    ("pt-BR", "Especificações\nDimensões: 20 x 16,5 x 37 cm\nPeso: 2,4 kg\n"
              "12x de R$ 74,92 sem juros",
     [Installment(12, Decimal("74.92"), "BRL", True)]),
    ("pt-BR", "Quadro decorativo 20x30 cm com moldura\nem até 3x sem juros",
     [Installment(3, None, "BRL", True)]),
    ("pt-BR", "Tamanho (L x A x P): 18.20 x 16.00 x 37.50 cm", []),
    ("en-US", "Pack of 2 x 250 ml bottles", []),
    ("pt-BR", "Kit 2x1: leve 2 e pague 1", []),
    ("pt-BR", "Leve 3 pague 2 em toda a linha de shampoos", []),
    ("pt-BR", "Carregamento até 2x mais rápido que a geração anterior", []),
    ("en-US", "5x zoom, up to 3x faster autofocus", []),
    ("es", "Cámara con hasta 5x zoom óptico y enfoque 2x más rápido", []),
])
def test_sizes_packs_and_comparisons_are_not_installments(
        locale: str, text: str, expected: list[Value]) -> None:
    assert plans(text, locale) == expected


# ------------------------------------------------------------- prices per unit of measure

@pytest.mark.parametrize(("locale", "currency", "text"), [
    ("pt-BR", "BRL", "Queijo minas frescal\nR$ 12,90/kg"),
    ("pt-BR", "BRL", "Leve 2x R$ 12,90/kg"),
    ("pt-PT", "EUR", "Champô hidratante 250 ml\n€ 3,49 / 100 ml"),
    ("es", "EUR", "Gel de ducha 750 ml · 2 x € 3,49 / 100 ml"),
    ("en-US", "USD", "Pack of 12 cans\n$2.99 ($0.25/oz)"),
])
def test_unit_prices_are_not_installments(locale: str, currency: str, text: str) -> None:
    assert plans(text, locale, currency) == []
    assert deadlines(text, locale) == []


# ------------------------------------------------------------- hours, weekdays, frequencies

@pytest.mark.parametrize(("locale", "text", "expected"), [
    ("en-US", "Customer care 7 days a week\nDelivery in 3-5 business days",
     [Deadline(3, 5, True)]),
    ("pt-BR", "Entregamos 7 dias por semana, inclusive feriados.", []),
    ("pt-BR", "Suporte 24/7 pelo chat\nEntrega em até 2 dias úteis", [Deadline(None, 2, True)]),
    ("en-US", "Support 24/7 · Free delivery 7 days a week", []),
    ("pt-BR", "Central de atendimento de segunda a sábado, das 8h às 20h", []),
    ("pt-BR", "Retire na loja ou receba em casa. Lojas: Seg a Sex 9h–18h, Sáb 9h–13h", []),
    ("es", "Atención al cliente: abierto de lunes a viernes de 9 a 18 h", []),
    ("es", "Entregas de lunes a sábado de 10 a 20 h. Envío en 24/48 h.",
     [Deadline(1, 2, None)]),
])
def test_opening_hours_and_frequencies_are_not_deadlines(
        locale: str, text: str, expected: list[Value]) -> None:
    assert deadlines(text, locale) == expected


# ------------------------------------------------------------- a customer's past

@pytest.mark.parametrize(("locale", "text"), [
    ("pt-BR", "★★★★★ Troquei em 10 dias sem problema, a loja foi ótima."),
    ("pt-BR", "Maria S. — Chegou em 3 dias, antes do prazo!"),
    ("pt-BR", "Comprei na sexta e recebi em 2 dias úteis."),
    ("en-US", "I returned it after 30 days and the process was painless."),
    ("en-US", "Arrived in 2 days, well packed."),
    ("es", "Lo devolví a los 15 días y me lo cambiaron sin problema."),
    ("es", "Me llegó en 3 días hábiles, muy contento."),
    ("pt-PT", "Encomendei na segunda e chegou em 2 dias."),
])
def test_first_person_experiences_are_not_promises(locale: str, text: str) -> None:
    assert deadlines(text, locale) == []
    assert returns(text, locale) == []


@pytest.mark.parametrize(("locale", "text", "deadline", "window"), [
    ("pt-BR", "Receba em até 3 dias úteis. Troque em até 30 dias.", Deadline(None, 3, True), 30),
    ("en-US", "Arrives in 2 days. Items must be returned within 30 days.",
     Deadline(None, 2, None), 30),
    ("es", "Envío en 3 a 5 días hábiles. Devoluciones gratis hasta 30 días.",
     Deadline(3, 5, True), 30),
    ("pt-PT", "Envio em 24h. Devoluções até 30 dias.", Deadline(None, 1, None), 30),
])
def test_the_stores_own_promises_are_read(
        locale: str, text: str, deadline: Deadline, window: int) -> None:
    assert deadlines(text, locale) == [deadline]
    assert returns(text, locale) == [ReturnWindow(window)]


# ------------------------------------------------------------- Spanish installment plans

@pytest.mark.parametrize(("text", "expected"), [
    ("Hasta 12 cuotas sin interés de $ 8.333", Installment(12, Decimal("8333"), "ARS", True)),
    ("3 cuotas de $ 1.000", Installment(3, Decimal("1000"), "ARS", None)),
    ("o 6 cuotas de $ 2.166,50", Installment(6, Decimal("2166.50"), "ARS", None)),
    ("12 meses sin intereses", Installment(12, None, "ARS", True)),
    ("Paga en 3 plazos sin intereses de 33,33", Installment(3, Decimal("33.33"), "ARS", True)),
    ("18 cuotas con interés", Installment(18, None, "ARS", False)),
])
def test_spanish_installment_plans(text: str, expected: Installment) -> None:
    [plan] = plans(text, "es-AR", "ARS")
    assert isinstance(plan, Installment)
    assert (plan.count, plan.amount, plan.interest_free) == (
        expected.count, expected.amount, expected.interest_free)


@pytest.mark.parametrize("text", ["Garantía oficial de 12 meses", "Hasta 12 meses de garantía"])
def test_months_without_interest_terms_are_no_plan(text: str) -> None:
    assert plans(text, "es") == []


# ------------------------------------------------------------- the locale decides the words

def test_each_locale_reads_its_own_words() -> None:
    english = "Free shipping on orders over $50"
    assert free_shipping(english, "en-US", "USD") == [FreeShipping(Decimal("50"), "USD")]
    assert free_shipping(english, "pt-BR", "USD") == []
    assert free_shipping("Portes grátis em encomendas acima de €50", "pt-PT", "EUR") == [
        FreeShipping(Decimal("50"), "EUR")]
    assert free_shipping("Envío gratis a partir de 50 euros", "es", "EUR") == [
        FreeShipping(Decimal("50"), "EUR")]


def test_a_threshold_written_with_the_euro_sign_after_the_amount() -> None:
    assert free_shipping("Envío gratis a partir de 50 €", "es", "EUR") == [
        FreeShipping(Decimal("50"), "EUR")]


def test_portugal_ships_where_brazil_dispatches() -> None:
    assert deadlines("Envio em 24h para todo o país", "pt-PT") == [Deadline(None, 1, None)]
    assert deadlines("Envio em 24h para todo o país", "pt-BR") == []
    assert deadlines("Envio em 24h para todo o país", "fr-FR") == []


def test_an_unknown_locale_reads_every_language() -> None:
    text = "Entrega em até 5 dias úteis · Delivery in 3 business days · Envío en 2 días hábiles"
    assert deadlines(text, "fr-FR") == [
        Deadline(None, 5, True), Deadline(None, 3, True), Deadline(None, 2, True)]
    assert deadlines(text, "pt-BR") == [Deadline(None, 5, True)]


@pytest.mark.parametrize(("locale", "key"), [
    ("pt-BR", "pt-BR"), ("pt", "pt-BR"), ("pt_PT", "pt-PT"), ("en-US", "en"), ("en-GB", "en"),
    ("ES-mx", "es"), ("fr-FR", "*"), ("", "*"),
])
def test_locale_tags(locale: str, key: str) -> None:
    assert lang.tag(locale) == key
