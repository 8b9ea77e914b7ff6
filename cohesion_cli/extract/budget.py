"""The time one document's extraction may take.

Extraction runs in linear time, but a 10 MB body packed with amounts still takes long, and
one document must not hold up a run. :func:`budget` sets a deadline for the work inside
it (a budget already running, for the same document, is kept); the scanning loops call
:func:`check`, which raises :class:`OverBudget` past the deadline. The reader turns that
into an unreadable extraction with the reason, so the document is *unverifiable*, never
a price reported missing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

SECONDS = 20.0
"""Extraction budget per document. A typical product page (100-500 KB) takes well under
a second; the budget only stops bodies made to be slow."""

_deadline: ContextVar[tuple[float, float] | None] = ContextVar("extraction_deadline",
                                                               default=None)


class OverBudget(Exception):
    """Extraction went past its deadline."""


@contextmanager
def budget(seconds: float | None = None) -> Iterator[None]:
    """Work inside has ``seconds`` (default :data:`SECONDS`) to finish, unless an
    enclosing budget is already running: then its deadline holds."""
    if _deadline.get() is not None:
        yield
        return
    allowed = SECONDS if seconds is None else seconds
    token = _deadline.set((time.monotonic() + allowed, allowed))
    try:
        yield
    finally:
        _deadline.reset(token)


def check() -> None:
    """Raise :class:`OverBudget` when the running budget is spent (no budget: nothing)."""
    running = _deadline.get()
    if running is not None and time.monotonic() > running[0]:
        raise OverBudget(f"extraction stopped after {running[1]:g} s (the document is too "
                         "large or too dense to read in time)")
