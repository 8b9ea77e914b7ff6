"""The table ``cohesion extract`` prints: every fact of one document, labels and values in
the language of ``--locale`` (amounts, deadlines and plans written by Babel, as in the
reports); roles and locators as cohesion names them."""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cohesion_cli.extract.result import Extraction
from cohesion_cli.output.printable import printable
from cohesion_cli.output.texts import Texts


def render_facts(result: Extraction, out: IO[str], lang: str = "en") -> None:
    t = Texts(lang, {}, "facts")
    console = Console(file=out, highlight=False, emoji=False)
    table = Table(title=_plain(t["title"].format(location=result.snapshot.location)),
                  title_justify="left")
    for name in ("kind", "value", "role", "where", "excerpt"):
        table.add_column(t[name], overflow="fold")
    kinds = t.block("kinds")
    for fact in result.facts:
        role = getattr(fact.value, "role", "")
        if getattr(fact.value, "main", False):
            role += f" ({t['main']})"
        confidence = getattr(fact.value, "confidence", None)
        if confidence:
            role += f"\n{t.writer.arg(round(confidence, 2))}"
        table.add_row(*(_plain(cell) for cell in (
            kinds.get(fact.kind, fact.kind), t.writer.arg(fact.value), role,
            fact.evidence.locator, fact.evidence.excerpt[:100])))
    console.print(table)
    if result.candidates:
        shown = t.writer.arg(tuple(f.value for f in result.candidates))
        console.print(_plain(t["ambiguous"].format(prices=shown), style="yellow"))
    elif result.main_price is None:
        console.print(_plain(t["no_main"], style="yellow"))
    for name, locator in result.broken.items():
        console.print(_plain(t["broken"].format(name=name, locator=locator), style="red"))


def _plain(text: str, style: str = "") -> Text:
    """Text read from a document as it is: never Rich markup, control characters shown."""
    return Text(printable(text), style=style)
