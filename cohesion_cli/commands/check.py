from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from cohesion_cli import exitcodes
from cohesion_cli.commands.common import print_problems
from cohesion_cli.domain import Severity
from cohesion_cli.engine import RunOptions, redactor, run
from cohesion_cli.output import FORMATS
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.rulebook.loader import load_rulebook
from cohesion_cli.rulebook.problems import RulebookError


@dataclass(frozen=True)
class CheckArgs:
    path: str | None
    fmt: str = "table"
    fail_on: str = "low"
    min_severity: str = "info"
    no_color: bool = False
    archive: str | None = None
    replay: str | None = None
    ignore_robots: bool = False


def run_check(args: CheckArgs) -> int:
    if args.archive and args.replay and Path(args.archive).resolve() == Path(args.replay).resolve():
        click.echo("cohesion: --archive and --replay must be different folders", err=True)
        return exitcodes.USAGE
    try:
        loaded = load_rulebook(args.path)
    except RulebookError as exc:
        print_problems(exc.problems)
        return exitcodes.USAGE
    print_problems(loaded.warnings)
    options = RunOptions(
        fail_on=None if args.fail_on == "never" else Severity.parse(args.fail_on),
        respect_robots=not args.ignore_robots,
        archive=Path(args.archive) if args.archive else None,
        replay=Path(args.replay) if args.replay else None,
    )
    report = run(loaded, options)
    render = RenderOptions(Severity.parse(args.min_severity), False if args.no_color else None)
    buffer = _Buffer(sys.stdout)
    FORMATS[args.fmt].render(report, buffer, render)
    sys.stdout.write(redactor(loaded)(buffer.getvalue()))
    return report.exit_code


class _Buffer(io.StringIO):
    """Collects the output (so secrets can be masked) but reports the real stream's
    terminal-ness, so colour and width follow the terminal."""

    def __init__(self, real: object) -> None:
        super().__init__()
        self._real = real

    def isatty(self) -> bool:
        return bool(getattr(self._real, "isatty", lambda: False)())
