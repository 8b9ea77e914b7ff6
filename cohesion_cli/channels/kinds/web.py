"""``web``: public pages read over HTTP (see ``channels.transport.http`` for the hardening:
connection reuse, per-host limit, robots.txt, retries honouring Retry-After, size cap,
secrets from the environment)."""

from __future__ import annotations

from cohesion_cli.channels.extraction import extract
from cohesion_cli.channels.transport.http import fetch
from cohesion_cli.domain import Snapshot
from cohesion_cli.rulebook.plan import DocumentSpec

KIND = "web"
__all__ = ["KIND", "extract", "read"]


def read(spec: DocumentSpec) -> Snapshot:
    return fetch(spec, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
