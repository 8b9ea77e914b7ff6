"""Output formats: one module each, with ``NAME`` and ``render(report, out, options)``."""

from __future__ import annotations

from typing import IO, Protocol

from cohesion_cli.output import json, table
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.report import Report


class Format(Protocol):
    NAME: str

    def render(self, report: Report, out: IO[str], options: RenderOptions) -> None: ...


FORMATS: dict[str, Format] = {
    table.NAME: table,
    json.NAME: json,
}
