"""robots.txt (RFC 9309): read once per host per run, through the same pooled connections,
redirect rules, body deadline and size cap as pages (only its first ``ROBOTS_BYTES`` are
parsed), counted within the per-host connection limit.

A run that reads in worker processes reads every host's robots.txt in the parent first
(:func:`prefetch`) and hands the verdicts to the workers (:func:`preload`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cohesion_cli import secrets
from cohesion_cli.channels.transport import failures, wire
from cohesion_cli.rulebook.plan import DocumentSpec

if TYPE_CHECKING:
    from protego import Protego

ROBOTS_BYTES = 512 * 1024
"""RFC 9309 asks crawlers to parse at least 500 KiB; the rest is ignored."""
MAX_WAIT = 10.0


@dataclass(frozen=True)
class Verdict:
    """What a host's robots.txt says, in a form worker processes can receive."""

    text: str | None = None
    """The robots.txt to obey; None: nothing to obey (see ``deny``)."""
    deny: bool = False
    """The server failed on robots.txt (5xx): RFC 9309 says assume complete disallow."""
    unreachable: str | None = None
    """Why robots.txt could not be read at all: the host's pages fail at once with it."""


_lock = threading.Lock()
_verdicts: dict[str, Verdict] = {}
_loading: dict[str, threading.Lock] = {}
_parsed: dict[str, Protego] = {}


def verdict(spec: DocumentSpec, url: str) -> Verdict:
    """The verdict of ``url``'s host; the first caller per host reads it, the others wait."""
    key = wire.origin(url)
    with _lock:
        found = _verdicts.get(key)
        once = _loading.setdefault(key, threading.Lock())
    if found is not None:
        return found
    with once:
        with _lock:
            found = _verdicts.get(key)
        if found is None:
            found = _load(key, spec)
            with _lock:
                _verdicts[key] = found
    return found


def permits(found: Verdict, url: str) -> bool:
    if found.deny:
        return False
    if found.text is None:
        return True
    from protego import Protego

    key = wire.origin(url)
    with _lock:
        rules = _parsed.get(key)
    if rules is None:
        rules = Protego.parse(found.text)
        with _lock:
            _parsed[key] = rules
    return bool(rules.can_fetch(url, wire.USER_AGENT))


def refusal(spec: DocumentSpec, url: str) -> str | None:
    """Why ``url`` may not be read (robots.txt disallows it, or could not be read at all),
    or None: it may (or the run does not respect robots.txt)."""
    if not spec.respect_robots:
        return None
    found = verdict(spec, url)
    if not permits(found, url):
        return "disallowed by robots.txt (use --ignore-robots for your own sites)"
    return found.unreachable


def admitted(spec: DocumentSpec) -> tuple[str, wire.Secrets] | str:
    """(the address to read, without credentials, and the secrets its own origin gets), or
    why ``spec`` may not be read: an ${ENV_VAR} that is not set, or robots.txt."""
    try:
        url, auth = wire.without_credentials(secrets.expand(spec.location))
        own = wire.Secrets({k: secrets.expand(v) for k, v in spec.headers},
                           {k: secrets.expand(v) for k, v in spec.cookies}, auth)
    except secrets.MissingSecret as exc:
        return str(exc)
    refused = refusal(spec, url)
    return (url, own) if refused is None else refused


def prefetch(specs: Iterable[DocumentSpec]) -> dict[str, Verdict]:
    """Read the robots.txt of every host ``specs`` read over HTTP with robots respected,
    a few hosts at a time, then close the connections used (workers open their own)."""
    first: dict[str, tuple[DocumentSpec, str]] = {}
    for spec in specs:
        if not spec.respect_robots or not spec.location.startswith(("http://", "https://")):
            continue
        try:
            url = secrets.expand(spec.location)
        except secrets.MissingSecret:
            continue
        first.setdefault(wire.origin(url), (spec, url))
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = dict(zip(first, pool.map(lambda item: verdict(*item), first.values()),
                         strict=True))
    wire.close_all()
    return found


def preload(verdicts: dict[str, Verdict]) -> None:
    """Take the verdicts a parent process read (see :func:`prefetch`)."""
    with _lock:
        _verdicts.update(verdicts)


def forget() -> None:
    """Drop every verdict (a new run in the same process reads robots.txt again)."""
    with _lock:
        _verdicts.clear()
        _parsed.clear()


def _load(key: str, spec: DocumentSpec) -> Verdict:
    wait = min(spec.timeout, MAX_WAIT)
    try:
        with wire.connection(key), wire.get(
                f"{key}/robots.txt", timeout=wait, verify=spec.verify_tls,
                headers={"Accept": "text/plain"}, secrets=wire.Secrets(),
                allow_private=spec.allow_private_redirects) as response:
            if response.status >= 500:
                return Verdict(deny=True)
            if response.status >= 300:
                return Verdict()
            body, _ = wire.read_body(response, wait, ROBOTS_BYTES)
    except failures.ConnectTimedOut:
        return Verdict(unreachable=f"timed out after {wait:g} s connecting")
    except failures.Unreachable as exc:
        return Verdict(unreachable=f"cannot connect: {failures.root_cause(exc)}")
    except wire.SlowBody as exc:
        return Verdict(unreachable=f"robots.txt {exc}")
    except failures.TimedOut:
        return Verdict(unreachable=f"robots.txt not received: timed out after {wait:g} s")
    except (failures.Failed, wire.Refused):
        return Verdict()
    return Verdict(text=body.decode("utf-8", "replace"))
