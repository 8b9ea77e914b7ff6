"""Archive what a run read, and replay a run from an archive without any network.

Layout of an archive folder:

- ``index.json``: one entry per document read — channel, role, product, location,
  retrieved-at, HTTP status, content type, sha256, error — and where its bytes are;
- ``warc/<run>.warc.gz``: HTTP answers (web, api) as WARC response records, streamed to a
  temporary file during the run and renamed into place at the end;
- ``files/<sha256>``: bytes of every other document (files, exports, feeds).

Every file is written atomically and the index last, so an interrupted run leaves the
previous archive usable. Header and cookie values taken from the environment are never
written; their values are masked in bodies too.
"""

from __future__ import annotations

import io
import json
import os
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from cohesion_cli import atomic
from cohesion_cli.channels.transport.snapshots import snapshot_of
from cohesion_cli.domain import Snapshot
from cohesion_cli.rulebook.plan import DocumentSpec
from cohesion_cli.secrets import Redactor

INDEX = "index.json"


def key(snapshot: Snapshot | DocumentSpec, serve_url: str, base_dir: Path) -> str:
    """Stable name of a document across runs and clones: the served folder's port and
    the rulebook's folder are left out."""
    location = snapshot.location
    if serve_url:
        location = location.replace(serve_url.rstrip("/"), "{serve_url}")
    root = str(base_dir.resolve())
    if location.startswith(root):
        location = location[len(root):].lstrip("/\\")
    return "\x1f".join((snapshot.channel, snapshot.role, snapshot.product or "", location))


class ArchiveWriter:
    def __init__(self, folder: Path, redact: Redactor, base_dir: Path, serve_url: str = ""
                 ) -> None:
        self.folder = folder
        self.redact = redact
        self.base_dir = base_dir
        self.serve_url = serve_url
        self.run = uuid.uuid4().hex[:12]
        self.entries: list[dict[str, Any]] = []
        self._warc_path = folder / "warc" / f"{self.run}.warc.gz"
        self._warc_tmp = folder / "warc" / f".{self.run}.warc.gz.tmp"
        self._stream: Any = None
        self._writer: Any = None

    def add(self, snapshot: Snapshot) -> str | None:
        """Store ``snapshot``; returns where its bytes are, relative to the folder."""
        body = self.redact.bytes(snapshot.body)
        entry: dict[str, Any] = {
            "key": key(snapshot, self.serve_url, self.base_dir),
            "channel": snapshot.channel, "role": snapshot.role, "product": snapshot.product,
            "location": self.redact(snapshot.location), "retrieved_at": snapshot.retrieved_at,
            "status": snapshot.status, "content_type": snapshot.content_type,
            "sha256": snapshot.digest, "error": self.redact(snapshot.error or "") or None,
        }
        if snapshot.error is None and snapshot.status is not None:
            entry["warc"] = f"warc/{self.run}.warc.gz"
            entry["record"] = self._warc_record(snapshot, body)
        elif snapshot.error is None:
            entry["file"] = f"files/{snapshot.digest}"
            atomic.write_bytes(self.folder / entry["file"], body)
        self.entries.append(entry)
        return entry.get("file") or entry.get("warc")

    def _warc_record(self, snapshot: Snapshot, body: bytes) -> str:
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        if self._writer is None:
            self._warc_tmp.parent.mkdir(parents=True, exist_ok=True)
            self._stream = self._warc_tmp.open("wb")
            self._writer = WARCWriter(self._stream, gzip=True)
        headers = StatusAndHeaders(f"{snapshot.status} OK",
                                   [("Content-Type", snapshot.content_type)],
                                   protocol="HTTP/1.1")
        record = self._writer.create_warc_record(
            self.redact(snapshot.location), "response", payload=io.BytesIO(body),
            http_headers=headers, warc_headers_dict={"WARC-Date": snapshot.retrieved_at})
        self._writer.write_record(record)
        return str(record.rec_headers.get_header("WARC-Record-ID"))

    def close(self) -> None:
        """Finish the WARC (fsync, rename into place), then write the index."""
        if self._stream is not None:
            self._stream.flush()
            os.fsync(self._stream.fileno())
            self._stream.close()
            os.replace(self._warc_tmp, self._warc_path)
        index = {"version": 1, "run": self.run, "documents": self.entries}
        atomic.write_text(self.folder / INDEX, json.dumps(index, ensure_ascii=False, indent=1))


class ArchiveReader:
    """Reads snapshots back from an archive; a document not in it is unreadable."""

    def __init__(self, folder: Path, base_dir: Path) -> None:
        self.folder = folder
        self.base_dir = base_dir
        data = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        self.entries = {e["key"]: e for e in data["documents"]}
        self._records: dict[str, bytes] = {}

    def read(self, spec: DocumentSpec) -> Snapshot:
        entry = self.entries.get(key(spec, "", self.base_dir))
        base = snapshot_of(spec, retrieved_at="")
        if entry is None:
            return replace(base, error="not in the archive")
        base = replace(base, location=entry["location"], retrieved_at=entry["retrieved_at"],
                       status=entry["status"], content_type=entry["content_type"] or "",
                       error=entry["error"])
        if entry.get("file"):
            return replace(base, body=(self.folder / entry["file"]).read_bytes(), digest="")
        if entry.get("record"):
            return replace(base, body=self._record(entry["warc"], entry["record"]), digest="")
        return base

    def _record(self, warc: str, record_id: str) -> bytes:
        if record_id not in self._records:
            from warcio.archiveiterator import ArchiveIterator

            with (self.folder / warc).open("rb") as stream:
                for record in ArchiveIterator(stream):
                    rid = record.rec_headers.get_header("WARC-Record-ID")
                    self._records[rid] = record.content_stream().read()
        return self._records.get(record_id, b"")
