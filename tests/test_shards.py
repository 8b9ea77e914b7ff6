"""CI sharding: ``check --shard K/N`` and ``cohesion merge`` give exactly a full run's findings."""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from cohesion_cli.channels import rulebook
from cohesion_cli.channels.kinds import over_http
from cohesion_cli.commands.merge import merged, planned_keys
from cohesion_cli.domain import Severity
from cohesion_cli.engine import RunOptions, run
from cohesion_cli.output import json as json_format
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.rulebook.plan import plan
from cohesion_cli.rulebook.shard import Shard, document_key, of, rulebook_digest
from cohesion_cli.triage.report import Report

AURORA = Path(__file__).parent.parent / "examples" / "aurora"
SERVED = re.compile(r"http://127\.0\.0\.1:\d+")


def _comparable(data: dict[str, Any]) -> tuple[Any, ...]:
    """What must be equal between a full run and a merge: every result (the address of the
    run's own local server, which changes with each run, written as HOST), each channel's
    document counts, the summary's counts and the exit code."""
    summary = {k: v for k, v in data["summary"].items() if k != "hidden_below_min_severity"}
    return (json.loads(SERVED.sub("HOST", json.dumps(data["results"]))),
            [(c["id"], c["documents"], c["unreadable"], c["score"]) for c in data["channels"]],
            summary)


def _json(report: Report) -> dict[str, Any]:
    out = io.StringIO()
    json_format.render(report, out, RenderOptions())
    parsed: dict[str, Any] = json.loads(out.getvalue())
    return parsed


def test_every_document_is_in_exactly_one_shard_whatever_the_machine(tmp_path: Path) -> None:
    loaded = rulebook.load(str(AURORA))
    copy = tmp_path / "elsewhere"
    shutil.copytree(AURORA, copy)
    moved = rulebook.load(str(copy))
    for channel, other in zip(loaded.model.channels, moved.model.channels, strict=True):
        here = plan(channel, loaded.products, loaded.base_dir, "http://127.0.0.1:1111",
                    over_http=over_http(channel.kind))
        there = plan(other, moved.products, moved.base_dir, "http://127.0.0.1:2222/",
                     over_http=over_http(channel.kind))
        assert [document_key(s, "http://127.0.0.1:1111", loaded.base_dir) for s in here] == \
            [document_key(s, "http://127.0.0.1:2222/", moved.base_dir) for s in there]
    assert rulebook_digest(loaded) == rulebook_digest(moved)
    keys = planned_keys(loaded)
    assert len(set(keys)) == len(keys) > 20
    for count in (1, 2, 3, 7):
        owners = [[k for k in range(1, count + 1) if Shard(k, count).holds(key)] for key in keys]
        assert all(len(o) == 1 for o in owners)
        assert owners == [[of(key, count)] for key in keys]
    assert len({of(key, 3) for key in keys}) == 3  # the split is not degenerate


def test_aurora_shards_merged_equal_the_full_run(
        cli: Callable[..., Result], tmp_path: Path) -> None:
    full = cli("check", str(AURORA), "--format", "json", "--no-history", "--no-cache", "-q")
    assert full.exit_code == 1
    paths = []
    for k in (3, 1, 2):
        shard = cli("check", str(AURORA), "--shard", f"{k}/3", "--no-cache", "-q",
                    "--output", f"json={tmp_path / f's{k}.json'}", "--format", "json")
        assert shard.exit_code == 0, shard.output
        data = json.loads(shard.output)
        assert data["findings"] == [] and data["shard"]["index"] == k
        assert data["shard"]["documents"]
        paths.append(str(tmp_path / f"s{k}.json"))
    together = cli("merge", *paths, "--format", "json", "--no-history")
    assert together.exit_code == full.exit_code
    assert _comparable(json.loads(together.output)) == _comparable(json.loads(full.output))
    sarif = cli("merge", *paths, "--format", "sarif", "--no-history",
                "--output", f"html={tmp_path / 'report.html'}")
    assert sarif.exit_code == 1
    assert json.loads(sarif.output)["runs"][0]["results"]
    assert "Aurora" in (tmp_path / "report.html").read_text(encoding="utf-8")
    never = cli("merge", *paths, "--format", "json", "--no-history", "--fail-on", "never")
    unverifiable = any(r["outcome"] == "unverifiable" for r in json.loads(full.output)["results"])
    assert never.exit_code == (3 if unverifiable else 0)


