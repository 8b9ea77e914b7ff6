"""The html report of examples/aurora laid out by a real browser: a phone (390 px), a laptop
(1280 px) and an A4 printout.

``cohesion check examples/aurora --format html`` is rendered once (its JSON result too, so
that ``cohesion report --lang`` gives the page in each language without reading the
channels again) and opened in Debian's Chromium through Playwright, one browser for the
module; so is the fixture report of ``test_output_html`` (it has what a first run of
examples/aurora has not: metrics over time, suppressions, an archive). At each width, in
each language: the page is no wider than the screen, no label
is cut (no element with text is wider inside than its box), and no table cell is squeezed
to a few characters a line. Printed (print media at the width of an A4 page's printable
area, then ``page.pdf`` in A4): nothing is wider than the page and the PDF has pages of A4
size. Screenshots and the PDF are written to ``tests/artifacts/`` (``$COHESION_ARTIFACTS``
when set): the first screen (``aurora.390.png``, ``aurora.1280.png``), the first group of
the action plan on the phone (``aurora.390.plan.png``), the matrix on the laptop
(``aurora.1280.matrix.png``) and ``aurora.pdf``; they are produced by the run and not
committed (see ``tests/artifacts/README.md``).

Skipped without Chromium or the playwright package, unless ``CI`` is set (then it fails),
as ``test_output_html``'s browser test; never ``playwright install``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import test_output_html as browser_test
from click.testing import CliRunner

from cohesion_cli.cli import main

AURORA = Path(__file__).resolve().parent.parent / "examples" / "aurora"
WIDTHS = (390, 1280)
A4_PRINTABLE_PX = round((210 - 2 * 11) / 25.4 * 96)
"""Width of an A4 page inside the report's print margins (11 mm each side), in CSS px."""
A4_POINTS = (595.28, 841.89)

pytestmark = pytest.mark.slow

CLIPPED = """() => [...document.querySelectorAll('header *, main *, footer *')]
  .filter(e => !(e instanceof SVGElement) && e.scrollWidth > e.clientWidth + 1
               && e.clientWidth > 1 && e.textContent.trim() && !e.closest('.vh'))
  .map(e => `${e.tagName.toLowerCase()}.${e.className}: ${e.scrollWidth} > ${e.clientWidth}`
            + ` "${e.textContent.trim().slice(0, 40)}"`)
  .concat([...document.querySelectorAll('svg text')].filter(e => {
      const r = e.getBoundingClientRect(), box = e.ownerSVGElement.getBoundingClientRect();
      return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5
                             || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5);
    }).map(e => `svg text out of its chart: "${e.textContent.trim().slice(0, 40)}"`))"""
"""Every element with text whose content is wider than its box: a label cut or sticking out
(a table that scrolls sideways counts too: its last columns are out of sight); every chart
label (SVG text) that reaches out of its chart, where it is cut. Text kept for screen
readers only (a box of 1 px, or class ``vh``) is not a label."""

SQUEEZED = """() => [...document.querySelectorAll('table td, table th')]
  .filter(e => e.offsetParent !== null && e.textContent.trim().length >= 8)
  .filter(e => e.getBoundingClientRect().width < 56)
  .map(e => `${e.className}: ${Math.round(e.getBoundingClientRect().width)} px`
            + ` "${e.textContent.trim().slice(0, 30)}"`)"""
"""Table cells with a phrase squeezed under 56 px (about four characters a line)."""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report as ``cohesion check`` writes it, and as ``cohesion report`` re-renders it
    in each language."""
    folder = tmp_path_factory.mktemp("aurora-html")
    result = folder / "result.json"
    runner = CliRunner()
    checked = runner.invoke(main, ["check", str(AURORA), "--format", "html", "--no-history",
                                   "--output", f"json={result}"], catch_exceptions=False)
    assert checked.exit_code == 1, checked.output
    out = {"check": folder / "check.html"}
    out["check"].write_text(checked.output, encoding="utf-8")
    for lang in ("en", "pt-BR"):
        again = runner.invoke(main, ["report", str(result), "--format", "html", "--lang", lang],
                              catch_exceptions=False)
        assert again.exit_code == 1, again.output
        out[lang] = folder / f"{lang}.html"
        out[lang].write_text(again.output, encoding="utf-8")
    out["fixture"] = folder / "fixture.html"
    out["fixture"].write_text(browser_test.render(lang="pt-BR"), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    browser_test._require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_test.CHROMIUM,
                                    args=browser_test.CHROMIUM_ARGS, timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()


def _open(chromium: Any, page_file: Path, width: int, media: str = "screen") -> Any:
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.emulate_media(media=media)
    page.goto(page_file.as_uri(), wait_until="load")
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_fits_the_screen_without_cut_labels(chromium: Any, pages: dict[str, Path],
                                            width: int) -> None:
    for name in ("en", "pt-BR", "fixture"):
        page = _open(chromium, pages[name], width)
        try:
            wider = page.evaluate("() => document.documentElement.scrollWidth")
            clipped = page.evaluate(CLIPPED)
            squeezed = page.evaluate(SQUEEZED)
            cards = page.evaluate(
                "() => getComputedStyle(document.querySelector('table.plan tr')).display")
        finally:
            page.context.close()
        assert wider <= width, f"{name}: the page is {wider} px wide at {width} px"
        assert clipped == [], f"{name} at {width} px: {clipped}"
        assert squeezed == [], f"{name} at {width} px: {squeezed}"
        assert (cards == "block") == (width < 600), f"{name} at {width} px: rows are {cards}"


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshot_of_the_check_output(chromium: Any, pages: dict[str, Path],
                                        width: int) -> None:
    page = _open(chromium, pages["check"], width)
    folder = browser_test._artifacts()
    shot = folder / f"aurora.{width}.png"
    try:
        matrix = page.evaluate("""() => {
            const table = document.querySelector('table.matrix');
            const last = table.querySelector('thead th:last-child');
            return [table.parentElement.getBoundingClientRect().right,
                    last.getBoundingClientRect().right];
        }""")
        page.screenshot(path=str(shot))
        section = "plan" if width < 600 else "matrix"
        page.locator(f"#{section} .table-scroll, #{section} .owner-group").first.screenshot(
            path=str(folder / f"aurora.{width}.{section}.png"))
    finally:
        page.context.close()
    if width >= 600:
        box, last_column = matrix
        assert last_column <= box + 0.5, "the matrix's last column is cut"
    assert shot.stat().st_size > 10_000


def test_prints_to_a4_without_cut_columns(chromium: Any, pages: dict[str, Path]) -> None:
    page = _open(chromium, pages["check"], A4_PRINTABLE_PX, media="print")
    pdf = browser_test._artifacts() / "aurora.pdf"
    try:
        wider = page.evaluate("() => document.documentElement.scrollWidth")
        clipped = page.evaluate(CLIPPED)
        page.pdf(path=str(pdf), format="A4", print_background=True)
    finally:
        page.context.close()
    assert wider <= A4_PRINTABLE_PX, f"printed, the page is {wider} px wide"
    assert clipped == [], clipped
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages_found = re.findall(rb"/Type\s*/Page\b", data)
    assert len(pages_found) >= 3, "the report printed on fewer than three pages"
    boxes = [[float(v) for v in box.split()[2:]]
             for box in re.findall(rb"/MediaBox\s*\[([^\]]+)\]", data)]
    assert boxes and all(abs(w - A4_POINTS[0]) < 2 and abs(h - A4_POINTS[1]) < 2
                         for w, h in boxes), boxes
