"""The end every verdict command shares (``check``, ``merge``): the baseline and the
suppressions applied, the run recorded in the history, the report written; the exit code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from cohesion_cli import exitcodes
from cohesion_cli.commands.emit import emit, stdout_format
from cohesion_cli.commands.recording import recorded
from cohesion_cli.engine import redactor
from cohesion_cli.history.store import HistoryError
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.rulebook.loader import LoadedRulebook
from cohesion_cli.triage.baseline import apply_baseline
from cohesion_cli.triage.report import Report
from cohesion_cli.triage.suppressions import Loaded, apply_suppressions
from cohesion_cli.userfiles import UserFileError


def conclude(report: Report, loaded: LoadedRulebook, *, known: dict[str, str | None] | None,
             silenced: Loaded | None, history: Path | None, fmt: str | None,
             outputs: list[tuple[str, Path]], options: RenderOptions) -> int:
    if known is not None:
        report = apply_baseline(report, known)
    if silenced is not None:
        report = apply_suppressions(report, silenced, dt.date.today())
    try:
        report = recorded(report, loaded, history, known or {}, redactor(loaded),
                          metrics="html" in (stdout_format(fmt), *(n for n, _ in outputs)))
    except HistoryError as exc:
        click.echo(f"cohesion: {exc}", err=True)
        return exitcodes.USAGE
    try:
        emit(report, stdout_format(fmt), outputs, options, redactor(loaded))
    except UserFileError as exc:
        click.echo(f"cohesion: {exc}", err=True)
        return exitcodes.USAGE
    return report.exit_code
