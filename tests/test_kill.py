"""Nothing lost: a run killed with SIGKILL at any moment leaves every file it writes
either as it was before or complete — the report, the baseline and the archive."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "aurora"
DELAYS = (0.3, 0.6, 0.9, 1.2, 1.6, 2.2)


def cohesion(*args: str) -> list[str]:
    return [sys.executable, "-m", "cohesion_cli", *args]


def archive_is_whole(folder: Path) -> bool:
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    for entry in index["documents"]:
        stored = entry.get("file") or entry.get("warc")
        if stored and not (folder / stored).is_file():
            return False
    return bool(index["documents"])


def report_is_whole(path: Path) -> bool:
    return path.read_text(encoding="utf-8").rstrip().endswith("</html>")


def baseline_is_whole(path: Path) -> bool:
    return bool(json.loads(path.read_text(encoding="utf-8"))["fingerprints"])


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_leaves_previous_or_complete_files(tmp_path: Path) -> None:
    engagement = tmp_path / "aurora"
    shutil.copytree(EXAMPLE, engagement)
    out, archive = tmp_path / "out", tmp_path / "archive"
    check = cohesion("check", str(engagement), "-q", "--no-cache", "--archive", str(archive),
                     "--output", f"html={out / 'r.html'}", "--output", f"json={out / 'r.json'}")
    baseline = cohesion("baseline", str(engagement), "-o", str(out / "baseline.json"))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    assert subprocess.run(check, env=env, capture_output=True).returncode == 1
    assert subprocess.run(baseline, env=env, capture_output=True).returncode == 0
    for delay in DELAYS:
        for command in (check, baseline):
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            process.wait()
            assert report_is_whole(out / "r.html")
            json.loads((out / "r.json").read_text(encoding="utf-8"))
            assert baseline_is_whole(out / "baseline.json")
            assert archive_is_whole(archive)
