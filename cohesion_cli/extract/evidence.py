"""Page evidence that a displayed price is the live price of the page's product.

Each price found in the text is scored from generic signals every shop page carries,
none of them specific to one shop or platform:

- a price-like ``class`` / ``id`` / ``itemprop`` on its element or near ancestors
  ("price", "preco", "valor", "precio", "prix", "Preis" …), and none of an old, unit,
  instalment, shipping, saving or payment-method price;
- a price word just before it ("Preço:", "por", "now", "Price:", "ahora" …);
- closeness after the product title (the h1/h2 that best matches ``<title>`` /
  ``og:title``) and before the add-to-cart control;
- emphasis (``strong``, headings, "big"/"main"/"current" classes);
- negative evidence: modals, popovers, tooltips, cards and swatches; a currency other
  than the channel's (another market's offer); the cards of a listing (the same element
  path showing several different amounts).

Prices in related-product blocks, carts, the site header/footer/menu and crossed-out
elements never get here: their role already rules them out.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from lxml.etree import _Element
from rapidfuzz import fuzz

from cohesion_cli.domain import Fact, Price
from cohesion_cli.extract.flow import Flow, Scan
from cohesion_cli.extract.hits import Hit
from cohesion_cli.extract.marks import Context
from cohesion_cli.extract.prices import wording_role
from cohesion_cli.money.text import parse_number

_PRICE_MARK = re.compile(
    r"price|pre[cç]o|valor|amount|precio|prix|preis|prezzo|cena|prijs|pris\b|cost|money"
    r"|sale|offer|buy-?box|current|final|special|actual|selling|product-?value",
    re.IGNORECASE,
)
_OTHER_MARK = re.compile(
    r"(?:^|[-_\s:])(?:old|was|fee|fees|pix|per|save|unit|before|from|rrp|msrp|retail|list)"
    r"(?=$|[-_\s:]|price)"
    r"|compare|strike|de-?por|installment|parcel|instal|shipping|frete|delivery|grundpreis"
    r"|saving|discount|desconto|economi|boleto|cashback|points|pontos|subscri|assinatura"
    r"|coupon|cupom|monthly|mensal|billet|avista|a-vista|base-?price|unit-?price|price-?unit"
    r"|price-?(?:from|old|was|list)",
    re.IGNORECASE,
)
"""Class / id words of a price that is not the live one. Short words count only as whole
words of a class name ("old-price", "OldPrice"; not "font-bold", "coffee", "pixel")."""
_WORD_BEFORE = re.compile(
    r"(?:pre[çc]o|price|\bpor|\bnow|\bonly|agora|valor|precio|ahora|prix|preis|prezzo|cena"
    r"|our\s+price|sale|para)\s*:?\s*$",
    re.IGNORECASE,
)
_EMPHASIS_TAGS = {"strong", "b", "h1", "h2", "h3", "h4"}
_EMPHASIS_MARK = re.compile(r"big|large|main|highlight|destaque|primary|lg\b|xl\b", re.I)
_TITLE_SPLIT = re.compile(r"\s[|\-–—:]\s|\s\|")
_NEAR = 3
"""How many ancestors an element's marks are read from."""
_TITLE_REACH = 4000
_TITLE_BEFORE = 1500
"""A price this close before the title is still in the product's block (gallery and buy
box side by side put the price first in some layouts)."""
BUY_REACH = 3000


_BARE_CENTS = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,\u00a0\u202f ]\d{3})*[.,]\d{2}(?![\d%])")


def marked_amounts(flow: Flow, taken: list[tuple[int, int]], currency: str, scan: Scan
                   ) -> list[Hit]:
    """Amounts written without a currency ("69.99") inside an element whose class or id
    says it is a price ("currentPrice", "product-price"): a price in the page's currency.
    Offsets (``taken`` and the hits) are those of ``scan.text``."""
    hits: list[Hit] = []
    spans = sorted(taken)
    for match in _BARE_CENTS.finditer(scan.text):
        at = bisect.bisect_right(spans, (match.start(), len(scan.text))) - 1
        if at >= 0 and spans[at][1] > match.start():
            continue
        start, end = scan.span(match.start(), match.end())
        near = _near(flow.element_at(start))[:2]
        marks = " ".join(_marks(e) for e in near)
        if not _PRICE_MARK.search(marks) or _OTHER_MARK.search(marks):
            continue
        amount = parse_number(match.group(0))
        if amount is not None and amount > 0:
            role = wording_role(flow.text, start, end)
            hits.append(Hit(match.start(), match.end(), Price(amount, currency, role)))
    return hits


@dataclass(frozen=True)
class Candidate:
    """A price displayed in the text, with where it sits."""

    fact: Fact
    start: int
    end: int
    element: _Element | None
    context: Context


@dataclass(frozen=True)
class Page:
    """What the scorer needs to know about the page as a whole."""

    text: str
    title_at: int | None
    buys: tuple[int, ...]
    currency: str = ""
    """The channel's currency: a price in another one is another market's offer."""


