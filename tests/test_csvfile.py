"""The CSV reading helper shared by the catalog CSV, observations and feed readers."""

from __future__ import annotations

import codecs
import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohesion_cli.channels.parsers.feed import parse_feed
from cohesion_cli.channels.parsers.observations import parse_observations
from cohesion_cli.channels.parsers.observations_append import append_observation
from cohesion_cli.domain import Position
from cohesion_cli.rulebook.catalog_csv import read_catalog_csv
from cohesion_cli.rulebook.csvfile import (
    BinaryData,
    CsvSyntaxError,
    CsvText,
    decode,
    read_csv,
    sniff_delimiter,
    split_lines,
)
from cohesion_cli.rulebook.products import CatalogPositions, Products

# --- delimiter -------------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "delimiter"), [
    ("sku;name;price", ";"),
    ("sku,name,price", ","),
    ("sku\tname\tprice", "\t"),
    ('sku;name;"price, in BRL"', ";"),
    ("sku;name,price", ","),  # a tie goes to the first preferred: ','
    ("sku", ","),  # none found is a tie too
])
def test_sniff_picks_the_commonest_delimiter(header: str, delimiter: str) -> None:
    assert sniff_delimiter([header, "A1;B;C"]) == delimiter


def test_sniff_reads_the_first_line_that_is_not_blank() -> None:
    assert sniff_delimiter(["", "  ", "a;b;c", "x,y,z,w"]) == ";"


def test_sniff_ties_follow_the_readers_preference() -> None:
    assert sniff_delimiter(["id"], "\t;,") == "\t"
    assert sniff_delimiter(["a;b,c"], "\t;,") == ";"
    assert sniff_delimiter(["a;b,c"]) == ","


def test_a_forced_delimiter_wins() -> None:
    assert read_csv(b"a,b,c\n", delimiter="\t").delimiter == "\t"


# --- text ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "text", "encoding"), [
    ("preço;ação\n".encode(), "preço;ação\n", "utf-8"),
    (codecs.BOM_UTF8 + "preço\n".encode(), "preço\n", "utf-8"),
    (codecs.BOM_UTF16_LE + "preço\n".encode("utf-16-le"), "preço\n", "utf-16-le"),
    (codecs.BOM_UTF16_BE + "preço\n".encode("utf-16-be"), "preço\n", "utf-16-be"),
    ("preço € 10\n".encode("cp1252"), "preço € 10\n", "cp1252"),
    # not UTF-8 despite the mark: Windows-1252, the mark read as text
    (codecs.BOM_UTF8 + "ç".encode("cp1252"), "ç", "cp1252"),  # the mark is not text
])
def test_decode(body: bytes, text: str, encoding: str) -> None:
    decoded = decode(body)
    assert (decoded.text, decoded.encoding) == (text, encoding)


def test_bytes_windows_1252_leaves_undefined_read_as_latin_1() -> None:
    decoded = decode(b"\x80 \x81\x8d\x8f\x90\x9d \xe7")
    assert (decoded.text, decoded.encoding) == ("€ \x81\x8d\x8f\x90\x9d ç", "cp1252")


def test_an_odd_utf_16_body_falls_back_to_windows_1252() -> None:
    assert decode(codecs.BOM_UTF16_LE + b"a\x00b").encoding == "cp1252"


def test_lenient_decoding_replaces_instead_of_falling_back() -> None:
    decoded = decode(b"<rss>\xff", lenient=True)
    assert (decoded.text, decoded.encoding) == ("<rss>\ufffd", "utf-8")


def test_a_nul_character_is_binary_data() -> None:
    with pytest.raises(BinaryData, match="binary data"):
        read_csv("sku\n".encode("utf-16-le"))  # UTF-16 without its mark


@pytest.mark.parametrize(("text", "newline"), [
    ("a\r\nb\r\n", "\r\n"), ("a\nb\n", "\n"), ("a\rb\r", "\n"), ("a", "\n"),
])
def test_newline_to_append_with(text: str, newline: str) -> None:
    assert read_csv(text.encode()).newline == newline


