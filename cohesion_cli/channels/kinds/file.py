"""``file``: local documents — saved HTML pages, JSON (e.g. an app's API answers), plain text.

The content type comes from the extension: .html/.htm, .json, anything else is text.
Nothing under /proc, /sys or /dev is read (the rulebook's confinement, checked at load time,
keeps documents inside the engagement; this holds even for a symlink made since).
"""

from __future__ import annotations

import stat
from pathlib import Path

from cohesion_cli.channels.extraction import extract
from cohesion_cli.channels.kinds.base import Kind, no_problems
from cohesion_cli.channels.transport.snapshots import (
    MAX_BODY_BYTES,
    content_type_for,
    failed,
    snapshot_of,
)
from cohesion_cli.domain import Snapshot
from cohesion_cli.rulebook.confine import system_folder
from cohesion_cli.rulebook.plan import DocumentSpec
from cohesion_cli.userfiles import what_it_is

__all__ = ["KIND", "read"]


def read(spec: DocumentSpec) -> Snapshot:
    path = Path(spec.location)
    try:
        system = system_folder(path)
        if system is not None:
            return failed(spec, f"refused to read {path}: it is under {system}, which cohesion "
                                "never reads")
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return failed(spec, f"not a file: {path} is {what_it_is(info.st_mode)}")
        if info.st_size > MAX_BODY_BYTES:
            return failed(spec, f"file larger than {MAX_BODY_BYTES} bytes: {path}")
        body = path.read_bytes()
    except FileNotFoundError:
        return failed(spec, f"file not found: {path}")
    except OSError as exc:
        return failed(spec, f"cannot read {path}: {exc.strerror}")
    return snapshot_of(spec, body=body, content_type=content_type_for(path.name))


KIND = Kind("file", over_http=False, read=read, extract=extract, validate=no_problems)
