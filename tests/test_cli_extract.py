"""`cohesion extract` on files, URLs and stdin; its JSON contract and exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cohesion_cli.cli import main

PAGE = """<html><head><meta property="product:price:amount" content="2879.20">
<script type="application/ld+json">{"@type": "Product", "sku": "N1",
 "offers": {"@type": "Offer", "price": 2879.2, "priceCurrency": "BRL"}}</script></head>
<body><h1>Notebook</h1><p class="old-price">De R$ 3.199,00</p><p>R$ 2.879,20</p>
<p>ou 12x de R$ 239,93 sem juros</p><p>Receba em 3 a 7 dias úteis</p>
<div class="carousel related"><p>Mouse R$ 99,90</p></div></body></html>"""


def facts(result: Result) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(result.output)["facts"]
    return data


def test_file_json_contract(cli: Callable[..., Result], write: Callable[[str, str], Path]) -> None:
    result = cli("extract", str(write("p.html", PAGE)), "--format", "json")
    assert result.exit_code == 0
    found = facts(result)
    main = [f for f in found if f["kind"] == "price" and f["main"]]
    assert [(f["amount"], f["currency"], f["role"]) for f in main] == [("2879.20", "BRL", "sale")]
    assert {f["amount"] for f in found if f["kind"] == "price" and f["role"] == "list"} == {
        "3199.00"}
    [plan] = [f for f in found if f["kind"] == "installment"]
    assert plan | {"count": 12, "amount": "239.93", "interest_free": True} == plan
    assert plan["total"] == "2879.16"
    [deadline] = [f for f in found if f["kind"] == "deadline"]
    assert (deadline["min_days"], deadline["max_days"], deadline["business_days"]) == (3, 7, True)
    assert all("excerpt" in f["evidence"] and "locator" in f["evidence"] for f in found)
    # the related card's price is another product's: not read at all
    assert "99.90" not in {f["amount"] for f in found if f["kind"] == "price"}


def test_url(cli: Callable[..., Result], http_root: tuple[Path, str]) -> None:
    root, url = http_root
    (root / "p.html").write_text(PAGE, encoding="utf-8")
    result = cli("extract", f"{url}/p.html", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["status"] == 200
    assert any(f["kind"] == "price" and f["main"] for f in facts(result))


def test_stdin_text(cli: Callable[..., Result]) -> None:
    result = cli("extract", "-", "--format", "json",
                 input="Troca em até 30 dias corridos. Frete grátis acima de R$ 299")
    assert result.exit_code == 0
    kinds = {f["kind"]: f for f in facts(result)}
    assert kinds["return_window"]["days"] == 30
    assert kinds["free_shipping"]["threshold"] == "299.00"


def test_no_facts_is_still_exit_0(cli: Callable[..., Result]) -> None:
    result = cli("extract", "-", "--format", "json", input="nada aqui")
    assert result.exit_code == 0 and facts(result) == []


def test_unreadable_sources_exit_3(
    cli: Callable[..., Result], tmp_path: Path, closed_port: int,
) -> None:
    missing = cli("extract", str(tmp_path / "nope.html"))
    assert missing.exit_code == 3 and "file not found" in missing.output
    down = cli("extract", f"http://127.0.0.1:{closed_port}/p.html")
    assert down.exit_code == 3 and "connection refused" in down.output


def test_table_format(cli: Callable[..., Result], write: Callable[[str, str], Path]) -> None:
    result = cli("extract", str(write("p.html", PAGE)))
    assert result.exit_code == 0
    assert "(principal)" in result.output and "R$ 2.879,20" in result.output  # --locale pt-BR
    english = cli("extract", str(write("p.html", PAGE)), "--locale", "en-US")
    assert "facts in" in english.output and "R$2,879.20" in english.output


def test_locale_sets_the_default_currency(cli: Callable[..., Result]) -> None:
    us = facts(cli("extract", "-", "--format", "json", "--locale", "en-US",
                   input="Free shipping over $50"))
    assert [(f["threshold"], f["currency"]) for f in us] == [("50.00", "USD")]
    br = facts(cli("extract", "-", "--format", "json", input="Frete grátis acima de R$ 299"))
    assert br[0]["currency"] == "BRL"


def test_bad_currency_is_a_usage_error(cli: Callable[..., Result]) -> None:
    result = cli("extract", "-", "--currency", "reais", input="R$ 10")
    assert result.exit_code == 2 and "ISO 4217" in result.output


PDF = (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
       b"4 0 obj\n<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 712 Td (R$ 1.299,90) Tj ET\n"
       b"endstream\nendobj\nxref\n0 5\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x04\x00\x09\xfb\x03\xfd\xe3U\xf2"
       b"\x9c\x00\x00\x00\x00IEND\xaeB`\x82")


def _zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("tabela.txt", "Notebook R$ 2.879,20\n" * 50)
    return buffer.getvalue()


def _random() -> bytes:
    import random

    return random.Random(7).randbytes(20_000)


@pytest.mark.parametrize(("name", "body", "kind"), [
    ("manual.pdf", PDF, "PDF"),
    ("foto.png", PNG, "PNG"),
    ("precos.zip", _zip(), "ZIP"),
    ("pagina.html", PDF, "PDF"),
    ("dump.bin", _random(), "binary data"),
])
def test_documents_that_are_not_text_are_refused(
    cli: Callable[..., Result], tmp_path: Path, name: str, body: bytes, kind: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(body)
    result = cli("extract", str(path), "--format", "json")
    assert result.exit_code == 3, "sniffed by content, whatever the extension"
    assert f"unsupported document type: {kind}" in result.output
    assert '"facts"' not in result.output


def test_binary_over_http_and_stdin_is_refused(
    cli: Callable[..., Result], http_root: tuple[Path, str],
) -> None:
    root, url = http_root
    (root / "p.html").write_bytes(PNG)
    served = cli("extract", f"{url}/p.html")
    assert served.exit_code == 3 and "unsupported document type: PNG" in served.output
    piped = CliRunner().invoke(main, ["extract", "-"], input=PDF)
    assert piped.exit_code == 3 and "unsupported document type: PDF" in piped.output


def test_utf16_page_with_bom_still_reads(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_bytes(PAGE.encode("utf-16"))
    found = facts(cli("extract", str(path), "--format", "json"))
    main = [f for f in found if f["kind"] == "price" and f["main"]]
    assert [(f["amount"], f["currency"]) for f in main] == [("2879.20", "BRL")]
    assert any(f["kind"] == "deadline" and f["business_days"] for f in found)
