from __future__ import annotations

import click

from cohesion_cli import exitcodes
from cohesion_cli.channels import rulebook
from cohesion_cli.commands.common import print_problems
from cohesion_cli.rulebook.problems import RulebookError


def run_validate(path: str | None) -> int:
    try:
        loaded = rulebook.load(path, check_files=True)
    except RulebookError as exc:
        print_problems(exc.problems)
        click.echo(f"✗ {len(exc.problems)} problem(s)", err=True)
        return exitcodes.USAGE
    print_problems(loaded.warnings)
    click.echo(f"✓ {loaded.path}: valid — {len(loaded.products)} product(s), "
               f"{len(loaded.model.channels)} channel(s)"
               + (f", {len(loaded.warnings)} warning(s)" if loaded.warnings else ""))
    return exitcodes.OK
