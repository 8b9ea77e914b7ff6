"""Product feeds: GMC RSS/Atom and CSV/TSV parsed into FeedItems, hostile input refused with
FeedError and nothing else, items matched to catalog SKUs.

The fixtures under ``fixtures/feeds`` are committed; ``make_feeds.py`` wrote them and is only
imported here for its ``product()`` description of the RSS items, never run."""

from __future__ import annotations

import codecs
import importlib.util
import sys
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from cohesion_cli.channels.parsers.feed import (
    MAX_FEED_BYTES,
    FeedError,
    FeedItem,
    Money,
    match_items,
    parse_feed,
)

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
G = 'xmlns:g="http://base.google.com/ns/1.0"'


def brl(amount: str) -> Money:
    return Money(Decimal(amount), "BRL")


def read(name: str, content_type: str = "") -> list[FeedItem]:
    return parse_feed((FEEDS / name).read_bytes(), content_type)


def by_id(items: list[FeedItem]) -> dict[str, FeedItem]:
    return {item.id: item for item in items}


def rss(*items: str, declaration: str = '<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    body = "".join(f"<item>{item}</item>" for item in items)
    return f'{declaration}<rss version="2.0" {G}><channel>{body}</channel></rss>'.encode()


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_feeds", FEEDS / "make_feeds.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


# --- Google Merchant Center RSS (pt-BR, 125 items) --------------------------------------------

@pytest.fixture(scope="module")
def gmc() -> list[FeedItem]:
    return read("gmc_ptbr.xml", "application/rss+xml; charset=utf-8")


def test_rss_reads_every_item_with_an_id(gmc: list[FeedItem]) -> None:
    assert len(gmc) == 125
    assert [item.id for item in gmc[:3]] == ["AUR-1001", "AUR-1002", "AUR-1003"]
    assert gmc[-1].id == "AUR-1125"
    assert all("Rascunho" not in item.title for item in gmc)  # the two drafts without g:id


def test_rss_first_item(gmc: list[FeedItem]) -> None:
    assert gmc[0] == FeedItem(
        id="AUR-1001", gtin="7896541000011", mpn="AU0001-BR",
        title="Sandália Rasteira Maré Preto M", price=brl("146.90"), sale_price=None,
        installment_months=None, installment_amount=None, free_shipping_threshold=brl("299.00"),
        min_handling_days=1, max_handling_days=2, min_transit_days=3, max_transit_days=6,
        locator="item 1 (line 7)", raw=gmc[0].raw, availability="in_stock")
    assert gmc[0].raw.startswith("<item> <g:id>AUR-1001</g:id> <g:title><![CDATA[Sandália")


def test_rss_sale_price_installments_and_free_shipping(gmc: list[FeedItem]) -> None:
    item = by_id(gmc)["AUR-1012"]
    assert item.price == brl("1213.90")
    assert item.sale_price == brl("1031.90")
    assert (item.installment_months, item.installment_amount) == (12, brl("85.99"))
    assert item.locator == "item 12 (line 356)"
    item = by_id(gmc)["AUR-1004"]
    assert (item.price, item.sale_price) == (brl("437.90"), brl("371.90"))
    assert (item.installment_months, item.installment_amount) == (10, brl("37.19"))
    assert (item.min_handling_days, item.max_handling_days) == (0, 2)


def test_rss_two_shipping_services_span_the_transit_range(gmc: list[FeedItem]) -> None:
    item = by_id(gmc)["AUR-1005"]  # Padrão and Expressa
    assert (item.min_transit_days, item.max_transit_days) == (1, 6)
    assert (item.min_handling_days, item.max_handling_days) == (1, 3)


@pytest.mark.parametrize(("sku", "written", "amount"), [
    ("AUR-1007", "BRL 728.90", "728.90"),
    ("AUR-1013", "1.310,90 BRL", "1310.90"),
    ("AUR-1019", "1,892.90 BRL", "1892.90"),
    ("AUR-1038", "1.785,90 BRL", "1785.90"),
    ("AUR-1032", "BRL 1203.90", "1203.90"),
])
def test_rss_price_shapes(gmc: list[FeedItem], sku: str, written: str, amount: str) -> None:
    item = by_id(gmc)[sku]
    assert f"<g:price>{written}</g:price>" in (FEEDS / "gmc_ptbr.xml").read_text("utf-8")
    assert item.price == brl(amount)


def test_rss_locators_point_at_the_item_lines(gmc: list[FeedItem]) -> None:
    lines = (FEEDS / "gmc_ptbr.xml").read_text("utf-8").splitlines()
    for item in gmc:
        _, line = item.locator.removeprefix("item ").removesuffix(")").split(" (line ")
        assert lines[int(line) - 1].strip() == "<item>"
        assert lines[int(line)].strip() == f"<g:id>{item.id}</g:id>"
    # the draft without an id still counts as an item of the document
    assert by_id(gmc)["AUR-1060"].locator == "item 60 (line 1903)"
    assert by_id(gmc)["AUR-1061"].locator == "item 62 (line 1946)"
    assert gmc[-1].locator == "item 126 (line 3990)"


def test_rss_raw_is_a_short_excerpt(gmc: list[FeedItem]) -> None:
    for item in gmc:
        assert len(item.raw) <= 300
        assert item.raw.startswith(f"<item> <g:id>{item.id}</g:id>")
    assert by_id(gmc)["AUR-1007"].title == "Jogo de Facas Chef & Cia Vinho 42"


def test_rss_agrees_with_what_the_generator_meant(gmc: list[FeedItem]) -> None:
    make = generator()
    for number, item in enumerate(gmc, start=1):
        meant = make.product(number)
        assert (item.id, item.title, item.gtin, item.mpn) == (
            meant.id, meant.title, meant.gtin, meant.mpn)
        assert item.price == brl(str(meant.price))
        assert item.sale_price == (brl(str(meant.sale)) if meant.sale is not None else None)
        if meant.installment is None:
            assert item.installment_months is None and item.installment_amount is None
        else:
            assert item.installment_months == meant.installment[0]
            assert item.installment_amount == brl(str(meant.installment[1]))
        assert item.min_transit_days == min(s[2] for s in meant.shipping)
        assert item.max_transit_days == max(s[3] for s in meant.shipping)
        assert (item.min_handling_days, item.max_handling_days) == meant.handling


# --- Atom, RSS without namespace --------------------------------------------------------------

def test_atom_feed() -> None:
    items = read("gmc_ptbr_atom.xml", "application/atom+xml")
    assert [item.id for item in items] == ["MOKA-6", "CHAL-17"]  # never Atom's <id>
    moka, kettle = items
    assert moka.title == "Cafeteira Italiana Moka 6 xícaras"
    assert (moka.price, moka.sale_price) == (brl("189.90"), brl("159.90"))
    assert (moka.min_handling_days, moka.max_handling_days) == (1, 2)
    assert (moka.min_transit_days, moka.max_transit_days) == (None, None)
    assert (moka.gtin, moka.mpn, moka.locator) == ("7896541999991", "MK6-AL", "item 1 (line 6)")
    assert kettle.price == brl("1049.00")
    assert (kettle.installment_months, kettle.installment_amount) == (12, brl("87.42"))
    # handling days given only inside g:shipping
    assert (kettle.min_handling_days, kettle.max_handling_days) == (0, 1)
    assert (kettle.min_transit_days, kettle.max_transit_days) == (3, 6)
    assert kettle.locator == "item 2 (line 20)"
    assert kettle.raw.startswith("<entry> <id>tag:lojaaurora.com.br,2024:produto-2</id>")


def test_rss_without_the_g_namespace() -> None:
    [item] = read("plain_rss.xml")
    assert (item.id, item.title) == ("PLAIN-1", "Toalha de Banho Felpuda")
    assert (item.price, item.sale_price) == (brl("79.90"), brl("69.90"))
    assert (item.min_transit_days, item.max_transit_days) == (None, 8)
    assert item.locator == "item 1 (line 5)"


# --- CSV / TSV --------------------------------------------------------------------------------

def test_csv_semicolon_ptbr() -> None:
    items = read("gmc_ptbr.csv", "text/csv")
    assert [item.id for item in items] == ["AUR-2001", "AUR-2002", "AUR-2003", "AUR-2004"]
    first, panelas, camiseta, mochila = items
    assert first.title == "Tênis de Corrida Brisa Azul 42"
    assert (first.price, first.sale_price) == (brl("899.90"), None)
    assert (first.installment_months, first.installment_amount) == (10, brl("89.99"))
    assert first.free_shipping_threshold == brl("299.00")
    assert (first.min_handling_days, first.max_handling_days) == (0, 1)
    assert first.locator == "row 2"
    assert first.raw.startswith("AUR-2001;Tênis de Corrida Brisa Azul 42;899,90 BRL;;")

    assert panelas.title == "Jogo de Panelas Inox; 5 peças"  # quoted delimiter
    assert (panelas.price, panelas.sale_price) == (brl("1299.90"), brl("1099.90"))
    assert (panelas.installment_months, panelas.installment_amount) == (12, brl("91.66"))

    assert camiseta.price == brl("129.90")  # "R$ 129,90"
    # country:region:service:price:min_handling:max_handling:min_transit:max_transit
    assert (camiseta.min_handling_days, camiseta.max_handling_days) == (1, 2)
    assert (camiseta.min_transit_days, camiseta.max_transit_days) == (3, 8)
    assert camiseta.locator == "row 5"  # the blank row 4 still counts

    assert mochila.price == brl("349.00")  # "BRL 349,00"
    assert (mochila.mpn, mochila.locator) == (None, "row 7")
    assert (mochila.min_handling_days, mochila.max_handling_days) == (5, 10)


def test_csv_cell_with_two_shipping_entries_spans_their_days() -> None:
    body = ("id;shipping\n"
            "A-1;BR:SP:Expressa:29,90 BRL:0:1:1:2,BR::Padrão:0,00 BRL:1:2:4:9\n").encode()
    [item] = parse_feed(body, "text/csv")
    assert (item.min_handling_days, item.max_handling_days) == (0, 2)
    assert (item.min_transit_days, item.max_transit_days) == (1, 9)


def test_tsv_with_named_shipping_sub_attributes() -> None:
    items = read("gmc.tsv", "text/tab-separated-values")
    assert [item.id for item in items] == ["SKU-1", "SKU-2", "SKU-3"]
    bottle, lamp, watch = items
    assert (bottle.price, bottle.sale_price) == (brl("149.90"), brl("129.90"))
    assert (bottle.installment_months, bottle.installment_amount) == (3, brl("43.30"))
    # header: shipping(country:service:price:min_transit_time:max_transit_time)
    assert (bottle.min_transit_days, bottle.max_transit_days) == (3, 7)
    assert bottle.free_shipping_threshold == brl("299.00")
    assert bottle.raw.split("\t")[:3] == ["SKU-1", "Garrafa Térmica Inox 750 ml", "149.90 BRL"]
    assert lamp.price == brl("1349.00")  # "1,349.00 BRL"
    assert (lamp.min_transit_days, lamp.max_transit_days) == (1, 2)
    assert watch.price == Money(Decimal("599.00"), None)  # no currency, no default
    assert watch.locator == "row 4"
    assert (watch.min_handling_days, watch.max_handling_days) == (0, 0)
    # the delimiter is detected without the content type too
    assert parse_feed((FEEDS / "gmc.tsv").read_bytes()) == items


def test_default_currency_fills_prices_without_one() -> None:
    body = (FEEDS / "gmc.tsv").read_bytes()
    watch = parse_feed(body, default_currency="BRL")[2]
    assert watch.price == brl("599.00")


def test_comma_csv_in_windows_1252() -> None:
    body = "id,title,price\nA-1,Sandália,\"1.299,90 BRL\"\n".encode("cp1252")
    [item] = parse_feed(body)
    assert (item.title, item.price) == ("Sandália", brl("1299.90"))


def test_utf16_tsv_as_excel_saves_it() -> None:
    body = "id\ttitle\tprice\nB-2\tChaleira\t99.90 BRL\n".encode("utf-16")
    [item] = parse_feed(body)
    assert (item.id, item.title, item.price) == ("B-2", "Chaleira", brl("99.90"))


def test_xml_in_utf16_and_with_leading_whitespace() -> None:
    body = rss("<g:id>U-1</g:id><g:price>1.00 BRL</g:price>",
               declaration='<?xml version="1.0"?>').decode()
    [item] = parse_feed(codecs.BOM_UTF16_LE + body.encode("utf-16-le"))
    assert (item.id, item.price, item.locator) == ("U-1", brl("1.00"), "item 1 (line 1)")
    [item] = parse_feed(b"\n\n  " + body.encode())
    assert item.locator == "item 1 (line 3)"


@pytest.mark.parametrize(("written", "amount", "currency"), [
    ("399.90 BRL", "399.90", "BRL"),
    ("BRL 399.90", "399.90", "BRL"),
    ("R$ 399,90", "399.90", "BRL"),
    ("1,299.90 BRL", "1299.90", "BRL"),
    ("1.299,90 BRL", "1299.90", "BRL"),
    ("1.299 BRL", "1299", "BRL"),
    ("1,299 BRL", "1299", "BRL"),
    ("0,500 BRL", "0.500", "BRL"),
    ("12,5 BRL", "12.5", "BRL"),
    ("1.234.567,89 EUR", "1234567.89", "EUR"),
    ("15 usd", "15", "USD"),
    ("74.92", "74.92", None),
])
def test_price_shapes(written: str, amount: str, currency: str | None) -> None:
    [item] = parse_feed(rss(f"<g:id>P</g:id><g:price>{written}</g:price>"))
    assert item.price == Money(Decimal(amount), currency)


@pytest.mark.parametrize("written", ["", "grátis", "1.2,3.4 BRL", "12.5.6 BRL", "-5.00 BRL",
                                     "1e5 BRL", "399.90 BRL extra"])
def test_unreadable_prices_are_none(written: str) -> None:
    [item] = parse_feed(rss(f"<g:id>P</g:id><g:price>{written}</g:price>"))
    assert item.price is None


# --- refused input ----------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "message"), [
    ("bomb.xml", "entity 'lol'"),
    ("xxe.xml", "external entity 'segredo'"),
])
def test_entity_attacks_are_refused_quickly(name: str, message: str) -> None:
    started = time.perf_counter()
    with pytest.raises(FeedError, match=message):
        read(name)
    assert time.perf_counter() - started < 1.0


