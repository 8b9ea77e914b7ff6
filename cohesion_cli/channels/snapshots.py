"""Helpers shared by channel kinds to build snapshots."""

from __future__ import annotations

from datetime import datetime, timezone

from cohesion_cli.channels.documents import DocumentSpec
from cohesion_cli.domain import Snapshot

MAX_BODY_BYTES = 10 * 1024 * 1024


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def failed(spec: DocumentSpec, reason: str, status: int | None = None) -> Snapshot:
    return Snapshot(spec.channel, spec.location, spec.role, spec.product, now(),
                    status=status, error=reason)


def content_type_for(name: str) -> str:
    lower = name.lower().split("?", 1)[0]
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "text/html"
    if lower.endswith(".json"):
        return "application/json"
    return "text/plain"
