"""Deadlines watched by one thread per process.

A body still arriving at its whole-body deadline is cut by an action run at that time
(``wire.read_body``). Starting a timer thread for every request costs more than a small
page takes to read, and under a busy interpreter the start itself waits; one daemon
thread keeps every deadline of the process in a heap instead. A forked worker process
starts with no deadlines and its own thread.
"""

from __future__ import annotations

import heapq
import itertools
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(order=True)
class _Deadline:
    at: float
    order: int
    action: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)


class _Watch:
    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.heap: list[_Deadline] = []
        self.live = 0
        self.order = itertools.count()
        self.thread: threading.Thread | None = None

    def arm(self, delay: float, action: Callable[[], None]) -> Callable[[], None]:
        deadline = _Deadline(time.monotonic() + delay, next(self.order), action)
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="cohesion-deadlines",
                                               daemon=True)
                self.thread.start()
            heapq.heappush(self.heap, deadline)
            self.live += 1
            if self.heap[0] is deadline:
                self.lock.notify()

        def cancel() -> None:
            with self.lock:
                if not deadline.cancelled:
                    deadline.cancelled = True
                    deadline.action = _nothing  # what it would cut is not kept alive:
                    self.live -= 1              # a socket a forked worker would inherit
                    if len(self.heap) > 2 * self.live + 64:  # drop what was cancelled
                        self.heap = [d for d in self.heap if not d.cancelled]
                        heapq.heapify(self.heap)

        return cancel

    def _run(self) -> None:
        while True:
            with self.lock:
                while self.heap and self.heap[0].cancelled:
                    heapq.heappop(self.heap)
                if not self.heap:
                    self.lock.wait()
                    continue
                wait = self.heap[0].at - time.monotonic()
                if wait > 0:
                    self.lock.wait(wait)
                    continue
                due = heapq.heappop(self.heap)
                due.cancelled = True
                self.live -= 1
            due.action()


def _nothing() -> None:
    """What a cancelled deadline does."""


_watch = _Watch()


def _forked() -> None:
    global _watch
    _watch = _Watch()


os.register_at_fork(after_in_child=_forked)


def arm(delay: float, action: Callable[[], None]) -> Callable[[], None]:
    """Run ``action`` in ``delay`` seconds unless the returned function is called first."""
    return _watch.arm(delay, action)
