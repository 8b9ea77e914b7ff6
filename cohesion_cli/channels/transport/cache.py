"""The on-disk cache that makes re-runs over unchanged pages cheap.

- HTTP: the last answer for each URL (body, ETag, Last-Modified, content type); the next
  request is conditional (If-None-Match / If-Modified-Since) and a 304 reuses the body.
- Extraction: what was read from a document, keyed by the document's sha256 and
  everything extraction depends on (channel settings, catalog, cohesion version); an
  unchanged document is not parsed again.

Default folder: ``$XDG_CACHE_HOME/cohesion`` (else ``~/.cache/cohesion``); ``--cache-dir``
chooses another, ``--no-cache`` bypasses it. Requests that carry secrets from the
environment are never cached. Entries are written atomically; a corrupt entry is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cohesion_cli import atomic

EXTRACTION_FORMAT = "3"
"""Changes whenever what extraction reads from the same bytes, or how it is stored, changes,
so that entries written by an older extractor are not reused."""


def default_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cohesion"


def _name(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class Cache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    # --- HTTP answers ---------------------------------------------------------------
    def http_entry(self, url: str) -> dict[str, Any] | None:
        meta = self._read_json(self.folder / "http" / f"{_name(url)}.json")
        body = self.folder / "http" / f"{_name(url)}.body"
        if meta is None or not body.is_file():
            return None
        if not isinstance(meta, dict):
            return None
        entry: dict[str, Any] = dict(meta)
        entry["body"] = body.read_bytes()
        return entry

    def store_http(self, url: str, body: bytes, content_type: str, etag: str,
                   last_modified: str) -> None:
        if not (etag or last_modified):
            return
        name = _name(url)
        atomic.write_bytes(self.folder / "http" / f"{name}.body", body, durable=False)
        meta = {"url": url, "content_type": content_type, "etag": etag,
                "last_modified": last_modified}
        atomic.write_text(self.folder / "http" / f"{name}.json", json.dumps(meta), durable=False)

    # --- extraction results ---------------------------------------------------------
    def extraction(self, key: str) -> list[dict[str, Any]] | None:
        data = self._read_json(self.folder / "extract" / f"{key}.json")
        return data.get("extractions") if isinstance(data, dict) else None

    def store_extraction(self, key: str, extractions: list[dict[str, Any]]) -> None:
        atomic.write_text(self.folder / "extract" / f"{key}.json",
                          json.dumps({"extractions": extractions}, ensure_ascii=False),
                          durable=False)

    @staticmethod
    def extraction_key(digest: str, context_key: str, product: str | None, role: str) -> str:
        return _name(EXTRACTION_FORMAT, digest, context_key, product or "", role)

    @staticmethod
    def _read_json(path: Path) -> Any:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
