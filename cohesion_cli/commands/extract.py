"""``cohesion extract SOURCE``: what cohesion reads from one document, before any rule.

SOURCE is a file, an http(s) URL or ``-`` for stdin. Exit 0 when the document was read
(even with no facts), 2 on a usage error, 3 when it could not be read — including a
document that is not text (PDF, image, archive...), refused with the reason on stderr.
``--render browser`` reads a URL in headless Chromium (see ``channels.transport.rendered``);
without it, a page whose price a script writes gets a note on stderr saying so.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Literal

import click

from cohesion_cli import exitcodes
from cohesion_cli.channels.kinds import file, web
from cohesion_cli.channels.kinds.scripted import scripted_price
from cohesion_cli.channels.transport import browser
from cohesion_cli.channels.transport.snapshots import read, snapshot_of
from cohesion_cli.domain import MIN_CONFIDENCE, Snapshot
from cohesion_cli.extract.reader import extract
from cohesion_cli.extract.result import Options
from cohesion_cli.extract.serialize import extraction_dict
from cohesion_cli.output.printable import printable
from cohesion_cli.rulebook.plan import DocumentSpec

_CURRENCIES = {"BR": "BRL", "US": "USD", "GB": "GBP", "CA": "CAD", "AU": "AUD", "MX": "MXN",
               "PT": "EUR", "ES": "EUR", "FR": "EUR", "DE": "EUR", "IT": "EUR", "IE": "EUR"}

LOCALE = re.compile(r"[A-Za-z]{2}([-_][A-Za-z]{2})?")
"""A language tag as the rulebook's ``locale`` takes it: 'pt-BR', 'en', 'es_MX'."""


def currency_for(locale: str) -> str:
    """Default currency of a locale: pt-BR -> BRL, en-US -> USD; BRL when unknown."""
    region = locale.replace("_", "-").split("-")[-1].upper()
    return _CURRENCIES.get(region, "USD" if locale.lower() == "en" else "BRL")


def run_extract(
    source: str, fmt: str, currency: str | None, locale: str, sku: str | None,
    timeout: float = 15.0, min_confidence: float = MIN_CONFIDENCE, render: str = "http",
) -> int:
    if currency is not None and not re.fullmatch(r"[A-Za-z]{3}", currency):
        click.echo(f"cohesion: --currency takes an ISO 4217 code such as BRL, not {currency!r}",
                   err=True)
        return exitcodes.USAGE
    if not LOCALE.fullmatch(locale):
        click.echo(f"cohesion: --locale takes a language tag: pt-BR, pt-PT, en, es, or one "
                   f"such as en-US or es-MX (other languages read all patterns), not {locale!r}",
                   err=True)
        return exitcodes.USAGE
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://", source)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        click.echo(f"cohesion: {source}: the {scheme.group(1)}:// scheme is not supported; give "
                   "an http(s) URL, a file path, or '-' for standard input", err=True)
        return exitcodes.USAGE
    if render == "browser" and not source.lower().startswith(("http://", "https://")):
        click.echo("cohesion: --render browser reads http(s) URLs only", err=True)
        return exitcodes.USAGE
    with browser.session():
        snapshot = _read(source, timeout, render)
    if snapshot.error:
        click.echo(printable(f"cohesion: cannot read {source}: {snapshot.error}"), err=True)
        return exitcodes.UNREADABLE
    chosen = (currency or currency_for(locale)).upper()
    result = extract(snapshot, Options(currency=chosen, locale=locale, sku=sku,
                                       min_confidence=min_confidence))
    if result.error:
        click.echo(printable(f"cohesion: cannot read {source}: {result.error}"), err=True)
        return exitcodes.UNREADABLE
    scripted = scripted_price(result) if render == "http" else None
    if scripted is not None:
        click.echo(printable(f"cohesion: note: {scripted}; try --render browser"), err=True)
    if fmt == "json":
        click.echo(json.dumps(extraction_dict(result), ensure_ascii=False, indent=2))
    else:
        from cohesion_cli.output.facts_table import render_facts  # Babel: for people only

        render_facts(result, sys.stdout, locale)
    return exitcodes.OK


def _read(source: str, timeout: float, render: str = "http") -> Snapshot:
    """The source's snapshot, read through the same door as every channel's documents
    (so a PDF or an image is refused here as in ``check``)."""
    if source == "-":
        return read(_stdin, DocumentSpec(channel="extract", kind="file", location="<stdin>",
                                               role="product"))
    if source.lower().startswith(("http://", "https://")):
        return read(web.KIND.read, DocumentSpec(channel="extract", kind="web",
                                                        location=source, role="product",
                                                        timeout=timeout,
                                                        render=_render(render)))
    return read(file.read, DocumentSpec(channel="extract", kind="file",
                                              location=str(Path(source)), role="product"))


def _render(name: str) -> Literal["http", "browser"]:
    return "browser" if name == "browser" else "http"


def _stdin(spec: DocumentSpec) -> Snapshot:
    body = sys.stdin.buffer.read()
    head = body.lstrip()[:1]
    ctype = "text/html" if head == b"<" else "application/json" if head in (b"{", b"[") \
        else "text/plain"
    return snapshot_of(spec, body=body, content_type=ctype)
