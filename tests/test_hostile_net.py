"""Hostile network answers: secrets across redirects, credentials in URLs, robots.txt that
never ends or never stops growing, redirects into private networks, broken chunking.

Every server here listens on 127.0.0.1; two ports are two hosts.
"""

from __future__ import annotations

import base64
import gzip
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from faults.server import gzip_bomb
from hostile import Attack

from cohesion_cli import engine, workers
from cohesion_cli.channels.rulebook import load
from cohesion_cli.channels.transport import http, robots, wire
from cohesion_cli.channels.transport.wire import PER_HOST
from cohesion_cli.rulebook.plan import DocumentSpec

PAGE = b"<html><body><h1>Produto</h1><p class='price'>R$ 10,00</p></body></html>"
Answer = tuple[int, dict[str, str], bytes]


class Host:
    """A host on 127.0.0.1: answers from ``routes`` (path -> status, headers, body, or a
    callable writing to the handler), records every request's path and headers, and
    counts the connections open at once."""

    def __init__(self, routes: dict[str, Answer | Callable[[BaseHTTPRequestHandler], None]],
                 keep_alive: bool = False) -> None:
        self.routes = routes
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.open = self.most = 0
        self.lock = threading.Lock()
        host = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"

            def setup(self) -> None:
                with host.lock:
                    host.open += 1
                    host.most = max(host.most, host.open)
                super().setup()

            def finish(self) -> None:
                super().finish()
                with host.lock:
                    host.open -= 1

            def do_GET(self) -> None:
                with host.lock:
                    host.seen.append((self.path, dict(self.headers)))
                answer = host.routes.get(self.path, (200, {}, PAGE))
                if callable(answer):
                    return answer(self)
                status, headers, body = answer
                self.send_response(status)
                for name, value in {"Content-Type": "text/html", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return None

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def paths(self) -> list[str]:
        return [path for path, _ in self.seen]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hosts() -> Iterator[Callable[..., Host]]:
    started: list[Host] = []

    def start(routes: dict[str, Any], keep_alive: bool = False) -> Host:
        started.append(Host(routes, keep_alive))
        return started[-1]

    robots.forget()
    yield start
    wire.close_all()
    for host in started:
        host.close()
    robots.forget()


def spec(url: str, **kwargs: Any) -> DocumentSpec:
    return DocumentSpec(channel="c", kind="web", location=url, role="product", product="A1",
                        **{"timeout": 2.0, **kwargs})


def redirect(to: str) -> Answer:
    return 302, {"Location": to}, b""


# 1: secrets across redirects ------------------------------------------------------------

def test_cross_host_redirect_drops_the_channels_headers_and_cookies(
    hosts: Callable[..., Host], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHOP_TOKEN", "tok-3a9f1c")
    monkeypatch.setenv("SHOP_COOKIE", "sess-77e2b0")
    monkeypatch.setenv("SHOP_PASS", "pw-5d1e88")
    other = hosts({})
    shop = hosts({"/p": redirect("/q"), "/q": redirect(f"{other.base}/landing")})
    url = shop.base.replace("http://", "http://buyer:${SHOP_PASS}@") + "/p"
    snap = http.fetch(spec(url, respect_robots=False,
                           headers=(("X-Api-Key", "${SHOP_TOKEN}"), ("X-Plain", "configured")),
                           cookies=(("session", "${SHOP_COOKIE}"),)), "text/html")
    assert snap.error is None and b"R$ 10,00" in snap.body
    (_, sent), (_, kept) = shop.seen
    for headers in (sent, kept):  # the shop's own host, before and after its own redirect
        assert headers["X-Api-Key"] == "tok-3a9f1c" and headers["X-Plain"] == "configured"
        assert headers["Cookie"] == "session=sess-77e2b0"
        assert base64.b64decode(headers["Authorization"].split()[1]) == b"buyer:pw-5d1e88"
    [(path, received)] = other.seen
    assert path == "/landing"
    leaked = {"X-Api-Key", "X-Plain", "Cookie", "Authorization"} & set(received)
    assert leaked == set()
    assert not any(value in str(received) for value in ("tok-3a9f1c", "sess-77e2b0", "pw-5d1e88"))


# 24: redirects into private networks ------------------------------------------------------

@pytest.fixture
def public_shop(monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.1 answers as if it were a public address (a shop on the internet); every
    other name resolves as usual (localhost stays loopback)."""
    real = wire._addresses
    monkeypatch.setattr(wire, "_addresses", lambda host, port: ["93.184.216.34"]
                        if host == "127.0.0.1" else real(host, port))


@pytest.mark.usefixtures("public_shop")
def test_redirect_from_a_public_host_to_a_private_address_is_refused(
    hosts: Callable[..., Host],
) -> None:
    inside = hosts({})
    loopback = inside.base.replace("127.0.0.1", "localhost") + "/admin"
    shop = hosts({"/p": redirect(loopback),
                  "/meta": redirect("http://169.254.169.254/latest/meta-data/"),
                  "/ten": redirect("http://10.0.0.1/")})
    for path, target in (("/p", "localhost"), ("/meta", "169.254.169.254"),
                         ("/ten", "10.0.0.1")):
        started = time.monotonic()
        snap = http.fetch(spec(f"{shop.base}{path}", respect_robots=False), "text/html")
        assert snap.error == (f"redirect from a public host to the non-public address of "
                              f"{target} refused (set allow_private_redirects: true on the "
                              "channel if that is intended)")
        assert time.monotonic() - started < 1.5, "refused before connecting"
    assert inside.seen == []
    allowed = http.fetch(spec(f"{shop.base}/p", respect_robots=False,
                              allow_private_redirects=True), "text/html")
    assert allowed.error is None and inside.paths() == ["/admin"]


def test_redirects_between_local_addresses_stay_allowed(hosts: Callable[..., Host]) -> None:
    inside = hosts({})
    shop = hosts({"/p": redirect(inside.base.replace("127.0.0.1", "localhost") + "/x")})
    assert http.fetch(spec(f"{shop.base}/p", respect_robots=False), "text/html").error is None
    assert inside.paths() == ["/x"]


def test_private_redirects_setting_reaches_the_request(tmp_path: Path) -> None:
    (tmp_path / "cohesion.yaml").write_text(
        "brand: B\ncatalog: {products: [{sku: A1, price: 10}]}\nchannels:\n"
        "  - {id: w, kind: web, location: 'http://127.0.0.1:1/', product_page: '{sku}',\n"
        "     allow_private_redirects: true}\n", encoding="utf-8")
    [(spec_, *_)] = engine.jobs(load(str(tmp_path / "cohesion.yaml")), "",
                                engine.RunOptions(), None)
    assert spec_.allow_private_redirects is True


# 4: credentials in URLs ------------------------------------------------------------------

def _rulebook(write: Callable[[str, str], Path], location: str) -> Path:
    return write("cohesion.yaml", f"""\
brand: X
catalog: {{products: [{{sku: A1, price: 12}}]}}
channels:
  - id: loja
    kind: web
    location: "{location}"
    product_page: "{{sku}}.html"
""")


def test_credentials_written_in_a_url_are_refused(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    rulebook = _rulebook(write, "http://buyer:p4ssw0rd@127.0.0.1:1/")
    for command in ("validate", "check"):
        result = cli(command, str(rulebook))
        assert result.exit_code == 2, (command, result.output)
        assert "a password or user name is written in the URL" in result.output
        assert "${ENV_VAR}" in result.output and "p4ssw0rd" not in result.output


def test_credentials_from_the_environment_are_masked_everywhere(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
    hosts: Callable[..., Host], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHOP_USER", "buyer-91c2")
    monkeypatch.setenv("SHOP_PASS", "pw-e40b77")
    monkeypatch.setenv("SHOP_AREA", "area-5f3a")
    echo = b"<p class='price'>R$ 10,00 buyer-91c2 pw-e40b77 area-5f3a</p>"
    shop = hosts({"/area-5f3a/A1.html": (200, {}, echo)})
    location = shop.base.replace("http://", "http://${SHOP_USER}:${SHOP_PASS}@") + "/${SHOP_AREA}/"
    rulebook = _rulebook(write, location)
    assert cli("validate", str(rulebook)).exit_code == 0
    archive, files = tmp_path / "arq", tmp_path / "reports"
    formats = ("table", "json", "junit", "sarif", "github", "markdown", "csv", "html")
    outputs = [cli("check", str(rulebook), "--format", fmt, "--archive", str(archive),
                   "--no-cache", "--output", f"{fmt}={files / fmt}") for fmt in formats]
    assert {o.exit_code for o in outputs} == {1}, [o.output for o in outputs]
    assert "${SHOP_PASS}@" in outputs[1].output, "the location is shown with its references"
    assert "R$ 10,00 *** *** ***" in outputs[1].output, "the values the page echoes are masked"
    [(path, headers)] = {p: h for p, h in shop.seen if p != "/robots.txt"}.items()
    assert path == "/area-5f3a/A1.html"
    assert base64.b64decode(headers["Authorization"].split()[1]) == b"buyer-91c2:pw-e40b77"
    secrets_ = ("buyer-91c2", "pw-e40b77", "area-5f3a")
    for output in outputs:
        assert not any(value in output.output for value in secrets_)
    for found in [*archive.rglob("*"), *files.iterdir()]:
        if found.is_file():
            raw = found.read_bytes()
            raw += gzip.decompress(raw) if found.suffix == ".gz" else b""
            assert not any(value.encode() in raw for value in secrets_), found


# 14: robots.txt --------------------------------------------------------------------------

def _drip(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.end_headers()
    try:
        for _ in range(60):
            handler.wfile.write(b"#")
            handler.wfile.flush()
            time.sleep(0.4)
    except OSError:
        pass


@pytest.mark.slow
def test_a_dripping_robots_txt_ends_within_the_body_deadline(
    hosts: Callable[..., Host],
) -> None:
    shop = hosts({"/robots.txt": _drip})
    done: list[str | None] = []
    worker = threading.Thread(target=lambda: done.append(
        http.fetch(spec(f"{shop.base}/p", timeout=1.0), "text/html").error), daemon=True)
    worker.start()
    worker.join(timeout=6)
    assert done == ["robots.txt body not received within 1.5 s"]


@pytest.mark.parametrize("answer", [
    (200, {"Content-Encoding": "gzip", "Content-Type": "text/plain"}, b"bomb"),
    (200, {"Content-Type": "text/plain"}, b"Disallow: /never\n" * 700_000),
], ids=["gzip-bomb", "12-mb"])
def test_a_huge_robots_txt_is_read_only_up_to_its_cap(
    hosts: Callable[..., Host], answer: Answer,
) -> None:
    status, headers, body = answer
    shop = hosts({"/robots.txt": (status, headers, gzip_bomb() if body == b"bomb" else body)})
    tracemalloc.start()
    try:
        snap = http.fetch(spec(f"{shop.base}/p"), "text/html")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert snap.error is None
    assert peak < 8 * 1024 * 1024, f"{peak / 1e6:.0f} MB held for robots.txt"


def _slow_robots(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(0.3)
    body = b"User-agent: *\nDisallow: /private\n"
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _catalog(tmp_path: Path, base: str, count: int) -> Path:
    products = "\n".join(f"    - {{sku: P{i:03}, price: 10}}" for i in range(count))
    (tmp_path / "cohesion.yaml").write_text(
        f"brand: B\ncatalog:\n  products:\n{products}\nchannels:\n  - id: loja\n"
        f"    kind: web\n    location: {base}/\n    product_page: \"{{sku}}.html\"\n",
        encoding="utf-8")
    return tmp_path / "cohesion.yaml"


def test_robots_txt_is_read_once_per_host_and_within_the_connection_limit(
    hosts: Callable[..., Host], tmp_path: Path,
) -> None:
    """Eight reading threads start at once: one reads robots.txt, the others wait for it;
    connections kept alive count while idle, and never exceed PER_HOST."""
    shop = hosts({"/robots.txt": _slow_robots}, keep_alive=True)
    report = engine.run(load(str(_catalog(tmp_path, shop.base, 24))),
                        engine.RunOptions(cache=None), executor=None)
    assert report.exit_code == 0
    assert shop.paths().count("/robots.txt") == 1
    assert len(shop.paths()) == 25
    assert shop.most <= PER_HOST


@pytest.mark.slow
def test_worker_processes_read_robots_txt_once_per_host(
    hosts: Callable[..., Host], tmp_path: Path,
) -> None:
    shop = hosts({"/robots.txt": _slow_robots}, keep_alive=True)
    count = workers.PROCESS_THRESHOLD + 8
    report = engine.run(load(str(_catalog(tmp_path, shop.base, count))), engine.RunOptions())
    assert report.exit_code == 0
    assert shop.paths().count("/robots.txt") == 1
    assert len(shop.paths()) == count + 1
    assert shop.most <= PER_HOST


# 20: broken chunked encoding -------------------------------------------------------------

def test_a_malformed_chunked_body_is_named_as_such(hosts: Callable[..., Host]) -> None:
    def broken(handler: BaseHTTPRequestHandler) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                            b"Transfer-Encoding: chunked\r\n\r\nZZ\r\n<p>R$ 1,00</p>\r\n0\r\n\r\n")

    shop = hosts({"/p": broken})
    started = time.monotonic()
    snap = http.fetch(spec(f"{shop.base}/p", respect_robots=False), "text/html")
    assert snap.error == ("request failed: the server sent a malformed chunked body "
                          "(a chunk size that is not a number)")
    assert shop.paths() == ["/p"], "a malformed body is not asked for again"
    assert time.monotonic() - started < 1


ATTACKS = (
    Attack(item=1, name="secrets-cross-host-redirect",
           attack="A page on the shop's host redirects (302) to another host (another port "
                  "on 127.0.0.1); the channel sends X-Api-Key from ${SHOP_TOKEN}, a Cookie "
                  "from ${SHOP_COOKIE}, a plain configured header and URL credentials.",
           outcome="The other host receives none of them; the shop's own host, including "
                   "after a same-host redirect, receives all of them.",
           tests=("test_cross_host_redirect_drops_the_channels_headers_and_cookies",)),
    Attack(item=4, name="credentials-in-url",
           attack="A channel location with a password written in it "
                  "(http://user:p4ssw0rd@host/), and one written as "
                  "http://${SHOP_USER}:${SHOP_PASS}@host/${SHOP_AREA}/.",
           outcome="The first is refused by validate and check (exit 2, pointing to "
                   "${ENV_VAR}); the second is sent as Basic auth and shown only as its "
                   "references in all eight formats, the archive index and the WARC; the values, "
                   "echoed by the page, are masked as ***.",
           tests=("test_credentials_written_in_a_url_are_refused",
                  "test_credentials_from_the_environment_are_masked_everywhere")),
    Attack(item=14, name="robots-drip",
           attack="robots.txt sent one byte every 0.4 s (each within the read timeout), forever.",
           outcome="Cut at the body deadline (1.5 x the timeout); the host's pages are "
                   "unverifiable with that reason.",
           tests=("test_a_dripping_robots_txt_ends_within_the_body_deadline",)),
    Attack(item=14, name="robots-huge-or-bomb",
           attack="robots.txt as a gzip bomb (60 MB of spaces) or as 12 MB of rules.",
           outcome="Only its first 512 KiB are read and parsed; under 8 MB of memory.",
           tests=("test_a_huge_robots_txt_is_read_only_up_to_its_cap",)),
    Attack(item=14, name="robots-once-per-host",
           attack="A catalog read by eight threads, or by worker processes, from one host "
                  "whose robots.txt answers slowly and keeps connections alive.",
           outcome="robots.txt is requested once per run; never more than 4 connections "
                   "are open to the host, idle ones included.",
           tests=("test_robots_txt_is_read_once_per_host_and_within_the_connection_limit",
                  "test_worker_processes_read_robots_txt_once_per_host")),
    Attack(item=20, name="malformed-chunked-body",
           attack="A chunked answer whose chunk size is 'ZZ'.",
           outcome="Unverifiable: 'the server sent a malformed chunked body', asked once.",
           tests=("test_a_malformed_chunked_body_is_named_as_such",)),
    Attack(item=24, name="redirect-to-private-address",
           attack="A public host (127.0.0.1 answered as a public address) redirects to "
                  "localhost, to 169.254.169.254 and to 10.0.0.1.",
           outcome="Refused before connecting, with the setting that allows it "
                   "(allow_private_redirects); redirects between local addresses still "
                   "followed.",
           tests=("test_redirect_from_a_public_host_to_a_private_address_is_refused",
                  "test_redirects_between_local_addresses_stay_allowed",
                  "test_private_redirects_setting_reaches_the_request")),
)
