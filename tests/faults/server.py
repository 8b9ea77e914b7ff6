"""A misbehaving HTTP server on 127.0.0.1 for the fault-injection suite (tests/test_faults.py).

Standard library only. One listening socket, one thread per connection, and every answer
written as raw bytes, so a fault can stall or break a response anywhere: before the status
line, in the middle of the body, with a TCP reset. A fault is a route
``/<fault>/<token>/<document>``; the token keeps the request counters of cases running at
the same time apart (``busy-once`` answers 503 to the first request *of its path*). Every
route's docstring says how the fault is produced; the suite copies it into
docs/RELIABILITY.md.

A connect timeout needs a socket of its own, :class:`Blackhole`: it listens, never accepts,
and its accept queue is filled on purpose, so the kernel drops further connection attempts
and clients wait until their timeout. Nothing here leaves the loopback interface.

Handlers that wait use the server's stop event, so :meth:`FaultServer.close` ends slow and
endless answers at once.
"""

from __future__ import annotations

import select
import socket
import struct
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

SLOW_HEADERS_DELAY = 20.0
"""Seconds before the status line: longer than the timeout of ``cohesion check`` in the
suite (2 s) and than the default timeout ``cohesion extract`` uses (15 s)."""
HUGE_BYTES = 50 * 1024 * 1024
BOMB_BYTES = 60 * 1024 * 1024
"""What the gzip bomb expands to; on the wire it is about a thousandth of that."""

PAGE = """<!DOCTYPE html>
<html lang="pt-BR"><head><title>Tênis Brisa</title></head>
<body><h1>Tênis Brisa</h1>
<div class="price">R$ 399,90</div><p>ou 10x de R$ 39,99 sem juros</p>
<p>Entrega em até 5 dias úteis.</p>
</body></html>
"""
"""The product page every fault that still delivers a page is built from; it agrees with
the suite's rulebook (A1, R$ 399,90, 10x interest-free, 5 business days)."""

PAGE_1252 = PAGE.replace("<h1>Tênis Brisa</h1>", "<h1>Tênis Brisa – “edição verão”</h1>")
"""The page with characters that exist in Windows-1252 but not in Latin-1 (dash, quotes)."""

CAPTCHA = """<!DOCTYPE html>
<html lang="pt-BR"><head><title>Just a moment...</title>
<meta name="robots" content="noindex,nofollow"></head>
<body><h1>Verificando se você é humano</h1>
<p>Access denied. Please complete the security check to continue.</p>
<form action="/captcha" method="post"><div class="g-recaptcha" data-sitekey="6LcX"></div>
<button type="submit">Não sou um robô</button></form>
<p>Produto temporariamente indisponível para acesso automatizado.
Tente novamente em 5 minutos.</p>
<p>Ray ID: 7d2f1c9b3a4e5f60 · Referência #18.2f3e1402.1700000000 · Erro 1020</p>
</body></html>
"""
"""A bot wall: no price, but words a careless reader could take for facts
("indisponível", "5 minutos", reference numbers)."""

BAD_JSONLD = PAGE.replace("</head>", """<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "Product", "name": "Tênis Brisa",
 "offers": {"@type": "Offer", "price": "399.90",, "priceCurrency": "BRL"
</script></head>""")
"""The page with a JSON-LD block that is not JSON (double comma, unclosed braces)."""

ROBOTS = b"User-agent: *\nAllow: /\n"


