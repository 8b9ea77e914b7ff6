"""Observations: what mystery shoppers were told on phone calls and in store visits.

Some channels cannot be downloaded: a phone call, a visit to a store, a chat with a seller.
A mystery shopper ("cliente oculto") writes down what was said, one **record** per call or
visit, in an observations file. cohesion reads the file like any other channel.

Fields of a record (all text; only ``channel`` is required, and at least one of the
``quoted_*`` fields or ``notes`` must be filled):

=======================  ==================================================================
``who``                  the shopper, e.g. ``Ana Souza``
``when``                 ``2024-03-05``, ``2024-03-05 14:30`` (ISO, ``T`` and a UTC offset
                         allowed) or ``05/03/2024 14:30`` (day first; ``14h30`` and two-digit
                         years accepted). A date alone means midnight.
``where``                the store, phone number or address, e.g. ``(11) 4002-8922``
``channel``              a free label for the touchpoint, e.g. ``telefone``, ``loja Paulista``
``product``              the SKU the conversation was about (optional)
``quoted_price``         the price as said: ``R$ 429,90`` or ``429.90`` (with the currency
                         or the cents: a bare ``429`` is refused, nothing says it is money)
``quoted_installments``  e.g. ``10x sem juros``
``quoted_deadline``      e.g. ``entrega em 7 dias úteis``
``quoted_policy``        e.g. ``troca em até 15 dias``
``notes``                anything else the shopper heard or saw
``attachments``          photos, receipts, recordings: paths relative to the file; a list in
                         YAML, ``;``-separated in CSV
=======================  ==================================================================

YAML (``.yaml`` / ``.yml``, UTF-8): a list of records, or a mapping whose only key
``observations`` holds the list. Loaded safely (no object-building tags)::

    observations:
      - who: Ana Souza
        when: 2024-03-05 14:30
        where: (11) 4002-8922
        channel: telefone
        product: AUR-TN-001
        quoted_price: R$ 429,90
        quoted_installments: 10x sem juros
        quoted_deadline: entrega em 7 dias úteis
        quoted_policy: troca em até 15 dias
        notes: atendente disse que o preço do site está desatualizado
        attachments: [fotos/ligacao-0503.jpg]

CSV (``.csv``): a header row naming the fields (any order, unused ones left out), one record
per row; comma or semicolon separated (detected from the header); UTF-8, or Windows-1252 as
Excel saves it. Quote a cell that contains the separator ("R$ 429,90" in a comma file)::

    who;when;channel;product;quoted_price;quoted_policy;attachments
    Bruno Lima;06/03/2024 11h00;loja Paulista;AUR-TN-001;R$ 399,90;troca em 30 dias;"a.jpg;b.jpg"

Every problem (unknown field, with a "did you mean"; bad date; a quoted price without an
amount; missing channel) is reported as ``file:line:col`` with a hint. ``append_observation``
adds one record to a file, creating it when missing and keeping everything already written,
atomically: a crash leaves the previous version intact.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

from cohesion_cli.domain import Position
from cohesion_cli.money.text import quoted_amount
from cohesion_cli.rulebook.problems import Problem
from cohesion_cli.rulebook.yamlpos import deep_nesting, text_position

FIELDS = ("who", "when", "where", "channel", "product", "quoted_price", "quoted_installments",
          "quoted_deadline", "quoted_policy", "notes", "attachments")
STATEMENT_FIELDS = ("quoted_price", "quoted_installments", "quoted_deadline", "quoted_policy",
                    "notes")
MAX_BYTES = 20 * 1024 * 1024
MAX_VALUES = 1_000_000
WHEN_HINT = "write 2024-03-05, 2024-03-05 14:30 or 05/03/2024 14:30 (day first)"
PRICE_HINT = "write the price as said, with the currency or the cents: R$ 429 or 429,90"
_PORTUGUESE = {
    "quem": "who", "cliente": "who", "data": "when", "quando": "when", "hora": "when",
    "onde": "where", "local": "where", "endereco": "where", "endereço": "where",
    "canal": "channel", "produto": "product", "sku": "product", "preco": "quoted_price",
    "preço": "quoted_price", "price": "quoted_price", "parcelas": "quoted_installments",
    "parcelamento": "quoted_installments", "prazo": "quoted_deadline",
    "entrega": "quoted_deadline", "politica": "quoted_policy", "política": "quoted_policy",
    "troca": "quoted_policy", "notas": "notes", "obs": "notes", "observacoes": "notes",
    "observações": "notes", "anexos": "attachments", "fotos": "attachments",
}
_SAFE_TAGS = {f"tag:yaml.org,2002:{t}"
              for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")}
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\s*(\d{1,2}):(\d{2})"
                  r"(?::(\d{2})(?:[.,](\d{1,6}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?", re.I)
_BR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:[\s,T]+(?:às\s+)?(\d{1,2})(?:[:h](\d{2})"
                 r"(?::(\d{2}))?)?h?)?", re.I)


@dataclass(frozen=True)
class Observation:
    """One phone call or store visit, as the mystery shopper recorded it."""

    index: int
    """1-based record number in the file."""
    line: int
    """Line of the file where the record starts."""
    who: str
    """The shopper."""
    when: datetime | None
    """When it happened (midnight for a date alone; aware only when an offset was written)."""
    where: str
    """Store, phone number or address."""
    channel: str
    """Free label of the touchpoint, e.g. "telefone"."""
    product: str | None
    """SKU the record is about, when given."""
    quoted_price: str
    """Price as said, e.g. "R$ 429,90"."""
    quoted_installments: str
    """Installments as said, e.g. "10x sem juros"."""
    quoted_deadline: str
    """Deadline as said, e.g. "entrega em 7 dias úteis"."""
    quoted_policy: str
    """Policy as said, e.g. "troca em até 15 dias"."""
    notes: str
    """Anything else the shopper heard or saw."""
    attachments: tuple[str, ...]
    """Photos, receipts, recordings: paths relative to the observations file."""

    def statements(self) -> list[tuple[str, str]]:
        """(field name, text) of the non-empty quoted_* fields and notes, for extraction."""
        return [(name, str(getattr(self, name))) for name in STATEMENT_FIELDS
                if getattr(self, name)]


class ObservationsError(Exception):
    """The observations file could not be read; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.render() for p in problems))
        self.problems = problems


