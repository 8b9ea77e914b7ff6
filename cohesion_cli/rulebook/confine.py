"""Confinement: the files a rulebook makes cohesion read stay inside the engagement.

A rulebook is untrusted input (a pull request can edit it), and what cohesion reads ends up
quoted in its reports: ``location: /proc/self`` with ``policy_pages: [environ]`` would print a
CI job's secrets. So every file a rulebook names — the documents of channels read from disk
(files, feeds, exports, observations), the catalog CSV and the served folder — must resolve,
symlinks first, inside the rulebook's folder or a folder listed under ``allow_paths:``; and
never under /proc, /sys or /dev, whatever the list says. ``..``, absolute paths and symlinks
that lead elsewhere are refused when the rulebook is loaded.
"""

from __future__ import annotations

import os
from pathlib import Path

SYSTEM_FOLDERS = (Path("/proc"), Path("/sys"), Path("/dev"))
"""Folders no rulebook may make cohesion read: they expose the process and the machine."""
OUTSIDE_HINT = ("keep the engagement's files in the rulebook's folder, or list their folder "
                "under 'allow_paths:' in the rulebook")
SYSTEM_HINT = "remove it from the rulebook: /proc, /sys and /dev are never read"


def system_folder(path: Path) -> Path | None:
    """The system folder ``path`` (symlinks resolved) is in, if any."""
    real = os.path.realpath(path)
    return next((s for s in SYSTEM_FOLDERS if _within(real, str(s))), None)


def _within(real: str, folder: str) -> bool:
    """Whether the real path ``real`` is ``folder`` (a real path) or inside it."""
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)


class Confinement:
    """Where a rulebook in ``base_dir`` with ``allow_paths`` may read from."""

    def __init__(self, base_dir: Path, allow_paths: list[str]) -> None:
        self.roots = [os.path.realpath(p) for p in (base_dir, *(base_dir / a for a in allow_paths))]
        self._folders: dict[str, str] = {}
        """Folders already resolved: a catalog's documents share a few folders."""

    def refusal(self, path: Path) -> tuple[str, str] | None:
        """Why ``path`` may not be read, and what to do; None when it may."""
        real = self._real(str(path))
        system = next((s for s in SYSTEM_FOLDERS if _within(real, str(s))), None)
        if system is not None:
            return f"{path} is under {system}, which cohesion never reads", SYSTEM_HINT
        if any(_within(real, root) for root in self.roots):
            return None
        where = f" (it leads to {real})" if real != os.path.abspath(path) else ""
        return f"{path} is outside the engagement folder{where}", OUTSIDE_HINT

    def _real(self, path: str) -> str:
        """``os.path.realpath(path)``, resolving each folder once: the real path of a name
        that is not a symlink is its folder's real path joined with the name."""
        parent, name = os.path.split(path)
        if name in ("", ".", ".."):
            return os.path.realpath(path)
        folder = self._folders.get(parent)
        if folder is None:
            folder = self._folders[parent] = os.path.realpath(parent or ".")
        real = os.path.join(folder, name)
        return os.path.realpath(real) if os.path.islink(real) else real
