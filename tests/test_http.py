"""The hardened HTTP reader (web and api kinds) against a misbehaving local server."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import Result

from cohesion_cli import engine, workers
from cohesion_cli.channels.rulebook import load
from cohesion_cli.channels.transport import http, robots, wire
from cohesion_cli.channels.transport.http import PER_HOST
from cohesion_cli.rulebook.plan import DocumentSpec


class Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}
    seen_headers: ClassVar[list[dict[str, str]]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        count = Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        Handler.seen_headers.append(dict(self.headers))
        route = self.path.split("?")[0]
        if route == "/sets-cookie":
            return self._send(200, b"<p>R$ 10,00</p>", {"Set-Cookie": "visitor=abc123; Path=/"})
        if route == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private\n")
        if route == "/busy-once":
            if count == 1:
                return self._send(503, b"busy", {"Retry-After": "0"})
            return self._send(200, b"<p>R$ 10,00</p>")
        if route == "/rate-limited":
            return self._send(429, b"slow down", {"Retry-After": "3600"})
        if route == "/always-500":
            return self._send(500, b"oops")
        if route == "/to-ftp":
            return self._send(302, b"", {"Location": "ftp://127.0.0.1/file"})
        if route == "/loop":
            return self._send(302, b"", {"Location": "/loop"})
        if route == "/secret":
            ok = self.headers.get("Authorization") == "Bearer s3cr3t-token"
            return self._send(200 if ok else 401, b"<p>R$ 10,00</p>")
        if route == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"x" * 1024 * 1024
            try:
                for _ in range(12):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        return self._send(200, b"<p>R$ 10,00</p>")

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def base() -> Iterator[str]:
    Handler.hits.clear()
    Handler.seen_headers.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    robots.forget()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def spec(url: str, **kwargs: object) -> DocumentSpec:
    return DocumentSpec(channel="c", kind="web", location=url, role="product", product="A1",
                        timeout=5.0, **kwargs)  # type: ignore[arg-type]


def test_ok_and_user_agent(base: str) -> None:
    snap = http.fetch(spec(f"{base}/page"), "text/html")
    assert snap.error is None and snap.status == 200 and b"R$ 10,00" in snap.body
    assert Handler.seen_headers[-1]["User-Agent"].startswith("cohesion-cli/")


def test_proxy_from_the_environment_is_used(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment is read once per origin, not per request, but still honoured."""
    for name in ("NO_PROXY", "no_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", base)
    wire._environment.cache_clear()
    try:
        snap = http.fetch(spec("http://shop.invalid/page", respect_robots=False), "text/html")
    finally:
        wire._environment.cache_clear()
    assert snap.error is None and b"R$ 10,00" in snap.body
    assert Handler.hits.get("http://shop.invalid/page") == 1


def test_a_cookie_a_server_sets_is_not_sent_with_later_requests(base: str) -> None:
    """Pooled connections are shared by every channel on a host: what one answer set must
    not reach another channel's request (only configured cookies are sent)."""
    for _ in range(PER_HOST + 1):
        assert http.fetch(spec(f"{base}/sets-cookie"), "text/html").error is None
    assert http.fetch(spec(f"{base}/page"), "text/html").error is None
    assert all("Cookie" not in headers for headers in Handler.seen_headers)


def test_503_with_retry_after_is_retried(base: str) -> None:
    snap = http.fetch(spec(f"{base}/busy-once"), "text/html")
    assert snap.error is None
    assert Handler.hits["/busy-once"] == 2


def test_429_asking_too_long_a_wait_gives_up(base: str) -> None:
    snap = http.fetch(spec(f"{base}/rate-limited"), "text/html")
    assert snap.error == ("HTTP 429 Too Many Requests (asked to retry after 3600; "
                          "more than 30 s)")
    assert Handler.hits["/rate-limited"] == 1


@pytest.mark.slow
def test_server_errors_are_retried_then_reported(base: str) -> None:
    snap = http.fetch(spec(f"{base}/always-500"), "text/html")
    assert snap.error == "HTTP 500 Internal Server Error"
    assert Handler.hits["/always-500"] == http.ATTEMPTS


def test_robots_txt_is_honoured_unless_told_otherwise(base: str) -> None:
    denied = http.fetch(spec(f"{base}/private/page"), "text/html")
    assert denied.error is not None and "robots.txt" in denied.error
    assert "/private/page" not in Handler.hits
    allowed = http.fetch(spec(f"{base}/private/page", respect_robots=False), "text/html")
    assert allowed.error is None


