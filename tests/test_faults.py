"""Fault injection: cohesion on a hostile network; writes docs/RELIABILITY.md.

Every fault of ``tests/faults/server.py`` (plus a connect timeout and a DNS failure) goes
through the real CLI:

1. ``cohesion extract URL --format json`` must end within a hang guard (30 s), exit 3 with
   a precise reason on stderr when the source cannot be read, or exit 0 and decode the page
   sensibly when it can; never a traceback;
2. ``cohesion check --format json`` of a rulebook with the faulty ``web`` channel
   (``timeout: 2``) and a healthy ``file`` channel, in two variants: the healthy page agrees
   with the catalog (``clean``: exit 3 when the fault leaves its channel unreadable) or
   carries a planted price divergence (``divergent``: exit 1). The faulty document must be
   ``unverifiable`` with a precise ``findings[].reason``, and the healthy channel must still
   be checked.

A bot wall served with 200 is not a read failure the tool can see; the right outcome is that
nothing on it is taken for a fact (no price, no "indisponível" read as out of stock, no
"5 minutos" read as a deadline): extract exits 0 with no facts and check reports the
channel's price, installments and deadline as ``missing``. An empty 200, on the other hand,
is a read failure: nothing was published, so reporting the price as ``missing`` would blame
the brand for a page it did not serve; it must be ``unverifiable``.

Each run is a child process forked from a preloaded fork server, and all runs go at once:
a hung run can only be stopped by killing a process (a thread cannot be killed, and one
left running would corrupt every later in-process CliRunner call), and running them
together keeps the file well under a minute even when some must be killed at the guard.
The child calls ``cohesion_cli.cli.main`` as the ``cohesion`` script does and records its
own peak RSS growth (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, KB on Linux), which
bounds memory for the 50 MB body and the gzip bomb.

The observed outcome of every case (exit code and reason through extract, outcome inside
check, elapsed time as a band) becomes the table of ``docs/RELIABILITY.md``;
``test_reliability_doc_is_current`` fails when the committed file differs. After an intended
change of behaviour, regenerate it with::

    COHESION_UPDATE_DOCS=1 .venv/bin/python -m pytest -q tests/test_faults.py

Only the part above the "Malformed rulebooks" heading is generated; what follows it is kept.
A case the tool does not handle correctly yet is marked ``xfail(strict=True)`` with what is
wrong (``Case.extract_bug`` / ``Case.check_bug``): remove the text together with the fix.
"""

from __future__ import annotations

import difflib
import json
import multiprocessing
import os
import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

import pytest
from faults.server import PAGE, ROUTES, Blackhole, FaultServer

pytestmark = pytest.mark.slow
GUARD = 30.0
"""Seconds a run may take before it counts as hung and is killed."""
MEMORY_LIMIT_MB = 150
WORKERS = 4
"""Runs at once, besides those of cases that wait for timeouts (each has its own worker):
more would make the quick runs compete for the CPU and blur their timings."""
VARIANTS = ("clean", "divergent")
TRACEBACK = "Traceback (most recent call last)"
DOC = Path(__file__).resolve().parent.parent / "docs" / "RELIABILITY.md"
KEPT_HEADING = "## Malformed rulebooks"
KEPT_DEFAULT = f"{KEPT_HEADING}\n\nSee tests/test_bad_rulebooks.py.\n"
PRELOAD = ["cohesion_cli.cli", "cohesion_cli.commands.check", "cohesion_cli.commands.extract",
           "cohesion_cli.engine", "urllib3", "lxml.html", "bs4", __name__]

RULEBOOK = """\
brand: Aurora
catalog:
  products:
    - {{sku: A1, name: Tênis Brisa, price: 399.90, installments: {{count: 10}}}}
policies:
  delivery: {{max_days: 5}}
channels:
  - id: faulty
    kind: web
    location: "{location}"
    product_page: "{{sku}}.html"
    timeout: 2
  - id: healthy
    kind: file
    location: pages
    product_page: "{{sku}}.html"
"""
DIVERGENT_PAGE = PAGE.replace("R$ 399,90", "R$ 429,90").replace("R$ 39,99", "R$ 42,99")


