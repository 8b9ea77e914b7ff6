"""Reading and extraction on a Dask distributed cluster (``cohesion check --executor dask``).

:func:`connect` opens a client to a running scheduler; :class:`DaskJobs` is the
``concurrent.futures.Executor`` that ``engine.run`` maps its jobs over, so the cluster runs
the same ``read_and_extract`` as the local pool and the checks stay on the client.

- Streaming: results come back in the jobs' order (product-major, so each product is checked
  as soon as its documents are in). At most ``WINDOW`` jobs are submitted and not yet
  consumed, and each future is dropped once its result is consumed: the client's memory
  follows the window, not the catalog.
- Politeness across the cluster: the client keeps at most ``PER_HOST`` documents of one host
  (the origin of the document's address) in flight, from submission until the result is
  back, whatever the number of workers and threads. Documents not read over HTTP (files,
  exports, a replayed archive) are limited by the window only. A redirect to another host
  counts against the first host.
- robots.txt is read once, by the client (``robots.prefetch``); the verdicts are sent to every
  worker once and loaded before its first job of the run, so workers never ask for it.
- A document whose workers die while reading it (``KilledWorker``) is unreadable with the
  reason; a cluster lost during the run stops it with :class:`ClusterError`.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid
from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import CancelledError, Executor, Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from cohesion_cli import exitcodes, secrets
from cohesion_cli.channels.transport import robots, wire
from cohesion_cli.channels.transport.snapshots import failed
from cohesion_cli.extract.result import Extraction
from cohesion_cli.rulebook.plan import DocumentSpec

if TYPE_CHECKING:
    from distributed import Client, as_completed
    from distributed import Future as DaskFuture

T = TypeVar("T")
WINDOW = 256
"""Jobs submitted to the cluster and not yet consumed by the client, at most."""
EXTRA = "pip install 'cohesion-cli[dask]'"


class ClusterError(Exception):
    """The cluster cannot be used: no address, unreachable, or lost during the run."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def connect(address: str | None) -> Client:
    """A client of the scheduler at ``address`` (default: Dask's ``scheduler-address``
    setting, i.e. ``DASK_SCHEDULER_ADDRESS``). Waits as long as Dask's
    ``distributed.comm.timeouts.connect`` setting says."""
    try:
        import dask
        from distributed import Client
    except ImportError:
        raise ClusterError(f"--executor dask needs Dask's distributed package: {EXTRA}",
                           exitcodes.USAGE) from None
    address = address or dask.config.get("scheduler-address", None)
    if not address:
        raise ClusterError("--executor dask needs the scheduler's address: --scheduler "
                           "tcp://HOST:PORT or DASK_SCHEDULER_ADDRESS", exitcodes.USAGE)
    try:
        return Client(address, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {_line(exc)}",
                           exitcodes.USAGE) from None


@contextlib.contextmanager
def on_cluster(address: str | None) -> Iterator[DaskJobs]:
    """The executor of the cluster at ``address`` (see :func:`connect`), closed after use."""
    client = connect(address)
    try:
        same_code(client)
        yield DaskJobs(client)
    except ClusterError:
        _quiet()
        raise
    finally:
        client.close()


def _quiet() -> None:
    """Silence Dask's log: a lost cluster is said in one line, and the client's log of its
    reconnection attempts would add tracebacks."""
    for handler in logging.getLogger("distributed").handlers:
        handler.setLevel(logging.CRITICAL + 1)


def code() -> str:
    """This process's cohesion: its version and the digest of its extractor's source."""
    from cohesion_cli import __version__
    from cohesion_cli.engine import extractor_digest

    return f"{__version__} ({extractor_digest()[:12]})"


def same_code(client: Client, mine: str | None = None) -> None:
    """Check that the workers run this cohesion (``mine``, by default :func:`code`): the
    same findings as a local run need the same extractor."""
    mine = mine or code()
    try:
        theirs: dict[str, str] = client.run(code)
    except Exception as exc:  # a worker that cannot import cohesion_cli, or is gone
        raise ClusterError(f"the Dask workers cannot run cohesion ({_line(exc)}); install "
                           f"it on every worker: {EXTRA}", exitcodes.USAGE) from None
    for worker, found in sorted(theirs.items()):
        if found != mine:
            raise ClusterError(f"the Dask worker {worker} runs cohesion {found}, this is "
                               f"cohesion {mine}: install the same on every worker",
                               exitcodes.USAGE)


@dataclass(frozen=True)
class _Verdicts:
    """The run's robots.txt verdicts, as sent to the workers."""

    run: str
    verdicts: dict[str, robots.Verdict] = field(default_factory=dict)


_loaded = [""]
"""The run whose verdicts this worker process holds."""
_loading = threading.Lock()


