"""The catalog's products, held packed: a catalog of 10,000 products must not cost its
run 10 MB of models.

Each product is kept as one string (its fields between separators) and made into a
:class:`Product` again when it is read; a product whose text holds a separator is kept as
it is. Lookups by SKU go through a sorted array of the SKUs' CRC-32 codes: 16 bytes a
product, where a dict would cost about 120.
"""

from __future__ import annotations

import hashlib
import threading
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, overload

from cohesion_cli.domain import Position
from cohesion_cli.rulebook.catalog import InstallmentPlan, Product

_SEP = "\x1f"
_NONE = "\x00"
TEXT = ("sku", "name", "gtin", "slug")
AMOUNTS = ("price", "list_price", "pix_price")
"""The fields of :class:`Product` packed as text, then as amounts; ``installments`` is the
index of the plan in the catalog's plans. A new field must be added here and in
``Products._unpack``."""
RECENT = 256
"""Products read by index or SKU that are kept made: a document's product is looked up when
the document is handed to a worker, and again when its results are checked."""


class Products(Sequence[Product]):
    """The catalog's products in order, each with the line of the CSV file it was read
    from (0: defined inline)."""

    def __init__(self, products: Iterable[Product] = ()) -> None:
        self._rows: list[str | tuple[Product, int]] = []
        self._plans: list[InstallmentPlan | None] = [None]
        self._given: list[set[str]] = []
        # CRC-32 of each SKU, sorted, and the row of each (built on the first lookup)
        self._index: tuple[array[int], array[int]] | None = None
        self._recent: dict[int, Product] = {}  # the last products read by index
        self._lock = threading.Lock()  # extraction threads look products up too
        for product in products:
            self.append(product)

    def append(self, product: Product, line: int = 0) -> None:
        self._rows.append(self._pack(product, line))
        self._index, self._recent = None, {}

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Product: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Product]: ...

    def __getitem__(self, index: int | slice) -> Product | Sequence[Product]:
        if isinstance(index, slice):
            return [self._unpack(row) for row in self._rows[index]]
        index = range(len(self._rows))[index]  # negative indices, IndexError
        with self._lock:
            made = self._recent.get(index)
        if made is None:
            made = self._unpack(self._rows[index])
            with self._lock:
                if len(self._recent) >= RECENT:
                    del self._recent[next(iter(self._recent))]
                self._recent[index] = made
        return made

    def __iter__(self) -> Iterator[Product]:
        return map(self._unpack, self._rows)

    def __getstate__(self) -> dict[str, Any]:
        state = {**self.__dict__, "_index": None, "_recent": {}}  # codes: per process
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _lock=threading.Lock())

    def find(self, sku: str) -> Product | None:
        """The product with this SKU, if the catalog has it."""
        at = self.rank(sku)
        return None if at is None else self[at]

    def rank(self, sku: str) -> int | None:
        """The index of the product with this SKU, if the catalog has it."""
        if self._index is None:
            pairs = sorted((_code(self._sku(row)), i) for i, row in enumerate(self._rows))
            self._index = (array("L", (code for code, _ in pairs)),
                           array("l", (i for _, i in pairs)))
        codes, order = self._index
        code = _code(sku)
        at = bisect_left(codes, code)
        while at < len(codes) and codes[at] == code:
            if self._sku(self._rows[order[at]]) == sku:
                return order[at]
            at += 1
        return None

    def skus(self) -> Iterator[str]:
        """Every product's SKU, in order (without making the products)."""
        return map(self._sku, self._rows)

    def digest(self) -> str:
        """A digest of every product, in order (not of where each is defined)."""
        digest = hashlib.sha256()
        for row in self._rows:
            text = row[0].model_dump_json() if isinstance(row, tuple) else row.rpartition(_SEP)[0]
            digest.update(text.encode("utf-8", "surrogatepass") + b"\x1e")
        for plan in self._plans:
            digest.update(b"null" if plan is None else plan.model_dump_json().encode())
        for given in self._given:
            digest.update(" ".join(sorted(given)).encode() + b"\x1e")
        return digest.hexdigest()

    def name(self, index: int) -> str:
        """The name of the product at ``index`` (without making the product)."""
        row = self._rows[index]
        return row[0].name if isinstance(row, tuple) else row.split(_SEP, 2)[1]

    def line(self, index: int) -> int:
        """The CSV line the product at ``index`` was read from; 0 when defined inline."""
        row = self._rows[index]
        return row[1] if isinstance(row, tuple) else int(row.rpartition(_SEP)[2])

    def _sku(self, row: str | tuple[Product, int]) -> str:
        return row[0].sku if isinstance(row, tuple) else row[:row.index(_SEP)]

    def _pack(self, product: Product, line: int) -> str | tuple[Product, int]:
        texts: list[str | None] = [getattr(product, name) for name in TEXT]
        if any(t is not None and (_SEP in t or _NONE in t) for t in texts):
            return product, line
        plan, given = product.installments, product.model_fields_set
        if plan not in self._plans:
            self._plans.append(plan)
        if given not in self._given:
            self._given.append(set(given))
        amounts: list[Decimal | None] = [getattr(product, name) for name in AMOUNTS]
        return _SEP.join([*(_NONE if t is None else t for t in texts),
                          *(_NONE if a is None else str(a) for a in amounts),
                          str(self._plans.index(plan)), str(self._given.index(given)),
                          str(line)])

    def _unpack(self, row: str | tuple[Product, int]) -> Product:
        if isinstance(row, tuple):
            return row[0]
        sku, name, gtin, slug, price, list_price, pix, plan, given, _ = row.split(_SEP)
        return Product.model_construct(
            self._given[int(given)], sku=sku, name=name, gtin=_text(gtin),
            slug=_text(slug), price=_amount(price), list_price=_amount(list_price),
            installments=self._plans[int(plan)], pix_price=_amount(pix))


def _text(cell: str) -> str | None:
    return None if cell == _NONE else cell


def _amount(cell: str) -> Decimal | None:
    return None if cell == _NONE else Decimal(cell)


def _code(sku: str) -> int:
    return zlib.crc32(sku.encode("utf-8", "surrogatepass"))


class CatalogPositions(Mapping[str, Position]):
    """Where each product is defined: its inline entry, or its row of the CSV file."""

    def __init__(self, products: Products, inline: Mapping[str, Position], csv: str) -> None:
        self._products, self._inline, self._csv = products, inline, csv

    def __getitem__(self, sku: str) -> Position:
        if sku in self._inline:
            return self._inline[sku]
        at = self._products.rank(sku)
        line = 0 if at is None else self._products.line(at)
        if not line:
            raise KeyError(sku)
        return Position(self._csv, line, 1)

    def __iter__(self) -> Iterator[str]:
        return (p.sku for i, p in enumerate(self._products)
                if p.sku in self._inline or self._products.line(i))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Names(Mapping[str, str]):
    """Each product's name by SKU, read from the packed catalog when asked: the reports
    name products, and a dict of every name would hold the catalog a second time."""

    def __init__(self, products: Products) -> None:
        self._products = products

    def __getitem__(self, sku: str) -> str:
        at = self._products.rank(sku)
        if at is None:
            raise KeyError(sku)
        return self._products.name(at)

    def __iter__(self) -> Iterator[str]:
        return self._products.skus()

    def __len__(self) -> int:
        return len(self._products)
