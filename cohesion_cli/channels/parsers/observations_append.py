"""Append one observation to a YAML or CSV observations file (``cohesion record``),
keeping every byte already written and writing atomically."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import yaml

from cohesion_cli import atomic
from cohesion_cli.channels.parsers.observations import build, parse_observations, parse_when
from cohesion_cli.channels.parsers.observations_csv import csv_table, header_of
from cohesion_cli.channels.parsers.observations_records import (
    ALL_FIELDS,
    ANSWER_FIELDS,
    FIELDS,
    VISIT_FIELDS,
    Cell,
    Observation,
    ObservationsError,
    Record,
)
from cohesion_cli.channels.parsers.observations_visit import answers_of, contact_type, minutes
from cohesion_cli.channels.parsers.observations_yaml import decode_yaml
from cohesion_cli.domain import Position
from cohesion_cli.rulebook.csvfile import CsvText
from cohesion_cli.rulebook.problems import Problem

_YAML_HEADER = """\
# Mystery-shopper observations (cohesion): one record per phone call or store visit.
# Fields: who, when, where, channel, product, quoted_price, quoted_installments,
# quoted_deadline, quoted_policy, notes, attachments; and type, wait_minutes,
# duration_minutes, checklist, score.
observations:
"""


def append_observation(path: Path, observation: dict[str, str | list[str]]) -> None:
    """Add one record to a YAML or CSV observations file, atomically.

    The file is created when missing. Existing content is kept byte for byte; an invalid
    existing file, or a record that would not read back as given, raises ObservationsError
    and leaves the file untouched. Unknown field names raise ValueError.
    """
    record = _clean(observation)
    name = str(path)
    old = path.read_bytes() if path.exists() else b""
    previous = parse_observations(old, name)
    end = Position(name, old.count(b"\n") + 1, 1)
    problems: list[Problem] = []
    build(Record(len(previous) + 1, end, {k: Cell(v, end) for k, v in record.items()}), problems)
    if problems:
        raise ObservationsError(problems)
    if path.suffix.lower() == ".csv":
        new = _csv_appended(old, record, name)
    else:
        bom = b"\xef\xbb\xbf" if old.startswith(b"\xef\xbb\xbf") else b""
        new = bom + _yaml_appended(decode_yaml(old, name), record).encode("utf-8")
    try:
        after = parse_observations(new, name)
    except ObservationsError:
        after = []
    if len(after) != len(previous) + 1 or after[:-1] != previous \
            or not _same(after[-1], record):
        raise ObservationsError([Problem(
            end, "cannot append to this file without changing what it says",
            "keep the records as a block list ('- who: ...') at the end of the file")])
    atomic.write_bytes(path, new)


def _clean(observation: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
    unknown = [k for k in observation if k not in ALL_FIELDS]
    if unknown:
        raise ValueError(f"unknown observation field(s): {', '.join(unknown)}")
    record: dict[str, str | list[str]] = {}
    for name in ALL_FIELDS:
        value = observation.get(name, "")
        if name == "attachments":
            items = value.split(";") if isinstance(value, str) else value
            if [i for i in items if i.strip()]:
                record[name] = [i.strip() for i in items if i.strip()]
        elif isinstance(value, list):
            raise ValueError(f"observation field {name} must be text")
        elif value.strip():
            record[name] = value.strip()
    return record


def _same(observation: Observation, record: dict[str, str | list[str]]) -> bool:
    for name in FIELDS:
        want = record.get(name, [] if name == "attachments" else "")
        if name == "attachments":
            if tuple(want) != observation.attachments:
                return False
        elif name == "when":
            if (parse_when(str(want)) if want else None) != observation.when:
                return False
        elif (getattr(observation, name) or "") != want:
            return False
    return _same_visit(observation, record)


def _same_visit(observation: Observation, record: dict[str, str | list[str]]) -> bool:
    """Whether the visit fields (type, minutes, answers) read back as given."""
    text = {name: str(record.get(name, "")) for name in VISIT_FIELDS}
    here = Position("", 1, 1)
    answers = answers_of(Record(0, here, {k: Cell(text[k], here) for k in ANSWER_FIELDS}), [])
    return (observation.type == contact_type(text["type"], str(record.get("channel", "")))
            and observation.wait_minutes == minutes(text["wait_minutes"])
            and observation.duration_minutes == minutes(text["duration_minutes"])
            and observation.answers == answers)


def _yaml_item(record: dict[str, str | list[str]], indent: int) -> str:
    dumped = yaml.safe_dump([record], allow_unicode=True, sort_keys=False,
                            default_flow_style=False, width=100)
    return "".join(" " * indent + line for line in dumped.splitlines(keepends=True))


def _yaml_appended(text: str, record: dict[str, str | list[str]]) -> str:
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    newline = "\r\n" if "\r\n" in text else "\n"

    def item(indent: int) -> str:
        return _yaml_item(record, indent).replace("\n", newline)

    def ended(part: str) -> str:
        return part if not part or part.endswith(("\n", "\r")) else part + newline

    node, indent = root, 0
    if isinstance(root, yaml.MappingNode) and root.value:  # observations: ...
        key, node = root.value[0]
        indent = key.start_mark.column + 2
    if node is None:  # empty, or comments only
        head = _YAML_HEADER if not text.strip() else "observations:\n"
        return ended(text) + head.replace("\n", newline) + item(2)
    if isinstance(node, yaml.SequenceNode) and node.flow_style is not True:  # block list
        return ended(text) + item(node.start_mark.column)
    start, end = node.start_mark.index, node.end_mark.index
    if isinstance(node, yaml.SequenceNode) and node.value:  # a non-empty flow list [...]
        close = text.rindex("]", start, end)
        return text[:close].rstrip() + f", {json.dumps(record, ensure_ascii=False)}" \
            + text[close:]
    cleared = ended(text[:start] + text[end:])  # "~", "null", "[]", "{}" or nothing
    if isinstance(node, yaml.MappingNode):  # an empty top-level mapping
        return cleared + "observations:" + newline + item(2)
    return cleared + item(indent)


def _csv_appended(old: bytes, record: dict[str, str | list[str]], name: str) -> bytes:
    table = CsvText("", "utf-8", ",", [""], "\n")  # a new file
    header = [*FIELDS, *(f for f in VISIT_FIELDS if f in record)]
    if old.strip():
        table, rows = csv_table(old, name)
        header = header_of(rows[0]) if rows else []
    joined = [a for a in record.get("attachments", []) if ";" in a]
    if joined:
        raise ObservationsError([Problem(Position(name, 1, 1),
                                         f"attachment {joined[0]!r} contains ';', which "
                                         "separates attachments in a CSV file",
                                         "rename the file, or record in a YAML file")])
    missing = [k for k in record if k not in header]
    if missing:
        raise ObservationsError([Problem(Position(name, 1, 1),
                                         f"no column for {', '.join(missing)} in the header",
                                         "add the column(s) to the header row first")])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=table.delimiter, lineterminator=table.newline)
    if not old.strip():
        writer.writerow(header)
    writer.writerow([";".join(v) if isinstance(v := record.get(col, ""), list) else v
                     for col in header])
    try:
        added = out.getvalue().encode(table.encoding)
    except UnicodeEncodeError:
        raise ObservationsError([Problem(Position(name, 1, 1),
                                         "the record has characters Windows-1252 cannot hold",
                                         "save the file as UTF-8 and try again")]) from None
    if old.strip() and not table.text.endswith(("\n", "\r")):
        old += table.newline.encode(table.encoding)
    return (old if old.strip() else b"") + added
