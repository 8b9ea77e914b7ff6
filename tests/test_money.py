"""One money parser: the number rule, the currency table, and every caller agreeing.

Amounts are rendered by Babel (CLDR data) in pt-BR, en, pt-PT, de, fr, es and de-CH styles,
with and without a currency, and read by each place where cohesion turns an amount string
into a Decimal: the text scanner, rulebook amounts, feed prices, the catalog CSV and the
quoted prices of observations.
"""

from __future__ import annotations

import io
import json
import tempfile
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from babel.numbers import format_currency, format_decimal, get_currency_symbol, list_currencies
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.console import Console

from cohesion_cli.channels.extraction import ExtractContext
from cohesion_cli.channels.kinds import observations
from cohesion_cli.channels.parsers.feed import parse_feed
from cohesion_cli.channels.parsers.observations import ObservationsError, parse_observations
from cohesion_cli.commands.record import run_record
from cohesion_cli.domain import Price, Snapshot
from cohesion_cli.money import currencies, field_signs
from cohesion_cli.money.text import (
    MONEY_ANON,
    MONEY_OR_BARE,
    currency_of,
    decimal_mark,
    find_money,
    parse_amount,
    parse_number,
    parse_price,
    quoted_amount,
)
from cohesion_cli.rulebook.catalog import Product
from cohesion_cli.rulebook.catalog_csv import read_catalog_csv
from cohesion_cli.rulebook.fields import parse_amount_input
from cohesion_cli.rulebook.models import Channel
from cohesion_cli.rulebook.products import Products

D = Decimal

# --- the number rule ------------------------------------------------------------------------

NUMBERS = [
    ("1.299,90", D("1299.90")), ("1,299.99", D("1299.99")), ("74,92", D("74.92")),
    ("19.99", D("19.99")), ("1.299", D("1299")), ("1,299", D("1299")), ("0.299", D("0.299")),
    ("0,299", D("0.299")), ("0,500", D("0.500")), ("1,2345", D("1.2345")),
    ("1.2345", D("1.2345")), ("1234,567", D("1234.567")), ("12,5", D("12.5")),
    ("1.234.567", D("1234567")), ("1,234,567.89", D("1234567.89")),
    ("1.234.567,89", D("1234567.89")), ("1 299,90", D("1299.90")),
    ("1\u00a0299,90", D("1299.90")), ("1\u202f299,90", D("1299.90")),
    ("1\u2009299,90", D("1299.90")), ("1'049,95", D("1049.95")), ("1’049.95", D("1049.95")),
    ("12 000", D("12000")), ("1 234.567", D("1234.567")), (".75", D("0.75")),
    ("1,49,999", D("149999")), ("99,-", D("99")), ("49.–", D("49")), ("1700.", D("1700")),
    ("34.992001", D("34.992001")), ("1000000000", D("1000000000")),
]
NOT_NUMBERS = ["", "abc", "1e30", "1E5", "NaN", "Infinity", "-5", "+5", "1.2.3", "12.5.6",
               "1.2,3.4", "1,23,4", "1 23", "1.234 567", "1000000000.01", "99999999999",
               "1..2", "١٢٣", "1_000"]


@pytest.mark.parametrize(("token", "expected"), NUMBERS)
def test_parse_number(token: str, expected: Decimal) -> None:
    assert parse_number(token) == expected


@pytest.mark.parametrize("token", NOT_NUMBERS)
def test_parse_number_refuses(token: str) -> None:
    assert parse_number(token) is None


def test_three_decimal_currencies_follow_the_locale() -> None:
    assert parse_number("423.923", currency="KWD") == D("423.923")
    assert parse_number("423.923", currency="BRL") == D("423923")
    assert parse_number("1,234", currency="KWD") == D("1234")  # "," is not en's decimal mark
    assert parse_number("1,234", currency="TND", locale="fr-TN") == D("1.234")
    assert parse_number("0.299", locale="pt-BR") == D("0.299")  # a lone 0: always decimal
    assert (decimal_mark("pt-BR"), decimal_mark("en"), decimal_mark("de_CH"),
            decimal_mark("es-MX"), decimal_mark(None)) == (",", ".", ".", ".", ".")


# --- the text scanner -----------------------------------------------------------------------

