"""Helpers shared by channel kinds to build snapshots, and the one door every document
is read through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone

from cohesion_cli.domain import Snapshot
from cohesion_cli.extract.sniff import refusal
from cohesion_cli.rulebook.plan import DocumentSpec

MAX_BODY_BYTES = 10 * 1024 * 1024


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def snapshot_of(spec: DocumentSpec, *, body: bytes = b"", status: int | None = None,
                content_type: str = "", error: str | None = None, from_cache: bool = False,
                retrieved_at: str | None = None, digest: str = "") -> Snapshot:
    """The snapshot of the document ``spec`` names, retrieved now unless said otherwise
    (``digest``: the body's sha256 when already verified, so it is not computed again)."""
    return Snapshot(spec.channel, spec.location, spec.role, spec.product,
                    now() if retrieved_at is None else retrieved_at, body=body, status=status,
                    content_type=content_type, error=error, from_cache=from_cache,
                    digest=digest)


def failed(spec: DocumentSpec, reason: str, status: int | None = None) -> Snapshot:
    return snapshot_of(spec, status=status, error=reason)


def content_type_for(name: str) -> str:
    lower = name.lower().split("?", 1)[0]
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "text/html"
    if lower.endswith(".json"):
        return "application/json"
    return "text/plain"


def undecodable(content_encoding: str) -> str | None:
    """Why a body sent with this Content-Encoding cannot be read (``unsupported content
    encoding br``), or None when the HTTP client decodes it (gzip, deflate, identity)."""
    from urllib3.response import HTTPResponse

    decoded = {*HTTPResponse.CONTENT_DECODERS, "identity", ""}
    unknown = [c for c in (part.strip().lower() for part in content_encoding.split(","))
               if c not in decoded]
    return f"unsupported content encoding {', '.join(unknown)}" if unknown else None


def read(reader: Callable[[DocumentSpec], Snapshot], spec: DocumentSpec) -> Snapshot:
    """Read one document with ``reader`` (a channel kind's, the archive's, stdin's).

    Every document ``check`` and ``extract`` read comes through here. Never raises: a
    reader's failure, and bytes that are not a text document (a PDF, an image, an
    archive: sniffed by content), become an unreadable snapshot with the reason; the
    refused bytes are dropped, their sha256 kept."""
    try:
        snapshot = reader(spec)
    except Exception as exc:  # a channel kind's bug must not abort the run
        return failed(spec, f"internal error while reading: {type(exc).__name__}: {exc}")
    reason = None if snapshot.error else refusal(snapshot.body)
    return snapshot if reason is None else replace(snapshot, body=b"", error=reason)
