"""Read a catalog CSV (the spreadsheet a client sends) into products.

Header row required. Comma or semicolon separated (detected). UTF-8, or Windows-1252
with a warning. Every bad cell is reported as file:line:col.
"""

from __future__ import annotations

import csv
import difflib
import io
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cohesion_cli.domain import Position
from cohesion_cli.rulebook.catalog import Product
from cohesion_cli.rulebook.problems import Problem

COLUMNS = ("sku", "name", "gtin", "slug", "price", "list_price", "installments", "interest_free")
MAX_CSV_BYTES = 20 * 1024 * 1024
_TRUE = {"true", "yes", "sim", "s", "y", "1", "x"}
_FALSE = {"false", "no", "não", "nao", "n", "0", ""}


Rows = tuple[list[Product], dict[str, Position], list[Problem]]


def read_catalog_csv(path: Path, display: str) -> Rows:
    """Products, the position of each product's row, and the problems found."""
    raw = path.read_bytes()
    if len(raw) > MAX_CSV_BYTES:
        return [], {}, [Problem(Position(display, 1, 1), f"catalog CSV larger than {MAX_CSV_BYTES} "
                            "bytes", "split the catalog")]
    problems: list[Problem] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        problems.append(Problem(Position(display, 1, 1), "not UTF-8; read as Windows-1252",
                                "save the CSV as UTF-8 to be sure", level="warning"))
    if "\x00" in text:
        return [], {}, [Problem(Position(display, 1, 1), "binary data, not a CSV file")]
    lines = text.splitlines()
    if not lines:
        return [], {}, [Problem(Position(display, 1, 1), "the catalog CSV is empty",
                            f"first line: {','.join(COLUMNS)}")]
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        return [], {}, [_csv_problem(display, 1, exc)]
    for i, name in enumerate(header):
        if name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            problems.append(Problem(
                Position(display, 1, _col(lines[0], delimiter, i)), f"unknown column '{name}'",
                f"did you mean '{close[0]}'?" if close else f"columns: {', '.join(COLUMNS)}",
            ))
    if "sku" not in header:
        problems.append(Problem(Position(display, 1, 1), "no 'sku' column",
                                f"first line: {','.join(COLUMNS)}"))
    if any(p.level == "error" for p in problems):
        return [], {}, problems
    products: list[Product] = []
    seen: dict[str, int] = {}
    positions: dict[str, Position] = {}
    rows = iter(reader)
    while True:
        line_no = reader.line_num + 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(_csv_problem(display, line_no, exc))
            break
        if not any(cell.strip() for cell in row):
            continue
        raw_line = lines[line_no - 1] if line_no - 1 < len(lines) else ""
        product, row_problems = _row(header, row, display, line_no, raw_line, delimiter)
        problems += row_problems
        if product and product.sku in seen:
            problems.append(Problem(Position(display, line_no, 1),
                                    f"duplicate sku '{product.sku}'",
                                    f"first defined on line {seen[product.sku]}"))
        elif product:
            seen[product.sku] = line_no
            products.append(product)
            positions[product.sku] = Position(display, line_no, 1)
    return products, positions, problems


def _row(
    header: list[str], row: list[str], display: str, line_no: int, raw_line: str, delimiter: str
) -> tuple[Product | None, list[Problem]]:
    if len(row) != len(header):
        return None, [Problem(Position(display, line_no, 1),
                              f"{len(row)} fields where the header has {len(header)}",
                              f"fields are separated by '{delimiter}'; quote values containing it")]
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
                Position(display, line_no, _col(raw_line, delimiter, idx)),
                f"column '{column}': {err['msg'].removeprefix('Value error, ')}",
                "amounts like 1299.90, 1.299,90 or R$ 1.299,90; installments as a whole number",
            ))
        return None, problems


def _csv_problem(display: str, line: int, exc: csv.Error) -> Problem:
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


def _col(line: str, delimiter: str, index: int) -> int:
    """1-based character column where field ``index`` starts (quotes ignored)."""
    pos = 0
    for _ in range(index):
        nxt = line.find(delimiter, pos)
        if nxt < 0:
            break
        pos = nxt + 1
    return pos + 1
