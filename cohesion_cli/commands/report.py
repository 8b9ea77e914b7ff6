from __future__ import annotations

import json
from pathlib import Path

import click

from cohesion_cli import exitcodes
from cohesion_cli.commands.emit import OutputSpecError, emit, parse_outputs, stdout_format
from cohesion_cli.domain import Severity
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.triage.report_io import ReportFormatError, report_from_dict


def run_report(result: str, fmt: str | None, outputs: tuple[str, ...], min_severity: str,
               lang: str, decimal_comma: bool) -> int:
    """Re-render a saved JSON result; the exit code is the one the check had."""
    try:
        targets = parse_outputs(outputs)
        report = report_from_dict(json.loads(Path(result).read_text(encoding="utf-8")))
    except OSError as exc:
        click.echo(f"cohesion: cannot read {result}: {exc.strerror}", err=True)
        return exitcodes.USAGE
    except (ValueError, OutputSpecError, ReportFormatError) as exc:
        click.echo(f"cohesion: {result}: {exc}", err=True)
        return exitcodes.USAGE
    options = RenderOptions(min_severity=Severity.parse(min_severity), lang=lang,
                            decimal_comma=decimal_comma)
    emit(report, stdout_format(fmt), targets, options, lambda text: text)
    return report.exit_code
