"""Hostile bytes and numbers: bodies that are not what they claim, amounts that are no
prices, scraped text that tries to drive the terminal, and pages made to be slow."""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hostile import Attack

from cohesion_cli.domain import Snapshot
from cohesion_cli.extract import budget
from cohesion_cli.extract.reader import extract
from cohesion_cli.extract.result import Options
from cohesion_cli.output.printable import printable

ATTACKS = (
    Attack(item=9, name="undecodable-content-encoding",
           attack="A page sent with Content-Encoding br, zstd or an unknown coding (the HTTP "
                  "client decodes only gzip and deflate).",
           outcome='The document is unverifiable: "unsupported content encoding br" (not a '
                   "missing price from undecoded bytes); `cohesion extract` exits 3.",
           tests=("test_undecodable_content_encoding_is_unverifiable",
                  "test_undecodable_content_encoding_in_check")),
    Attack(item=9, name="utf16-without-bom",
           attack="A page in UTF-16 (LE or BE) without a byte-order mark, sent as text/html.",
           outcome="Recognised by its bytes and decoded: its price is read.",
           tests=("test_utf16_without_bom_is_read",)),
    Attack(item=10, name="json-number-strings",
           attack='JSON and JSON-LD prices written as strings "12.345", "1.999", "-429.9", '
                  '"1e30", "NaN".',
           outcome="Read as the numbers they are: 12.345 and 1.999; negative, absurd (over "
                   "10^9) and non-finite amounts are no price.",
           tests=("test_json_number_strings_are_numbers",)),
    Attack(item=10, name="arabic-indic-digits",
           attack='Prices written with Arabic-Indic digits and marks ("R$ ١٬٢٩٩٫٩٠", "١٢٣").',
           outcome="Read as the digits and marks they are (1299.90, 123), never as 1.00.",
           tests=("test_arabic_indic_digits_are_read",)),
    Attack(item=10, name="nested-255-elements",
           attack="A price inside 300 nested <div> elements (the HTML parser stops at 256) or "
                  "a JSON price nested 5,000 levels deep.",
           outcome="The document is unverifiable (\"elements nested deeper than the HTML "
                   "parser reads\"), never a missing price.",
           tests=("test_deeply_nested_price_is_unverifiable",)),
    Attack(item=10, name="whatsapp-answer-before-question",
           attack="A WhatsApp export whose brand answer is timestamped an hour before the "
                  "customer's question.",
           outcome="Response times are unverifiable with both lines named; no \"-60 min\" "
                   "passes the service level.",
           tests=("test_answer_before_question_is_unverifiable",)),
    Attack(item=10, name="feed-duplicate-sku",
           attack="A feed with two items of one id at different prices.",
           outcome="The price is unverifiable (ambiguous) with both candidates, not the first "
                   "item's price.",
           tests=("test_feed_duplicate_sku_is_ambiguous",)),
    Attack(item=11, name="non-finite-located-values",
           attack="A JSON document read with rulebook JSONPath locators whose price is 1e30 "
                  "and whose delivery days are NaN.",
           outcome="The price locator reads no price (\"no readable value\", not R$ 1.00); "
                   "the days are none (no ValueError from int(NaN)).",
           tests=("test_located_non_finite_values",)),
    Attack(item=11, name="non-finite-structured-price",
           attack="NaN, Infinity and 1e309 as a JSON, JSON-LD, microdata or meta price.",
           outcome="No price read and no exception in any format (money.amount refuses "
                   "non-finite, negative and absurd amounts).",
           tests=("test_non_finite_structured_prices",)),
    Attack(item=12, name="rich-markup-in-page",
           attack='A page whose price element also holds "[/bold]" and '
                  '"[link=http://evil]...[/link]".',
           outcome="Shown as written in the table and in `cohesion extract`: never read as Rich "
                   "markup (no MarkupError, no OSC 8 link).",
           tests=("test_rich_markup_in_page_is_shown_as_text",)),
    Attack(item=12, name="escape-sequences-in-page",
           attack="A page whose price element holds ESC ]52 (clipboard write), ESC [2J (clear "
                  "screen), a colour code, BEL and C1 controls; text with direction overrides "
                  "(U+202E) that show it in another order.",
           outcome="Every human format (table, extract's table, markdown, github, junit, html, "
                   "csv) shows them escaped (\\x1b, \\x07, \\x9b, \\u202e); none reaches the "
                   "terminal, the log or the reader.",
           tests=("test_escape_sequences_are_shown_escaped",)),
    Attack(item=12, name="escape-sequences-in-http-reason",
           attack="A server answering 404 with a reason phrase holding ESC ]52 (clipboard "
                  "write) and BEL.",
           outcome="`cohesion extract` names the failure with the sequences escaped on stderr.",
           tests=("test_http_reason_phrase_is_shown_escaped",)),
    Attack(item=9, name="png-sent-as-html",
           attack="A PNG image served as text/html.",
           outcome='Refused by its bytes: "unsupported document type: PNG"; `cohesion '
                   "extract` exits 3 (held before this issue; kept as a guard).",
           tests=("test_png_sent_as_html_is_refused",)),
    Attack(item=13, name="dense-amounts-page",
           attack='A page repeating "R$ 1,0 10x " (176 KB took 26 s, 1 MB minutes): every '
                  "amount was compared with every installment span.",
           outcome="Extraction is linear: 8 times the page takes well under 12 times as long.",
           tests=("test_dense_amounts_page_scales_linearly",)),
    Attack(item=13, name="many-lines-text",
           attack="A plain-text document (a chat export's statements) with one amount on each "
                  "of thousands of long lines: each amount's line was counted from the start.",
           outcome="Lines are counted once, in order: 8 times the lines take well under 12 "
                   "times as long.",
           tests=("test_many_lines_text_scales_linearly",)),
    Attack(item=13, name="extraction-budget",
           attack="A document whose extraction outlasts the per-document budget "
                  "(extract.budget.SECONDS; the test sets it to 0).",
           outcome="The document is unverifiable with the reason (\"extraction stopped after "
                   "... s\"); `cohesion extract` exits 3; the stopped result is not cached.",
           tests=("test_over_budget_document_is_unverifiable",
                  "test_over_budget_extract_exits_3")),
)