def _on_worker(verdicts: _Verdicts, fn: Callable[..., T], *args: Any) -> T:
    """On a worker: load the run's robots.txt verdicts (once per run), then do the job.
    Verdicts of an earlier run on this long-lived worker are forgotten first."""
    with _loading:
        if _loaded[0] != verdicts.run:
            robots.forget()
            robots.preload(verdicts.verdicts)
            _loaded[0] = verdicts.run
    return fn(*args)


def host(args: tuple[Any, ...]) -> str | None:
    """The host a job reads from (``scheme://host:port``), or None: it reads no web address
    (a file, or a document replayed from an archive)."""
    job = args[0] if args else None
    if not isinstance(job, tuple) or len(job) < 3 or not isinstance(job[0], DocumentSpec):
        return None
    spec: DocumentSpec = job[0]
    if job[2] is not None or not spec.location.startswith(("http://", "https://")):
        return None
    try:
        return wire.origin(secrets.expand(spec.location))
    except secrets.MissingSecret:
        return wire.origin(spec.location)


class DaskJobs(Executor):
    """Runs ``engine`` jobs on a Dask cluster through ``client`` (which the caller closes)."""

    def __init__(self, client: Client, window: int = WINDOW, per_host: int = wire.PER_HOST
                 ) -> None:
        self._client = client
        self._window = max(1, window)
        self._per_host = max(1, per_host)

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        return cast("Future[T]", self._client.get_executor(pure=False).submit(
            fn, *args, **kwargs))

    def map(self, fn: Callable[..., T], *iterables: Iterable[Any], timeout: float | None = None,
            chunksize: int = 1) -> Iterator[T]:
        """``fn`` over the jobs, results in order, at most ``per_host`` jobs of one host and
        ``window`` in all submitted and not yet consumed (``timeout``, ``chunksize``: unused)."""
        return self._stream(fn, list(zip(*iterables, strict=True)))

    def _stream(self, fn: Callable[..., T], calls: list[tuple[Any, ...]]) -> Iterator[T]:
        from distributed import as_completed
        from distributed.client import ClosedClientError

        try:
            yield from self._ordered(fn, calls, as_completed(loop=self._client.loop))
        except (CancelledError, ClosedClientError):
            raise ClusterError("the Dask cluster stopped during the run (the connection to "
                               "the scheduler was lost, or the work was cancelled)",
                               exitcodes.UNREADABLE) from None
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"the Dask cluster failed during the run: {_line(exc)}",
                               exitcodes.UNREADABLE) from None

    def _ordered(self, fn: Callable[..., T], calls: list[tuple[Any, ...]],
                 running: as_completed) -> Iterator[T]:
        """The streaming loop: jobs enter the window in order; a job whose host has
        ``per_host`` jobs running waits in its host's queue; results leave in order."""
        hosts = [host(args) for args in calls]
        verdicts = self._client.scatter(_Verdicts(uuid.uuid4().hex, robots.prefetch(
            args[0][0] for args, name in zip(calls, hosts, strict=True) if name is not None)),
            broadcast=True)
        held: dict[int, DaskFuture[Any]] = {}  # submitted, result not consumed yet
        index: dict[Hashable, int] = {}  # future key -> job
        finished: set[int] = set()
        busy: Counter[str] = Counter()
        queued: dict[str, deque[int]] = {}

        def start(i: int) -> None:
            future = self._client.submit(_on_worker, verdicts, fn, *calls[i], pure=False)
            held[i] = future
            index[future.key] = i
            running.add(future)
            name = hosts[i]
            if name is not None:
                busy[name] += 1

        def enter(i: int) -> None:
            name = hosts[i]
            if name is not None and (busy[name] >= self._per_host or queued.get(name)):
                queued.setdefault(name, deque()).append(i)
            else:
                start(i)

        entered, consumed = 0, 0
        try:
            while consumed < len(calls):
                while entered < min(len(calls), consumed + self._window):
                    enter(entered)
                    entered += 1
                if consumed in finished:
                    finished.discard(consumed)
                    yield cast(T, _outcome(held.pop(consumed), calls[consumed]))
                    consumed += 1
                    continue
                done = next(running)
                i = index.pop(done.key)
                finished.add(i)
                name = hosts[i]
                if name is not None:
                    busy[name] -= 1
                    waiting = queued.get(name)
                    if waiting:
                        start(waiting.popleft())
        finally:  # stopped early: the cluster drops what nobody will read
            if held and self._client.status == "running":
                self._client.cancel(list(held.values()))
            held.clear()


def _outcome(future: DaskFuture[Any], args: tuple[Any, ...]) -> Any:
    """The job's result; a document whose workers died is unreadable with the reason."""
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        spec: DocumentSpec = args[0][0]
        broken = failed(spec, "every Dask worker that read it died (out of memory or "
                              "killed); see the workers' logs")
        return broken, [Extraction(broken)]


def _line(exc: BaseException) -> str:
    """The first line of ``exc``'s message, or its type when it has none."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
