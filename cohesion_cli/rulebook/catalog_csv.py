"""Read a catalog CSV (the spreadsheet a client sends) into products.

Header row required (the first line that is not blank). Read by
:mod:`cohesion_cli.rulebook.csvfile`: comma, semicolon or tab separated (detected; a tie is a
comma file); UTF-8, UTF-16 with a byte order mark, or Windows-1252 with a warning. Every bad
cell is reported as file:line:col.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cohesion_cli.domain import Position
from cohesion_cli.rulebook.catalog import Product
from cohesion_cli.rulebook.csvfile import (
    BinaryData,
    CellPositions,
    CsvSyntaxError,
    CsvText,
    Record,
    read_csv,
)
from cohesion_cli.rulebook.problems import Problem
from cohesion_cli.rulebook.products import Products

COLUMNS = ("sku", "name", "gtin", "slug", "price", "list_price", "installments", "interest_free",
           "pix_price")
MAX_CSV_BYTES = 20 * 1024 * 1024
_TRUE = {"true", "yes", "sim", "s", "y", "1", "x"}
_FALSE = {"false", "no", "não", "nao", "n", "0", ""}


def read_catalog_csv(path: Path, display: str, products: Products) -> list[Problem]:
    """Append the file's products to ``products``, each with its line, after those there
    already (defined inline: a row with the SKU of one of them is refused); the problems
    found."""
    raw = path.read_bytes()
    if len(raw) > MAX_CSV_BYTES:
        return [Problem(Position(display, 1, 1), f"catalog CSV larger than {MAX_CSV_BYTES} "
                        "bytes", "split the catalog")]
    try:
        table = read_csv(raw)
    except BinaryData:
        return [Problem(Position(display, 1, 1), "binary data, not a CSV file")]
    problems: list[Problem] = []
    if table.encoding == "cp1252":
        problems.append(Problem(Position(display, 1, 1), "not UTF-8; read as Windows-1252",
                                "save the CSV as UTF-8 to be sure", level="warning"))
    if not table.text:
        return [Problem(Position(display, 1, 1), "the catalog CSV is empty",
                        f"first line: {','.join(COLUMNS)}")]
    records = table.records(strict=True)
    try:
        head = next((r for r in records if not r.blank), None)
    except CsvSyntaxError as exc:
        return [_csv_problem(display, exc.start, exc)]
    header = [h.strip().lower() for h in head.cells] if head else []
    if head is not None:
        problems += _unknown_columns(header, table.positions(display, head))
    if "sku" not in header:
        problems.append(Problem(Position(display, head.start if head else 1, 1),
                                "no 'sku' column", f"first line: {','.join(COLUMNS)}"))
    if any(p.level == "error" for p in problems):
        return problems
    inline = set(products.skus())
    seen: dict[str, int] = {}
    try:
        for record in records:
            if record.blank:
                continue
            product, row_problems = _row(header, record, table, display)
            problems += row_problems
            if product is None:
                continue
            here = Position(display, record.start, 1)
            if product.sku in inline:
                problems.append(Problem(here, f"duplicate product sku '{product.sku}'",
                                        "it is also defined inline in the rulebook; keep one"))
            elif product.sku in seen:
                problems.append(Problem(here, f"duplicate sku '{product.sku}'",
                                        f"first defined on line {seen[product.sku]}"))
            else:
                seen[product.sku] = record.start
                products.append(product, record.start)
    except CsvSyntaxError as exc:
        problems.append(_csv_problem(display, exc.start, exc))
    return problems


def _unknown_columns(header: list[str], at: CellPositions) -> list[Problem]:
    problems = []
    for i, name in enumerate(header):
        if name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            problems.append(Problem(
                at[i], f"unknown column '{name}'",
                f"did you mean '{close[0]}'?" if close else f"columns: {', '.join(COLUMNS)}",
            ))
    return problems


def _row(
    header: list[str], record: Record, table: CsvText, display: str
) -> tuple[Product | None, list[Problem]]:
    row = record.cells
    if len(row) != len(header):
        return None, [Problem(Position(display, record.start, 1),
                              f"{len(row)} fields where the header has {len(header)}",
                              f"fields are separated by '{table.delimiter}'; quote values "
                              "containing it")]
    cells = {name: cell.strip() for name, cell in zip(header, row, strict=True)}
    data: dict[str, Any] = {k: v for k, v in cells.items() if v and k in COLUMNS}
    data.pop("interest_free", None)
    if "installments" in data:
        data["installments"] = {"count": data["installments"],
                                "interest_free": _flag(cells.get("interest_free", ""))}
    try:
        return Product.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = err["loc"]
            column = "interest_free" if loc[:2] == ("installments", "interest_free") \
                else str(loc[0])
            idx = header.index(column) if column in header else 0
            problems.append(Problem(
                table.positions(display, record)[idx],
                f"column '{column}': {err['msg'].removeprefix('Value error, ')}",
                "amounts like 1299.90, 1.299,90 or R$ 1.299,90; installments as a whole number",
            ))
        return None, problems


def _csv_problem(display: str, line: int, exc: CsvSyntaxError) -> Problem:
    return Problem(Position(display, line, 1), f"not valid CSV: {exc}",
                   "check quotes: a cell that contains the separator or a line break must be "
                   "wrapped in double quotes, and every opening quote closed")


def _flag(text: str) -> bool | str:
    low = text.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return low == ""
    return text