def test_lines_break_where_the_csv_module_breaks_them() -> None:
    assert split_lines("a\r\nb\rc\nd\x0ce\u2028f") == ["a", "b", "c", "d\x0ce\u2028f"]


# --- records and positions -------------------------------------------------------------------

TABLE = b'sku;name;price\r\n\r\nA1;"Brisa;\r\nazul";399,90\r\nA2;Sol;"1,00"\r\n'


def test_records_with_their_lines() -> None:
    table = read_csv(TABLE)
    records = list(table.records())
    assert [(r.number, r.start, r.end, r.blank) for r in records] == [
        (1, 1, 1, False), (2, 2, 2, True), (3, 3, 4, False), (4, 5, 5, False)]
    assert records[2].cells == ["A1", "Brisa;\r\nazul", "399,90"]


def test_positions_respect_quotes_and_line_breaks() -> None:
    table = read_csv(TABLE)
    _, _, brisa, sol = table.records()
    at = table.positions("p.csv", brisa)
    assert [at[i] for i in range(3)] == [
        Position("p.csv", 3, 1), Position("p.csv", 3, 4), Position("p.csv", 4, 7)]
    assert at[7] == Position("p.csv", 4, 7)  # a cell the record lacks: where its last begins
    assert table.positions("p.csv", sol)[2] == Position("p.csv", 5, 8)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(['"', '""', ",", ";", "\t", "a", " ", "\n", "\r\n", "\r", "bc"]),
                max_size=30).map("".join))
def test_one_position_per_cell_the_csv_module_reads(text: str) -> None:
    table = read_csv(text.encode())
    try:
        records = list(table.records())
    except CsvSyntaxError:
        return
    for record in records:
        assert len(table.positions("f.csv", record).starts) == max(len(record.cells), 1)


def test_a_quote_inside_an_unquoted_cell_is_text() -> None:
    table = read_csv(b'sku,name,price\nA1,Brisa 42",caro\n')
    _, row = table.records()
    assert table.positions("p.csv", row)[2] == Position("p.csv", 2, 14)


def test_an_unclosed_quote_says_where_the_record_starts_and_where_reading_stopped() -> None:
    table = read_csv(b'sku,name\nA1,"Brisa\nA2,Sol\n')
    records = table.records(strict=True)
    assert next(records).cells == ["sku", "name"]
    with pytest.raises(CsvSyntaxError) as info:
        next(records)
    assert (info.value.start, info.value.line) == (2, 3)


# --- the three readers share it --------------------------------------------------------------


def test_catalog_reads_tab_and_utf_16(tmp_path: Path) -> None:
    path = tmp_path / "produtos.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + "sku\tname\tprice\nA1\tTênis\t399,90\n"
                     .encode("utf-16-le"))
    products = Products()
    problems = read_catalog_csv(path, "produtos.csv", products)
    assert problems == []
    assert [(p.sku, p.name, str(p.price)) for p in products] == [("A1", "Tênis", "399.90")]
    assert CatalogPositions(products, {}, "produtos.csv")["A1"] == Position("produtos.csv", 2, 1)


def test_catalog_rows_repeating_a_sku_are_refused_in_line_order(tmp_path: Path) -> None:
    """A row with the SKU of an inline product, or of an earlier row, is refused where it
    is; the products keep the first of each."""
    from cohesion_cli.rulebook.catalog import Product

    path = tmp_path / "produtos.csv"
    path.write_text("sku,name\nIN,Dup\nA1,Brisa\nA1,Lume\nIN,Dup2\n", encoding="utf-8")
    products = Products([Product(sku="IN", name="Inline")])
    problems = read_catalog_csv(path, "produtos.csv", products)
    assert [(p.position.line, p.message, p.hint) for p in problems] == [
        (2, "duplicate product sku 'IN'", "it is also defined inline in the rulebook; keep one"),
        (4, "duplicate sku 'A1'", "first defined on line 3"),
        (5, "duplicate product sku 'IN'", "it is also defined inline in the rulebook; keep one")]
    assert [(p.sku, p.name) for p in products] == [("IN", "Inline"), ("A1", "Brisa")]
    assert [products.line(i) for i in range(len(products))] == [0, 3]


