"""Every engagement under examples/ with an expected-findings.yaml is a test case:
the check must produce exactly the listed findings, and exit accordingly."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CASES = sorted(p.parent for p in EXAMPLES.glob("*/expected-findings.yaml"))

Key = tuple[str, str, str, str]


def items(folder: Path) -> list[dict[str, Any]]:
    found = yaml.safe_load((folder / "expected-findings.yaml").read_text(encoding="utf-8"))
    return list(found or [])


def expected(folder: Path) -> set[Key]:
    return {(i["rule"], i["channel"], str(i["subject"]), i["outcome"]) for i in items(folder)}


@pytest.mark.parametrize("folder", CASES, ids=[c.name for c in CASES])
def test_example_produces_exactly_the_expected_findings(
    cli: Callable[..., Result], folder: Path,
) -> None:
    result = cli("check", str(folder), "--format", "json", "--no-history")
    data = json.loads(result.output)
    produced = {(f["rule"], f["channel"], f["subject"], f["outcome"]) for f in data["findings"]}
    want = expected(folder)
    assert produced - want == set(), "findings nobody planted"
    assert want - produced == set(), "planted findings not found"
    for item in items(folder):
        (found,) = [f for f in data["findings"] if (f["rule"], f["channel"], f["subject"]) ==
                    (item["rule"], item["channel"], str(item["subject"]))]
        figures = item.get("figures", {})
        assert {k: found["figures"].get(k) for k in figures} == figures, item["rule"]
        attached = sorted(r["rule"] for r in data["results"]
                          if r["caused_by"] == found["fingerprint"])
        assert attached == sorted(item.get("consequences", [])), (item["rule"], attached)
    assert result.exit_code == (1 if want else 0)
    assert all(c["read"] for c in data["channels"])


@pytest.mark.parametrize("folder", CASES, ids=[c.name for c in CASES])
def test_example_rulebook_validates(cli: Callable[..., Result], folder: Path) -> None:
    result = cli("validate", str(folder))
    assert result.exit_code == 0, result.output


def test_there_is_a_noisy_and_a_clean_example() -> None:
    kinds = {bool(expected(folder)) for folder in CASES}
    assert kinds == {True, False}
