"""Connections shared by page and robots.txt requests, over urllib3.

At most ``PER_HOST`` requests at a time per host and process (a slot each: ``connection``),
through that host's urllib3 pool manager, whose pool for each host they reach (the host,
the targets of its redirects) keeps at most as many connections open, idle ones included,
and reuses them (keep-alive); redirects followed here, hop by hop, so that each hop is
checked before it is connected to; bodies read under a size cap and a whole-body deadline.
urllib3 neither retries nor redirects; its errors become the kinds of ``failures``.

Redirect rules: only to http(s), at most ``MAX_REDIRECTS``; on any change of origin
(scheme, host or port) the channel's configured headers, cookies and URL credentials are
dropped; from a public host to an address that is not public (loopback, private,
link-local such as 169.254.169.254, reserved) only when the channel allows it. The target's
addresses are resolved before connecting; a name that resolves differently the second
time (DNS rebinding) is not guarded against.

Each request carries ``USER_AGENT``, the encodings urllib3 decodes (gzip, deflate, and br
or zstd when their packages are installed), the channel's cookies in one ``Cookie`` header
and its URL credentials, else the netrc entry of the host (see ``environment``), as Basic
``Authorization``. Cookies a server sets are never sent back. Certificates are verified
against certifi's bundle, or the one the environment names, unless ``verify`` is False.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import ipaddress
import os
import socket
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from cohesion_cli import __version__
from cohesion_cli.channels.transport import environment, failures, redirects, watchdog

if TYPE_CHECKING:
    from urllib3 import BaseHTTPResponse, PoolManager

USER_AGENT = f"cohesion-cli/{__version__} (brand consistency checker)"
PER_HOST = 4
MAX_REDIRECTS = 10
BODY_DEADLINE_FACTOR = 1.5
REACHED = 8
"""Hosts (an origin's own and its redirects' targets) whose idle connections the pool
manager of an origin keeps, the least recently used dropped first."""
_lock = threading.Lock()
_limit = [PER_HOST]
"""Requests (and connections) per host in this process (a worker process gets its share)."""
_slots: dict[str, threading.BoundedSemaphore] = {}
_managers: dict[tuple[str, str | None, bool, str | None], PoolManager] = {}
"""Pool managers by (origin, proxy, verify, CA bundle): the requests holding an origin's slots
connect through its managers, whose pool per host they reach keeps at most as many
connections as there are slots."""


class Refused(Exception):
    """A redirect cohesion will not follow; the message says which and why."""


class SlowBody(Exception):
    """The body kept arriving for longer than the whole-body deadline."""


@dataclass(frozen=True)
class Secrets:
    """What only the channel's own origin may receive."""

    headers: Mapping[str, str] = field(default_factory=dict)
    cookies: Mapping[str, str] = field(default_factory=dict)
    auth: tuple[str, str] | None = None


def origin(url: str) -> str:
    """``scheme://host:port`` of ``url``, without credentials."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.rpartition('@')[2].lower()}"


def without_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """``url`` without its ``user:password@`` part, and that part (sent as Basic auth)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    userinfo, _, host = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    return urlunsplit(parts._replace(netloc=host)), (unquote(user), unquote(password))


def share_per_host(share: int) -> None:
    """Allow ``share`` connections per host from this process: each of N worker processes
    gets PER_HOST // N, so that together they stay within PER_HOST. Connections inherited
    from a parent process are dropped."""
    with _lock:
        _limit[0] = max(1, share)
        _slots.clear()
        _managers.clear()


def close_all() -> None:
    """Close every idle connection (a parent does this before worker processes take over);
    one in use is closed when its request ends."""
    with _lock:
        managers = list(_managers.values())
        _managers.clear()
    for manager in managers:
        manager.clear()


@contextlib.contextmanager
def connection(url: str) -> Iterator[None]:
    """One of the request slots of ``url``'s host, waiting while PER_HOST (or this
    process's share) are in use."""
    key = origin(url)
    with _lock:
        slots = _slots.get(key)
        if slots is None:
            slots = _slots[key] = threading.BoundedSemaphore(_limit[0])
    with slots:
        yield


@contextlib.contextmanager
def get(url: str, *, timeout: float, verify: bool, headers: Mapping[str, str],
        secrets: Secrets, allow_private: bool) -> Iterator[BaseHTTPResponse]:
    """GET ``url`` following redirects by the rules above (the caller holds a slot of its
    host: ``connection``): a streaming response, its connection given back to the pool at
    the end. Raises :class:`Refused` for a redirect not followed, ``failures.Failed`` for a
    request that failed."""
    current, home = secrets, origin(url)
    for _ in range(MAX_REDIRECTS + 1):
        response = _send(home, url, timeout, verify, headers, current)
        location = redirects.location(response)
        if location is None:
            try:
                yield response
            finally:
                _release(response)
            return
        _release(response)
        target = redirects.requoted(urljoin(url, location))
        if urlsplit(target).scheme.lower() not in ("http", "https"):
            raise Refused("redirected to a non-http(s) address")
        if not allow_private:
            check_reach(url, target)
        if origin(target) != origin(url):
            current = Secrets()
        url = target
    raise Refused("too many redirects")


