"""HTTP reading shared by the ``web`` and ``api`` kinds.

One requests session per thread (connections are reused); at most ``PER_HOST``
requests in flight per host; robots.txt honoured unless the run says otherwise; retries
with backoff for transient failures (connection resets, 429, 500, 502, 503, 504), honouring
``Retry-After`` up to ``MAX_RETRY_AFTER`` seconds; bodies capped at 10 MB; TLS verified;
redirects only to http(s), at most 10. Header and cookie values written as ${ENV_VAR} are
expanded here, when the request is sent, and nowhere else.
"""

from __future__ import annotations

import contextlib
import email.utils
import re
import socket
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cohesion_cli import __version__, secrets
from cohesion_cli.channels.transport.snapshots import (
    MAX_BODY_BYTES,
    content_type_for,
    failed,
    snapshot_of,
    undecodable,
)
from cohesion_cli.domain import Snapshot
from cohesion_cli.rulebook.plan import DocumentSpec

if TYPE_CHECKING:
    import requests

USER_AGENT = f"cohesion-cli/{__version__} (brand consistency checker)"
ATTEMPTS = 3
PER_HOST = 4
MAX_RETRY_AFTER = 30.0
RETRY_STATUS = {429, 500, 502, 503, 504}
BODY_DEADLINE_FACTOR = 1.5
_local = threading.local()
_lock = threading.Lock()
_gates: dict[str, threading.Semaphore] = {}
_robots: dict[str, object] = {}
_unreachable: dict[str, str] = {}
"""Origins whose robots.txt could not even be connected to, with the reason: their pages
fail at once instead of waiting for the same timeout again."""
_UNREACHABLE = object()


def _session() -> requests.Session:
    import requests

    session: requests.Session | None = getattr(_local, "session", None)
    if session is None:
        session = requests.Session()
        session.headers["User-Agent"] = USER_AGENT
        session.max_redirects = 10
        _local.session = session
    return session


_limit = [PER_HOST]
"""Requests in flight per host from this process (a worker process gets its share)."""


def share_per_host(share: int) -> None:
    """Allow ``share`` requests in flight per host from this process: each of N worker
    processes gets PER_HOST // N, so that together they stay within PER_HOST."""
    _limit[0] = max(1, share)


def _gate(url: str) -> threading.Semaphore:
    host = urlsplit(url).netloc
    with _lock:
        return _gates.setdefault(host, threading.BoundedSemaphore(_limit[0]))


def fetch(spec: DocumentSpec, accept: str) -> Snapshot:
    """GET ``spec.location``; every failure becomes a snapshot with the reason."""
    import requests

    try:
        headers = {"Accept": accept, "Accept-Language": "pt-BR,pt;q=0.9,en;q=0.8"}
        headers |= {k: secrets.expand(v) for k, v in spec.headers}
        cookies = {k: secrets.expand(v) for k, v in spec.cookies}
    except secrets.MissingSecret as exc:
        return failed(spec, str(exc))
    if spec.respect_robots and not _allowed(spec):
        return failed(spec, "disallowed by robots.txt (use --ignore-robots for your own sites)")
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(spec.location))
    if spec.respect_robots and origin in _unreachable:
        return failed(spec, _unreachable[origin])
    cached = _cached(spec)
    if cached is not None:
        if cached.get("etag"):
            headers["If-None-Match"] = cached["etag"]
        if cached.get("last_modified"):
            headers["If-Modified-Since"] = cached["last_modified"]
    try:
        with _gate(spec.location):
            snapshot = _with_retries(spec, headers, cookies)
    except requests.exceptions.Timeout:
        return failed(spec, f"timed out after {spec.timeout:g} s")
    except SlowBody as exc:
        return failed(spec, str(exc))
    except requests.exceptions.TooManyRedirects:
        return failed(spec, "too many redirects")
    except requests.exceptions.InvalidSchema:
        return failed(spec, "redirected to a non-http(s) address")
    except requests.exceptions.ConnectionError as exc:
        return failed(spec, f"cannot connect: {_root_cause(exc)}")
    except requests.exceptions.RequestException as exc:
        return failed(spec, f"request failed: {_root_cause(exc)}")
    if snapshot.status == 304:
        if cached is None:
            return failed(spec, "HTTP 304 Not Modified to a request that was not conditional",
                          304)
        return snapshot_of(spec, body=cached["body"], status=200,
                             content_type=cached["content_type"], from_cache=True)
    return snapshot


def _cached(spec: DocumentSpec) -> dict[str, Any] | None:
    """The cached answer for this URL, unless caching is off or the request carries
    secrets (those answers are never stored)."""
    if spec.cache_dir is None or _has_secrets(spec):
        return None
    from cohesion_cli.channels.transport.cache import Cache

    return Cache(Path(spec.cache_dir)).http_entry(spec.location)


def _has_secrets(spec: DocumentSpec) -> bool:
    return any("${" in v for _, v in (*spec.headers, *spec.cookies))


def _with_retries(spec: DocumentSpec, headers: dict[str, str], cookies: dict[str, str]
                  ) -> Snapshot:
    import requests

    for attempt in range(1, ATTEMPTS + 1):
        try:
            snapshot, wait = _once(spec, headers, cookies)
        except (requests.exceptions.Timeout, requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ConnectionError) as exc:
            persistent = isinstance(exc, requests.exceptions.Timeout) or any(
                word in str(exc) for word in ("refused", "resolve", "Name or service"))
            if attempt == ATTEMPTS or persistent:
                raise
            time.sleep(0.5 * 2 ** (attempt - 1))
            continue
        if wait is None or attempt == ATTEMPTS:
            return snapshot
        time.sleep(wait)
    raise AssertionError("unreachable")


