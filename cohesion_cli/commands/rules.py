"""``cohesion rules``: every rule with its default severity, what it verifies (its module's
docstring, as plain text: reStructuredText literals and emphasis marks dropped) and the facts
it reads."""

from __future__ import annotations

import re

import click

from cohesion_cli import exitcodes
from cohesion_cli.checks import RULES


def run_rules() -> int:
    for rule_id, rule in RULES.items():
        doc = plain(" ".join(rule.info.doc.split()))
        click.echo(f"{rule_id} (default severity: {rule.info.severity})")
        click.echo(click.wrap_text(doc, initial_indent="    ", subsequent_indent="    "))
        if rule.consumes:
            click.echo(f"    reads: {', '.join(name.replace('_', ' ') for name in rule.consumes)}")
    return exitcodes.OK


def plain(text: str) -> str:
    """reStructuredText as plain text: ````policies.delivery```` -> policies.delivery,
    ``*unverifiable*`` -> unverifiable."""
    text = re.sub(r"``(.+?)``", r"\1", text)
    return re.sub(r"(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])", r"\1", text)
