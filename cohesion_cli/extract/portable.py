"""One read document as JSON, carried from ``check --shard`` to ``cohesion merge``.

A document is its key (``rulebook.shard.document_key``), the snapshot's metadata (never its
bytes) and what extraction kept of it for the checks, written by the extraction cache's own
writer (``extract.serialize``): merge runs the checks on exactly what a full run would.
"""

from __future__ import annotations

from typing import Any

from cohesion_cli.domain import Snapshot, is_document_role
from cohesion_cli.extract.result import Extraction
from cohesion_cli.extract.serialize import extractions_from_json, extractions_to_json


def document_dict(key: str, snapshot: Snapshot, extractions: list[Extraction]) -> dict[str, Any]:
    return {
        "key": key,
        "snapshot": {"channel": snapshot.channel, "location": snapshot.location,
                     "role": snapshot.role, "product": snapshot.product,
                     "retrieved_at": snapshot.retrieved_at, "status": snapshot.status,
                     "content_type": snapshot.content_type, "error": snapshot.error,
                     "sha256": snapshot.digest, "from_cache": snapshot.from_cache},
        "extractions": extractions_to_json(extractions),
    }


def document_from_dict(data: dict[str, Any]) -> tuple[str, Snapshot, list[Extraction]]:
    """What ``document_dict`` wrote; KeyError, TypeError or ValueError on anything else."""
    meta = data["snapshot"]
    role = meta["role"]
    if not is_document_role(role):
        raise ValueError(f"not a document role: {role!r}")
    status = meta["status"]
    snapshot = Snapshot(
        channel=str(meta["channel"]), location=str(meta["location"]), role=role,
        product=None if meta["product"] is None else str(meta["product"]),
        retrieved_at=str(meta["retrieved_at"]),
        status=None if status is None else int(status),
        content_type=str(meta["content_type"]),
        error=None if meta["error"] is None else str(meta["error"]),
        digest=str(meta["sha256"]), from_cache=bool(meta["from_cache"]))
    if not snapshot.digest:
        raise ValueError("a document without its sha256")
    return str(data["key"]), snapshot, extractions_from_json(data["extractions"], snapshot)
