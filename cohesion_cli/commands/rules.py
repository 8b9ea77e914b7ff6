from __future__ import annotations

import click

from cohesion_cli import exitcodes
from cohesion_cli.checks import RULES


def run_rules() -> int:
    for rule_id, rule in RULES.items():
        doc = " ".join(rule.info.doc.split())
        click.echo(f"{rule_id} (default severity: {rule.info.severity})")
        click.echo(click.wrap_text(doc, initial_indent="    ", subsequent_indent="    "))
        if rule.consumes:
            click.echo(f"    reads: {', '.join(name.replace('_', ' ') for name in rule.consumes)}")
    return exitcodes.OK
