"""The three tools of the benchmark, each run as a child process and measured.

- cohesion: ``python -m cohesion_cli check RULEBOOK --format json --ignore-robots``, twice
  (first run with an empty HTTP cache, then the re-run that may revalidate with
  ETag/Last-Modified); the options the installed cohesion has are read from ``check --help``;
- Scrapy: ``peers/scrapy_spider.py``; naive: ``peers/naive.py`` on the first K pages.

All of them run with the interpreter running the benchmark (``sys.executable``).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from perf import outputs
from perf.measure import Measured, measure
from perf.table import Row

PEERS = Path(__file__).resolve().parent.parent / "peers"


class ToolFailed(Exception):
    """A tool did not finish its run; the message says why."""


@dataclass(frozen=True)
class Setup:
    rulebook: Path
    urls: list[str]
    results: Path
    """Folder for outputs and error logs."""
    timeout: float


def version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def check_options() -> set[str]:
    """The long options of the installed ``cohesion check``."""
    done = subprocess.run([sys.executable, "-m", "cohesion_cli", "check", "--help"],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ToolFailed(f"cohesion check --help exited {done.returncode}: {done.stderr}")
    return {word.rstrip(",=") for word in done.stdout.split() if word.startswith("--")}


def cohesion_args(setup: Setup, options: set[str]) -> tuple[list[str], dict[str, str], str]:
    """Extra arguments, environment and a description: the first run starts with an empty
    cache (``--cache-dir`` on a fresh folder when the option exists, and in any case a fresh
    ``XDG_CACHE_HOME``), and no progress bar is drawn (``--quiet`` when it exists)."""
    env = dict(os.environ, XDG_CACHE_HOME=str(setup.results / "xdg-cache"))
    extra = ["--quiet"] if "--quiet" in options else []
    if "--cache-dir" in options:
        extra += ["--cache-dir", str(setup.results / "cohesion-cache")]
        note = "--cache-dir on a fresh folder"
    else:
        note = "no --cache-dir option; XDG_CACHE_HOME set to a fresh folder"
    return extra, env, f"{note}; arguments added: {' '.join(extra) or 'none'}"


def _checked(run: Measured, name: str, ok: tuple[int, ...] = (0,)) -> Measured:
    if run.returncode not in ok:
        raise ToolFailed(f"{name} exited with code {run.returncode}:\n{run.tail()}")
    return run


def byte_compiled() -> str:
    """Byte-compile the installed cohesion_cli before it is timed, as ``pip install`` does
    for a package (an editable install does not, and with PYTHONDONTWRITEBYTECODE set every
    run would compile its modules again: 0.2-0.3 s of each start-up on the reference
    machine). Scrapy and the naive script's libraries are installed packages: they already
    are. Returns what was done, for the report."""
    found = importlib.util.find_spec("cohesion_cli")
    if found is None or found.origin is None:
        return "cohesion_cli not found: not byte-compiled"
    folder = Path(found.origin).parent
    done = subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return f"byte-compiling {folder} failed: {done.stdout.strip() or done.stderr.strip()}"
    return "its modules byte-compiled first, as pip install does"


def cohesion(setup: Setup, extra: list[str], env: dict[str, str], rerun: bool
             ) -> tuple[Row, outputs.Extracted]:
    name = "cohesion-rerun" if rerun else "cohesion"
    command = [sys.executable, "-m", "cohesion_cli", "check", str(setup.rulebook),
               "--format", "json", "--ignore-robots", *extra]
    run = _checked(measure(command, setup.results / f"{name}.json",
                           setup.results / f"{name}.err", timeout=setup.timeout, env=env,
                           cwd=setup.results), name, ok=(0, 1))
    label = "cohesion re-run" if rerun else "cohesion (first run)"
    try:
        extracted = outputs.cohesion(run.stdout)
    except ValueError as exc:
        raise ToolFailed(f"{name} did not print JSON: {exc}") from exc
    row = Row(name, label, len(setup.urls), run.seconds, run.peak_rss_mb, run.peak_tree_mb)
    return row, extracted


def _urls_file(setup: Setup) -> Path:
    path = setup.results / "urls.txt"
    path.write_text("\n".join(setup.urls) + "\n")
    return path


def scrapy(setup: Setup) -> tuple[Row, outputs.Extracted]:
    out = setup.results / "scrapy.jsonl"
    command = [sys.executable, str(PEERS / "scrapy_spider.py"), "--urls", str(_urls_file(setup)),
               "--out", str(out)]
    run = _checked(measure(command, setup.results / "scrapy.out", setup.results / "scrapy.err",
                           timeout=setup.timeout), "scrapy")
    extracted = outputs.peer(out)
    if len(extracted.prices) < len(setup.urls):
        err = run.tail()
        raise ToolFailed(f"scrapy extracted {len(extracted.prices)} of {len(setup.urls)} pages"
                         + (f":\n{err}" if err else ""))
    row = Row("scrapy", f"Scrapy {version('scrapy')}", len(setup.urls), run.seconds,
              run.peak_rss_mb, run.peak_tree_mb)
    return row, extracted


def naive(setup: Setup, pages: int) -> tuple[Row, outputs.Extracted]:
    out = setup.results / "naive.jsonl"
    command = [sys.executable, str(PEERS / "naive.py"), "--urls", str(_urls_file(setup)),
               "--out", str(out), "--limit", str(pages)]
    run = _checked(measure(command, setup.results / "naive.out", setup.results / "naive.err",
                           timeout=setup.timeout), "naive")
    star = "*" if pages < len(setup.urls) else ""
    row = Row("naive", f"naive (requests + bs4){star}", pages, run.seconds, run.peak_rss_mb,
              run.peak_tree_mb)
    return row, outputs.peer(out)
