"""Files and folders a user names on the command line (a baseline, a suppressions file, a
saved report, an observations file, ``--output`` targets, archive folders).

Reads have a size cap and take only regular files: a FIFO would block forever, a device
such as ``/dev/zero`` would never end. Writes go only where a regular file can be replaced
atomically: never over a symbolic link, a FIFO, a device or a folder. Every refusal is a
``UserFileError`` whose message names the path, what it is and what to do.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 64 * 1024 * 1024
"""Largest file read by default (a saved report of a very large run stays well below)."""


class UserFileError(ValueError):
    """A path given by the user cannot be used; the message says which and why."""


def what_it_is(mode: int) -> str:
    """'a folder', 'a FIFO (named pipe)', 'a character device'... for a stat mode."""
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return name
    return "not a regular file"


def read_bytes(path: Path, what: str, *, limit: int | None = None) -> bytes:
    """The bytes of the regular file ``path`` (``what`` names it in messages: "baseline"),
    at most ``limit`` (default ``MAX_BYTES``)."""
    limit = MAX_BYTES if limit is None else limit
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise UserFileError(f"{what} {path} not found") from None
    except OSError as exc:
        raise UserFileError(f"cannot read {what} {path}: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise UserFileError(f"{what} {path} is {what_it_is(mode)}, not a regular file: "
                            "give the path of a file")
    try:
        # O_NONBLOCK: a FIFO put in its place since the check must not block the open
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise UserFileError(f"{what} {path} is not a regular file")
            data = handle.read(limit + 1)
    except OSError as exc:
        raise UserFileError(f"cannot read {what} {path}: {exc.strerror}") from None
    if len(data) > limit:
        raise UserFileError(f"{what} {path} is larger than {limit:,} bytes; "
                            "is it the right file?")
    return data


def read_text(path: Path, what: str, *, limit: int | None = None) -> str:
    """``read_bytes`` decoded as UTF-8 (a byte order mark is dropped)."""
    data = read_bytes(path, what, limit=limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserFileError(f"{what} {path} is not UTF-8 text") from None


def check_writable_file(path: Path, what: str) -> None:
    """Refuse unless ``path`` is missing or a regular file (not a link to one), and its
    folder exists or can be created and is writable."""
    try:
        mode: int | None = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):  # the folder check says which
        mode = None
    except OSError as exc:
        raise UserFileError(f"cannot write {what} {path}: {exc.strerror}") from None
    if mode is not None and stat.S_ISLNK(mode):
        raise UserFileError(f"cannot write {what} {path}: it is a symbolic link, and only "
                            "regular files are replaced; give the path it points to")
    if mode is not None and not stat.S_ISREG(mode):
        raise UserFileError(f"cannot write {what} {path}: it is {what_it_is(mode)}, and only "
                            "regular files are replaced; give a file path")
    _check_folder_for(path, what)


def check_writable_folder(path: Path, what: str) -> None:
    """Refuse unless ``path`` is a folder, or can be created, where files can be written."""
    if path.exists() and not path.is_dir():
        raise UserFileError(f"{what} {path} is not a folder: give a folder path")
    if path.is_dir():
        if not os.access(path, os.W_OK | os.X_OK):
            raise UserFileError(f"cannot write in {what} {path}: permission denied")
        return
    _check_folder_for(path, what)


def _check_folder_for(path: Path, what: str) -> None:
    """The nearest existing folder above ``path`` must be a writable folder."""
    above = Path(os.path.abspath(path)).parent
    while not os.path.lexists(above) and above != above.parent:
        above = above.parent
    if not above.is_dir():
        raise UserFileError(f"cannot write {what} {path}: {above} is a file, not a folder")
    if not os.access(above, os.W_OK | os.X_OK):
        raise UserFileError(f"cannot write {what} {path}: folder {above} is not writable")
