"""Documents that are not text are refused by content: unit cases, and `cohesion check`
treating such a channel document as unverifiable (never divergent, never missing)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from cohesion_cli.extract.sniff import document_type, refusal

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n(R$ 399,90) Tj\n"


@pytest.mark.parametrize(("body", "kind"), [
    (PDF, "PDF"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
    (b"GIF89a\x01\x00\x01\x00", "GIF"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WEBP"),
    (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 22 + b"[Content_Types].xml" + b"xl/", "XLSX"),
    (b"PK\x03\x04\x0a\x00" + b"\x00" * 24 + b"mimetypeapplication/epub+zip", "EPUB"),
    (gzip.compress(b"<html>R$ 10,00</html>"), "gzip"),
    (b"7z\xbc\xaf\x27\x1c\x00\x04", "7z"),
    (b"Rar!\x1a\x07\x01\x00", "RAR"),
    (b"\x7fELF\x02\x01\x01\x00", "ELF executable"),
    (b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00", "MP4"),
    (b"\x00asm\x01\x00\x00\x00", "WebAssembly"),
    (b"\x00\x00\x01\x00\x01\x00\x10\x10" * 64, "binary data"),
    (bytes(range(1, 32)) * 40, "binary data"),
])
def test_binary_formats(body: bytes, kind: str) -> None:
    assert document_type(body) == kind
    assert refusal(body) == f"unsupported document type: {kind}"


@pytest.mark.parametrize("body", [
    b"",
    "<html><body>Preço R$ 399,90</body></html>".encode(),
    "<html><body>Preço R$ 399,90</body></html>".encode("windows-1252"),
    "\ufeff<html><body>Preço</body></html>".encode(),
    "<html><body>Preço R$ 399,90</body></html>".encode("utf-16"),
    "<html><body>Preço R$ 399,90</body></html>".encode("utf-32"),
    b'{"preco": 399.9}',
    b"id,title,price\nA1,Tenis,399.90 BRL\n",
    b"\x1b[1mR$ 399,90\x1b[0m\f\n" * 20,
    b"<html>" + b"x" * 5000 + b"\x00</html>",
])
def test_text_is_not_refused(body: bytes) -> None:
    assert refusal(body) is None


def _rulebook(location: str, kind: str) -> str:
    return f"""\
brand: Aurora
catalog:
  products:
    - {{sku: A1, name: Tênis Brisa, price: 399.90}}
channels:
  - id: loja
    kind: {kind}
    location: "{location}"
    product_page: "{{sku}}.html"
"""


def test_web_channel_serving_a_pdf_is_unverifiable(
    cli: Callable[..., Result], write: Callable[[str, str], Path], http_root: tuple[Path, str],
) -> None:
    root, url = http_root
    (root / "A1.html").write_bytes(PDF)
    result = cli("check", str(write("cohesion.yaml", _rulebook(url + "/", "web"))),
                 "--format", "json")
    assert result.exit_code == 3, result.output
    data = json.loads(result.output)
    assert data["channels"][0]["read"] is False
    [finding] = data["findings"]
    assert finding["outcome"] == "unverifiable"
    assert finding["reason"] == "unsupported document type: PDF"


def test_file_channel_with_an_image_is_unverifiable(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "A1.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = cli("check", str(write("cohesion.yaml", _rulebook("pages", "file"))),
                 "--format", "json")
    assert result.exit_code == 3
    findings = json.loads(result.output)["findings"]
    assert {(f["outcome"], f["reason"]) for f in findings} == {
        ("unverifiable", "unsupported document type: PNG")}
