"""Flatten an HTML tree into the text a shopper reads, remembering which element
each stretch of text came from, so that matches found in the text can be traced back
to their element (for evidence and for telling a carousel price from the main one).

Element boundaries are kept where they matter for numbers: a number never runs on into
the next element ("$200" then "2 bids" is not "$2002"); a separate two-digit cents element
right after an amount joins it as its decimals (``199<sup>90</sup>`` reads "199.90",
``$229<span>99</span>`` reads "$229.99").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import cast

from lxml.etree import _Comment, _Element, _ProcessingInstruction

from cohesion_cli.extract.marks import Context, Memo, context_of, elsewhere

_SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    "option", "select", "button", "label",
}
_BUY = re.compile(
    r"add\s+to\s+(?:cart|bag|basket|trolley)|buy\s+(?:it\s+)?now|comprar|adicionar\s+(?:ao|à)"
    r"|a[ñn]adir\s+al|in\s+den\s+warenkorb|ajouter\s+au\s+panier|aggiungi\s+al\s+carrello"
    r"|in\s+winkelwagen|do\s+koszyka|do\s+ko[šs][íi]ku|в\s+корзину|カートに入れる|장바구니",
    re.IGNORECASE,
)
_BUY_MARK = re.compile(r"add-?to-?cart|buy-?button|btn-?buy|botao-?comprar|btn-?comprar", re.I)


@dataclass
class Flow:
    text: str
    starts: list[int] = field(default_factory=list)
    elements: list[_Element] = field(default_factory=list)
    _context: Memo = field(default_factory=dict)
    headings: list[tuple[int, str]] = field(default_factory=list)
    """(offset, text) of each h1 and h2: where the product's title can be."""
    buys: list[int] = field(default_factory=list)
    """Offsets of add-to-cart / buy controls."""
    elsewhere: list[tuple[int, int]] = field(default_factory=list)
    """Stretches of text about other products or in the customers' words (related-product
    blocks, carts, reviews): no fact of the page is read there."""

    def scan(self) -> Scan:
        """What the patterns read: the text less the ``elsewhere`` stretches."""
        parts: list[str] = []
        cuts: list[tuple[int, int]] = []
        last = at = shift = 0
        for start, end in self.elsewhere:
            wall = min(end - start, WALL)
            parts += [self.text[last:start], BOUNDARY * wall]
            at += start - last + wall
            shift += end - start - wall
            cuts.append((at, shift))
            last = end
        parts.append(self.text[last:])
        return Scan("".join(parts), cuts)

    def element_at(self, offset: int) -> _Element | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.elements[i] if i >= 0 else None

    def context(self, offset: int) -> Context:
        element = self.element_at(offset)
        return Context() if element is None else context_of(element, self._context)


WALL = 48
"""Width of what stands for a left-out stretch: wider than any wording window (30
characters before an amount, 40 after), so nothing is read across it."""


