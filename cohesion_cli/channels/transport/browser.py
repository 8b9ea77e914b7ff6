"""The headless Chromium of one process, for pages read with ``render: browser``.

One browser per process (a worker process starts its own), started on first use and reused
for every page: each page gets a fresh browser context (no cookies, storage or cache shared
between pages), closed when the page is read. Playwright's asyncio API runs on one event
loop thread owned by this module, so the reading threads of a run can load pages at the same
time in one browser; :meth:`Browser.run` hands a coroutine to that loop and waits for it
with a deadline, so a browser that stops answering cannot hold a reading thread forever.

Which Chromium: ``$COHESION_CHROMIUM`` when set, else a ``chromium`` (or
``chromium-browser``) on ``PATH`` (Debian: ``apt install chromium``), else the one
``playwright install chromium`` downloads. Playwright gives every launch a fresh temporary
profile folder (user-data-dir) and removes it on close. A browser that cannot be started is
remembered for the rest of the process (every page fails at once with the reason); one that
crashes or disconnects is started again for the next page.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import asyncio

    from playwright.async_api import Browser as PlaywrightBrowser
    from playwright.async_api import Playwright

EXECUTABLE_ENV = "COHESION_CHROMIUM"
ARGS = ("--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
        "--disable-features=LocalNetworkAccessChecks")
LAUNCH_TIMEOUT = 60.0
"""Seconds a browser may take to start."""
GRACE = 10.0
"""Seconds the reading thread waits beyond a page's own deadline before giving up on a
browser that does not answer at all."""
INSTALL_HINT = ("install Chromium (Debian/Ubuntu: apt install chromium) or Playwright's "
                "(playwright install chromium), or point $COHESION_CHROMIUM at a Chromium "
                "executable")

T = TypeVar("T")


class Unavailable(Exception):
    """The browser cannot be started or stopped answering; the message says why and what to
    do."""


def executable() -> str | None:
    """The Chromium to launch: $COHESION_CHROMIUM, else one on PATH, else None
    (Playwright's own download)."""
    chosen = os.environ.get(EXECUTABLE_ENV)
    if chosen:
        return chosen
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One process's Chromium and the event loop thread that drives it."""

    def __init__(self) -> None:
        import asyncio  # here: a run that renders no page does not pay for importing it

        self.pid = os.getpid()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="cohesion-browser",
                                       daemon=True)
        self.thread.start()
        self._playwright: Playwright | None = None
        self._browser: PlaywrightBrowser | None = None
        self._broken: str | None = None
        self._starting: asyncio.Lock | None = None

    def run(self, work: Callable[[PlaywrightBrowser], Awaitable[T]], deadline: float) -> T:
        """``work(browser)`` on the loop, the browser started first if need be; Unavailable
        when it cannot be started, or when nothing comes back within ``deadline`` seconds
        (plus GRACE) after it started."""
        started = self._submit(self._ready(), LAUNCH_TIMEOUT + GRACE)

        async def job() -> T:
            return await work(started)

        return self._submit(job(), deadline + GRACE)

    def _submit(self, coroutine: Coroutine[Any, Any, T], wait: float) -> T:
        import asyncio

        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result(timeout=wait)
        except FutureTimeout:
            future.cancel()
            raise Unavailable(f"the browser did not answer within {wait:g} s") from None

    async def _ready(self) -> PlaywrightBrowser:
        if self._starting is None:
            import asyncio

            self._starting = asyncio.Lock()
        async with self._starting:
            if self._broken is not None:
                raise Unavailable(self._broken)
            if self._browser is not None and self._browser.is_connected():
                return self._browser
            try:
                self._browser = await self._launch()
            except Unavailable as exc:
                self._broken = str(exc)
                raise
            return self._browser

    async def _launch(self) -> PlaywrightBrowser:
        from playwright.async_api import Error, async_playwright

        path = executable()
        if self._playwright is None:
            try:
                self._playwright = await async_playwright().start()
            except Exception as exc:  # its driver did not start: say so, as for the browser
                raise Unavailable(f"cannot start Playwright's driver: {exc}"[:300]) from None
        try:
            return await self._playwright.chromium.launch(
                executable_path=path, headless=True, args=list(ARGS),
                chromium_sandbox=os.geteuid() != 0,  # Playwright adds --no-sandbox when False
                timeout=LAUNCH_TIMEOUT * 1000, handle_sigint=False, handle_sigterm=False,
                handle_sighup=False)
        except Error as exc:
            first = (exc.message or str(exc)).strip().splitlines()[0][:200]
            where = path or "Playwright's Chromium"
            raise Unavailable(f"cannot start the browser ({where}): {first}; "
                              f"{INSTALL_HINT}") from None

    def close(self) -> None:
        """Close the browser and Playwright, then stop the loop thread (bounded: a browser
        that does not close is left to Playwright's driver, which ends with this process)."""
        async def shut() -> None:
            if self._browser is not None:
                await self._browser.close()
            if self._playwright is not None:
                await self._playwright.stop()

        if self.pid == os.getpid() and self.thread.is_alive():
            with contextlib.suppress(Exception):  # best effort: the results are already in
                self._submit(shut(), GRACE)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(GRACE)


_lock = threading.Lock()
_current: list[Browser] = []


def current() -> Browser:
    """This process's browser, set up on first use (a forked child does not reuse its
    parent's: it starts its own, closed when the process ends)."""
    with _lock:
        if _current and _current[0].pid == os.getpid():
            return _current[0]
        _current[:] = [Browser()]
        from multiprocessing import util

        util.Finalize(None, close, exitpriority=10)  # worker processes skip atexit
        return _current[0]


_holders = [0]


@contextlib.contextmanager
def session() -> Iterator[None]:
    """A run's use of the browser: at the end of the outermost session, this process's
    browser (if one was started) is closed; a longer-lived caller wraps several runs in its
    own session to reuse one browser across them."""
    with _lock:
        _holders[0] += 1
    try:
        yield
    finally:
        with _lock:
            _holders[0] -= 1
            last = _holders[0] <= 0
        if last:
            close()


def close() -> None:
    """Close this process's browser, if it started one (the next page starts a new one)."""
    with _lock:
        found = _current[0] if _current and _current[0].pid == os.getpid() else None
        _current.clear()
    if found is not None:
        found.close()
