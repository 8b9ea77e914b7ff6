"""Statuses over an engagement (``triage.tracking``), without a clock: new, open, changed,
overdue, resolved; due dates from the SLA; baselined findings that moved; the sentence
each human format prints."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import Result as CliResult
from report_fixture import fixed_report
from test_triage import noisy

from cohesion_cli.domain import Outcome, Result, Severity
from cohesion_cli.output import github, table
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.output.texts import Texts
from cohesion_cli.triage.baseline import apply_baseline
from cohesion_cli.triage.report import ChannelSummary, Report
from cohesion_cli.triage.tracking import Changes, Seen, track

SLA = {"critical": 2, "high": 7, "medium": 14, "low": 30, "info": 90}


def result(subject: str, outcome: Outcome = Outcome.DIVERGENT, observed: str = "R$ 10.00",
           severity: Severity = Severity.CRITICAL) -> Result:
    return Result(rule="price", channel="loja", subject=subject, outcome=outcome,
                  severity=severity, expected="R$ 9.00", observed=observed)


def report(results: list[Result], day: str = "2026-05-20") -> Report:
    return Report(brand="b", rulebook="r", generated_at=f"{day}T10:00:00+00:00",
                  channels=[ChannelSummary("loja", "web", "Loja", "Ana", 1, 0)],
                  results=results, fail_on=Severity.LOW)


def test_every_status_and_due_date() -> None:
    previous = {r.fingerprint: Seen(r, "2026-05-10") for r in (
        result("same"), result("moved"), result("late", severity=Severity.LOW),
        result("fixed"), result("unchecked"))}
    now = report([result("same"), result("moved", observed="R$ 11.00"),
                  result("late", severity=Severity.LOW), result("fixed", Outcome.OK),
                  result("fresh", severity=Severity.HIGH)])
    tracked = track(now, previous, "2026-05-10T10:00:00+00:00", SLA)
    status = {f.subject: tracked.tracking[f.fingerprint] for f in now.findings}
    assert {s: t.status for s, t in status.items()} == {
        "same": "overdue", "moved": "changed", "late": "open", "fresh": "new"}
    assert (status["same"].first_seen, status["same"].due) == ("2026-05-10", "2026-05-12")
    assert status["late"].due == "2026-06-09"
    assert (status["fresh"].first_seen, status["fresh"].due) == ("2026-05-20", "2026-05-27")
    changes = tracked.changes
    assert changes is not None
    assert changes.counts() == {"new": 1, "open": 2, "changed": 1, "resolved": 1}
    [gone] = changes.resolved
    assert gone.result.subject == "fixed" and gone.first_seen == "2026-05-10"


def test_a_baselined_finding_whose_value_moved_is_listed_as_changed() -> None:
    known = {result("kept").fingerprint: "R$ 10.00", result("moved").fingerprint: "R$ 10.00"}
    now = apply_baseline(report([result("kept"), result("moved", observed="R$ 12.00")]),
                         known)
    assert [f.subject for f in now.findings] == ["moved"]
    assert [f.subject for f in now.baselined_findings] == ["kept"]
    tracked = track(now, None, None, SLA, known)
    assert tracked.tracking[result("moved").fingerprint].status == "changed"
    assert tracked.tracking[result("kept").fingerprint].status == "new"


def test_the_sentence_in_both_languages() -> None:
    changes = Changes("2026-05-12T09:00:00+00:00", new=1, open=3, changed=1,
                      resolved=[Seen(result("a"), "2026-05-01"), Seen(result("b"), "2026-05-01")])
    english = Texts("en", {}).changes(changes)
    assert english == ("Since the last run on May 12, 2026: 2 resolved, 1 new, 1 changed, "
                       "3 still open.")
    portuguese = Texts("pt-BR", {}).changes(changes)
    assert portuguese == ("Desde a última execução, em 12/05/2026: 2 resolvidos, 1 novo, "
                          "1 alterado, 3 ainda abertos.")
    assert Texts("en", {}).changes(Changes(None, new=2)) == "First run in the history: 2 new."
    assert Texts("en", {}).changes(None) == ""


def test_baseline_keeps_the_observed_value_and_check_lists_what_moved(
    cli: Callable[..., CliResult], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    rulebook = noisy(write, {"A1": "110,00", "B2": "200,00", "C3": "30,00"})
    baseline = tmp_path / "baseline.json"
    assert cli("baseline", str(rulebook), "-o", str(baseline)).exit_code == 0
    [entry] = json.loads(baseline.read_text(encoding="utf-8"))["fingerprints"].values()
    assert entry["observed"] == "R$ 110.00"
    quiet = cli("check", str(rulebook), "--baseline", str(baseline), "--format", "json")
    assert quiet.exit_code == 0 and json.loads(quiet.stdout)["findings"] == []
    noisy(write, {"A1": "99,00", "B2": "200,00", "C3": "30,00"})
    moved = cli("check", str(rulebook), "--baseline", str(baseline), "--format", "json")
    assert moved.exit_code == 1
    [finding] = json.loads(moved.stdout)["findings"]
    assert (finding["observed"], finding["status"]) == ("R$ 99.00", "changed")


def test_a_saved_result_keeps_its_statuses(cli: Callable[..., CliResult],
                                           write: Callable[[str, str], Path]) -> None:
    rulebook = noisy(write, {"A1": "110,00", "B2": "200,00", "C3": "30,00"})
    cli("check", str(rulebook), "-q")
    saved = write("result.json", cli("check", str(rulebook), "--format", "json").stdout)
    again = json.loads(cli("report", str(saved), "--format", "json").stdout)
    first = json.loads(saved.read_text(encoding="utf-8"))
    assert again["findings"] == first["findings"] and first["findings"][0]["status"] == "open"
    assert again["summary"]["changes"] == first["summary"]["changes"]
    markdown = cli("report", str(saved), "--format", "markdown").stdout
    assert "Desde a última execução" in markdown and "1 ainda aberto" in markdown, \
        "the saved result keeps the rulebook's language"
    english = cli("report", str(saved), "--format", "markdown", "--lang", "en").stdout
    assert "Since the last run on" in english and "1 still open" in english


def test_the_github_job_summary_says_what_changed(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    github.render(fixed_report(), io.StringIO(), RenderOptions(lang="pt-BR"))
    summary = target.read_text(encoding="utf-8")
    assert "Desde a última execução, em 16/11/2026: 1 resolvido, 7 novos, 1 alterado" in summary


def test_the_table_prints_resolved_subjects_as_they_are() -> None:
    odd = Result(rule="forbidden_phrase", channel="loja", subject="phrase:[/] [bold]grátis",
                 outcome=Outcome.DIVERGENT, severity=Severity.HIGH)
    now = replace(report([]), changes=Changes("2026-05-12T09:00:00+00:00",
                                              resolved=[Seen(odd, "2026-05-01")]))
    out = io.StringIO()
    table.render(now, out, RenderOptions(color=False))
    text = " ".join(out.getvalue().split())
    assert ("resolved: forbidden phrase · loja · Phrase “[/] [bold]grátis” (first seen May 1, "
            "2026)") in text
    assert "Since the last run on May 12, 2026: 1 resolved." in text


def test_a_page_back_up_resolves_its_finding_but_a_page_down_resolves_nothing() -> None:
    down = Result(rule="read", channel="loja", subject="page:/entrega.html",
                  outcome=Outcome.UNVERIFIABLE, severity=Severity.MEDIUM, reason="HTTP 503")
    wrong = result("A1")
    previous = {r.fingerprint: Seen(r, "2026-05-10") for r in (down, wrong)}
    now_down = Result(rule="read", channel="loja", subject="A1", outcome=Outcome.UNVERIFIABLE,
                      severity=Severity.MEDIUM, reason="HTTP 503")
    tracked = track(report([now_down]), previous, "2026-05-10T10:00:00+00:00", SLA)
    assert tracked.changes is not None
    assert [s.result.subject for s in tracked.changes.resolved] == ["page:/entrega.html"]
    unread = replace(report([]), channels=[ChannelSummary("loja", "web", "Loja", "Ana", 2, 2)])
    assert track(unread, previous, "2026-05-10T10:00:00+00:00", SLA).changes == Changes(
        "2026-05-10T10:00:00+00:00")
