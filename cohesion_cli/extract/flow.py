"""Flatten an HTML tree into the text a shopper reads, remembering which element
each stretch of text came from, so that matches found in the text can be traced back
to their element (for evidence and for telling a carousel price from the main one).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from lxml.etree import _Comment, _Element, _ProcessingInstruction

_SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    "option", "select", "button", "label",
}
_DISTRACTOR = re.compile(
    r"related|relacionad|carousel|carrossel|recommend|recomend|upsell|cross-?sell|sponsor"
    r"|patrocinad|vitrine|shelf|similar|compre-?junto|buy-?together|also-?(?:viewed|bought)"
    r"|quem-?viu|you-?may|voce-?tambem|veja-?tambem|mais-?vendidos|bestseller|suggest"
    r"|mini-?cart|cart-?total|carrinho|sacola|shopping-?bag|other-?offers?|outras-?ofertas"
    r"|other-?sellers|outros-?vendedores",
    re.IGNORECASE,
)
_CHROME = re.compile(
    r"\b(?:top-?bar|announcement|promo-?bar|tarja|navbar|site-header|site-footer|rodape"
    r"|cabecalho|menu|breadcrumbs?)\b",
    re.IGNORECASE,
)
_STRIKE_TAGS = {"del", "s", "strike"}
_STRIKE = re.compile(
    r"old-?price|list-?price|price-?old|price-?from|price-?before|preco-?de\b|preco-?antigo"
    r"|was-?price|strike|riscado|de-?por__de|compare-?at",
    re.IGNORECASE,
)


@dataclass
class Flow:
    text: str
    starts: list[int] = field(default_factory=list)
    elements: list[_Element] = field(default_factory=list)
    _context: dict[int, Context] = field(default_factory=dict)

    def element_at(self, offset: int) -> _Element | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.elements[i] if i >= 0 else None

    def context(self, offset: int) -> Context:
        element = self.element_at(offset)
        if element is None:
            return Context()
        key = id(element)
        if key not in self._context:
            self._context[key] = context_of(element)
        return self._context[key]


@dataclass(frozen=True)
class Context:
    """Where a stretch of text sits on the page."""

    related: bool = False
    """Inside a related-products, sponsored or cart block: about another product."""
    struck: bool = False
    """Inside a crossed-out or 'old price' element: a list price."""
    chrome: bool = False
    """In the site's header, menu, top bar or footer: site-wide, not this product's."""


def context_of(element: _Element) -> Context:
    related = struck = chrome = False
    node: _Element | None = element
    while node is not None:
        tag = node.tag if isinstance(node.tag, str) else ""
        marks = f"{node.get('class', '')} {node.get('id', '')} {node.get('data-role', '')}"
        related = related or bool(_DISTRACTOR.search(marks))
        struck = struck or tag in _STRIKE_TAGS or bool(_STRIKE.search(marks))
        chrome = chrome or tag == "nav" or bool(_CHROME.search(marks))
        if tag in ("header", "footer") and not _inside_content(node):
            chrome = True
        node = node.getparent()
    return Context(related, struck, chrome)


def _inside_content(element: _Element) -> bool:
    return any(a.tag in ("main", "article") for a in element.iterancestors())


def flatten(root: _Element) -> Flow:
    parts: list[str] = []
    flow = Flow("")
    length = 0

    def emit(text: str | None, owner: _Element) -> None:
        nonlocal length
        if not text:
            return
        flow.starts.append(length)
        flow.elements.append(owner)
        parts.append(text)
        length += len(text)

    def walk(element: _Element) -> None:
        nonlocal length
        tag = element.tag if isinstance(element.tag, str) else ""
        if isinstance(element, (_Comment, _ProcessingInstruction)) or tag in _SKIP:
            return
        block = tag in _BLOCK
        if block:
            emit("\n", element)
        emit(element.text, element)
        for child in element:
            walk(child)
            emit(child.tail, element)
        if block:
            emit("\n", element)

    body = root.find("body")
    walk(body if body is not None else root)
    flow.text = "".join(parts)
    return flow


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
