"""Channel kinds: the registry agrees with the rulebook's ``ChannelKind``, each kind's
validation hook, an unknown kind in a run, and the file-based kinds (whatsapp, feed,
observations) through `cohesion check`."""

from __future__ import annotations

import ast
import json
import re
import shutil
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from cohesion_cli.channels.extraction import ExtractContext
from cohesion_cli.channels.kinds import KINDS, UnknownKind, lookup, over_http, web, whatsapp
from cohesion_cli.channels.kinds.base import Kind
from cohesion_cli.domain import Snapshot
from cohesion_cli.rulebook.models import Channel, ChannelKind
from cohesion_cli.rulebook.plan import DocumentSpec, is_url_location
from cohesion_cli.rulebook.yamlpos import load_yaml
from cohesion_cli.workers import read_and_extract

FIXTURES = Path(__file__).parent / "fixtures"
PACKAGE = Path(__file__).resolve().parents[1] / "cohesion_cli"


def parity(declared: set[str], registered: set[str]) -> list[str]:
    """What to add so the rulebook's kinds and the registry's agree."""
    return [f"kind '{name}' is in rulebook.models.ChannelKind but has no descriptor: add "
            f"channels/kinds/{name}.py exporting KIND = Kind('{name}', ...) and the line "
            f"'{name}.KIND,' to KINDS in channels/kinds/__init__.py"
            for name in sorted(declared - registered)] + \
           [f"kind '{name}' is in channels.kinds.KINDS but the rulebook does not accept it: "
            f"add '{name}' to ChannelKind in rulebook/models.py"
            for name in sorted(registered - declared)]


def test_the_rulebook_kinds_are_the_registered_kinds() -> None:
    problems = parity(set(typing.get_args(ChannelKind)), set(KINDS))
    assert not problems, "\n".join(problems)


def test_a_kind_in_the_rulebook_without_a_descriptor_says_what_to_add() -> None:
    [problem] = parity({*typing.get_args(ChannelKind), "telepathy"}, set(KINDS))
    assert "channels/kinds/telepathy.py exporting KIND = Kind('telepathy', ...)" in problem
    assert "'telepathy.KIND,' to KINDS" in problem


def test_every_kind_is_a_descriptor_under_its_own_name_with_a_validation_hook() -> None:
    for name, kind in KINDS.items():
        assert isinstance(kind, Kind) and kind.name == name
        assert callable(kind.read) and callable(kind.extract) and callable(kind.validate), name
    assert {name for name, kind in KINDS.items() if kind.over_http} == {"web", "api"}


def test_the_rulebook_layer_imports_no_channel_code() -> None:
    for module in sorted((PACKAGE / "rulebook").glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.startswith("cohesion_cli.channels") for n in names), module.name


def _channel(text: str) -> tuple[Channel, Any]:
    located = load_yaml(text, "cohesion.yaml")
    return Channel.model_validate(located.data), located


def test_whatsapp_hook_asks_for_brand_participants() -> None:
    channel, located = _channel("id: zap\nkind: whatsapp\nlocation: conversa.txt\n")
    [problem] = whatsapp.KIND.validate(channel, (), located)
    assert problem.render() == (
        "cohesion.yaml:1:1: error: channel 'zap' does not say who speaks for the brand\n"
        '    hint: add brand_participants: ["Name in the export"]')
    channel, located = _channel("{id: zap, kind: whatsapp, brand_participants: [Loja]}")
    assert whatsapp.KIND.validate(channel, (), located) == []


def test_http_kinds_hook_wants_a_url_location() -> None:
    channel, located = _channel("id: app\nkind: api\nlocation: saved/answers\n")
    [problem] = KINDS["api"].validate(channel, (), located)
    assert problem.render() == (
        "cohesion.yaml:3:11: error: a api channel's location must be an http(s) URL\n"
        "    hint: for saved documents on disk use kind: file")
    for location in ("https://loja.example/", "{serve_url}/loja"):
        channel, located = _channel(f"{{id: loja, kind: web, location: '{location}'}}")
        assert web.KIND.validate(channel, (), located) == []


@given(st.text(alphabet="htps:/{}serv_l.x", max_size=24)
       | st.sampled_from(["http://a", "https://a", "{serve_url}", "x{serve_url}", "http:/"]))
def test_url_location_is_what_a_served_url_would_make_of_it(location: str) -> None:
    served = location.replace("{serve_url}", "http://127.0.0.1:1")
    assert is_url_location(location) == served.startswith(("http://", "https://"))


def _job(kind: str, reader: Callable[[DocumentSpec], Snapshot] | None = None) -> Any:
    ctx = ExtractContext(Channel(id="c", kind="file", location="x"), (), "BRL", "pt-BR")
    spec = DocumentSpec(channel="c", kind=kind, location="x.html", role="policy")
    return spec, ctx, reader, False


def test_a_kind_without_a_descriptor_is_an_unreadable_document_not_a_crash() -> None:
    assert not over_http("telepathy")
    with pytest.raises(UnknownKind, match=re.escape(
            "channel kind 'telepathy' has no descriptor in channels.kinds.KINDS")):
        lookup("telepathy")
    snapshot, [extraction] = read_and_extract(_job("telepathy"))
    assert snapshot.error is not None and "'telepathy' has no descriptor" in snapshot.error
    assert extraction.snapshot.error is not None and "telepathy" in extraction.snapshot.error

    def archived(spec: DocumentSpec) -> Snapshot:
        return Snapshot(spec.channel, spec.location, spec.role, None, "now", body=b"<p>oi</p>",
                        content_type="text/html")

    snapshot, [extraction] = read_and_extract(_job("telepathy", archived))
    assert snapshot.error is None
    assert extraction.snapshot.error is not None and "telepathy" in extraction.snapshot.error


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
    assert slow["observed"] == ("median 25 min, p90 no answer, 0% within 15 min (0 of 3); "
                                "slowest: never answered (asked 14/05/2025 10:07)")
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
    assert clerk["evidence"]["locator"] == ("record 2, line 8 (Loja Paulista, 14/05/2025 15:30, "
                                            "Bruno Lima)")
