"""The table ``cohesion extract`` prints: every fact of one document."""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cohesion_cli.extract.result import Extraction
from cohesion_cli.output.printable import printable


def render_facts(result: Extraction, out: IO[str]) -> None:
    console = Console(file=out, highlight=False, emoji=False)
    table = Table(title=_plain(f"facts in {result.snapshot.location}"), title_justify="left")
    for name in ("Kind", "Value", "Role", "Where", "Excerpt"):
        table.add_column(name, overflow="fold")
    for fact in result.facts:
        role = getattr(fact.value, "role", "")
        if getattr(fact.value, "main", False):
            role += " (main)"
        confidence = getattr(fact.value, "confidence", None)
        if confidence:
            role += f" {confidence:.2f}"
        table.add_row(*(_plain(cell) for cell in (fact.kind, fact.value.show(), role,
                                                  fact.evidence.locator,
                                                  fact.evidence.excerpt[:100])))
    console.print(table)
    if result.candidates:
        shown = ", ".join(f"{f.value.show()} ({getattr(f.value, 'confidence', 0) or 0:.2f})"
                          for f in result.candidates)
        console.print(_plain(f"main price is ambiguous: {shown}", style="yellow"))
    elif result.main_price is None:
        console.print(_plain("no main price found", style="yellow"))
    for name, locator in result.broken.items():
        console.print(_plain(f"broken locator for {name}: {locator}", style="red"))


def _plain(text: str, style: str = "") -> Text:
    """Text read from a document as it is: never Rich markup, control characters shown."""
    return Text(printable(text), style=style)
