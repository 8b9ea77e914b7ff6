"""``cohesion history`` and ``cohesion diff``: the runs recorded by ``check``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cohesion_cli import exitcodes
from cohesion_cli.commands.common import print_problems
from cohesion_cli.commands.emit import (
    OutputSpecError,
    check_outputs,
    emit,
    parse_outputs,
    stdout_format,
)
from cohesion_cli.domain import Severity
from cohesion_cli.history import listing
from cohesion_cli.history.compare import between, pick
from cohesion_cli.history.runs import runs
from cohesion_cli.history.store import DEFAULT, HistoryError, opened
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.rulebook.loader import find_rulebook
from cohesion_cli.rulebook.problems import RulebookError
from cohesion_cli.userfiles import UserFileError

SQLITE_HEADER = b"SQLite format 3\x00"


def locate(path: str | None, history: str | None) -> Path:
    """``--history``, else PATH when it is an SQLite file, else the default history beside
    the rulebook that PATH (a file or folder, default the current one) names."""
    if history:
        return Path(history)
    if path and Path(path).is_file():
        try:
            with open(path, "rb") as handle:
                if handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
                    return Path(path)
        except OSError as exc:
            raise HistoryError(f"cannot read {path}: {exc.strerror}") from None
    return find_rulebook(path).parent / DEFAULT


def run_history(path: str | None, history: str | None, fmt: str) -> int:
    try:
        where = locate(path, history)
        with opened(where, create=False) as connection:
            recorded = runs(connection)
    except HistoryError as exc:
        click.echo(f"cohesion: {exc}", err=True)
        return exitcodes.USAGE
    except RulebookError as exc:
        print_problems(exc.problems)
        return exitcodes.USAGE
    listing.render(recorded, where, fmt, sys.stdout)
    return exitcodes.OK


def run_diff(path: str | None, history: str | None, old: int | None, new: int | None,
             fmt: str | None, outputs: tuple[str, ...], options: RenderOptions) -> int:
    """Render the later run with only its new and changed findings and the resolved ones."""
    try:
        targets = parse_outputs(outputs)
        check_outputs(targets)
        where = locate(path, history)
        with opened(where, create=False) as connection:
            report = between(connection, *pick(connection, old, new))
    except (OutputSpecError, UserFileError, HistoryError) as exc:
        click.echo(f"cohesion: {exc}", err=True)
        return exitcodes.USAGE
    except RulebookError as exc:
        print_problems(exc.problems)
        return exitcodes.USAGE
    try:
        emit(report, stdout_format(fmt), targets, options, lambda text: text)
    except UserFileError as exc:
        click.echo(f"cohesion: {exc}", err=True)
        return exitcodes.USAGE
    return exitcodes.OK


def render_options(min_severity: str, lang: str | None, decimal_comma: bool) -> RenderOptions:
    return RenderOptions(min_severity=Severity.parse(min_severity), lang=lang,
                         decimal_comma=decimal_comma, only_changes=True)