FOUND = [
    ("R$ 1.299,90", "BRL", [("1299.90", "BRL")]),
    ("12x de R$ 74,92 sem juros", "BRL", [("74.92", "BRL")]),
    ("12,44 €", "BRL", [("12.44", "EUR")]),
    ("40.00€", "BRL", [("40.00", "EUR")]),
    ("49 890 тг.", "BRL", [("49890", "KZT")]),
    ("1 299 Kč", "BRL", [("1299", "CZK")]),
    ("99,90 zł", "BRL", [("99.90", "PLN")]),
    ("₩ 12,000", "BRL", [("12000", "KRW")]),
    ("12 000 원", "BRL", [("12000", "KRW")]),
    ("¥1,980", "BRL", [("1980", "JPY")]),
    ("¥1,980", "CNY", [("1980", "CNY")]),
    ("22000.00元/台", "BRL", [("22000.00", "CNY")]),
    ("₹1,499", "BRL", [("1499", "INR")]),
    ("₹1,49,999", "BRL", [("149999", "INR")]),
    ("Rs. 1,499", "BRL", [("1499", "INR")]),
    ("1.299 ₺", "BRL", [("1299", "TRY")]),
    ("1 299 kr", "BRL", [("1299", "SEK")]),
    ("1 299 kr", "NOK", [("1299", "NOK")]),
    ("1.198,- Kr", "DKK", [("1198", "DKK")]),
    ("129,90 kn", "BRL", [("129.90", "HRK")]),
    ("CHF 49.90", "BRL", [("49.90", "CHF")]),
    ("CHF 1'049,95", "BRL", [("1049.95", "CHF")]),
    ("€1'049,95", "BRL", [("1049.95", "EUR")]),
    ("171900 руб.", "BRL", [("171900", "RUB")]),
    ("6 300 ₽", "BRL", [("6300", "RUB")]),
    ("A$190.00", "BRL", [("190.00", "AUD")]),
    ("AU$ 12", "USD", [("12", "AUD")]),
    ("CA$12.50", "USD", [("12.50", "CAD")]),
    ("C$ 12", "BRL", [("12", "CAD")]),
    ("12 AUD", "USD", [("12", "AUD")]),
    ("NZ$ 12", "BRL", [("12", "NZD")]),
    ("HK$12", "BRL", [("12", "HKD")]),
    ("S$ 12", "BRL", [("12", "SGD")]),
    ("US$ 19.99", "BRL", [("19.99", "USD")]),
    ("USD 12", "BRL", [("12", "USD")]),
    ("12 usd", "BRL", [("12", "USD")]),
    ("US$:12.99", "BRL", [("12.99", "USD")]),
    ("R$\n1.299,90", "BRL", [("1299.90", "BRL")]),
    ("R$   1.299,90", "BRL", [("1299.90", "BRL")]),
    ("$ 12", "BRL", [("12", "USD")]),
    ("$ 12", "MXN", [("12", "MXN")]),
    ("$ 12", "CAD", [("12", "CAD")]),
    ("$.75", "USD", [("0.75", "USD")]),
    ("1.299,90 reais", "BRL", [("1299.90", "BRL")]),
    ("Fr. 49.–", "BRL", [("49", "CHF")]),
    ("R$ 2.499,-", "BRL", [("2499", "BRL")]),
    (" 423.923 KD", "BRL", [("423.923", "KWD")]),
    ("Rp 31.500", "BRL", [("31500", "IDR")]),
    ("1 GEL", "BRL", [("1", "GEL")]),
    ("EUR29.66 (inc VAT)", "BRL", [("29.66", "EUR")]),
    ("SGD4.90 $", "BRL", [("4.90", "SGD")]),
    ("Cine 2.1 R$ 2.499,00", "BRL", [("2499.00", "BRL")]),
    ("meals$65.94$10.99", "USD", [("65.94", "USD"), ("10.99", "USD")]),
    ("12,44 € 13,00 €", "BRL", [("12.44", "EUR"), ("13.00", "EUR")]),
    ("R$ 0,299", "BRL", [("0.299", "BRL")]),
    ("De R$ 699,90 por R$ 599, 90 ou 12x", "BRL", [("699.90", "BRL"), ("599.90", "BRL")]),
    ("$119. 95", "USD", [("119.95", "USD")]),
    ("1.837, 32 €", "BRL", [("1837.32", "EUR")]),
    ("R$ 150, 12x sem juros", "BRL", [("150", "BRL")]),
    ("R$ 1,2345", "BRL", [("1.2345", "BRL")]),
    ("NZD $ 12", "USD", [("12", "NZD")]), ("preço em AUD $45.00", "BRL", [("45.00", "AUD")]),
]
NOTHING = [
    "Largeur 19", "Ukraine 12", "2 bids", "EUROPA 12", "Lei 8.078/90 (CDC)", "AMD 7950X",
    "SHOWER GEL 250 ML", "TOP 10 ofertas", "PHP 8.2", "12 ft", "16.00 ft",
    "-12 €", "−R$ 10", "R$ 0,00", "0 €", "1e30 €", "R$ 1000000000,01", "usd 12", "R$ 10%",
    "KM 12", "15.08.2017", "4.81 16 von 5", "Código de barras 7891234567890",
    # signs the field parser reads, but units and words in free text
    "Size L 40", "5 KM", "20 pounds", "Kit 2 E 3", "Q 3", "R 273", "Tamanho P 38", "45 MT",
    "80 din", "12 som", "pound 5", "NT 450", "12 000 تومان", "0.5 ₿",
]


