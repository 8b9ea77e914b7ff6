"""Property-based tests (hypothesis) for every parser and for the rulebook loader.

Two kinds of property:

- **robustness**: arbitrary input never raises anything but the parser's documented error
  (``FeedError``, ``ObservationsError``, ``RulebookError``) -- or nothing at all for the
  text extractors, ``reader.extract``, ``parsers.whatsapp.parse_export`` and
  ``catalog_csv.read_catalog_csv``, which report problems in their results;
- **meaning**: formatted values are read back as written (amounts in pt-BR and en notation,
  "12x de R$ ... sem juros", "entrega em até N dias úteis", a CSV catalog, a chat export).

The bugs these properties found have a minimal reproducer at the end of the file, kept as
regression tests.
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cohesion_cli.channels.parsers.feed import FeedError, parse_feed
from cohesion_cli.channels.parsers.observations import ObservationsError, parse_observations
from cohesion_cli.channels.parsers.whatsapp import parse_export
from cohesion_cli.channels.rulebook import load
from cohesion_cli.domain import Deadline, Installment, Snapshot
from cohesion_cli.extract import days, installments, prices, shipping
from cohesion_cli.extract.reader import extract
from cohesion_cli.extract.result import Extraction, Options
from cohesion_cli.money import text as money
from cohesion_cli.rulebook.catalog_csv import read_catalog_csv
from cohesion_cli.rulebook.models import Locator, Locators
from cohesion_cli.rulebook.problems import RulebookError
from cohesion_cli.rulebook.products import Products
from cohesion_cli.rulebook.yamlpos import load_yaml

pytestmark = pytest.mark.slow
T = TypeVar("T")
PROPS = settings(max_examples=200, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
FEW = settings(PROPS, max_examples=100)

# --- strategies ----------------------------------------------------------------------------

WORDS = [
    "R$", "US$", "$", "€", "BRL", "USD", "reais", " ", "  ", "\n", "\t", ",", ".", "-", ":",
    "/", "(", ")", "%", "0", "1", "5", "7", "12", "48", "99", "1.299,90", "1,299.99", "74,92",
    "2.499,-", "0,00", "x", "×", "de", "por", "De R$ 1.099,00 por R$ 899,00", "em até",
    "até", "sem juros", "com juros", "0% APR", "interest-free", "payments of", "parcelas",
    "/mo", "for 12 months", "dias úteis", "dias corridos", "business days", "dias", "days",
    "48h", "horas", "das 9h às 18h", "entrega", "receba em", "chega", "prazo", "troca",
    "devolução", "returns", "30-day", "desistir", "CDC", "garantia", "frete grátis",
    "acima de", "free shipping", "over", "Pix", "boleto", "no Pix", "à vista", "total",
    "economize", "frete:", "fee", "next business day", "próximo dia útil",
]
SOUP = st.lists(st.sampled_from(WORDS), max_size=40).map("".join)
TEXT = st.one_of(st.text(), SOUP)
"""Arbitrary text, or text made of the words the extractors look for."""

AMOUNTS = st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2,
                      allow_nan=False, allow_infinity=False)
WHOLE = st.integers(min_value=0, max_value=10**9)  # larger amounts are not prices


def en(amount: Decimal | int, cents: bool = True) -> str:
    """1234.5 -> '1,234.50' (or '1,234' without cents)."""
    return f"{amount:,.2f}" if cents else f"{amount:,}"


def pt_br(amount: Decimal | int, cents: bool = True) -> str:
    """1234.5 -> '1.234,50' (or '1.234' without cents)."""
    return en(amount, cents).translate(str.maketrans(",.", ".,"))




# --- money -------------------------------------------------------------------------------


@PROPS
@given(TEXT)
def test_parse_number_returns_a_decimal_or_none(text: str) -> None:
    assert money.parse_number(text) is None or isinstance(money.parse_number(text), Decimal)


@PROPS
@given(AMOUNTS)
@example(Decimal("1234.56"))
@example(Decimal("0.05"))
@example(Decimal("1000000.00"))
def test_parse_number_round_trips_cents_in_both_notations(amount: Decimal) -> None:
    assert money.parse_number(pt_br(amount)) == amount
    assert money.parse_number(en(amount)) == amount


@PROPS
@given(WHOLE)
@example(1234)
@example(1000000)
def test_parse_number_round_trips_grouped_whole_amounts(amount: int) -> None:
    assert money.parse_number(pt_br(amount, cents=False)) == amount
    assert money.parse_number(en(amount, cents=False)) == amount


@PROPS
@given(AMOUNTS.filter(lambda a: a > 0), st.sampled_from(["", "Por apenas ", "Preço: ", "Oferta\n"]),
       st.sampled_from(["", " à vista", " no cartão", "\nEstoque baixo"]))
def test_find_money_finds_exactly_the_formatted_amount(
    amount: Decimal, before: str, after: str,
) -> None:
    text = f"{before}R$ {pt_br(amount)}{after}"
    hits = money.find_money(text, "USD")
    assert [(h.amount, h.currency) for h in hits] == [(amount, "BRL")]
    assert text[hits[0].start:hits[0].end].startswith("R$")


@PROPS
@given(TEXT, st.sampled_from(["BRL", "USD", "EUR"]))
def test_money_finders_never_raise(text: str, currency: str) -> None:
    for hit in money.find_money(text, currency):
        assert 0 <= hit.start < hit.end <= len(text)
    money.parse_amount(text, currency)


# --- installments, deadlines, prices, free shipping -------------------------------------------


@PROPS
@given(st.integers(min_value=2, max_value=99), AMOUNTS.filter(lambda a: a > 0))
@example(12, Decimal("74.92"))
@example(10, Decimal("1299.90"))
def test_installments_read_count_amount_and_interest(count: int, amount: Decimal) -> None:
    text = f"{count}x de R$ {pt_br(amount)} sem juros"
    hits = installments.find_installments(text, "BRL")
    assert [h.value for h in hits] == [Installment(count, amount, "BRL", True)]


@PROPS
@given(st.integers(min_value=1, max_value=999))
@example(5)
def test_delivery_deadline_in_business_days(n: int) -> None:
    deadlines, returns = days.find_days(f"entrega em até {n} dias úteis")
    assert [h.value for h in deadlines] == [Deadline(None, n, True)]
    assert returns == []


@PROPS
@given(TEXT, st.sampled_from(["BRL", "USD"]))
def test_text_extractors_never_raise(text: str, currency: str) -> None:
    found = [
        *installments.find_installments(text, currency),
        *prices.price_hits(text, currency),
        *shipping.find_free_shipping(text, currency),
        *[hit for group in days.find_days(text) for hit in group],
    ]
    for hit in found:
        assert 0 <= hit.start <= hit.end <= len(text)
    prices.find_promotions(text, currency)


# --- reader.extract ----------------------------------------------------------------------

JSON_KEYS = st.sampled_from(["price", "preco", "sku", "offers", "list", "pix", "@type", "Product",
                             "installments", "minBusinessDays", "recommendations", "name",
                             "currency"])
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              st.text(max_size=20), st.sampled_from(["R$ 399,90", "399.90", "BRL", "5 dias"])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(JSON_KEYS | st.text(max_size=8), inner, max_size=5)),
    max_leaves=20,
)
HTML_BITS = st.sampled_from([
    "<html>", "<body>", "<div class='price'>", "</div>", "<span itemprop='price' content='1'>",
    "</span>", "<script type='application/ld+json'>", "</script>", '{"@type": "Product", ',
    '"offers": {"price": "399.90", "priceCurrency": "BRL"}}', "[", "]", "{", "}",
    "<meta property='product:price:amount' content='399,90'>", "<meta charset='latin-1'>",
    "R$ 1.299,90", "12x de R$ 74,92 sem juros", "entrega em até 5 dias úteis", "<p>", "</p>",
    "<s>De R$ 499,00</s>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "\x00", "<",
])
BODIES = st.one_of(
    st.binary(max_size=2000),
    TEXT.map(lambda t: t.encode("utf-8")),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.lists(HTML_BITS, max_size=30).map(lambda bits: "".join(bits).encode()),
)
LOCATORS = st.one_of(st.none(), st.builds(
    Locators,
    price=st.sampled_from([None, Locator(css=".price"), Locator(jsonpath="$.price"),
                           Locator(regex=r"R\$ ?([\d.,]+)"), Locator(xpath="//span/text()")]),
    deadline=st.sampled_from([None, Locator(regex=r"(\d+) dias"), Locator(css="p")]),
    installments=st.sampled_from([None, Locator(regex="(12x.*)")]),
))


def _snapshot(body: bytes, content_type: str) -> Snapshot:
    return Snapshot("loja", "produto.html", "product", "AUR-BRISA", "2025-05-14T12:00:00Z",
                    body=body, status=200, content_type=content_type)


@PROPS
@given(BODIES, st.sampled_from(["text/html", "application/json", "text/plain",
                                "text/html; charset=utf-16", "application/json; charset=bogus"]),
       LOCATORS)
def test_extract_never_raises(body: bytes, content_type: str, locators: Locators | None) -> None:
    result = extract(_snapshot(body, content_type), Options(sku="AUR-BRISA"), locators)
    assert isinstance(result, Extraction)
    if result.main_price is not None:
        assert result.main_price in result.facts


# --- parsers.whatsapp --------------------------------------------------------------------

HEADERS = st.builds(
    "{}/{}/{}{}{}:{:02d}{} - ".format,
    st.integers(0, 40), st.integers(0, 40), st.integers(0, 3000), st.sampled_from([" ", ", "]),
    st.integers(0, 30), st.integers(0, 70), st.sampled_from(["", " AM", " pm", "\u202fPM"]),
) | st.builds(
    "[{}/{}/{}, {}:{:02d}:{:02d}] ".format,
    st.integers(0, 40), st.integers(0, 40), st.integers(0, 99), st.integers(0, 30),
    st.integers(0, 70), st.integers(0, 70),
)
AUTHORS = st.sampled_from(["Ana: ", "Loja Aurora: ", "+55 11 98765-4321: ", "\u200eLoja: ", "",
                          '"x": '])
CHAT_LINES = st.lists(
    st.tuples(HEADERS | st.just(""), AUTHORS, st.text(max_size=40)).map("".join)
    | st.text(max_size=60),
    max_size=25,
).map("\n".join)


@PROPS
@given(st.one_of(st.text(), CHAT_LINES), st.sampled_from([None, True, False]))
def test_parse_export_never_raises(text: str, day_first: bool | None) -> None:
    messages = parse_export(text, day_first=day_first)
    lines = [m.line for m in messages]
    assert lines == sorted(lines)
    assert all(1 <= n <= text.count("\n") + text.count("\r") + 1 for n in lines)


NAMES = st.lists(st.sampled_from(["Ana", "Bruno", "Loja", "Aurora", "Souza", "Lima"]),
                 min_size=1, max_size=3).map(" ".join)
SAYINGS = st.text(alphabet=string.ascii_letters + "áéãç ,.!?", min_size=1, max_size=40) \
    .map(str.strip).filter(bool)


@FEW
@given(st.lists(st.tuples(st.datetimes(min_value=datetime(2000, 1, 1),
                                       max_value=datetime(2099, 12, 31)), NAMES, SAYINGS),
                min_size=1, max_size=10))
def test_parse_export_reads_back_a_written_export(
    chat: list[tuple[datetime, str, str]],
) -> None:
    text = "".join(f"{when:%d/%m/%Y %H:%M} - {who}: {said}\n" for when, who, said in chat)
    messages = parse_export(text, day_first=True)
    assert [(m.when, m.author, m.text) for m in messages] == [
        (when.replace(second=0, microsecond=0), who, said) for when, who, said in chat
    ]


# --- parsers.feed ------------------------------------------------------------------------

FEED_BITS = st.sampled_from([
    "<?xml version='1.0' encoding='UTF-8'?>", "<?xml version='1.0' encoding='utf-16'?>",
    "<?xml version='1.0' encoding='bogus-9'?>", "<rss xmlns:g='http://base.google.com/ns/1.0'>",
    "<channel>", "</channel>", "</rss>", "<feed>", "</feed>", "<item>", "</item>", "<entry>",
    "</entry>", "<g:id>AUR-1</g:id>", "<g:price>399.90 BRL</g:price>", "<g:price>", "</g:price>",
    "<g:sale_price>R$ 1.299,90</g:sale_price>", "<g:shipping><g:country>BR</g:country>",
    "<g:price>0 BRL</g:price><g:max_transit_time>5</g:max_transit_time></g:shipping>",
    "<g:installment><g:months>10</g:months><g:amount>39,99 BRL</g:amount></g:installment>",
    "<!DOCTYPE r [<!ENTITY a 'b'>]>", "&a;", "<!ENTITY x SYSTEM 'file:///etc/passwd'>",
    "id,title,price,shipping\n", "id\tprice\n", "AUR-1,Brisa,399.90 BRL,BR:::0 BRL:1:2:3:5\n",
    "g:id;g:price;installment\n", "AUR-2;1.299,90 BRL;12:74,92 BRL\n", '"', ",", ";", "\n",
    "\t", "x", "999999999999", "\ufeff", "<", ">", "&", "]]>",
])
FEED_BODIES = st.one_of(
    st.binary(max_size=2000),
    st.text().map(lambda t: t.encode("utf-8")),
    st.lists(FEED_BITS, max_size=30).map(lambda bits: "".join(bits).encode("utf-8")),
    st.lists(FEED_BITS, max_size=30).map(lambda bits: "".join(bits).encode("utf-16")),
)


@PROPS
@given(FEED_BODIES, st.sampled_from(["", "application/xml", "text/csv",
                                     "text/tab-separated-values", "application/rss+xml"]))
def test_parse_feed_raises_only_feed_error(body: bytes, content_type: str) -> None:
    try:
        items = parse_feed(body, content_type, default_currency="BRL")
    except FeedError as exc:
        assert str(exc)
    else:
        assert all(item.id for item in items)


# --- parsers.observations ----------------------------------------------------------------

OBS_BITS = st.sampled_from([
    "observations:\n", "- ", "  ", "who: Ana\n", "when: 14/05/2025 15h30\n",
    "when: 2025-13-45\n", "when: 2025-05-14T10:00+03:00\n", "channel: telefone\n",
    "product: AUR-1\n", "quoted_price: R$ 399,90\n", "notes: x\n", "attachments: [a.jpg]\n",
    "attachments: {a: 1}\n", "quoted_policy: [x]\n", "nome: Ana\n", "&r ", "*r", "<<: *r\n",
    "!!python/object:x {}\n", "[", "]", "{", "}", ":", "\n", "'", '"',
    "who;when;channel;quoted_price\n", "Ana;14/05/2025;loja;\"R$ 1,00\"\n", "who,channel,x\n",
    "a,b,c,d\n", ";", ",", "\r\n", "\xa0",
])
OBS_TEXTS = st.one_of(st.text(), st.lists(OBS_BITS, max_size=30).map("".join))


@PROPS
@given(st.one_of(st.binary(max_size=1000), OBS_TEXTS.map(lambda t: t.encode("utf-8")),
                 OBS_TEXTS.map(lambda t: t.encode("cp1252", errors="replace"))),
       st.sampled_from(["visitas.yaml", "visitas.yml", "visitas.csv", "visitas.txt"]))
def test_parse_observations_raises_only_observations_error(body: bytes, name: str) -> None:
    try:
        parse_observations(body, name)
    except ObservationsError as exc:
        assert exc.problems
        assert all(p.position.line >= 1 and p.position.col >= 1 for p in exc.problems)


# --- the rulebook: YAML with positions, the loader, the CSV catalog ---------------------------

YAML_BITS = st.sampled_from([
    "!!int ", "!!float ", "!!bool ", "!!timestamp ", "\x00", "\x1b", "[[[[[[[[", "- - - - ",
    "brand: Aurora\n", "channels:\n", "  - ", "id: loja\n", "kind: web\n", "catalog:\n",
    "  products:\n", "    - sku: A1\n", "price: 1\n", "a", "b", ": ", "\n", "  ", "- ", "[",
    "]", "{", "}", ",", "&a ", "&b ", "*a", "*b", "<<: ", "<<: [*a, *b]\n", "? ", "!!str ",
    "!!binary ", "!!set ", "!!omap ", "!!null ", "!!python/object:os.system ",
    "!!python/object/apply:os.system ['true']", "!x ", "'", '"', "#", "---\n", "...\n",
    "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "1", "x", "\t", "|\n", ">\n", "~", "true",
    "2025-01-01", "!", "\ufeff",
])
YAML_TEXTS = st.one_of(st.text(), st.lists(YAML_BITS, max_size=40).map("".join))


@PROPS
@given(YAML_TEXTS)
def test_load_yaml_raises_only_rulebook_error(text: str) -> None:
    try:
        located = load_yaml(text, "cohesion.yaml")
    except RulebookError as exc:
        assert exc.problems
        assert all(p.position.line >= 1 and p.position.col >= 1 for p in exc.problems)
    else:
        for position in [*located.values.values(), *located.keys.values()]:
            assert 1 <= position.line <= text.count("\n") + 2


TEMPLATES = st.lists(st.sampled_from([
    "{sku}", "{slug}", "{gtin}", "{name}", "{serve_url}", "{", "}", "{{", "}}", "p/", ".html",
    "{skuu}", "{0}", "{}", "{sku[0]}", "{sku.x}", "{sku!r}", "{sku:>5}", "{sku:d}", "{slug!x}",
    "{sku:{slug}}", "../", "https://x.example/",
    "ftp://", " ", "%", "${TOKEN}",
]), max_size=4).map("".join)
LOCATOR_SPECS = st.dictionaries(
    st.sampled_from(["css", "xpath", "jsonpath", "regex", "selector"]),
    st.sampled_from([".p", "div[", "//p", "//p[", "$.price", "$..[", "(x", r"R\$ (\d+)", "", "::",
                     "*", "a >> b"]),
    max_size=2,
)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a value of the right shape, sometimes any junk."""
    junk = st.one_of(st.none(), st.booleans(), st.integers(-3, 300), st.text(max_size=8),
                     st.lists(st.integers(), max_size=2), st.just({"x": 1}))
    return st.one_of(strategy, strategy, strategy, junk)


