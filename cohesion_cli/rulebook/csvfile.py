"""One way to read a CSV file, shared by the catalog CSV, observations and feed readers.

- **Text**: UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark, else
  Windows-1252 as Excel saves it (the five bytes Windows-1252 leaves undefined are read as the
  control characters of the same number, as browsers do). :func:`decode` never fails.
- **Delimiter**: the commonest of the candidates (tab, ``;`` and ``,``) in the first line that
  is not blank; a tie goes to the candidate the reader prefers (the earlier one in
  ``prefer``).
- **Records**: :meth:`CsvText.records` gives each record with its number and its first and
  last line (a quoted cell may span lines); a malformed record raises :class:`CsvSyntaxError`
  with both lines.
- **Positions**: :meth:`CsvText.positions` gives the ``file:line:col`` where each cell of a
  record starts, quotes read as the ``csv`` module reads them, for error messages.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass

from cohesion_cli.domain import Position

DELIMITERS = ",;\t"
"""The delimiters a CSV file may use, in the order of preference on a tie."""

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
"""A line with its line break (the last may have none)."""
# Where a cell reader is, as in the csv module: at a cell's start, in an unquoted cell, in a
# quoted cell, or just after a quote in a quoted cell (closing it, or the first of "").
_START, _PLAIN, _QUOTED, _QUOTE_IN_QUOTED = range(4)
_UNDEFINED_1252 = {0xDC00 + byte: byte for byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


class BinaryData(ValueError):
    """The bytes hold a NUL character once decoded: binary data, not a CSV file."""


class CsvSyntaxError(ValueError):
    """A record the ``csv`` module refused (an unclosed quote, a cell over the size limit)."""

    def __init__(self, start: int, line: int, error: csv.Error) -> None:
        super().__init__(str(error))
        self.start = start
        """First line of the record being read."""
        self.line = line
        """Line where reading stopped."""


@dataclass(frozen=True)
class Decoded:
    """Text read from bytes, and the encoding that writes more of the same file."""

    text: str
    """The text, without a byte order mark."""
    encoding: str
    """``utf-8``, ``utf-16-le``, ``utf-16-be`` or ``cp1252``."""


@dataclass(frozen=True)
class Record:
    """One CSV record (a row of cells) and where it was written."""

    number: int
    """1-based record number; blank records count."""
    start: int
    """Line where the record starts."""
    end: int
    """Line where the record ends (later than ``start`` when a quoted cell holds a line break)."""
    cells: list[str]
    """The cells, as the ``csv`` module reads them."""

    @property
    def blank(self) -> bool:
        """Whether every cell is empty or whitespace."""
        return not any(cell.strip() for cell in self.cells)


def decode(body: bytes, *, lenient: bool = False) -> Decoded:
    """Read ``body`` as UTF-8 or UTF-16 (by their byte order marks), UTF-8, else
    Windows-1252. ``lenient`` replaces bad bytes in the first candidate instead of trying
    the next one (enough to look at how a body starts)."""
    candidates: list[tuple[str, bytes, str]] = []
    if body.startswith(codecs.BOM_UTF16_LE):
        candidates.append(("utf-16-le", body[2:], "utf-16-le"))
    elif body.startswith(codecs.BOM_UTF16_BE):
        candidates.append(("utf-16-be", body[2:], "utf-16-be"))
    candidates.append(("utf-8", body.removeprefix(codecs.BOM_UTF8), "utf-8"))
    for codec, data, encoding in candidates:
        try:
            return Decoded(data.decode(codec, "replace" if lenient else "strict"), encoding)
        except UnicodeDecodeError:
            continue
    for mark in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        body = body.removeprefix(mark)
    text = body.decode("cp1252", "surrogateescape").translate(_UNDEFINED_1252)
    return Decoded(text, "cp1252")


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, broken where the ``csv`` module breaks them (CR LF, CR, LF)."""
    return _LINE_BREAK.split(text)


def sniff_delimiter(lines: list[str], prefer: str = DELIMITERS) -> str:
    """The character of ``prefer`` found most often in the first line that is not blank;
    on a tie (none found included) the earliest in ``prefer``."""
    first = next((line for line in lines if line.strip()), "")
    return max(prefer, key=first.count)


@dataclass(frozen=True)
class CellPositions:
    """Where the cells of one record begin."""

    starts: list[Position]
    """One position per cell written (at least one)."""

    def __getitem__(self, index: int) -> Position:
        """Where cell ``index`` begins; for a cell the record lacks, where its last begins."""
        return self.starts[min(index, len(self.starts) - 1)]


@dataclass(frozen=True)
class CsvText:
    """Decoded CSV text with its delimiter and lines."""

    text: str
    encoding: str
    """As :attr:`Decoded.encoding`."""
    delimiter: str
    lines: list[str]
    """As :func:`split_lines`: ``lines[n - 1]`` is line ``n``."""
    newline: str
    """``\\r\\n`` when the text has one, else ``\\n``: the line end to append with."""

    def records(self, *, strict: bool = False) -> Iterator[Record]:
        """Every record in order, blank ones included (``strict`` as in :mod:`csv`)."""
        # lines as io.StringIO(newline="") gives them, one at a time: a StringIO would copy
        # the whole text (at four bytes a character)
        lines = (match.group() for match in _LINE.finditer(self.text))
        reader = csv.reader(lines, delimiter=self.delimiter, strict=strict)
        number = end = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise CsvSyntaxError(end + 1, reader.line_num, exc) from exc
            number, start, end = number + 1, end + 1, reader.line_num
            yield Record(number, start, end, cells)

    def positions(self, file: str, record: Record) -> CellPositions:
        """Where each cell of ``record`` begins, quotes read as the ``csv`` module reads
        them: a delimiter between the double quotes of a quoted cell is text."""
        starts, state = [Position(file, record.start, 1)], _START
        for number in range(record.start, record.end + 1):
            line = self.lines[number - 1] if number <= len(self.lines) else ""
            for col, char in enumerate(line, start=1):
                if char == self.delimiter and state != _QUOTED:
                    starts.append(Position(file, number, col + 1))
                    state = _START
                elif char == '"':
                    state = _QUOTED if state in (_START, _QUOTE_IN_QUOTED) else \
                        _QUOTE_IN_QUOTED if state == _QUOTED else _PLAIN
                elif state != _QUOTED:
                    state = _PLAIN
        return CellPositions(starts)


def read_csv(body: bytes, *, prefer: str = DELIMITERS, delimiter: str | None = None) -> CsvText:
    """Decode ``body`` and find its delimiter (``delimiter`` forces one). Raises
    :class:`BinaryData` when the text holds a NUL character."""
    decoded = decode(body)
    if "\x00" in decoded.text:
        raise BinaryData("binary data, not a CSV file")
    lines = split_lines(decoded.text)
    return CsvText(decoded.text, decoded.encoding, delimiter or sniff_delimiter(lines, prefer),
                   lines, "\r\n" if "\r\n" in decoded.text else "\n")
