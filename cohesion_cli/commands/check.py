from __future__ import annotations

import sys

from cohesion_cli import exitcodes
from cohesion_cli.commands.common import print_problems
from cohesion_cli.domain import Severity
from cohesion_cli.engine import run
from cohesion_cli.output import FORMATS
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.rulebook.loader import load_rulebook
from cohesion_cli.rulebook.problems import RulebookError


def run_check(path: str | None, fmt: str, fail_on: str, min_severity: str, no_color: bool) -> int:
    try:
        loaded = load_rulebook(path)
    except RulebookError as exc:
        print_problems(exc.problems)
        return exitcodes.USAGE
    print_problems(loaded.warnings)
    report = run(loaded, None if fail_on == "never" else Severity.parse(fail_on))
    options = RenderOptions(Severity.parse(min_severity), False if no_color else None)
    FORMATS[fmt].render(report, sys.stdout, options)
    return report.exit_code