@dataclass
class _Cell:
    value: str | list[str]
    at: Position


@dataclass
class _Record:
    index: int
    at: Position
    cells: dict[str, _Cell]
    broken: bool = False
    """A field was already reported: skip the checks of the whole record."""


def parse_when(text: str) -> datetime:
    """Read a ``when`` value; raise ValueError saying what is wrong."""
    text = text.strip()
    iso, br = _ISO.fullmatch(text), _BR.fullmatch(text)
    if iso:
        y, mo, d, h, mi, s, frac, tz = iso.groups()
    elif br:
        d, mo, y, h, mi, s = br.groups()
        frac = tz = None
        y = f"20{y}" if len(y) == 2 else y
    else:
        raise ValueError(f"not a date: {text!r}")
    try:
        return datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0),
                        int((frac or "0").ljust(6, "0")), _zone(tz))
    except ValueError:
        raise ValueError(f"no such date or time: {text!r}") from None


def _zone(tz: str | None) -> timezone | None:
    if not tz:
        return None
    if tz.upper() == "Z":
        return timezone.utc
    digits = tz[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:] or 0)
    return timezone(timedelta(minutes=-minutes if tz[0] == "-" else minutes))


def price_problem(text: str) -> str:
    """Why ``text`` cannot be a ``quoted_price``; empty when it can. A quoted price is read
    by the same money parser as every page (:func:`cohesion_cli.money.text.quoted_amount`),
    so what passes here is what the check compares."""
    if quoted_amount(text, "XXX") is None:  # XXX: ISO 4217 for "no currency"
        return f"no amount in {text!r}"
    return ""


def parse_observations(body: bytes, name: str) -> list[Observation]:
    """Read an observations file; ``name`` picks the format (.yaml/.yml or .csv)."""
    suffix = Path(name).suffix.lower()
    if len(body) > MAX_BYTES:
        raise ObservationsError([Problem(Position(name, 1, 1), f"larger than {MAX_BYTES} bytes",
                                         "split the observations into several files")])
    if suffix in (".yaml", ".yml"):
        records, problems = _yaml_records(body, name)
    elif suffix == ".csv":
        records, problems = _csv_records(body, name)
    else:
        raise ObservationsError([Problem(Position(name, 1, 1),
                                         f"unknown observations format {suffix or name!r}",
                                         "name the file .yaml, .yml or .csv")])
    observations = [_build(record, problems) for record in records]
    if problems:
        raise ObservationsError(problems)
    return observations


