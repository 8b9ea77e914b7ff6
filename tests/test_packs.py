"""Rule packs: `include:` resolves shipped packs by name and engagement files by path, with
clear errors; the rulebook's own policies win; packs are in the wheel."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from cohesion_cli.channels.rulebook import load
from cohesion_cli.rulebook.packs import shipped_packs
from cohesion_cli.rulebook.problems import RulebookError

ROOT = Path(__file__).resolve().parent.parent
BASE = """brand: X
channels:
  - {id: a, kind: file, location: a.txt}
"""


def rulebook(write: Callable[[str, str], Path], extra: str) -> Path:
    write("a.txt", "nada")
    return write("cohesion.yaml", BASE + extra)


def test_shipped_packs_are_the_consumer_laws() -> None:
    assert {"br-cdc", "pt-dl24-2014"} <= set(shipped_packs())
    for name in ("br-cdc", "pt-dl24-2014"):
        text = (ROOT / "rules" / f"{name}.yaml").read_text(encoding="utf-8")
        assert "Source:" in text and "https://" in text  # every pack cites its law


def test_br_cdc_sets_the_seven_day_withdrawal(write: Callable[[str, str], Path]) -> None:
    loaded = load(str(rulebook(write, "include: [br-cdc]\n")))
    withdrawal = loaded.model.policies.withdrawal
    assert withdrawal is not None and (withdrawal.days, withdrawal.law) == (7, "CDC art. 49")
    assert [(p.name, p.shipped) for p in loaded.included] == [("br-cdc", True)]


def test_portugal_pack_and_the_rulebook_wins(write: Callable[[str, str], Path]) -> None:
    own = "include: [pt-dl24-2014]\npolicies:\n  withdrawal: {days: 30, law: house rule}\n"
    mine = load(str(rulebook(write, own))).model.policies.withdrawal
    assert mine is not None and mine.days == 30
    first = load(str(rulebook(write, "include: [pt-dl24-2014, br-cdc]\n"))).model.policies
    assert first.withdrawal is not None and first.withdrawal.days == 14  # the first pack wins


def test_pack_file_relative_to_the_rulebook_joins_lists(write: Callable[[str, str], Path]
                                                         ) -> None:
    write("packs/casa.yaml", "pack: casa\ndescription: house phrases\npolicies:\n"
                             "  required_phrases: [troca grátis]\n"
                             "  store_services: {pickup_in_store: true}\n")
    loaded = load(str(rulebook(write, "include: [packs/casa.yaml]\npolicies:\n"
                                      "  required_phrases: [frete grátis]\n")))
    assert loaded.model.policies.required_phrases == ["frete grátis", "troca grátis"]
    services = loaded.model.policies.store_services
    assert services is not None and services.pickup_in_store is True
    assert [(p.name, p.shipped) for p in loaded.included] == [("casa", False)]


@pytest.mark.parametrize(("include", "message", "hint"), [
    ("[br-cd]", "unknown rule pack 'br-cd'", "did you mean 'br-cdc'?"),
    ("[nope.yaml]", "rule pack file not found: nope.yaml", "relative to the rulebook"),
    ("[../outside.yaml]", "refused", "allow_paths"),
    ("[Br_CDC]", "neither a shipped rule pack nor a .yaml file", "br-cdc"),
])
def test_bad_includes_are_clear_errors(write: Callable[[str, str], Path], include: str,
                                       message: str, hint: str) -> None:
    with pytest.raises(RulebookError) as caught:
        load(str(rulebook(write, f"include: {include}\n")))
    [problem] = caught.value.problems
    assert message in problem.message and hint in problem.hint
    assert (problem.position.line, problem.position.col) == (4, 11)


def test_a_bad_pack_is_reported_in_the_pack(write: Callable[[str, str], Path]) -> None:
    write("p.yaml", "pack: p\npolicies:\n  withdrawal: {days: sete}\n")
    with pytest.raises(RulebookError) as caught:
        load(str(rulebook(write, "include: [p.yaml]\n")))
    [problem] = caught.value.problems
    assert problem.position.file.endswith("p.yaml") and problem.position.line == 3
    assert "withdrawal.days" in problem.message


def test_validate_shows_what_was_included(cli: Callable[..., Result],
                                          write: Callable[[str, str], Path]) -> None:
    result = cli("validate", str(rulebook(write, "include: [br-cdc]\n")))
    assert result.exit_code == 0
    assert "included rule pack br-cdc (shipped with cohesion): CDC art. 49" in result.output


def test_a_pack_drives_the_withdrawal_check(cli: Callable[..., Result],
                                            write: Callable[[str, str], Path]) -> None:
    """10 days is enough for the built-in 7 of a pt rulebook, not for Portugal's 14."""
    write("a.txt", "Você tem 10 dias para exercer o direito de livre resolução.")
    path = write("cohesion.yaml", "brand: X\nlocale: pt-PT\ncurrency: EUR\n"
                                  "include: [pt-dl24-2014]\nchannels:\n"
                                  "  - {id: a, kind: file, location: ., policy_pages: [a.txt]}\n")
    result = cli("check", str(path), "--format", "json", "--no-history")
    findings = json.loads(result.output)["findings"]
    assert [(f["subject"], f["expected"]) for f in findings if f["rule"] == "return_window"] == [
        ("policy:withdrawal", "at least 14 days (DL 24/2014, art. 10)")]


def test_packs_are_in_the_wheel() -> None:
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["force-include"]["rules"] == "cohesion_cli/rules"


def test_campaigns_are_validated(write: Callable[[str, str], Path]) -> None:
    bad = ("campaigns:\n  - {id: bf, start: 2026-11-30, end: 2026-11-20}\n"
           "  - {id: bf, start: 2026-11-20, end: 2026-11-30, channels: [lojaa]}\n")
    with pytest.raises(RulebookError) as caught:
        load(str(rulebook(write, bad)))
    assert "start is after end" in caught.value.problems[0].message
    fixed = bad.replace("start: 2026-11-30, end: 2026-11-20", "start: 2026-11-01, end: 2026-11-02")
    with pytest.raises(RulebookError) as caught:
        load(str(rulebook(write, fixed)))
    assert {p.message for p in caught.value.problems} == {
        "duplicate campaign id 'bf'", "unknown channel 'lojaa'"}
