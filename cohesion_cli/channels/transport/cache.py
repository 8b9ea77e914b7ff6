"""The on-disk cache that makes re-runs over unchanged pages cheap.

- HTTP: the last answer for each URL, in one file (a line of JSON: ETag, Last-Modified,
  content type, the body's sha256; then the body); the next request is conditional
  (If-None-Match / If-Modified-Since) and a 304 reuses the body, or does not even read it
  when the extraction stored for it stands for it. One file, not two: creating a file is
  the costliest part of storing an answer on a busy filesystem.
- Extraction: what was read from a document, keyed by the document's sha256, its location
  and everything extraction depends on (channel settings, catalog, cohesion version); an
  unchanged document is not parsed again.

Default folder: ``$XDG_CACHE_HOME/cohesion`` (else ``~/.cache/cohesion``); ``--cache-dir``
chooses another, ``--no-cache`` bypasses it. Documents read with headers, cookies or an
``${ENV_VAR}`` in their address are never cached (``DocumentSpec.private``). Folders are
created 0700 and files 0600; every entry carries the sha256 of
its content and is written atomically. An entry that is damaged (its digest does not match,
it is truncated or garbled) is a cache miss, logged; a folder that cannot be written turns
caching off for the run, with one warning.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

EXTRACTION_FORMAT = "6"
"""Changes whenever what extraction reads from the same bytes, or how it is stored, changes,
so that entries written by an older extractor are not reused."""
HTTP_FORMAT = "3"
"""Changes whenever how HTTP answers are stored changes (2: with the body's sha256; 3: the
body in the same file), so that older entries are not found rather than reported as
damaged."""
_HEAD = 64 * 1024
"""Bytes an entry's first line may take (its URL, ETag and Last-Modified)."""
_PARTS = ("http", "extract")
_HTTP_FIELDS = ("content_type", "etag", "last_modified", "sha256")
"""What an HTTP entry holds besides its URL, each a text."""
_ready: set[Path] = set()
"""Folders this process has made private already."""
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
log = logging.getLogger(__name__)


def default_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cohesion"


