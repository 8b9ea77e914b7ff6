"""An engagement over time, as a consultant runs it on a copy of examples/aurora: check, fix
two marketplace findings and plant a new Instagram price, check again; the second run says
what changed (JSON and words), ``cohesion history`` lists both runs, ``cohesion diff``
shows the three changes."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from cohesion_cli.output.texts import Texts

pytestmark = pytest.mark.slow
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "aurora"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def fix_two_and_plant_one(engagement: Path) -> None:
    marketplace = engagement / "site" / "marketplace" / "p"
    # fixed: the marketplace sells the Bota Serra at the catalog price and plan
    replace(marketplace / "AUR-BT-003.html", "R$ 629,90", "R$ 599,90")
    replace(marketplace / "AUR-BT-003.html", "12x R$ 52,49", "12x R$ 49,99")
    # fixed: the marketplace's product pages promise 30 days to return, as the rulebook
    for page in marketplace.glob("*.html"):
        replace(page, "Você tem 15 dias a partir", "Você tem 30 dias a partir")
    # planted: a new Instagram post price for the Tênis Brisa
    replace(engagement / "instagram" / "tenis-brisa.txt",
            "por R$ 399,90 ou 10x de R$ 39,99", "por R$ 379,90 ou 10x de R$ 37,99")


def key(item: dict[str, Any]) -> tuple[str, str, str]:
    return item["rule"], item["channel"], item["subject"]


def test_second_run_says_what_changed(cli: Callable[..., Result], tmp_path: Path) -> None:
    engagement = tmp_path / "aurora"
    shutil.copytree(EXAMPLE, engagement)
    first = cli("check", str(engagement), "-q", "--format", "json")
    assert first.exit_code == 1
    before = json.loads(first.stdout)
    assert before["summary"]["changes"]["new"] == before["summary"]["findings"]

    fix_two_and_plant_one(engagement)
    table = tmp_path / "second.txt"
    second = cli("check", str(engagement), "-q", "--format", "json",
                 "--output", f"table={table}")
    after = json.loads(second.stdout)
    changes = after["summary"]["changes"]
    assert changes == {"new": 1, "open": before["summary"]["findings"] - 2, "changed": 0,
                       "resolved": 2}
    assert after["summary"]["since"] == before["generated_at"]
    [new] = [f for f in after["findings"] if f["status"] == "new"]
    assert key(new) == ("price", "instagram", "AUR-TN-001")
    assert new["first_seen"] == after["generated_at"][:10] and new["due"] > new["first_seen"]
    resolved = sorted(key(r) for r in after["resolved"])
    assert resolved == [("price", "marketplace", "AUR-BT-003"),
                        ("return_window", "marketplace", "policy:returns")]
    assert all(r["first_seen"] == before["generated_at"][:10] for r in after["resolved"])
    words = " ".join(table.read_text(encoding="utf-8").split())
    day = Texts("pt-BR", {}).day(before["generated_at"])  # the rulebook says locale: pt-BR
    assert f"Desde a última execução, em {day}: 2 resolvidos, 1 novo" in words
    assert "resolvido: Preço · marketplace · Bota Aurora Serra (AUR-BT-003)" in words

    listed = cli("history", str(engagement), "--format", "json")
    assert listed.exit_code == 0
    runs = json.loads(listed.stdout)["runs"]
    assert [(r["score"], r["new"], r["resolved"]) for r in runs] == [
        (after["summary"]["score"], 1, 2), (before["summary"]["score"], before["summary"][
            "findings"], 0)]
    assert runs[0]["scores"] == after["summary"]["scores"]
    shown = cli("history", str(engagement))
    assert shown.exit_code == 0
    for run in runs:
        assert f"#{run['id']}" in shown.stdout and str(run["score"]) in shown.stdout
    assert "marketplace" in shown.stdout and any(c in shown.stdout for c in "▁▂▃▄▅▆▇█")
    rows = list(csv.DictReader(io.StringIO(cli("history", str(engagement), "--format",
                                               "csv").stdout.lstrip("\ufeff"))))
    assert [int(r["score"]) for r in rows] == [r["score"] for r in runs]

    diff = cli("diff", str(engagement), "--format", "json")
    assert diff.exit_code == 0
    data = json.loads(diff.stdout)
    assert [key(f) for f in data["findings"]] == [("price", "instagram", "AUR-TN-001")]
    assert sorted(key(r) for r in data["resolved"]) == resolved
    assert data["summary"]["changes"] == changes
    words = " ".join(cli("diff", str(engagement)).stdout.split())
    assert "AUR-TN-001" in words and "2 resolved, 1 new" in words
    assert "resolved: Return window · marketplace · Store-wide policy: exchanges and " \
        "returns" in words  # the history keeps no language: English unless --lang
    markdown = cli("diff", str(engagement), "--format", "markdown").stdout
    assert "AUR\\-TN\\-001" in markdown or "AUR-TN-001" in markdown
    assert "2 resolved, 1 new" in markdown
    spreadsheet = cli("diff", str(engagement), "--format", "csv", "--from", str(runs[1]["id"]),
                      "--to", str(runs[0]["id"])).stdout
    [row] = csv.DictReader(io.StringIO(spreadsheet.lstrip("\ufeff")))
    assert (row["subject"], row["status"]) == ("AUR-TN-001", "new")
