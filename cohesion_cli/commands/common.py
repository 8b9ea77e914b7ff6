"""Helpers shared by commands: printing rulebook problems."""

from __future__ import annotations

import click

from cohesion_cli.rulebook.problems import Problem


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(problem.render(), err=True)
