from __future__ import annotations

import os

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
        if all(p.level == "unreadable" for p in exc.problems):
            # as in 'check': a channel that cannot be read is exit 3, not a rulebook error
            click.echo(f"✗ valid, but {len(exc.problems)} file(s) a channel reads are missing:"
                       " 'cohesion check' would report them unverifiable (exit 3)", err=True)
            return exitcodes.UNREADABLE
        click.echo(f"✗ {len(exc.problems)} problem(s)", err=True)
        return exitcodes.USAGE
    print_problems(loaded.warnings)
    for pack in loaded.included:
        where = "shipped with cohesion" if pack.shipped else os.path.relpath(pack.path)
        click.echo(f"  included rule pack {pack.name} ({where})"
                   + (f": {pack.description.splitlines()[0]}" if pack.description else ""))
    click.echo(f"✓ {loaded.path}: valid — {len(loaded.products)} product(s), "
               f"{len(loaded.model.channels)} channel(s)"
               + (f", {len(loaded.warnings)} warning(s)" if loaded.warnings else ""))
    return exitcodes.OK


WORST_FIRST = (exitcodes.INTERNAL, exitcodes.USAGE, exitcodes.UNREADABLE, exitcodes.OK)


def run_validate_all(paths: tuple[str, ...]) -> int:
    """Every rulebook of ``paths`` (none: the current folder) validated; the worst exit code
    (a rulebook error before a missing file)."""
    codes = {run_validate(path) for path in paths or (None,)}
    return next(code for code in WORST_FIRST if code in codes)
