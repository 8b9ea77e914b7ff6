"""Run one command as a child process and measure it: wall clock and peak memory.

Two memory figures:

- **peak RSS**: the kernel's resource usage of that one child, collected with
  ``os.wait4(pid)`` when it ends (the ``ru_maxrss`` that ``getrusage(RUSAGE_CHILDREN)``
  reports, but for this child alone, so earlier runs do not leak into later ones). It is the
  high-water mark of one process: when the child runs worker processes, it is the largest
  of them, not their sum.
- **peak tree PSS** (with psutil installed): every 0.5 s the proportional set size of the
  child and all its descendants is summed (shared pages counted once across them; read from
  ``/proc/PID/smaps_rollup``); the largest sum is kept. This is the memory of the whole
  tool, worker processes included; as a sample it can miss a spike shorter than the
  interval. Reading PSS makes the kernel walk each process's page tables (a few ms per
  sample for a 200 MB process), hence the half-second interval: the poller then costs
  about 1-2 % of one core.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import threading
import time
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
    """Run ``command`` to its end (killing it after ``timeout`` seconds), output to files."""
    with stdout.open("wb") as out, stderr.open("wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen(list(command), stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                 env=None if env is None else dict(env), cwd=cwd)
        poller = TreePoller(child.pid)
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
            tree = poller.stop()
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return Measured(seconds, _maxrss_mb(usage.ru_maxrss), tree, child.returncode, stdout,
                    stderr)


def median_seconds(command: Sequence[str], folder: Path, times: int = 5) -> float:
    """Median wall clock of ``times`` runs of a short command (e.g. ``cohesion --help``)."""
    runs = [measure(command, folder / "help.out", folder / "help.err", timeout=60)
            for _ in range(times)]
    failed = [r for r in runs if r.returncode != 0]
    if failed:
        raise RuntimeError(f"{' '.join(command)} exited {failed[0].returncode}: "
                           f"{failed[0].tail()}")
    return float(statistics.median(r.seconds for r in runs))