@dataclass(frozen=True)
class Scan:
    """The flow's text with each ``elsewhere`` stretch replaced by a wall of BOUNDARY
    (which no pattern reads through), so that patterns skip it at no cost."""

    text: str
    cuts: list[tuple[int, int]]
    """(offset in ``text`` just after a wall, what to add from there to get the offset in
    the flow's text), in order."""

    def at(self, offset: int) -> int:
        """The flow-text offset of ``offset`` in ``text`` (not inside a wall)."""
        i = bisect.bisect_right(self.cuts, offset, key=lambda cut: cut[0]) - 1
        return offset + (self.cuts[i][1] if i >= 0 else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The flow-text span of ``text[start:end]``."""
        return self.at(start), self.at(end - 1) + 1 if end > start else self.at(start)


def _text_of(element: _Element) -> str:
    return "".join(str(t) for t in element.itertext())


def flatten(root: _Element) -> Flow:
    parts: list[str] = []
    flow = Flow("")
    length = 0

    def emit(text: str | None, owner: _Element, block: bool = False) -> None:
        nonlocal length
        if not text:
            return
        if not block and ("\n" in text or "  " in text or "\t" in text or "\r" in text):
            text = _SPACES.sub(" ", text)
        if parts and flow.elements[-1] is not owner and text[:1].isdigit():
            if parts[-1][-1:].isdigit():
                text = _joined(parts[-1], text, owner, flow.elements[-1])
            elif parts[-1][-1:] in ".," and not (_CENTS.fullmatch(text) and _OPEN_DECIMALS.search(
                    (parts[-2][-4:] if len(parts) > 1 else "") + parts[-1])):
                text = BOUNDARY + text
        flow.starts.append(length)
        flow.elements.append(owner)
        parts.append(text)
        length += len(text)

    def landmark(element: _Element, tag: str) -> None:
        """Note where a heading or a buy control of the page is."""
        if tag in ("h1", "h2"):
            flow.headings.append((length, " ".join(_text_of(element).split())))
        elif tag in ("button", "input") or (tag == "a" and _BUY_MARK.search(
                f"{element.get('class', '')} {element.get('id', '')}")):
            label = element.get("value", "") + _text_of(element)
            if _BUY.search(label) or _BUY_MARK.search(element.get("class", "")):
                flow.buys.append(length)

    def walk(element: _Element, inside: bool) -> None:
        """``inside``: within a block about other products or of customers' words. Such a
        block is read as one stretch of text, without its headings and buy buttons: no
        fact is read there, so its inner elements need not be told apart."""
        nonlocal length
        tag = element.tag if isinstance(element.tag, str) else ""
        if isinstance(element, (_Comment, _ProcessingInstruction)) or tag in _SKIP:
            return
        begins_elsewhere = not inside and elsewhere(element)
        start = length
        block = tag in _BLOCK
        if block:
            emit("\n", element, block=True)
        if begins_elsewhere and next(element.iter(*_SKIP), None) is None:
            emit(" ".join(cast("Iterator[str]", element.itertext())), element)
            if block:
                emit("\n", element, block=True)
            if length > start:
                flow.elsewhere.append((start, length))
            return
        if not (inside or begins_elsewhere):  # another product's title or buy button
            landmark(element, tag)               # is none of this page's
        if element.text:
            emit(element.text, element)
        for child in element:
            walk(child, inside or begins_elsewhere)
            if child.tail:
                emit(child.tail, element)
        if block:
            emit("\n", element, block=True)
        if begins_elsewhere and length > start:
            flow.elsewhere.append((start, length))

    body = root.find("body")
    top = body if body is not None else root
    walk(top, any(elsewhere(a) for a in top.iterancestors()))
    flow.text = "".join(parts)
    return flow


_SPACES = re.compile(r"[ \t\r\n\f\v]+")
"""Runs of white space in the source read as one space, as a browser shows them (line
breaks come from block elements and ``<br>`` only)."""
_CENTS = re.compile(r"\d{2}[*\s]*")
_OPEN_DECIMALS = re.compile(r"\d[.,]$")
"""A number that ends in its decimal mark ("69."): a cents element completes it."""
_NUMBER_TAIL = re.compile(r"[\d.,\u00a0\u202f ]*$")
BOUNDARY = "\u200b"
"""Zero-width space: keeps two numbers of different elements apart without being
white space that a pattern would skip."""


def _joined(before: str, text: str, owner: _Element, previous: _Element) -> str:
    """``text`` prefixed so that it does not run on into the number ``before`` ends with:
    a two-digit cents element becomes the decimals of that number when it is written as
    cents (a ``sup``, a "cents"/"decimal" class, or an element inside the amount's own)
    and the number is a whole amount of money (a currency sign before it, or a
    price-marked element)."""
    number = _NUMBER_TAIL.search(before)
    written = number.group(0) if number else ""
    as_cents = owner.tag == "sup" or owner.getparent() is previous or bool(
        _CENTS_MARK.search(owner.get("class", "")))
    if _CENTS.fullmatch(text) and owner.tag in _INLINE_CENTS and as_cents \
            and not _HAS_DECIMALS.search(written) \
            and (_SIGN_BEFORE.search(before[-12:]) or _price_marked(owner)):
        if "," in written:
            return "." + text
        return "," + text if "." in written else "." + text
    return BOUNDARY + text


def _price_marked(owner: _Element) -> bool:
    parent = owner.getparent()
    marks = f"{owner.get('class', '')} {parent.get('class', '') if parent is not None else ''}"
    return "price" in marks.lower() or "preco" in marks.lower() or "valor" in marks.lower()


_CENTS_MARK = re.compile(r"cent|decimal|fraction|minor", re.IGNORECASE)
_INLINE_CENTS = {"sup", "span", "small", "sub", "b", "em", "i", "strong", "font", "u"}
_HAS_DECIMALS = re.compile(r"\d[.,]\d{1,2}\s*$")
_SIGN_BEFORE = re.compile(r"(?:[$€£¥₩₹₽₺]|R\$|zł|kr|Kč|CHF|EUR|USD|BRL)\s*[\d.,\u00a0\u202f ]+$")


def css_path(element: _Element | None) -> str:
    """A short, readable locator for an element: ``div.product > span.price``."""
    steps: list[str] = []
    node = element
    while node is not None and len(steps) < 4 and isinstance(node.tag, str):
        if node.tag in ("html", "body"):
            break
        step = node.tag
        if node.get("id"):
            steps.append(f"{step}#{node.get('id')}")
            break
        classes = (node.get("class") or "").split()
        if classes:
            step += "." + ".".join(classes[:2])
        steps.append(step)
        node = node.getparent()
    return " > ".join(reversed(steps)) or "document"
