"""``cohesion init --from URL``: a starter rulebook and catalog read from a live shop.

The shop's sitemaps and product pages are read politely and boundedly
(``channels.discover``); the products found become ``catalogo.csv`` (SKU, name, GTIN, the
page's address as ``slug``, the price and installments read on it) and the delivery, returns
and free-shipping terms most pages state become the rulebook's policies. Nothing read from
a shop is the brand's word: every value is marked "to confirm" in a comment beside it, with
where it was read. Text from the shop reaches the files only as quoted YAML strings, CSV
cells or comments cleaned of line breaks and control characters.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Hashable, Sequence
from datetime import date
from typing import TypeVar
from urllib.parse import urlsplit

import click

from cohesion_cli import exitcodes
from cohesion_cli.channels.discover import Discovery, DiscoveryError, FoundProduct, discover
from cohesion_cli.commands.init import write_engagement
from cohesion_cli.extract.serialize import amount_text
from cohesion_cli.rulebook.catalog_csv import COLUMNS

T = TypeVar("T", bound=Hashable)
LISTED = 20
"""Products listed one by one in the rulebook's "to confirm" comment."""


def run_init_from(directory: str, url: str, *, max_pages: int, force: bool,
                  timeout: float = 15.0) -> int:
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        click.echo(f"cohesion: --from takes the shop's http(s) address, not {url!r}", err=True)
        return exitcodes.USAGE
    try:
        found = discover(url, max_pages=max_pages, timeout=timeout, locale="pt-BR",
                         currency="BRL")
    except DiscoveryError as exc:
        click.echo(f"cohesion: {_clean(str(exc))}", err=True)
        return exitcodes.UNREADABLE
    for reason in found.skipped:
        click.echo(f"cohesion: skipped {_clean(reason)}", err=True)
    products = _unique(found.products)
    if not products:
        click.echo(f"cohesion: no product page (schema.org Product data) among the "
                   f"{found.pages} page(s) read from {found.origin} "
                   f"({len(found.sitemaps)} sitemap(s)); nothing written", err=True)
        return exitcodes.UNREADABLE
    click.echo(f"read {len(found.sitemaps)} sitemap(s) and {found.pages} page(s) of "
               f"{found.origin}: {len(products)} product(s)")
    return write_engagement(directory, {"cohesion.yaml": rulebook(found, products, url),
                                        "catalogo.csv": catalog(found, products)}, force=force)


def _unique(products: list[FoundProduct]) -> list[FoundProduct]:
    """One product per SKU (its first page)."""
    return list({p.sku: p for p in reversed(products)}.values())[::-1]


def _clean(text: str) -> str:
    """Shop text fit for one comment line: no line breaks or control characters."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(_clean(text), ensure_ascii=False)


def _slug(found: Discovery, product: FoundProduct) -> str:
    return product.url[len(found.origin) + 1:] if product.url.startswith(found.origin + "/") \
        else product.url


def catalog(found: Discovery, products: list[FoundProduct]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, restval="", delimiter=";", lineterminator="\n")
    writer.writeheader()
    for p in products:
        plan = p.installment if p.installment is not None and p.installment.count > 1 \
            and p.installment.interest_free is not None else None
        writer.writerow({
            "sku": _clean(p.sku), "name": _clean(p.name), "gtin": _clean(p.gtin or ""),
            "slug": _slug(found, p), "price": amount_text(p.price.amount) if p.price else "",
            "installments": plan.count if plan else "",
            "interest_free": ("true" if plan.interest_free else "false") if plan else ""})
    return out.getvalue()


def _most(values: Sequence[T]) -> tuple[T, int] | None:
    """The most common value and on how many pages it was read."""
    counts = Counter(values)
    return counts.most_common(1)[0] if counts else None


def _policies(products: list[FoundProduct]) -> list[str]:
    pages = len(products)

    def said(count: int) -> str:
        return f"# to confirm: read on {count} of {pages} product page(s)"

    lines = ["policies:"]
    delivery = _most([d for p in products for d in dict.fromkeys(p.deadlines)])
    if delivery is not None:
        (deadline, count) = delivery
        fields = ([f"min_days: {deadline.min_days}"] if deadline.min_days is not None else []) \
            + [f"max_days: {deadline.max_days}"] \
            + ([f"business_days: {str(deadline.business_days).lower()}"]
               if deadline.business_days is not None else [])
        lines.append(f"  delivery: {{{', '.join(fields)}}}   {said(count)}")
    returns = _most([r.days for p in products for r in dict.fromkeys(p.returns)
                     if not r.withdrawal])
    if returns is not None:
        lines.append(f"  returns: {{days: {returns[0]}}}   {said(returns[1])}")
    free = _most([f.threshold for p in products for f in dict.fromkeys(p.free_shipping)
                  if f.threshold is not None])
    if free is not None:
        lines.append(f'  free_shipping: {{threshold: "{amount_text(free[0])}"}}   '
                     f"{said(free[1])}")
    if len(lines) == 1:
        return ["# policies: no delivery, returns or free-shipping terms were read on the",
                "# product pages: write the brand's here (see 'cohesion init' for examples)."]
    return lines


def rulebook(found: Discovery, products: list[FoundProduct], url: str) -> str:
    host = urlsplit(found.origin).hostname or found.origin
    unpriced = sum(p.price is None for p in products)
    listed = [f"#   {_clean(p.sku)}  {_clean(p.name)[:60]}  "
              f"{p.price.show() if p.price else 'price not read: fill it in'}  ({_clean(p.url)})"
              for p in products[:LISTED]]
    if len(products) > LISTED:
        listed.append(f"#   ... and {len(products) - LISTED} more (catalogo.csv)")
    currency = _most([p.price.currency for p in products if p.price is not None])
    locale = _most([p.locale for p in products if p.locale is not None])
    return "\n".join([
        f"# Starter rulebook written by 'cohesion init --from {_clean(url)}' on "
        f"{date.today().isoformat()},",
        f"# from {found.pages} page(s) of {found.origin} ({len(found.sitemaps)} sitemap(s)).",
        "# Everything here was READ from the shop, not given by the brand: every value marked",
        "# 'to confirm' must be checked with the brand (price list, policies) before a run's",
        "# findings are trusted. Then: cohesion validate; cohesion check.",
        "",
        "version: 1",
        f"brand: {_quoted(host)}   # to confirm: the brand's name",
        f"locale: {locale[0] if locale else 'pt-BR'}   # to confirm: the language the shop "
        "writes in (pt-BR, pt-PT, en, es)",
        f"currency: {currency[0] if currency else 'BRL'}   # to confirm",
        "",
        f"# catalogo.csv: the {len(products)} product(s) found, each with the price read on its",
        "# page (slug: the page's address, relative to the channel's location). To confirm,"
        + (f" and {unpriced} price(s) to fill in:" if unpriced else " every row:"),
        *listed,
        "catalog:",
        "  csv: catalogo.csv",
        "",
        *_policies(products),
        "",
        "channels:",
        "  - id: loja",
        "    kind: web",
        f"    name: {_quoted('Loja ' + host)}   # to confirm",
        f"    location: {_quoted(found.origin + '/')}",
        '    product_page: "{slug}"   # each product\'s page: the slug column of catalogo.csv',
        "",
    ])