PAGE = """<html><body><h1>Tênis Brisa</h1>
<div class="price">R$ 399,90</div></body></html>"""


def rulebook(extra: str = "") -> str:
    return f"""\
brand: Aurora
catalog:
  products:
    - {{sku: A1, name: Tênis Brisa, price: 399.90}}
channels:
  - id: loja
    kind: file
    location: pages
    product_page: "{{sku}}.html"
{extra}"""


def _engagement(write: Callable[[str, str], Path], page: str) -> Path:
    write("pages/A1.html", page)
    return write("cohesion.yaml", rulebook())


def _findings(result: Result) -> list[dict[str, object]]:
    data = json.loads(result.output)
    findings: list[dict[str, object]] = data["findings"]
    return findings


HOSTILE = ('<html><body><h1>Tênis Brisa</h1><div class="price">\x1b]52;c;ZXZpbA==\x07\x1b[2J'
           '\x1b[31m R$ 429,90 [/bold] [link=http://evil]x[/link]</div></body></html>')
"""A divergent price whose excerpt carries markup and escape sequences."""


def assert_unverifiable(result: Result, reason: str) -> None:
    """The document was reported unverifiable with ``reason``; nothing missing, exit 3."""
    findings = _findings(result)
    assert [(f["rule"], f["outcome"]) for f in findings] == [("read", "unverifiable")], findings
    assert reason in json.dumps(findings, ensure_ascii=False)
    assert result.exit_code == 3


