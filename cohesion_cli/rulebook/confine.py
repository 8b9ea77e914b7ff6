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

from pathlib import Path

SYSTEM_FOLDERS = (Path("/proc"), Path("/sys"), Path("/dev"))
"""Folders no rulebook may make cohesion read: they expose the process and the machine."""
OUTSIDE_HINT = ("keep the engagement's files in the rulebook's folder, or list their folder "
                "under 'allow_paths:' in the rulebook")
SYSTEM_HINT = "remove it from the rulebook: /proc, /sys and /dev are never read"


def roots(base_dir: Path, allow_paths: list[str]) -> list[Path]:
    """The folders a rulebook in ``base_dir`` may read from, symlinks resolved."""
    return [base_dir.resolve(), *((base_dir / p).resolve() for p in allow_paths)]


def system_folder(path: Path) -> Path | None:
    """The system folder ``path`` (symlinks resolved) is in, if any."""
    real = path.resolve()
    return next((s for s in SYSTEM_FOLDERS if real.is_relative_to(s)), None)


def refusal(path: Path, allowed: list[Path]) -> tuple[str, str] | None:
    """Why ``path`` may not be read by a rulebook allowed ``allowed`` (see ``roots``), and
    what to do; None when it may."""
    real = path.resolve()
    system = system_folder(real)
    if system is not None:
        return f"{path} is under {system}, which cohesion never reads", SYSTEM_HINT
    if any(real.is_relative_to(root) for root in allowed):
        return None
    where = f" (it leads to {real})" if real != Path(path).absolute() else ""
    return f"{path} is outside the engagement folder{where}", OUTSIDE_HINT
