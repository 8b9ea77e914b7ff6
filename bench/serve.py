"""Serve a folder on 127.0.0.1 for the benchmark: nginx when installed, else Python threads.

Usage from the runner::

    with serving(folder) as server:
        print(server.url, server.software)

or from a shell (Ctrl-C or SIGTERM stops it, and nginx with it)::

    python bench/serve.py FOLDER [--python]

With the ``nginx`` binary on PATH, a minimal configuration is written to a temporary folder
(``daemon off``, one worker per core, ``access_log off``, ``sendfile``, keep-alive, ETag and
Last-Modified on — nginx's defaults for static files) and nginx runs as a child process on a
free port; as root its workers run as root too, so they can read a private temporary folder.
Without nginx, a threaded ``http.server`` answers HTTP/1.1 with keep-alive, ETag and
Last-Modified, and 304 to ``If-None-Match`` / ``If-Modified-Since``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from perf.static_server import StaticServer

NGINX_CONF = """\
{user}worker_processes auto;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 100000;
  etag on;
  if_modified_since exact;
  types {{ text/html html htm; text/plain txt; text/csv csv; application/json json; }}
  default_type application/octet-stream;
  charset utf-8;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    location / {{ }}
  }}
}}
"""


@dataclass(frozen=True)
class Server:
    url: str
    """Base URL ending in ``/``."""
    software: str
    """What answers, e.g. ``nginx/1.22.1`` or ``python http.server (threads)``."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            detail = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(f"nginx exited with code {process.returncode}: {detail.strip()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError("nginx did not start listening within 10 s")


def _nginx_version(binary: str) -> str:
    done = subprocess.run([binary, "-v"], capture_output=True, text=True, check=False)
    return (done.stderr or done.stdout).strip().removeprefix("nginx version: ") or "nginx"


@contextlib.contextmanager
def nginx(folder: Path, binary: str) -> Iterator[Server]:
    with tempfile.TemporaryDirectory(prefix="cohesion-bench-nginx-") as tmp:
        port = free_port()
        user = "user root root;\n" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(NGINX_CONF.format(user=user, tmp=tmp, port=port,
                                          root=folder.resolve()))
        log = Path(tmp) / "error.log"
        process = subprocess.Popen(
            [binary, "-p", tmp, "-c", str(conf), "-e", str(log)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_listening(port, process, log)
            yield Server(f"http://127.0.0.1:{port}/", _nginx_version(binary))
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.contextmanager
def python_server(folder: Path) -> Iterator[Server]:
    server = StaticServer(folder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{server.server_address[1]}/",
                     "python http.server (threads)")
    finally:
        server.shutdown()
        server.server_close()


def serving(folder: Path, prefer_python: bool = False) -> contextlib.AbstractContextManager[Server]:
    """Serve ``folder`` for the length of a ``with`` block."""
    binary = None if prefer_python else shutil.which("nginx")
    return nginx(folder, binary) if binary else python_server(folder)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description="Serve a folder on 127.0.0.1.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--python", action="store_true", help="do not use nginx")
    args = parser.parse_args()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    with serving(args.folder, args.python) as server:
        print(f"{server.software} serving {args.folder} at {server.url} (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
