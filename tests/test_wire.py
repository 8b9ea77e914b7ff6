"""The urllib3 transport under ``http.fetch``: what it sends (Basic auth from URL credentials
or netrc, cookies, proxies chosen from the environment), redirect targets re-quoted,
connections kept alive and closed, certificates verified, and requests that cannot be sent
named without their secrets. Every server listens on 127.0.0.1."""

from __future__ import annotations

import base64
import datetime
import importlib.util
import ipaddress
import os
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from cohesion_cli.channels.transport import environment, http, redirects, wire
from cohesion_cli.rulebook.plan import DocumentSpec

PAGE = b"<html><body><p class='price'>R$ 10,00</p></body></html>"
Answer = tuple[int, dict[str, str], bytes]
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY",
                   "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "REQUEST_METHOD", "NETRC",
                   "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


class _Quiet(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client hanging up on an answer it will not read is expected here."""


class Server:
    """Answers ``routes`` (path -> status, headers, body; anything else: the page) over
    HTTP/1.1 with keep-alive; records each request's target and headers, counts the
    connections accepted and those still open."""

    def __init__(self, routes: dict[str, Answer] | None = None,
                 tls: ssl.SSLContext | None = None) -> None:
        self.routes = routes or {}
        self.seen: list[tuple[str, str, dict[str, str]]] = []
        self.connections = self.open = 0
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                with server.lock:
                    server.connections += 1
                    server.open += 1
                super().setup()

            def finish(self) -> None:
                super().finish()
                with server.lock:
                    server.open -= 1

            def do_GET(self) -> None:
                self._answer()

            def do_CONNECT(self) -> None:
                self._answer()

            def _answer(self) -> None:
                with server.lock:
                    server.seen.append((self.command, self.path, dict(self.headers)))
                default: Answer = (403, {}, b"") if self.command == "CONNECT" else (200, {}, PAGE)
                status, headers, body = server.routes.get(self.path, default)
                self.send_response(status)
                for name, value in {"Content-Type": "text/html", **headers}.items():
                    self.send_header(name, value)
                chunked = headers.get("Transfer-Encoding") == "chunked"
                if not chunked:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not chunked:
                    self.wfile.write(body)
                    return
                for start in range(0, len(body), 1000):
                    part = body[start:start + 1000]
                    self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.http = _Quiet(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.http.socket = tls.wrap_socket(self.http.socket, server_side=True)
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        scheme = "http" if tls is None else "https"
        self.base = f"{scheme}://127.0.0.1:{self.http.server_address[1]}"

    def targets(self) -> list[str]:
        return [target for _, target, _ in self.seen]

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def serve() -> Iterator[Callable[..., Server]]:
    started: list[Server] = []

    def start(*args: Any, **kwargs: Any) -> Server:
        started.append(Server(*args, **kwargs))
        return started[-1]

    yield start
    wire.close_all()
    for server in started:
        server.close()


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No proxy, netrc or CA bundle from the machine running the tests; the environment is
    read again for each test."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", "/nonexistent")
    wire._environment.cache_clear()
    yield
    wire._environment.cache_clear()


def spec(url: str, **kwargs: Any) -> DocumentSpec:
    return DocumentSpec(channel="c", kind="web", location=url, role="product", product="A1",
                        **{"timeout": 5.0, "respect_robots": False, **kwargs})


def basic_credentials(headers: dict[str, str], name: str = "Authorization") -> bytes:
    scheme, _, value = headers[name].partition(" ")
    assert scheme == "Basic"
    return base64.b64decode(value)


# what is sent --------------------------------------------------------------------------

def test_url_credentials_and_cookies_are_sent_once_each(
    serve: Callable[..., Server], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHOP_PASS", "pw é")
    shop = serve()
    url = shop.base.replace("http://", "http://buyer:${SHOP_PASS}@") + "/p"
    snap = http.fetch(spec(url, cookies=(("a", "1"), ("b", "2"))), "text/html")
    assert snap.error is None and snap.body == PAGE
    [(_, target, headers)] = shop.seen
    assert target == "/p"
    assert basic_credentials(headers) == "buyer:pw é".encode("latin-1")
    assert headers["Cookie"] == "a=1; b=2"
    assert headers["User-Agent"] == wire.USER_AGENT
    assert {"gzip", "deflate"} <= {c.strip() for c in headers["Accept-Encoding"].split(",")}


def test_basic_credentials_outside_latin1_are_sent_as_utf8() -> None:
    assert wire.basic("comprador", "senha✓") == \
        "Basic " + base64.b64encode("comprador:senha✓".encode()).decode()


def test_netrc_credentials_are_sent_unless_the_url_has_its_own(
    serve: Callable[..., Server], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    (tmp_path / "netrc").write_text("machine 127.0.0.1 login buyer password pw-netrc\n",
                                    encoding="utf-8")
    monkeypatch.setenv("NETRC", str(tmp_path / "netrc"))
    monkeypatch.setenv("SHOP_PASS", "pw-url")
    shop = serve()
    assert http.fetch(spec(f"{shop.base}/p"), "text/html").error is None
    url = shop.base.replace("http://", "http://other:${SHOP_PASS}@") + "/q"
    assert http.fetch(spec(url), "text/html").error is None
    (_, _, from_netrc), (_, _, from_url) = shop.seen
    assert basic_credentials(from_netrc) == b"buyer:pw-netrc"
    assert basic_credentials(from_url) == b"other:pw-url"


def test_netrc_is_read_from_the_home_folder_and_a_broken_one_is_ignored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert environment.netrc_for("shop.example") is None
    (tmp_path / ".netrc").write_text("machine shop.example login u password p\n",
                                     encoding="utf-8")
    assert environment.netrc_for("shop.example") == ("u", "p")
    assert environment.netrc_for("other.example") is None
    (tmp_path / ".netrc").write_text("machine shop.example login\n", encoding="utf-8")
    assert environment.netrc_for("shop.example") is None


def test_a_header_that_cannot_be_sent_is_named_without_its_value(
    serve: Callable[..., Server], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHOP_TOKEN", "tok-9c1f\r\nX-Injected: 1")
    shop = serve()
    snap = http.fetch(spec(f"{shop.base}/p", headers=(("X-Api-Key", "${SHOP_TOKEN}"),)),
                      "text/html")
    assert snap.error == ("request failed: the request cannot be sent as given: a line "
                          "break, a control character or a character outside Latin-1 in the "
                          "address or a header")
    assert shop.seen == []


# proxies -------------------------------------------------------------------------------

@pytest.mark.parametrize(("variables", "url", "expected"), [
    ({"HTTP_PROXY": "proxy:3128"}, "http://shop.example/", "http://proxy:3128"),
    ({"HTTP_PROXY": "http://upper:1", "http_proxy": "http://lower:1"}, "http://a.example/",
     "http://lower:1"),
    ({"ALL_PROXY": "http://all:1"}, "https://a.example/", "http://all:1"),
    ({"HTTPS_PROXY": "http://tls:1", "ALL_PROXY": "http://all:1"}, "https://a.example/",
     "http://tls:1"),
    ({"HTTPS_PROXY": "http://tls:1"}, "http://a.example/", None),
    ({"HTTP_PROXY": "http://p:1", "NO_PROXY": "*"}, "http://a.example/", None),
    ({"HTTP_PROXY": "http://p:1", "NO_PROXY": "x.org, .example.com"},
     "http://shop.example.com/", None),
    ({"HTTP_PROXY": "http://p:1", "NO_PROXY": "example.com"}, "http://example.com/", None),
    ({"HTTP_PROXY": "http://p:1", "NO_PROXY": "example.com"}, "http://badexample.com/",
     "http://p:1"),
    ({"HTTP_PROXY": "http://p:1", "NO_PROXY": "shop.example:8080"},
     "http://shop.example:8080/", None),
    ({"HTTP_PROXY": "http://p:1", "NO_PROXY": "10.0.0.0/8"}, "http://10.1.2.3/", None),
    ({"HTTP_PROXY": "http://p:1", "NO_PROXY": "10.0.0.0/8"}, "http://11.1.2.3/",
     "http://p:1"),
    ({"HTTP_PROXY": "http://p:1", "REQUEST_METHOD": "GET"}, "http://a.example/", None),
])
def test_the_proxy_is_chosen_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], url: str,
    expected: str | None,
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert environment.read(wire.origin(url)).proxy == expected


def test_proxy_credentials_go_to_the_proxy_only(
    serve: Callable[..., Server], monkeypatch: pytest.MonkeyPatch,
) -> None:
    proxy = serve()
    monkeypatch.setenv("HTTP_PROXY", proxy.base.replace("http://", "http://pu:pp%40x@"))
    snap = http.fetch(spec("http://shop.invalid/page"), "text/html")
    assert snap.error is None and snap.body == PAGE
    [(_, target, headers)] = proxy.seen
    assert target == "http://shop.invalid/page"
    assert basic_credentials(headers, "Proxy-Authorization") == b"pu:pp@x"
    assert "Authorization" not in headers


def test_https_goes_through_the_proxy_as_a_tunnel(
    serve: Callable[..., Server], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(http, "ATTEMPTS", 1)  # a refused tunnel is retried like a reset
    proxy = serve()
    monkeypatch.setenv("HTTPS_PROXY", proxy.base)
    snap = http.fetch(spec("https://shop.invalid/page"), "text/html")
    assert snap.error is not None and snap.error.startswith("cannot connect: ")
    assert proxy.seen[0][:2] == ("CONNECT", "shop.invalid:443")


def test_no_proxy_connects_directly(
    serve: Callable[..., Server], monkeypatch: pytest.MonkeyPatch,
) -> None:
    proxy, shop = serve(), serve()
    monkeypatch.setenv("HTTP_PROXY", proxy.base)
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    assert http.fetch(spec(f"{shop.base}/p"), "text/html").error is None
    assert proxy.seen == [] and shop.targets() == ["/p"]


@pytest.mark.skipif(importlib.util.find_spec("socks") is not None,
                    reason="PySocks is installed")
@pytest.mark.filterwarnings("ignore::urllib3.exceptions.DependencyWarning")
def test_a_socks_proxy_without_pysocks_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:1")
    snap = http.fetch(spec("http://shop.invalid/page"), "text/html")
    assert snap.error == "request failed: Missing dependencies for SOCKS support."


# redirects -----------------------------------------------------------------------------

@pytest.mark.parametrize(("target", "expected"), [
    ("http://a.example/caf\u00e9 x?q=a b#top", "http://a.example/caf%C3%A9%20x?q=a%20b#top"),
    ("http://a.example/%7euser/%2Fkept%20?x=%3D", "http://a.example/~user/%2Fkept%20?x=%3D"),
    ("http://a.example/100%/off", "http://a.example/100%25/off"),
    ("http://a.example/50%25 and 100%", "http://a.example/50%25%20and%20100%25"),
    ("http://a.example/%zz%4", "http://a.example/%25zz%254"),
    ("http://a.example/ok/path?a=1&b=[2]", "http://a.example/ok/path?a=1&b=[2]"),
])
def test_a_redirect_target_is_requoted(target: str, expected: str) -> None:
    assert redirects.requoted(target) == expected


def test_a_utf8_location_is_followed_percent_encoded(serve: Callable[..., Server]) -> None:
    location = "/caf\u00e9 novo?q=a b".encode().decode("latin-1")  # as sent: UTF-8 bytes
    shop = serve({"/p": (302, {"Location": location}, b"")})
    snap = http.fetch(spec(f"{shop.base}/p"), "text/html")
    assert snap.error is None and snap.body == PAGE
    assert shop.targets() == ["/p", "/caf%C3%A9%20novo?q=a%20b"]


# connections ---------------------------------------------------------------------------

def test_sequential_requests_and_redirects_share_one_connection(
    serve: Callable[..., Server],
) -> None:
    shop = serve({"/old": (301, {"Location": "/new"}, b"")})
    for path in ("/a", "/b", "/old", "/c", "/d"):
        snap = http.fetch(spec(f"{shop.base}{path}"), "text/html")
        assert snap.error is None and snap.body == PAGE
    assert shop.targets() == ["/a", "/b", "/old", "/new", "/c", "/d"]
    assert shop.connections == 1


def test_a_chunked_body_read_to_its_end_keeps_its_connection(
    serve: Callable[..., Server],
) -> None:
    shop = serve({"/c": (200, {"Transfer-Encoding": "chunked"}, PAGE * 10)})
    for _ in range(3):
        snap = http.fetch(spec(f"{shop.base}/c"), "text/html")
        assert snap.error is None and snap.body == PAGE * 10
    assert shop.connections == 1


def test_close_all_closes_idle_connections(serve: Callable[..., Server]) -> None:
    shop = serve()
    assert http.fetch(spec(f"{shop.base}/p"), "text/html").error is None
    assert shop.open == 1
    wire.close_all()
    deadline = time.monotonic() + 5
    while shop.open and time.monotonic() < deadline:
        time.sleep(0.01)
    assert shop.open == 0


def test_a_body_cut_at_its_cap_does_not_go_back_to_the_pool(
    serve: Callable[..., Server], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(http, "MAX_BODY_BYTES", 1000)
    shop = serve({"/big": (200, {}, b"x" * 200_000)})  # more than one read
    assert http.fetch(spec(f"{shop.base}/big"), "text/html").error == \
        "body larger than 1000 bytes"
    assert http.fetch(spec(f"{shop.base}/p"), "text/html").error is None
    assert shop.connections == 2


def test_the_page_path_does_not_import_requests(serve: Callable[..., Server]) -> None:
    shop = serve()
    code = ("import sys\n"
            "from cohesion_cli.channels.transport import http\n"
            "from cohesion_cli.rulebook.plan import DocumentSpec\n"
            f"spec = DocumentSpec(channel='c', kind='web', location='{shop.base}/p', "
            "role='product', product='A1')\n"
            "assert http.fetch(spec, 'text/html').error is None\n"
            "assert 'requests' not in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.returncode == 0, done.stderr
    assert shop.targets() == ["/robots.txt", "/p"]


# certificates --------------------------------------------------------------------------

@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, ssl.SSLContext]:
    """A self-signed certificate for 127.0.0.1 (PEM file) and a server context using it."""
    pytest.importorskip("cryptography")
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cohesion test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(ski, critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski),
                           critical=False)
            .sign(key, hashes.SHA256()))
    pem, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pem, key_file)
    return pem, context


def test_certificates_are_verified_unless_told_otherwise(
    serve: Callable[..., Server], certificate: tuple[Path, ssl.SSLContext],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(http, "ATTEMPTS", 1)  # a failed handshake is retried like a reset
    pem, context = certificate
    shop = serve(tls=context)
    refused = http.fetch(spec(f"{shop.base}/p"), "text/html")
    assert refused.error is not None and refused.error.startswith("cannot connect: ")
    assert "certificate verify failed" in refused.error
    assert shop.seen == []
    with pytest.warns(Warning, match="Unverified HTTPS request"):
        insecure = http.fetch(spec(f"{shop.base}/p", verify_tls=False), "text/html")
    assert insecure.error is None and insecure.body == PAGE
    for variable in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        with monkeypatch.context() as env:
            env.setenv(variable, str(pem))
            wire._environment.cache_clear()
            trusted = http.fetch(spec(f"{shop.base}/p"), "text/html")
        assert trusted.error is None and trusted.body == PAGE, variable
