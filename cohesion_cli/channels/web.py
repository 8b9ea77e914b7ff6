"""``web``: public pages read over HTTP (see ``channels.http`` for the hardening:
connection reuse, per-host limit, robots.txt, retries honouring Retry-After, size cap,
secrets from the environment)."""

from __future__ import annotations

from cohesion_cli.channels.documents import DocumentSpec
from cohesion_cli.channels.generic import extract
from cohesion_cli.channels.http import fetch
from cohesion_cli.domain import Snapshot

KIND = "web"
__all__ = ["KIND", "extract", "read"]


def read(spec: DocumentSpec) -> Snapshot:
    return fetch(spec, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
