"""The catalog held packed (``rulebook/products.py``): every product comes back as it went
in, lookups by SKU find it (CRC-32 collisions included), and the digest follows the
products, not where they are written."""

from __future__ import annotations

import pickle
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohesion_cli.channels.extraction import ExtractContext
from cohesion_cli.domain import Position
from cohesion_cli.rulebook import products as packed
from cohesion_cli.rulebook.catalog import Product
from cohesion_cli.rulebook.models import Channel
from cohesion_cli.rulebook.products import CatalogPositions, Names, Products

TEXT = st.text(alphabet=st.sampled_from("aZ0-é \x1f\x00ç"), max_size=6)
AMOUNT = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)


@st.composite
def product(draw: st.DrawFn) -> Product:
    data: dict[str, Any] = {"sku": draw(TEXT.filter(bool))}
    for name in ("name", "gtin", "slug"):
        if draw(st.booleans()):
            data[name] = draw(TEXT)
    for name in ("price", "list_price", "pix_price"):
        if draw(st.booleans()):
            data[name] = draw(st.one_of(AMOUNT, st.none()))
    if draw(st.booleans()):
        data["installments"] = {"count": draw(st.integers(1, 48)),
                                "interest_free": draw(st.booleans())}
    return Product.model_validate(data)


CATALOGS = st.lists(product(), max_size=12, unique_by=lambda p: p.sku)


@settings(max_examples=150, deadline=None)
@given(CATALOGS)
def test_products_come_back_as_they_went_in(catalog: list[Product]) -> None:
    products = Products()
    for line, item in enumerate(catalog, start=2):
        products.append(item, line)
    for copy in (products, pickle.loads(pickle.dumps(products))):
        assert list(copy) == catalog
        assert [p.model_fields_set for p in copy] == [p.model_fields_set for p in catalog]
        assert [p.model_dump_json() for p in copy] == [p.model_dump_json() for p in catalog]
        assert list(copy.skus()) == [p.sku for p in catalog]
        for i, item in enumerate(catalog):
            assert copy.rank(item.sku) == i
            assert copy.find(item.sku) == item == copy[i] == copy[i - len(catalog)]
            assert copy.line(i) == i + 2
        assert copy.find("absent\x1e") is None
        assert copy[1:3] == catalog[1:3]


@settings(max_examples=100, deadline=None)
@given(CATALOGS)
def test_names_are_each_products_name_by_sku(catalog: list[Product]) -> None:
    """The reports' SKU -> name mapping reads the packed catalog: the same as the dict of
    every product it replaces, names holding the separators included."""
    products = Products()
    for line, item in enumerate(catalog, start=2):
        products.append(item, line)
    names = Names(products)
    assert names == {p.sku: p.name for p in catalog}
    assert list(names) == [p.sku for p in catalog] and len(names) == len(catalog)
    assert "absent\x1e" not in names and names.get("absent\x1e") is None


def test_every_field_of_a_product_is_packed() -> None:
    assert set(Product.model_fields) == {*packed.TEXT, *packed.AMOUNTS, "installments"}


def test_a_sku_whose_code_collides_is_still_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packed, "_code", lambda sku: 7)
    products = Products(Product(sku=sku) for sku in ("A1", "B2", "C3"))
    assert [products.rank(sku) for sku in ("C3", "A1", "B2", "D4")] == [2, 0, 1, None]


def test_out_of_range_is_an_index_error() -> None:
    with pytest.raises(IndexError):
        Products([Product(sku="A1")])[1]


def test_the_digest_follows_the_products_not_their_lines() -> None:
    def digest(price: str, line: int) -> str:
        products = Products()
        products.append(Product.model_validate({"sku": "A1", "price": price}), line)
        return products.digest()

    assert digest("10.00", 2) == digest("10.00", 9)
    assert digest("10.00", 2) != digest("10.01", 2)
    three, four = (Products([Product.model_validate({"sku": "A1", "installments": {"count": n}})])
                   for n in (3, 4))
    assert three.digest() != four.digest()


def test_positions_are_the_inline_entry_or_the_csv_row() -> None:
    products = Products([Product(sku="IN")])
    products.append(Product(sku="A1", price=Decimal("1")), 5)
    inline = {"IN": Position("cohesion.yaml", 7, 7)}
    positions = CatalogPositions(products, inline, "catalogo.csv")
    assert positions["A1"] == Position("catalogo.csv", 5, 1)
    assert positions["IN"] == Position("cohesion.yaml", 7, 7)
    assert dict(positions) == {"IN": inline["IN"], "A1": Position("catalogo.csv", 5, 1)}
    assert "ZZ" not in positions


def test_threads_look_products_up_together() -> None:
    """Extraction threads (small runs) look products up in the catalog their chats and
    observations name, while the index is being built and the recent products evicted."""
    skus = [f"P{i}" for i in range(20_000)]
    catalog = Products(Product(sku=sku) for sku in skus)

    def look(products: Products, offset: int) -> bool:
        order = skus[offset:offset + 2 * packed.RECENT]
        return all((products.find(sku) or Product(sku="-")).sku == sku for sku in order)

    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns as often as they can
    try:
        for _ in range(4):
            products = pickle.loads(pickle.dumps(catalog))  # no index built yet
            with ThreadPoolExecutor(max_workers=4) as pool:
                assert all(pool.map(look, [products] * 4, range(0, 2000, 500)))
    finally:
        sys.setswitchinterval(switching)


def test_extraction_options_find_their_product_without_making_the_catalog(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A chat or an observations file names many products of a large catalog: each is
    looked up through the index, not by making every product until it is found."""
    products = Products(Product.model_validate({"sku": f"P{i}", "gtin": f"789{i:010d}"})
                        for i in range(2000))
    made: list[int] = []
    unpack = Products._unpack
    monkeypatch.setattr(Products, "_unpack", lambda self, row: made.append(1) or unpack(
        self, row))
    ctx = ExtractContext(Channel.model_validate({"id": "zap", "kind": "whatsapp",
                                                 "location": "chat.txt"}),
                         products, currency="BRL", locale="pt-BR")
    assert ctx.options("P1999").gtin == "7890000001999"
    assert ctx.options(None).gtin is None and ctx.options("nope").gtin is None
    assert len(made) == 1
