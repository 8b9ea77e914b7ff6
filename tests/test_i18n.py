"""Reports in the rulebook's language: examples/aurora (``locale: pt-BR``) read once, then
rendered as a table at 80 columns, Markdown and HTML without ``--lang`` (Brazilian
Portuguese: no English word of the catalogue, amounts as "R$ 599,90"), and re-rendered from
its saved JSON in English and European Portuguese. Values are written by Babel from the
typed values the checks keep (``message.Msg``)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from click.testing import CliRunner, Result

from cohesion_cli.checks import rule_infos
from cohesion_cli.cli import main
from cohesion_cli.commands.rules import plain
from cohesion_cli.domain import (
    Availability,
    Deadline,
    Installment,
    PaymentDiscount,
    PromotionWindow,
    ReturnWindow,
    StoreService,
)
from cohesion_cli.extract.messages import message_dict, message_from_dict
from cohesion_cli.message import Money, msg
from cohesion_cli.output.locale import middle
from cohesion_cli.output.texts import Texts

AURORA = Path(__file__).parent.parent / "examples" / "aurora"
CATALOGUE = Path(__file__).parent.parent / "cohesion_cli" / "output" / "templates" / "texts.json"


@pytest.fixture(scope="module")
def aurora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One run of examples/aurora: the table at 80 columns on stdout, the other formats
    written beside it."""
    out = tmp_path_factory.mktemp("aurora")
    runner = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1"})
    result = runner.invoke(main, ["check", str(AURORA), "--no-history", "-q", "--no-cache",
                                  "--output", f"json={out / 'r.json'}",
                                  "--output", f"markdown={out / 'r.md'}",
                                  "--output", f"html={out / 'r.html'}"],
                           catch_exceptions=False)
    assert result.exit_code == 1, result.output
    return {"table": result.output, "folder": out,
            "json": json.loads((out / "r.json").read_text(encoding="utf-8")),
            "markdown": (out / "r.md").read_text(encoding="utf-8"),
            "html": (out / "r.html").read_text(encoding="utf-8")}


def _strings(entry: Any) -> Iterator[str]:
    if isinstance(entry, str):
        yield entry
    elif isinstance(entry, dict):
        for value in entry.values():
            yield from _strings(value)
    elif isinstance(entry, list):
        for value in entry:
            yield from _strings(value)


def _words(texts: Iterator[str]) -> set[str]:
    return {w.lower() for text in texts for w in re.findall(r"[A-Za-z]{3,}", text)}


def _english_words() -> set[str]:
    """Words of the English catalogue and rule words that Portuguese never uses."""
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    rules = rule_infos().values()
    english = _words(_strings(catalogue["en"]))
    english |= _words(s for r in rules for s in _rule_strings(r.words["en"]))
    portuguese = _words(_strings(catalogue["pt-BR"]))
    portuguese |= _words(s for r in rules for s in _rule_strings(r.words["pt-BR"]))
    return english - portuguese


def _rule_strings(words: Any) -> Iterator[str]:
    yield words.title
    yield words.fact
    yield from words.actions.values()
    yield from words.subjects.values()


def _read_from_channels(data: dict[str, Any]) -> set[str]:
    """Text cohesion printed as the channels wrote it (excerpts, sources, locators,
    product names, phrases of the rulebook, channel ids and owners): not cohesion's words."""
    found: list[str] = [*data["products"].values()]
    for f in data["results"]:
        found += [f["subject"], f["channel"]]
        if f["evidence"]:
            found += list(f["evidence"].values())
        for key in ("expected_value", "observed_value"):
            found += [a for a in _strings((f[key] or {}).get("args", {}))
                      if a not in ("money", "number")]
    found += [c["owner"] for c in data["channels"]] + [c["name"] for c in data["channels"]]
    return _words(iter(found))


def _english_in(text: str, data: dict[str, Any]) -> set[str]:
    forbidden = _english_words() - _read_from_channels(data)
    return {w for w in _words(iter([text])) if w in forbidden}


def test_aurora_table_is_brazilian_portuguese_at_80_columns(aurora: dict[str, Any]) -> None:
    table = aurora["table"]
    assert "R$ 599,90" in table and "R$ 599.90" not in table
    for label in ("Severidade", "Esperado → observado", "2 a 5 dias úteis", "achados",
                  "índice de coesão", "código de saída"):
        assert label in " ".join(table.split()), label
    assert not _english_in(table, aurora["json"])
    assert max(len(line) for line in table.splitlines()) <= 80
    flat = " ".join(table.split())
    assert "visita à loja:" in flat and "visit:" not in flat


