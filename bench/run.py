"""Performance benchmark: cohesion side by side with Scrapy and a naive script.

Usage (from the repository root, with the project's virtual environment)::

    python bench/run.py --pages 1000                     # everything, one go
    python bench/run.py --pages 10000 --only cohesion    # the memory check
    python bench/run.py --help-timing                    # only time `cohesion --help`

Generates N product pages and their rulebook (``make_catalog.py``) into a temporary folder
(or ``--workdir``), serves them on 127.0.0.1 (``serve.py``: nginx when installed), then runs,
each as a child process, measuring wall clock and peak memory (``perf/measure.py``):

(a) ``cohesion check RULEBOOK --format json --ignore-robots`` with an empty HTTP cache,
(a') the same command again (the re-run, which may use the cache),
(a'') with more than 1,000 pages, (a) and (a') over a rulebook of the catalog's first 1,000
      products, on a cache of their own: the memory check compares the largest process,
(b) the Scrapy spider ``peers/scrapy_spider.py`` on the same N pages,
(c) the naive script ``peers/naive.py`` on the first K pages (``--naive-pages``).

It prints the comparison table, cohesion's first-run vs re-run time, whether every tool read
the pages' prices and cohesion found exactly the planted divergences, the median time of
``cohesion --help`` and the targets. Exit status: 0 when everything ran (whatever the
numbers), 1 when a tool failed, 2 on a usage error or a missing peer.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import make_catalog
from perf import outputs, table, tools
from perf.measure import median_seconds
from serve import serving

TOOLS = ("cohesion", "scrapy", "naive")
FLAT_BASE = 1000
"""With more pages than this, cohesion also runs over the catalog's first FLAT_BASE products,
and its largest process is compared (memory flat in the catalog's size)."""
NEEDS = {"cohesion": ("cohesion_cli",), "scrapy": ("scrapy",), "naive": ("requests", "bs4")}
INSTALL = {"cohesion_cli": "pip install -e .  (the project itself)"}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="product pages (default 1000)")
    parser.add_argument("--naive-pages", type=int, default=None,
                        help="pages the naive script reads (default: min(pages, 200))")
    parser.add_argument("--only", default=",".join(TOOLS),
                        help="comma-separated tools to run: cohesion, scrapy, naive")
    parser.add_argument("--workdir", type=Path, help="generate here and keep the files")
    parser.add_argument("--server", choices=("auto", "python"), default="auto",
                        help="auto: nginx when installed, else Python; python: never nginx")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per tool run")
    parser.add_argument("--help-timing", action="store_true",
                        help="only time `cohesion --help` (median of 5) and exit")
    args = parser.parse_args()
    args.only = [t.strip() for t in args.only.split(",") if t.strip()]
    unknown = sorted(set(args.only) - set(TOOLS))
    if unknown or args.pages < 1:
        parser.error(f"unknown tool(s) {unknown}" if unknown else "--pages must be >= 1")
    args.naive_pages = min(args.pages, args.naive_pages or 200)
    return args


def missing_modules(selected: list[str]) -> list[str]:
    return [m for tool in selected for m in NEEDS[tool] if importlib.util.find_spec(m) is None]


def help_command() -> list[str]:
    script = Path(sys.executable).with_name("cohesion")
    return [str(script), "--help"] if script.exists() else [
        sys.executable, "-m", "cohesion_cli", "--help"]


def time_help(folder: Path) -> float:
    seconds = median_seconds(help_command(), folder)
    print(f"cohesion --help: median {seconds:.3f} s over 5 runs (target < 0.3 s)")
    return seconds


def correctness(truth: outputs.Truth, found: dict[str, outputs.Extracted],
                naive_pages: int) -> list[str]:
    skus = list(truth.prices)
    lines = []
    parts = []
    for key, label in (("cohesion", "cohesion"), ("scrapy", "Scrapy"), ("naive", "naive")):
        if key in found:
            subset = skus[:naive_pages] if key == "naive" else skus
            parts.append(f"{label} {outputs.agreeing(found[key], truth, subset)}/{len(subset)}")
    lines.append("prices equal to what the pages show: " + ", ".join(parts))
    if "cohesion" in found and "scrapy" in found:
        same = sum(1 for s in skus
                   if found["cohesion"].prices.get(s) == found["scrapy"].prices.get(s))
        lines.append(f"cohesion and Scrapy read the same price on {same}/{len(skus)} pages")
    if "cohesion" in found:
        got = found["cohesion"]
        match = "yes" if got.divergent == set(truth.planted) else "NO"
        lines.append(f"price divergences: cohesion reported {len(got.divergent)}, planted "
                     f"{len(truth.planted)}, same SKUs: {match}; other findings: "
                     f"{got.other_findings}")
        again = found.get("cohesion-rerun")
        if again is not None:
            equal = "yes" if again.fingerprints == got.fingerprints else "NO"
            lines.append(f"re-run reported the same findings as the first run: {equal}")
    return lines