@pytest.mark.parametrize(("text", "default", "expected"), FOUND)
def test_find_money(text: str, default: str, expected: list[tuple[str, str]]) -> None:
    assert [(str(h.amount), h.currency) for h in find_money(text, default)] == expected


@pytest.mark.parametrize("text", NOTHING)
def test_find_money_refuses(text: str) -> None:
    assert find_money(text, "BRL") == []


def test_embedded_patterns_match_what_the_scanner_finds() -> None:
    import re

    for text, _, expected in FOUND:
        if len(expected) == 1:
            match = re.search(MONEY_ANON, text)
            assert match is not None and find_money(match.group(0), "BRL"), text
    assert re.fullmatch(MONEY_OR_BARE, "1.299,90")
    assert not re.search(MONEY_ANON, "Largeur 19 EURx 12")


def test_parse_amount_falls_back_to_bare_numbers() -> None:
    hit = parse_amount("Preço 1.299", "BRL")
    assert hit is not None and (hit.amount, hit.currency) == (D("1299"), "BRL")
    bare = parse_amount("Valor: 79,90", "BRL")
    assert bare is not None and (bare.amount, bare.currency) == (D("79.90"), "BRL")
    assert parse_amount("sem preço", "BRL") is None


def test_quoted_amount_needs_a_currency_or_cents() -> None:
    assert quoted_amount("R$ 429 à vista", "BRL") is not None
    assert quoted_amount("429,90", "BRL") is not None
    assert quoted_amount("429", "BRL") is None
    assert quoted_amount("não informado", "BRL") is None


# --- the currency table ---------------------------------------------------------------------

@pytest.mark.parametrize(("sign", "default", "code"), [
    ("$", "BRL", "USD"), ("$", "AUD", "AUD"), ("$", "ARS", "ARS"), ("A$", "USD", "AUD"),
    ("AUD", "USD", "AUD"), ("CA$", "USD", "CAD"), ("US$", "CAD", "USD"), ("kr", "DKK", "DKK"),
    ("kr", "BRL", "SEK"), ("R$", "USD", "BRL"), ("r$", "USD", "BRL"), ("€", "BRL", "EUR"),
    ("Zł", "BRL", "PLN"), ("", "BRL", "BRL"), ("XYZ", "BRL", "BRL"), ("try", "BRL", "TRY"),
])
def test_currency_of(sign: str, default: str, code: str) -> None:
    assert currency_of(sign, default) == code


def test_every_code_is_iso_4217() -> None:
    known = set(list_currencies())
    mapped = {c for table in (currencies.SIGNS, currencies.EXACT_SIGNS)
              for codes in table.values() for c in codes.split()}
    assert mapped | currencies.CODES | currencies.WORD_CODES <= known
    assert currencies.FOLDED_CODES <= currencies.CODES
    assert currencies.THREE_DECIMALS <= currencies.CODES
    assert not currencies.CODES & currencies.WORD_CODES


@pytest.mark.parametrize(("code", "locale"), [
    ("BRL", "pt_BR"), ("EUR", "pt_PT"), ("GBP", "en_GB"), ("JPY", "ja"), ("CNY", "zh"),
    ("KRW", "ko"), ("INR", "hi"), ("RUB", "ru"), ("PLN", "pl"), ("CZK", "cs"), ("TRY", "tr"),
    ("UAH", "uk"), ("KZT", "kk"), ("CHF", "de_CH"), ("SEK", "sv"), ("NOK", "nb"),
    ("DKK", "da"), ("HUF", "hu"), ("ILS", "he"), ("VND", "vi"), ("THB", "th"), ("PHP", "fil"),
    ("NGN", "en_NG"), ("IDR", "id"), ("MYR", "ms"), ("AUD", "en_AU"), ("CAD", "en_CA"),
    ("AUD", "en"), ("CAD", "en"), ("HKD", "en"), ("NZD", "en"), ("MXN", "en"), ("TWD", "en"),
    ("USD", "pt"), ("BGN", "bg"), ("RON", "ro"), ("USD", "en"), ("EUR", "de"), ("GBP", "en"),
])
def test_cldr_symbols_map_back_to_their_code(code: str, locale: str) -> None:
    """The symbol CLDR gives a currency in its home locale reads as that currency there."""
    symbol = get_currency_symbol(code, locale=locale)
    assert currency_of(symbol, code) == code
    assert [h.currency for h in find_money(f"12 {symbol}", code)] == [code]