def _seconds(body: bytes, content_type: str) -> float:
    """CPU seconds of the fastest of three extractions, the garbage collector paused: what
    is measured is the extraction's own work (a quadratic step would show), not the machine's
    other load nor when a collection of the test process's objects happens to run."""
    snapshot = Snapshot("c", "doc", "product", None, "2025-01-01", body=body,
                        content_type=content_type)
    best = float("inf")
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            extract(snapshot, Options())
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


@pytest.mark.slow
def test_dense_amounts_page_scales_linearly() -> None:
    def page(n: int) -> bytes:
        return ("<html><body><p>" + "R$ 1,0 10x " * n + "</p></body></html>").encode()

    small, large = _seconds(page(1000), "text/html"), _seconds(page(8000), "text/html")
    assert large < 12 * max(small, 0.05), (small, large)


@pytest.mark.slow
def test_many_lines_text_scales_linearly() -> None:
    line = "Cliente perguntou sobre o produto e a loja respondeu com detalhes " * 4
    line += "valor R$ 1,00\n"
    small = _seconds((line * 1000).encode(), "text/plain")
    large = _seconds((line * 8000).encode(), "text/plain")
    assert large < 12 * max(small, 0.05), (small, large)


def test_over_budget_document_is_unverifiable(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(budget, "SECONDS", 0.0)
    path = _engagement(write, PAGE)
    cache = tmp_path / "cache"
    result = cli("check", str(path), "--format", "json", "--cache-dir", str(cache))
    assert_unverifiable(result, "extraction stopped after 0 s")
    monkeypatch.setattr(budget, "SECONDS", 30.0)
    again = cli("check", str(path), "--format", "json", "--cache-dir", str(cache))
    assert again.exit_code == 0, again.output


def test_over_budget_extract_exits_3(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(budget, "SECONDS", 0.0)
    result = cli("extract", str(write("page.html", PAGE)))
    assert result.exit_code == 3
    assert "extraction stopped after 0 s" in result.output


def test_rich_markup_in_page_is_shown_as_text(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    path = _engagement(write, HOSTILE)
    table = cli("check", str(path), "--format", "table", "--details")  # with the excerpts
    assert table.exit_code == 1, table.output
    assert "[/bold]" in table.output and "[link=http://evil]" in table.output
    assert "\x1b]8;" not in table.output  # no OSC 8 hyperlink
    facts = cli("extract", str(path.parent / "pages" / "A1.html"))
    assert facts.exit_code == 0, facts.output
    assert "[/bold]" in facts.output and "[link=http://evil]" in facts.output


@pytest.mark.parametrize("fmt", ["table", "markdown", "github", "junit", "html", "csv"])
def test_escape_sequences_are_shown_escaped(
    cli: Callable[..., Result], write: Callable[[str, str], Path], fmt: str,
) -> None:
    path = _engagement(write, HOSTILE)
    outputs = [cli("check", str(path), "--format", fmt, "--details").output]  # table: excerpts
    if fmt == "table":
        outputs.append(cli("extract", str(path.parent / "pages" / "A1.html")).output)
    for output in outputs:
        shown = output.replace("\\\\", "\\")  # markdown writes a backslash as two
        assert "\\x1b" in shown and "52;c;ZXZpbA==\\x07" in shown, output
        assert not any(c in output for c in "\x1b\x07"), repr(output)
    assert printable("\x9b2J \x0d\x7f\n\t") == "\\x9b2J \\x0d\\x7f\n\t"  # C1, CR, DEL too
    assert printable("R$ \u202e09,99\u2066") == "R$ \\u202e09,99\\u2066"  # reordering marks


LD = ('<html><head><script type="application/ld+json">{{"@type": "Product", "sku": "A1", '
      '"offers": {{"@type": "Offer", "price": {price}, "priceCurrency": "BRL"}}}}</script>'
      '</head><body><h1>Tênis Brisa</h1></body></html>')


def _prices(cli: Callable[..., Result], document: str) -> list[str]:
    """The distinct amounts `cohesion extract` reads in ``document``."""
    result = cli("extract", "-", "--format", "json", input=document)
    assert result.exit_code == 0, result.output
    return sorted({f["amount"] for f in json.loads(result.output)["facts"]
                   if f["kind"] == "price"})


def test_json_number_strings_are_numbers(cli: Callable[..., Result]) -> None:
    for written, read in (('"12.345"', ["12.345"]), ('"1.999"', ["1.999"]), ('"-429.9"', []),
                          ('"1e30"', []), ('"NaN"', []), ('"R$ 1.299,90"', ["1299.90"])):
        assert _prices(cli, f'{{"sku": "A1", "price": {written}}}') == read, written
        assert _prices(cli, LD.format(price=written)) == read, written


def test_arabic_indic_digits_are_read(cli: Callable[..., Result]) -> None:
    assert _prices(cli, '{"sku": "A1", "price": "R$ ١٬٢٩٩٫٩٠"}') == ["1299.90"]
    assert _prices(cli, LD.format(price='"١٢٣"')) == ["123.00"]
    page = '<html><body><h1>X</h1><div class="price">R$ 1٬299</div></body></html>'
    assert _prices(cli, page) == ["1299.00"]


@pytest.mark.parametrize("price", ["NaN", "Infinity", "-Infinity", "1e309", '"1e309"'])
def test_non_finite_structured_prices(cli: Callable[..., Result], price: str) -> None:
    assert _prices(cli, f'{{"sku": "A1", "price": {price}}}') == []
    assert _prices(cli, LD.format(price=price)) == []
    content = price.strip('"')
    for page in (f'<html><head><meta property="product:price:amount" content="{content}">'
                 '</head><body><h1>X</h1></body></html>',
                 '<html><body><div itemscope itemtype="https://schema.org/Offer">'
                 f'<meta itemprop="price" content="{content}"></div></body></html>'):
        assert _prices(cli, page) == [], page


def test_deeply_nested_price_is_unverifiable(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    page = PAGE.replace('<div class="price">R$ 399,90</div>',
                        "<div>" * 300 + '<div class="price">R$ 399,90</div>' + "</div>" * 300)
    path = _engagement(write, page)
    assert_unverifiable(cli("check", str(path), "--format", "json"),
                        "elements nested deeper than the HTML parser reads")
    deep = '{"a": ' * 5000 + '{"price": 399.9}' + "}" * 5000
    result = cli("extract", "-", input=deep)
    assert result.exit_code == 3
    assert "values nested deeper than the JSON reader reads" in result.output


CHAT = """14/05/2025 10:00 - Ana Souza: Oi, qual o preço do Tênis Brisa?
14/05/2025 09:00 - Loja Aurora: O Tênis Brisa custa R$ 399,90.
"""


def test_answer_before_question_is_unverifiable(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    write("chat.txt", CHAT)
    path = write("cohesion.yaml", """\
brand: Aurora
catalog:
  products:
    - {sku: A1, name: Tênis Brisa, price: 399.90}
policies:
  service_level: {first_response_minutes: 15}
channels:
  - id: wa
    kind: whatsapp
    location: chat.txt
    brand_participants: ["Loja Aurora"]
""")
    result = cli("check", str(path), "--format", "json")
    findings = _findings(result)
    assert [(f["rule"], f["outcome"]) for f in findings] == [("read", "unverifiable")], findings
    assert "the answer on line 2 is timestamped before the question on line 1" \
        in json.dumps(findings, ensure_ascii=False)
    assert "-60" not in json.dumps(json.loads(result.output)["results"])  # no negative minutes
    assert result.exit_code == 3


FEED = """id,title,price
A1,Tênis Brisa,399.90 BRL
A1,Tênis Brisa,429.90 BRL
"""


def test_feed_duplicate_sku_is_ambiguous(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    write("feed.csv", FEED)
    path = write("cohesion.yaml", """\
brand: Aurora
catalog:
  products:
    - {sku: A1, name: Tênis Brisa, price: 399.90}
channels:
  - id: gmc
    kind: feed
    location: feed.csv
""")
    result = cli("check", str(path), "--format", "json")
    findings = _findings(result)
    assert [(f["rule"], f["outcome"]) for f in findings] == [("price", "unverifiable")], findings
    text = json.dumps(findings, ensure_ascii=False)
    assert "ambiguous main price" in text and "399.90" in text and "429.90" in text


class _Server:
    """A loopback server answering every path with one body and its headers."""

    def __init__(self, body: bytes, headers: dict[str, str], status: int = 200,
                 reason: str | None = None) -> None:
        import functools
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                if self.path == "/robots.txt":
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(status, reason)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("coding", ["br", "zstd", "x-unknown", "gzip, br"])
def test_undecodable_content_encoding_is_unverifiable(
    cli: Callable[..., Result], coding: str,
) -> None:
    server = _Server(PAGE.encode(), {"Content-Type": "text/html", "Content-Encoding": coding})
    try:
        result = cli("extract", server.url + "A1.html")
    finally:
        server.close()
    assert result.exit_code == 3, result.output
    assert _refused_encoding(coding, result.output), result.output


def _refused_encoding(coding: str, output: str) -> bool:
    """The reason names the encoding: unsupported by the HTTP client, or (when an optional
    decoder such as brotli is installed) a body that is not valid in it."""
    last = coding.split(", ")[-1]
    return (f"unsupported content encoding {last}" in output
            or f"it is not valid {coding} (its Content-Encoding)" in output)


def test_undecodable_content_encoding_in_check(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    server = _Server(PAGE.encode(), {"Content-Type": "text/html",
                                     "Content-Encoding": "x-unknown"})
    try:
        path = write("cohesion.yaml", rulebook().replace("kind: file", "kind: web")
                     .replace("location: pages", f"location: {server.url}"))
        result = cli("check", str(path), "--format", "json")
    finally:
        server.close()
    assert_unverifiable(result, "unsupported content encoding x-unknown")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(cli: Callable[..., Result], codec: str) -> None:
    server = _Server(PAGE.encode(codec), {"Content-Type": "text/html"})
    try:
        result = cli("extract", server.url + "A1.html", "--format", "json")
    finally:
        server.close()
    assert result.exit_code == 0, result.output
    assert [f["amount"] for f in json.loads(result.output)["facts"]
            if f["kind"] == "price"] == ["399.90"]


def test_located_non_finite_values(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    write("api/A1.json", '{"price": 1e30, "days": NaN, "returns": -7}')
    path = write("cohesion.yaml", """\
brand: Aurora
catalog:
  products:
    - {sku: A1, name: Tênis Brisa, price: 399.90}
policies:
  delivery: {max_days: 5}
  returns: {days: 7}
channels:
  - id: app
    kind: file
    location: api
    product_page: "{sku}.json"
    locators:
      price: {jsonpath: "$.price"}
      deadline: {jsonpath: "$.days"}
      return_window: {jsonpath: "$.returns"}
""")
    findings = _findings(cli("check", str(path), "--format", "json"))
    assert sorted((f["rule"], f["outcome"]) for f in findings) == [
        ("deadline", "unverifiable"), ("price", "unverifiable"),
        ("return_window", "unverifiable")], findings
    assert all("(no readable value)" in str(f["reason"]) for f in findings), findings


def test_http_reason_phrase_is_shown_escaped(cli: Callable[..., Result]) -> None:
    server = _Server(b"gone", {"Content-Type": "text/html"}, status=404,
                     reason="Not Found \x1b]52;c;ZXZpbA==\x07")
    try:
        result = cli("extract", server.url + "A1.html")
    finally:
        server.close()
    assert result.exit_code == 3
    assert "HTTP 404 Not Found \\x1b]52;c;ZXZpbA==\\x07" in result.output, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_png_sent_as_html_is_refused(cli: Callable[..., Result]) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    server = _Server(png, {"Content-Type": "text/html"})
    try:
        result = cli("extract", server.url + "A1.html")
    finally:
        server.close()
    assert result.exit_code == 3
    assert "unsupported document type: PNG" in result.output