def run_tools(args: argparse.Namespace, setup: tools.Setup, small: tools.Setup | None
              ) -> tuple[list[table.Row], dict[str, outputs.Extracted]]:
    """Each selected tool over ``setup``; cohesion over ``small`` too (the catalog's first
    FLAT_BASE products, for the memory check), when given."""
    rows: list[table.Row] = []
    found: dict[str, outputs.Extracted] = {}
    if "cohesion" in args.only:
        extra, env, note = tools.cohesion_args(setup, tools.check_options())
        print(f"cohesion {tools.version('cohesion-cli')}: {tools.byte_compiled()}; cache: "
              f"{note}", flush=True)
        for rerun in (False, True):
            row, found["cohesion-rerun" if rerun else "cohesion"] = tools.cohesion(
                setup, extra, env, rerun)
            rows.append(row)
            print(f"  {row.label}: {row.seconds:.2f} s", flush=True)
        if small is not None:
            rows += _small_runs(small)
    if "scrapy" in args.only:
        row, found["scrapy"] = tools.scrapy(setup)
        rows.append(row)
        print(f"  {row.label}: {row.seconds:.2f} s", flush=True)
    if "naive" in args.only:
        row, found["naive"] = tools.naive(setup, args.naive_pages)
        rows.append(row)
        print(f"  {row.label}: {row.seconds:.2f} s on {row.pages} pages", flush=True)
    return rows, found


def _small_runs(small: tools.Setup) -> list[table.Row]:
    """cohesion's first run and re-run over the catalog's first pages, on a cache of their
    own: the memory check compares their largest process with the whole catalog's."""
    extra, env, _ = tools.cohesion_args(small, tools.check_options())
    rows = []
    for rerun in (False, True):
        row, _found = tools.cohesion(small, extra, env, rerun)
        key = "cohesion-small-rerun" if rerun else "cohesion-small"
        rows.append(replace(row, key=key, label=f"{row.label}, first {row.pages:,} only"))
        print(f"  {rows[-1].label}: {row.seconds:.2f} s", flush=True)
    return rows


def benchmark(args: argparse.Namespace, workdir: Path) -> int:
    started = time.perf_counter()
    products, size = make_catalog.generate(workdir, args.pages, args.seed, "http://127.0.0.1/")
    print(f"generated {len(products)} pages ({size / len(products) / 1024:.0f} KiB each on "
          f"average, {sum(p.planted for p in products)} planted price divergences) in "
          f"{time.perf_counter() - started:.1f} s -> {workdir}", flush=True)
    results = workdir / "results"
    shutil.rmtree(results, ignore_errors=True)
    results.mkdir()
    with serving(workdir / "site", prefer_python=args.server == "python") as server:
        rulebook = make_catalog.write_rulebook(workdir, server.url)
        print(f"served by {server.software} at {server.url}; {os.cpu_count()} CPU cores, load "
              f"average {os.getloadavg()[0]:.2f}; Python {platform.python_version()}",
              flush=True)
        setup = tools.Setup(rulebook, [f"{server.url}p/{p.sku}.html" for p in products],
                            results, args.timeout)
        small = None
        if len(products) > FLAT_BASE:
            small_rulebook = make_catalog.write_subset(workdir / "small", products[:FLAT_BASE],
                                                       server.url)
            (results / "small").mkdir()
            small = tools.Setup(small_rulebook, setup.urls[:FLAT_BASE], results / "small",
                                args.timeout)
        rows, found = run_tools(args, setup, small)
    print()
    print(table.render(rows))
    if "naive" in args.only and args.naive_pages < args.pages:
        print(f"* the naive script read the first {args.naive_pages} pages only "
              "(--naive-pages); its pages/s is measured on that subset.")
    print("seconds: wall clock of the whole child process, start-up included. peak RSS: the "
          "largest single process (ru_maxrss from os.wait4). tree PSS: the whole process tree, "
          "workers included (psutil, sampled every 0.5 s; '-' without psutil).")
    by_key = {r.key: r for r in rows}
    if "cohesion" in by_key:
        first, rerun = by_key["cohesion"], by_key["cohesion-rerun"]
        print(f"\ncohesion first run {first.seconds:.2f} s, re-run {rerun.seconds:.2f} s: "
              f"re-run {first.seconds / rerun.seconds:.2f}x faster")
    print("\n".join(["", *correctness(outputs.load_truth(workdir), found, args.naive_pages)]))
    print()
    help_seconds = time_help(results)
    print("\ntargets (from the performance issue):")
    print(table.render_targets(table.targets(rows, help_seconds)))
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
          "(other work on the machine slows every tool)")
    return 0


def main() -> int:
    args = parse_args()
    missing = missing_modules(["cohesion"] if args.help_timing else args.only)
    if missing:
        hints = sorted({INSTALL.get(m, "pip install -r bench/requirements.txt") for m in missing})
        print(f"bench/run.py: missing Python module(s) {', '.join(missing)} for "
              f"{sys.executable}; install with: {'; '.join(hints)}", file=sys.stderr)
        return 2
    try:
        with tempfile.TemporaryDirectory(prefix="cohesion-bench-") as tmp:
            if args.help_timing:
                time_help(Path(tmp))
                return 0
            workdir = args.workdir or Path(tmp)
            workdir.mkdir(parents=True, exist_ok=True)
            return benchmark(args, workdir.resolve())
    except (tools.ToolFailed, RuntimeError, OSError) as exc:
        print(f"bench/run.py: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
