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
import functools
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
    r"|other-?sellers|outros-?vendedores|comparison|comparativ|comparacao|comparação"
    r"|compare-?(?:products?|table|list|items?)|featured-?products?|product-?list\b"
    r"|product-?grid|recently-?viewed|best-?sellers?|top-?sellers?|new-?arrivals|trending",
    re.IGNORECASE,
)
_CHROME = re.compile(
    r"\b(?:top-?bar|announcement|promo-?bar|tarja|navbar|site-header|site-footer|rodape"
    r"|cabecalho|menu|breadcrumbs?)\b",
    re.IGNORECASE,
)
_REVIEW = re.compile(
    r"(?:^|[-_\s])(?:reviews?|avalia[cç]\w*|coment[aá]rios?|comments?|ratings?|opini\w*"
    r"|testimonials?|depoimentos?|perguntas|questions?|q-?and-?a|qna|ugc|yotpo|trustpilot"
    r"|bazaarvoice|bv|feefo|judgeme|stamped|rese[ñn]as?|valoraci\w*)(?=$|[-_\s])",
    re.IGNORECASE,
)
"""Whole words of a class or id that mark customer reviews, Q&A, comments or ratings."""
_FAQ = re.compile(r"faq|frequent", re.IGNORECASE)
_REVIEW_TYPES = re.compile(r"schema\.org/(?:Review|Comment|Question|Answer|Rating)\b", re.I)
_ASIDE = re.compile(
    r"modal|popover|popup|tooltip|drawer|product-?card|product-?tile|\btile\b"
    r"|grid-?item|product-?item|list-?item|swatch|bundle|kit-?item|accessor",
    re.IGNORECASE,
)
_BUY = re.compile(
    r"add\s+to\s+(?:cart|bag|basket|trolley)|buy\s+(?:it\s+)?now|comprar|adicionar\s+(?:ao|à)"
    r"|a[ñn]adir\s+al|in\s+den\s+warenkorb|ajouter\s+au\s+panier|aggiungi\s+al\s+carrello"
    r"|in\s+winkelwagen|do\s+koszyka|do\s+ko[šs][íi]ku|в\s+корзину|カートに入れる|장바구니",
    re.IGNORECASE,
)
_BUY_MARK = re.compile(r"add-?to-?cart|buy-?button|btn-?buy|botao-?comprar|btn-?comprar", re.I)
_NET = re.compile(r"excl(?:uding)?-?tax|price-?excl|netto|ex-?vat|without-?tax|price-?ht\b"
                  r"|sans-?tax", re.IGNORECASE)
_SHIPPING = re.compile(r"delivery-?options?|shipping-?(?:options?|costs?|rates?|methods?)"
                       r"|deliveryoptions|shippingoptions|frete|versandkosten|frais-?de-?port",
                       re.IGNORECASE)
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
    _context: Memo = field(default_factory=dict)
    headings: list[tuple[int, str]] = field(default_factory=list)
    """(offset, text) of each h1 and h2: where the product's title can be."""
    buys: list[int] = field(default_factory=list)
    """Offsets of add-to-cart / buy controls."""
    elsewhere: list[tuple[int, int]] = field(default_factory=list)
    """Stretches of text about other products or in the customers' words (related-product
    blocks, carts, reviews): no fact of the page is read there."""

    @property
    def scanned(self) -> str:
        """The text with the ``elsewhere`` stretches blanked out (same length, so offsets
        hold; filled with BOUNDARY, which no pattern reads through): what patterns scan."""
        if not self.elsewhere:
            return self.text
        parts, last = [], 0
        for start, end in self.elsewhere:
            parts += [self.text[last:start], BOUNDARY * (end - start)]
            last = end
        parts.append(self.text[last:])
        return "".join(parts)

    def element_at(self, offset: int) -> _Element | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.elements[i] if i >= 0 else None

    def context(self, offset: int) -> Context:
        element = self.element_at(offset)
        return Context() if element is None else context_of(element, self._context)


@dataclass(frozen=True)
class Context:
    """Where a stretch of text sits on the page."""

    related: bool = False
    """Inside a related-products, sponsored or cart block: about another product."""
    struck: bool = False
    """Inside a crossed-out or 'old price' element: a list price."""
    chrome: bool = False
    """In the site's header, menu, top bar or footer: site-wide, not this product's."""
    review: bool = False
    """Inside customer reviews, Q&A, comments or ratings: the customer's word, not the
    store's; yields no fact."""
    aside: bool = False
    """Inside a modal, popover, tooltip, card, swatch or a variant menu's options: less
    likely to be the live price of the page's product."""
    net: bool = False
    """Marked as a price before tax ("price-excluding-tax", "netto")."""
    shipping: bool = False
    """Inside a delivery-options or shipping-costs block: a shipping charge."""


