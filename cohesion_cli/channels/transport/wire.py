"""Connections shared by page and robots.txt requests.

A pool of at most ``PER_HOST`` sessions per host and process, each used by one request at
a time, so that no more than that many connections to one host are ever open; redirects
followed here, hop by hop, so that each hop is checked before it is connected to; bodies
read under a size cap and a whole-body deadline.

Redirect rules: only to http(s), at most ``MAX_REDIRECTS``; on any change of origin
(scheme, host or port) the channel's configured headers, cookies and URL credentials are
dropped; from a public host to an address that is not public (loopback, private,
link-local such as 169.254.169.254, reserved) only when the channel allows it. The target's
addresses are resolved before connecting; a name that resolves differently the second
time (DNS rebinding) is not guarded against.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import os
import re
import socket
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from cohesion_cli import __version__
from cohesion_cli.channels.transport import watchdog

if TYPE_CHECKING:
    import requests

USER_AGENT = f"cohesion-cli/{__version__} (brand consistency checker)"
PER_HOST = 4
MAX_REDIRECTS = 10
BODY_DEADLINE_FACTOR = 1.5
_lock = threading.Lock()
_limit = [PER_HOST]
"""Sessions per host in this process (a worker process gets its share)."""


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


class _Pool:
    """At most ``size`` sessions for one host, each lent to one request at a time."""

    def __init__(self, size: int) -> None:
        self.gate = threading.BoundedSemaphore(size)
        self.free: list[requests.Session] = []


_pools: dict[str, _Pool] = {}


def share_per_host(share: int) -> None:
    """Allow ``share`` connections per host from this process: each of N worker processes
    gets PER_HOST // N, so that together they stay within PER_HOST. Sessions inherited
    from a parent process are dropped."""
    with _lock:
        _limit[0] = max(1, share)
        _pools.clear()


def close_all() -> None:
    """Close every idle session (a parent does this before worker processes take over)."""
    with _lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        for session in pool.free:
            session.close()


@contextlib.contextmanager
def connection(url: str) -> Iterator[requests.Session]:
    """A session for ``url``'s host, waiting while PER_HOST (or this process's share) are
    in use."""
    import requests

    with _lock:
        pool = _pools.setdefault(origin(url), _Pool(_limit[0]))
    with pool.gate:
        with _lock:
            session = pool.free.pop() if pool.free else None
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = USER_AGENT
            session.trust_env = False  # the environment is read once per origin: _Environment
        try:
            yield session
        finally:
            session.cookies.clear()  # what a server set stays with the request it answered
            with _lock:
                pool.free.append(session)


def get(session: requests.Session, url: str, *, timeout: float, verify: bool,
        headers: Mapping[str, str], secrets: Secrets, allow_private: bool
        ) -> requests.Response:
    """GET ``url`` following redirects by the rules above; a streaming response the caller
    closes. Raises :class:`Refused` for a redirect not followed."""
    current = secrets
    for _ in range(MAX_REDIRECTS + 1):
        env = _environment(origin(url))
        response = session.get(url, timeout=timeout, stream=True,
                               verify=env.ca_bundle if verify and env.ca_bundle else verify,
                               allow_redirects=False, headers={**headers, **current.headers},
                               cookies=dict(current.cookies), auth=current.auth or env.netrc,
                               proxies=env.proxies)
        location = session.get_redirect_target(response)
        if location is None:
            return response
        response.close()
        target = _requoted(urljoin(url, location))
        if urlsplit(target).scheme.lower() not in ("http", "https"):
            raise Refused("redirected to a non-http(s) address")
        if not allow_private:
            check_reach(url, target)
        if origin(target) != origin(url):
            current = Secrets()
        url = target
    raise Refused("too many redirects")


@dataclass(frozen=True)
class _Environment:
    """What requests would read from the environment for every request to an origin
    (proxies and ``no_proxy``, a CA bundle, ~/.netrc), read once: scanning the environment
    costs more than a request answered 304."""

    proxies: dict[str, str]
    ca_bundle: str | None
    netrc: tuple[str, str] | None


@functools.lru_cache(maxsize=1024)
def _environment(origin: str) -> _Environment:
    import requests

    return _Environment(requests.utils.get_environ_proxies(origin),
                        os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE"),
                        requests.utils.get_netrc_auth(origin))


def _requoted(url: str) -> str:
    from requests.utils import requote_uri

    return str(requote_uri(url))


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


def _socket_of(response: requests.Response) -> socket.socket | None:
    """The socket under a streaming response (urllib3 keeps it on the connection, or, for
    a body that ends when the connection closes, only inside http.client's reader)."""
    raw = response.raw
    sock = getattr(getattr(raw, "_connection", None), "sock", None)
    if sock is None:
        reader = getattr(getattr(raw, "_fp", None), "fp", None)
        sock = getattr(getattr(reader, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def read_body(response: requests.Response, timeout: float, cap: int) -> tuple[bytes, bool]:
    """The body's first ``cap`` bytes, and whether there was more (counted after
    decompression, so a gzip bomb stops early). A body still dripping in after
    BODY_DEADLINE_FACTOR times the timeout raises SlowBody: the per-read timeout alone would
    wait forever, so a watchdog closes the connection at the deadline."""
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
        for chunk in response.iter_content(chunk_size=64 * 1024):
            chunks.append(chunk)
            size += len(chunk)
            if size > cap:
                return b"".join(chunks)[:cap], True
    except Exception as exc:
        if fired.is_set():
            raise SlowBody(f"body not received within {limit:g} s") from exc
        raise
    finally:
        disarm()
    if fired.is_set():
        raise SlowBody(f"body not received within {limit:g} s")
    return b"".join(chunks), False


def root_cause(exc: BaseException) -> str:
    """One line saying why a request failed."""
    from urllib3.exceptions import InvalidChunkLength

    chain = [exc]
    while chain[-1].__context__ is not None and chain[-1].__context__ not in chain:
        chain.append(chain[-1].__context__)
    if any(isinstance(e, InvalidChunkLength) for e in chain):
        return "the server sent a malformed chunked body (a chunk size that is not a number)"
    text = str(chain[-1]) or type(chain[-1]).__name__
    incomplete = re.search(r"IncompleteRead\((\d+) bytes read, (\d+) more expected", text)
    if incomplete:
        got, more = int(incomplete.group(1)), int(incomplete.group(2))
        return f"truncated body: the connection closed after {got} of {got + more} bytes"
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "host name not found"
    return text.split(": ", 1)[-1][:200]
