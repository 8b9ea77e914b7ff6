"""``check`` and its history: where the history is, and recording the run in it."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

import click

from cohesion_cli.history import runs
from cohesion_cli.history.metrics import trend
from cohesion_cli.history.store import DEFAULT, opened
from cohesion_cli.rulebook.loader import LoadedRulebook
from cohesion_cli.triage.report import Report
from cohesion_cli.triage.tracking import track


def history_file(loaded: LoadedRulebook, given: str | None, off: bool) -> Path | None:
    """The history to record in: ``--history PATH``, else ``.cohesion/history.sqlite``
    beside the rulebook; None with ``--no-history``, or when the rulebook's folder cannot
    be written (a warning says so). Checked now, before any channel is read:
    ``HistoryError`` when the file cannot be used."""
    if off:
        return None
    if given:
        path = Path(given)
    else:
        path = loaded.base_dir / DEFAULT
        if not path.parent.exists() and not os.access(loaded.base_dir, os.W_OK | os.X_OK):
            click.echo(f"cohesion: warning: the rulebook's folder {loaded.base_dir} is not "
                       "writable: this run is not recorded in a history (give one with "
                       "--history PATH, or --no-history to silence this)", err=True)
            return None
    with opened(path, create=True):
        return path


def recorded(report: Report, loaded: LoadedRulebook, path: Path | None,
             accepted: Mapping[str, str | None], redact: Callable[[str], str],
             metrics: bool) -> Report:
    """The report compared with the last run of the history at ``path`` and recorded there,
    with the metrics over the runs when ``metrics`` (only the html report shows them);
    without a history, every finding is new and nothing is compared (``changes`` None)."""
    sla = loaded.model.sla.days()
    if path is None:
        report = track(report, None, None, sla, accepted)
        return replace(report, changes=None)
    with opened(path, create=True) as connection:
        report = runs.record(connection, report, _digest(loaded.path), sla, accepted, redact)
        return replace(report, trend=trend(connection)) if metrics else report


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""
