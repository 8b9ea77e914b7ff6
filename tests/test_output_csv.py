"""The ``csv`` format: golden files, read back with the csv module, spreadsheet safety.

The golden files ``tests/golden/report.csv`` (default options) and
``tests/golden/report.pt-BR.csv`` (decimal comma, ``;`` separator) are the renderings of
``report_fixture.fixed_report()``. After an intended change to the format, rewrite them with

    COHESION_UPDATE_GOLDEN=1 python -m pytest tests/test_output_csv.py

and review the diff before committing. The comparison ignores line endings (so a git
checkout that converts them does not matter); the tests below check CRLF on the output.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from report_fixture import fixed_report

from cohesion_cli.domain import Evidence, Outcome, Result, Severity
from cohesion_cli.output import csv as csv_format
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.triage.report import ChannelSummary, Report

GOLDEN = Path(__file__).parent / "golden"
PT = RenderOptions(lang="pt-BR", decimal_comma=True)


def _render(report: Report, options: RenderOptions | None = None) -> str:
    out = io.StringIO(newline="")
    csv_format.render(report, out, options or RenderOptions())
    return out.getvalue()


def _read(text: str, delimiter: str = ",") -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=delimiter))


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("COHESION_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    expected = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert text.replace("\r\n", "\n") == expected, f"{name} differs; see the module docstring"


def _report(results: list[Result]) -> Report:
    return Report(brand="B", rulebook="cohesion.yaml", generated_at="2026-01-01T00:00:00+00:00",
                  channels=[ChannelSummary("loja", "web", "Loja", "=cmd|' /C calc'!A0", 1, 0)],
                  results=results, fail_on=Severity.LOW)


def test_golden_default() -> None:
    _golden("report.csv", _render(fixed_report()))


def test_golden_decimal_comma() -> None:
    _golden("report.pt-BR.csv", _render(fixed_report(), PT))


def test_read_back() -> None:
    report = fixed_report()
    text = _render(report)
    rows = _read(text)
    assert tuple(rows[0]) == csv_format.COLUMNS
    assert len(rows) - 1 == len(report.findings)
    assert all(len(r) == len(csv_format.COLUMNS) for r in rows)
    first = dict(zip(rows[0], rows[1], strict=True))
    worst = report.findings[0]
    assert first["severity"] == "critical" and first["outcome"] == "divergent"
    assert first["channel_owner"] == "Marketplaces" and first["product_name"] == "Tênis Brisa"
    assert first["expected"] == "R$ 399.90" and first["fingerprint"] == worst.fingerprint
    assert worst.position is not None
    assert first["rulebook_line"] == str(worst.position.line)
    assert first["evidence_excerpt"] == "…Tênis Brisa R$ 429,90 em 10x…"
    missing = next(dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[1] == "missing")
    assert missing["evidence_source"] == "" and missing["reason"] == "not stated on any page read"


def test_bom_and_crlf() -> None:
    text = _render(fixed_report())
    assert text.startswith("\ufeffseverity,outcome,")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert text.count("\r\n") == len(fixed_report().findings) + 1


def test_quoting_of_separators_quotes_and_newlines() -> None:
    finding = Result(rule="wording",
                     channel="loja",
                     subject="S",
                     outcome=Outcome.DIVERGENT,
                     expected='say "hi", ok',
                     observed="line one\nline two; three",
                     severity=Severity.LOW)
    for options, delimiter in ((RenderOptions(), ","), (PT, ";")):
        rows = _read(_render(_report([finding]), options), delimiter)
        row = dict(zip(rows[0], rows[1], strict=True))
        assert row["expected"] == 'say "hi", ok'
        assert row["observed"] == "line one\nline two; three"


def test_formula_injection_guard() -> None:
    finding = Result(rule="price",
                     channel="loja",
                     subject="+SKU",
                     outcome=Outcome.DIVERGENT,
                     expected="-10%",
                     observed='=HYPERLINK("http://evil.example","click")',
                     evidence=Evidence("@SUM(A1:A9)", "\tcell", "\rsource"),
                     reason="a=b is fine in the middle",
                     severity=Severity.HIGH)
    rows = _read(_render(_report([finding])))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["observed"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["expected"] == "'-10%"
    assert row["subject"] == "'+SKU"
    assert row["evidence_excerpt"] == "'@SUM(A1:A9)"
    assert row["evidence_locator"] == "'\tcell"
    assert row["evidence_source"] == "\\x0dsource"  # a control character is shown, not kept
    assert row["channel_owner"] == "'=cmd|' /C calc'!A0"
    assert row["reason"] == "a=b is fine in the middle"


def test_decimal_comma_file() -> None:
    text = _render(fixed_report(), PT)
    assert text.startswith("\ufeffseverity;outcome;")
    rows = _read(text, ";")
    assert len(rows) - 1 == len(fixed_report().findings)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["expected"] == "R$ 399,90" and first["observed"] == "R$ 429,90"
    installments = next(dict(zip(rows[0], r, strict=True)) for r in rows[1:]
                        if r[6] == "installments")
    assert installments["observed"] == "6x R$ 26,65 interest-free"
    read = next(dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[6] == "read")
    assert read["observed"] == "https://api.example/v1/AUR-003"


@pytest.mark.parametrize(("before", "after"), [
    ("R$ 399.90", "R$ 399,90"),
    ("US$ 1,299.90", "US$ 1.299,90"),
    ("over R$ 299.00; 12.5% off", "over R$ 299,00; 12,5% off"),
    ("(399.90)", "(399,90)"),
    ("R$ 10.00-20.00", "R$ 10,00-20,00"),
    ("version 1.2.3", "version 1.2.3"),
    ("v2.1 and 2.0-beta", "v2.1 and 2.0-beta"),
    ("14.05.2025", "14.05.2025"),
    ("127.0.0.1:8080", "127.0.0.1:8080"),
    ("https://shop.example/p/1.5 at 2.5", "https://shop.example/p/1.5 at 2,5"),
    ("files/report-1.2.txt", "files/report-1.2.txt"),
    ("a@b1.2", "a@b1.2"),
    ("5 business days", "5 business days"),
    ("R$ 399,90", "R$ 399,90"),
])
def test_decimal_comma_numbers(before: str, after: str) -> None:
    assert csv_format.decimal_comma_numbers(before) == after


def test_min_severity() -> None:
    rows = _read(_render(fixed_report(), RenderOptions(min_severity=Severity.HIGH)))
    assert [r[0] for r in rows[1:]] == ["critical", "high", "high", "high"]


def test_long_cells_are_cut_for_spreadsheets() -> None:
    finding = Result(rule="wording",
                     channel="loja",
                     subject="S",
                     outcome=Outcome.DIVERGENT,
                     expected="x" * 40_000,
                     observed="y",
                     severity=Severity.LOW)
    rows = _read(_render(_report([finding])))
    assert len(rows[1][7]) == csv_format.MAX_CELL
