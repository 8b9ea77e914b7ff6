"""Read the records of a CSV observations file (the format is documented in
:mod:`cohesion_cli.channels.parsers.observations`); the text, delimiter and cell positions
come from :mod:`cohesion_cli.rulebook.csvfile`.
"""

from __future__ import annotations

from cohesion_cli.channels.parsers.observations_records import (
    ALL_FIELDS,
    FIELDS,
    Cell,
    ObservationsError,
    Record,
    unknown_field,
)
from cohesion_cli.domain import Position
from cohesion_cli.rulebook.csvfile import BinaryData, CsvSyntaxError, CsvText, read_csv
from cohesion_cli.rulebook.csvfile import Record as Row
from cohesion_cli.rulebook.problems import Problem


def csv_table(body: bytes, name: str) -> tuple[CsvText, list[Row]]:
    """The decoded file and its records that are not blank (the first is the header)."""
    try:
        table = read_csv(body)
        return table, [row for row in table.records() if not row.blank]
    except BinaryData as exc:
        raise ObservationsError([Problem(Position(name, 1, 1), str(exc))]) from None
    except CsvSyntaxError as exc:
        raise ObservationsError([Problem(Position(name, exc.line, 1), f"bad CSV: {exc}",
                                         "check the quotes on this line")]) from None


def header_of(row: Row) -> list[str]:
    """The column names of a header row, as the reader compares them."""
    return [h.strip().lower() for h in row.cells]


def csv_records(body: bytes, name: str) -> tuple[list[Record], list[Problem]]:
    """The records of a CSV file, and the problems of its header and rows."""
    table, rows = csv_table(body, name)
    if not rows:
        return [], []
    header = header_of(rows[0])
    problems: list[Problem] = []
    spots = table.positions(name, rows[0])
    for i, column in enumerate(header):
        at = spots[i]
        if column and column not in ALL_FIELDS:
            problems.append(unknown_field(column, at, "column"))
        elif column and column in header[:i]:
            problems.append(Problem(at, f"duplicate column '{column}'", "keep one of them"))
    if "channel" not in header and not problems:
        problems.append(Problem(Position(name, rows[0].start, 1), "no 'channel' column",
                                f"header row: {table.delimiter.join(FIELDS)}"))
    if problems:
        return [], problems
    records = []
    for index, row in enumerate(rows[1:], start=1):
        spots = table.positions(name, row)
        extra = [i for i in range(len(header), len(row.cells)) if row.cells[i].strip()]
        if extra:
            problems.append(Problem(
                spots[extra[0]],
                f"{len(row.cells)} fields where the header has {len(header)}",
                f"quote values that contain '{table.delimiter}', e.g. \"R$ 429,90\""))
            continue
        cells: dict[str, Cell] = {}
        for i, column in enumerate(header):
            value = (row.cells[i] if i < len(row.cells) else "").replace("\r\n", "\n")
            at = spots[i]
            if column:
                cells[column] = Cell(value, at)
            elif value.strip():
                problems.append(Problem(at, "value in a column without a name",
                                        "name the column in the header row"))
        records.append(Record(index, Position(name, row.start, 1), cells))
    return records, problems
