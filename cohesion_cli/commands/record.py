"""``cohesion record FILE``: ask what a mystery shopper was told and append it to FILE.

FILE is an observations file (``.yaml``/``.yml`` or ``.csv``, see
``cohesion_cli.channels.parsers.observations``); it is created when missing. Each field is
asked in turn (Enter skips an optional one), a summary is shown, and the record is saved
only after confirmation. ``answers`` pre-fills fields and skips their prompts; the extra
key ``save`` ("yes"/"no") answers the confirmation, so scripts can run without a terminal.
The fields of the contact itself (``type``, ``wait_minutes``, ``duration_minutes``, and the
questionnaire's ``checklist`` and ``score`` as ``item: answer; item: answer``) are never
asked: they are given in ``answers`` (``--set``).
"""

from __future__ import annotations

import difflib
import os
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.prompt import Confirm, Prompt
from rich.table import Table
from rich.text import Text

from cohesion_cli import exitcodes
from cohesion_cli.channels.parsers.observations import (
    ALL_FIELDS,
    PRICE_HINT,
    STATEMENT_FIELDS,
    WHEN_HINT,
    Observation,
    ObservationsError,
    parse_observations,
    parse_when,
    price_problem,
)
from cohesion_cli.channels.parsers.observations_append import append_observation
from cohesion_cli.channels.parsers.observations_records import VISIT_FIELDS
from cohesion_cli.channels.parsers.observations_visit import (
    MINUTES_HINT,
    TYPES,
    contact_type,
    minutes,
)
from cohesion_cli.channels.rulebook import load
from cohesion_cli.rulebook.loader import RULEBOOK_NAMES
from cohesion_cli.rulebook.problems import RulebookError
from cohesion_cli.userfiles import UserFileError, check_writable_file, read_bytes

QUESTIONS: dict[str, str] = {
    "who": "Who recorded it (shopper / cliente oculto)",
    "when": "When (2024-03-05 14:30 or 05/03/2024 14:30)",
    "where": "Where (store, phone number, address)",
    "channel": "Channel (e.g. telefone, loja Paulista)",
    "product": "Product SKU (optional)",
    "quoted_price": "Quoted price (e.g. R$ 429,90)",
    "quoted_installments": "Quoted installments (e.g. 10x sem juros)",
    "quoted_deadline": "Quoted deadline (e.g. entrega em 7 dias úteis)",
    "quoted_policy": "Quoted policy (e.g. troca em até 15 dias)",
    "notes": "Notes",
    "attachments": "Attachments (paths relative to the file, separated by ;)",
}
_YES = {"y", "yes", "s", "sim", "true", "1"}


class _Refused(Exception):
    """A pre-filled answer is not valid; the message says why."""


def run_record(
    path: str, *, console: Console | None = None, answers: dict[str, str] | None = None,
    rulebook: str | None = None,
) -> int:
    console = console or Console()
    given = dict(answers or {})
    target = Path(path)
    unknown = sorted(set(given) - {*ALL_FIELDS, "save"})
    if unknown:
        return _usage(console, f"unknown field(s) {', '.join(unknown)}; "
                               f"fields: {', '.join(ALL_FIELDS)}")
    if target.suffix.lower() not in (".yaml", ".yml", ".csv"):
        return _usage(console, f"{path}: an observations file ends in .yaml, .yml or .csv")
    try:
        check_writable_file(target, "observations file")
        existing = parse_observations(read_bytes(target, "observations file"), path) \
            if os.path.lexists(target) else []
        skus = _catalog(target, rulebook)
    except ObservationsError as exc:
        return _problems(console, exc)
    except UserFileError as exc:
        return _usage(console, str(exc))
    if skus is None:
        console.print(Text(f"note: no cohesion.yaml in the folder of {path} or above it, so the "
                           "product SKU is not checked (--rulebook PATH names one)"))
    try:
        record = _ask_all(console, given, existing, skus)
        _summary(console, record, path)
        if "save" in given:
            save = given["save"].strip().lower() in _YES
        else:
            save = Confirm.ask(f"Save this observation to {escape(path)}?", console=console,
                               default=True)
    except _Refused as exc:
        return _usage(console, str(exc))
    except (EOFError, KeyboardInterrupt):
        console.print("\nnothing saved (input ended)")
        return exitcodes.USAGE
    if not save:
        console.print("nothing saved")
        return exitcodes.OK
    try:
        append_observation(target, dict(record))
    except ObservationsError as exc:
        return _problems(console, exc)
    except OSError as exc:
        return _usage(console, f"cannot write {path}: {exc.strerror}")
    console.print(f"[green]✓[/] observation {len(existing) + 1} saved to {escape(path)}")
    return exitcodes.OK


