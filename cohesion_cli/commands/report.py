from __future__ import annotations

import json
from pathlib import Path

import click

from cohesion_cli import exitcodes
from cohesion_cli.commands.emit import (
    OutputSpecError,
    check_outputs,
    emit,
    parse_outputs,
    stdout_format,
)
from cohesion_cli.domain import Severity
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.triage.report_io import ReportFormatError, report_from_dict
from cohesion_cli.userfiles import UserFileError, read_text


def run_report(result: str, fmt: str | None, outputs: tuple[str, ...], min_severity: str,
               lang: str | None, decimal_comma: bool) -> int:
    """Re-render a saved JSON result; the exit code is the one the check had."""
    try:
        targets = parse_outputs(outputs)
        check_outputs(targets)
        text = read_text(Path(result), "saved report")
    except (OutputSpecError, UserFileError) as exc:
        click.echo(f"cohesion: {exc}", err=True)
        return exitcodes.USAGE
    try:
        data = json.loads(text)
        if isinstance(data, dict) and "shard" in data:
            raise ReportFormatError("one shard's result holds no findings: combine every "
                                    "shard's result with 'cohesion merge'")
        report = report_from_dict(data)
    except ReportFormatError as exc:
        click.echo(f"cohesion: {result}: {exc}", err=True)
        return exitcodes.USAGE
    except ValueError:
        click.echo(f"cohesion: {result} is not a cohesion JSON report (it is not JSON); write "
                   "one with 'cohesion check --format json > FILE'", err=True)
        return exitcodes.USAGE
    options = RenderOptions(min_severity=Severity.parse(min_severity), lang=lang,
                            decimal_comma=decimal_comma)
    try:
        emit(report, stdout_format(fmt), targets, options, lambda text: text)
    except UserFileError as exc:
        click.echo(f"cohesion: {exc}", err=True)
        return exitcodes.USAGE
    return report.exit_code
