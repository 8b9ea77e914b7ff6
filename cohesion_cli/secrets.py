"""Secrets given as ${ENV_VAR} in a rulebook (header and cookie values, URL locations):
expanded only when a request is sent, and redacted from everything cohesion prints or
writes."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
MASK = "***"
CUT = "…"
"""What an excerpt cut short ends (or starts) with."""


class MissingSecret(Exception):
    """An ${ENV_VAR} the rulebook references is not set."""


def references(values: Iterable[str]) -> set[str]:
    """Names of the environment variables referenced in ``values``."""
    return {name for value in values for name in _REF.findall(value)}


def shielded(template: str) -> str:
    """``template`` with its ${ENV_VAR} references written so that ``str.format`` leaves
    them as they are (a page template may hold both)."""
    return _REF.sub(lambda m: "${{" + m.group(1) + "}}", template)


def only_references(value: str) -> bool:
    """Whether ``value`` holds nothing but ${ENV_VAR} references (and ``:`` between
    them), e.g. the ``user:password`` part of a URL."""
    return _REF.sub("", value).replace(":", "") == ""


def expand(value: str) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise MissingSecret(f"environment variable {name} is not set")
        return os.environ[name]

    return _REF.sub(one, value)


class Redactor:
    """Replace the values of the given environment variables with ``***``."""

    def __init__(self, names: Iterable[str]) -> None:
        values = {os.environ.get(n, "") for n in names}
        values |= {v.casefold() for v in values}  # phrase evidence is case-folded
        self.values = sorted((v for v in values if len(v) >= 4), key=len, reverse=True)
        self.multiline = any("\n" in v for v in self.values)
        """A value spans lines: text must be masked whole, not a line at a time."""

    def __call__(self, text: str) -> str:
        for value in self.values:
            text = text.replace(value, MASK)
        return self._cut(text) if CUT in text else text

    def _cut(self, text: str) -> str:
        """An excerpt cut short inside a secret: its start before ``…``, its end after."""
        for value in self.values:
            for size in range(len(value) - 1, 3, -1):
                text = text.replace(value[:size] + CUT, MASK + CUT)
                text = text.replace(CUT + value[-size:], CUT + MASK)
        return text

    def bytes(self, data: bytes) -> bytes:
        for value in self.values:
            data = data.replace(value.encode("utf-8"), MASK.encode("ascii"))
        return data
