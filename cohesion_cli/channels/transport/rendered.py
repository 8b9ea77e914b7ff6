"""Pages read through the browser (``render: browser``): the page as a shopper's browser
shows it, after its scripts ran.

The same bounds as the HTTP reader (``channels.transport.http``): robots.txt honoured unless
the run says otherwise; a page in the browser counts as one of the host's ``PER_HOST``
connections (``wire.connection``); the whole page — navigation, scripts, waiting for it to
settle — within the channel's ``timeout``; the rendered HTML capped at ``MAX_BODY_BYTES``;
TLS verified unless ``--insecure``. The channel's headers, cookies and URL credentials are
added, by request interception, only to requests to the page's own origin (scheme, host and
port): those requests are sent from Playwright with redirects not followed, so a redirect
elsewhere is requested again without them. From a public page, requests to loopback,
private or link-local addresses are refused unless the channel allows private redirects.
Images, media and fonts are not downloaded. Nothing read so is cached.

Settled means: the element of the channel's price locator (CSS or XPath), when it has one,
is on the page and shows a digit; else the network has been idle for half a second. A page
that does not settle in time, a browser that cannot start, crashes or hangs: the document is
unreadable with the reason, never the run.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Mapping
from typing import TYPE_CHECKING

from cohesion_cli.channels.transport import browser, robots, wire
from cohesion_cli.channels.transport.snapshots import MAX_BODY_BYTES, failed, snapshot_of
from cohesion_cli.domain import Snapshot
from cohesion_cli.rulebook.plan import DocumentSpec

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page, Request, Route

SKIPPED = frozenset({"image", "media", "font"})
"""Resource types never downloaded: no fact is read from them."""
ACCEPT_LANGUAGE = "pt-BR,pt;q=0.9,en;q=0.8"
_SHOWS_PRICE = """([kind, expression]) => {
  const found = kind === "css" ? document.querySelector(expression) : document.evaluate(
    expression, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
  const text = found ? (found.textContent || found.getAttribute("content") || "") : "";
  return /[0-9]/.test(text);
}"""
"""Whether the price locator's element is on the page and shows a digit (an empty
placeholder is there before the script fills it)."""
NO_PLAYWRIGHT = ("render: browser needs Playwright: pip install 'cohesion-cli[browser]', then "
                 f"{browser.INSTALL_HINT}")


def fetch(spec: DocumentSpec) -> Snapshot:
    """Load ``spec.location`` in the process's browser; every failure becomes a snapshot
    with the reason."""
    admitted = robots.admitted(spec)
    if isinstance(admitted, str):
        return failed(spec, admitted)
    url, own = admitted
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return failed(spec, NO_PLAYWRIGHT)
    page = _Page(spec, url, own)
    try:
        with wire.connection(url):  # one of the host's PER_HOST slots while the page loads
            return browser.current().run(page.read, spec.timeout)
    except browser.Unavailable as exc:
        return failed(spec, str(exc))


class _Page:
    """One page load: its document, its bounds and the secrets only its origin receives."""

    def __init__(self, spec: DocumentSpec, url: str, own: wire.Secrets) -> None:
        self.spec = spec
        self.url = url
        self.origin = wire.origin(url)
        self.headers = _secret_headers(own)
        self.phase = "loading"
        self.reach: dict[str, bool] = {}

    async def read(self, chromium: Browser) -> Snapshot:
        from playwright.async_api import Error

        try:
            return await asyncio.wait_for(self._load(chromium), self.spec.timeout)
        except asyncio.TimeoutError:
            advice = ("check that the price locator matches the page" if self.spec.wait_for
                      else "give a price locator the page shows once it is ready")
            return failed(self.spec, f"page not rendered within {self.spec.timeout:g} s "
                                     f"(still {self.phase}); raise the channel's timeout, or "
                                     f"{advice}")
        except Error as exc:
            first = (exc.message or str(exc)).strip().splitlines()[0]
            first = first.replace(self.url, self.spec.location)[:200]  # as written: no secret
            return failed(self.spec, f"browser error while {self.phase}: {first}")

    async def _load(self, chromium: Browser) -> Snapshot:
        spec = self.spec
        context = await chromium.new_context(
            user_agent=wire.USER_AGENT, ignore_https_errors=not spec.verify_tls,
            extra_http_headers={"Accept-Language": ACCEPT_LANGUAGE}, service_workers="block")
        try:
            context.set_default_timeout(spec.timeout * 1000)
            await context.route("**/*", self._route)
            page = await context.new_page()
            response = await page.goto(self.url, wait_until="load")
            if response is None:
                return failed(spec, "the browser loaded no document")
            status, reason = response.status, response.status_text
            if not 200 <= status < 300:
                return failed(spec, f"HTTP {status} {reason}".rstrip(), status)
            ctype = await response.header_value("content-type") or "text/html"
            if "html" not in ctype.lower():
                return _sized(spec, await response.body(), status, ctype)
            await self._settle(page)
            self.phase = "reading the rendered page"
            html = (await page.content()).encode("utf-8")
            return _sized(spec, html, status, "text/html; charset=utf-8")
        finally:
            await context.close()

    async def _settle(self, page: Page) -> None:
        if self.spec.wait_for:
            kind, _, expression = self.spec.wait_for.partition("=")
            self.phase = f"waiting for a price at {kind} {expression}"
            await page.wait_for_function(_SHOWS_PRICE, arg=[kind, expression], polling=100)
        else:
            self.phase = "waiting for the network to settle"
            await page.wait_for_load_state("networkidle")

    async def _route(self, route: Route, request: Request) -> None:
        """Skip media, refuse private addresses from a public page, add the secrets to the
        page's own origin only."""
        target = request.url
        if request.resource_type in SKIPPED or not target.startswith(("http://", "https://")):
            await (route.abort() if request.resource_type in SKIPPED else route.continue_())
            return
        from playwright.async_api import Error

        if not await self._reachable(target):
            await route.abort("blockedbyclient")
            return
        if not self.headers or wire.origin(target) != self.origin:
            await route.continue_()
            return
        try:
            answer = await route.fetch(headers={**request.headers, **self.headers},
                                       max_redirects=0)
        except Error:  # the page sees a failed request, as without interception
            await route.abort("failed")
            return
        await route.fulfill(response=answer)

    async def _reachable(self, target: str) -> bool:
        """Whether the page may request ``target`` (see ``wire.check_reach``); the answer
        is kept per origin, so each host is resolved once per page."""
        if self.spec.allow_private_redirects:
            return True
        key = wire.origin(target)
        if key not in self.reach:
            try:
                await asyncio.get_running_loop().run_in_executor(
                    None, wire.check_reach, self.url, target)
                self.reach[key] = True
            except wire.Refused:
                self.reach[key] = False
        return self.reach[key]


def _secret_headers(own: wire.Secrets) -> Mapping[str, str]:
    """The headers that carry the channel's secrets: its headers, cookies, Basic auth."""
    headers = dict(own.headers)
    if own.cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in own.cookies.items())
    if own.auth is not None:
        token = base64.b64encode(f"{own.auth[0]}:{own.auth[1]}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    return headers


def _sized(spec: DocumentSpec, body: bytes, status: int, ctype: str) -> Snapshot:
    if len(body) > MAX_BODY_BYTES:
        return failed(spec, f"rendered page larger than {MAX_BODY_BYTES} bytes", status)
    if not body.strip():
        return failed(spec, f"empty page (HTTP {status})", status)
    return snapshot_of(spec, body=body, status=status, content_type=ctype)