def test_external_parameter_entity_is_refused() -> None:
    body = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % dtd SYSTEM "http://example.invalid/x">'
            b"%dtd;]><rss/>")
    with pytest.raises(FeedError, match="external entity 'dtd'"):
        parse_feed(body)


def test_a_doctype_without_entities_is_fine() -> None:
    body = rss("<g:id>D</g:id>", declaration='<?xml version="1.0"?><!DOCTYPE rss>')
    assert [item.id for item in parse_feed(body)] == ["D"]


@pytest.mark.parametrize(("body", "message"), [
    ((FEEDS / "malformed.xml").read_bytes(), r"malformed XML at line 36, column \d+"),
    ((FEEDS / "empty.xml").read_bytes(), "empty body"),
    (b" \r\n\t ", "empty body"),
    ((FEEDS / "junk.bin").read_bytes(), "binary data"),
    (b"<!DOCTYPE html><html><body>Oferta!</body></html>", "HTML page"),
    (b"<?xml version='1.0'?><html><body/></html>", "HTML page"),
    (b"<catalog><product/></catalog>", "root <catalog>"),
    (b'{"products": []}', "JSON"),
    (b"sku;preco\nA1;10,00\n", "no 'id' column"),
    ("Bem-vindo à nossa loja!".encode(), "no 'id' column"),
    (b'<?xml version="1.0" encoding="shift_jis"?><rss/>', "cannot read the XML"),
    (b'<?xml version="1.0" encoding="zlib"?><rss/>', "cannot read the XML"),
    (b"<rss><channel><item><g:id>1</g:id></item></channel></rss>", "unbound prefix"),
    (b'id,title\n1,"' + b"x" * 200_000 + b'"\n', "malformed CSV/TSV"),
])
def test_bad_bodies_raise_feed_error(body: bytes, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_feed(body)


def test_xml_content_type_with_a_body_that_is_not_xml() -> None:
    with pytest.raises(FeedError, match="content type 'application/xml'"):
        parse_feed(b"id;price\n1;2 BRL\n", "application/xml")


def test_bodies_over_50_mb_are_refused() -> None:
    assert MAX_FEED_BYTES == 50 * 1024 * 1024
    with pytest.raises(FeedError, match="too large"):
        parse_feed(b"<" + b" " * MAX_FEED_BYTES)


@pytest.mark.slow
def test_arbitrary_bytes_only_ever_raise_feed_error() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = pytest.importorskip("hypothesis.strategies")
    prefixes = st.sampled_from([
        b"", b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"<?xml version='1.0' encoding='",
        rss("<g:id>1</g:id><g:price>").split(b"<g:price>")[0] + b"<g:price>",
        b'<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:shipping>',
        b"id;price;installment;shipping;free_shipping_threshold\n1;",
        b"id\tshipping(country:price:max_transit_time)\tmin_handling_time\n1\t",
    ])
    feedish = st.text(alphabet="0123456789.,:;\t\n R$BLU<>/g&#x\"'-").map(str.encode)

    @hypothesis.settings(max_examples=400, deadline=None)
    @hypothesis.given(prefixes, st.one_of(st.binary(max_size=600), feedish))
    def check(prefix: bytes, tail: bytes) -> None:
        try:
            items = parse_feed(prefix + tail)
        except FeedError as exc:
            assert str(exc)
        else:
            assert all(isinstance(item, FeedItem) and len(item.raw) <= 300 for item in items)

    check()


# --- matching ---------------------------------------------------------------------------------

def test_match_by_id_mpn_and_gtin(gmc: list[FeedItem]) -> None:
    skus = {s: s for s in ["AUR-1001", "AU0002-BR", "CAT-3", "CAT-10", "NOPE"]}
    gtins = {"789-6541-00003-5": "CAT-3",        # separators ignored
             "00007896541000103": "CAT-10",      # the feed writes 07896541000103
             "7896541999999": "NOPE"}
    matched = match_items(gmc, skus, gtins)
    assert {sku: item.id for sku, item in matched.items()} == {
        "AUR-1001": "AUR-1001", "AU0002-BR": "AUR-1002", "CAT-3": "AUR-1003",
        "CAT-10": "AUR-1010"}


def test_match_prefers_id_then_mpn_then_gtin(gmc: list[FeedItem]) -> None:
    gtin_of_1006 = by_id(gmc)["AUR-1006"].gtin
    assert gtin_of_1006 is not None
    for sku, expected in [("AUR-1004", "AUR-1004"), ("AU0005-BR", "AUR-1005")]:
        matched = match_items(gmc, {sku: sku}, {gtin_of_1006: sku})
        assert matched[sku].id == expected
    # a SKU known only through its GTIN is matched too
    assert match_items(gmc, {}, {gtin_of_1006: "X"})["X"].id == "AUR-1006"


def test_match_first_duplicate_wins_and_empty_inputs(gmc: list[FeedItem]) -> None:
    twin = replace(gmc[0], title="duplicate", locator="item 999 (line 1)")
    assert match_items([gmc[0], twin], {"AUR-1001": "AUR-1001"}, {})["AUR-1001"] is gmc[0]
    assert match_items([], {"A": "A"}, {"7891": "A"}) == {}
    assert match_items(gmc, {}, {"0000": "Z", "": "Z"}) == {}
