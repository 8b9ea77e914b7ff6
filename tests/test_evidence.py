"""Evidence a client can read: quotes as written (accents and case), the feed attribute
and value read, and a served demo's documents named by their path, not a loopback port."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from cohesion_cli.checks.text import fold, original_span

FIXTURES = Path(__file__).parent / "fixtures"


def _results(cli: Callable[..., Result], rulebook: Path) -> list[dict[str, Any]]:
    data = json.loads(cli("check", str(rulebook), "--format", "json", "--no-history").output)
    return list(data["results"])


def test_original_span_quotes_the_text_as_written() -> None:
    text = "  E nossos  CALÇADOS têm\n garantia vitalícia na costura, viu? 😉 ﬁm x\u00a8y"
    folded = fold(text)
    at = folded.find("calcados tem garantia vitalicia")
    assert original_span(text, at, at + len("calcados tem garantia vitalicia")) == (
        "CALÇADOS têm garantia vitalícia")
    assert original_span(text, 0, len(folded)) == " ".join(text.split())
    assert original_span(text, 5, 5) is None


def test_original_span_maps_any_text() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = pytest.importorskip("hypothesis.strategies")

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(text=st.text(max_size=40))
    def check(text: str) -> None:
        folded = fold(text)
        if folded:
            quoted = original_span(text, 0, len(folded))
            assert quoted is not None and fold(quoted) == folded

    check()


def test_phrase_evidence_keeps_accents_and_case(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    write("posts/p.txt", "Promoção!\nE nossos CALÇADOS têm Garantia Vitalícia na costura.\n")
    rulebook = write("cohesion.yaml", """\
brand: Aurora
policies: {forbidden_phrases: [garantia vitalicia]}
channels: [{id: insta, kind: file, location: posts, policy_pages: [p.txt]}]
""")
    (found,) = [r for r in _results(cli, rulebook) if r["rule"] == "forbidden_phrase"]
    assert found["evidence"]["excerpt"] == (
        "Promoção! E nossos CALÇADOS têm Garantia Vitalícia na costura.")


def test_feed_evidence_names_the_attribute_and_the_value_read(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    shutil.copy(FIXTURES / "feeds" / "gmc_ptbr.xml", tmp_path / "google.xml")
    rulebook = write("cohesion.yaml", """\
brand: Aurora
catalog: {products: [{sku: AUR-1001, price: 149.90}]}
policies: {delivery: {min_days: 4, max_days: 8}}
channels: [{id: google, kind: feed, location: google.xml}]
""")
    found = {r["rule"]: r for r in _results(cli, rulebook)}
    excerpt = found["price"]["evidence"]["excerpt"]
    assert excerpt.startswith("price 146.90 BRL — <item> <g:id>AUR-1001</g:id>"), excerpt
    assert found["deadline"]["evidence"]["excerpt"].startswith("handling ")


def test_served_demo_sources_are_paths_of_the_engagement(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    write("site/p/A1.html", "<html><body><h1>Tênis</h1><p>Por R$ 429,90</p></body></html>")
    rulebook = write("cohesion.yaml", """\
brand: Aurora
catalog: {products: [{sku: A1, name: Tênis, price: 399.90}]}
serve: {root: site}
channels:
  - {id: loja, kind: web, location: "{serve_url}/", product_page: "p/{sku}.html",
     facts: [price]}
""")
    output = cli("check", str(rulebook), "--format", "json", "--no-history").output
    assert "127.0.0.1" not in output
    (price,) = [r for r in json.loads(output)["results"] if r["rule"] == "price"]
    assert price["outcome"] == "divergent"
    assert price["evidence"]["source"] == (tmp_path / "site" / "p" / "A1.html").as_posix()

