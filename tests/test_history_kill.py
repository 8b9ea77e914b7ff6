"""The history survives SIGKILL and concurrent runs: a run killed at any moment, even in
the middle of its write, leaves the history as it was or with the whole run; two runs
writing one history at once both get recorded, whole, one after the other."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cohesion_cli.history import store

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")]
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "aurora"
DELAYS = (0.4, 0.8, 1.2, 1.6, 2.0, 2.4, 2.8)
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def check(engagement: Path, history: Path) -> list[str]:
    return [sys.executable, "-m", "cohesion_cli", "check", str(engagement), "-q", "--no-cache",
            "--format", "json", "--history", str(history)]


def runs_are_whole(history: Path, results: int) -> int:
    """The history opens, passes SQLite's integrity check, and every run in it has all
    its results; returns how many runs it holds."""
    with store.opened(history, create=False) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        counts = connection.execute(
            "SELECT runs.id, count(results.run_id) FROM runs LEFT JOIN results "
            "ON results.run_id = runs.id GROUP BY runs.id").fetchall()
    assert all(n == results for _, n in counts), counts
    return len(counts)


@pytest.fixture
def engagement(tmp_path: Path) -> Path:
    folder = tmp_path / "aurora"
    shutil.copytree(EXAMPLE, folder)
    return folder


def test_sigkill_at_any_moment_keeps_the_history_whole(engagement: Path,
                                                       tmp_path: Path) -> None:
    history = tmp_path / "history.sqlite"
    done = subprocess.run(check(engagement, history), env=ENV, capture_output=True)
    assert done.returncode == 1
    results = len(json.loads(done.stdout)["results"])
    recorded = runs_are_whole(history, results)
    for delay in DELAYS:
        process = subprocess.Popen(check(engagement, history), env=ENV,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = runs_are_whole(history, results)
        assert now in (recorded, recorded + 1)
        recorded = now
    last = subprocess.run(check(engagement, history), env=ENV, capture_output=True)
    assert last.returncode == 1
    assert json.loads(last.stdout)["summary"]["changes"]["open"] == \
        json.loads(done.stdout)["summary"]["findings"]
    assert runs_are_whole(history, results) == recorded + 1


def test_sigkill_in_the_middle_of_a_write_loses_only_that_run(tmp_path: Path) -> None:
    history = tmp_path / "history.sqlite"
    with store.opened(history, create=True):
        pass
    writer = textwrap.dedent(f"""\
        import sys, time
        from pathlib import Path
        from cohesion_cli.history import store
        with store.opened(Path({str(history)!r}), create=True) as connection:
            with store.transaction(connection):
                for i in range(2000):
                    connection.execute(
                        "INSERT INTO runs (at, brand, rulebook, digest, tool, fail_on, "
                        "exit_code, findings, new, changed, resolved, products) VALUES "
                        "('2026-01-01T00:00:00+00:00', 'b', 'r', 'd', 't', 'low', 0, 0, 0, "
                        "0, 0, '{{}}')")
                print("writing", flush=True)
                time.sleep(60)
        """)
    process = subprocess.Popen([sys.executable, "-c", writer], env=ENV, stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "writing"
    process.send_signal(signal.SIGKILL)
    process.wait()
    with store.opened(history, create=False) as connection:
        assert connection.execute("SELECT count(*) FROM runs").fetchall() == [(0,)]
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_two_concurrent_runs_are_both_recorded_whole(engagement: Path,
                                                     tmp_path: Path) -> None:
    history = tmp_path / "fresh" / "history.sqlite"
    processes = [subprocess.Popen(check(engagement, history), env=ENV, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [1, 1], [err for _, err in outputs]
    reports = [json.loads(out) for out, _ in outputs]
    results = len(reports[0]["results"])
    assert runs_are_whole(history, results) == 2
    changes = sorted((r["summary"]["changes"]["new"], r["summary"]["changes"]["open"])
                     for r in reports)
    findings = reports[0]["summary"]["findings"]
    assert changes == [(0, findings), (findings, 0)]
    with sqlite3.connect(history) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchall() == [("wal",)]
