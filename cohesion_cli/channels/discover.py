"""What a shop publishes about itself, for ``cohesion init --from URL``.

Reads the shop's robots.txt, the sitemaps it names (``/sitemap.xml`` when it names none;
sitemap indexes followed, at most ``MAX_SITEMAPS`` documents) and then at most
``max_pages`` pages of the shop's own host, product-looking addresses first
(``/p/``, ``/produto/``, ``/product/``...). Everything goes through the HTTP transport the
``web`` kind uses: robots.txt obeyed (its ``Crawl-delay`` too: then one page at a time),
the per-host connection limit, timeouts, size caps and redirect rules. A page is a product
when its schema.org JSON-LD describes one; its price, delivery, returns and free-shipping
facts are read by the same extractor as ``check``, so a rulebook written from them checks
clean against the same pages.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urljoin, urlsplit

from cohesion_cli.channels.transport import robots, wire
from cohesion_cli.channels.transport.http import fetch
from cohesion_cli.domain import Deadline, FreeShipping, Installment, Price, ReturnWindow, Snapshot
from cohesion_cli.extract.document import Unreadable, parse
from cohesion_cli.extract.jsonld_text import load
from cohesion_cli.extract.reader import extract
from cohesion_cli.extract.result import Options
from cohesion_cli.extract.structured import type_name
from cohesion_cli.extract.tagged import elements
from cohesion_cli.rulebook.plan import DocumentSpec

MAX_SITEMAPS = 10
"""Sitemap documents read at most (an index and the sitemaps it lists)."""
MAX_ADDRESSES = 50_000
"""Addresses kept from the sitemaps."""
MAX_CRAWL_DELAY = 10.0
"""Longest wait between two pages that a robots.txt ``Crawl-delay`` is honoured with."""
XML = "application/xml,text/xml;q=0.9,*/*;q=0.5"
HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
_PRODUCT_PATH = re.compile(r"/(p|pd|produto|produtos|product|products|item|items|dp)/",
                           re.IGNORECASE)
_GTIN_KEYS = ("gtin13", "gtin", "gtin14", "gtin12", "gtin8")


class DiscoveryError(Exception):
    """The shop could not be read at all (the reason is the message)."""


@dataclass(frozen=True)
class FoundProduct:
    """A product page and what it says."""

    url: str
    sku: str
    name: str
    gtin: str | None
    price: Price | None
    """The page's main price, when the extractor is confident of it."""
    installment: Installment | None
    deadlines: tuple[Deadline, ...]
    returns: tuple[ReturnWindow, ...]
    free_shipping: tuple[FreeShipping, ...]
    locale: str | None = None
    """The page's language as a rulebook locale, when ``<html lang>`` says it."""


