"""Product pages whose price a script writes: read as the server sent them, they show none.

A ``web`` channel read over plain HTTP (``render: http``) sees the HTML before any script
runs. When a product page yields no main price at all (not even ambiguous candidates, and no
broken locator) and also shows the marks of a price filled in by JavaScript, the document is
made unreadable with the reason and the hint to set ``render: browser`` — instead of a
*missing* price, which would be a finding the page does not deserve.

The marks, kept conservative (a page without scripts, or with any price text, is never
flagged): the page runs scripts, and it has an element named for the price (``class``,
``id`` or ``itemprop`` containing price/preco/preço, not a list or installment price)
that is empty or holds only a
placeholder (a currency sign, dashes, dots, ``{{ price }}``), or an empty application root
(``<div id="root"></div>``, ``app``, ``__next``, ``__nuxt``) with next to no text around it.

A page rendered in the browser (``render: browser``) that still shows these marks was read
before its script filled the price (it settled early, or the price came late): it is
unreadable too, with the hint to give a price locator, never a *missing* price.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lxml.etree import _Element

from cohesion_cli.domain import Snapshot
from cohesion_cli.extract.document import Unreadable, parse
from cohesion_cli.extract.result import Extraction
from cohesion_cli.extract.tagged import elements

HINT = "set render: browser on the channel to read the page after its scripts run"
RENDERED_HINT = ("give the channel a price locator (the browser then waits until it shows a "
                 "price) or raise its timeout")
_PRICE_NAME = re.compile(r"pr(ice|eco|eço)", re.IGNORECASE)
_OTHER_PRICE = re.compile(r"old|list|original|compare|was|antigo|de-|parcel|install",
                          re.IGNORECASE)
"""Names of prices that are rightly empty on many pages (no list price, no installments)."""
_PLACEHOLDER = re.compile(r"(R\$|US\$|\$|€|£|[\s\-–—.,…*_])*|\{\{[^{}]*\}\}|\$\{[^{}]*\}")
_ROOTS = ("root", "app", "__next", "__nuxt", "___gatsby")
_SCRIPTS = ("//script[not(@type) or @type='module' or contains(@type, 'javascript')]"
            "[@src or normalize-space()]")
_NAMED = ("//body//*[not(self::script or self::style or self::meta or self::link "
          "or self::input or self::template)][@class or @id or @itemprop]")
SHELL_TEXT = 200
"""Characters of body text below which a page with an empty application root is a shell."""


def flag(extraction: Extraction, rendered: bool = False) -> Extraction:
    """``extraction``, or an unreadable one saying why its price cannot be read: on a page
    read as sent, that it needs a browser; on a page the browser rendered, that it did not
    wait long enough (so an early read is never a *missing* price)."""
    mark = _empty_price(extraction)
    if mark is None:
        return extraction
    reason = (f"no price on the page once rendered: {mark} is still empty; {RENDERED_HINT}"
              if rendered else f"{_as_sent(mark)}; {HINT}")
    return Extraction(replace(extraction.snapshot, error=reason))


def scripted_price(extraction: Extraction) -> str | None:
    """Why this product page, read as sent, seems to get its price from a script, or None."""
    mark = _empty_price(extraction)
    return None if mark is None else _as_sent(mark)


def _as_sent(mark: str) -> str:
    return f"no price in the page as sent: {mark} is empty until a script fills it"


def _empty_price(extraction: Extraction) -> str | None:
    """The empty element a script fills (``its price element (<span class="price">)``),
    when this product page has no price and the marks described above; else None."""
    snapshot = extraction.snapshot
    if (snapshot.error is not None or snapshot.role != "product" or extraction.main_price
            or extraction.candidates or extraction.broken):
        return None
    tree = _tree(snapshot)
    if tree is None or not elements(tree, _SCRIPTS):
        return None
    for element in elements(tree, _NAMED):
        if _named_price(element) and _PLACEHOLDER.fullmatch(_text(element).strip()):
            return f"its price element ({_describe(element)})"
    body_text = "".join(_text(body) for body in elements(tree, "//body"))
    for root in _ROOTS:
        for element in elements(tree, f"//body//*[@id='{root}']"):
            if not len(element) and not _text(element).strip() \
                    and len(" ".join(body_text.split())) < SHELL_TEXT:
                return f"its application shell ({_describe(element)})"
    return None


def _tree(snapshot: Snapshot) -> _Element | None:
    try:
        document = parse(snapshot)
    except Unreadable:
        return None
    return document.tree if document.kind == "html" else None


def _named_price(element: _Element) -> bool:
    names = " ".join(str(element.get(name) or "") for name in ("class", "id", "itemprop"))
    return bool(_PRICE_NAME.search(names)) and not _OTHER_PRICE.search(names)


def _text(element: _Element) -> str:
    found = element.xpath(
        ".//text()[not(ancestor::script or ancestor::style or ancestor::template)]")
    return "".join(str(t) for t in found) if isinstance(found, list) else ""


def _describe(element: _Element) -> str:
    """``<span class="price">`` (attribute values shortened: page text is hostile)."""
    shown = " ".join(f'{name}="{str(element.get(name))[:40]}"'
                     for name in ("id", "class", "itemprop") if element.get(name))
    return f"<{element.tag} {shown}>"
