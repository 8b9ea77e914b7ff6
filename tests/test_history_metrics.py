"""Metrics over time from the history (resolution rate per channel, findings that came back,
median days to resolve, score per run) and how the html report shows them: an inline SVG
chart and a table, nothing loaded from elsewhere."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import lxml.html

from cohesion_cli.domain import Outcome, Result, Severity
from cohesion_cli.history import runs, store
from cohesion_cli.history.compare import between, pick
from cohesion_cli.history.metrics import trend
from cohesion_cli.output import html
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.triage.report import ChannelSummary, Report

SLA = {"critical": 2, "high": 7, "medium": 14, "low": 30, "info": 90}
CHANNELS = [ChannelSummary("loja", "web", "Loja virtual", "Ana", 1, 0),
            ChannelSummary("app", "api", "App", "Bruno", 1, 0)]


def result(channel: str, subject: str, ok: bool) -> Result:
    return Result(rule="price", channel=channel, subject=subject,
                  outcome=Outcome.OK if ok else Outcome.DIVERGENT, severity=Severity.HIGH,
                  expected="R$ 9.00", observed="R$ 9.00" if ok else "R$ 10.00")


def run(day: str, a: bool, b: bool) -> Report:
    """One run: products A and B on the shop (True: ok), C always wrong on the app."""
    return Report(brand="b", rulebook="r", generated_at=f"2026-05-{day}T10:00:00+00:00",
                  channels=CHANNELS, fail_on=Severity.LOW,
                  results=[result("loja", "A", a), result("loja", "B", b),
                           result("app", "C", False)])


def engagement(path: Path) -> None:
    with store.opened(path, create=True) as connection:
        for report in (run("01", False, False), run("03", True, False),
                       run("06", False, True), run("08", True, True)):
            runs.record(connection, report, "digest", SLA)


def test_resolution_rate_recurrence_and_median_days(tmp_path: Path) -> None:
    engagement(tmp_path / "h.sqlite")
    with store.opened(tmp_path / "h.sqlite", create=False) as connection:
        metrics = trend(connection)
        earlier = trend(connection, upto=2)
    assert [at[:10] for at in metrics.runs] == ["2026-05-01", "2026-05-03", "2026-05-06",
                                                "2026-05-08"]
    loja, app = metrics.channels
    assert (loja.channel, loja.found, loja.resolved, loja.recurred) == ("loja", 2, 2, 1)
    assert loja.resolution_rate == 1.0 and loja.scores == [0, 50, 50, 100]
    assert (app.found, app.resolved, app.recurred, app.resolution_rate) == (1, 0, 0, 0.0)
    # A: 01 -> 03 (2 days), again 06 -> 08 (2 days); B: 01 -> 06 (5 days)
    assert metrics.median_days_to_resolve == 2
    # the overall score is the mean of the two channels' (they weigh the same)
    assert metrics.overall == [0, 25, 25, 50]
    assert len(earlier.runs) == 2 and earlier.channels[0].resolved == 1


def test_the_html_report_charts_the_runs(tmp_path: Path) -> None:
    engagement(tmp_path / "h.sqlite")
    with store.opened(tmp_path / "h.sqlite", create=False) as connection:
        report = between(connection, *pick(connection, None, None))
        first = between(connection, 1, 2)
    out = io.StringIO()
    html.render(report, out, RenderOptions(lang="pt-BR"))
    page = lxml.html.fromstring(out.getvalue())
    [section] = page.xpath("//section[@id='trend']")
    assert section.xpath(".//h2/text()") == ["Evolução"]
    lines = section.xpath(".//svg//g[contains(@class, 'line')]")
    assert len(lines) == 3  # overall and two channels
    assert all(len(g.xpath("./circle")) == 4 for g in lines)
    rows = [[cell.text_content() for cell in row] for row in section.xpath(".//tbody/tr")]
    assert rows == [["Loja virtual", "0", "100", "2", "2", "100%", "1"],
                    ["App", "0", "0", "1", "0", "0%", "0"]]
    facts = section.xpath(".//p[@class='trend-facts']")[0].text_content()
    assert "Mediana de dias para resolver: 2" in facts and "resolvidos: 1" in facts
    assert not page.xpath("//*[@src]") and "http" not in "".join(page.xpath("//svg//@*"))
    assert "Desde a última execução, em 06/05/2026: 1 resolvido" in out.getvalue()
    assert first.trend is not None and len(first.trend.runs) == 2
    for fewer in (None, replace(first.trend, runs=first.trend.runs[:1])):
        page_text = io.StringIO()
        html.render(replace(first, trend=fewer), page_text, RenderOptions())
        assert 'id="trend"' not in page_text.getvalue()
