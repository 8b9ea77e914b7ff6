"""Hostile command lines: crashes that would read as divergences, files that never end,
outputs that are not files, and unclear messages (issue items 16 and 18-23)."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import FrameType, SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hostile import Attack

from cohesion_cli import atomic, engine, userfiles
from cohesion_cli.channels.kinds import KINDS
from cohesion_cli.channels.parsers.observations import ObservationsError, parse_observations
from cohesion_cli.cli import main
from cohesion_cli.commands import check as check_command
from cohesion_cli.commands.record import run_record
from cohesion_cli.output import FORMATS

ROOT = Path(__file__).resolve().parent.parent
PAGE = "<html><body><h1>Tênis Brisa</h1><div class='price'>R$ 399,90</div></body></html>"
RULEBOOK = """\
brand: Aurora
catalog:
  products:
    - {sku: A1, name: Tênis Brisa, price: 399.90}
channels:
  - id: loja
    kind: file
    location: pages/
    product_page: "{sku}.html"
"""

ATTACKS = (
    Attack(item=16, name="unbounded-user-file",
           attack="--baseline, --suppressions or 'cohesion report' given a FIFO, /dev/zero or "
                  "a very large file.",
           outcome="Refused with exit 2 naming the path and what it is (FIFO, device) or its "
                   "size: every file the CLI reads is a capped regular file.",
           tests=("test_baseline_suppressions_report_refuse_fifos_and_devices",
                  "test_files_read_have_a_size_cap")),
    Attack(item=18, name="output-not-a-regular-file",
           attack="--output to a symbolic link, a FIFO, a folder or a path under a regular "
                  "file; --archive or baseline -o under a file.",
           outcome="Refused with exit 2 and the reason before any channel is read; links and "
                   "FIFOs are left as they were (only regular files are replaced).",
           tests=("test_output_to_a_link_or_fifo_is_refused_and_left_alone",
                  "test_atomic_writer_never_replaces_what_is_not_a_regular_file",
                  "test_output_to_a_folder_or_under_a_file_is_refused_up_front")),
    Attack(item=19, name="crash-reads-as-divergence",
           attack="An unexpected exception injected in each stage: load, read, extract, "
                  "check, render, write; a Ctrl-C.",
           outcome="Load, check, render and write: one line, a 0600 crash log under the cache "
                   "folder and exit 4, the rulebook's secrets masked in both; read and "
                   "extract: that document unverifiable, exit 3; "
                   "Ctrl-C exit 130, a reader that goes away (| head) 141. Exit 1 only for a "
                   "finding at or above --fail-on.",
           tests=("test_failure_while_loading_exits_4", "test_failure_in_the_checks_exits_4",
                  "test_failure_while_rendering_exits_4",
                  "test_failure_while_writing_exits_4_and_a_full_disk_exits_2",
                  "test_failure_reading_one_document_makes_it_unverifiable",
                  "test_failure_extracting_one_document_makes_it_unverifiable",
                  "test_exit_1_only_for_a_finding_at_or_above_fail_on",
                  "test_interrupt_exits_130_not_1",
                  "test_output_cut_short_by_its_reader_exits_141_quietly",
                  "test_a_crash_log_never_shows_a_secret",
                  "test_help_documents_exit_4_and_only_real_options")),
    Attack(item=20, name="unclear-cli-messages",
           attack="A FIFO or folder as a document, 'expires: 20301231', --locale klingon, "
                  "extract ftp://x/y, report on a text file, a folder with no rulebook.",
           outcome="Each says what is wrong: 'is a FIFO'/'is a folder', 'write it as "
                   "YYYY-MM-DD', the accepted locales, 'scheme is not supported', 'not a "
                   "cohesion JSON report', 'start one with cohesion init'.",
           tests=("test_a_fifo_or_folder_as_a_document_says_what_it_is",
                  "test_expiry_written_as_a_number_is_explained",
                  "test_extract_refuses_an_unknown_locale_and_scheme",
                  "test_report_on_text_says_it_is_not_a_cohesion_report",
                  "test_no_rulebook_suggests_init")),
    Attack(item=21, name="validate-check-disagree",
           attack="A file channel whose page is missing; a catalog CSV with a bad price cell "
                  "beside an existing channel folder.",
           outcome="validate and check both exit 3 for the missing page (validate marks it "
                   "'unreadable'); the bad cell is the only problem reported.",
           tests=("test_validate_and_check_agree_on_a_missing_file",
                  "test_a_bad_csv_cell_gives_no_false_file_not_found")),
    Attack(item=22, name="letter-o-in-a-quoted-price",
           attack="'R$ 399,9O' (letter O) or an unknown SKU given to record; 'R$ 289,9O' in "
                  "an observations file.",
           outcome="record refuses both (exit 2, with a 'did you mean' for SKUs); the file is "
                   "invalid, so its channel is unverifiable instead of quoting 289.90.",
           tests=("test_record_refuses_a_letter_o_and_an_unknown_sku",
                  "test_an_observed_letter_o_is_not_read_as_a_price")),
    Attack(item=23, name="ci-run-package-lock",
           attack=".ci/run as root while another process holds the dpkg lock (apt-get faked "
                  "to fail).",
           outcome="apt-get waits up to 300 s for the lock; then lint, types and tests still "
                   "run, the browser test is skipped with the reason, and the run fails "
                   "naming Chromium.",
           tests=("test_ci_run_waits_for_the_lock_and_runs_the_rest",
                  "test_browser_test_skips_with_the_reason_ci_run_gave")),
)


def run(*args: str) -> Result:
    """The CLI as a user runs it: an exception escaping it would be exit code 1."""
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


@pytest.fixture
def engagement(tmp_path: Path) -> Path:
    """A consistent engagement: one file channel, one product, exit 0."""
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "A1.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "cohesion.yaml").write_text(RULEBOOK, encoding="utf-8")
    return tmp_path


def _boom(*_: Any, **__: Any) -> Any:
    raise RuntimeError("injected failure")


@contextmanager
def hang_guard(seconds: int = 5) -> Iterator[None]:
    """Fail instead of blocking forever (a FIFO opened for reading with no writer)."""
    def _alarm(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"blocked for {seconds} s")
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- 19: exit-code discipline, one injected failure per stage --------------------------------


def _internal(result: Result, cache: Path) -> None:
    assert result.exit_code == 4, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("cohesion:")]
    assert len(lines) == 1 and "internal error (RuntimeError: injected failure)" in lines[0]
    assert "Traceback" not in result.output
    (log,) = (cache / "crash").glob("crash-*.log")
    assert str(log) in lines[0] and stat.S_IMODE(log.stat().st_mode) == 0o600
    assert "Traceback" in log.read_text(encoding="utf-8")


def test_failure_while_loading_exits_4(engagement: Path, monkeypatch: pytest.MonkeyPatch
                                       ) -> None:
    monkeypatch.setattr("cohesion_cli.channels.rulebook.load_rulebook", _boom)
    cache = engagement / "cache"
    _internal(run("check", str(engagement), "--cache-dir", str(cache)), cache)


def test_failure_in_the_checks_exits_4(engagement: Path, monkeypatch: pytest.MonkeyPatch
                                       ) -> None:
    monkeypatch.setattr(engine.Checker, "results", _boom)
    cache = engagement / "cache"
    _internal(run("check", str(engagement), "--cache-dir", str(cache)), cache)


def test_a_crash_log_never_shows_a_secret(engagement: Path, monkeypatch: pytest.MonkeyPatch,
                                         closed_port: int) -> None:
    """An exception whose text carries an expanded ${SECRET} is masked in the line and in
    the crash log, as in every report."""
    secret = "tok-9b8c7d6e5f"
    monkeypatch.setenv("SHOP_TOKEN", secret)
    rulebook = engagement / "cohesion.yaml"
    rulebook.write_text(RULEBOOK + f"""\
  - id: api
    kind: api
    location: http://127.0.0.1:{closed_port}/
    headers: {{X-Api-Key: "${{SHOP_TOKEN}}"}}