def _name(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def unusable(folder: Path) -> str | None:
    """Why ``folder`` cannot hold the cache (it cannot be created or written), else None.
    Creates it and its parts private (0700) on the way."""
    try:
        for part in _PARTS:
            _private_folder(folder / part)
            fd, probe = tempfile.mkstemp(prefix=".probe.", dir=folder / part)
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def _private_folder(path: Path) -> None:
    """Create ``path`` 0700 (and its missing parents); tighten it when an older cohesion
    left it open to others."""
    if not path.parent.is_dir():
        _private_folder(path.parent)
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        if path.is_dir() and path.stat().st_mode & 0o077:
            path.chmod(0o700)


class Cache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # entries are named as text: a path object per lookup cost a re-run's workers more
        # than reading the entry
        self._http = os.path.join(folder, "http", "")
        self._extract = os.path.join(folder, "extract", "")

    # --- HTTP answers ---------------------------------------------------------------
    def http_entry(self, url: str) -> dict[str, Any] | None:
        """What is stored about ``url``'s last answer (ETag, Last-Modified, content type,
        the body's sha256), without its body: a 304 may not need it (``http_body``)."""
        path = self._http_path(url)
        try:
            with open(path, "rb") as entry:
                head = entry.readline(_HEAD)
        except FileNotFoundError:
            return None
        except OSError as exc:
            return self._damaged(path, str(exc))
        try:
            meta = json.loads(head)
        except ValueError:
            return self._dropped(path, "not JSON")
        if not isinstance(meta, dict) or meta.get("url") != url:
            return self._damaged(path, "not this URL's entry")
        if not all(isinstance(meta.get(k), str) for k in _HTTP_FIELDS):
            return self._dropped(path, "a field is missing or not text")
        return meta

    def http_body(self, url: str, sha256: str) -> bytes | None:
        """The stored body of ``url``'s last answer, if it still has the sha256 its entry
        gives; a damaged one is dropped with its entry, so the next request is not
        conditional."""
        path = self._http_path(url)
        try:
            with open(path, "rb") as entry:
                entry.readline(_HEAD)
                body: bytes | None = entry.read()
        except OSError:
            body = None
        if body is not None and _sha256(body) == sha256:
            return body
        return self._dropped(path, "no body" if body is None else
                             "the body does not match its sha256")

    def store_http(self, url: str, body: bytes, content_type: str, etag: str,
                   last_modified: str, digest: str = "") -> None:
        """Keep an answer that can be asked for again conditionally (``digest``: the body's
        sha256 when already computed)."""
        if not (etag or last_modified):
            return
        meta = {"url": url, "content_type": content_type, "etag": etag,
                "last_modified": last_modified, "sha256": digest or _sha256(body)}
        head = json.dumps(meta).encode("utf-8")  # escapes line breaks: one line
        if len(head) < _HEAD:
            self._write(Path(self._http_path(url)), head + b"\n" + body)

    def _http_path(self, url: str) -> str:
        return f"{self._http}{_name(HTTP_FORMAT, url)}.http"

    # --- extraction results ---------------------------------------------------------
    def extraction(self, key: str) -> bytes | None:
        """The stored extractions of ``key``, as JSON: an entry is its sha256 (bound to the
        key) on the first line, then the JSON it verifies, checked as bytes (the caller
        parses it)."""
        path = f"{self._extract}{key}.json"
        try:
            with open(path, "rb") as entry:
                data = entry.read()
        except FileNotFoundError:
            return None
        except OSError as exc:
            return self._damaged(path, str(exc))
        digest, _, payload = data.partition(b"\n")
        if digest.decode("ascii", "replace") != _payload_digest(key, payload):
            return self._damaged(path, "the extractions do not match their sha256")
        return payload

    def has_extraction(self, key: str) -> bool:
        return os.path.isfile(f"{self._extract}{key}.json")

    def store_extraction(self, key: str, payload: bytes) -> None:
        """Keep the extractions of ``key``, as JSON (``extraction`` gives them back)."""
        self._write(self.folder / "extract" / f"{key}.json",
                    _payload_digest(key, payload).encode("ascii") + b"\n" + payload)

    @staticmethod
    def extraction_key(digest: str, context_key: str, location: str, product: str | None,
                       role: str) -> str:
        return _name(EXTRACTION_FORMAT, digest, context_key, location, product or "", role)

    # --- files ----------------------------------------------------------------------
    @staticmethod
    def _dropped(path: str, why: str) -> None:
        """A damaged entry removed, so that the next request is not conditional."""
        with contextlib.suppress(OSError):
            os.unlink(path)
        return Cache._damaged(path, why)

    @staticmethod
    def _damaged(path: Path | str, why: str) -> None:
        log.warning("cohesion: ignoring damaged cache entry %s (%s); it is read again",
                    path, why)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        """Write ``path`` atomically and private (0600); a failure leaves the entry out of
        the cache (logged), never fails the document."""
        try:
            if path.parent not in _ready:
                _private_folder(path.parent)
                _ready.add(path.parent)
            # a name no other process or thread uses: no random name to draw per entry
            tmp = path.parent / f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW, 0o600)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            log.debug("cohesion: cache entry %s not written: %s", path, exc)


@functools.lru_cache(maxsize=8)
def cache_at(folder: str) -> Cache:
    """The cache in ``folder``: one object per folder and process, not one per lookup."""
    return Cache(Path(folder))


def _payload_digest(key: str, payload: bytes) -> str:
    """sha256 of an extraction entry's content, bound to its key (an entry copied under
    another key does not verify)."""
    return hashlib.sha256(key.encode("utf-8") + b"\x1f" + payload).hexdigest()
