"""Serve a folder on 127.0.0.1 for the length of a run (the rulebook's ``serve:``).

Only what is inside the folder is served: a symlink leading out of it (or into /proc, /sys,
/dev) answers 403, so a served folder cannot be used to read other files."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cohesion_cli.rulebook.confine import Confinement


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: the run's output is the report."""

    def send_head(self) -> Any:
        if Confinement(Path(self.directory), []).refusal(Path(self.translate_path(self.path))):
            self.send_error(403, "outside the served folder")
            return None
        return super().send_head()


@contextmanager
def serving(root: Path) -> Iterator[str]:
    """Yield the base URL of ``root`` served on a free loopback port."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
