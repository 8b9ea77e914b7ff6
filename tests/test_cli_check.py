"""`cohesion check` end to end through the CLI: exit codes, JSON keys, web channels
against servers these tests start on 127.0.0.1."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

PAGE = """<html><body><h1>Tênis Brisa</h1>
<div class="price">R$ 399,90</div><p>ou 10x de R$ 39,99 sem juros</p>
<p>Entrega em até 5 dias úteis.</p>
<section class="related"><p>Bota R$ 599,90</p></section></body></html>"""


def rulebook(location: str, kind: str = "web", extra: str = "") -> str:
    return f"""\
brand: Aurora
catalog:
  products:
    - {{sku: A1, name: Tênis Brisa, price: 399.90, installments: {{count: 10}}}}
policies:
  delivery: {{max_days: 5}}
channels:
  - id: loja
    kind: {kind}
    location: "{location}"
    product_page: "{{sku}}.html"
{extra}"""


def as_json(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.output)
    return data


def test_consistent_web_channel_exits_0(
    cli: Callable[..., Result], write: Callable[[str, str], Path], http_root: tuple[Path, str],
) -> None:
    root, url = http_root
    (root / "A1.html").write_text(PAGE, encoding="utf-8")
    path = write("cohesion.yaml", rulebook(url + "/"))
    result = cli("check", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    data = as_json(result)
    assert data["findings"] == []
    assert data["channels"][0] | {"read": True, "kind": "web", "id": "loja"} == data["channels"][0]
    assert data["summary"]["exit_code"] == 0
    assert data["summary"]["scores"]["loja"] == 100


def test_divergence_exits_1_with_contract_keys(
    cli: Callable[..., Result], write: Callable[[str, str], Path], http_root: tuple[Path, str],
) -> None:
    root, url = http_root
    (root / "A1.html").write_text(PAGE.replace("399,90", "429,90"), encoding="utf-8")
    result = cli("check", str(write("cohesion.yaml", rulebook(url + "/"))), "--format", "json")
    assert result.exit_code == 1
    data = as_json(result)
    rules = {(f["rule"], f["outcome"]) for f in data["findings"]}
    assert ("price", "divergent") in rules
    finding = next(f for f in data["findings"] if f["rule"] == "price")
    for key in ("fingerprint", "outcome", "severity", "channel", "subject", "fact", "expected",
                "observed", "evidence"):
        assert key in finding
    assert finding["observed"] == "R$ 429.90" and finding["subject"] == "A1"
    assert finding["evidence"]["source"].endswith("/A1.html")
    assert data["summary"]["by_outcome"]["divergent"] >= 1
    assert data["summary"]["exit_code"] == 1


def test_server_down_is_unverifiable_exit_3(
    cli: Callable[..., Result], write: Callable[[str, str], Path], closed_port: int,
) -> None:
    path = write("cohesion.yaml", rulebook(f"http://127.0.0.1:{closed_port}/"))
    result = cli("check", str(path), "--format", "json")
    assert result.exit_code == 3
    data = as_json(result)
    assert data["channels"][0]["read"] is False
    [finding] = data["findings"]
    assert finding["outcome"] == "unverifiable"
    assert "connection refused" in finding["reason"]


def test_http_error_status_is_unverifiable(
    cli: Callable[..., Result], write: Callable[[str, str], Path], http_root: tuple[Path, str],
) -> None:
    _, url = http_root
    result = cli("check", str(write("cohesion.yaml", rulebook(url + "/"))), "--format", "json")
    assert result.exit_code == 3
    assert "HTTP 404" in as_json(result)["findings"][0]["reason"]


def test_one_channel_down_does_not_hide_the_others(
    cli: Callable[..., Result], write: Callable[[str, str], Path], closed_port: int,
) -> None:
    write("pages/A1.html", PAGE.replace("399,90", "429,90"))
    extra = (f"  - id: down\n    kind: web\n    location: http://127.0.0.1:{closed_port}/\n"
             '    product_page: "{sku}.html"\n')
    result = cli("check", str(write("cohesion.yaml", rulebook("pages", "file", extra))),
                 "--format", "json")
    assert result.exit_code == 1, "a divergence outranks an unreadable channel"
    outcomes = {(f["channel"], f["outcome"]) for f in as_json(result)["findings"]}
    assert ("loja", "divergent") in outcomes and ("down", "unverifiable") in outcomes


def test_fail_on_and_min_severity_are_independent(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    write("pages/A1.html", PAGE.replace("5 dias úteis", "7 dias úteis"))
    path = str(write("cohesion.yaml", rulebook("pages", "file")))
    assert cli("check", path).exit_code == 1
    assert cli("check", path, "--fail-on", "critical").exit_code == 0
    assert cli("check", path, "--fail-on", "never").exit_code == 0
    hidden = cli("check", path, "--min-severity", "critical", "--no-color")
    assert hidden.exit_code == 1
    assert "Prazo de entrega" not in hidden.output.split("fora da lista")[0]
    assert "1 achado abaixo de --min-severity critical fora da lista" in hidden.output


def test_table_output_is_plain_without_terminal(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    write("pages/A1.html", PAGE.replace("399,90", "429,90"))
    result = cli("check", str(write("cohesion.yaml", rulebook("pages", "file"))))
    assert "\x1b[" not in result.output
    assert "R$ 429,90" in result.output and "Crítica" in result.output
    assert "índice de coesão" in result.output.splitlines()[-1]


def test_invalid_rulebook_exits_2_without_traceback(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    path = write("cohesion.yaml", "brand: [unclosed\n")
    for command in ("check", "validate"):
        result = cli(command, str(path))
        assert result.exit_code == 2
        assert "cohesion.yaml:2:1: error: YAML syntax error" in result.output
        assert "Traceback" not in result.output


def test_usage_error_exits_2(cli: Callable[..., Result]) -> None:
    assert cli("check", "--fail-on", "sometimes").exit_code == 2


def test_validate_reports_each_problem_with_line_and_column(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    bad = rulebook("pages", "file").replace("brand: Aurora", "brand: Aurora\ncolour: blue")
    bad = bad.replace("delivery: {max_days: 5}", "delivery: {max_days: cinco}")
    result = cli("validate", str(write("cohesion.yaml", bad)))
    assert result.exit_code == 2
    assert "cohesion.yaml:2:1: error: unknown key 'colour'" in result.output
    assert "cohesion.yaml:7:24: error: policies.delivery.max_days" in result.output
    assert "✗ 2 problem(s)" in result.output


def test_validate_ok(cli: Callable[..., Result], write: Callable[[str, str], Path]) -> None:
    write("pages/A1.html", PAGE)
    result = cli("validate", str(write("cohesion.yaml", rulebook("pages", "file"))))
    assert result.exit_code == 0
    assert "valid — 1 product(s), 1 channel(s)" in result.output


def test_rules_lists_every_check(cli: Callable[..., Result]) -> None:
    from cohesion_cli.checks import RULES

    output = cli("rules").output
    for rule in RULES:
        assert f"{rule} (default severity:" in output
    assert "    reads: installment, price\n" in output


def test_ambiguous_page_is_an_explicit_finding(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    write("pages/A1.html", "<html><body><h1>Tênis Brisa</h1><p>R$ 399,90</p>"
                           "<p>Tênis Brisa Pro R$ 449,90</p></body></html>")
    result = cli("check", str(write("cohesion.yaml", rulebook("pages", "file"))),
                 "--format", "json")
    [finding] = [f for f in as_json(result)["findings"] if f["rule"] == "price"]
    assert finding["outcome"] == "unverifiable"
    shown = re.fullmatch(r"ambiguous main price: candidates R\$ 399\.90 \((0\.\d\d)\), "
                         r"R\$ 449\.90 \((0\.\d\d)\)", finding["reason"])
    assert shown is not None, finding["reason"]
    assert all(float(c) < 0.7 for c in shown.groups()), "each candidate is below the threshold"
    assert result.exit_code == 1, "the missing installments and deadline still fail the run"


def test_broken_locator_is_reported_as_such(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    write("pages/A1.html", PAGE)
    extra = "    locators:\n      price: {css: '.preco-atual'}\n"
    result = cli("check", str(write("cohesion.yaml", rulebook("pages", "file") + extra)),
                 "--format", "json")
    [finding] = as_json(result)["findings"]
    assert (finding["rule"], finding["outcome"]) == ("price", "unverifiable")
    assert finding["reason"].startswith("broken locator: css .preco-atual matched nothing")
    assert result.exit_code == 3
