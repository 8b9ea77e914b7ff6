"""The benchmark charges each tool with its own peak memory (``bench/perf/measure.py``):
commands are started by a small launcher, so the benchmark's memory (parsed reports) does
not carry over ``exec`` into a tool's figure."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from perf.measure import measure  # noqa: E402


def test_a_small_command_is_not_charged_with_the_benchmarks_memory(tmp_path: Path) -> None:
    held = bytearray(300 * 2**20)
    held[::4096] = b"x" * len(held[::4096])  # resident, not only reserved
    small = measure([sys.executable, "-c", "pass"], tmp_path / "out", tmp_path / "err",
                    timeout=60)
    grown = measure([sys.executable, "-c", "b = bytearray(200 * 2**20); b[::4096] = b'x' * "
                     "len(b[::4096])"], tmp_path / "out", tmp_path / "err", timeout=60)
    assert held[0] == ord("x")
    assert small.returncode == 0 and small.peak_rss_mb < 100
    assert grown.peak_rss_mb > 200  # a command's own memory is measured


def test_the_exit_code_and_output_come_back(tmp_path: Path) -> None:
    done = measure([sys.executable, "-c", "import sys; print('hi'); sys.exit(3)"],
                   tmp_path / "out", tmp_path / "err", timeout=60)
    assert done.returncode == 3
    assert (tmp_path / "out").read_text() == "hi\n"
    assert done.seconds > 0
