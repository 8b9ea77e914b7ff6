"""Observations: what mystery shoppers were told on phone calls and in store visits.

Some channels cannot be downloaded: a phone call, a visit to a store, a chat with a seller.
A mystery shopper ("cliente oculto") writes down what was said, one **record** per call or
visit, in an observations file. cohesion reads the file like any other channel.

Fields of a record (all text; only ``channel`` is required, and at least one of the
``quoted_*`` fields or ``notes`` must be filled, or the questionnaire answered):

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
``attachments``          photos, receipts, recordings: paths relative to the file, inside its
                         folder (no ``..``, no absolute path); a list in YAML,
                         ``;``-separated in CSV
``type``, ``wait_minutes``, ``duration_minutes``, ``checklist``, ``score``: the contact
                         itself and the questionnaire's answers, documented in
                         :mod:`cohesion_cli.channels.parsers.observations_visit`
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
per row; comma, semicolon or tab separated (detected from the header); UTF-8, UTF-16 with a
byte order mark, or Windows-1252 as Excel saves it (read by :mod:`cohesion_cli.rulebook.csvfile`).
Quote a cell that contains the separator ("R$ 429,90" in a comma file)::

    who;when;channel;product;quoted_price;quoted_policy;attachments
    Bruno Lima;06/03/2024 11h00;loja Paulista;AUR-TN-001;R$ 399,90;troca em 30 dias;"a.jpg;b.jpg"

Every problem (unknown field, with a "did you mean"; bad date; a quoted price without an
amount; missing channel) is reported as ``file:line:col`` with a hint. ``append_observation``
adds one record to a file, creating it when missing and keeping everything already written,
atomically: a crash leaves the previous version intact.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cohesion_cli.channels.parsers.observations_csv import csv_records
from cohesion_cli.channels.parsers.observations_records import (
    ALL_FIELDS,
    ANSWER_FIELDS,
    FIELDS,
    STATEMENT_FIELDS,
    VISIT_FIELDS,
    Observation,
    ObservationsError,
    Record,
)
from cohesion_cli.channels.parsers.observations_visit import (
    answers_of,
    contact_type,
    minutes,
    visit_problems,
)
from cohesion_cli.channels.parsers.observations_yaml import yaml_records
from cohesion_cli.domain import Position
from cohesion_cli.money.text import quoted_amount
from cohesion_cli.rulebook.problems import Problem

__all__ = ["ALL_FIELDS", "FIELDS", "PRICE_HINT", "STATEMENT_FIELDS", "WHEN_HINT", "Observation",
           "ObservationsError", "build", "parse_observations", "parse_when", "price_problem"]

MAX_BYTES = 20 * 1024 * 1024
WHEN_HINT = "write 2024-03-05, 2024-03-05 14:30 or 05/03/2024 14:30 (day first)"
PRICE_HINT = "write the price as said, with the currency or the cents: R$ 429 or 429,90"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\s*(\d{1,2}):(\d{2})"
                  r"(?::(\d{2})(?:[.,](\d{1,6}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?", re.I)
_BR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:[\s,T]+(?:às\s+)?(\d{1,2})(?:[:h](\d{2})"
                 r"(?::(\d{2}))?)?h?)?", re.I)


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
    hit = quoted_amount(text, "XXX")  # XXX: ISO 4217 for "no currency"
    if hit is None:
        return f"no amount in {text!r}"
    after = text[hit.end:hit.end + 1]
    if after.isalnum():
        # "R$ 399,9O" (a letter O for a zero) would read as 399.9: refuse, do not guess
        return (f"the amount in {text!r} runs into {after!r} (a letter O for a zero?); "
                "write the digits only")
    return ""


def parse_observations(body: bytes, name: str) -> list[Observation]:
    """Read an observations file; ``name`` picks the format (.yaml/.yml or .csv)."""
    suffix = Path(name).suffix.lower()
    if len(body) > MAX_BYTES:
        raise ObservationsError([Problem(Position(name, 1, 1), f"larger than {MAX_BYTES} bytes",
                                         "split the observations into several files")])
    if suffix in (".yaml", ".yml"):
        records, problems = yaml_records(body, name)
    elif suffix == ".csv":
        records, problems = csv_records(body, name)
    else:
        raise ObservationsError([Problem(Position(name, 1, 1),
                                         f"unknown observations format {suffix or name!r}",
                                         "name the file .yaml, .yml or .csv")])
    observations = [build(record, problems) for record in records]
    if problems:
        raise ObservationsError(problems)
    return observations


def _escapes(path: str) -> bool:
    """Whether an attachment path leaves the folder of the file that names it: absolute
    (also a Windows drive or ``~``), or with a ``..`` part."""
    parts = re.split(r"[\\/]", path)
    return path.startswith(("/", "\\", "~")) or bool(re.match(r"[A-Za-z]:", path)) \
        or ".." in parts


def build(record: Record, problems: list[Problem]) -> Observation:
    """The observation a record holds; the problems of its values are added to ``problems``."""
    texts: dict[str, str] = {}
    # the readers give a list only for attachments, a mapping only for answers
    for name in (*FIELDS[:-1], *(f for f in VISIT_FIELDS if f not in ANSWER_FIELDS)):
        cell = record.cells.get(name)
        texts[name] = cell.value.strip() if cell and isinstance(cell.value, str) else ""
    cell = record.cells.get("attachments")
    raw = [] if cell is None or isinstance(cell.value, dict) else cell.value \
        if isinstance(cell.value, list) else cell.value.split(";")
    attachments = tuple(a.strip() for a in raw if a.strip())
    for attachment in attachments:
        if _escapes(attachment):
            problems.append(Problem(
                cell.at if cell else record.at,
                f"'attachments': {attachment!r} is outside the observations file's folder",
                "write attachment paths relative to the file, without '..', e.g. "
                "fotos/ligacao-0503.jpg"))
    when = None
    if texts["when"]:
        try:
            when = parse_when(texts["when"])
        except ValueError as exc:
            problems.append(Problem(record.cells["when"].at, f"'when': {exc}", WHEN_HINT))
    if texts["quoted_price"] and (problem := price_problem(texts["quoted_price"])):
        problems.append(Problem(record.cells["quoted_price"].at, f"'quoted_price': {problem}",
                                PRICE_HINT))
    visit_problems(record, texts, problems)
    answers = answers_of(record, problems)
    if not record.broken:  # else its own problems were reported; these would repeat them
        if not texts["channel"]:
            problems.append(Problem(record.at, f"record {record.index} has no 'channel'",
                                    "say where the shopper heard it, e.g. 'channel: telefone'"))
        if not any(texts[name] for name in STATEMENT_FIELDS) and not answers:
            problems.append(Problem(record.at, f"record {record.index} states nothing",
                                    f"fill at least one of {', '.join(STATEMENT_FIELDS)}, "
                                    "or answer the questionnaire (checklist, score)"))
    return Observation(
        index=record.index, line=record.at.line, who=texts["who"], when=when,
        where=texts["where"], channel=texts["channel"], product=texts["product"] or None,
        quoted_price=texts["quoted_price"], quoted_installments=texts["quoted_installments"],
        quoted_deadline=texts["quoted_deadline"], quoted_policy=texts["quoted_policy"],
        notes=texts["notes"], attachments=attachments,
        type=contact_type(texts["type"], texts["channel"]) or "visit",
        duration_minutes=minutes(texts["duration_minutes"]),
        wait_minutes=minutes(texts["wait_minutes"]), answers=answers,
    )
