"""A Rich progress bar on standard error for long runs; nothing when standard error is not
a terminal, or with -q."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Advance = Callable[[int, int], None]
MIN_DOCUMENTS = 20
"""Runs with fewer documents finish before a bar would help."""


@contextmanager
def progress_bar(*, enabled: bool) -> Iterator[Advance | None]:
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress("reading channels", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("read", total=None, visible=False)

        def advance(done: int, total: int) -> None:
            if total >= MIN_DOCUMENTS:
                progress.update(task, completed=done, total=total, visible=True)

        yield advance