def _unknown_field(name: str, at: Position, what: str) -> Problem:
    close = _PORTUGUESE.get(name.lower()) or next(
        iter(difflib.get_close_matches(name.lower(), FIELDS, n=1, cutoff=0.6)), None)
    hint = f"did you mean '{close}'?" if close else f"fields: {', '.join(FIELDS)}"
    return Problem(at, f"unknown {what} '{name}'", hint)


def _build(record: _Record, problems: list[Problem]) -> Observation:
    texts: dict[str, str] = {}
    for name in FIELDS[:-1]:  # the readers give a list only for attachments
        cell = record.cells.get(name)
        texts[name] = cell.value.strip() if cell and isinstance(cell.value, str) else ""
    cell = record.cells.get("attachments")
    raw = [] if cell is None else cell.value if isinstance(cell.value, list) \
        else cell.value.split(";")
    attachments = tuple(a.strip() for a in raw if a.strip())
    when = None
    if texts["when"]:
        try:
            when = parse_when(texts["when"])
        except ValueError as exc:
            problems.append(Problem(record.cells["when"].at, f"'when': {exc}", WHEN_HINT))
    if texts["quoted_price"] and (problem := price_problem(texts["quoted_price"])):
        problems.append(Problem(record.cells["quoted_price"].at, f"'quoted_price': {problem}",
                                PRICE_HINT))
    if not record.broken:  # else its own problems were reported; these would repeat them
        if not texts["channel"]:
            problems.append(Problem(record.at, f"record {record.index} has no 'channel'",
                                    "say where the shopper heard it, e.g. 'channel: telefone'"))
        if not any(texts[name] for name in STATEMENT_FIELDS):
            problems.append(Problem(record.at, f"record {record.index} states nothing",
                                    f"fill at least one of {', '.join(STATEMENT_FIELDS)}"))
    return Observation(
        index=record.index, line=record.at.line, who=texts["who"], when=when,
        where=texts["where"], channel=texts["channel"], product=texts["product"] or None,
        quoted_price=texts["quoted_price"], quoted_installments=texts["quoted_installments"],
        quoted_deadline=texts["quoted_deadline"], quoted_policy=texts["quoted_policy"],
        notes=texts["notes"], attachments=attachments,
    )


# --- YAML ------------------------------------------------------------------------------