def _send(home: str, url: str, timeout: float, verify: bool, headers: Mapping[str, str],
          secrets: Secrets) -> BaseHTTPResponse:
    """One request within a slot of ``home``: its answer's headers read, its body not
    yet."""
    from urllib3.exceptions import HTTPError

    env = _environment(origin(url))
    sent = {name.lower(): (name, value) for layer in (_basics(), headers, secrets.headers)
            for name, value in layer.items()}
    auth = secrets.auth or env.netrc
    if auth is not None:
        sent["authorization"] = ("Authorization", basic(*auth))
    if secrets.cookies and "cookie" not in sent:
        sent["cookie"] = ("Cookie", "; ".join(f"{k}={v}" for k, v in secrets.cookies.items()))
    try:
        manager = _manager(home, env.proxy, verify, env.ca_bundle if verify else None)
        return manager.urlopen("GET", url, headers=dict(sent.values()), timeout=timeout,
                               retries=False, redirect=False, preload_content=False,
                               release_conn=False)
    except (HTTPError, OSError, ValueError) as exc:
        raise failures.sending(exc) from exc


@functools.lru_cache(maxsize=1)
def _basics() -> dict[str, str]:
    from urllib3.util import make_headers

    return {"User-Agent": USER_AGENT,
            "Accept-Encoding": make_headers(accept_encoding=True)["accept-encoding"]}


def basic(user: str, password: str) -> str:
    """The Basic ``Authorization`` value (Latin-1 when it can be, as browsers send it,
    else UTF-8)."""
    text = f"{user}:{password}"
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        raw = text.encode("utf-8")
    return f"Basic {base64.b64encode(raw).decode('ascii')}"


def _manager(home: str, proxy: str | None, verify: bool, ca_bundle: str | None
             ) -> PoolManager:
    key = (home, proxy, verify, ca_bundle)
    manager = _managers.get(key)
    if manager is None:
        with _lock:
            manager = _managers.get(key)
            if manager is None:
                manager = _managers[key] = _new_manager(proxy, verify, ca_bundle)
    return manager


def _new_manager(proxy: str | None, verify: bool, ca_bundle: str | None) -> PoolManager:
    """A manager whose pool per host keeps at most this process's share of connections
    (``_limit``, read under ``_lock``)."""
    import urllib3

    options: dict[str, Any] = {"num_pools": REACHED, "maxsize": _limit[0], "block": False,
                               "retries": False, "cert_reqs": "CERT_NONE"}
    if verify:
        import certifi

        bundle = ca_bundle or certifi.where()
        options["cert_reqs"] = "CERT_REQUIRED"
        options["ca_cert_dir" if os.path.isdir(bundle) else "ca_certs"] = bundle
    if proxy is None:
        return urllib3.PoolManager(**options)
    if urlsplit(proxy).scheme.lower().startswith("socks"):
        try:
            from urllib3.contrib.socks import SOCKSProxyManager
        except ImportError:
            raise failures.Failed("Missing dependencies for SOCKS support.") from None
        return SOCKSProxyManager(proxy, **options)
    address, auth = without_credentials(proxy)
    return urllib3.ProxyManager(address, proxy_headers=None if auth is None else
                                {"Proxy-Authorization": basic(*auth)}, **options)


@functools.lru_cache(maxsize=1024)
def _environment(origin: str) -> environment.Environment:
    return environment.read(origin)


def _release(response: BaseHTTPResponse) -> None:
    """Give the connection back to the pool; one with part of an answer still unread (a
    body cut at its cap, an error page not read) is closed first."""
    if response.length_remaining == 0:
        response.drain_conn()
    else:
        response.close()
    response.release_conn()


def check_reach(source: str, target: str) -> None:
    """Refuse a redirect from a public host to one that is not."""
    if _private(source) or not _private(target):
        return
    raise Refused(f"redirect from a public host to the non-public address of "
                  f"{urlsplit(target).hostname} refused (set allow_private_redirects: true on "
                  "the channel if that is intended)")


def _private(url: str) -> bool:
    """Whether any address the URL's host resolves to is not a public (global) one:
    loopback, private, link-local, reserved. A name that does not resolve counts as
    public: the connection fails and says so."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    return any(not ipaddress.ip_address(address.split("%", 1)[0]).is_global
               for address in _addresses(parts.hostname or "", port))


def _addresses(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return [str(info[4][0]) for info in infos]


def _socket_of(response: BaseHTTPResponse) -> socket.socket | None:
    """The socket under a streaming response (on its connection, or, for a body that ends
    when the connection closes, only inside http.client's reader)."""
    sock = getattr(response.connection, "sock", None)
    if sock is None:
        reader = getattr(getattr(response, "_fp", None), "fp", None)
        sock = getattr(getattr(reader, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def read_body(response: BaseHTTPResponse, timeout: float, cap: int) -> tuple[bytes, bool]:
    """The body's first ``cap`` bytes, and whether there was more (counted after
    decompression, so a gzip bomb stops early). A body still dripping in after
    BODY_DEADLINE_FACTOR times the timeout raises SlowBody: the per-read timeout alone would
    wait forever, so a watchdog closes the connection at the deadline. Raises
    ``failures.Failed`` for a body that breaks off or cannot be decoded."""
    from urllib3.exceptions import HTTPError

    limit = timeout * BODY_DEADLINE_FACTOR
    fired = threading.Event()

    def cut() -> None:
        fired.set()
        sock = _socket_of(response)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    disarm = watchdog.arm(limit, cut)
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.stream(64 * 1024, decode_content=True):
            chunks.append(chunk)
            size += len(chunk)
            if size > cap:
                return b"".join(chunks)[:cap], True
    except (HTTPError, OSError) as exc:
        if fired.is_set():
            raise SlowBody(f"body not received within {limit:g} s") from exc
        raise failures.reading(exc) from exc
    finally:
        disarm()
    if fired.is_set():
        raise SlowBody(f"body not received within {limit:g} s")
    return b"".join(chunks), False