@dataclass(frozen=True)
class Case:
    """One fault, read once by extract and twice by check."""

    name: str
    """Route of tests/faults/server.py, or ``connect-timeout`` / ``dns``."""
    fault: str
    """Its name in docs/RELIABILITY.md."""
    reason: str | None
    """Pattern a precise reason matches (case-insensitive); None: the body is readable."""
    how: str = ""
    """How the fault is produced; default: the route's docstring."""
    reads: str = "page"
    """Readable cases: ``page`` (the product page's facts) or ``nothing`` (no facts)."""
    evidence: str = ""
    """Text the evidence must hold, decoded as the page means it."""
    damaged: bool = False
    """The body holds bytes no encoding maps: U+FFFD is allowed in the evidence."""
    memory: bool = False
    """Assert the peak RSS growth of every run."""
    waits: bool = False
    """A reader has to wait out its timeout: each run gets a worker of its own."""
    extract_bug: str = ""
    """What the tool does wrong through extract (marks that test xfail, strict)."""
    check_bug: str = ""
    """What the tool does wrong through check (marks both variants xfail, strict)."""

    @property
    def readable(self) -> bool:
        return self.reason is None

    def describe(self) -> str:
        return " ".join((self.how or ROUTES[self.name].__doc__ or "").split())


CASES = [
    Case("connect-timeout", "connect timeout", r"timed out", waits=True,
         how="A listener of its own on 127.0.0.1 that never accepts, its accept queue "
             "(backlog 0) filled beforehand: the kernel drops every further SYN, so a "
             "client's connect waits until its own timeout."),
    Case("slow-headers", "slow headers", r"timed out", waits=True),
    Case("slow-drip", "slow-drip body", r"timed out|too slow|deadline|not received within",
         waits=True),
    Case("slow-drip-chunked", "slow-drip body, chunked",
         r"timed out|too slow|deadline|not received within", waits=True),
    Case("reset", "connection reset mid-body", r"reset"),
    Case("error-500", "HTTP 500", r"\bHTTP 500\b"),
    Case("busy-once", "503 + Retry-After: 1, then 200", None),
    Case("busy-always", "503 + Retry-After: 1, always", r"\bHTTP 503\b"),
    Case("rate-limited", "429 + Retry-After: 3600", r"\bHTTP 429\b"),
    Case("redirect-loop", "redirect loop", r"too many redirects"),
    Case("redirect-ftp", "redirect to ftp:", r"non-http"),
    Case("redirect-file", "redirect to file:", r"non-http"),
    Case("redirect-javascript", "redirect to javascript:", r"non-http"),
    Case("huge", "50 MB body", r"larger than|too large", memory=True),
    Case("gzip-bomb", "gzip bomb", r"larger than|too large|decompress", memory=True),
    Case("wrong-charset", "wrong charset declared", None),
    Case("cp1252-undeclared", "no charset, Windows-1252 bytes", None,
         evidence="Brisa – “edição verão”"),
    Case("invalid-utf8", "invalid UTF-8", None, damaged=True),
    Case("truncated", "truncated body", r"incomplete|truncated|more expected"),
    Case("bad-jsonld", "malformed JSON-LD", None),
    Case("empty", "empty 200", r"empty"),
    Case("captcha-403", "bot wall, 403", r"\bHTTP 403\b"),
    Case("captcha-200", "bot wall, 200", None, reads="nothing"),
    Case("dns", "DNS failure", r"host name not found|name resolution|resolve",
         how="The host `shop.invalid`: the `.invalid` TLD is reserved (RFC 2606) and never "
             "resolves."),
]
CASE_BY_NAME = {case.name: case for case in CASES}


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Run:
    """What one CLI run did."""

    args: tuple[str, ...]
    code: int | None
    """Exit code; None when the run was still going at the guard and was killed."""
    out: str
    err: str
    elapsed: float
    rss_growth_kb: int | None

    @property
    def hung(self) -> bool:
        return self.code is None