PRODUCTS = st.lists(st.fixed_dictionaries(
    {"sku": _maybe(st.sampled_from(["A1", "A2", "B1", "", "A1 "]))},
    optional={
        "name": _maybe(st.text(max_size=10)),
        "slug": _maybe(st.sampled_from(["tenis", "bota", "{sku}"])),
        "price": _maybe(st.sampled_from(["R$ 1.299,90", "399.90", 12, 0.5, "-1", "1e400", ""])),
        "list_price": _maybe(st.sampled_from(["1.499,00", 10])),
        "installments": _maybe(st.fixed_dictionaries(
            {"count": _maybe(st.integers(-1, 60))},
            optional={"interest_free": _maybe(st.booleans())})),
        "pirce": st.just(1),
    }), max_size=3)
CHANNELS = st.lists(st.fixed_dictionaries(
    {"id": _maybe(st.sampled_from(["loja", "app", "zap", "loja", "a b"])),
     "kind": _maybe(st.sampled_from(["file", "web", "api", "feed", "whatsapp", "observations"]))},
    optional={
        "location": _maybe(TEMPLATES),
        "product_page": _maybe(TEMPLATES),
        "policy_pages": _maybe(st.lists(TEMPLATES, max_size=2)),
        "products": _maybe(st.lists(st.sampled_from(["A1", "Z9"]), max_size=2)),
        "facts": _maybe(st.lists(st.sampled_from(["price", "deadline", "bogus"]), max_size=2)),
        "locators": _maybe(st.dictionaries(st.sampled_from(["price", "deadline", "wording", "x"]),
                                           _maybe(LOCATOR_SPECS), max_size=2)),
        "timeout": _maybe(st.sampled_from([0, 5, 301, 1.5])),
        "headers": _maybe(st.just({"Authorization": "Bearer ${COHESION_PROPERTY_TOKEN}"})),
        "brand_participants": _maybe(st.lists(NAMES, max_size=2)),
    }), max_size=3)
