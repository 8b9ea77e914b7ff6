from __future__ import annotations

import inspect

import click

from cohesion_cli import exitcodes
from cohesion_cli.checks import CHECKS
from cohesion_cli.rulebook.models import DEFAULT_SEVERITY


def run_rules() -> int:
    for rule_id, module in CHECKS.items():
        doc = " ".join((inspect.getdoc(module) or "").split())
        click.echo(f"{rule_id} (default severity: {DEFAULT_SEVERITY[rule_id]})")
        click.echo(click.wrap_text(doc, initial_indent="    ", subsequent_indent="    "))
    return exitcodes.OK
