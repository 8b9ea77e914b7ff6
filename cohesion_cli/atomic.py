"""Write files atomically: a crash or SIGKILL leaves the previous version intact.

The data goes to a temporary file in the same folder, is flushed and fsynced, gets the
permissions of the file it replaces (new files follow the umask), and is renamed over the
target; the folder is fsynced so the rename itself survives a power cut. Only a regular
file is replaced: a symbolic link, a FIFO, a device or a folder at the target is refused
(``NotRegularFileError``), never swapped for a file.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


class NotRegularFileError(OSError):
    """The target exists and is not a regular file: it is left as it is."""


def write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """``durable=False`` skips the fsyncs: still atomic (readers see the old or the new
    file, never a mix), but a power cut may lose the write — fine for caches."""
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        current = os.lstat(path).st_mode
    except FileNotFoundError:
        current = None
    if current is not None and not stat.S_ISREG(current):
        raise NotRegularFileError(errno.EEXIST, "not a regular file (only regular files are "
                                  "replaced)", str(path))
    mode = stat.S_IMODE(current) if current is not None else _default_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
        _fsync_folder(folder)


def write_text(path: Path, text: str, *, durable: bool = True) -> None:
    write_bytes(path, text.encode("utf-8"), durable=durable)


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
