"""What an unexpected exception becomes: one line on standard error, the full traceback in
a crash log under the cache folder, and exit code 4 (internal error) — never exit 1, which
CI reads as "divergence found"."""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import click

from cohesion_cli import __version__, exitcodes
from cohesion_cli.channels.transport.cache import default_folder

REDACT = "cohesion.redact"
"""Key of the loaded rulebook's secret masker in the click context's meta: a crash log and
its line never show a secret."""


def report_crash(exc: BaseException, cache_dir: str | None,
                 redact: Callable[[str], str] = str) -> int:
    """Write the crash log, print where it is; returns exit code 4. ``redact`` masks the
    rulebook's secrets (once it is loaded) in both."""
    log = _write_log(exc, Path(cache_dir) if cache_dir else default_folder(), redact)
    where = f"the traceback is in {log}" if log else "no crash log could be written"
    click.echo(f"cohesion: internal error ({type(exc).__name__}: "
               f"{_one_line(redact(str(exc)))}); "
               f"this is a bug in cohesion, not a finding: {where} — please attach it to a "
               "bug report", err=True)
    return exitcodes.INTERNAL


def _one_line(text: str, limit: int = 200) -> str:
    """The exception's message on one line, control characters shown as '?'."""
    flat = " ".join(text.split())
    clean = "".join(c if c.isprintable() else "?" for c in flat)
    return clean if len(clean) <= limit else clean[:limit] + "…"


def _write_log(exc: BaseException, cache: Path, redact: Callable[[str], str]) -> Path | None:
    text = redact(f"cohesion {__version__}, Python {platform.python_version()} on "
                  f"{platform.platform()}\ncommand: {' '.join(sys.argv)}\n\n"
                  + "".join(traceback.format_exception(exc)))
    name = f"crash-{datetime.now().strftime('%Y%m%dT%H%M%S')}-{os.getpid()}.log"
    for folder in (cache / "crash", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError:
            continue
        return folder / name
    return None
