"""Text from channels made safe to print: control characters shown, never obeyed.

A page can carry escape sequences (ESC ``]52`` writes the clipboard, ESC ``[2J`` clears the
screen, colour codes) and other control characters, and the Unicode marks that reorder
text on screen (U+202A-U+202E, U+2066-U+2069: a price or a phrase shown other than it is
stored). Every human format (table, the facts table of ``cohesion extract``, markdown,
GitHub annotations, JUnit text, HTML, CSV) writes channel text through :func:`printable`,
which shows each C0 and C1 control character but newline and tab, and each of those marks,
as an escape (``\\x1b``, ``\\u202e``). The terminal formats also never read such text as
Rich markup: they pass it as ``rich.text.Text``.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character but newline and tab written as ``\\xNN``, and
    every direction override or isolate as ``\\uNNNN``."""
    return _CONTROLS.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
