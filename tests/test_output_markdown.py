"""The ``markdown`` format: golden files in both languages, structure, escaping, summary.

The golden files ``tests/golden/report.en.md`` and ``tests/golden/report.pt-BR.md`` are the
renderings of ``report_fixture.fixed_report()``. After an intended change to the format,
rewrite them with

    COHESION_UPDATE_GOLDEN=1 python -m pytest tests/test_output_markdown.py

and review the diff before committing.
"""

from __future__ import annotations

import io
import os
import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from report_fixture import fixed_report

from cohesion_cli.domain import Evidence, Outcome, Result, Severity
from cohesion_cli.output import markdown
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.output.texts import Texts
from cohesion_cli.triage.report import ChannelSummary, Report

GOLDEN = Path(__file__).parent / "golden"
CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _render(report: Report, options: RenderOptions | None = None) -> str:
    out = io.StringIO()
    markdown.render(report, out, options or RenderOptions())
    return out.getvalue()


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("COHESION_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    expected = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert text == expected, f"{name} differs; see the module docstring to update it"


def _section(text: str, start: str, end: str) -> list[str]:
    lines = text.splitlines()
    first = lines.index(start)
    last = lines.index(end, first)
    return lines[first:last]


def _rows(lines: list[str]) -> list[list[str]]:
    """Table body rows (header and separator left out), split on unescaped pipes."""
    rows = [CELL_SPLIT.split(line)[1:-1] for line in lines if line.startswith("| ")]
    return [r for r in rows if r[0].strip() not in {"Channel", "Canal", "Severity", "Severidade"}]


def _report(results: list[Result], channels: list[ChannelSummary] | None = None) -> Report:
    return Report(brand="Test | Brand", rulebook="cohesion.yaml",
                  generated_at="2026-01-02T03:04:05+00:00",
                  channels=channels or [ChannelSummary("loja", "web", "Loja", "E-commerce", 1, 0)],
                  results=results, fail_on=Severity.LOW)


def test_golden_english() -> None:
    _golden("report.en.md", _render(fixed_report(), RenderOptions(lang="en")))


def test_golden_portuguese() -> None:
    _golden("report.pt-BR.md", _render(fixed_report(), RenderOptions(lang="pt-BR")))


def test_every_finding_is_listed_once_and_planned_once() -> None:
    report = fixed_report()
    text = _render(report)
    rows = _rows(_section(text, "## Findings", "## Action plan"))
    assert len(rows) == len(report.findings)
    for row, finding in zip(rows, report.findings, strict=True):
        assert len(row) == 8
        assert finding.channel in row[0]
        tracked = report.tracking[finding.fingerprint]
        assert tracked.status.capitalize() in row[7] and Texts("en", {}).day(tracked.due) in row[7]
        name = report.subjects.get(finding.subject)
        words = Texts("en", report.rules).subject_name(finding.subject, {})
        assert (name or words) in row[1]
    plan = [line for line in _section(text, "## Action plan", "## Baseline and suppressions")
            if line.startswith("- [ ] ")]
    assert len(plan) == len(report.findings)
    # the action plan: owners by urgency, "No owner" last
    headings = [line for line in _section(text, "## Action plan", "## Baseline and suppressions")
                if line.startswith("### ")]
    assert headings == ["### Marketplaces", "### Atendimento", "### No owner"]


def test_severity_groups_most_severe_first() -> None:
    text = _render(fixed_report())
    headings = [line for line in _section(text, "## Findings", "## Action plan")
                if line.startswith("### ")]
    assert headings == ["### Critical (1)", "### High (3)", "### Medium (1)", "### Low (1)",
                        "### Info (1)"]


def test_verdict_channels_and_left_out() -> None:
    text = _render(fixed_report())
    verdict = next(line for line in text.splitlines() if line.startswith("**Verdict:**"))
    assert "7 findings" in verdict and "critical: 1" in verdict and "exit 1" in verdict
    assert "| App (`app`) | API | — | n/a | 0 | 2 |" in text
    assert "Findings in the baseline (not listed): 2." in text
    assert "Suppressed findings: 1." in text
    assert "sprint 48" in text
    assert "suppression 2 (rule wording, channel app) matched nothing" in text


def test_portuguese_labels() -> None:
    text = _render(fixed_report(), RenderOptions(lang="pt-BR"))
    for label in ("Plano de ação", "divergente", "ausente", "não verificável", "Sem responsável",
                  "23 de novembro de 2026", "Veredito", "preço"):
        assert label in text
    assert "Action plan" not in text


def test_table_syntax_and_html_are_escaped() -> None:
    evil = Result(rule="price",
                  channel="loja",
                  subject="SKU|1",
                  outcome=Outcome.DIVERGENT,
                  expected="R$ 1 | R$ 2",
                  observed="a\nb | c",
                  evidence=Evidence("x | y\r\n<script>alert(1)</script> *bold* [l](u)",
                                       "td|1", "https://x.example/a|b"),
                  reason="why | not",
                  severity=Severity.HIGH)
    report = _report([evil])
    report = replace(report, subjects={"SKU|1": "Name | with pipe"})
    text = _render(report)
    rows = _rows(_section(text, "## Findings", "## Action plan"))
    assert len(rows) == 1 and len(rows[0]) == 7
    cells = [c.strip() for c in rows[0]]
    assert cells[4] == "R$ 1 \\| R$ 2"
    assert cells[5] == "a b \\| c"
    assert "\\<script>alert(1)\\</script>" in text
    assert re.findall(r"(?<!\\)<(?!br>)", text) == []
    assert "\\*bold\\*" in text and "\\[l\\](u)" in text
    assert text.startswith("# Cohesion report: Test \\| Brand\n")


def test_code_spans_survive_backticks() -> None:
    finding = Result(rule="read",
                     channel="a`b",
                     subject="S",
                     outcome=Outcome.UNVERIFIABLE,
                     reason="down",
                     severity=Severity.MEDIUM)
    text = _render(_report([finding]))
    assert "``a`b``" in text


def test_min_severity_hides_and_says_so() -> None:
    text = _render(fixed_report(), RenderOptions(min_severity=Severity.HIGH))
    rows = _rows(_section(text, "## Findings", "## Action plan"))
    assert len(rows) == 4
    assert "3 below *high* not listed." in text


def test_no_findings() -> None:
    ok = Result(rule="price",
                channel="loja",
                subject="S",
                outcome=Outcome.OK,
                expected="R$ 1.00",
                observed="R$ 1.00",
                severity=Severity.CRITICAL)
    text = _render(_report([ok]))
    assert "No findings." in text and "Nothing to do." in text
    assert "✓ no findings" in text and "exit 0: passes" in text


@pytest.mark.parametrize("lang", ["en", "pt-BR"])
def test_summary_lists_ten_worst(lang: str) -> None:
    results = [Result(rule="price",
                      channel="loja",
                      subject=f"S{i:02}",
                      outcome=Outcome.DIVERGENT,
                      expected="R$ 1.00",
                      observed="R$ 2.00",
                      severity=Severity(i % 5)) for i in range(12)]
    report = _report(results)
    text = markdown.summary(report, RenderOptions(lang=lang))
    rows = [r for r in _rows(text.splitlines()) if len(r) == 7]
    assert len(rows) == markdown.SUMMARY_FINDINGS
    assert [r[1].strip() for r in rows[:1]] == ["`loja`"]
    assert rows[0][0].strip() in {"critical", "crítica"}
    assert "2" in text.splitlines()[-1]
    assert text.endswith("\n")


def test_summary_of_fixture() -> None:
    text = markdown.summary(fixed_report(), RenderOptions())
    assert text.startswith("## cohesion · Aurora Calçados\n")
    assert "| `app` | n/a | 1 |" in text
    assert "*HTTP 503 Service Unavailable*" in text


def test_renders_as_intended_with_a_commonmark_parser() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    evil = Result(rule="price",
                  channel="loja",
                  subject="SKU|1",
                  outcome=Outcome.DIVERGENT,
                  expected="R$ 1 | R$ 2",
                  observed="a\nb | c",
                  evidence=Evidence("<img src=x onerror=alert(1)> *b* [l](u) &amp; a_b _c_",
                                       "td", "https://x.example/a|b"),
                  reason="why | not",
                  severity=Severity.HIGH)
    report = _report([evil])
    report = replace(report, subjects={"SKU|1": "Name | with pipe"})
    text = _render(report)
    assert "(`SKU|1`): correct price" in text  # outside tables, pipes need no escape
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(text)
    assert "<img" not in html and "<em>b</em>" not in html and "<a " not in html
    assert "&amp;amp; a_b _c_" in html
    assert "<td>Name | with pipe (<code>SKU|1</code>)</td>" in html
    assert "<td>R$ 1 | R$ 2</td>" in html and "<td>a b | c</td>" in html
    assert html.count("<tr>") == 1 + 1 + 1 + 1  # channels: head + row; findings: head + row