""", encoding="utf-8")

    def leak(*_: Any, **__: Any) -> Any:
        raise RuntimeError(f"request with X-Api-Key {secret} went wrong")
    monkeypatch.setattr(engine.Checker, "results", leak)
    cache = engagement / "cache"
    result = run("check", str(engagement), "--cache-dir", str(cache))
    assert result.exit_code == 4
    (log,) = (cache / "crash").glob("crash-*.log")
    assert secret not in result.output and "X-Api-Key *** went wrong" in result.output
    assert secret not in log.read_text(encoding="utf-8")


def test_failure_while_rendering_exits_4(engagement: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    broken: Any = SimpleNamespace(render=_boom)
    monkeypatch.setitem(FORMATS, "json", broken)
    cache = engagement / "cache"
    _internal(run("check", str(engagement), "--format", "json", "--cache-dir", str(cache)),
              cache)


def test_failure_while_writing_exits_4_and_a_full_disk_exits_2(
    engagement: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache, out = engagement / "cache", engagement / "out.json"
    monkeypatch.setattr(atomic, "write_text", _boom)
    _internal(run("check", str(engagement), "--output", f"json={out}", "--cache-dir",
                  str(cache)), cache)

    def full(*_: Any, **__: Any) -> None:
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(atomic, "write_text", full)
    result = run("check", str(engagement), "--output", f"json={out}")
    assert result.exit_code == 2
    assert f"cannot write --output json report {out}: No space left on device" in result.output


def test_failure_reading_one_document_makes_it_unverifiable(
    engagement: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(KINDS, "file", replace(KINDS["file"], read=_boom))
    result = run("check", str(engagement), "--format", "json")
    assert result.exit_code == 3, result.output
    assert "internal error while reading: RuntimeError: injected failure" in result.output


def test_failure_extracting_one_document_makes_it_unverifiable(
    engagement: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(KINDS, "file", replace(KINDS["file"], extract=_boom))
    result = run("check", str(engagement), "--format", "json", "--no-cache")
    assert result.exit_code == 3, result.output
    assert "internal error while extracting: RuntimeError: injected failure" in result.output


def test_exit_1_only_for_a_finding_at_or_above_fail_on(engagement: Path) -> None:
    (engagement / "pages" / "A1.html").write_text(PAGE.replace("R$ 399,90", ""), "utf-8")
    assert run("check", str(engagement), "-q").exit_code == 1          # missing, >= low
    assert run("check", str(engagement), "-q", "--fail-on", "never").exit_code == 0


def test_interrupt_exits_130_not_1(engagement: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: Any, **__: Any) -> None:
        raise KeyboardInterrupt
    monkeypatch.setattr(check_command, "run", interrupted)
    result = run("check", str(engagement))
    assert result.exit_code == 130 and "interrupted" in result.output


def test_output_cut_short_by_its_reader_exits_141_quietly(engagement: Path) -> None:
    """`cohesion check | head`: the reader goes away; no crash log, no exit 4 or 1."""
    proc = subprocess.Popen([sys.executable, "-m", "cohesion_cli", "check", str(engagement),
                             "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    code = proc.wait(timeout=120)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert code == 141, err
    assert "internal error" not in err and "Traceback" not in err


def test_help_documents_exit_4_and_only_real_options() -> None:
    assert "4  internal error" in run("check", "--help").output
    for command in ("validate", "report"):
        text = run(command, "--help").output
        assert "4  " in text and "internal error" in text
        assert "--fail-on" not in text, command


# --- 16: files the CLI reads -----------------------------------------------------------------


def test_baseline_suppressions_report_refuse_fifos_and_devices(
    engagement: Path, tmp_path: Path,
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with hang_guard():
        for args in (("check", str(engagement), "--baseline", str(fifo)),
                     ("check", str(engagement), "--suppressions", str(fifo)),
                     ("report", str(fifo))):
            result = run(*args)
            assert result.exit_code == 2, result.output
            assert f"{fifo} is a FIFO (named pipe), not a regular file" in result.output
        result = run("check", str(engagement), "--baseline", "/dev/zero")
        assert result.exit_code == 2
        assert "/dev/zero is a character device, not a regular file" in result.output


def test_files_read_have_a_size_cap(engagement: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(userfiles, "MAX_BYTES", 100)
    big = engagement / "big.json"
    big.write_text('{"fingerprints": {}}' + " " * 200, encoding="utf-8")
    result = run("check", str(engagement), "--baseline", str(big))
    assert result.exit_code == 2 and f"baseline {big} is larger than 100 bytes" in result.output


# --- 18: where reports are written -----------------------------------------------------------


@pytest.fixture
def no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading a channel fails the test: paths must be refused before any channel is read."""
    def read(*_: Any, **__: Any) -> None:
        raise AssertionError("a channel was read before the paths were checked")
    monkeypatch.setattr(check_command, "run", read)


