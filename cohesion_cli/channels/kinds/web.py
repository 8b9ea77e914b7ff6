"""``web``: public pages read over HTTP (see ``channels.transport.http`` for the hardening:
connection reuse, per-host limit, robots.txt, retries honouring Retry-After, size cap,
secrets from the environment). ``http_kind`` builds this kind and its twin ``api``, which
differ only by the Accept header they send.

A web channel with ``render: browser`` reads its pages in headless Chromium instead
(``channels.transport.rendered``); without it, a product page whose price a script writes is
unreadable with the hint to set it (``scripted``)."""

from __future__ import annotations

from cohesion_cli.channels.extraction import ExtractContext, extract
from cohesion_cli.channels.kinds import scripted
from cohesion_cli.channels.kinds.base import Extractor, Kind
from cohesion_cli.channels.transport.http import fetch
from cohesion_cli.domain import Snapshot
from cohesion_cli.extract.result import Extraction
from cohesion_cli.rulebook.models import Channel
from cohesion_cli.rulebook.plan import DocumentSpec, is_url_location
from cohesion_cli.rulebook.problems import Problem
from cohesion_cli.rulebook.yamlpos import Located

__all__ = ["KIND", "extract_page", "http_kind"]


def http_kind(name: str, accept: str, extractor: Extractor = extract) -> Kind:
    """A kind whose documents are fetched over HTTP asking for ``accept`` (or rendered in
    the browser, for a channel with ``render: browser``), each about one product (or the
    store's policies)."""

    def read(spec: DocumentSpec) -> Snapshot:
        if spec.render == "browser":
            from cohesion_cli.channels.transport import rendered

            return rendered.fetch(spec)
        return fetch(spec, accept)

    return Kind(name, over_http=True, read=read, extract=extractor, validate=_url_location)


def extract_page(snapshot: Snapshot, ctx: ExtractContext) -> list[Extraction]:
    """Facts of a web page; a page whose price a script writes but is not on it is
    unreadable with the reason (``scripted``)."""
    rendered = ctx.channel.render == "browser"
    return [scripted.flag(e, rendered) for e in extract(snapshot, ctx)]


def _url_location(channel: Channel, at: tuple[str | int, ...], located: Located
                  ) -> list[Problem]:
    if channel.location and not is_url_location(channel.location):
        return [Problem(located.where((*at, "location")),
                        f"a {channel.kind} channel's location must be an http(s) URL",
                        "for saved documents on disk use kind: file")]
    return []


KIND = http_kind("web", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5", extract_page)
