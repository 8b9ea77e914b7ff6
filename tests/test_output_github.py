"""The ``github`` format: golden file, annotation caps, escaping, order, job summary.

The golden file ``tests/golden/report.github.txt`` is the rendering of
``report_fixture.fixed_report()`` with ``GITHUB_STEP_SUMMARY`` and ``GITHUB_WORKSPACE``
unset. After an intended change to the format, rewrite it with

    COHESION_UPDATE_GOLDEN=1 python -m pytest tests/test_output_github.py

and review the diff before committing.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from report_fixture import fixed_report

from cohesion_cli.domain import Evidence, Outcome, Position, Result, Severity
from cohesion_cli.output import github, markdown
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.triage.report import ChannelSummary, Report

GOLDEN = Path(__file__).parent / "golden" / "report.github.txt"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never write to the real job summary when the suite itself runs in GitHub Actions."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)


def _render(report: Report, options: RenderOptions | None = None) -> str:
    out = io.StringIO()
    github.render(report, out, options or RenderOptions())
    return out.getvalue()


def _report(results: list[Result]) -> Report:
    return Report(brand="B", rulebook="cohesion.yaml", generated_at="2026-01-01T00:00:00+00:00",
                  channels=[ChannelSummary("loja", "web", "Loja", "E-commerce", 1, 0)],
                  results=results, fail_on=Severity.LOW)


def _many(severity: Severity, count: int, prefix: str = "S") -> list[Result]:
    return [Result(rule="price",
                   channel="loja",
                   subject=f"{prefix}{i:02}",
                   outcome=Outcome.DIVERGENT,
                   expected="R$ 1.00",
                   observed="R$ 2.00",
                   severity=severity) for i in range(count)]


def _commands(text: str, level: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(f"::{level}")]


def test_golden_file() -> None:
    text = _render(fixed_report())
    if os.environ.get("COHESION_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(text.encode("utf-8"))
    expected = GOLDEN.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert text == expected, "report.github.txt differs; see the module docstring to update it"


def test_one_annotation_per_finding_then_verdict() -> None:
    report = fixed_report()
    lines = _render(report).splitlines()
    assert len([line for line in lines if line.startswith("::")]) == len(report.findings)
    assert lines[-1].startswith("✗ 7 findings") and lines[-1].endswith("exit 1")
    first = lines[0]
    assert first.startswith("::error file=examples/demo/cohesion.yaml,line=10,col=5,"
                            "title=price · marketplace · AUR-001 (Tênis Brisa)::")
    assert "expected R$399.90, observed R$429.90%0Aevidence: " in first


def test_levels_worst_first() -> None:
    results = _many(Severity.INFO, 2, "I") + _many(Severity.MEDIUM, 2, "M") \
        + _many(Severity.CRITICAL, 2, "C") + _many(Severity.LOW, 1, "L") \
        + _many(Severity.HIGH, 1, "H")
    lines = [line for line in _render(_report(results)).splitlines() if line.startswith("::")]
    levels = [line[2:].split(" ", 1)[0] for line in lines]
    assert levels == ["error"] * 3 + ["warning"] * 2 + ["notice"] * 3
    severities = [line.split("::")[2].split(" ·", 1)[0] for line in lines]
    assert severities == ["critical", "critical", "high", "medium", "medium", "low", "info",
                          "info"]


def test_caps_errors() -> None:
    text = _render(_report(_many(Severity.HIGH, 25)))
    assert len(_commands(text, "error")) == 10
    notices = _commands(text, "notice")
    assert len(notices) == 1
    assert notices[0].startswith("::notice title=cohesion::15 more finding(s) not annotated")


def test_caps_notices_keep_a_place_for_the_more_notice() -> None:
    text = _render(_report(_many(Severity.LOW, 15)))
    notices = _commands(text, "notice")
    assert len(notices) == 10
    assert "6 more finding(s)" in notices[-1]


def test_caps_every_level() -> None:
    results = _many(Severity.CRITICAL, 12, "C") + _many(Severity.MEDIUM, 12, "M") \
        + _many(Severity.INFO, 12, "I")
    text = _render(_report(results))
    assert len(_commands(text, "error")) == 10
    assert len(_commands(text, "warning")) == 10
    notices = _commands(text, "notice")
    assert len(notices) == 10
    assert "7 more finding(s)" in notices[-1]


def test_no_more_notice_at_exactly_ten() -> None:
    text = _render(_report(_many(Severity.LOW, 10)))
    assert len(_commands(text, "notice")) == 10
    assert "more finding" not in text


def test_escaping() -> None:
    finding = Result(rule="price", channel="a,b:c", subject="x%y\nz", outcome=Outcome.DIVERGENT,
                     expected="50%\r\noff", observed="ok\n::error::injected",
                     evidence=Evidence("line1\nline2", "l:1", "s,1"), reason="r%0A",
                     severity=Severity.CRITICAL, position=Position("rules/a,b:c.yaml", 3, 7))
    report = _report([finding])
    lines = _render(report).splitlines()
    assert not any(line.startswith("::error::injected") for line in lines)
    head, message = lines[0].split("::")[1], "::".join(lines[0].split("::")[2:])
    assert head == ("error file=rules/a%2Cb%3Ac.yaml,line=3,col=7,"
                    "title=price · a%2Cb%3Ac · x%25y%0Az")
    assert message.startswith("critical · divergent: expected 50%25\\x0d%0Aoff, "
                              "observed ok%0A::error::injected%0Ar%250A%0A")
    assert message.endswith("evidence: “line1 line2” (s,1, l:1)")
    assert github.escape_data("%\r\n") == "%25%0D%0A"
    assert github.escape_property("%\r\n:,") == "%25%0D%0A%3A%2C"


def test_paths_relative_to_workspace(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    inside = tmp_path / "brand" / "cohesion.yaml"
    assert github.relative(str(inside)) == "brand/cohesion.yaml"
    (tmp_path / "brand").mkdir()
    monkeypatch.chdir(tmp_path / "brand")  # a step with working-directory: brand
    assert github.relative("cohesion.yaml") == "brand/cohesion.yaml"
    assert github.relative("/elsewhere/cohesion.yaml") == "/elsewhere/cohesion.yaml"
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE")
    assert github.relative(str(inside)) == "brand/cohesion.yaml"
    assert github.relative("brand/cohesion.yaml") == "brand/cohesion.yaml"


def test_finding_without_position_points_at_the_rulebook() -> None:
    lines = _render(_report(_many(Severity.MEDIUM, 1))).splitlines()
    assert lines[0].startswith("::warning file=cohesion.yaml,title=price · loja · S00::")


def test_min_severity() -> None:
    text = _render(fixed_report(), RenderOptions(min_severity=Severity.HIGH))
    assert len(_commands(text, "error")) == 4
    assert not _commands(text, "warning") and not _commands(text, "notice")


def test_step_summary_appended(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "step_summary.md"
    target.write_text("# Earlier step output\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    report = fixed_report()
    _render(report)
    expected = markdown.summary(report, RenderOptions())
    assert target.read_text(encoding="utf-8") == "# Earlier step output\n\n" + expected
    _render(report)
    assert target.read_text(encoding="utf-8") == \
        "# Earlier step output\n\n" + expected + "\n" + expected
    assert not [p for p in tmp_path.iterdir() if p.name != target.name]


def test_step_summary_created_and_localised(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    target = tmp_path / "new.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    _render(fixed_report(), RenderOptions(lang="pt-BR"))
    assert target.read_text(encoding="utf-8").startswith("## cohesion · Aurora Calçados\n")
    assert "Veredito" in target.read_text(encoding="utf-8")


def test_step_summary_unwritable_is_a_warning(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path))  # a folder, not a file
    lines = _render(fixed_report()).splitlines()
    assert any(line.startswith("::warning title=cohesion::could not write the step summary")
               for line in lines)
    assert lines[-1].endswith("exit 1")


def test_empty_summary_variable_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", "")
    assert "step summary" not in _render(fixed_report())