def test_redirects_only_to_http(base: str) -> None:
    assert http.fetch(spec(f"{base}/to-ftp"), "text/html").error == \
        "redirected to a non-http(s) address"
    assert http.fetch(spec(f"{base}/loop"), "text/html").error == "too many redirects"


def test_body_size_is_capped(base: str) -> None:
    snap = http.fetch(spec(f"{base}/huge"), "text/html")
    assert snap.error is not None and snap.error.startswith("body larger than")


def test_headers_from_environment(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    headers = (("Authorization", "Bearer ${SHOP_TOKEN}"),)
    monkeypatch.delenv("SHOP_TOKEN", raising=False)
    missing = http.fetch(spec(f"{base}/secret", headers=headers), "text/html")
    assert missing.error == "environment variable SHOP_TOKEN is not set"
    monkeypatch.setenv("SHOP_TOKEN", "s3cr3t-token")
    snap = http.fetch(spec(f"{base}/secret", headers=headers), "text/html")
    assert snap.error is None and snap.status == 200


def test_insecure_is_explicit_and_loud(
    cli: Callable[..., Result], write: Callable[[str, str], Path], base: str,
) -> None:
    rulebook = write("cohesion.yaml", "brand: A\ncatalog: {products: [{sku: A1, price: 10}]}\n"
                     f"channels:\n  - {{id: w, kind: web, location: '{base}/', "
                     "product_page: page}\n")
    plain = cli("check", str(rulebook), "--ignore-robots")
    assert "TLS certificates are NOT verified" not in plain.output
    loud = cli("check", str(rulebook), "--ignore-robots", "--insecure")
    assert "WARNING: --insecure: TLS certificates are NOT verified" in loud.output
    assert loud.exit_code == plain.exit_code == 0


class _Counting(BaseHTTPRequestHandler):
    """Serves one product page per path, slowly, counting requests in flight."""

    lock = threading.Lock()
    now = 0
    most = 0

    def do_GET(self) -> None:
        cls = type(self)
        with cls.lock:
            cls.now += 1
            cls.most = max(cls.most, cls.now)
        time.sleep(0.02)
        sku = self.path.strip("/").removesuffix(".html")
        body = (f"<html><body><h1>Produto {sku}</h1><p class='price'>R$ 399,90</p>"
                "</body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with cls.lock:  # before the body: once the client has it, it may send its next
            cls.now -= 1  # request while this thread has yet to count this one done
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.mark.slow
def test_worker_processes_stay_within_the_per_host_limit(tmp_path: Path) -> None:
    """A catalog large enough for worker processes: they read concurrently (several requests
    in flight at once on a multi-core machine) and together never more than PER_HOST."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    skus = [f"P{i:03}" for i in range(workers.PROCESS_THRESHOLD + 36)]
    products = "\n".join(f"    - {{sku: {s}, price: 399.90}}" for s in skus)
    (tmp_path / "cohesion.yaml").write_text(
        f"brand: B\ncatalog:\n  products:\n{products}\nchannels:\n  - id: loja\n    kind: web\n"
        f"    location: http://127.0.0.1:{server.server_address[1]}/\n"
        "    product_page: \"{sku}.html\"\n", encoding="utf-8")
    try:
        report = engine.run(load(str(tmp_path / "cohesion.yaml")),
                            engine.RunOptions(respect_robots=False))
    finally:
        server.shutdown()
        server.server_close()
    assert report.exit_code == 0, [r for r in report.results if r.outcome.value != "ok"]
    assert len([r for r in report.results if r.rule == "price"]) == len(skus)
    assert _Counting.most <= PER_HOST
    if (os.cpu_count() or 1) > 1:
        assert _Counting.most >= 2


class _Revalidating(BaseHTTPRequestHandler):
    """Answers 200 with an ETag, then 304 to a request that sends it; counts connections."""

    protocol_version = "HTTP/1.1"
    connections = 0

    def setup(self) -> None:
        type(self).connections += 1
        super().setup()

    def do_GET(self) -> None:
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.send_header("ETag", '"v1"')
            self.end_headers()
            return
        body = b"<html><body><p>R$ 399,90</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_not_modified_answers_keep_the_connection(tmp_path: Path) -> None:
    """A re-run revalidates every page: a 304 leaves the connection open for the next one."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Revalidating)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/p.html"
    try:
        results = [http.fetch(spec(url, cache_dir=str(tmp_path), respect_robots=False),
                              "text/html") for _ in range(4)]
    finally:
        server.shutdown()
        server.server_close()
    assert [r.from_cache for r in results] == [False, True, True, True]
    assert all(r.body == results[0].body for r in results)
    assert _Revalidating.connections == 1