# --- one field, one amount ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("399.90 BRL", (D("399.90"), "BRL")), ("BRL 399.90", (D("399.90"), "BRL")),
    ("R$ 1.299,90", (D("1299.90"), "BRL")), ("15 usd", (D("15"), "USD")),
    ("1.299", (D("1299"), None)), ("0.299", (D("0.299"), None)), ("0", (D("0"), None)),
    ("US$:12.99", (D("12.99"), "USD")), ("12,44 €", (D("12.44"), "EUR")),
    ("1 GEL", (D("1"), "GEL")), ("TRY 12", (D("12"), "TRY")), ("R$ 12 BRL", (D("12"), "BRL")),
])
def test_parse_price(text: str, expected: tuple[Decimal, str | None]) -> None:
    assert parse_price(text) == expected


@pytest.mark.parametrize("text", ["", "grátis", "-5.00 BRL", "1e5 BRL", "399.90 XYZ",
                                  "399.90 BRL extra", "R$ 12 USD", "12 34 €", "x" * 80])
def test_parse_price_refuses(text: str) -> None:
    assert parse_price(text) is None


FIELD_SIGNS = [  # (text, default currency, expected): signs only a price field reads
    ("KM 45,50", None, (D("45.50"), "BAM")), ("R 1 299,00", None, (D("1299.00"), "ZAR")),
    ("45 MT", None, (D("45"), "MZN")), ("120 Re", None, (D("120"), "INR")),
    ("80 din", None, (D("80"), "RSD")), ("35 ლ", None, (D("35"), "GEL")),
    ("45 ش.ج", None, (D("45"), "ILS")), ("र 1,250", None, (D("1250"), "NPR")),
    ("2 500 RF", None, (D("2500"), "RWF")), ("UM 300", None, (D("300"), "MRU")),
    ("NT 450", None, (D("450"), "TWD")), ("Q 125.00", None, (D("125.00"), "GTQ")),
    ("P 99.95", None, (D("99.95"), "BWP")), ("G 1 500", None, (D("1500"), "HTG")),
    ("D 250", None, (D("250"), "GMD")), ("E 75.00", None, (D("75.00"), "SZL")),
    ("MKD 1 250", None, (D("1250"), "MKD")), ("AUD $45.00", None, (D("45.00"), "AUD")),
    # shared with no likely currency: the default when it is one, else unknown
    ("12 L", None, (D("12"), None)), ("12 L", "MDL", (D("12"), "MDL")),
    ("12 L", "BRL", (D("12"), None)), ("K 80", "ZMW", (D("80"), "ZMW")),
    ("12 som", "KGS", (D("12"), "KGS")), ("12 som", None, (D("12"), None)),
    # no ISO 4217 currency: no price
    ("12 000 تومان", "IRR", None), ("0.5 ₿", None, None), ("3 BTC", None, None),
    ("45 ¢", "USD", None),
]


@pytest.mark.parametrize(("text", "default", "expected"), FIELD_SIGNS)
def test_field_signs(text: str, default: str | None,
                     expected: tuple[Decimal, str | None] | None) -> None:
    assert parse_price(text, default) == expected
    assert parse_price(text, default, labelled=True) == expected