def _child(args: list[str], out: str, err: str, rss: str) -> None:
    """Run the CLI as the ``cohesion`` script would, in a forked child process."""
    import resource
    import sys
    import traceback

    for fd, path in ((1, out), (2, err)):
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
        os.close(target)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    from cohesion_cli.cli import main

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    code = 1
    try:
        main(args=args, prog_name="cohesion")
        code = 0
    except SystemExit as exc:
        if isinstance(exc.code, int) or exc.code is None:
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(rss, "w", encoding="ascii") as handle:
        handle.write(str(peak - before))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _warm_up() -> None:
    """Nothing: the first child makes the fork server start and import what it preloads."""


Key = tuple[str, str, str]
"""(case name, ``extract`` or ``check``, variant or "")."""


class Lab:
    """Starts every run of every case at once; answers each run's outcome when asked."""

    def __init__(self, server: FaultServer, blackhole: Blackhole, root: Path) -> None:
        self.server, self.blackhole, self.root = server, blackhole, root
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(PRELOAD)
        self._pool = ThreadPoolExecutor(max_workers=WORKERS)
        waiting = sum(case.waits for case in CASES) * (1 + len(VARIANTS))
        self._waiting = ThreadPoolExecutor(max_workers=max(waiting, 1))
        self._runs: dict[Key, Future[Run]] = {}
        self._live: set[multiprocessing.process.BaseProcess] = set()
        self._lock = threading.Lock()
        self._closing = threading.Event()

    def start(self) -> None:
        warm = self._ctx.Process(target=_warm_up, daemon=True)
        warm.start()  # starts the fork server (and its imports) before any run is timed
        warm.join()
        for case in CASES:
            self._submit((case.name, "extract", ""),
                         ["extract", self.location(case, "extract") + "A1.html",
                          "--format", "json"], case.waits)
            for variant in VARIANTS:
                rulebook = self._rulebook(case, variant)
                self._submit((case.name, "check", variant),
                             ["check", str(rulebook), "--format", "json"], case.waits)

    def run(self, case: Case, command: str, variant: str = "") -> Run:
        return self._runs[(case.name, command, variant)].result()

    def location(self, case: Case, token: str) -> str:
        """The faulty channel's folder URL for one run (``token`` keeps runs apart)."""
        if case.name == "connect-timeout":
            return self.blackhole.base + "/"
        if case.name == "dns":
            return "http://shop.invalid/"
        return self.server.url(case.name, token)

    def close(self) -> None:
        self._closing.set()
        with self._lock:
            for process in self._live:
                process.kill()
        for pool in (self._pool, self._waiting):
            pool.shutdown(wait=True, cancel_futures=True)

    def _rulebook(self, case: Case, variant: str) -> Path:
        folder = self.root / f"{case.name}-{variant}"
        (folder / "pages").mkdir(parents=True)
        page = DIVERGENT_PAGE if variant == "divergent" else PAGE
        (folder / "pages" / "A1.html").write_text(page, encoding="utf-8")
        location = self.location(case, f"check-{variant}")
        (folder / "cohesion.yaml").write_text(RULEBOOK.format(location=location),
                                              encoding="utf-8")
        return folder / "cohesion.yaml"

    def _submit(self, key: Key, args: list[str], waits: bool) -> None:
        pool = self._waiting if waits else self._pool
        self._runs[key] = pool.submit(self._execute, key, args)

    def _execute(self, key: Key, args: list[str]) -> Run:
        folder = self.root / "runs" / "-".join(part for part in key if part)
        folder.mkdir(parents=True)
        out, err, rss = folder / "stdout", folder / "stderr", folder / "rss"
        process = self._ctx.Process(target=_child, args=(args, str(out), str(err), str(rss)),
                                    daemon=True)
        with self._lock:
            if self._closing.is_set():
                return Run(tuple(args), None, "", "", 0.0, None)
            started = time.monotonic()
            process.start()
            self._live.add(process)
        # Process objects are not thread-safe: start() polls every other child, and two
        # threads reading one exit status at once lose it (exit code 255). Wait on the
        # sentinel without the lock; read the status and kill under it.
        finished = bool(wait([process.sentinel], GUARD))
        elapsed = time.monotonic() - started
        with self._lock:
            if not finished:
                process.kill()
        wait([process.sentinel])
        with self._lock:
            code = process.exitcode if finished else None
            process.join()
            self._live.discard(process)

        def text(path: Path) -> str:
            return path.read_text("utf-8", "replace") if path.exists() else ""

        growth = text(rss)
        return Run(tuple(args), code, text(out), text(err), elapsed,
                   int(growth) if growth else None)


