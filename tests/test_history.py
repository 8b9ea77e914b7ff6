"""The history file: where it goes, what each run records, and files it refuses (damaged,
another program's, a newer schema) with one line and exit 2, leaving them untouched."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from test_triage import noisy

from cohesion_cli.history import store

Write = Callable[[str, str], Path]


def as_json(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def test_each_check_records_its_run_beside_the_rulebook(cli: Callable[..., Result],
                                                         write: Write) -> None:
    rulebook = noisy(write, {"A1": "110,00", "B2": "200,00", "C3": "30,00"})
    first = as_json(cli("check", str(rulebook), "--format", "json"))
    history = rulebook.parent / ".cohesion" / "history.sqlite"
    assert rows(history, "SELECT version FROM schema_version") == [(store.latest_version(),)]
    assert rows(history, "PRAGMA journal_mode") == [("wal",)]
    [(at, digest, score, findings)] = rows(
        history, "SELECT at, digest, score, findings FROM runs")
    assert at == first["generated_at"] and len(digest) == 64
    assert score == first["summary"]["score"] and findings == first["summary"]["findings"]
    recorded = rows(history, "SELECT fingerprint, outcome, expected, observed, severity, "
                             "first_seen, status FROM results ORDER BY rowid")
    assert len(recorded) == len(first["results"])
    for entry, row in zip(first["results"], recorded, strict=True):
        assert row[:5] == (entry["fingerprint"], entry["outcome"], entry["expected"],
                           entry["observed"], entry["severity"])
    scores = dict(rows(history, "SELECT id, score FROM channels"))
    assert scores == first["summary"]["scores"]
    [finding] = first["findings"]
    assert (finding["status"], finding["first_seen"]) == ("new", first["generated_at"][:10])
    assert finding["due"] > finding["first_seen"]
    assert first["summary"]["changes"] == {"new": 1, "open": 0, "changed": 0, "resolved": 0}
    second = as_json(cli("check", str(rulebook), "--format", "json"))
    assert second["summary"]["changes"] == {"new": 0, "open": 1, "changed": 0, "resolved": 0}
    assert second["summary"]["since"] == first["generated_at"]
    assert second["findings"][0]["status"] == "open"
    assert rows(history, "SELECT count(*) FROM runs") == [(2,)]


def test_history_path_and_no_history(cli: Callable[..., Result], write: Write,
                                     tmp_path: Path) -> None:
    rulebook = noisy(write, {"A1": "110,00", "B2": "200,00", "C3": "30,00"})
    elsewhere = tmp_path / "records" / "aurora.sqlite"
    cli("check", str(rulebook), "--history", str(elsewhere))
    assert rows(elsewhere, "SELECT count(*) FROM runs") == [(1,)]
    data = as_json(cli("check", str(rulebook), "--no-history", "--format", "json"))
    assert not (rulebook.parent / ".cohesion").exists()
    assert data["summary"]["changes"] is None and data["findings"][0]["status"] == "new"
    assert rows(elsewhere, "SELECT count(*) FROM runs") == [(1,)]


@pytest.mark.parametrize("content", [b"this is not a database at all" * 100,
                                     b"SQLite format 3\x00" + b"\xff" * 4000])
def test_a_damaged_history_is_refused_and_left_as_it_is(
    cli: Callable[..., Result], write: Write, tmp_path: Path, content: bytes,
) -> None:
    rulebook = noisy(write, {"A1": "110,00", "B2": "200,00", "C3": "30,00"})
    history = tmp_path / "history.sqlite"
    history.write_bytes(content)
    result = cli("check", str(rulebook), "--history", str(history))
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert str(history) in line and "damaged or not a cohesion history" in line
    assert "Traceback" not in result.output
    assert history.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("history")] == [
        "history.sqlite"]


def test_another_programs_database_is_refused(cli: Callable[..., Result], write: Write,
                                              tmp_path: Path) -> None:
    rulebook = noisy(write, {"A1": "110,00", "B2": "200,00", "C3": "30,00"})
    other = tmp_path / "app.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE clients (name TEXT)")
    before = other.read_bytes()
    result = cli("check", str(rulebook), "--history", str(other))
    assert result.exit_code == 2 and "not a cohesion history" in result.stderr
    assert other.read_bytes() == before


def test_a_newer_schema_is_refused(cli: Callable[..., Result], write: Write) -> None:
    rulebook = noisy(write, {"A1": "110,00", "B2": "200,00", "C3": "30,00"})
    cli("check", str(rulebook))
    history = rulebook.parent / ".cohesion" / "history.sqlite"
    with sqlite3.connect(history) as connection:
        connection.execute("UPDATE schema_version SET version = 99")
    for args in (("check", str(rulebook)), ("history", str(rulebook))):
        result = cli(*args)
        assert result.exit_code == 2, args
        assert "newer cohesion (schema version 99" in result.stderr
    assert rows(history, "SELECT count(*) FROM runs") == [(1,)]


def test_an_older_schema_is_migrated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite"
    with store.opened(path, create=True) as connection:
        connection.execute("INSERT INTO runs (at, brand, rulebook, digest, tool, fail_on, "
                           "exit_code, findings, new, changed, resolved, products) VALUES "
                           "('2026-01-01T00:00:00+00:00', 'b', 'r', 'd', 't', 'low', 0, 0, 0, "
                           "0, 0, '{}')")
    step = ("ALTER TABLE runs ADD COLUMN note TEXT NOT NULL DEFAULT 'migrated'",)
    monkeypatch.setattr(store, "MIGRATIONS", (*store.MIGRATIONS, step))
    with store.opened(path, create=False) as connection:
        assert connection.execute("SELECT note FROM runs").fetchall() == [("migrated",)]
        assert connection.execute("SELECT version FROM schema_version").fetchall() == [
            (store.latest_version(),)]


def test_a_folder_or_a_missing_history_is_one_line(cli: Callable[..., Result], write: Write,
                                                   tmp_path: Path) -> None:
    rulebook = noisy(write, {"A1": "110,00", "B2": "200,00", "C3": "30,00"})
    result = cli("check", str(rulebook), "--history", str(tmp_path))
    assert result.exit_code == 2
    missing = cli("history", "--history", str(tmp_path / "nothing.sqlite"))
    assert missing.exit_code == 2 and "no history at" in missing.stderr


def test_init_keeps_the_history_out_of_git(cli: Callable[..., Result], tmp_path: Path) -> None:
    assert cli("init", str(tmp_path / "new")).exit_code == 0
    assert ".cohesion/" in (tmp_path / "new" / ".gitignore").read_text().splitlines()
    existing = tmp_path / "repo"
    existing.mkdir()
    (existing / ".gitignore").write_text("*.log\n")
    assert cli("init", str(existing)).exit_code == 0
    assert (existing / ".gitignore").read_text().splitlines() == ["*.log", ".cohesion/"]


def test_sla_sets_the_due_dates_and_overdue_follows(cli: Callable[..., Result],
                                                    write: Write) -> None:
    rulebook = noisy(write, {"A1": "110,00", "B2": "200,00", "C3": "30,00"})
    rulebook.write_text(rulebook.read_text(encoding="utf-8") + "sla: {critical: 5}\n",
                        encoding="utf-8")
    first = as_json(cli("check", str(rulebook), "--format", "json"))
    [finding] = first["findings"]
    assert finding["severity"] == "critical"
    day = first["generated_at"][:10]
    assert finding["due"] == _plus(day, 5) and finding["status"] == "new"
    history = rulebook.parent / ".cohesion" / "history.sqlite"
    with sqlite3.connect(history) as connection:  # as if the first run was 9 days ago
        connection.execute("UPDATE results SET first_seen = ?, due = ?",
                           (_plus(day, -9), _plus(day, -4)))
    second = as_json(cli("check", str(rulebook), "--format", "json"))
    [late] = second["findings"]
    assert (late["status"], late["first_seen"], late["due"]) == (
        "overdue", _plus(day, -9), _plus(day, -4))
    assert second["summary"]["overdue"] == 1
    assert second["summary"]["changes"] == {"new": 0, "open": 1, "changed": 0, "resolved": 0}
    plan = cli("check", str(rulebook), "--format", "csv").stdout.lstrip("\ufeff")
    [columns] = csv.DictReader(io.StringIO(plan))
    assert (columns["channel_owner"], columns["due"], columns["status"]) == (
        "E-commerce", _plus(day, -4), "overdue")


def test_a_bad_sla_is_a_rulebook_error(cli: Callable[..., Result], write: Write) -> None:
    rulebook = noisy(write, {"A1": "110,00"})
    rulebook.write_text(rulebook.read_text(encoding="utf-8") + "sla: {high: -1, urgent: 1}\n",
                        encoding="utf-8")
    result = cli("validate", str(rulebook))
    assert result.exit_code == 2
    assert "cohesion.yaml:" in result.stderr and "urgent" in result.stderr


def _plus(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def test_the_html_report_of_a_check_shows_the_runs(cli: Callable[..., Result], write: Write,
                                                  tmp_path: Path) -> None:
    rulebook = noisy(write, {"A1": "110,00", "B2": "200,00", "C3": "30,00"})
    cli("check", str(rulebook), "--output", f"html={tmp_path / 'one.html'}")
    assert 'id="trend"' not in (tmp_path / "one.html").read_text(encoding="utf-8")
    noisy(write, {"A1": "100,00", "B2": "200,00", "C3": "30,00"})
    result = cli("check", str(rulebook), "--format", "html")
    assert result.exit_code == 0
    assert 'id="trend"' in result.stdout and "<polyline" in result.stdout


def test_an_unwritable_rulebook_folder_runs_without_history(
    cli: Callable[..., Result], write: Write, monkeypatch: pytest.MonkeyPatch,
) -> None:
    rulebook = noisy(write, {"A1": "110,00", "B2": "200,00", "C3": "30,00"})
    monkeypatch.setattr("cohesion_cli.commands.recording.os.access", lambda *a: False)
    result = cli("check", str(rulebook), "--format", "json")
    assert result.exit_code == 1
    assert "is not writable: this run is not recorded" in result.stderr
    assert as_json(result)["summary"]["changes"] is None
    assert not (rulebook.parent / ".cohesion").exists()


def test_diff_needs_two_runs_in_order(cli: Callable[..., Result], write: Write) -> None:
    rulebook = noisy(write, {"A1": "110,00", "B2": "200,00", "C3": "30,00"})
    cli("check", str(rulebook))
    alone = cli("diff", str(rulebook))
    assert alone.exit_code == 2 and "holds 1 run(s)" in alone.stderr
    cli("check", str(rulebook))
    history = rulebook.parent / ".cohesion" / "history.sqlite"
    for args, message in ((("--from", "9"), "no run 9"),
                          (("--from", "2", "--to", "1"), "--from 2 is not an earlier run")):
        result = cli("diff", str(history), *args)
        assert result.exit_code == 2 and message in result.stderr, args
    same = cli("diff", str(history), "--format", "json")
    assert same.exit_code == 0
    data = as_json(same)
    assert data["findings"] == [] and data["summary"]["changes"]["open"] == 1


def test_a_recorded_run_keeps_links_and_figures(tmp_path: Path) -> None:
    from cohesion_cli.domain import Outcome, Result, Severity, fingerprint
    from cohesion_cli.history import runs, store
    from cohesion_cli.rulebook.models import Sla
    from cohesion_cli.triage.report import ChannelSummary, Report

    cause = Result(rule="price", channel="loja", subject="A1", outcome=Outcome.DIVERGENT,
                   severity=Severity.CRITICAL)
    effect = Result(rule="installments", channel="loja", subject="A1",
                    outcome=Outcome.DIVERGENT, severity=Severity.HIGH,
                    caused_by=fingerprint("price", "loja", "A1"))
    timing = Result(rule="response_time", channel="loja", subject="policy:service_level",
                    outcome=Outcome.OK, severity=Severity.MEDIUM,
                    figures=(("median_minutes", 2.0), ("p90_minutes", None)))
    report = Report(brand="A", rulebook="r", generated_at="2026-01-01T00:00:00+00:00",
                    channels=[ChannelSummary("loja", "file", "", "", 1, 0)],
                    results=[cause, effect, timing], fail_on=Severity.HIGH)
    with store.opened(tmp_path / "h.sqlite", create=True) as connection:
        runs.record(connection, report, "digest", Sla().days())
        (run,) = runs.runs(connection)
        again = runs.load(connection, run.id)
    assert again.results == report.results
    assert again.score("loja") == report.score("loja") == 20