CATALOG_SIZE = 1000


def _catalog(root: Path, url: str) -> Path:
    """A generated shop served at ``url``: every product on the shop and on a marketplace,
    ~3 % marketplace prices off, a slower delivery on some marketplace pages, products
    without a catalog price (compared channel with channel), pages that are gone, and the
    shop's returns policy on a page of its own."""
    rows = ["sku;name;price"]
    for n in range(CATALOG_SIZE):
        sku, price = f"SKU-{n:04d}", Decimal(100 + n % 250) + Decimal("0.90")
        rows.append(f"{sku};Produto {n};{'' if n % 97 == 5 else price}")
        for channel, shown, days in (
                ("loja", price, 5),
                ("mkt", price + 10 if n % 33 == 7 else price, 9 if n % 250 == 3 else 5)):
            if channel == "mkt" and n % 211 == 17:
                continue  # gone: 404
            ld = json.dumps({"@type": "Product", "sku": sku, "name": f"Produto {n}",
                             "offers": {"@type": "Offer", "price": f"{shown}",
                                        "priceCurrency": "BRL"}})
            page = (f'<html><head><script type="application/ld+json">{ld}</script></head>'
                    f'<body><h1>Produto {n}</h1><p class="preco">R$ {shown}</p>'
                    f'<p>Entrega em até {days} dias úteis.</p></body></html>')
            (root / channel / f"{sku}.html").parent.mkdir(exist_ok=True)
            (root / channel / f"{sku}.html").write_text(page.replace(".90<", ",90<"),
                                                        encoding="utf-8")
    (root / "loja" / "trocas.html").write_text(
        "<html><body><p>Você tem até 30 dias para trocar.</p></body></html>", encoding="utf-8")
    folder = root.parent / "rulebook"
    folder.mkdir()
    (folder / "catalogo.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "cohesion.yaml").write_text(f"""\
version: 1
brand: Gerada
locale: pt-BR
currency: BRL
catalog: {{csv: catalogo.csv}}
policies:
  delivery: {{max_days: 5, business_days: true}}
  returns: {{days: 30}}
channels:
  - {{id: loja, kind: web, location: "{url}/loja/", product_page: "{{sku}}.html",
     policy_pages: [trocas.html]}}
  - {{id: mkt, kind: web, location: "{url}/mkt/", product_page: "{{sku}}.html"}}
""", encoding="utf-8")
    return folder


@pytest.mark.slow
def test_a_1000_product_catalog_shards_merged_equal_the_full_run(
        http_root: tuple[Path, str]) -> None:
    root, url = http_root
    loaded = rulebook.load(str(_catalog(root, url)))
    options = RunOptions(respect_robots=False)
    full = _json(run(loaded, options))
    outcomes = {(r["rule"], r["outcome"]) for r in full["results"]}
    assert {("price", "divergent"), ("deadline", "divergent"), ("read", "unverifiable"),
            ("return_window", "ok")} <= outcomes
    assert full["channels"][0]["documents"] == CATALOG_SIZE + 1
    shards = [(f"s{k}.json", _json(run(loaded, replace(options, shard=Shard(k, 3)))))
              for k in (2, 3, 1)]
    assert sum(len(d["shard"]["documents"]) for _, d in shards) == 2 * CATALOG_SIZE + 1
    assert all(d["results"] == [] for _, d in shards)
    together = _json(merged(loaded, shards, Severity.LOW))
    assert together["results"] == full["results"]
    assert _comparable(together) == _comparable(full)


def _small(folder: Path, price: str = "199,90") -> Path:
    """A rulebook whose channel is four saved texts: shards made without any network."""
    folder.mkdir(parents=True, exist_ok=True)
    products = "\n".join(f"    - {{sku: P{n}, name: Produto {n}, price: '{price}'}}"
                         for n in range(4))
    (folder / "cohesion.yaml").write_text(f"""\
version: 1
brand: Pequena
locale: pt-BR
currency: BRL
catalog:
  products:
{products}
channels:
  - {{id: zap, kind: file, location: zap/, product_page: "{{sku}}.txt"}}
""", encoding="utf-8")
    (folder / "zap").mkdir(exist_ok=True)
    for n in range(4):
        (folder / "zap" / f"P{n}.txt").write_text(f"O Produto {n} sai por R$ 199,90.\n",
                                                   encoding="utf-8")
    return folder


def _shards(cli: Callable[..., Result], folder: Path, out: Path, count: int = 2) -> list[str]:
    paths = []
    for k in range(1, count + 1):
        path = out / f"{folder.name}-{k}.json"
        done = cli("check", str(folder), "--shard", f"{k}/{count}", "--no-cache", "-q",
                   "--output", f"json={path}", "--format", "table")
        assert done.exit_code == 0, done.output
        paths.append(str(path))
    return paths


@pytest.mark.parametrize(("value", "says"), [
    ("2", "takes K/N"), ("0/3", "must be 1 to 3"), ("4/3", "must be 1 to 3"),
    ("1/0", "number of shards"), ("a/b", "takes K/N")])
def test_a_bad_shard_is_a_usage_error(cli: Callable[..., Result], tmp_path: Path, value: str,
                                      says: str) -> None:
    done = cli("check", str(_small(tmp_path / "r")), "--shard", value, "--format", "json")
    assert done.exit_code == 2 and says in done.output


def test_a_shard_needs_a_json_result_and_leaves_findings_options_to_merge(
        cli: Callable[..., Result], tmp_path: Path) -> None:
    folder = _small(tmp_path / "r")
    table = cli("check", str(folder), "--shard", "1/2", "--format", "table")
    assert table.exit_code == 2 and "--format json or --output json=PATH" in table.output
    baseline = cli("check", str(folder), "--shard", "1/2", "--format", "json",
                   "--baseline", str(tmp_path / "b.json"))
    assert baseline.exit_code == 2 and "give it to 'cohesion merge'" in baseline.output
    assert not (folder / ".cohesion").exists()  # a shard records no history


def test_merge_refuses_results_that_are_not_every_shard_of_one_rulebook(
        cli: Callable[..., Result], tmp_path: Path) -> None:
    first = _small(tmp_path / "a")
    other = _small(tmp_path / "b", price="209,90")
    ours, theirs = _shards(cli, first, tmp_path), _shards(cli, other, tmp_path)
    assert cli("merge", *ours, "--format", "json", "--no-history").exit_code == 0
    assert cli("merge", *theirs, "--format", "json", "--no-history").exit_code == 1  # 209,90
    missing = cli("merge", ours[0], "--format", "json")
    assert missing.exit_code == 2 and "missing shard result(s): 2/2" in missing.output
    twice = cli("merge", ours[0], ours[0], ours[1], "--format", "json")
    assert twice.exit_code == 2 and "given twice" in twice.output
    mixed = cli("merge", ours[0], theirs[1], "--format", "json")
    assert mixed.exit_code == 2 and "different rulebooks" in mixed.output
    (tmp_path / "three").mkdir()
    split = _shards(cli, first, tmp_path / "three", count=3)
    other_split = cli("merge", ours[0], split[1])
    assert other_split.exit_code == 2 and "different splits" in other_split.output
    full = tmp_path / "full.json"
    cli("check", str(first), "--format", "json", "--no-history", "--output", f"json={full}")
    assert "not the result of a shard" in cli("merge", str(full)).output
    one = cli("report", ours[0])
    assert one.exit_code == 2 and "combine every shard's result with 'cohesion merge'" in one.output
    (tmp_path / "text.json").write_text("no", encoding="utf-8")
    assert "not JSON" in cli("merge", str(tmp_path / "text.json")).output
    changed = cli("merge", *ours, "--rulebook", str(other))
    assert changed.exit_code == 2 and "not the one the shards checked" in changed.output
    data = json.loads(Path(ours[1]).read_text(encoding="utf-8"))
    data["shard"]["documents"][0]["snapshot"]["role"] = "nonsense"
    Path(ours[1]).write_text(json.dumps(data), encoding="utf-8")
    damaged = cli("merge", *ours)
    assert damaged.exit_code == 2 and "damaged document" in damaged.output
