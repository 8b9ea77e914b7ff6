"""``render: browser``: pages whose price a script writes, read in headless Chromium, against
servers these tests start on 127.0.0.1; and, without it, the hint to use it.

Tests that load pages need Playwright and a Chromium (``$COHESION_CHROMIUM``, or
``chromium`` on PATH: .ci/run installs Debian's); without them they are skipped with the
reason. They share one browser (the module fixture) where they read pages directly.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from cohesion_cli.channels.transport import browser, rendered
from cohesion_cli.channels.transport.archive import ArchiveReader
from cohesion_cli.rulebook.plan import DocumentSpec

SCRIPTED = """<html><head><title>Tênis Brisa</title></head><body><h1>Tênis Brisa</h1>
<div class="product-price" id="price"></div>
<script src="/app.js"></script></body></html>"""
APP = """window.addEventListener('load', () => fetch('/api/A1.json')
  .then(r => r.json())
  .then(d => { document.getElementById('price').textContent = 'R$ ' + d.price; }));"""
BUSY = SCRIPTED.replace("</body>", """<script>
const start = Date.now(); while (Date.now() - start < 1200) {}  // the network is idle meanwhile
</script></body>""")
NEVER_SETTLES = """<html><body><h1>Tênis Brisa</h1><div class="price" id="price"></div>
<script>fetch('/never'); setTimeout(() => {
  document.getElementById('price').textContent = 'R$ 399,90'; }, 100);</script></body></html>"""
CROSS = """<html><body><div class="price">R$ 399,90</div>
<script src="/own.js"></script><script src="{other}/other.js"></script>
<script>fetch('/redirect'); fetch('{other}/direct');</script></body></html>"""


class Site:
    """A test web site: path -> (content type, body); records every request's headers."""

    def __init__(self, pages: dict[str, tuple[str, str]]) -> None:
        self.pages = pages
        self.seen: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_OPTIONS(self) -> None:  # a cross-origin preflight: allowed
                site.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                self.send_response(204)
                for name in ("Origin", "Headers", "Private-Network"):
                    asked = self.headers.get(f"Access-Control-Request-{name}")
                    if asked:
                        self.send_header(f"Access-Control-Allow-{name}", asked)
                self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin", "*"))
                self.end_headers()

            def do_GET(self) -> None:
                site.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                if self.path == "/never":
                    time.sleep(8)  # a request that keeps the network busy
                    return
                if self.path in site.delays:
                    with site.lock:
                        site.active += 1
                        site.peak = max(site.peak, site.active)
                    time.sleep(site.delays[self.path])
                    with site.lock:
                        site.active -= 1
                if self.path in site.redirects:
                    self.send_response(302)
                    self.send_header("Location", site.redirects[self.path])
                    self.end_headers()
                    return
                found = site.pages.get(self.path)
                body = (found[1] if found else "not found").encode("utf-8")
                self.send_response(200 if found else 404)
                self.send_header("Content-Type", found[0] if found else "text/plain")
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.redirects: dict[str, str] = {}
        self.delays: dict[str, float] = {}
        """Paths answered after a delay; ``peak``: most of them in flight at once."""
        self.lock = threading.Lock()
        self.active = self.peak = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def headers_of(self, path: str) -> list[dict[str, str]]:
        return [headers for seen, headers in self.seen if seen == path]


def scripted_site() -> Site:
    return Site({"/p/A1.html": ("text/html; charset=utf-8", SCRIPTED),
                 "/app.js": ("text/javascript", APP),
                 "/api/A1.json": ("application/json", '{"price": "399,90"}'),
                 "/p/hang.html": ("text/html; charset=utf-8", NEVER_SETTLES),
                 "/p/busy.html": ("text/html; charset=utf-8", BUSY)})


@pytest.fixture
def site() -> Iterator[Site]:
    served = scripted_site()
    yield served
    served.close()


def _missing_browser() -> str | None:
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install 'cohesion-cli[browser]')"
    if browser.executable() is None:
        return "no Chromium (apt install chromium, or set $COHESION_CHROMIUM)"
    return None


needs_browser = pytest.mark.skipif(_missing_browser() is not None,
                                   reason=_missing_browser() or "")


@pytest.fixture(scope="module")
def chromium() -> Iterator[None]:
    """One browser for this module's tests: runs inside a session reuse it."""
    with browser.session():
        yield


def rulebook(url: str, extra: str = "") -> str:
    return f"""\
brand: Aurora
catalog:
  products:
    - {{sku: A1, name: Tênis Brisa, price: 399.90}}
channels:
  - id: loja
    kind: web
    location: "{url}/p/"
    product_page: "{{sku}}.html"
{extra}"""