def test_every_finding_shows_its_full_values_at_80_columns(aurora: dict[str, Any]) -> None:
    """Values wrap, never cut: each expected and observed value, as the table words it, is
    in the table (lines joined)."""
    lines = aurora["table"].splitlines()
    header = next(line for line in lines if "Esperado → observado" in line)
    start = header.index("Esperado → observado")
    flat = " ".join(" ".join(line[start:] for line in lines[lines.index(header) + 1:]).split())
    texts = Texts("pt-BR", rule_infos())
    from cohesion_cli.triage.report_io import report_from_dict

    report = report_from_dict(aurora["json"])
    assert len(report.findings) >= 10
    for f in report.findings:
        for value in (texts.expected(f), texts.observed(f) if f.outcome.value != "unverifiable"
                      else texts.reason(f)):
            assert " ".join(value.split()) in flat, value


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_markdown_and_html_have_no_english_words(aurora: dict[str, Any], fmt: str) -> None:
    text = aurora[fmt]
    if fmt == "html":
        doc = lxml.html.fromstring(text)
        for style in doc.xpath("//style"):
            style.drop_tree()
        text = doc.text_content()
    assert "R$ 599.90" not in text and "R$ 599,90" in text
    assert not _english_in(text, aurora["json"]), fmt
    flat = " ".join(text.split())
    # what the checks added for mystery shoppers and response times is there, in Portuguese
    for shown in ("Visitas do cliente oculto", "Nota média por loja", "nota ≥ 70 ",
                  "esperou 18 min", "visita à loja: Loja Oscar Freire",
                  "mediana 2 min, p90 6 min, 94% em até 15 min (16 de 17)"):
        assert shown in flat, (fmt, shown)
    if fmt == "html":  # markdown shortens reasons
        assert "; 3 mensagens automáticas não contadas como resposta" in flat
        assert "parcelamento 12x de R$ 52,49 sem juros decorre deste achado" in flat


def _report(aurora: dict[str, Any], *args: str) -> Result:
    return CliRunner(env={"COLUMNS": "120"}).invoke(
        main, ["report", str(aurora["folder"] / "r.json"), *args], catch_exceptions=False)


def test_lang_en_and_pt_pt_from_the_saved_result(aurora: dict[str, Any]) -> None:
    english = " ".join(_report(aurora, "--lang", "en").output.split())
    assert "R$599.90" in english and "2–5 business days" in english
    assert "Expected → observed" in english and "12x R$49.99 interest-free" in english
    markdown = " ".join(_report(aurora, "--lang", "en", "--format", "markdown").output.split())
    assert "median 2 min, p90 6 min, 94% within 15 min (16 of 17)" in markdown
    assert "3 automatic messages not counted as answers" in english
    european = " ".join(_report(aurora, "--lang", "pt-PT", "--format", "markdown").output.split())
    assert "599,90 R$" in european or "R$ 599,90" in european
    assert "ficheiro de regras" in european and "pagamento em prestações" in european
    assert "parcelamento" not in european.lower()
    assert "Visitas do cliente mistério" in european and "Contactos" in european


def test_ci_messages_speak_the_rulebook_language(aurora: dict[str, Any]) -> None:
    github = _report(aurora, "--format", "github").output
    assert "crítica · divergente: esperado R$ 599,90, observado R$ 559,90" in github
    junit = _report(aurora, "--format", "junit").output
    assert 'message="crítica: price é R$ 559,90, esperado R$ 599,90"' in junit
    english = _report(aurora, "--format", "junit", "--lang", "en").output
    assert 'message="critical: price is R$559.90, expected R$599.90"' in english


def test_the_json_adds_typed_values_and_the_locale(aurora: dict[str, Any]) -> None:
    data = aurora["json"]
    assert data["locale"] == "pt-BR"
    deadline = next(f for f in data["findings"] if f["rule"] == "deadline")
    assert deadline["expected"] == "2-5 business days"  # the neutral text, unchanged
    assert deadline["expected_value"]["args"]["value"] == {
        "kind": "deadline", "min_days": 2, "max_days": 5, "business_days": True}


def test_a_pt_pt_rulebook_reads_european_portuguese() -> None:
    texts = Texts("pt-PT", rule_infos())
    said = msg("plan_total", "{count} × {amount} = {total}, not the price {price}", count=12,
               amount=Money(Decimal("54.99"), "EUR"), total=Money(Decimal("659.88"), "EUR"),
               price=Money(Decimal("599.9"), "EUR"))
    assert texts.writer.say(said) == "12 × 54,99 € = 659,88 €, diferente do preço 599,90 €"
    assert texts.writer.value(Deadline(None, 3, False)) == "3 dias de calendário"
    assert texts.day("2026-05-12") == "12/05/2026"
    assert Texts("pt-BR", {}).writer.value(Deadline(None, 3, False)) == "3 dias corridos"


@pytest.mark.parametrize(("lang", "shown"), [
    ("pt-BR", ["R$ 1.299,90", "2 a 5 dias úteis", "1 dia útil", "30 dias",
               "12x de R$ 74,92 sem juros", "10x com juros"]),
    ("en", ["R$1,299.90", "2–5 business days", "1 business day", "30 days",
            "12x R$74.92 interest-free", "10x with interest"]),
])
def test_values_in_words(lang: str, shown: list[str]) -> None:
    writer = Texts(lang, {}).writer
    assert [writer.money(Decimal("1299.9"), "BRL"), writer.value(Deadline(2, 5, True)),
            writer.value(Deadline(None, 1, True)), writer.value(ReturnWindow(30)),
            writer.value(Installment(12, Decimal("74.92"), "BRL", True)),
            writer.value(Installment(10, None, "BRL", False))] == shown