def page_of(flow: Flow | None, tree: _Element | None, text: str, currency: str) -> Page:
    if flow is None or tree is None:
        return Page(text, None, (), currency)
    return Page(text, _title_offset(flow, tree), tuple(flow.buys), currency)


def _title_offset(flow: Flow, tree: _Element) -> int | None:
    """Where the product's title stands in the text: the h1/h2 that best matches the page's
    title, else the first place the title's first part (before " | ", " - ") is written."""
    title = " ".join(str(tree.xpath("string(//meta[@property='og:title']/@content)")
                         or tree.xpath("string(//title)")).split())
    if not flow.headings:
        name = _TITLE_SPLIT.split(title)[0].strip().lower()
        found = flow.text.lower().find(name) if len(name) >= 8 else -1
        return found if found >= 0 else None
    if not title:
        return flow.headings[0][0]
    best = max(flow.headings, key=lambda h: fuzz.token_set_ratio(h[1], title))
    return best[0] if fuzz.token_set_ratio(best[1], title) >= 50 else flow.headings[0][0]


def _near(element: _Element | None) -> list[_Element]:
    out: list[_Element] = []
    node = element
    while node is not None and len(out) < _NEAR and isinstance(node.tag, str):
        out.append(node)
        node = node.getparent()
    return out


def _marks(element: _Element) -> str:
    """The element's class, id and test attributes, camelCase split into words."""
    attrs = ("class", "id", "itemprop", "data-testid", "data-test", "data-automation")
    return _CAMEL.sub(r"\1-\2", " ".join(element.get(a, "") for a in attrs))


_CAMEL = re.compile(r"([a-z])([A-Z])")


_FROM_BEFORE = re.compile(
    r"(?:\bfrom|starting\s+at|starts\s+at|a\s+partir\s+de|desde|\bab|à\s+partir\s+de|dès"
    r"|\bvanaf|\bod|\bda)\s*:?\s*$",
    re.IGNORECASE,
)


_MONEY_SIGN = r"(?:[$€£¥₹₽₩]|R\$|US\$|zł|kr|Kč|CHF)"
_RANGE_AFTER = re.compile(
    rf"^\S*\s*[-–—]\s*(?:{_MONEY_SIGN}\s*\d[\d.,]*|\d[\d.,]*[.,]\d{{2}}(?!\d))"
    r"(?!\s*%|\s*[x×]|\s*(?:vezes|parcelas|months|meses)\b)",
    re.IGNORECASE,
)
_RANGE_BEFORE = re.compile(
    rf"(?:{_MONEY_SIGN}\s*\d[\d.,]*|\d[\d.,]*[.,]\d{{2}}\s*{_MONEY_SIGN}?)\s*[-–—]\s*"
    rf"{_MONEY_SIGN}?\s*$")
"""A price range: an amount of money on the other side of the dash."""


def starting_price(candidate: Candidate, page: Page) -> bool:
    """A "from" price ("From £1,049.00", "a partir de R$ 99") or an end of a price range
    ("$55.00 – $57.00"): the price depends on an option the shopper has not chosen yet."""
    before = page.text[max(0, candidate.start - 20):candidate.start]
    after = page.text[candidate.end:candidate.end + 20]
    return bool(_FROM_BEFORE.search(before) or _RANGE_BEFORE.search(before)
                or _RANGE_AFTER.search(after))


def price_marked(candidate: Candidate) -> bool:
    """Its element or a near ancestor is marked as a price (and not as another kind)."""
    marks = " ".join(_marks(e) for e in _near(candidate.element))
    return bool(_PRICE_MARK.search(marks)) and not _OTHER_MARK.search(marks)


def text_score(candidate: Candidate, page: Page) -> float:
    """How strongly the page presents this displayed price as its product's live price."""
    score = 1.5
    near = _near(candidate.element)
    marks = " ".join(_marks(e) for e in near)
    if _OTHER_MARK.search(marks):
        score -= 1.0
    elif _PRICE_MARK.search(marks):
        score += 1.5
    if _WORD_BEFORE.search(page.text[max(0, candidate.start - 25):candidate.start]):
        score += 1.0
    value = candidate.fact.value
    if getattr(value, "role", "") == "sale":
        score += 1.0
    if any(e.tag in _EMPHASIS_TAGS or _EMPHASIS_MARK.search(e.get("class", "")) for e in near):
        score += 0.3
    if page.title_at is not None:
        distance = candidate.start - page.title_at
        if 0 <= distance <= _TITLE_REACH:
            score += 0.6 * (1 - distance / _TITLE_REACH)
        elif not -_TITLE_BEFORE <= distance < 0:
            score -= 0.3
    if any(0 <= b - candidate.start <= BUY_REACH for b in page.buys):
        score += 0.3
    if candidate.context.aside:
        score -= 1.0
    if page.currency and getattr(value, "currency", page.currency) != page.currency:
        score -= 1.0
    return score
