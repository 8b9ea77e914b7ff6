"""One deadline thread per process (``transport.watchdog``): actions run at their
deadline unless cancelled, cancelled deadlines do not pile up, a forked child has its own."""

from __future__ import annotations

import gc
import os
import threading
import weakref
from collections.abc import Callable

import pytest

from cohesion_cli.channels.transport import watchdog


def recorder(fired: list[str], name: str, done: threading.Event | None = None
             ) -> Callable[[], None]:
    def action() -> None:
        fired.append(name)
        if done is not None:
            done.set()
    return action


def test_an_action_runs_at_its_deadline_and_a_cancelled_one_never() -> None:
    fired: list[str] = []
    done = threading.Event()
    cancel_late = watchdog.arm(0.05, recorder(fired, "late", done))
    cancel_early = watchdog.arm(0.01, recorder(fired, "cancelled"))
    cancel_early()
    assert done.wait(5)
    cancel_late()  # cancelling after it ran changes nothing
    assert fired == ["late"]


def test_deadlines_run_in_time_order_whatever_the_order_armed() -> None:
    fired: list[str] = []
    done = threading.Event()
    watchdog.arm(0.08, recorder(fired, "third", done))
    watchdog.arm(0.02, recorder(fired, "first"))
    watchdog.arm(0.05, recorder(fired, "second"))
    assert done.wait(5)
    assert fired == ["first", "second", "third"]


def test_cancelled_deadlines_do_not_pile_up() -> None:
    watch = watchdog._Watch()
    for _ in range(10_000):
        watch.arm(3600, lambda: None)()
    assert watch.live == 0
    assert len(watch.heap) <= 64 + 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")
def test_a_forked_child_has_its_own_thread() -> None:
    watchdog.arm(3600, lambda: None)  # the parent's thread is running
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        ran = threading.Event()
        watchdog.arm(0.01, ran.set)
        os.write(write, b"1" if ran.wait(5) else b"0")
        os._exit(0)
    os.close(write)
    answer = os.read(read, 1)
    os.waitpid(pid, 0)
    os.close(read)
    assert answer == b"1"


def test_a_cancelled_deadline_lets_go_of_what_it_would_have_cut() -> None:
    """A response (and its socket) must not outlive its request because a deadline still
    refers to it: a worker process forked later would inherit the socket."""

    class Response:
        def cut(self) -> None:
            raise AssertionError("cancelled")

    response = Response()
    gone = weakref.ref(response)
    cancel = watchdog.arm(3600, response.cut)
    cancel()
    del response
    gc.collect()
    assert gone() is None
