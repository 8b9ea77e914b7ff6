"""Baselines, suppressions, `cohesion report` and --output, through the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

PAGE = "<html><body><h1>{name}</h1><p class='price'>R$ {price}</p></body></html>"
RULEBOOK = """\
brand: Ruidosa
catalog:
  products:
    - {sku: A1, name: Tênis, price: 100.00}
    - {sku: B2, name: Bota, price: 200.00}
    - {sku: C3, name: Chinelo, price: 30.00}
channels:
  - {id: loja, kind: file, location: loja, product_page: "{sku}.html", owner: E-commerce}
  - {id: app, kind: file, location: app, product_page: "{sku}.html"}
"""


def noisy(write: Callable[[str, str], Path], prices: dict[str, str]) -> Path:
    names = {"A1": "Tênis", "B2": "Bota", "C3": "Chinelo"}
    for sku, name in names.items():
        write(f"loja/{sku}.html", PAGE.format(name=name, price=prices.get(sku, "0,01")))
        write(f"app/{sku}.html", PAGE.format(name=name, price={"A1": "100,00", "B2": "200,00",
                                                                "C3": "30,00"}[sku]))
    return write("cohesion.yaml", RULEBOOK)


def as_json(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.output)
    return data


def test_baseline_then_only_new_findings_fail(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    rulebook = noisy(write, {"A1": "110,00", "B2": "210,00", "C3": "30,00"})
    assert cli("check", str(rulebook)).exit_code == 1
    baseline = tmp_path / "baseline.json"
    made = cli("baseline", str(rulebook), "-o", str(baseline))
    assert made.exit_code == 0 and "2 finding(s) written" in made.output
    quiet = cli("check", str(rulebook), "--baseline", str(baseline), "--format", "json")
    assert quiet.exit_code == 0
    assert as_json(quiet)["summary"]["baselined"] == 2 and as_json(quiet)["findings"] == []
    noisy(write, {"A1": "110,00", "B2": "210,00", "C3": "35,00"})
    new = cli("check", str(rulebook), "--baseline", str(baseline), "--format", "json")
    assert new.exit_code == 1
    assert [(f["channel"], f["subject"]) for f in as_json(new)["findings"]] == [("loja", "C3")]
    table = cli("check", str(rulebook), "--baseline", str(baseline))
    assert "2 na linha de base" in table.output.splitlines()[-1]


def test_unreadable_baseline_is_a_usage_error(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    rulebook = noisy(write, {})
    bad = write("baseline.json", "[1, 2]")
    result = cli("check", str(rulebook), "--baseline", str(bad))
    assert result.exit_code == 2 and "is not a cohesion baseline" in result.output


def suppressions(write: Callable[[str, str], Path], expires: str) -> Path:
    return write("suppressions.yaml", f"""\
suppressions:
  - rule: price
    subject: A1
    channel: loja
    reason: the shop's promotion ends this week
    owner: Ana
    expires: {expires}
  - channel: app
    subject: Z9
    reason: old product
    owner: Bia
""")


def test_suppression_silences_with_reason_and_reports_unused(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    rulebook = noisy(write, {"A1": "110,00", "B2": "200,00", "C3": "30,00"})
    path = suppressions(write, "2999-12-31")
    result = cli("check", str(rulebook), "--suppressions", str(path), "--format", "json")
    data = as_json(result)
    assert result.exit_code == 0
    assert data["findings"] == []
    [entry] = data["suppressed"]
    assert entry["finding"]["subject"] == "A1"
    assert entry["reason"] == "the shop's promotion ends this week (owner: Ana)"
    [note] = data["summary"]["suppression_notes"]
    assert "suppressions.yaml:8" in note and "matched no finding" in note


@pytest.mark.parametrize(("a1", "code"), [("110,00", 1), ("100,00", 0)])
def test_expired_suppression_is_not_applied_and_never_fails_the_run_by_itself(
    cli: Callable[..., Result], write: Callable[[str, str], Path], a1: str, code: int,
) -> None:
    """Exit 1 means a divergence: an expired entry stops hiding its finding (which then
    fails the run on its own) and is noted, but a stale entry alone does not fail."""
    rulebook = noisy(write, {"A1": a1, "B2": "200,00", "C3": "30,00"})
    path = suppressions(write, "2020-01-31")
    result = cli("check", str(rulebook), "--suppressions", str(path), "--format", "json")
    assert result.exit_code == code
    data = as_json(result)
    assert [f["subject"] for f in data["findings"]] == (["A1"] if code else [])
    assert data["suppressed"] == [] and data["summary"]["expired_suppressions"] == 1
    assert any("expired on 2020-01-31" in n for n in data["summary"]["suppression_notes"])


def test_suppression_needs_reason_and_owner(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    rulebook = noisy(write, {})
    path = write("suppressions.yaml", "suppressions:\n  - rule: price\n    owner: Ana\n")
    result = cli("check", str(rulebook), "--suppressions", str(path))
    assert result.exit_code == 2
    assert "suppressions.yaml:2:5: error: missing required key 'reason'" in result.output


def test_report_rerenders_a_saved_result(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    rulebook = noisy(write, {"A1": "110,00", "B2": "200,00", "C3": "30,00"})
    saved = cli("check", str(rulebook), "--format", "json")
    result_file = write("result.json", saved.output)
    again = cli("report", str(result_file), "--format", "json")
    assert again.exit_code == saved.exit_code == 1
    first, second = as_json(saved), as_json(again)
    assert first["findings"] == second["findings"] and first["summary"] == second["summary"]
    table = cli("report", str(result_file), "--format", "table")
    assert "R$ 110,00" in table.output
    broken = cli("report", str(write("x.json", '{"findings": []}')))
    assert broken.exit_code == 2 and "not a cohesion JSON result" in broken.output


def test_outputs_are_written_in_one_run_with_the_same_exit_code(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    rulebook = noisy(write, {"A1": "110,00", "B2": "200,00", "C3": "30,00"})
    plain = cli("check", str(rulebook))
    target = tmp_path / "out"
    with_files = cli("check", str(rulebook), "--output", f"json={target / 'r.json'}",
                     "--output", f"table={target / 'r.txt'}")
    assert with_files.exit_code == plain.exit_code == 1
    assert json.loads((target / "r.json").read_text())["summary"]["exit_code"] == 1
    assert "R$ 110,00" in (target / "r.txt").read_text()
    bad = cli("check", str(rulebook), "--output", "pdf=x.pdf")
    assert bad.exit_code == 2 and "unknown format 'pdf'" in bad.output


def test_github_actions_gets_annotations_by_default(
    cli: Callable[..., Result], write: Callable[[str, str], Path], monkeypatch: Any,
) -> None:
    rulebook = noisy(write, {"A1": "110,00", "B2": "200,00", "C3": "30,00"})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    result = cli("check", str(rulebook))
    assert result.exit_code == 1
    assert result.output.startswith("::error ")