def test_catalog_points_at_a_cell_after_a_quoted_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "produtos.csv"
    path.write_text('sku,name,price\nA1,"Brisa, azul",caro\n', encoding="utf-8")
    [problem] = read_catalog_csv(path, "produtos.csv", Products())
    assert problem.position == Position("produtos.csv", 2, 18)
    assert problem.message.startswith("column 'price'")


def test_catalog_in_windows_1252_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "produtos.csv"
    path.write_bytes("sku;name;price\nA1;Tênis;399,90\n".encode("cp1252"))
    products = Products()
    [warning] = read_catalog_csv(path, "produtos.csv", products)
    assert [p.name for p in products] == ["Tênis"]
    assert (warning.level, warning.message) == ("warning", "not UTF-8; read as Windows-1252")


def test_observations_read_tab_separated_csv() -> None:
    [row] = parse_observations(b"channel\tquoted_price\nloja\tR$ 429,90\n", "o.csv")
    assert (row.channel, row.quoted_price) == ("loja", "R$ 429,90")


def test_feed_in_windows_1252_keeps_the_euro_beside_an_undefined_byte() -> None:
    [item] = parse_feed(b"id;title;price\nA-1;Sand\xe1lia \x80\x81;10,00 EUR\n")
    assert item.title == "Sandália €\x81"


def test_appending_to_a_utf_16_observations_csv_keeps_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    old = codecs.BOM_UTF16_LE + "channel;notes\r\nloja;preço ok".encode("utf-16-le")
    path.write_bytes(old)
    append_observation(path, {"channel": "telefone", "notes": "troca só em 7 dias"})
    assert path.read_bytes() == old + "\r\ntelefone;troca só em 7 dias\r\n".encode("utf-16-le")
    assert [o.notes for o in parse_observations(path.read_bytes(), "o.csv")] == [
        "preço ok", "troca só em 7 dias"]


def test_catalog_rows_hold_what_they_share_once(tmp_path: Path) -> None:
    """Equal installment plans are one object and the models equal validated ones (a large
    catalog is held in memory for the whole run)."""
    from cohesion_cli.rulebook.catalog import Product

    path = tmp_path / "catalog.csv"
    path.write_text("sku,name,price,installments,interest_free\n"
                    "A1,Tênis,399.90,10,sim\nB2,Bota,259.90,10,sim\nC3,Meia,19.90,,\n",
                    encoding="utf-8")
    products = Products()
    assert read_catalog_csv(path, "catalog.csv", products) == []
    assert products[0].installments is products[1].installments
    assert products[0].model_fields_set is products[1].model_fields_set
    assert list(products) == [
        Product.model_validate({"sku": "A1", "name": "Tênis", "price": "399.90",
                                "installments": {"count": 10, "interest_free": True}}),
        Product.model_validate({"sku": "B2", "name": "Bota", "price": "259.90",
                                "installments": {"count": 10, "interest_free": True}}),
        Product.model_validate({"sku": "C3", "name": "Meia", "price": "19.90"})]
    assert products[2].model_fields_set == {"sku", "name", "price"}
    assert products[0].model_dump(exclude_unset=True) == {
        "sku": "A1", "name": "Tênis", "price": Decimal("399.90"),
        "installments": {"count": 10, "interest_free": True}}


@given(st.text(alphabet="ab,; \"\r\n\u00e9", max_size=40))
def test_records_break_lines_where_the_csv_module_does(text: str) -> None:
    table = CsvText(text, "utf-8", ",", split_lines(text), "\n")
    expected = list(csv.reader(io.StringIO(text, newline="")))
    assert [record.cells for record in table.records()] == expected