def _decode_yaml(body: bytes, name: str) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        col = exc.start - (body.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ObservationsError([Problem(Position(name, line, col), "the file is not UTF-8 text",
                                         "save it as UTF-8")]) from None


def _pos(name: str, mark: yaml.Mark | None) -> Position:
    return Position(name, mark.line + 1, mark.column + 1) if mark else Position(name, 1, 1)


class _YamlReader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.pairs: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}
        self.values = 0

    def tag_ok(self, node: yaml.Node) -> bool:
        if node.tag in _SAFE_TAGS:
            return True
        self.problems.append(Problem(_pos(self.name, node.start_mark),
                                     f"YAML tag {node.tag} is not allowed",
                                     "tags that build objects are refused; write plain values"))
        return False

    def count(self, node: yaml.Node, values: int) -> None:
        """Bound the work aliases can multiply (each record may repeat an anchored one)."""
        self.values += values
        if self.values > MAX_VALUES:
            raise ObservationsError([Problem(
                _pos(self.name, node.start_mark), f"more than {MAX_VALUES} values",
                "aliases that repeat large records or lists are refused")])

    def mapping(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Field name -> (key, value), merge keys (<<) resolved; each node read once.

        PyYAML's own flatten_mapping copies merged pairs at every level, which grows
        exponentially with nested merges; here every merged mapping is read once.
        """
        if id(node) in self.pairs:
            return self.pairs[id(node)]
        self.pairs[id(node)] = {}  # a merge that refers back to this mapping adds nothing
        self.count(node, len(node.value))
        merged: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        own: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            if key.tag == _MERGE:
                sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
                for source in sources:
                    if isinstance(source, yaml.MappingNode) and self.tag_ok(source):
                        for field, pair in self.mapping(source).items():
                            merged.setdefault(field, pair)
                    else:
                        self.problems.append(Problem(_pos(self.name, source.start_mark),
                                                     "'<<' merges only mappings",
                                                     "write '<<: *anchor' of a record"))
            elif not isinstance(key, yaml.ScalarNode):
                self.problems.append(Problem(_pos(self.name, key.start_mark),
                                             "a field name must be text", "quote it"))
            elif key.value in own:
                self.problems.append(Problem(_pos(self.name, key.start_mark),
                                             f"duplicate key '{key.value}'",
                                             "each field may appear once per record"))
            else:
                own[key.value] = (key, value)
        self.pairs[id(node)] = merged | own
        return self.pairs[id(node)]

    def records_node(self, root: yaml.Node) -> yaml.SequenceNode | None:
        if isinstance(root, yaml.SequenceNode) and self.tag_ok(root):
            return root
        if isinstance(root, yaml.MappingNode) and self.tag_ok(root):
            found: yaml.SequenceNode | None = None
            for label, (key, value) in self.mapping(root).items():
                at = _pos(self.name, key.start_mark)
                if label != "observations":
                    problem = _unknown_field(label, at, "top-level key")
                    if label in FIELDS:
                        problem = Problem(at, "a record must be an item of a list",
                                          "write 'observations:' and then '  - who: ...'")
                    self.problems.append(problem)
                elif isinstance(value, yaml.SequenceNode) and self.tag_ok(value):
                    found = value
                elif not (isinstance(value, yaml.ScalarNode) and value.tag == _NULL):
                    self.problems.append(Problem(_pos(self.name, value.start_mark),
                                                 "'observations' must be a list of records",
                                                 "write each record as '  - who: ...'"))
            return found
        if not (isinstance(root, yaml.ScalarNode) and root.tag == _NULL):
            self.problems.append(Problem(_pos(self.name, root.start_mark),
                                         "an observations file is a list of records",
                                         "start with 'observations:' (see the documentation)"))
        return None

    def record(self, index: int, node: yaml.Node) -> _Record | None:
        at = _pos(self.name, node.start_mark)
        if not isinstance(node, yaml.MappingNode):
            self.problems.append(Problem(at, f"record {index} is not a mapping",
                                         "write 'field: value' lines, e.g. 'who: Ana'"))
            return None
        if not self.tag_ok(node):
            return None
        cells: dict[str, _Cell] = {}
        reported = len(self.problems)
        for field, (key, value) in self.mapping(node).items():
            if field not in FIELDS:
                self.problems.append(_unknown_field(field, _pos(self.name, key.start_mark),
                                                    "field"))
                continue
            cell = self.cell(field, value)
            if cell is not None:
                cells[field] = cell
        return _Record(index, at, cells, broken=len(self.problems) > reported)

    def cell(self, field: str, node: yaml.Node) -> _Cell | None:
        at = _pos(self.name, node.start_mark)
        if not self.tag_ok(node):
            return None
        if isinstance(node, yaml.ScalarNode):
            return _Cell("" if node.tag == _NULL else str(node.value), at)
        items = node.value if isinstance(node, yaml.SequenceNode) else None
        if field == "attachments" and items is not None:
            self.count(node, len(items))
            if all(isinstance(i, yaml.ScalarNode) and self.tag_ok(i) for i in items):
                return _Cell([str(i.value) for i in items if i.tag != _NULL], at)
            self.problems.append(Problem(at, "attachments must be a list of paths",
                                         "write '[fotos/a.jpg, fotos/b.jpg]'"))
            return None
        if items is not None:
            self.problems.append(Problem(at, f"'{field}' must be text, not a list",
                                         "write one value; only attachments is a list"))
        else:
            self.problems.append(Problem(at, f"'{field}' must be text, not a mapping",
                                         "quote a value that contains ': '"))
        return None


def _yaml_records(body: bytes, name: str) -> tuple[list[_Record], list[Problem]]:
    text = _decode_yaml(body, name)
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader(text)
        root = loader.get_single_node()
        if root is None:
            return [], []
        reader = _YamlReader(name)
        seq = reader.records_node(root)
        items = seq.value if seq is not None else []
        records = [reader.record(i, item) for i, item in enumerate(items, start=1)]
        return [r for r in records if r is not None], reader.problems
    except yaml.MarkedYAMLError as exc:
        message = ", ".join(p for p in (exc.context, exc.problem) if p)
        raise ObservationsError([Problem(_pos(name, exc.problem_mark or exc.context_mark),
                                         f"YAML syntax error: {message}",
                                         "check indentation, or quote a value with ': ' or '#'"
                                         )]) from None
    except yaml.reader.ReaderError as exc:
        raise ObservationsError([Problem(text_position(text, name, exc.position),
                                         f"character {exc.character!r} is not allowed in YAML",
                                         "remove control characters; save the file as UTF-8")]
                                ) from None
    except yaml.YAMLError as exc:
        raise ObservationsError([Problem(Position(name, 1, 1), f"not valid YAML: {exc}")]) \
            from None
    except RecursionError:
        raise ObservationsError([Problem(deep_nesting(text, name), "nested too deeply",
                                         "records are a list of flat mappings")]) from None
    finally:
        if loader is not None:
            loader.dispose()


# --- CSV -------------------------------------------------------------------------------


@dataclass
class _CsvFile:
    text: str
    encoding: str
    delimiter: str
    newline: str
    header: list[str]


def _csv_file(body: bytes) -> _CsvFile:
    try:
        text, encoding = body.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = body.decode("cp1252", errors="replace"), "cp1252"
    first = next((line for line in re.split(r"\r\n|\r|\n", text) if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    newline = "\r\n" if "\r\n" in text else "\n"
    header = next(csv.reader([first], delimiter=delimiter), [])
    return _CsvFile(text, encoding, delimiter, newline, [h.strip().lower() for h in header])


def _cell_starts(lines: list[str], start: int, end: int, delimiter: str) -> list[tuple[int, int]]:
    """(line, column) where each field of the record on lines start..end begins."""
    starts, quoted = [(start, 1)], False
    for number in range(start, end + 1):
        for col, char in enumerate(lines[number - 1] if number <= len(lines) else "", start=1):
            if char == '"':
                quoted = not quoted
            elif char == delimiter and not quoted:
                starts.append((number, col + 1))
    return starts


def _csv_records(body: bytes, name: str) -> tuple[list[_Record], list[Problem]]:
    parsed = _csv_file(body)
    if "\x00" in parsed.text:
        raise ObservationsError([Problem(Position(name, 1, 1), "binary data, not a CSV file")])
    lines = re.split(r"\r\n|\r|\n", parsed.text)
    reader = csv.reader(io.StringIO(parsed.text, newline=""), delimiter=parsed.delimiter)
    rows: list[tuple[int, int, list[str]]] = []
    previous = 0
    try:
        for row in reader:
            start, previous = previous + 1, reader.line_num
            if any(cell.strip() for cell in row):
                rows.append((start, reader.line_num, row))
    except csv.Error as exc:
        raise ObservationsError([Problem(Position(name, reader.line_num, 1), f"bad CSV: {exc}",
                                         "check the quotes on this line")]) from None
    if not rows:
        return [], []
    header_start, header_end, header_row = rows[0]
    header = [h.strip().lower() for h in header_row]
    spots = _cell_starts(lines, header_start, header_end, parsed.delimiter)
    problems: list[Problem] = []
    for i, column in enumerate(header):
        at = Position(name, *spots[min(i, len(spots) - 1)])
        if column and column not in FIELDS:
            problems.append(_unknown_field(column, at, "column"))
        elif column and column in header[:i]:
            problems.append(Problem(at, f"duplicate column '{column}'", "keep one of them"))
    if "channel" not in header and not problems:
        problems.append(Problem(Position(name, header_start, 1), "no 'channel' column",
                                f"header row: {parsed.delimiter.join(FIELDS)}"))
    if problems:
        return [], problems
    records = []
    for index, (start, end, row) in enumerate(rows[1:], start=1):
        spots = _cell_starts(lines, start, end, parsed.delimiter)
        extra = [i for i in range(len(header), len(row)) if row[i].strip()]
        if extra:
            spot = spots[min(extra[0], len(spots) - 1)]
            problems.append(Problem(
                Position(name, *spot), f"{len(row)} fields where the header has {len(header)}",
                f"quote values that contain '{parsed.delimiter}', e.g. \"R$ 429,90\""))
            continue
        cells: dict[str, _Cell] = {}
        for i, column in enumerate(header):
            value = (row[i] if i < len(row) else "").replace("\r\n", "\n")
            at = Position(name, *spots[min(i, len(spots) - 1)])
            if column:
                cells[column] = _Cell(value, at)
            elif value.strip():
                problems.append(Problem(at, "value in a column without a name",
                                        "name the column in the header row"))
        records.append(_Record(index, Position(name, start, 1), cells))
    return records, problems