@dataclass
class Discovery:
    origin: str
    sitemaps: list[str] = field(default_factory=list)
    """Sitemap documents read."""
    pages: int = 0
    """Pages read (products or not)."""
    products: list[FoundProduct] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Pages or sitemaps that could not be read, each with the reason."""


def _spec(url: str, timeout: float) -> DocumentSpec:
    return DocumentSpec(channel="init", kind="web", location=url, role="product",
                        timeout=timeout)


def discover(start: str, *, max_pages: int, timeout: float, locale: str, currency: str
             ) -> Discovery:
    """The products of the shop at ``start`` (see the module's docstring)."""
    origin = wire.origin(start)
    found = Discovery(origin)
    verdict = robots.verdict(_spec(start, timeout), start)
    if verdict.unreachable:
        raise DiscoveryError(f"cannot read {origin}: {verdict.unreachable}")
    if not robots.permits(verdict, start):
        raise DiscoveryError(f"robots.txt of {origin} does not allow reading {start}")
    rules = _rules(verdict.text)
    named = [] if rules is None else list(rules.sitemaps)
    addresses = _addresses(named or [f"{origin}/sitemap.xml"], origin, timeout, found)
    if urlsplit(start).path.strip("/"):
        addresses.insert(0, start)  # a page named on the command line is read first
    addresses = sorted((a for a in dict.fromkeys(addresses) if robots.permits(verdict, a)),
                       key=lambda u: not _PRODUCT_PATH.search(u))
    delay = None if rules is None else rules.crawl_delay(wire.USER_AGENT)
    options = Options(currency=currency, locale=locale)
    wait = min(delay or 0.0, MAX_CRAWL_DELAY)

    def page(url: str) -> Snapshot:
        time.sleep(wait)
        return fetch(_spec(url, timeout), HTML)

    with ThreadPoolExecutor(max_workers=1 if wait else wire.PER_HOST) as pool:
        for snapshot in pool.map(page, addresses[:max_pages]):
            found.pages += 1
            if snapshot.error:
                found.skipped.append(f"{snapshot.location}: {snapshot.error}")
                continue
            product = _product(snapshot, options)
            if product is not None:
                found.products.append(product)
    return found


def _rules(text: str | None) -> Any:
    if text is None:
        return None
    from protego import Protego

    return Protego.parse(text)


def _addresses(sitemaps: list[str], origin: str, timeout: float, found: Discovery) -> list[str]:
    """The shop's own page addresses the sitemaps list, following sitemap indexes."""
    from defusedxml import ElementTree

    queue, pages = list(sitemaps), list[str]()
    while queue and len(found.sitemaps) < MAX_SITEMAPS and len(pages) < MAX_ADDRESSES:
        url = queue.pop(0)
        if wire.origin(url) != origin or url in found.sitemaps:
            continue
        found.sitemaps.append(url)
        snapshot = fetch(_spec(url, timeout), XML)
        if snapshot.error:
            found.skipped.append(f"{url}: {snapshot.error}")
            continue
        try:
            root = ElementTree.fromstring(snapshot.body)
        except Exception as exc:  # defusedxml's refusals and XML syntax errors alike
            found.skipped.append(f"{url}: not a sitemap ({type(exc).__name__})")
            continue
        index = root.tag.rsplit("}", 1)[-1] == "sitemapindex"
        for loc in root.iter():
            if loc.tag.rsplit("}", 1)[-1] == "loc" and loc.text:
                address = urljoin(url, loc.text.strip())
                if index:
                    queue.append(address)
                elif wire.origin(address) == origin:
                    pages.append(address)
    return pages[:MAX_ADDRESSES]


def _product(snapshot: Snapshot, options: Options) -> FoundProduct | None:
    """The page's product, when its JSON-LD describes one with a name or an SKU; read in
    the page's language (``<html lang>``) and the currency of its offer, when it says."""
    identity = _identity(snapshot)
    if identity is None:
        return None
    sku, name, gtin, locale, currency = identity
    read = extract(snapshot, replace(options, locale=locale or options.locale,
                                     currency=currency or options.currency))
    main = read.main_price.value if read.main_price is not None else None
    installments = [f.value for f in read.of_kind("installment")
                    if isinstance(f.value, Installment)]
    return FoundProduct(
        url=snapshot.location, sku=sku or _slug(snapshot.location), name=name, gtin=gtin,
        locale=locale,
        price=main if isinstance(main, Price) else None,
        installment=max(installments, key=lambda i: i.count, default=None),
        deadlines=tuple(f.value for f in read.facts if isinstance(f.value, Deadline)),
        returns=tuple(f.value for f in read.facts if isinstance(f.value, ReturnWindow)),
        free_shipping=tuple(f.value for f in read.facts if isinstance(f.value, FreeShipping)))


def _identity(snapshot: Snapshot
              ) -> tuple[str, str, str | None, str | None, str | None] | None:
    """SKU, name, GTIN, language and offer currency of the page's own product."""
    try:
        tree = parse(snapshot).tree
    except Unreadable:
        return None
    if tree is None:
        return None
    locale = _locale(str(tree.getroottree().getroot().get("lang") or ""))
    for script in elements(tree, "//script[contains(translate(@type,'LDJSON','ldjson'),"
                                 "'ld+json')]"):
        for data in load(script.text or ""):
            for node in _nodes(data):
                if "product" in {type_name(t) for t in _listed(node.get("@type"))}:
                    sku = _text(node.get("sku") or node.get("productID") or node.get("mpn"))
                    name = _text(node.get("name"))
                    gtin = next((_text(node[k]) for k in _GTIN_KEYS if node.get(k)), None)
                    offers = _listed(node.get("offers"))
                    currency = _text(offers[0].get("priceCurrency")).upper() \
                        if offers and isinstance(offers[0], dict) else ""
                    if sku or name:
                        return sku, name, gtin, locale, \
                            currency if re.fullmatch(r"[A-Z]{3}", currency) else None
    return None


def _locale(lang: str) -> str | None:
    """The rulebook locale of an ``<html lang>``: pt-BR, pt-PT, en or es."""
    tag = lang.strip().replace("_", "-").lower()
    if tag in ("pt-pt", "pt-ao", "pt-mz"):
        return "pt-PT"
    for prefix, locale in (("pt", "pt-BR"), ("en", "en"), ("es", "es")):
        if tag == prefix or tag.startswith(prefix + "-"):
            return locale
    return None


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity"):
            yield from _nodes(data.get(key))


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, (str, int)) else ""


def _slug(url: str) -> str:
    """An SKU made from the page's address when its data gives none."""
    return urlsplit(url).path.strip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0] or "produto"