@dataclass
class Exchange:
    """One request on one connection, and the means to answer it badly."""

    conn: socket.socket
    path: str
    hits: int
    """How many times this exact path was requested, this request included."""
    stop: threading.Event

    def send(self, data: bytes) -> bool:
        """Send bytes; False when the client is gone."""
        try:
            self.conn.sendall(data)
        except OSError:
            return False
        return True

    def head(self, status: int, reason: str, headers: dict[str, str],
             close: bool = True) -> bool:
        """Status line and headers; ``close`` announces that the connection ends with the
        answer (otherwise the client may keep it alive)."""
        fields = headers | ({"Connection": "close"} if close else {})
        lines = [f"HTTP/1.1 {status} {reason}", *(f"{k}: {v}" for k, v in fields.items()),
                 "", ""]
        return self.send("\r\n".join(lines).encode("latin-1"))

    def respond(self, status: int, reason: str, body: bytes,
                content_type: str = "text/html; charset=utf-8",
                headers: dict[str, str] | None = None) -> None:
        extra = {"Content-Type": content_type, "Content-Length": str(len(body))}
        if self.head(status, reason, extra | (headers or {})):
            self.send(body)

    def wait(self, seconds: float) -> bool:
        """Sleep unless the server is closing; True while it keeps running."""
        return not self.stop.wait(seconds)

    def reset(self) -> None:
        """Close with SO_LINGER 0: the peer gets a TCP RST instead of a FIN."""
        self.conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.conn.close()


Route = Callable[[Exchange], None]


def _page(ex: Exchange) -> None:
    """A healthy product page (200, UTF-8)."""
    ex.respond(200, "OK", PAGE.encode())


def _slow_headers(ex: Exchange) -> None:
    """Accepts the connection and reads the request, then waits 20 s before the status line
    (longer than any timeout the suite or the tool's default uses)."""
    if ex.wait(SLOW_HEADERS_DELAY):
        ex.respond(200, "OK", PAGE.encode())


def _slow_drip(ex: Exchange) -> None:
    """Sends the status line and headers at once (no Content-Length, `Connection: close`),
    then the page one byte per second, forever: each byte arrives well within a read
    timeout."""
    if not ex.head(200, "OK", {"Content-Type": "text/html; charset=utf-8"}):
        return
    body = PAGE.encode()
    position = 0
    while ex.wait(1.0) and ex.send(body[position:position + 1]):
        position = (position + 1) % len(body)


def _slow_drip_chunked(ex: Exchange) -> None:
    """Sends the headers at once (`Transfer-Encoding: chunked`, connection kept alive),
    then the page in one-byte chunks, one per second, forever."""
    if not ex.head(200, "OK", {"Content-Type": "text/html; charset=utf-8",
                               "Transfer-Encoding": "chunked"}, close=False):
        return
    body = PAGE.encode()
    position = 0
    while ex.wait(1.0) and ex.send(b"1\r\n" + body[position:position + 1] + b"\r\n"):
        position = (position + 1) % len(body)


