"""HTTP reading shared by the ``web`` and ``api`` kinds.

At most ``PER_HOST`` connections per host (see ``wire``); robots.txt honoured unless the
run says otherwise (see ``robots``); retries with backoff for transient failures
(connection resets, 429, 500, 502, 503, 504), honouring ``Retry-After`` up to
``MAX_RETRY_AFTER`` seconds; bodies capped at 10 MB; TLS verified; redirects only to
http(s), at most 10, the channel's headers, cookies and credentials dropped on a change of
host. ${ENV_VAR} references in the location, header and cookie values are expanded here,
when the request is sent, and nowhere else.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from typing import Any

from cohesion_cli.channels.transport import failures, robots, wire
from cohesion_cli.channels.transport.snapshots import (
    MAX_BODY_BYTES,
    content_type_for,
    failed,
    snapshot_of,
    undecodable,
)
from cohesion_cli.channels.transport.wire import PER_HOST as PER_HOST
from cohesion_cli.channels.transport.wire import USER_AGENT as USER_AGENT
from cohesion_cli.channels.transport.wire import share_per_host as share_per_host
from cohesion_cli.domain import Snapshot
from cohesion_cli.rulebook.plan import DocumentSpec

ATTEMPTS = 3
MAX_RETRY_AFTER = 30.0
RETRY_STATUS = {429, 500, 502, 503, 504}


def fetch(spec: DocumentSpec, accept: str) -> Snapshot:
    """GET ``spec.location``; every failure becomes a snapshot with the reason."""
    admitted = robots.admitted(spec)
    if isinstance(admitted, str):
        return failed(spec, admitted)
    url, own = admitted
    cached = _cached(spec)
    snapshot = _get(spec, _Request(url, _headers(accept, cached), own))
    if snapshot.status == 304 and cached is not None:
        unchanged = _unchanged(spec, cached)
        if unchanged is not None:
            return unchanged
        # the stored copy is damaged (and dropped): ask again, not conditionally
        snapshot = _get(spec, _Request(url, _headers(accept, None), own))
    if snapshot.status == 304:
        return failed(spec, "HTTP 304 Not Modified to a request that was not conditional", 304)
    return snapshot


def _headers(accept: str, cached: dict[str, Any] | None) -> dict[str, str]:
    headers = {"Accept": accept, "Accept-Language": "pt-BR,pt;q=0.9,en;q=0.8"}
    if cached is not None:
        if cached.get("etag"):
            headers["If-None-Match"] = cached["etag"]
        if cached.get("last_modified"):
            headers["If-Modified-Since"] = cached["last_modified"]
    return headers


def _get(spec: DocumentSpec, request: _Request) -> Snapshot:
    """The request sent (with retries): its snapshot, or the reason it failed."""
    try:
        with wire.connection(request.url):
            return _with_retries(spec, request)
    except failures.TimedOut:
        return failed(spec, f"timed out after {spec.timeout:g} s")
    except (wire.SlowBody, wire.Refused) as exc:
        return failed(spec, str(exc))
    except failures.Unreachable as exc:
        return failed(spec, f"cannot connect: {failures.root_cause(exc)}")
    except failures.Failed as exc:
        return failed(spec, f"request failed: {failures.root_cause(exc)}")


def _unchanged(spec: DocumentSpec, cached: dict[str, Any]) -> Snapshot | None:
    """The stored answer, for a 304: without its bytes when the extraction stored for them
    stands for them (``DocumentSpec.reuse``), else with them; None when they are damaged."""
    from cohesion_cli.channels.transport.cache import Cache, cache_at

    assert spec.cache_dir is not None  # only a cached answer is asked for conditionally
    cache = cache_at(spec.cache_dir)
    digest = cached["sha256"]  # text: Cache.http_entry checks it
    if spec.reuse and cache.has_extraction(Cache.extraction_key(
            digest, spec.reuse, spec.location, spec.product, spec.role)):
        return snapshot_of(spec, status=200, content_type=cached["content_type"],
                           from_cache=True, digest=digest)
    body = cache.http_body(spec.location, digest)
    if body is None:
        return None
    return snapshot_of(spec, body=body, status=200, content_type=cached["content_type"],
                       from_cache=True, digest=digest)


@dataclass(frozen=True)
class _Request:
    """One page request as sent: expanded URL, headers and the channel's secrets."""

    url: str
    headers: dict[str, str]
    own: wire.Secrets


def _cached(spec: DocumentSpec) -> dict[str, Any] | None:
    """The cached answer for this URL, unless caching is off (it is for a request that may
    carry secrets: ``DocumentSpec.private``)."""
    if spec.cache_dir is None:
        return None
    from cohesion_cli.channels.transport.cache import cache_at

    return cache_at(spec.cache_dir).http_entry(spec.location)


def _with_retries(spec: DocumentSpec, request: _Request) -> Snapshot:
    """``_once`` until it needs no retry: a transient failure (see ``failures``) waits
    0.5 s, then 1 s; an answer asking for one waits what ``Retry-After`` says."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            snapshot, wait = _once(spec, request)
        except failures.Failed as exc:
            if attempt == ATTEMPTS or not exc.transient:
                raise
            time.sleep(0.5 * 2 ** (attempt - 1))
            continue
        if wait is None or attempt == ATTEMPTS:
            return snapshot
        time.sleep(wait)
    raise AssertionError("unreachable")


def _once(spec: DocumentSpec, request: _Request) -> tuple[Snapshot, float | None]:
    """One request: the snapshot, and how long to wait before retrying (None: don't)."""
    with wire.get(request.url, timeout=spec.timeout, verify=spec.verify_tls,
                  headers=request.headers, secrets=request.own,
                  allow_private=spec.allow_private_redirects) as response:
        status = response.status
        if status == 304:  # no body: the connection goes back to the pool
            return snapshot_of(spec, status=304), None
        if status in RETRY_STATUS:
            reason = f"HTTP {status} {response.reason}"
            asked = response.headers.get("Retry-After")
            wait = _retry_after(asked)
            if wait is None:
                reason += f" (asked to retry after {asked}; more than {MAX_RETRY_AFTER:g} s)"
            return failed(spec, reason, status), wait
        coding = response.headers.get("Content-Encoding", "")
        refused = undecodable(coding)
        if refused is not None and 200 <= status < 300:
            return failed(spec, refused, status), None
        try:
            body, cut = wire.read_body(response, spec.timeout, MAX_BODY_BYTES)
        except failures.Undecodable:
            return failed(spec, f"cannot decode the body: it is not valid {coding.strip()} "
                                "(its Content-Encoding)", status), None
        if cut:
            return failed(spec, f"body larger than {MAX_BODY_BYTES} bytes", status), None
        if not 200 <= status < 300:
            return failed(spec, f"HTTP {status} {response.reason}", status), None
        if not body.strip():
            return failed(spec, f"empty response body (HTTP {status})", status), None
        ctype = response.headers.get("Content-Type", "") or content_type_for(spec.location)
        snapshot = snapshot_of(spec, body=body, status=status, content_type=ctype)
        if spec.cache_dir is not None:
            from cohesion_cli.channels.transport.cache import cache_at

            cache_at(spec.cache_dir).store_http(
                spec.location, body, ctype, response.headers.get("ETag", ""),
                response.headers.get("Last-Modified", ""), snapshot.digest)
        return snapshot, None


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
