"""Render a report to standard output and to every ``--output FORMAT=PATH``: secrets
masked, files written atomically."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import IO

from cohesion_cli import atomic
from cohesion_cli.output import FORMATS
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.secrets import Redactor
from cohesion_cli.triage.report import Report
from cohesion_cli.userfiles import UserFileError, check_writable_file


class OutputSpecError(ValueError):
    """An --output value is not FORMAT=PATH with a known format."""


def parse_outputs(values: tuple[str, ...]) -> list[tuple[str, Path]]:
    outputs = []
    for value in values:
        name, sep, path = value.partition("=")
        if not sep or not path:
            raise OutputSpecError(f"--output takes FORMAT=PATH, not {value!r}")
        if name not in FORMATS:
            raise OutputSpecError(f"unknown format {name!r} in --output; choose from "
                                  f"{', '.join(FORMATS)}")
        outputs.append((name, Path(path)))
    return outputs


def check_outputs(outputs: list[tuple[str, Path]]) -> None:
    """Before any work: every --output target must be a path where a regular file can be
    written (UserFileError with the path and the reason otherwise)."""
    for name, path in outputs:
        check_writable_file(path, f"--output {name} report")


def stdout_format(explicit: str | None) -> str:
    """The format for standard output: the one asked for, else ``github`` inside GitHub
    Actions, else ``table``."""
    if explicit:
        return explicit
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "table"


def emit(report: Report, fmt: str, outputs: list[tuple[str, Path]], options: RenderOptions,
         redact: Callable[[str], str]) -> None:
    options = replace(options, redact=redact)
    if isinstance(redact, Redactor) and redact.multiline:
        buffer = _Buffer(sys.stdout)  # a secret may span lines: mask the whole text at once
        FORMATS[fmt].render(report, buffer, options)
        sys.stdout.write(redact(buffer.getvalue()))
    else:
        stream = _Redacting(sys.stdout, redact)
        FORMATS[fmt].render(report, stream, options)
        stream.end()
    for name, path in outputs:
        text = io.StringIO()
        FORMATS[name].render(report, text, replace(options, color=False))
        try:
            atomic.write_text(path, redact(text.getvalue()))
        except OSError as exc:
            raise UserFileError(f"cannot write --output {name} report {path}: "
                                f"{exc.strerror}") from None


class _Redacting(io.StringIO):
    """Writes to the real stream a line at a time, each line with its secrets masked: a
    catalog's report is never held whole in memory. Reports the real stream's
    terminal-ness, so colour and width follow the terminal."""

    def __init__(self, real: IO[str], redact: Callable[[str], str]) -> None:
        super().__init__()
        self._real, self._redact, self._pending = real, redact, ""

    def write(self, text: str) -> int:
        self._pending += text
        cut = self._pending.rfind("\n") + 1
        if cut:
            self._real.write(self._redact(self._pending[:cut]))
            self._pending = self._pending[cut:]
        return len(text)

    def end(self) -> None:
        """Write what is left after the last line break."""
        self._real.write(self._redact(self._pending))
        self._pending = ""

    def isatty(self) -> bool:
        return self._real.isatty()


class _Buffer(io.StringIO):
    """Collects the output (so secrets can be masked) but reports the real stream's
    terminal-ness, so colour and width follow the terminal."""

    def __init__(self, real: IO[str]) -> None:
        super().__init__()
        self._real = real

    def isatty(self) -> bool:
        return self._real.isatty()
