"""Run one command as a child process and measure it: wall clock and peak memory.

Two memory figures:

- **peak RSS**: the kernel's resource usage of that one child, collected with
  ``os.wait4(pid)`` when it ends (the ``ru_maxrss`` that ``getrusage(RUSAGE_CHILDREN)``
  reports, but for this child alone, so earlier runs do not leak into later ones). It is the
  high-water mark of one process: when the child runs worker processes, it is the largest
  of them, not their sum. The mark carries over ``exec`` from the process that forked the
  child, so every command is started by ``launcher``, a small process started early: the
  benchmark's own memory (a parsed 27 MB report at 10,000 pages) is not charged to it.
- **peak tree PSS** (with psutil installed): every 0.5 s the proportional set size of the
  child and all its descendants is summed (shared pages counted once across them; read from
  ``/proc/PID/smaps_rollup``); the largest sum is kept. This is the memory of the whole
  tool, worker processes included; as a sample it can miss a spike shorter than the
  interval. Reading PSS makes the kernel walk each process's page tables (a few ms per
  sample for a 200 MB process), hence the half-second interval: the poller then costs
  about 1-2 % of one core.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import statistics
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Measured:
    seconds: float
    """Wall clock from start to exit, interpreter start-up and imports included."""
    peak_rss_mb: float
    peak_tree_mb: float | None
    """None without psutil."""
    returncode: int
    """Exit code; negative when killed by a signal (e.g. on timeout)."""
    stdout: Path
    stderr: Path

    def tail(self, lines: int = 15) -> str:
        text = self.stderr.read_text(errors="replace").strip().splitlines()
        return "\n".join(text[-lines:])


def _maxrss_mb(value: int) -> float:
    """``ru_maxrss`` is in KiB on Linux and in bytes on macOS."""
    return value / (1024 * 1024) if sys.platform == "darwin" else value / 1024


def _pss(proc: Any) -> int:
    """Proportional set size in bytes from ``smaps_rollup`` (Linux 4.14+); elsewhere the
    resident set size, which counts shared pages in every process."""
    rollup = Path(f"/proc/{proc.pid}/smaps_rollup")
    if rollup.exists():
        for line in rollup.read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    return int(proc.memory_info().rss)


class TreePoller:
    """Sample the summed PSS of a process tree in a thread until ``stop()``."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        try:
            import psutil
        except ImportError:
            return
        self._root = psutil.Process(pid)
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)
        self._thread.start()

    def _sample(self) -> int:
        import psutil

        total = 0
        with contextlib.suppress(psutil.Error):
            for proc in [self._root, *self._root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error, OSError, ValueError):
                    total += _pss(proc)
        return total

    def _run(self, interval: float) -> None:
        while True:
            self.peak = max(self.peak, self._sample())
            if self._stop.wait(interval):
                return

    def stop(self) -> float | None:
        """Peak in MB, or None without psutil."""
        if self._thread is None:
            return None
        self._stop.set()
        self._thread.join()
        return self.peak / (1024 * 1024)


def measure(command: Sequence[str], stdout: Path, stderr: Path, *, timeout: float = 3600,
            env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Measured:
    """Run ``command`` to its end (killing it after ``timeout`` seconds), output to files.
    It is started by a small launcher process (``launcher``), so that its peak RSS is its
    own and not the benchmark's."""
    request = {"command": list(command), "stdout": str(stdout), "stderr": str(stderr),
               "env": None if env is None else dict(env),
               "cwd": None if cwd is None else str(cwd), "timeout": timeout}
    with _launch_lock:
        launcher = _launcher()
        assert launcher.stdin is not None and launcher.stdout is not None
        launcher.stdin.write(json.dumps(request) + "\n")
        launcher.stdin.flush()
        started = launcher.stdout.readline()
        if not started:
            raise RuntimeError(f"the launcher stopped: {' '.join(command)} was not run")
        poller = TreePoller(int(json.loads(started)["pid"]))
        try:
            ended = json.loads(launcher.stdout.readline())
        finally:
            tree = poller.stop()
    returncode = os.waitstatus_to_exitcode(int(ended["status"]))
    return Measured(float(ended["seconds"]), _maxrss_mb(int(ended["maxrss"])), tree,
                    returncode, stdout, stderr)


_launch_lock = threading.Lock()
_launchers: list[subprocess.Popen[str]] = []


def _launcher() -> subprocess.Popen[str]:
    """The launcher process, started on first use (while the benchmark is still small) and
    stopped when this process ends."""
    if not _launchers or _launchers[0].poll() is not None:
        if not _launchers:
            atexit.register(_stop_launcher)
        _launchers[:] = [subprocess.Popen(
            [sys.executable, "-I", str(Path(__file__).with_name("launcher.py"))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)]
    return _launchers[0]


def _stop_launcher() -> None:
    """End of input: the launcher's loop over its requests ends, and so does it."""
    for launcher in _launchers:
        for pipe in (launcher.stdin, launcher.stdout):
            if pipe is not None:
                pipe.close()
        launcher.wait(timeout=10)


def median_seconds(command: Sequence[str], folder: Path, times: int = 5) -> float:
    """Median wall clock of ``times`` runs of a short command (e.g. ``cohesion --help``)."""
    runs = [measure(command, folder / "help.out", folder / "help.err", timeout=60)
            for _ in range(times)]
    failed = [r for r in runs if r.returncode != 0]
    if failed:
        raise RuntimeError(f"{' '.join(command)} exited {failed[0].returncode}: "
                           f"{failed[0].tail()}")
    return float(statistics.median(r.seconds for r in runs))