def _catalog(target: Path, rulebook: str | None) -> set[str] | None:
    """The SKUs of the rulebook given, else of the first cohesion.yaml in the folder of
    ``target`` or above it; None when there is none."""
    if rulebook is None:
        folder = Path(os.path.abspath(target)).parent
        found = next((f / n for f in (folder, *folder.parents) for n in RULEBOOK_NAMES
                      if (f / n).is_file()), None)
        if found is None:
            return None
        rulebook = str(found)
    try:
        return {p.sku for p in load(rulebook).products}
    except RulebookError as exc:
        raise UserFileError(f"cannot check the product SKU: rulebook {rulebook} has "
                            f"{len(exc.problems)} problem(s); run 'cohesion validate "
                            f"{rulebook}'") from None


def _ask_all(
    console: Console, given: dict[str, str], existing: list[Observation], skus: set[str] | None
) -> dict[str, str]:
    record: dict[str, str] = {}
    defaults = {"when": datetime.now().strftime("%Y-%m-%d %H:%M"),
                "who": existing[-1].who if existing else ""}
    for name in (*QUESTIONS, *VISIT_FIELDS):
        problem = _invalid(name, given[name].strip(), skus) if name in given else ""
        if problem:
            raise _Refused(f"{name}: {problem}")
    for name, question in QUESTIONS.items():
        if name in given:
            record[name] = given[name].strip()
        else:
            record[name] = _ask(console, name, question, defaults.get(name, ""), skus)
    # the visit fields are never asked: --set gives them (type, minutes, answers)
    record |= {name: given[name].strip() for name in VISIT_FIELDS if name in given}
    if not any(record[name] for name in STATEMENT_FIELDS) \
            and not any(record.get(name) for name in ("checklist", "score")):
        if "notes" in given:
            raise _Refused("nothing was quoted: fill at least one of "
                           + ", ".join(STATEMENT_FIELDS))
        console.print("[yellow]Nothing was quoted;[/] write at least a note.")
        while not record["notes"]:
            record["notes"] = Prompt.ask(QUESTIONS["notes"], console=console).strip()
    return record


def _ask(console: Console, name: str, question: str, default: str, skus: set[str] | None
         ) -> str:
    while True:
        value: str = Prompt.ask(question, console=console, default=default,
                                show_default=bool(default)).strip()
        problem = _invalid(name, value, skus)
        if not problem:
            return value
        console.print(f"[red]{escape(problem)}[/]")


def _invalid(name: str, value: str, skus: set[str] | None) -> str:
    """Why ``value`` cannot be field ``name``; empty when it can. ``skus``: the catalog's
    (None: not known, any product is taken)."""
    if name == "channel" and not value:
        return "the channel is required, e.g. telefone or loja Paulista"
    if name == "product" and value and skus is not None and value not in skus:
        close = difflib.get_close_matches(value, sorted(skus), n=1)
        return f"unknown product {value!r}; " + (f"did you mean {close[0]!r}?" if close
                                                 else "use a SKU of the rulebook's catalog")
    if name == "when" and value:
        try:
            parse_when(value)
        except ValueError as exc:
            return f"{exc}; {WHEN_HINT}"
    if name == "quoted_price" and value and (problem := price_problem(value)):
        return f"{problem}; {PRICE_HINT}"
    if name in ("wait_minutes", "duration_minutes") and value and minutes(value) is None:
        return f"{value!r} is not a number of minutes; {MINUTES_HINT}"
    if name == "type" and value and contact_type(value, "") is None:
        return f"{value!r} is not a contact type; write one of {', '.join(TYPES)}"
    return ""


def _summary(console: Console, record: dict[str, str], path: str) -> None:
    table = Table(title=Text(f"New observation for {path}"), show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    for name in ALL_FIELDS:
        if record.get(name):
            table.add_row(name, Text(record[name]))
    console.print(table)


def _usage(console: Console, message: str) -> int:
    console.print(Text(f"cohesion: {message}", style="red"), soft_wrap=True)
    return exitcodes.USAGE


def _problems(console: Console, exc: ObservationsError) -> int:
    for problem in exc.problems:
        console.print(Text(problem.render()), soft_wrap=True)
    console.print(Text("nothing saved: fix the file first", style="red"))
    return exitcodes.USAGE