@pytest.mark.usefixtures("no_reading")
def test_output_to_a_link_or_fifo_is_refused_and_left_alone(engagement: Path) -> None:
    target = engagement / "real.json"
    target.write_text("keep", encoding="utf-8")
    link, fifo = engagement / "link.json", engagement / "pipe.json"
    link.symlink_to(target)
    os.mkfifo(fifo)
    for path, what in ((link, "a symbolic link"), (fifo, "a FIFO (named pipe)")):
        result = run("check", str(engagement), "--output", f"json={path}")
        assert result.exit_code == 2, result.output
        assert f"cannot write --output json report {path}: it is {what}" in result.output
    assert link.is_symlink() and stat.S_ISFIFO(fifo.lstat().st_mode)
    assert target.read_text(encoding="utf-8") == "keep"


def test_atomic_writer_never_replaces_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo, folder = tmp_path / "pipe", tmp_path / "folder"
    os.mkfifo(fifo)
    folder.mkdir()
    for path in (fifo, folder):
        with pytest.raises(atomic.NotRegularFileError):
            atomic.write_text(path, "x")
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and folder.is_dir()


@pytest.mark.usefixtures("no_reading")
def test_output_to_a_folder_or_under_a_file_is_refused_up_front(engagement: Path) -> None:
    result = run("check", str(engagement), "--output", f"html={engagement / 'pages'}")
    assert result.exit_code == 2 and "it is a folder" in result.output
    under = engagement / "cohesion.yaml" / "x.html"
    result = run("check", str(engagement), "--output", f"html={under}")
    assert result.exit_code == 2
    assert f"{engagement / 'cohesion.yaml'} is a file, not a folder" in result.output
    result = run("check", str(engagement), "--archive", str(under.parent / "archive"))
    assert result.exit_code == 2 and "is a file, not a folder" in result.output
    result = run("baseline", str(engagement), "-o", str(under))
    assert result.exit_code == 2 and "is a file, not a folder" in result.output


