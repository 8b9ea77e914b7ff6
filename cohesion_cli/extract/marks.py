"""Where an element sits on a page, read from its own marks and its ancestors' (class, id,
role, microdata type, tag): about another product (related blocks, carts), crossed out,
site chrome, customers' words, an aside, before tax, shipping."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from lxml.etree import _Element

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
_MENU = re.compile(r"(?:^|[\s-])(?:mega-?menu|menu|navbar|navigation)(?=$|[\s-])",
                   re.IGNORECASE)
"""Whole words of a class or id that mark a navigation menu."""
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


def elsewhere(node: _Element) -> bool:
    """Whether ``node`` opens a block about other products or of customers' words (the
    ``related`` and ``review`` marks of its context), or a navigation menu (its links'
    labels, "Até R$ 99", "Outlet 40% OFF", state no fact of the page)."""
    return node.tag == "nav" or _elsewhere_marks(_marks(node)) or _is_review_scope(node)


@functools.lru_cache(maxsize=8192)
def _elsewhere_marks(marks: str) -> bool:
    """Class, id and role words that open such a block (a shop repeats the same few
    hundred: each is read once per process)."""
    return bool(_DISTRACTOR.search(marks) or _MENU.search(marks)) or _review_marks(marks)


@functools.lru_cache(maxsize=8192)
def _review_marks(marks: str) -> bool:
    return bool(_REVIEW.search(marks)) and not _FAQ.search(marks)


def _reviews(node: _Element, marks: str) -> bool:
    return _is_review_scope(node) or _review_marks(marks)


def _is_review_scope(node: _Element) -> bool:
    prop = node.get("itemprop") or ""
    return prop in ("review", "reviews", "comment", "suggestedAnswer", "acceptedAnswer") or bool(
        _REVIEW_TYPES.search(node.get("itemtype") or node.get("typeof") or ""))


def _inside_content(element: _Element) -> bool:
    return any(a.tag in ("main", "article") for a in element.iterancestors())