def spec(location: str, **fields: Any) -> DocumentSpec:
    return replace(DocumentSpec(channel="loja", kind="web", location=location, role="product",
                                render="browser"), **fields)


@pytest.mark.slow
@needs_browser
def test_check_reads_the_price_a_script_writes_and_archives_the_rendered_page(
    chromium: None, cli: Callable[..., Result], write: Callable[[str, str], Path], site: Site,
    tmp_path: Path,
) -> None:
    path = write("cohesion.yaml", rulebook(site.url, "    render: browser\n"))
    archive = tmp_path / "archive"
    result = cli("check", str(path), "--format", "json", "--archive", str(archive))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["findings"] == []
    assert site.headers_of("/api/A1.json"), "the page's script ran and asked for its price"
    [stored] = json.loads((archive / "index.json").read_text("utf-8"))["documents"]
    snapshot = ArchiveReader(archive, tmp_path).read(
        DocumentSpec(channel="loja", kind="web", location=stored["location"], role="product",
                     product="A1"))
    assert snapshot.error is None
    assert b'id="price">R$ 399,90</div>' in snapshot.body, "the rendered HTML, not the source"
    site.close()  # a replay reads the archive alone: no site, no browser
    replayed = cli("check", str(path), "--format", "json", "--replay", str(archive))
    assert replayed.exit_code == 0, replayed.output
    assert json.loads(replayed.output)["findings"] == []


@pytest.mark.slow
@needs_browser
def test_a_rendered_page_whose_price_never_came_is_unverifiable_not_missing(
    chromium: None, cli: Callable[..., Result], write: Callable[[str, str], Path], site: Site,
) -> None:
    del site.pages["/api/A1.json"]  # the script's request fails: the price stays empty
    path = write("cohesion.yaml", rulebook(site.url, "    render: browser\n"))
    result = cli("check", str(path), "--format", "json")
    assert result.exit_code == 3, result.output
    [finding] = json.loads(result.output)["findings"]
    assert (finding["rule"], finding["outcome"]) == ("read", "unverifiable")
    assert finding["reason"].startswith("no price on the page once rendered: its price element")
    assert "price locator" in finding["reason"]


def test_without_render_the_page_is_unverifiable_with_the_hint(
    cli: Callable[..., Result], write: Callable[[str, str], Path], site: Site,
) -> None:
    result = cli("check", str(write("cohesion.yaml", rulebook(site.url))), "--format", "json")
    assert result.exit_code == 3, result.output
    [finding] = json.loads(result.output)["findings"]
    assert (finding["rule"], finding["outcome"]) == ("read", "unverifiable")
    assert "render: browser" in finding["reason"]
    assert 'class="product-price"' in finding["reason"]
    assert not site.headers_of("/app.js"), "read as sent: no script was fetched"


def test_extract_notes_a_scripted_price_and_exits_0(
    cli: Callable[..., Result], site: Site,
) -> None:
    result = cli("extract", f"{site.url}/p/A1.html", "--format", "json")
    assert result.exit_code == 0
    assert "try --render browser" in result.stderr
    assert not [f for f in json.loads(result.stdout)["facts"] if f["kind"] == "price"]


@pytest.mark.slow
@needs_browser
def test_extract_render_browser_reads_the_main_price(
    chromium: None, cli: Callable[..., Result], site: Site,
) -> None:
    result = cli("extract", f"{site.url}/p/A1.html", "--format", "json", "--render", "browser")
    assert result.exit_code == 0, result.output
    main = [f for f in json.loads(result.stdout)["facts"] if f["kind"] == "price" and f["main"]]
    assert [(f["amount"], f["currency"]) for f in main] == [("399.90", "BRL")]
    assert "render" not in result.stderr


@pytest.mark.slow
@needs_browser
def test_a_page_that_never_settles_is_unreadable_at_its_deadline(
    chromium: None, site: Site,
) -> None:
    snapshot = rendered.fetch(spec(f"{site.url}/p/hang.html", timeout=3))
    assert snapshot.error is not None and not snapshot.body
    assert "not rendered within 3 s (still " in snapshot.error  # loading, or (mostly)
    assert "give a price locator" in snapshot.error             # waiting for the network


@pytest.mark.slow
@needs_browser
def test_requests_sent_at_the_load_event_are_waited_for(chromium: None, site: Site) -> None:
    """A page busy before its load event: the network is idle long before its load handler
    asks for the price, which is still waited for."""
    snapshot = rendered.fetch(spec(f"{site.url}/p/busy.html", timeout=10))
    assert snapshot.error is None, snapshot.error
    assert b'id="price">R$ 399,90</div>' in snapshot.body


