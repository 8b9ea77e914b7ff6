"""Which documents a channel publishes: expand page templates into locations."""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin

from cohesion_cli.domain import DocumentRole
from cohesion_cli.rulebook.catalog import Product
from cohesion_cli.rulebook.models import Channel
from cohesion_cli.secrets import shielded

PLACEHOLDERS = ("sku", "gtin", "slug", "name", "serve_url")


@dataclass(frozen=True, kw_only=True, slots=True)
class DocumentSpec:
    """One document to read: the unit of work handed to a channel kind."""

    channel: str
    kind: str
    location: str
    """Absolute URL (web) or absolute file path (file)."""
    role: DocumentRole
    product: str | None = None
    timeout: float = 15.0
    headers: tuple[tuple[str, str], ...] = ()
    """HTTP headers; values may hold ${ENV_VAR} references, expanded only when sending."""
    cookies: tuple[tuple[str, str], ...] = ()
    respect_robots: bool = True
    cache_dir: str | None = None
    """Folder of the on-disk HTTP cache; None disables it."""
    reuse: str = ""
    """The key of the extraction context (``ExtractContext.cache_key``) when a stored
    extraction may stand for the bytes: a page answered 304 whose extraction is stored
    under it comes back without them, unread (empty: the bytes are always read)."""
    verify_tls: bool = True
    """False only with --insecure (loudly warned)."""
    allow_private_redirects: bool = False
    """Follow redirects from a public host to loopback, private or link-local addresses."""
    render: Literal["http", "browser"] = "http"
    """How a web page is read: as sent (http) or rendered in a headless browser."""
    wait_for: str = ""
    """With ``render: browser``: ``css=EXPR`` or ``xpath=EXPR``, the channel's price locator,
    whose element shows a digit once the page is ready; empty: wait for the network to
    settle."""

    @property
    def private(self) -> bool:
        """Reading it may carry a secret (configured headers or cookies, an ${ENV_VAR} in its
        address): nothing read so is cached, neither the answer nor its extraction."""
        return bool(self.headers or self.cookies) or "${" in self.location


def placeholders(template: str) -> list[str]:
    """Names used in ``template``; ValueError on unbalanced braces, format specs
    (``{sku:>8}``), conversions (``{sku!r}``) or attribute/index access."""
    names = []
    for _, name, spec, conversion in string.Formatter().parse(shielded(template)):
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            raise ValueError(f"'{{{name}{'!' + conversion if conversion else ''}"
                             f"{':' + spec if spec else ''}}}' is not a plain placeholder")
        names.append(name)
    return names


def expand(template: str, product: Product | None, serve_url: str) -> str:
    values = {"serve_url": serve_url.rstrip("/")}
    if product is not None:
        values |= {
            "sku": product.sku,
            "gtin": product.gtin or "",
            "slug": product.slug or "",
            "name": product.name,
        }
    return shielded(template).format_map(values)


def is_url_location(location: str) -> bool:
    """Whether a channel's location (a template) is an http(s) URL or starts with
    ``{serve_url}``."""
    return location.startswith(("http://", "https://", "{serve_url}"))


def is_url(channel: Channel, over_http: bool) -> bool:
    """Whether the channel's documents are read over HTTP: always for a kind read
    ``over_http``, else when its location is a URL (feeds may be either)."""
    return over_http or is_url_location(channel.location or "")


def _located(channel: Channel, base: str, relative: str, base_dir: Path, over_http: bool
             ) -> str:
    if is_url(channel, over_http):
        if base and not base.endswith("/") and relative:
            base += "/"
        return urljoin(base, relative) if base else relative
    root = base_dir / base if base else base_dir
    return str((root / relative) if relative else root)


def _ready_selector(channel: Channel) -> str:
    """The selector a rendered page is ready at: the channel's price locator, when it is
    CSS or XPath."""
    price = channel.locators.price
    if channel.render != "browser" or price is None or price.kind not in ("css", "xpath"):
        return ""
    return f"{price.kind}={price.expression}"


@dataclass(frozen=True)
class Planner:
    """Makes one channel's documents, one at a time: those about a product
    (``product_doc``) and the others (``other_docs``). The run's settings (robots, cache,
    TLS, reuse) are given to every document; a private one (``DocumentSpec.private``) gets
    no cache."""

    channel: Channel
    base_dir: Path
    serve_url: str = ""
    over_http: bool = False
    """Whether the channel's kind reads every document over HTTP."""
    respect_robots: bool = True
    cache_dir: str | None = None
    verify_tls: bool = True
    reuse: str = ""

    @cached_property
    def _base(self) -> str:
        return expand(self.channel.location or "", None, self.serve_url)

    @cached_property
    def _wanted(self) -> frozenset[str] | None:
        listed = self.channel.products
        return frozenset(listed) if listed is not None else None

    def wants(self, sku: str) -> bool:
        """Whether the channel has a page for this product."""
        return bool(self.channel.product_page) and (self._wanted is None or sku in self._wanted)

    def product_doc(self, product: Product) -> DocumentSpec:
        return self._doc(expand(self.channel.product_page or "", product, self.serve_url),
                         "product", product.sku)

    def other_docs(self, any_product_doc: bool) -> list[DocumentSpec]:
        """The documents about no one product: the policy pages; without them and without
        product pages (``any_product_doc``), the channel's location itself."""
        docs = [self._doc(expand(page, None, self.serve_url), "policy", None)
                for page in self.channel.policy_pages]
        if not docs and not any_product_doc and self.channel.location:
            docs.append(self._doc("", "policy", None))
        return docs

    def _doc(self, relative: str, role: DocumentRole, sku: str | None) -> DocumentSpec:
        channel = self.channel
        spec = DocumentSpec(
            channel=channel.id, kind=channel.kind,
            location=_located(channel, self._base, relative, self.base_dir, self.over_http),
            role=role, product=sku, timeout=channel.timeout,
            headers=tuple(channel.headers.items()), cookies=tuple(channel.cookies.items()),
            allow_private_redirects=channel.allow_private_redirects, render=channel.render,
            wait_for=_ready_selector(channel), respect_robots=self.respect_robots,
            cache_dir=self.cache_dir, verify_tls=self.verify_tls, reuse=self.reuse)
        return replace(spec, cache_dir=None) if spec.private and spec.cache_dir else spec


def plan(
    channel: Channel, products: Sequence[Product], base_dir: Path, serve_url: str = "",
    *, over_http: bool,
) -> list[DocumentSpec]:
    """Every document this channel is read from, in a stable order; ``over_http`` says
    whether the channel's kind reads every document over HTTP."""
    planner = Planner(channel, base_dir, serve_url, over_http)
    docs = [planner.product_doc(p) for p in products if planner.wants(p.sku)]
    return docs + planner.other_docs(bool(docs))