def test_plural_sentences_follow_the_language() -> None:
    late = msg("late", "{n} of {total} question(s) answered late", n=1, total=19)
    assert Texts("pt-BR", {}).writer.say(late) == "1 de 19 perguntas respondida com atraso"
    assert Texts("en", {}).writer.say(late) == "1 of 19 questions answered late"
    agreed = msg("agreed", "{value} (no rule; agreed by {channels})",
                 value=Money(Decimal("449.9"), "BRL"), channels=("app", "loja", "site"))
    assert agreed.neutral() == "R$ 449.90 (no rule; agreed by app, loja, site)"
    assert Texts("pt-BR", {}).writer.say(agreed) == (
        "R$ 449,90 (sem regra no manual; mesmo valor em app, loja e site)")


def test_sentences_keep_their_separator_and_counts_their_plural() -> None:
    notes = msg("sentences", "{sentences:; }", sentences=(
        msg("files_filed", "{n} file(s) filed", n=1),
        msg("automatic_skipped", "{n} automatic message(s) not counted as answers", n=2)))
    assert notes.neutral() == "1 file(s) filed; 2 automatic message(s) not counted as answers"
    assert Texts("en", {}).writer.say(notes) == (
        "1 file filed; 2 automatic messages not counted as answers")
    assert Texts("pt-PT", {}).writer.say(notes) == (
        "1 ficheiro registado; 2 mensagens automáticas não contadas como resposta")


def test_messages_survive_the_json_round_trip() -> None:
    said = msg("values", "{values:; }", values=(Deadline(2, 5, True), ReturnWindow(7, True),
                                               Money(Decimal("0.299"), "BRL"), Decimal("0.90")))
    assert message_from_dict(json.loads(json.dumps(message_dict(said)))) == said


def test_sources_are_shortened_from_the_middle() -> None:
    source = "http://shop.example/very/long/folder/of/the/catalogue/product-AUR-TN-001.html"
    short = middle(source, 40)
    assert len(short) == 40 and short.startswith("http://shop") and \
        short.endswith("AUR-TN-001.html") and "…" in short


def test_rules_print_plain_text(cli: Callable[..., Result]) -> None:
    listing = cli("rules").output
    assert "``" not in listing and "policies.delivery" in listing
    assert plain("is *unverifiable* with ``a.b``") == "is unverifiable with a.b"


PT_PAGE = """<html><body><h1>Ténis Brisa</h1>
<div class="price">649,90 €</div><p>ou 12x de 54,16 € sem juros</p>
<p>Entrega em até 7 dias úteis.</p></body></html>"""

PT_RULEBOOK = """\
brand: Aurora
locale: pt-PT
currency: EUR
catalog:
  products:
    - {sku: A1, name: Ténis Brisa, price: 599.90, installments: {count: 10}}
policies:
  delivery: {max_days: 5, business_days: true}
channels:
  - id: loja
    kind: file
    location: pages
    product_page: "{sku}.html"
"""


def test_a_pt_pt_rulebook_prints_european_portuguese(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    write("pages/A1.html", PT_PAGE)
    path = str(write("cohesion.yaml", PT_RULEBOOK))
    table = " ".join(cli("check", path, "--no-history", "--no-color").output.split())
    assert "599,90 € → 649,90 €" in table and "5 dias úteis → 7 dias úteis" in table
    assert "pagamento em prestações" in cli("check", path, "--no-history", "--format",
                                            "markdown").output
    english = " ".join(cli("check", path, "--no-history", "--lang", "en").output.split())
    assert "€599.90 → €649.90" in english and "5 business days → 7 business days" in english


def test_commerce_values_in_words() -> None:
    brazil, english = Texts("pt-BR", {}).writer, Texts("en", {}).writer
    assert brazil.value(PaymentDiscount("pix", Decimal("5.0"))) == "5% (Pix)"
    assert brazil.value(PaymentDiscount("cash", Decimal("10"))) == "10% (à vista)"
    assert brazil.value(PromotionWindow(date(2026, 11, 30))) == "até 30/11/2026"
    assert english.value(PromotionWindow(date(2026, 11, 30), date(2026, 11, 1))) == (
        "Nov 1, 2026 – Nov 30, 2026")
    assert brazil.value(Availability("out_of_stock")) == "esgotado"
    assert english.value(Availability("in_stock")) == "in stock"
    assert brazil.value(StoreService("pickup_in_store", True)) == "retirada na loja: sim"
    assert Texts("pt-PT", {}).writer.value(StoreService("pickup_in_store", False)) == (
        "levantamento em loja: não")