@pytest.mark.slow
@needs_browser
def test_the_price_locator_is_waited_for_instead_of_the_network(
    chromium: None, site: Site,
) -> None:
    snapshot = rendered.fetch(spec(f"{site.url}/p/hang.html", timeout=5,
                                   wait_for="css=#price"))
    assert snapshot.error is None, snapshot.error
    assert b"R$ 399,90" in snapshot.body


@pytest.mark.slow
@needs_browser
def test_headers_and_cookies_go_to_the_page_origin_only(
    chromium: None, site: Site, monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = Site({"/other.js": ("text/javascript", "1;"), "/direct": ("text/plain", "x"),
                  "/landing": ("text/plain", "x")})
    try:
        site.pages["/cross.html"] = ("text/html", CROSS.replace("{other}", other.url))
        site.pages["/own.js"] = ("text/javascript", "1;")
        site.redirects["/redirect"] = f"{other.url}/landing"
        monkeypatch.setenv("SHOP_TOKEN", "s3cr3t-token")
        snapshot = rendered.fetch(spec(
            f"{site.url}/cross.html", wait_for="", headers=(("X-Api-Key", "${SHOP_TOKEN}"),),
            cookies=(("session", "${SHOP_TOKEN}"),)))
        assert snapshot.error is None, snapshot.error
        for path in ("/cross.html", "/own.js", "/redirect"):
            [headers] = site.headers_of(path)
            assert headers["x-api-key"] == "s3cr3t-token", path
            assert "session=s3cr3t-token" in headers["cookie"], path
        assert {path for path, _ in other.seen} >= {"/other.js", "/direct", "/landing"}
        for path, headers in other.seen:
            assert "s3cr3t-token" not in json.dumps(headers), path
            assert "x-api-key" not in headers and "cookie" not in headers, path
    finally:
        other.close()


@pytest.mark.slow
@needs_browser
def test_pages_in_the_browser_count_within_the_per_host_limit(
    chromium: None, site: Site,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from cohesion_cli.channels.transport import wire

    for name in ("a", "b", "c"):
        site.pages[f"/slow-{name}.html"] = ("text/html", "<p>R$ 399,90</p>")
        site.delays[f"/slow-{name}.html"] = 0.4
    wire.share_per_host(1)
    try:
        with ThreadPoolExecutor(3) as pool:
            read = list(pool.map(lambda name: rendered.fetch(
                spec(f"{site.url}/slow-{name}.html", respect_robots=False)), "abc"))
    finally:
        wire.share_per_host(wire.PER_HOST)
    assert [snapshot.error for snapshot in read] == [None, None, None]
    assert site.peak == 1


def test_robots_txt_is_respected(site: Site) -> None:
    site.pages["/robots.txt"] = ("text/plain", "User-agent: *\nDisallow: /p/\n")
    snapshot = rendered.fetch(spec(f"{site.url}/p/A1.html"))
    assert snapshot.error is not None and "disallowed by robots.txt" in snapshot.error
    assert not site.headers_of("/p/A1.html")


@pytest.mark.slow
@pytest.mark.parametrize("executable", ["missing", "exits"])
def test_a_browser_that_cannot_start_makes_the_document_unreadable(
    cli: Callable[..., Result], write: Callable[[str, str], Path], site: Site, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, executable: str,
) -> None:
    pytest.importorskip("playwright.async_api")
    path = tmp_path / "no-chromium"
    if executable == "exits":
        path.write_text("#!/bin/sh\necho 'chromium: cannot open display' >&2\nexit 1\n")
        path.chmod(0o755)
    monkeypatch.setenv(browser.EXECUTABLE_ENV, str(path))
    browser.close()  # the next page starts a browser with the variable set
    book = write("cohesion.yaml", rulebook(site.url, "    render: browser\n"))
    try:
        result = cli("check", str(book), "--format", "json")
    finally:
        browser.close()  # the next test starts a working one
    assert result.exit_code == 3, result.output
    [finding] = json.loads(result.output)["findings"]
    assert finding["outcome"] == "unverifiable"
    assert f"cannot start the browser ({path})" in finding["reason"]
    assert "apt install chromium" in finding["reason"]
    assert "playwright install chromium" in finding["reason"]


def test_extract_renders_urls_only(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    result = cli("extract", str(write("p.html", SCRIPTED)), "--render", "browser")
    assert result.exit_code == 2
    assert "--render browser reads http(s) URLs only" in result.stderr


def test_render_browser_is_for_web_channels_only(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    book = rulebook("http://127.0.0.1:9", "    render: browser\n").replace("kind: web",
                                                                           "kind: api")
    result = cli("validate", str(write("cohesion.yaml", book)))
    assert result.exit_code == 2
    assert "render: browser applies to web channels only" in result.output


def test_the_executable_comes_from_the_environment_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    monkeypatch.setenv(browser.EXECUTABLE_ENV, str(tmp_path / "chrome"))
    assert browser.executable() == str(tmp_path / "chrome")
    monkeypatch.delenv(browser.EXECUTABLE_ENV)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert browser.executable() is None
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert browser.executable() == str(fake)


@pytest.mark.slow
@needs_browser
def test_the_rendered_page_is_capped_and_errors_keep_secrets_out(
    chromium: None, site: Site, monkeypatch: pytest.MonkeyPatch, closed_port: int,
) -> None:
    monkeypatch.setattr(rendered, "MAX_BODY_BYTES", 100)
    snapshot = rendered.fetch(spec(f"{site.url}/p/A1.html"))
    assert snapshot.error == "rendered page larger than 100 bytes" and not snapshot.body
    monkeypatch.setenv("SHOP_TOKEN", "s3cr3t-token")
    down = rendered.fetch(spec(f"http://127.0.0.1:{closed_port}/p?token=${{SHOP_TOKEN}}",
                               respect_robots=False))
    assert down.error is not None and "ERR_CONNECTION_REFUSED" in down.error
    assert "s3cr3t-token" not in down.error and "${SHOP_TOKEN}" in down.error


@pytest.mark.slow
@needs_browser
def test_a_browser_that_went_away_is_started_again_for_the_next_page(
    chromium: None, site: Site,
) -> None:
    first = rendered.fetch(spec(f"{site.url}/p/A1.html"))
    assert first.error is None

    async def crash(chromium: Any) -> None:
        await chromium.close()  # as if the browser process had died

    browser.current().run(crash, 10)
    again = rendered.fetch(spec(f"{site.url}/p/A1.html"))
    assert again.error is None, again.error
    assert b"R$ 399,90" in again.body


SHELL = """<html><head><script src="/static/app.js"></script></head>
<body><div id="root"></div><noscript>Ative o JavaScript</noscript></body></html>"""


@pytest.mark.parametrize(("page", "flagged"), [
    (SCRIPTED, "price element (<div id=\"price\" class=\"product-price\">)"),
    (SHELL, "application shell (<div id=\"root\">)"),
    (SCRIPTED.replace('<script src="/app.js"></script>', ""), None),  # no script: nothing to run
    (SCRIPTED.replace('class="product-price" id="price"', 'class="old-price"'), None),
    (SCRIPTED.replace('id="price"></div>', 'id="price">Consulte</div>'), None),
    (SCRIPTED.replace('id="price"></div>', 'id="price">R$ --,--</div>'), "price element"),
    (SCRIPTED.replace('id="price"></div>', 'id="price">{{ product.price }}</div>'),
     "price element"),
    (SHELL.replace("Ative o JavaScript", "Tênis Brisa, couro legítimo. " * 10), None),
])
def test_a_scripted_price_is_recognised_conservatively(page: str, flagged: str | None) -> None:
    from cohesion_cli.channels.kinds import scripted
    from cohesion_cli.domain import Snapshot
    from cohesion_cli.extract.reader import extract
    from cohesion_cli.extract.result import Options

    snapshot = Snapshot("loja", "http://shop.example/p/A1.html", "product", "A1", "",
                        body=page.encode("utf-8"), status=200, content_type="text/html")
    extraction = extract(snapshot, Options(sku="A1"))
    reason = scripted.scripted_price(extraction)
    if flagged is None:
        assert reason is None
        assert scripted.flag(extraction) is extraction
    else:
        assert reason is not None and flagged in reason
        assert scripted.flag(extraction).error == f"{reason}; {scripted.HINT}"
        rendered = scripted.flag(extraction, rendered=True).error or ""
        assert rendered.startswith("no price on the page once rendered: its ")
        assert flagged in rendered and rendered.endswith(scripted.RENDERED_HINT)


def test_a_page_with_its_price_is_never_flagged() -> None:
    from cohesion_cli.channels.kinds import scripted
    from cohesion_cli.domain import Snapshot
    from cohesion_cli.extract.reader import extract
    from cohesion_cli.extract.result import Options

    page = SCRIPTED.replace('id="price"></div>', 'id="price">R$ 399,90</div>')
    snapshot = Snapshot("loja", "http://shop.example/p/A1.html", "product", "A1", "",
                        body=page.encode("utf-8"), status=200, content_type="text/html")
    extraction = extract(snapshot, Options(sku="A1"))
    assert extraction.main_price is not None
    assert scripted.scripted_price(extraction) is None
