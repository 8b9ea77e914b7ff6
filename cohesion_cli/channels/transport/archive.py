"""Archive what a run read, and replay a run from an archive without any network.

Layout of an archive folder:

- ``index.json``: one entry per document read — channel, role, product, location,
  retrieved-at, HTTP status, content type, sha256, error — and where its bytes are;
- ``warc/<run>.warc.gz``: HTTP answers (web, api) as WARC response records, streamed to a
  temporary file during the run and renamed into place at the end;
- ``files/<sha256>``: bytes of every other document (files, exports, feeds).

Every file is written atomically and the index last, so an interrupted run leaves the
previous archive usable; once the index is written, the WARC files, stored files and
temporary files it does not reference (earlier runs', interrupted runs') are removed. Header
and cookie values taken from the environment are never written; their values are masked in
bodies too, and ``sha256`` is the digest of the bytes as archived.

Keys name documents independently of the machine and of the working directory: a local
file is named by its path relative to the rulebook's folder, a served page by its path under
``{serve_url}``. Reading back (``--replay``) trusts nothing in the folder: an index that is
missing or garbled makes the archive unusable (``ArchiveError``); an entry whose bytes are
outside the folder, missing, damaged or not matching their sha256 makes that document
unreadable, with the reason.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import uuid
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from cohesion_cli import atomic
from cohesion_cli.channels.transport.snapshots import snapshot_of
from cohesion_cli.domain import Snapshot
from cohesion_cli.rulebook.plan import DocumentSpec, is_url_location
from cohesion_cli.secrets import Redactor

INDEX = "index.json"


def key(snapshot: Snapshot | DocumentSpec, serve_url: str, base_dir: Path) -> str:
    """Stable name of a document across runs and clones: the served folder's port and
    the rulebook's folder are left out."""
    location = snapshot.location
    if serve_url:
        location = location.replace(serve_url.rstrip("/"), "{serve_url}")
    if not is_url_location(location):
        path, root = os.path.abspath(location), os.path.abspath(base_dir)
        if os.path.commonpath((path, root)) == root:
            location = Path(os.path.relpath(path, root)).as_posix()
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
            "sha256": hashlib.sha256(body).hexdigest(),
            "error": self.redact(snapshot.error or "") or None,
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
        self._prune()

    def _prune(self) -> None:
        """Remove what the index just written does not reference: earlier runs' WARC files
        and stored files, and temporary files that interrupted runs left behind."""
        kept = {self.folder / e[k] for e in self.entries for k in ("file", "warc") if k in e}
        leftovers = [*self.folder.glob(f".{INDEX}.*.tmp"), *self.folder.glob("warc/*"),
                     *self.folder.glob("files/*")]
        for path in leftovers:
            if path not in kept and (path.is_symlink() or path.is_file()):
                path.unlink(missing_ok=True)


class ArchiveError(Exception):
    """The archive folder cannot be replayed at all (one line: what, where, what to do)."""


_STORED = {"file": re.compile(r"files/[0-9a-f]{64}"),
           "warc": re.compile(r"warc/[0-9a-f]{12}\.warc\.gz")}
"""The only names an archive stores bytes under."""
_FIELDS: dict[str, tuple[type, ...]] = {
    "key": (str,), "location": (str,), "retrieved_at": (str,), "sha256": (str,),
    "status": (int, type(None)), "content_type": (str, type(None)), "error": (str, type(None)),
    "file": (str,), "warc": (str,), "record": (str,)}
_REQUIRED = ("key", "location", "retrieved_at", "sha256", "status", "content_type", "error")