@pytest.fixture(scope="module")
def fault_server() -> Iterator[FaultServer]:
    """The misbehaving server on 127.0.0.1, closed (slow answers ended) after the module."""
    server = FaultServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def blackhole() -> Iterator[Blackhole]:
    hole = Blackhole()
    if hole.answers():
        hole.close()
        pytest.fail("could not fill the listener's accept queue: connects would not time out")
    yield hole
    hole.close()


@pytest.fixture(scope="module")
def lab(fault_server: FaultServer, blackhole: Blackhole,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    runs = Lab(fault_server, blackhole, tmp_path_factory.mktemp("faults"))
    runs.start()
    yield runs
    runs.close()


# --------------------------------------------------------------------------- expectations


def extract_reason(err: str) -> str:
    """The reason of ``cohesion: cannot read SOURCE: REASON`` on stderr."""
    match = re.search(r"cannot read \S+: (.+)", err)
    return match.group(1).strip() if match else err.strip()


def assert_finished(run: Run) -> None:
    assert not run.hung, f"{' '.join(run.args)}: still running after {GUARD:g} s, killed"
    assert TRACEBACK not in run.err and TRACEBACK not in run.out, run.err
    assert run.elapsed < GUARD


def assert_memory(case: Case, run: Run) -> None:
    if case.memory:
        assert run.rss_growth_kb is not None
        assert run.rss_growth_kb < MEMORY_LIMIT_MB * 1024, \
            f"peak RSS grew by {run.rss_growth_kb / 1024:.0f} MB"


def assert_page(case: Case, data: dict[str, Any]) -> None:
    """The facts of the product page, read from evidence decoded as the page means it."""
    price = data["main_price"]
    assert price is not None and (price["amount"], price["currency"]) == ("399.90", "BRL")
    facts = {fact["kind"]: fact for fact in data["facts"]}
    plan, deadline = facts["installment"], facts["deadline"]
    assert (plan["count"], plan["interest_free"]) == (10, True)
    assert (deadline["max_days"], deadline["business_days"]) == (5, True)
    text = " ".join(fact["evidence"]["excerpt"] for fact in data["facts"])
    assert "ênis Brisa" in text and "até 5 dias úteis" in text, text
    assert "Ã" not in text, f"mojibake: {text}"
    assert case.damaged or "\ufffd" not in text, text
    assert case.evidence in text, text


def assert_extract(case: Case, run: Run) -> None:
    assert_finished(run)
    assert_memory(case, run)
    if case.reason is None:
        assert run.code == 0, run.err
        data = json.loads(run.out)
        if case.reads == "nothing":
            assert data["facts"] == [] and data["main_price"] is None, data["facts"]
        else:
            assert_page(case, data)
        return
    assert run.code == 3, f"exit {run.code}: {run.err or run.out[:300]}"
    assert run.out.strip() == "", "nothing on stdout when the source cannot be read"
    reason = extract_reason(run.err)
    assert re.search(case.reason, reason, re.IGNORECASE), f"vague reason: {reason!r}"


def expected_check_exit(case: Case, variant: str) -> int:
    if variant == "divergent" or case.reads == "nothing":
        return 1
    return 0 if case.readable else 3


def assert_check(case: Case, variant: str, run: Run) -> None:
    assert_finished(run)
    assert_memory(case, run)
    data = json.loads(run.out)
    assert run.code == expected_check_exit(case, variant), \
        f"exit {run.code}: {[(f['channel'], f['outcome'], f['reason']) for f in data['findings']]}"
    assert data["summary"]["exit_code"] == run.code
    channels = {channel["id"]: channel for channel in data["channels"]}
    mine = [result for result in data["results"] if result["channel"] == "faulty"]
    found = [finding for finding in data["findings"] if finding["channel"] == "faulty"]
    if case.reason is not None:
        assert channels["faulty"]["read"] is False
        assert found and {f["outcome"] for f in found} == {"unverifiable"}, found
        for finding in found:
            assert re.search(case.reason, finding["reason"], re.IGNORECASE), \
                f"vague reason: {finding['reason']!r}"
    elif case.reads == "nothing":
        assert channels["faulty"]["read"] is True
        outcomes = {result["rule"]: result["outcome"] for result in mine}
        assert outcomes.get("price") == "missing", outcomes
        assert set(outcomes.values()) == {"missing"}, "nothing on a bot wall is a fact"
    else:
        assert channels["faulty"]["read"] is True and found == [], found
        assert {r["rule"] for r in mine if r["outcome"] == "ok"} >= \
            {"price", "installments", "deadline"}
    assert channels["healthy"]["read"] is True
    healthy = {r["rule"]: r for r in data["results"] if r["channel"] == "healthy"}
    assert {"price", "installments", "deadline"} <= set(healthy), "healthy channel not checked"
    if variant == "divergent":
        assert (healthy["price"]["outcome"], healthy["price"]["observed"]) == \
            ("divergent", "R$ 429.90")
        assert any(f["channel"] == "healthy" and f["rule"] == "price" for f in data["findings"])
    else:
        assert {healthy[rule]["outcome"] for rule in ("price", "installments", "deadline")} \
            == {"ok"}


def _param(case: Case, bug: str) -> Any:
    marks = [pytest.mark.xfail(reason=bug, strict=True)] if bug else []
    return pytest.param(case, marks=marks, id=case.name)


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("case", [_param(case, case.extract_bug) for case in CASES])
def test_extract(lab: Lab, case: Case) -> None:
    assert_extract(case, lab.run(case, "extract"))


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("case", [_param(case, case.check_bug) for case in CASES])
def test_check(lab: Lab, case: Case, variant: str) -> None:
    assert_check(case, variant, lab.run(case, "check", variant))


def test_reliability_doc_is_current(lab: Lab) -> None:
    """docs/RELIABILITY.md is this suite's table; COHESION_UPDATE_DOCS=1 rewrites it."""
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    generated = render_doc(lab, committed_bands(current))
    kept = current[current.index(KEPT_HEADING):] if KEPT_HEADING in current else KEPT_DEFAULT
    wanted = generated + kept
    if os.environ.get("COHESION_UPDATE_DOCS") == "1":
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(wanted, encoding="utf-8")
        return
    diff = "".join(difflib.unified_diff(current.splitlines(True), wanted.splitlines(True),
                                        "docs/RELIABILITY.md", "generated"))
    assert current == wanted, ("docs/RELIABILITY.md does not match the observed behaviour; "
                               "regenerate it with COHESION_UPDATE_DOCS=1 .venv/bin/python "
                               f"-m pytest -q tests/test_faults.py\n{diff}")


# --------------------------------------------------------------------------- the document


INTRO = """\
# Reliability: cohesion on a hostile network

<!-- Generated by tests/test_faults.py from what the tool actually did; do not edit by hand
above the "Malformed rulebooks" heading. Regenerate after a change of behaviour with:
COHESION_UPDATE_DOCS=1 .venv/bin/python -m pytest -q tests/test_faults.py -->

*This file is produced by `tests/test_faults.py`, which fails when it is out of date.
Regenerate it with `COHESION_UPDATE_DOCS=1 .venv/bin/python -m pytest -q tests/test_faults.py`.*

A web shop, a marketplace or an app API will sometimes stall, break a connection, redirect
somewhere odd, send far too much, lie about its encoding or hide behind a bot wall. The test
suite serves each of these faults from a misbehaving server on 127.0.0.1
(`tests/faults/server.py`, standard library only; nothing leaves the machine) and reads it
two ways through the real command line:

- **extract**: `cohesion extract URL --format json`. The contract: exit 3 with the reason on
  stderr when the source cannot be read, exit 0 when it can (decoded sensibly), never a
  traceback, and an end within a bounded time (the suite kills a run after 30 s).
- **check**: `cohesion check --format json` of a rulebook holding the faulty `web` channel
  (`timeout: 2`) and a healthy `file` channel. The faulty document must be `unverifiable`
  with a precise reason while the healthy channel is still checked; the exit code is 3
  (`clean`: the healthy channel agrees with the catalog) or 1 (`divergent`: it carries a
  planted price divergence).

Elapsed time is the wall time from start to exit of a run (for check, the slower of its
two runs), shown as an upper bound: "< 1 s", "< 5 s", "< 30 s", or "killed at 30 s" when
the run had not ended and was stopped. Runs go in parallel on a shared machine, so a band
written here is kept while runs stay under three times its bound; it is rewritten when a
run outgrows that, or hangs, or stops hanging. For the 50 MB body and the gzip bomb the
suite also bounds the peak resident memory growth of each run at 150 MB.
"""


KILLED = f"killed at {GUARD:g} s"
BANDS = {"< 1 s": 1.0, "< 5 s": 5.0, f"< {GUARD:g} s": GUARD}
"""Elapsed-time bands, as upper bounds."""
SLACK = 3.0
"""A committed band stays while a run takes less than this times its bound."""


def band(seconds: float, hung: bool, committed: str | None = None) -> str:
    """The band of a run; the committed one while it still holds (within SLACK), so that
    the document does not change with the machine's load."""
    if hung:
        return KILLED
    if committed is not None and committed in BANDS and seconds < BANDS[committed] * SLACK:
        return committed
    return next(name for name, bound in BANDS.items() if seconds < bound or bound == GUARD)


def committed_bands(doc: str) -> dict[str, tuple[str, str]]:
    """Fault -> (extract band, check band) in the table of a committed document."""
    bands = {}
    for line in doc.splitlines():
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 6 and " / " in cells[4]:
            first, _, second = cells[4].partition(" / ")
            bands[cells[0].replace("\\|", "|")] = (first, second)
    return bands


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", text)
    return f"`{text}`" if "`" not in text else text


def _json(run: Run) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads(run.out)
    except ValueError:
        return None
    return data


def _facts_summary(data: dict[str, Any]) -> str:
    if not data.get("facts"):
        return "no facts"
    parts = []
    price = data.get("main_price")
    if price:
        parts.append(f"price {price['amount']} {price['currency']}")
    for fact in data["facts"]:
        if fact["kind"] == "installment":
            parts.append(f"{fact['count']}x" + (" interest-free" if fact["interest_free"]
                                                 else ""))
        elif fact["kind"] == "deadline":
            kind = {True: "business days", False: "calendar days"}.get(
                fact["business_days"], "days (business or calendar not read)")
            parts.append(f"deadline ≤ {fact['max_days']} {kind}")
    text = " ".join(fact["evidence"]["excerpt"] for fact in data["facts"])
    if "Ã" in text:
        parts.append("evidence mis-decoded (`Ã`…)")
    if "\ufffd" in text:
        parts.append("invalid bytes shown as U+FFFD")
    return ", ".join(parts)


def _memory_note(case: Case, runs: list[Run]) -> str:
    if not case.memory:
        return ""
    growths = [run.rss_growth_kb for run in runs if run.rss_growth_kb is not None]
    if len(growths) < len(runs):
        return "; peak RSS growth not measured"
    under = max(growths) < MEMORY_LIMIT_MB * 1024
    return f"; peak RSS growth {'<' if under else '≥'} {MEMORY_LIMIT_MB} MB"


def describe_extract(case: Case, run: Run) -> str:
    if run.hung:
        return f"**no end after {GUARD:g} s** (killed)"
    if TRACEBACK in run.err:
        return f"exit {run.code}, **traceback**"
    if run.code == 0:
        data = _json(run)
        summary = _facts_summary(data) if data is not None else "output is not JSON"
        return f"exit 0: {summary}{_memory_note(case, [run])}"
    return f"exit {run.code}: {_code(extract_reason(run.err))}{_memory_note(case, [run])}"


def describe_check(case: Case, runs: dict[str, Run]) -> str:
    if any(run.hung for run in runs.values()):
        return f"**no end after {GUARD:g} s** (killed)"
    if any(TRACEBACK in run.err for run in runs.values()):
        return "**traceback**"
    reports = {variant: _json(run) for variant, run in runs.items()}
    clean = reports["clean"]
    if clean is None or None in reports.values():
        return "output is not JSON"
    mine = [r for r in clean["results"] if r["channel"] == "faulty"]
    reasons = sorted({r["reason"] for r in mine if r["outcome"] == "unverifiable"})
    if reasons:
        state = "`unverifiable`: " + "; ".join(_code(reason) for reason in reasons)
    elif mine:
        state = ", ".join(f"{r['rule']} `{r['outcome']}`" for r in mine)
    else:
        state = "no result for the faulty channel"
    healthy = all(any(r["channel"] == "healthy" and r["rule"] == "price"
                      for r in (report or {}).get("results", []))
                  for report in reports.values())
    checked = "healthy channel checked" if healthy else "**healthy channel not checked**"
    codes = " / ".join(str(runs[variant].code) for variant in VARIANTS)
    return f"{state}; {checked}; exit {codes}{_memory_note(case, list(runs.values()))}"


def _passes(check: Any, *args: Any) -> bool:
    try:
        check(*args)
    except (AssertionError, KeyError, TypeError, ValueError):
        return False
    return True


def render_doc(lab: Lab, committed: dict[str, tuple[str, str]]) -> str:
    rows = ["| fault | how it is produced | extract: exit and reason | check: faulty channel; "
            "exit clean / divergent | elapsed (extract / check) | as specified |",
            "| --- | --- | --- | --- | --- | --- |"]
    gaps = []
    for case in CASES:
        extract = lab.run(case, "extract")
        checks = {variant: lab.run(case, "check", variant) for variant in VARIANTS}
        slowest = max(checks.values(), key=lambda run: (run.hung, run.elapsed))
        failing = [name for name, ok in (
            ("extract", _passes(assert_extract, case, extract)),
            ("check", all(_passes(assert_check, case, variant, run)
                          for variant, run in checks.items()))) if not ok]
        verdict = "yes" if not failing else "**no**: " + ", ".join(failing)
        was = committed.get(case.fault, (None, None))
        elapsed = (f"{band(extract.elapsed, extract.hung, was[0])} / "
                   f"{band(slowest.elapsed, slowest.hung, was[1])}")
        rows.append("| " + " | ".join(_cell(text) for text in (
            case.fault, case.describe(), describe_extract(case, extract),
            describe_check(case, checks), elapsed, verdict)) + " |")
        bugs: dict[str, list[str]] = {}
        for name in failing:
            bug = case.extract_bug if name == "extract" else case.check_bug
            bugs.setdefault(bug or "not explained yet; see the failing test", []).append(name)
        gaps += [f"- **{case.fault}** ({', '.join(names)}): {bug}." for bug, names in bugs.items()]
    known = "\n".join(gaps) if gaps else "None: every case behaves as specified."
    return (f"{INTRO}\n## Faults\n\n" + "\n".join(rows) + "\n\n## Known gaps\n\n"
            "Cases that do not behave as specified yet. Their tests are marked "
            "`xfail(strict=True)`, so they start failing once fixed: remove the mark and "
            f"regenerate this file.\n\n{known}\n\n")
