"""The file-based channel kinds (whatsapp, feed, observations) through `cohesion check`."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

FIXTURES = Path(__file__).parent / "fixtures"


def run(cli: Callable[..., Result], rulebook: Path) -> tuple[int, dict[tuple[str, str], Any]]:
    result = cli("check", str(rulebook), "--format", "json")
    data = json.loads(result.output)
    return result.exit_code, {(f["rule"], f["subject"]): f for f in data["findings"]}


def test_whatsapp_export_facts_and_response_time(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    shutil.copy(FIXTURES / "whatsapp" / "android_pt_br_24h.txt", tmp_path / "conversa.txt")
    rulebook = write("cohesion.yaml", """\
brand: Aurora
catalog:
  products:
    - {sku: CAF-01, name: Aurora Espresso, price: 399.90, installments: {count: 10}}
policies:
  delivery: {min_days: 3, max_days: 5}
  returns: {days: 30}
  free_shipping: {threshold: 299}
  service_level: {first_response_minutes: 15}
channels:
  - id: zap
    kind: whatsapp
    location: conversa.txt
    brand_participants: [Loja Aurora]
""")
    code, found = run(cli, rulebook)
    assert code == 1
    assert set(found) == {("response_time", "policy:service_level")}, found
    slow = found[("response_time", "policy:service_level")]
    assert slow["observed"] == "slowest: never answered (asked 14/05/2025 10:07)"
    assert slow["reason"] == "3 of 3 question(s) answered late"
    assert slow["evidence"]["locator"] == "line 13"


def test_whatsapp_facts_come_only_from_the_brand(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    shutil.copy(FIXTURES / "whatsapp" / "android_pt_br_24h.txt", tmp_path / "conversa.txt")
    rulebook = write("cohesion.yaml", """\
brand: Aurora
catalog: {products: [{sku: CAF-01, name: Aurora Espresso, price: 429.90}]}
channels:
  - {id: zap, kind: whatsapp, location: conversa.txt, brand_participants: [Loja Aurora],
     facts: [price]}
""")
    code, found = run(cli, rulebook)
    price = found[("price", "CAF-01")]
    assert price["observed"] == "R$ 399.90", "the customer's R$ 429,90 is not the brand's word"
    assert price["evidence"]["locator"].startswith("line ")
    assert code == 1


def test_whatsapp_channel_needs_brand_participants(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    write("conversa.txt", "")
    rulebook = write("cohesion.yaml", "brand: A\nchannels:\n"
                                      "  - {id: zap, kind: whatsapp, location: conversa.txt}\n")
    result = cli("validate", str(rulebook))
    assert result.exit_code == 2
    assert "does not say who speaks for the brand" in result.output


def test_feed_items_matched_by_id_and_gtin(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    shutil.copy(FIXTURES / "feeds" / "gmc_ptbr.xml", tmp_path / "google.xml")
    rulebook = write("cohesion.yaml", """\
brand: Aurora
catalog:
  products:
    - {sku: AUR-1001, price: 146.90}
    - {sku: CAMISETA-G, gtin: "7896541000028", price: 249.90}
    - {sku: NOT-IN-FEED, price: 10}
policies:
  delivery: {min_days: 4, max_days: 8}
  free_shipping: {threshold: 299}
channels:
  - {id: google, kind: feed, location: google.xml}
""")
    code, found = run(cli, rulebook)
    assert code == 1
    assert set(found) == {("price", "CAMISETA-G"), ("price", "NOT-IN-FEED"),
                          ("deadline", "policy:delivery")}, found
    deadline = found[("deadline", "policy:delivery")]
    assert deadline["observed"] == "4-8 business days; 4-10 business days"
    wrong = found[("price", "CAMISETA-G")]
    assert (wrong["outcome"], wrong["observed"]) == ("divergent", "R$ 243.90")
    assert wrong["evidence"]["locator"].startswith("item 2")
    assert found[("price", "NOT-IN-FEED")]["outcome"] == "missing"


def test_unreadable_feed_is_unverifiable(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    shutil.copy(FIXTURES / "feeds" / "bomb.xml", tmp_path / "google.xml")
    rulebook = write("cohesion.yaml", "brand: A\ncatalog: {products: [{sku: A1, price: 1}]}\n"
                                      "channels:\n  - {id: g, kind: feed, location: google.xml}\n")
    code, found = run(cli, rulebook)
    assert code == 3
    [finding] = found.values()
    assert finding["reason"].startswith("unreadable feed:")


def test_observations_from_calls_and_visits(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    write("visitas.yaml", """\
- who: Ana Souza
  when: 2025-05-14 10:00
  where: (11) 4002-8922
  channel: telefone
  product: A1
  quoted_price: "429,90"
  quoted_installments: 10x sem juros
- who: Bruno Lima
  when: 14/05/2025 15h30
  where: Loja Paulista
  channel: loja física
  quoted_policy: a vendedora disse que a troca é em até 15 dias
  notes: entrega em até 5 dias úteis
""")
    rulebook = write("cohesion.yaml", """\
brand: Aurora
catalog: {products: [{sku: A1, price: 399.90, installments: {count: 10}}]}
policies:
  delivery: {max_days: 5}
  returns: {days: 30}
channels:
  - {id: cliente-oculto, kind: observations, location: visitas.yaml}
""")
    code, found = run(cli, rulebook)
    assert code == 1
    assert set(found) == {("price", "A1"), ("return_window", "policy:returns")}, found
    assert found[("price", "A1")]["observed"] == "R$ 429.90"
    clerk = found[("return_window", "policy:returns")]
    assert clerk["observed"] == "15 days"
    assert clerk["evidence"]["locator"].startswith("record 2, line 8 (Bruno Lima")