Memo = dict[int, tuple[_Element, Context]]
"""Context of elements already seen, by id; the element itself is kept with it, so that
the id cannot be reused by another element while the memo lives."""


def context_of(element: _Element, memo: Memo | None = None) -> Context:
    """Where ``element`` sits: its own marks and those of every ancestor (each ancestor is
    read once per ``memo``)."""
    memo = {} if memo is None else memo
    chain: list[_Element] = []
    node: _Element | None = element
    base = Context()
    while node is not None:
        known = memo.get(id(node))
        if known is not None and known[0] is node:
            base = known[1]
            break
        chain.append(node)
        node = node.getparent()
    for node in reversed(chain):
        base = _own(node, base)
        memo[id(node)] = (node, base)
    return base


def _own(node: _Element, outer: Context) -> Context:
    tag = node.tag if isinstance(node.tag, str) else ""
    marks = _marks(node)
    if not marks.strip() and tag not in _MARKED_TAGS and not node.get("itemprop") \
            and not node.get("itemtype") and not node.get("typeof"):
        return outer
    chrome = outer.chrome or tag == "nav" or bool(_CHROME.search(marks)) or (
        tag in ("header", "footer") and not _inside_content(node))
    return Context(
        related=outer.related or bool(_DISTRACTOR.search(marks)),
        struck=outer.struck or tag in _STRIKE_TAGS or bool(_STRIKE.search(marks)),
        chrome=chrome,
        review=outer.review or _reviews(node, marks),
        aside=outer.aside or tag in _ASIDE_TAGS or bool(_ASIDE.search(marks)),
        net=outer.net or bool(_NET.search(marks)),
        shipping=outer.shipping or bool(_SHIPPING.search(marks)),
    )


_ASIDE_TAGS = {"dialog", "select", "option", "optgroup", "datalist"}
"""A modal, or the choices of a variant menu."""
_MARKED_TAGS = {"nav", "header", "footer", *_ASIDE_TAGS, *_STRIKE_TAGS}


def _marks(node: _Element) -> str:
    return f"{node.get('class', '')} {node.get('id', '')} {node.get('data-role', '')}"


def _elsewhere(node: _Element) -> bool:
    """Whether ``node`` opens a block about other products or of customers' words (the
    ``related`` and ``review`` marks of its context)."""
    return _elsewhere_marks(_marks(node)) or _is_review_scope(node)


@functools.lru_cache(maxsize=8192)
def _elsewhere_marks(marks: str) -> bool:
    """Class, id and role words that open such a block (a shop repeats the same few
    hundred: each is read once per process)."""
    return bool(_DISTRACTOR.search(marks)) or _review_marks(marks)


@functools.lru_cache(maxsize=8192)
def _review_marks(marks: str) -> bool:
    return bool(_REVIEW.search(marks)) and not _FAQ.search(marks)


def _reviews(node: _Element, marks: str) -> bool:
    return _is_review_scope(node) or _review_marks(marks)


def _is_review_scope(node: _Element) -> bool:
    prop = node.get("itemprop") or ""
    return prop in ("review", "reviews", "comment", "suggestedAnswer", "acceptedAnswer") or bool(
        _REVIEW_TYPES.search(node.get("itemtype") or node.get("typeof") or ""))


def _text_of(element: _Element) -> str:
    return "".join(str(t) for t in element.itertext())


def _inside_content(element: _Element) -> bool:
    return any(a.tag in ("main", "article") for a in element.iterancestors())


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

    def walk(element: _Element, inside: bool) -> None:
        """``inside``: within a block about other products or of customers' words."""
        nonlocal length
        tag = element.tag if isinstance(element.tag, str) else ""
        if isinstance(element, (_Comment, _ProcessingInstruction)) or tag in _SKIP:
            return
        begins_elsewhere = not inside and _elsewhere(element)
        start = length
        block = tag in _BLOCK
        if block:
            emit("\n", element, block=True)
        if tag in ("h1", "h2"):
            flow.headings.append((length, " ".join(_text_of(element).split())))
        elif tag in ("button", "input") or (tag == "a" and _BUY_MARK.search(
                f"{element.get('class', '')} {element.get('id', '')}")):
            label = element.get("value", "") + _text_of(element)
            if _BUY.search(label) or _BUY_MARK.search(element.get("class", "")):
                flow.buys.append(length)
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
    walk(top, any(_elsewhere(a) for a in top.iterancestors()))
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