class ArchiveReader:
    """Reads snapshots back from an archive; a document not in it is unreadable."""

    def __init__(self, folder: Path, base_dir: Path) -> None:
        self.folder = folder
        self.base_dir = base_dir
        self.entries = {e["key"]: e for e in _index(folder)}
        self._warcs: dict[Path, tuple[dict[str, bytes], str]] = {}
        """WARC files read so far (the reader is pickled to worker processes: no lock; two
        threads may read the same file once each)."""

    def read(self, spec: DocumentSpec) -> Snapshot:
        entry = self.entries.get(key(spec, "", self.base_dir))
        base = snapshot_of(spec, retrieved_at="")
        if entry is None:
            return replace(base, error="not in the archive")
        # a served folder's address changed with the run: keep it a placeholder, which
        # reports write as the folder's path, like the live run's
        served = "{serve_url}" in spec.location
        base = replace(base, location=spec.location if served else entry["location"],
                       retrieved_at=entry["retrieved_at"],
                       status=entry["status"], content_type=entry["content_type"] or "",
                       error=entry["error"])
        if base.error is not None:
            return base
        body = self._bytes(entry)
        if isinstance(body, str):
            return replace(base, error=f"archive {self.folder}: {body}")
        if hashlib.sha256(body).hexdigest() != entry["sha256"]:
            return replace(base, error=f"archive {self.folder}: the archived bytes do not match "
                                       "their sha256 (the archive was changed or damaged)")
        return replace(base, body=body, digest="")

    def _bytes(self, entry: dict[str, Any]) -> bytes | str:
        """The archived bytes of ``entry``, or why they cannot be read."""
        where: str = entry.get("file") or entry.get("warc") or ""
        if not where or ("warc" in entry) != ("record" in entry):
            return "the index names no archived bytes for this document"
        kind = "file" if entry.get("file") else "warc"
        path = self.folder / where
        if not _STORED[kind].fullmatch(where) or not _inside(path, self.folder):
            return f"refused the index entry {where!r}: archived bytes are read only from " \
                   "files/ and warc/ inside the archive folder"
        try:
            if kind == "file":
                return path.read_bytes()
            return self._record(path, entry["record"])
        except OSError as exc:
            return f"cannot read {where}: {exc.strerror or exc}"

    def _record(self, path: Path, record_id: str) -> bytes | str:
        if path not in self._warcs:
            self._warcs[path] = _warc_records(path)
        records, damage = self._warcs[path]
        found = records.get(record_id)
        if found is None:
            return damage or f"record {record_id} is not in {path.name}: the file is " \
                             "damaged or incomplete; archive again"
        return found


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, symlinks resolved, is in ``folder`` (symlinks resolved)."""
    return path.resolve().is_relative_to(folder.resolve())


def _warc_records(path: Path) -> tuple[dict[str, bytes], str]:
    """Every record of the WARC file at ``path`` by record id, and what is wrong with the
    file ("" when nothing): a damaged file gives the records before the damage."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records: dict[str, bytes] = {}
    with path.open("rb") as stream:
        try:
            for record in ArchiveIterator(stream):
                rid = record.rec_headers.get_header("WARC-Record-ID")
                records[str(rid)] = record.content_stream().read()
        except (ArchiveLoadFailed, EOFError, ValueError, zlib.error, OSError) as exc:
            return records, f"{path.name} is damaged or incomplete ({exc}); archive again"
    return records, ""


def _index(folder: Path) -> list[dict[str, Any]]:
    """The documents of the archive's index; ArchiveError when there is no usable index."""
    path = folder / INDEX
    if not folder.is_dir():
        raise ArchiveError(f"--replay {folder}: no such folder; give a folder written by "
                           "'cohesion check --archive'")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArchiveError(f"--replay {folder}: no {INDEX} in it, so it is not an archive or "
                           "the run that wrote it was interrupted; archive again with "
                           "'cohesion check --archive'") from None
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"--replay {folder}: cannot read {INDEX} ({exc}); archive again "
                           "with 'cohesion check --archive'") from None
    documents = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(documents, list):
        raise ArchiveError(f"--replay {folder}: {INDEX} has no list of documents; archive "
                           "again with 'cohesion check --archive'")
    for i, entry in enumerate(documents):
        problem = _entry_problem(entry)
        if problem:
            raise ArchiveError(f"--replay {folder}: {INDEX}, document {i + 1}: {problem}; "
                               "archive again with 'cohesion check --archive'")
    return documents


def _entry_problem(entry: Any) -> str | None:
    if not isinstance(entry, dict):
        return "not an object"
    missing = [name for name in _REQUIRED if name not in entry]
    if missing:
        return f"missing {', '.join(missing)}"
    for name, types in _FIELDS.items():
        if name in entry and (not isinstance(entry[name], types)
                              or isinstance(entry[name], bool)):
            return f"'{name}' has the wrong type"
    return None