# --- 20: messages ----------------------------------------------------------------------------


def test_a_fifo_or_folder_as_a_document_says_what_it_is(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    with hang_guard():
        result = run("extract", str(fifo))
    assert result.exit_code == 3 and "is a FIFO (named pipe)" in result.output
    result = run("extract", str(tmp_path))
    assert result.exit_code == 3 and f"{tmp_path} is a folder" in result.output


def test_expiry_written_as_a_number_is_explained(engagement: Path) -> None:
    path = engagement / "s.yaml"
    path.write_text("suppressions:\n  - {rule: price, reason: agreed, owner: Ana, "
                    "expires: 20301231}\n", encoding="utf-8")
    result = run("check", str(engagement), "--suppressions", str(path))
    assert result.exit_code == 2
    assert "20301231 is not a date: write it as YYYY-MM-DD" in result.output


def test_extract_refuses_an_unknown_locale_and_scheme() -> None:
    result = run("extract", "--locale", "klingon", "-")
    assert result.exit_code == 2 and "pt-BR, pt-PT, en, es" in result.output
    result = run("extract", "ftp://x/y")
    assert result.exit_code == 2 and "the ftp:// scheme is not supported" in result.output


def test_report_on_text_says_it_is_not_a_cohesion_report(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")
    result = run("report", str(path))
    assert result.exit_code == 2
    assert f"{path} is not a cohesion JSON report (it is not JSON)" in result.output


def test_no_rulebook_suggests_init(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2 and "or start one with 'cohesion init" in result.output


# --- 21: validate and check agree ------------------------------------------------------------


def test_validate_and_check_agree_on_a_missing_file(engagement: Path) -> None:
    (engagement / "pages" / "A1.html").unlink()
    validated, checked = run("validate", str(engagement)), run("check", str(engagement), "-q")
    assert validated.exit_code == checked.exit_code == 3, validated.output
    assert "unreadable: file not found" in validated.output


def test_a_bad_csv_cell_gives_no_false_file_not_found(engagement: Path) -> None:
    (engagement / "cat.csv").write_text("sku;name;price\nB2;Bota;39x,90\n", encoding="utf-8")
    text = (engagement / "cohesion.yaml").read_text(encoding="utf-8")
    (engagement / "cohesion.yaml").write_text(text.replace(
        "catalog:\n  products:\n    - {sku: A1, name: Tênis Brisa, price: 399.90}\n",
        "catalog:\n  csv: cat.csv\n"), encoding="utf-8")
    result = run("validate", str(engagement))
    assert result.exit_code == 2 and "not an amount: '39x,90'" in result.output
    assert "file not found" not in result.output


# --- 22: mystery-shopper records -------------------------------------------------------------

_ANSWERS = {"who": "Ana", "when": "2024-03-05 14:30", "where": "", "channel": "telefone",
            "product": "A1", "quoted_price": "R$ 399,90", "quoted_installments": "",
            "quoted_deadline": "", "quoted_policy": "", "notes": "", "attachments": "",
            "save": "yes"}


def test_record_refuses_a_letter_o_and_an_unknown_sku(engagement: Path) -> None:
    path = engagement / "obs.yaml"
    assert run_record(str(path), answers=_ANSWERS | {"quoted_price": "R$ 399,9O"}) == 2
    assert run_record(str(path), answers=_ANSWERS | {"product": "A9"}) == 2
    assert not path.exists()
    assert run_record(str(path), answers=_ANSWERS) == 0 and path.exists()


def test_an_observed_letter_o_is_not_read_as_a_price() -> None:
    body = b"- channel: loja\n  product: A1\n  quoted_price: R$ 289,9O\n"
    with pytest.raises(ObservationsError) as info:
        parse_observations(body, "obs.yaml")
    assert "a letter O for a zero?" in info.value.problems[0].message


# --- 23: .ci/run and the package lock --------------------------------------------------------


def _fake(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!{shutil.which('bash')}\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def test_ci_run_waits_for_the_lock_and_runs_the_rest(tmp_path: Path) -> None:
    """A copy of .ci/run with apt-get, id and python3 faked: apt-get fails as when another
    process keeps the dpkg lock."""
    repo, fake, log = tmp_path / "repo", tmp_path / "bin", tmp_path / "log"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "run", repo / ".ci" / "run")
    (repo / ".venv" / "bin").mkdir(parents=True)
    fake.mkdir()
    (fake / "dirname").symlink_to(str(shutil.which("dirname")))
    _fake(fake, "id", "echo 0")
    _fake(fake, "apt-get", f'echo "apt-get $*" >> {log}; exit 100')
    _fake(fake, "python3", "exit 0")
    for tool in ("pip", "ruff", "mypy", "python"):
        _fake(repo / ".venv" / "bin", tool, f'echo "{tool} $* [$COHESION_NO_BROWSER]" >> {log}')
    done = subprocess.run([str(shutil.which("bash")), str(repo / ".ci" / "run")],
                          env={"PATH": str(fake)}, capture_output=True, text=True, timeout=30)
    calls = log.read_text(encoding="utf-8").splitlines()
    assert calls[0] == "apt-get -o DPkg::Lock::Timeout=300 -qq update"
    assert [c.split()[0] for c in calls[1:]] == ["pip", "ruff", "mypy", "python"]
    assert "could not install the Chromium browser" in calls[-1]
    assert done.returncode == 1
    assert "FAILED: could not install the Chromium browser" in done.stderr


def test_browser_test_skips_with_the_reason_ci_run_gave(monkeypatch: pytest.MonkeyPatch) -> None:
    import test_output_html

    monkeypatch.setattr(test_output_html, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("COHESION_NO_BROWSER", "could not install the Chromium browser")
    with pytest.raises(pytest.skip.Exception, match="could not install the Chromium browser"):
        test_output_html._require_browser()
