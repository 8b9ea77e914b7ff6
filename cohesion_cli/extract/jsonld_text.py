"""Read the text of a JSON-LD ``<script>`` the way shops actually write it.

A script that is valid JSON is read as is. Otherwise these slips are repaired before reading:
comment and CDATA wrappers (``/*<![CDATA[*/ … /*]]>*/``, ``//<![CDATA[``, ``<!-- -->``),
JavaScript comments, trailing commas before ``}`` or ``]``, escapes JSON does not know
(``\\'``), and several top-level objects written one after the other. Raw newlines and
control characters inside strings are accepted. A script that still cannot be read gives
what was read before the error, possibly nothing — never an exception.
"""

from __future__ import annotations

import json
import re
from typing import Any

_STRING = r'"(?:[^"\\]|\\.)*"'
_NOISE = re.compile(_STRING + r"|//[^\n]*|/\*.*?\*/|<!\[CDATA\[|\]\]>|<!--|-->", re.DOTALL)
_TRAILING_COMMA = re.compile(_STRING + r"|,(?=\s*[}\]])", re.DOTALL)
_BAD_ESCAPE = re.compile(r'\\(?:(u[0-9a-fA-F]{4}|["\\/bfnrt])|(.?))', re.DOTALL)
_SEPARATORS = " \t\r\n,;\ufeff"
_DECODER = json.JSONDecoder(strict=False)


def load(text: str) -> list[Any]:
    """The JSON documents in a script's text (usually one)."""
    try:
        return [json.loads(text, strict=False)]
    except (ValueError, RecursionError):
        pass
    text = _NOISE.sub(_keep_strings, text)
    text = _TRAILING_COMMA.sub(lambda m: m.group(0) if m.group(0) != "," else "", text)
    return _documents(text)


def _keep_strings(match: re.Match[str]) -> str:
    token = match.group(0)
    return _BAD_ESCAPE.sub(_escape, token) if token.startswith('"') else ""


def _escape(match: re.Match[str]) -> str:
    """A valid escape is kept; an unknown one stands for its character, as in JavaScript."""
    return match.group(0) if match.group(1) else match.group(2) or ""


def _documents(text: str) -> list[Any]:
    out: list[Any] = []
    position = 0
    while True:
        while position < len(text) and text[position] in _SEPARATORS:
            position += 1
        if position >= len(text):
            return out
        try:
            document, position = _DECODER.raw_decode(text, position)
        except (ValueError, RecursionError):
            return out
        out.append(document)
