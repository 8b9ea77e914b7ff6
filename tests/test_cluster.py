"""``check --executor dask``: the same findings as a local run, on an in-process cluster and on
a scheduler and two workers started as processes; per-host politeness and the streaming window
across the cluster; one-line errors for a missing extra, a missing or unreachable scheduler."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import Result

from cohesion_cli import exitcodes
from cohesion_cli.channels.transport.wire import PER_HOST
from cohesion_cli.rulebook.plan import DocumentSpec

distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")
dask = pytest.importorskip("dask")

from cohesion_cli.cluster import ClusterError, DaskJobs, code, same_code  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "aurora"
CHECK = ("check", str(EXAMPLE), "--format", "json", "--no-history", "--no-cache", "-q")


def _findings(output: str) -> list[tuple[str, str]]:
    report = json.loads(output)
    return sorted((f["fingerprint"], f["outcome"]) for f in report["findings"])


@pytest.fixture
def in_process_cluster() -> Iterator[Any]:
    with distributed.LocalCluster(processes=False, n_workers=2, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        yield cluster


def test_in_process_cluster_gives_the_local_findings(
        cli: Callable[..., Result], in_process_cluster: Any) -> None:
    local = cli(*CHECK)
    assert local.exit_code in (exitcodes.FINDINGS, exitcodes.UNREADABLE), local.output
    # the address comes from Dask's own setting (DASK_SCHEDULER_ADDRESS) when --scheduler is
    # not given
    with dask.config.set({"scheduler-address": in_process_cluster.scheduler_address}):
        remote = cli(*CHECK, "--executor", "dask")
    assert remote.exit_code == local.exit_code, remote.output
    assert _findings(local.stdout) and _findings(remote.stdout) == _findings(local.stdout)
    documents = [(c["id"], c["documents"]) for c in json.loads(remote.stdout)["channels"]]
    assert documents == [(c["id"], c["documents"]) for c in json.loads(local.stdout)["channels"]]
    assert _done_on_cluster(in_process_cluster.scheduler) == sum(n for _, n in documents)


def _done_on_cluster(dask_scheduler: Any) -> int:
    """How many jobs the scheduler saw finish."""
    prefix = dask_scheduler.task_prefixes.get("on_worker")
    return 0 if prefix is None else int(prefix.state_counts["memory"])


_lock = threading.Lock()
_running: Counter[str] = Counter()
_most: Counter[str] = Counter()
_started: list[int] = []


def _visit(job: tuple[DocumentSpec, int, None, bool]) -> int:
    """A stand-in for reading a document: counts the jobs of each host running at once."""
    spec, number, _, _ = job
    with _lock:
        _running[spec.channel] += 1
        _most[spec.channel] = max(_most[spec.channel], _running[spec.channel])
        _started.append(number)
    time.sleep(0.02)
    with _lock:
        _running[spec.channel] -= 1
    return number


def _jobs(count: int) -> list[tuple[DocumentSpec, int, None, bool]]:
    """Jobs over two hosts and the disk, in the mixed order a product-major plan has."""
    places = ["http://a.test:8080/p/", "https://b.test/p/", "/srv/exports/p"]
    names = ["a", "b", "disk"]
    return [(DocumentSpec(channel=names[i % 3], kind="web", location=f"{places[i % 3]}{i}",
                          role="product", respect_robots=False), i, None, False)
            for i in range(count)]


def test_per_host_limit_holds_across_the_cluster() -> None:
    _most.clear()
    with distributed.LocalCluster(processes=False, n_workers=2, threads_per_worker=8,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster, set_as_default=False) as client:
        results = list(DaskJobs(client, window=64).map(_visit, _jobs(60)))
    assert results == list(range(60))  # in the jobs' order
    assert _most["a"] <= PER_HOST and _most["b"] <= PER_HOST
    assert _most["disk"] > PER_HOST  # files are bounded by the window only


def test_results_stream_within_the_window() -> None:
    """The client never has more than ``window`` jobs submitted and not consumed."""
    _started.clear()
    window = 5
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=8,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster, set_as_default=False) as client:
        stream = DaskJobs(client, window=window).map(_visit, _jobs(30))
        for consumed, number in enumerate(stream, start=1):
            assert number == consumed - 1
            with _lock:
                assert max(_started) < consumed - 1 + window
    assert sorted(_started) == list(range(30))


def test_a_cluster_lost_during_the_run_stops_it_with_one_error() -> None:
    cluster = distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=2,
                                       dashboard_address=None)
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), \
            distributed.Client(cluster, set_as_default=False) as client:
        stream = DaskJobs(client, window=4).map(_visit, _jobs(30))
        assert next(stream) == 0
        cluster.close()
        with pytest.raises(ClusterError) as caught:
            list(stream)
    assert caught.value.exit_code == exitcodes.UNREADABLE
    assert "the Dask cluster stopped during the run" in str(caught.value)


def test_workers_must_run_the_same_cohesion(in_process_cluster: Any) -> None:
    with distributed.Client(in_process_cluster, set_as_default=False) as client:
        same_code(client)  # the workers share this process: the same code
        with pytest.raises(ClusterError) as caught:
            same_code(client, mine="0.0.1 (000000000000)")
    assert caught.value.exit_code == exitcodes.USAGE
    assert f"runs cohesion {code()}, this is cohesion 0.0.1" in str(caught.value)


def _dies_on_the_second(job: tuple[DocumentSpec, int, None, bool]) -> int:
    if job[1] == 1:  # what the scheduler raises once every worker that ran it has died
        raise distributed.KilledWorker("_on_worker-x",
                                       SimpleNamespace(address="tcp://127.0.0.1:1"), 3)
    return job[1]


def test_a_document_whose_workers_die_is_unreadable(in_process_cluster: Any) -> None:
    with distributed.Client(in_process_cluster, set_as_default=False) as client:
        results: list[Any] = list(DaskJobs(client).map(_dies_on_the_second, _jobs(3)))
    assert results[0] == 0 and results[2] == 2
    snapshot, extractions = results[1]
    assert snapshot.location == "https://b.test/p/1" and snapshot.body == b""
    assert "every Dask worker that read it died" in (snapshot.error or "")
    assert [e.snapshot for e in extractions] == [snapshot]


def test_scheduler_only_with_dask(cli: Callable[..., Result]) -> None:
    result = cli(*CHECK, "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == exitcodes.USAGE
    assert "--scheduler is used only with --executor dask" in result.stderr


def test_no_scheduler_address(cli: Callable[..., Result]) -> None:
    with dask.config.set({"scheduler-address": None}):
        result = cli(*CHECK, "--executor", "dask")
    assert result.exit_code == exitcodes.USAGE
    assert "DASK_SCHEDULER_ADDRESS" in result.stderr and "Traceback" not in result.output


def test_unreachable_scheduler_is_one_line(cli: Callable[..., Result], closed_port: int
                                           ) -> None:
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = cli(*CHECK, "--executor", "dask", "--scheduler", f"tcp://127.0.0.1:{closed_port}")
    assert result.exit_code == exitcodes.USAGE
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"cohesion: cannot reach the Dask scheduler at tcp://127.0.0.1:{closed_port}"), lines


def test_missing_extra_says_what_to_install(cli: Callable[..., Result],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    result = cli(*CHECK, "--executor", "dask", "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == exitcodes.USAGE
    assert "pip install 'cohesion-cli[dask]'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _wait_for(path: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while not path.exists():
        assert process.poll() is None, "the Dask scheduler stopped"
        assert time.monotonic() < deadline, "the Dask scheduler did not start"
        time.sleep(0.1)


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.slow
def test_scheduler_and_workers_as_processes_give_the_local_findings(tmp_path: Path) -> None:
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "30s"}
    env.pop("DASK_SCHEDULER_ADDRESS", None)
    dask_cli = [sys.executable, "-m", "dask"]
    address_file = tmp_path / "scheduler.json"
    processes = [subprocess.Popen(
        [*dask_cli, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
         "--scheduler-file", str(address_file)], cwd=tmp_path, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        _wait_for(address_file, processes[0])
        address = json.loads(address_file.read_text(encoding="utf-8"))["address"]
        processes += [subprocess.Popen(
            [*dask_cli, "worker", address, "--nthreads", "1", "--no-dashboard", "--no-nanny",
             "--host", "127.0.0.1"], cwd=tmp_path, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
        with distributed.Client(address, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=60)
        cohesion = [sys.executable, "-m", "cohesion_cli", *CHECK]
        local = subprocess.run(cohesion, env=env, capture_output=True, text=True, timeout=120)
        remote = subprocess.run([*cohesion, "--executor", "dask", "--scheduler", address],
                                env=env, capture_output=True, text=True, timeout=120)
        with distributed.Client(address, set_as_default=False) as client:
            done = client.run_on_scheduler(  # a lambda travels by value, not by name
                lambda dask_scheduler: int(
                    dask_scheduler.task_prefixes["on_worker"].state_counts["memory"]))
    finally:
        _stop(processes[1:])  # the workers first: without a scheduler they keep retrying
        _stop(processes[:1])
    assert remote.returncode == local.returncode, remote.stderr
    assert "Traceback" not in remote.stderr
    assert _findings(local.stdout) and _findings(remote.stdout) == _findings(local.stdout)
    assert done == sum(c["documents"] for c in json.loads(remote.stdout)["channels"])