def _once(spec: DocumentSpec, headers: dict[str, str], cookies: dict[str, str]
          ) -> tuple[Snapshot, float | None]:
    """One request: the snapshot, and how long to wait before retrying (None: don't)."""
    with _session().get(spec.location, timeout=spec.timeout, stream=True, headers=headers,
                        cookies=cookies, verify=spec.verify_tls) as response:
        status = response.status_code
        if status == 304:
            _ = response.content  # no body: read, so the connection goes back to the pool
            return snapshot_of(spec, status=304), None
        if status in RETRY_STATUS:
            reason = f"HTTP {status} {response.reason}"
            asked = response.headers.get("Retry-After")
            wait = _retry_after(asked)
            if wait is None:
                reason += f" (asked to retry after {asked}; more than {MAX_RETRY_AFTER:g} s)"
            return failed(spec, reason, status), wait
        refused = undecodable(response.headers.get("Content-Encoding", ""))
        if refused is not None and 200 <= status < 300:
            return failed(spec, refused, status), None
        body = _body(response, spec.timeout)
        if body is None:
            return failed(spec, f"body larger than {MAX_BODY_BYTES} bytes", status), None
        if not 200 <= status < 300:
            return failed(spec, f"HTTP {status} {response.reason}", status), None
        if not body.strip():
            return failed(spec, f"empty response body (HTTP {status})", status), None
        ctype = response.headers.get("Content-Type", "") or content_type_for(spec.location)
        if spec.cache_dir is not None and not _has_secrets(spec):
            from cohesion_cli.channels.transport.cache import Cache

            Cache(Path(spec.cache_dir)).store_http(
                spec.location, body, ctype, response.headers.get("ETag", ""),
                response.headers.get("Last-Modified", ""))
        return snapshot_of(spec, body=body, status=status, content_type=ctype), None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return 0.5
    try:
        seconds = float(value)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        seconds = parsed.timestamp() - time.time() if parsed else 1.0
    if seconds > MAX_RETRY_AFTER:
        return None
    return max(0.0, seconds)


def _socket_of(response: requests.Response) -> socket.socket | None:
    """The socket under a streaming response (urllib3 keeps it on the connection, or, for
    a body that ends when the connection closes, only inside http.client's reader)."""
    raw = response.raw
    sock = getattr(getattr(raw, "_connection", None), "sock", None)
    if sock is None:
        reader = getattr(getattr(raw, "_fp", None), "fp", None)
        sock = getattr(getattr(reader, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


class SlowBody(Exception):
    """The body kept arriving for longer than the whole-body deadline."""


def _body(response: requests.Response, timeout: float) -> bytes | None:
    """The body, or None when larger than MAX_BODY_BYTES (counted after decompression, so
    a gzip bomb stops early). A body still dripping in after BODY_DEADLINE_FACTOR times
    the timeout raises SlowBody: the per-read timeout alone would wait forever, so a
    watchdog closes the connection at the deadline."""
    limit = timeout * BODY_DEADLINE_FACTOR
    fired = threading.Event()

    def cut() -> None:
        fired.set()
        sock = _socket_of(response)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(limit, cut)
    watchdog.daemon = True
    watchdog.start()
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(chunk_size=64 * 1024):
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                return None
            chunks.append(chunk)
    except Exception as exc:
        if fired.is_set():
            raise SlowBody(f"body not received within {limit:g} s") from exc
        raise
    finally:
        watchdog.cancel()
    if fired.is_set():
        raise SlowBody(f"body not received within {limit:g} s")
    return b"".join(chunks)


def _allowed(spec: DocumentSpec) -> bool:
    parts = urlsplit(spec.location)
    origin = f"{parts.scheme}://{parts.netloc}"
    with _lock:
        rules = _robots.get(origin)
    if rules is None:
        rules = _load_robots(origin, spec.timeout)
        with _lock:
            _robots[origin] = rules
    if rules is _UNREACHABLE:
        return True  # the page request itself will fail fast and say why
    if isinstance(rules, bool):
        return rules
    return bool(rules.can_fetch(spec.location, USER_AGENT))  # type: ignore[attr-defined]


def _load_robots(origin: str, timeout: float) -> object:
    """Protego rules; True (allow all) when there is no robots.txt; False when the
    server fails on it (RFC 9309: a 5xx means 'assume complete disallow')."""
    import requests
    from protego import Protego

    try:
        response = _session().get(f"{origin}/robots.txt", timeout=min(timeout, 10))
    except (requests.exceptions.ConnectTimeout, requests.exceptions.ConnectionError) as exc:
        _unreachable[origin] = f"cannot connect: {_root_cause(exc)}" \
            if not isinstance(exc, requests.exceptions.ConnectTimeout) \
            else f"timed out after {min(timeout, 10):g} s connecting"
        return _UNREACHABLE
    except requests.exceptions.RequestException:
        return True
    if response.status_code >= 500:
        return False
    if response.status_code >= 400:
        return True
    return Protego.parse(response.text[:500_000])


def _root_cause(exc: BaseException) -> str:
    while exc.__context__ is not None and exc.__context__ is not exc:
        exc = exc.__context__
    text = str(exc) or type(exc).__name__
    incomplete = re.search(r"IncompleteRead\((\d+) bytes read, (\d+) more expected", text)
    if incomplete:
        got, more = int(incomplete.group(1)), int(incomplete.group(2))
        return f"truncated body: the connection closed after {got} of {got + more} bytes"
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "host name not found"
    return text.split(": ", 1)[-1][:200]
