"""Hostile bytes and numbers: bodies that are not what they claim, amounts that are no
prices, scraped text that tries to drive the terminal, and pages made to be slow."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hostile import Attack

from cohesion_cli.domain import Snapshot
from cohesion_cli.extract import budget
from cohesion_cli.extract.reader import extract
from cohesion_cli.extract.result import Options
from cohesion_cli.output.printable import printable

ATTACKS = (
    Attack(item=12, name="rich-markup-in-page",
           attack='A page whose price element also holds "[/bold]" and '
                  '"[link=http://evil]...[/link]".',
           outcome="Shown as written in the table and in `cohesion extract`: never read as Rich "
                   "markup (no MarkupError, no OSC 8 link).",
           tests=("test_rich_markup_in_page_is_shown_as_text",)),
    Attack(item=12, name="escape-sequences-in-page",
           attack="A page whose price element holds ESC ]52 (clipboard write), ESC [2J (clear "
                  "screen), a colour code, BEL and C1 controls.",
           outcome="Every human format (table, extract's table, markdown, github, junit) shows "
                   "them escaped (\\x1b, \\x07, \\x9b); none reaches the terminal or the log.",
           tests=("test_escape_sequences_are_shown_escaped",)),
    Attack(item=13, name="dense-amounts-page",
           attack='A page repeating "R$ 1,0 10x " (176 KB took 26 s, 1 MB minutes): every '
                  "amount was compared with every installment span.",
           outcome="Extraction is linear: 8 times the page takes well under 12 times as long.",
           tests=("test_dense_amounts_page_scales_linearly",)),
    Attack(item=13, name="many-lines-text",
           attack="A plain-text document (a chat export's statements) with one amount on each "
                  "of thousands of long lines: each amount's line was counted from the start.",
           outcome="Lines are counted once, in order: 8 times the lines take well under 12 "
                   "times as long.",
           tests=("test_many_lines_text_scales_linearly",)),
    Attack(item=13, name="extraction-budget",
           attack="A document whose extraction outlasts the per-document budget "
                  "(extract.budget.SECONDS; the test sets it to 0).",
           outcome="The document is unverifiable with the reason (\"extraction stopped after "
                   "... s\"); `cohesion extract` exits 3; the stopped result is not cached.",
           tests=("test_over_budget_document_is_unverifiable",
                  "test_over_budget_extract_exits_3")),
)

PAGE = """<html><body><h1>Tênis Brisa</h1>
<div class="price">R$ 399,90</div></body></html>"""


def rulebook(extra: str = "") -> str:
    return f"""\
brand: Aurora
catalog:
  products:
    - {{sku: A1, name: Tênis Brisa, price: 399.90}}
channels:
  - id: loja
    kind: file
    location: pages
    product_page: "{{sku}}.html"
{extra}"""


def _engagement(write: Callable[[str, str], Path], page: str) -> Path:
    write("pages/A1.html", page)
    return write("cohesion.yaml", rulebook())


def _findings(result: Result) -> list[dict[str, object]]:
    data = json.loads(result.output)
    findings: list[dict[str, object]] = data["findings"]
    return findings


HOSTILE = ('<html><body><h1>Tênis Brisa</h1><div class="price">\x1b]52;c;ZXZpbA==\x07\x1b[2J'
           '\x1b[31m R$ 429,90 [/bold] [link=http://evil]x[/link]</div></body></html>')
"""A divergent price whose excerpt carries markup and escape sequences."""


def assert_unverifiable(result: Result, reason: str) -> None:
    """The document was reported unverifiable with ``reason``; nothing missing, exit 3."""
    findings = _findings(result)
    assert [(f["rule"], f["outcome"]) for f in findings] == [("read", "unverifiable")], findings
    assert reason in json.dumps(findings, ensure_ascii=False)
    assert result.exit_code == 3


def _seconds(body: bytes, content_type: str) -> float:
    snapshot = Snapshot("c", "doc", "product", None, "2025-01-01", body=body,
                        content_type=content_type)
    start = time.process_time()
    extract(snapshot, Options())
    return time.process_time() - start


@pytest.mark.slow
def test_dense_amounts_page_scales_linearly() -> None:
    def page(n: int) -> bytes:
        return ("<html><body><p>" + "R$ 1,0 10x " * n + "</p></body></html>").encode()

    small, large = _seconds(page(1000), "text/html"), _seconds(page(8000), "text/html")
    assert large < 12 * max(small, 0.05), (small, large)


@pytest.mark.slow
def test_many_lines_text_scales_linearly() -> None:
    line = "Cliente perguntou sobre o produto e a loja respondeu com detalhes " * 4
    line += "valor R$ 1,00\n"
    small = _seconds((line * 1000).encode(), "text/plain")
    large = _seconds((line * 8000).encode(), "text/plain")
    assert large < 12 * max(small, 0.05), (small, large)


def test_over_budget_document_is_unverifiable(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(budget, "SECONDS", 0.0)
    path = _engagement(write, PAGE)
    cache = tmp_path / "cache"
    result = cli("check", str(path), "--format", "json", "--cache-dir", str(cache))
    assert_unverifiable(result, "extraction stopped after 0 s")
    monkeypatch.setattr(budget, "SECONDS", 30.0)
    again = cli("check", str(path), "--format", "json", "--cache-dir", str(cache))
    assert again.exit_code == 0, again.output


def test_over_budget_extract_exits_3(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(budget, "SECONDS", 0.0)
    result = cli("extract", str(write("page.html", PAGE)))
    assert result.exit_code == 3
    assert "extraction stopped after 0 s" in result.output


def test_rich_markup_in_page_is_shown_as_text(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    path = _engagement(write, HOSTILE)
    table = cli("check", str(path), "--format", "table")
    assert table.exit_code == 1, table.output
    assert "[/bold]" in table.output and "[link=http://evil]" in table.output
    assert "\x1b]8;" not in table.output  # no OSC 8 hyperlink
    facts = cli("extract", str(path.parent / "pages" / "A1.html"))
    assert facts.exit_code == 0, facts.output
    assert "[/bold]" in facts.output and "[link=http://evil]" in facts.output


@pytest.mark.parametrize("fmt", ["table", "markdown", "github", "junit"])
def test_escape_sequences_are_shown_escaped(
    cli: Callable[..., Result], write: Callable[[str, str], Path], fmt: str,
) -> None:
    path = _engagement(write, HOSTILE)
    outputs = [cli("check", str(path), "--format", fmt).output]
    if fmt == "table":
        outputs.append(cli("extract", str(path.parent / "pages" / "A1.html")).output)
    for output in outputs:
        shown = output.replace("\\\\", "\\")  # markdown writes a backslash as two
        assert "\\x1b" in shown and "52;c;ZXZpbA==\\x07" in shown, output
        assert not any(c in output for c in "\x1b\x07"), repr(output)
    assert printable("\x9b2J \x0d\x7f\n\t") == "\\x9b2J \\x0d\\x7f\n\t"  # C1, CR, DEL too