RULEBOOKS = st.fixed_dictionaries(
    {"brand": _maybe(st.just("Aurora"))},
    optional={
        "version": _maybe(st.sampled_from([1, 2])),
        "locale": _maybe(st.sampled_from(["pt-BR", "en-US", "pt_BR"])),
        "currency": _maybe(st.sampled_from(["BRL", "usd"])),
        "catalog": _maybe(st.fixed_dictionaries({}, optional={
            "products": _maybe(PRODUCTS),
            "csv": _maybe(st.sampled_from(["produtos.csv", "x.csv"])),
        })),
        "policies": _maybe(st.fixed_dictionaries({}, optional={
            "delivery": _maybe(st.fixed_dictionaries({"max_days": _maybe(st.integers(-1, 9))},
                                                     optional={"min_days": st.integers(0, 9)})),
            "returns": _maybe(st.fixed_dictionaries({"days": _maybe(st.integers(-1, 40))})),
            "wording": _maybe(st.lists(st.fixed_dictionaries(
                {"id": st.just("w"), "text": _maybe(st.just("Troca em 30 dias"))},
                optional={"threshold": st.integers(-1, 101),
                          "channels": st.lists(st.sampled_from(["loja", "x"]))}), max_size=2)),
            "required_phrases": _maybe(st.lists(st.one_of(
                st.text(max_size=5), st.fixed_dictionaries({"text": st.just("x")}, optional={
                    "channels": st.lists(st.sampled_from(["loja", "x"]))})), max_size=2)),
        })),
        "channels": _maybe(CHANNELS),
        "severity": _maybe(st.fixed_dictionaries({}, optional={
            "defaults": _maybe(st.dictionaries(st.sampled_from(["price", "bogus"]),
                                               st.sampled_from(["low", "urgent"]))),
            "overrides": _maybe(st.lists(st.fixed_dictionaries(
                {"severity": st.sampled_from(["low", "x"])},
                optional={"channel": st.sampled_from(["loja", "lojja"]),
                          "rule": st.sampled_from(["price", "prise"])}), max_size=2)),
        })),
        "serve": _maybe(st.fixed_dictionaries({"root": _maybe(st.sampled_from(["site", "."]))})),
    },
)
CSV_TEXT = st.lists(st.sampled_from([
    "sku", "name", "price", "list_price", "installments", "interest_free", "preco", ",", ";",
    "\n", "\r\n", '"', "A1", "A2", "1.299,90", "399.90", "12", "99", "sim", "talvez", "-1",
    " ", "\ufeff",
]), max_size=40).map("".join)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One folder reused by every example (function-scoped tmp_path cannot be)."""
    path = tmp_path_factory.mktemp("properties")
    (path / "site").mkdir()
    (path / "loja").mkdir()
    (path / "loja" / "A1.html").write_text("<p>R$ 399,90</p>", encoding="utf-8")
    yield path


def _load(folder: Path, text: str) -> None:
    rulebook = folder / "cohesion.yaml"
    rulebook.write_text(text, encoding="utf-8")
    try:
        loaded = load(str(rulebook), check_files=True)
    except RulebookError as exc:
        assert exc.problems
        lines = text.splitlines() or [""]
        for problem in exc.problems:
            where = problem.position
            assert where.line >= 1 and where.col >= 1, problem.render()
            if where.file.endswith("cohesion.yaml") and where.line <= len(lines):
                assert where.col <= len(lines[where.line - 1]) + 1, problem.render()
    else:
        assert loaded.model.channels


@PROPS
@given(YAML_TEXTS)
def test_load_rulebook_raises_only_rulebook_error_on_any_text(folder: Path, text: str) -> None:
    _load(folder, text)


@PROPS
@given(RULEBOOKS, CSV_TEXT)
def test_load_rulebook_raises_only_rulebook_error_on_any_rulebook(
    folder: Path, rulebook: dict[str, Any], catalog: str,
) -> None:
    text = yaml.safe_dump(rulebook, allow_unicode=True, sort_keys=False)
    (folder / "produtos.csv").write_text(catalog, encoding="utf-8", newline="")
    _load(folder, text)


@PROPS
@given(st.one_of(st.binary(max_size=2000), CSV_TEXT.map(lambda t: t.encode("utf-8")),
                 CSV_TEXT.map(lambda t: t.encode("cp1252", errors="replace"))))
def test_read_catalog_csv_never_raises(folder: Path, body: bytes) -> None:
    path = folder / "catalogo.csv"
    path.write_bytes(body)
    products = Products()
    problems = read_catalog_csv(path, "catalogo.csv", products)
    assert all(products.line(i) >= 2 for i in range(len(products)))
    assert len({p.sku for p in products}) == len(products)
    assert all(p.position.line >= 1 and p.position.col >= 1 for p in problems)


CSV_SKUS = st.from_regex(r"[A-Z]{2,4}-[0-9]{1,5}", fullmatch=True)


@FEW
@given(st.lists(st.tuples(CSV_SKUS, st.text(alphabet=string.ascii_letters + "áçõ ", max_size=20)
                          .map(str.strip), AMOUNTS),
                min_size=1, max_size=8, unique_by=lambda row: row[0]),
       st.sampled_from([";", ","]))
def test_read_catalog_csv_reads_back_a_written_catalog(
    folder: Path, rows: list[tuple[str, str, Decimal]], delimiter: str,
) -> None:
    def cell(amount: Decimal) -> str:
        return pt_br(amount) if delimiter == ";" else str(amount)

    lines = [delimiter.join(("sku", "name", "price"))]
    lines += [delimiter.join((sku, name, cell(price))) for sku, name, price in rows]
    path = folder / "catalogo.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    products = Products()
    problems = read_catalog_csv(path, "catalogo.csv", products)
    assert problems == []
    assert [(p.sku, p.name, p.price) for p in products] == rows
    assert [products.line(products.rank(sku) or 0) for sku, _, _ in rows] == list(
        range(2, len(rows) + 2))


# --- reproducers of the bugs these properties found ----------------------------------------
# All fixed; each stays as a regression test.


def _no_recursion_error(call: Callable[[], T]) -> T:
    """Run ``call``; a RecursionError becomes a short AssertionError (pytest would otherwise
    spend seconds rendering a thousand frames)."""
    try:
        return call()
    except RecursionError:
        raise AssertionError("RecursionError") from None


def test_load_yaml_refuses_control_characters_at_their_position() -> None:
    with pytest.raises(RulebookError) as info:
        load_yaml("brand: A\x00\n", "cohesion.yaml")
    assert (info.value.problems[0].position.line, info.value.problems[0].position.col) == (1, 9)


@pytest.mark.parametrize("text", ["brand: !!int abc\n", "brand: !!float abc\n",
                                  "brand: !!bool abc\n", "brand: !!timestamp soon\n"])
def test_load_yaml_core_tag_on_a_value_it_cannot_convert(text: str) -> None:
    with pytest.raises(RulebookError) as info:
        load_yaml(text, "cohesion.yaml")
    assert (info.value.problems[0].position.line, info.value.problems[0].position.col) == (1, 8)


def test_load_yaml_deep_nesting_is_a_problem() -> None:
    with pytest.raises(RulebookError):
        _no_recursion_error(lambda: load_yaml("x: " + "[" * 5000 + "]" * 5000, "cohesion.yaml"))


def test_load_rulebook_template_with_a_format_spec_is_a_problem(folder: Path) -> None:
    text = ("brand: Aurora\ncatalog:\n  products:\n    - sku: A1\nchannels:\n"
            "  - id: loja\n    kind: file\n    location: loja\n    product_page: '{sku:d}.html'\n")
    (folder / "cohesion.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RulebookError) as info:
        load(str(folder / "cohesion.yaml"), check_files=True)
    assert info.value.problems[0].position.line == 9


def test_read_catalog_csv_with_carriage_returns_only(folder: Path) -> None:
    path = folder / "catalogo.csv"
    path.write_bytes(b"sku,name\rA1,Brisa\r")
    products = Products()
    problems = read_catalog_csv(path, "catalogo.csv", products)
    assert [p.sku for p in products] == ["A1"] or problems


def test_read_catalog_csv_with_a_cell_over_the_csv_field_limit(folder: Path) -> None:
    path = folder / "catalogo.csv"
    path.write_text("sku,name\nA1," + "x" * 200_000 + "\n", encoding="utf-8")
    products = Products()
    problems = read_catalog_csv(path, "catalogo.csv", products)
    assert products or problems


@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
def test_extract_deeply_nested_json(content_type: str) -> None:
    body = ("[" * 5000 + "]" * 5000).encode()
    result = _no_recursion_error(lambda: extract(_snapshot(body, content_type), Options()))
    assert isinstance(result, Extraction)


@pytest.mark.parametrize("text", ["brand: !!int\n", "brand: !!float ''\n"])
def test_load_yaml_core_tag_on_an_empty_value(text: str) -> None:
    with pytest.raises(RulebookError) as info:
        load_yaml(text, "cohesion.yaml")
    assert (info.value.problems[0].position.line, info.value.problems[0].position.col) == (1, 8)


@pytest.mark.parametrize("text", ["brand: A\rname: \x1f\n", "brand: A\u2028name: \x1f\n"])
def test_load_yaml_refused_character_after_other_line_breaks(text: str) -> None:
    with pytest.raises(RulebookError) as info:
        load_yaml(text, "cohesion.yaml")
    assert (info.value.problems[0].position.line, info.value.problems[0].position.col) == (2, 7)


def test_find_days_on_one_long_line() -> None:
    """'48h' repeated on one 80 KB line is not a badge: no deadline (this used to take
    quadratic time, counting the line's words for every match)."""
    deadlines, returns = days.find_days("48h " * 20_000)
    assert (deadlines, returns) == ([], [])


def test_observations_control_character() -> None:
    with pytest.raises(ObservationsError) as info:
        parse_observations(b"- who: Ana\x00\n", "v.yaml")
    assert (info.value.problems[0].position.line, info.value.problems[0].position.col) == (1, 11)


def test_observations_deep_nesting() -> None:
    body = ("- " + "[" * 5000 + "]" * 5000 + "\n").encode()
    with pytest.raises(ObservationsError):
        _no_recursion_error(lambda: parse_observations(body, "v.yaml"))