LABELLED = [  # the text of a price element: labels and notes around one price
    ("Preço: R$ 12,90", (D("12.90"), "BRL")), ("Cena 1 290 Kč s DPH", (D("1290"), "CZK")),
    ("12,40 € TTC", (D("12.40"), "EUR")), ("Price: $18.50/month", (D("18.50"), "USD")),
    ("Was €40.00 Now €32.50", (D("32.50"), "EUR")),
    ("De R$ 699,90 por R$ 599,90", (D("599.90"), "BRL")),
    ("Von 12 bis 20 €", (D("12"), "EUR")), ("€10 – €20", (D("10"), "EUR")),
    ("12-18 €", (D("12"), "EUR")), ("12€ 49", (D("12.49"), "EUR")),
    ("$.120.50", (D("120.50"), "USD")), ("$..5", (D("0.5"), "USD")),
    ("Ab R 89,99", (D("89.99"), "ZAR")), ("Sale 89.99 MT", (D("89.99"), "MZN")),
    ("12.90 (15.48 inc VAT)", (D("12.90"), None)), ("45. 20", (D("45.20"), None)),
    ("Frete: $0.00", (D("0.00"), "USD")),
    ("Orders over $75+ ship free", None), ("May 2019", None), ("21.04.2019", None),
    ("qty: 3", None), ("Kit 2 E 3", None), ("Preço sob consulta", None), ("1 500 تومان", None),
]


@pytest.mark.parametrize(("text", "expected"), LABELLED)
def test_labelled_fields(text: str, expected: tuple[Decimal, str | None] | None) -> None:
    assert parse_price(text, labelled=True) == expected


def test_a_labelled_field_keeps_the_strict_reading_of_a_bare_value() -> None:
    """``labelled`` only adds readings: a value the strict parser reads reads the same."""
    for text in ("399.90 BRL", "R$ 1.299,90", "1.299", "0.299", "15 usd", "12 L"):
        assert parse_price(text, labelled=True) == parse_price(text)
    assert parse_price("Preço: R$ 12,90") is None  # strict: nothing but the amount
    assert parse_price("15 ft") is None  # feet: the scanner's exact signs stay exact (HUF "Ft")
    assert parse_price("15 Ft") == (D("15"), "HUF")


@pytest.mark.slow
def test_field_sign_table_is_cldr() -> None:
    """CLDR_SIGNS is Babel's CLDR data, regenerated by running the module; a newer CLDR may
    differ in a few symbols."""
    expected = field_signs.cldr_signs()
    table = field_signs.CLDR_SIGNS
    changed = {s for s in table.keys() | expected.keys() if table.get(s) != expected.get(s)}
    assert len(changed) <= 10, sorted(changed)
    known = set(list_currencies())
    for group in (field_signs.CLDR_SIGNS, field_signs.LOCAL_SIGNS, field_signs.SHARED_LETTERS):
        assert {c for codes in group.values() for c in codes.split()} <= known
    assert not field_signs.NOT_CURRENCIES.keys() & (field_signs.CLDR_SIGNS.keys()
                                                     | field_signs.LOCAL_SIGNS.keys())
    for sign in field_signs.NOT_CURRENCIES:
        assert field_signs.field_candidates(sign) is None and field_signs.not_a_currency(sign)


@pytest.mark.parametrize(("code", "locale"), [
    ("ZAR", "en_ZA"), ("BAM", "bs"), ("MZN", "pt_MZ"), ("GTQ", "es_GT"), ("BWP", "en_BW"),
    ("HTG", "fr_HT"), ("RWF", "rw"), ("MRU", "fr_MR"), ("GMD", "en_GM"), ("SZL", "en_SZ"),
])
def test_cldr_symbols_are_read_in_a_field_only(code: str, locale: str) -> None:
    symbol = get_currency_symbol(code, locale=locale)
    assert parse_price(f"{symbol} 12", code) == (D("12"), code)
    assert parse_price(f"12 {symbol}") == (D("12"), code)
    assert find_money(f"Tamanho {symbol} 12", "BRL") == []


def test_rulebook_amounts() -> None:
    assert parse_amount_input(899) == D("899")
    assert parse_amount_input(899.9) == D("899.9")
    assert parse_amount_input(0.299) == D("0.299")
    assert parse_amount_input("1.299") == D("1299")
    for bad in (1.299, 12.345, float("nan"), float("inf"), 1e30, "1e30", "caro"):
        with pytest.raises(ValueError, match="amount"):
            parse_amount_input(bad)


def test_observations_refuse_a_quoted_price_without_an_amount(tmp_path: Path) -> None:
    body = "- channel: telefone\n  quoted_price: não informado\n".encode()
    with pytest.raises(ObservationsError) as error:
        parse_observations(body, "obs.yaml")
    [problem] = error.value.problems
    assert "'quoted_price': no amount" in problem.message and problem.position.line == 2
    out = io.StringIO()
    code = run_record(str(tmp_path / "obs.yaml"), console=Console(file=out, width=200),
                      answers={"channel": "telefone", "quoted_price": "429", "save": "yes"})
    assert code == 2 and "no amount in '429'" in out.getvalue()
    assert not (tmp_path / "obs.yaml").exists()