def _reset(ex: Exchange) -> None:
    """Announces the full page, sends the first half of it, waits 0.3 s, then resets the
    connection (SO_LINGER 0 gives a TCP RST)."""
    body = PAGE.encode()
    ex.head(200, "OK", {"Content-Type": "text/html; charset=utf-8",
                        "Content-Length": str(len(body))})
    ex.send(body[: len(body) // 2])
    ex.wait(0.3)
    ex.reset()


def _error_500(ex: Exchange) -> None:
    """Answers 500 Internal Server Error to every request."""
    ex.respond(500, "Internal Server Error", b"<h1>Internal Server Error</h1>")


def _busy_once(ex: Exchange) -> None:
    """Answers 503 with Retry-After: 1 to the first request of a path, then the page."""
    if ex.hits == 1:
        ex.respond(503, "Service Unavailable", b"<h1>busy</h1>", headers={"Retry-After": "1"})
    else:
        _page(ex)


def _busy_always(ex: Exchange) -> None:
    """Answers 503 with Retry-After: 1 to every request."""
    ex.respond(503, "Service Unavailable", b"<h1>busy</h1>", headers={"Retry-After": "1"})


def _rate_limited(ex: Exchange) -> None:
    """Answers 429 with Retry-After: 3600 (longer than the 30 s the tool may wait)."""
    ex.respond(429, "Too Many Requests", b"<h1>slow down</h1>",
               headers={"Retry-After": "3600"})


def _redirect_loop(ex: Exchange) -> None:
    """Redirects (302) between two addresses, back and forth, forever."""
    target = ex.path[:-len("?again")] if ex.path.endswith("?again") else ex.path + "?again"
    ex.respond(302, "Found", b"", headers={"Location": target})


def _redirect_to(target: str) -> Route:
    def route(ex: Exchange) -> None:
        ex.respond(302, "Found", b"", headers={"Location": target})

    route.__doc__ = f"Redirects (302) to `{target}`."
    return route


def _huge(ex: Exchange) -> None:
    """Answers 200 with a 50 MB body (Content-Length announced, sent in 1 MB writes)."""
    chunk = b"<p>" + b"x" * (1024 * 1024 - 9) + b"</p>\n\n"
    if not ex.head(200, "OK", {"Content-Type": "text/html; charset=utf-8",
                               "Content-Length": str(HUGE_BYTES)}):
        return
    sent = 0
    while sent < HUGE_BYTES and not ex.stop.is_set() and ex.send(chunk):
        sent += len(chunk)


_bomb_lock = threading.Lock()
_bomb: list[bytes] = []


def gzip_bomb() -> bytes:
    """About 60 KB of gzip that expands to 60 MB of spaces, built without holding 60 MB."""
    with _bomb_lock:
        if not _bomb:
            packer = zlib.compressobj(9, zlib.DEFLATED, 31)
            block = b" " * (1024 * 1024)
            parts = [packer.compress(b"<html><body>")]
            parts += [packer.compress(block) for _ in range(BOMB_BYTES // len(block))]
            parts.append(packer.compress(b"</body></html>") + packer.flush())
            _bomb.append(b"".join(parts))
        return _bomb[0]


def _gzip_bomb(ex: Exchange) -> None:
    """Answers 200 with Content-Encoding: gzip and about 60 KB of gzip that expands to
    60 MB."""
    ex.respond(200, "OK", gzip_bomb(), headers={"Content-Encoding": "gzip"})


def _wrong_charset(ex: Exchange) -> None:
    """Latin-1 bytes declared `charset=utf-8` in Content-Type."""
    ex.respond(200, "OK", PAGE.encode("latin-1"))


def _cp1252_undeclared(ex: Exchange) -> None:
    """Windows-1252 bytes (accents, an en dash, curly quotes), `Content-Type: text/html`
    without a charset and no `<meta charset>`."""
    ex.respond(200, "OK", PAGE_1252.encode("cp1252"), content_type="text/html")


def _invalid_utf8(ex: Exchange) -> None:
    """A UTF-8 page (declared utf-8) with three invalid byte sequences in its heading: a
    lone continuation byte, a truncated sequence and 0xFF."""
    body = PAGE.encode().replace(b"<h1>T", b"<h1>\x80 \xc3 \xff T", 1)
    ex.respond(200, "OK", body)


def _truncated(ex: Exchange) -> None:
    """Announces a Content-Length 500 bytes larger than the page, sends the page, then
    closes the connection normally (FIN)."""
    body = PAGE.encode()
    if ex.head(200, "OK", {"Content-Type": "text/html; charset=utf-8",
                           "Content-Length": str(len(body) + 500)}):
        ex.send(body)


def _bad_jsonld(ex: Exchange) -> None:
    """The page with a malformed `application/ld+json` block (a double comma, unclosed
    braces); the visible text still shows the price."""
    ex.respond(200, "OK", BAD_JSONLD.encode())


def _empty(ex: Exchange) -> None:
    """Answers 200 with `Content-Length: 0`."""
    ex.respond(200, "OK", b"")


def _captcha_403(ex: Exchange) -> None:
    """A bot-wall / captcha page ("verify you are human", "indisponível", a Ray ID) with
    status 403."""
    ex.respond(403, "Forbidden", CAPTCHA.encode())


def _captcha_200(ex: Exchange) -> None:
    """The same bot-wall / captcha page with status 200."""
    ex.respond(200, "OK", CAPTCHA.encode())


ROUTES: dict[str, Route] = {
    "ok": _page,
    "slow-headers": _slow_headers,
    "slow-drip": _slow_drip,
    "slow-drip-chunked": _slow_drip_chunked,
    "reset": _reset,
    "error-500": _error_500,
    "busy-once": _busy_once,
    "busy-always": _busy_always,
    "rate-limited": _rate_limited,
    "redirect-loop": _redirect_loop,
    "redirect-ftp": _redirect_to("ftp://127.0.0.1/A1.html"),
    "redirect-file": _redirect_to("file:///etc/passwd"),
    "redirect-javascript": _redirect_to("javascript:alert(1)"),
    "huge": _huge,
    "gzip-bomb": _gzip_bomb,
    "wrong-charset": _wrong_charset,
    "cp1252-undeclared": _cp1252_undeclared,
    "invalid-utf8": _invalid_utf8,
    "truncated": _truncated,
    "bad-jsonld": _bad_jsonld,
    "empty": _empty,
    "captcha-403": _captcha_403,
    "captcha-200": _captcha_200,
}
"""Fault name -> handler; the handler's docstring says how the fault is produced."""


@dataclass
class FaultServer:
    """The routes of :data:`ROUTES` on 127.0.0.1; ``/robots.txt`` allows everything."""

    stop: threading.Event = field(default_factory=threading.Event)
    hits: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _sock: socket.socket = field(init=False)
    _threads: list[threading.Thread] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.1)
        self._spawn(self._accept)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def url(self, fault: str, token: str, document: str = "") -> str:
        """Address of ``document`` under the fault's folder for one case (``token``)."""
        return f"{self.base}/{fault}/{token}/{document}"

    def close(self) -> None:
        self.stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self._sock.close()

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        with self._lock:
            self._threads[:] = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._spawn(self._serve, conn)

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            path = _read_request(conn)
            if path is None:
                return
            with self._lock:
                hits = self.hits[path] = self.hits.get(path, 0) + 1
            exchange = Exchange(conn, path, hits, self.stop)
            parts = path.split("/")
            if path == "/robots.txt":
                exchange.respond(200, "OK", ROBOTS, content_type="text/plain")
            elif len(parts) >= 4 and parts[1] in ROUTES:
                ROUTES[parts[1]](exchange)
            else:
                exchange.respond(404, "Not Found", b"<h1>not found</h1>")


def _read_request(conn: socket.socket) -> str | None:
    """The path of the request on ``conn`` (request line and headers read, body ignored)."""
    conn.settimeout(5)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk or len(data) > 65536:
                return None
            data += chunk
    except OSError:
        return None
    parts = data.split(b"\r\n", 1)[0].split()
    return parts[1].decode("latin-1") if len(parts) == 3 else None


class Blackhole:
    """A listening socket that never accepts and whose accept queue is already full.

    With a backlog of 0, Linux queues one completed connection; the fillers take that slot,
    after which the kernel drops every SYN, so a client's connect waits until its own
    timeout — a host that does not answer, without leaving 127.0.0.1.
    """

    def __init__(self) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(0)
        self._fillers: list[socket.socket] = []
        for _ in range(16):
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(self.address)
            _, writable, _ = select.select([], [filler], [], 0.3)
            if not writable:
                filler.close()
                break
            self._fillers.append(filler)

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._sock.getsockname()[:2]
        return str(host), int(port)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.address[1]}"

    def answers(self, timeout: float = 0.5) -> bool:
        """Whether a new connection still gets through (the queue is not full)."""
        with socket.socket() as probe:
            probe.settimeout(timeout)
            try:
                probe.connect(self.address)
            except OSError:
                return False
            return True

    def close(self) -> None:
        for filler in self._fillers:
            filler.close()
        self._sock.close()
