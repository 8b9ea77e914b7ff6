"""Output formats: one module each, with ``NAME`` and ``render(report, out, options)``;
the module docstring documents the format. Register a new one in ``FORMATS`` and
``cohesion_cli.format_names.FORMAT_NAMES``."""

from __future__ import annotations

from typing import IO, Protocol

from cohesion_cli.output import csv, github, html, json, junit, markdown, sarif, table
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.triage.report import Report


class Format(Protocol):
    NAME: str

    def render(self, report: Report, out: IO[str], options: RenderOptions) -> None: ...


FORMATS: dict[str, Format] = {
    table.NAME: table,
    json.NAME: json,
    junit.NAME: junit,
    sarif.NAME: sarif,
    github.NAME: github,
    markdown.NAME: markdown,
    csv.NAME: csv,
    html.NAME: html,
}
