"""Text from channels made safe to print: control characters shown, never obeyed.

A page can carry escape sequences (ESC ``]52`` writes the clipboard, ESC ``[2J`` clears the
screen, colour codes) and other control characters. Every human format (table, the facts
table of ``cohesion extract``, markdown, GitHub annotations, JUnit text) writes channel text
through :func:`printable`, which shows each C0 and C1 control character but newline and tab
as an escape (``\\x1b``). The terminal formats also never read such text as Rich markup:
they pass it as ``rich.text.Text``.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with every control character but newline and tab written as ``\\xNN``."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
