"""A small, fast static file server for when nginx is not installed.

HTTP/1.1 with keep-alive, one thread per connection, ``ETag`` (size and mtime) and
``Last-Modified`` on every file, and ``304 Not Modified`` for a matching ``If-None-Match``
(or, without it, an ``If-Modified-Since`` not older than the file). GET and HEAD only; paths
are confined to the served folder.
"""

from __future__ import annotations

import email.utils
import posixpath
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

TYPES = {".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
         ".txt": "text/plain; charset=utf-8", ".json": "application/json",
         ".csv": "text/csv; charset=utf-8"}


class StaticServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        super().__init__(("127.0.0.1", 0), Handler)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: StaticServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _resolve(self) -> Path | None:
        path = posixpath.normpath(unquote(urlsplit(self.path).path))
        parts = [p for p in path.split("/") if p and p not in (".", "..")]
        target = self.server.root.joinpath(*parts)
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def _answer(self, body: bool) -> None:
        target = self._resolve()
        if target is None:
            self._empty(HTTPStatus.NOT_FOUND)
            return
        stat = target.stat()
        etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
        modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        if self._fresh(etag, int(stat.st_mtime)):
            self._empty(HTTPStatus.NOT_MODIFIED, etag, modified)
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", TYPES.get(target.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(stat.st_size))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        self.end_headers()
        if body:
            with target.open("rb") as src:
                self.connection.sendfile(src)

    def _fresh(self, etag: str, mtime: int) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:
            return etag in {tag.strip() for tag in match.split(",")} or match.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        return when.timestamp() >= mtime

    def _empty(self, status: HTTPStatus, etag: str = "", modified: str = "") -> None:
        self.send_response(status)
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
        self.send_header("Content-Length", "0")
        self.end_headers()