# --- every caller, the same answer ----------------------------------------------------------

def scanner(text: str) -> Decimal | None:
    hit = parse_amount(text, "BRL")
    return None if hit is None else hit.amount


def rulebook(text: str) -> Decimal | None:
    try:
        value = parse_amount_input(text)
    except ValueError:
        return None
    assert isinstance(value, Decimal)
    return value


def feed(text: str) -> Decimal | None:
    body = ('<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>P</g:id>'
            f"<g:price>{escape(text)}</g:price></item></channel></rss>")
    [item] = parse_feed(body.encode("utf-8"))
    return None if item.price is None else item.price.amount


def catalog(text: str) -> Decimal | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.csv"
        path.write_text(f"sku;name;price\nA1;Item;{text}\n", encoding="utf-8")
        products = Products()
        problems = read_catalog_csv(path, "c.csv", products)
    return products[0].price if products and not problems else None


def observed(text: str) -> Decimal | None:
    """Through the observations channel, as `cohesion check` reads it."""
    body = f"- channel: telefone\n  product: A1\n  quoted_price: {json.dumps(text)}\n".encode()
    try:
        parse_observations(body, "obs.yaml")
    except ObservationsError:
        return None
    snap = Snapshot("loja", "obs.yaml", "product", None, "t", body=body)
    ctx = ExtractContext(Channel(id="loja", kind="observations", location="obs.yaml"),
                         (Product(sku="A1", name="Item"),), "BRL", "pt-BR")
    prices = {f.value.amount for r in observations.extract(snap, ctx) for f in r.facts
              if isinstance(f.value, Price)}
    return prices.pop() if len(prices) == 1 else None  # several amounts: no one answer


CALLERS = {"scanner": scanner, "rulebook": rulebook, "feed": feed, "catalog": catalog,
           "observations": observed}
STYLES = {"pt-BR": ("pt_BR", "BRL"), "en": ("en_US", "USD"), "pt-PT": ("pt_PT", "EUR"),
          "de": ("de_DE", "EUR"), "fr": ("fr_FR", "EUR"), "es": ("es_ES", "EUR"),
          "de-CH": ("de_CH", "CHF"), "en-GB": ("en_GB", "GBP")}
SLOW = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
CENTS = st.decimals(min_value=D("0.01"), max_value=D("99999999.99"), places=2)
WHOLE = st.integers(min_value=1, max_value=10**8)


def answers(text: str) -> dict[str, Decimal | None]:
    return {name: read(text) for name, read in CALLERS.items()}


@SLOW
@given(CENTS, st.sampled_from(sorted(STYLES)), st.booleans())
@example(D("1234.56"), "fr", True)
@example(D("1049.95"), "de-CH", False)
@example(D("0.29"), "pt-BR", False)
def test_every_caller_reads_amounts_with_cents_the_same(amount: Decimal, style: str,
                                                        symbol: bool) -> None:
    locale, code = STYLES[style]
    text = (format_currency(amount, code, locale=locale) if symbol
            else format_decimal(amount, "#,##0.00", locale=locale))
    assert answers(text) == dict.fromkeys(CALLERS, amount), text


@SLOW
@given(WHOLE, st.sampled_from(sorted(STYLES)), st.booleans())
@example(1299, "pt-BR", False)
@example(12000, "fr", True)
def test_every_caller_reads_whole_amounts_the_same(amount: int, style: str,
                                                   symbol: bool) -> None:
    """Without cents and without a currency, an observation's "1.299" is no quoted price;
    every caller that reads it reads 1299."""
    locale, code = STYLES[style]
    text = (format_currency(amount, code, locale=locale, format="¤ #,##0") if symbol
            else format_decimal(amount, "#,##0", locale=locale))
    expected = dict.fromkeys(CALLERS, D(amount))
    if not symbol:
        expected["observations"] = None
    assert answers(text) == expected, text


NUMBERISH = st.text(alphabet="0123456789.,' \u00a0R$€-", max_size=12)


@SLOW
@given(NUMBERISH)
@example("0.299")
@example("1,2345")
@example("1.299")
@example("0,500")
def test_callers_never_disagree_on_any_text(text: str) -> None:
    """A caller may refuse a text, but two callers never read two different amounts."""
    read = {name: value for name, value in answers(text).items() if value is not None}
    assert len(set(read.values())) <= 1, (text, read)
