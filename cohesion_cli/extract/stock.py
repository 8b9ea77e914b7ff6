"""Stock availability and physical-store services in text, in the channel's language.

- **Availability**: "produto esgotado", "indisponível no momento", "fora de estoque",
  "avise-me quando chegar", "out of stock", "sold out", "agotado" say the product cannot be
  bought now; "em estoque", "pronta entrega", "in stock" that it can ("não está em estoque"
  is out of stock; "indisponível para o seu CEP", "para acesso automatizado" are about
  something else). A one-word badge ("Esgotado", "Sold out") counts only as the whole text
  of a line (a button or a label of the product), never beside a size or colour of a
  variant picker (an element whose class or id names sizes, variants, swatches or options):
  one size sold out is not the product. Structured data (JSON-LD ``availability``, a feed's
  ``g:availability``) wins over the text; a page whose text says both is left unread
  (``reader`` decides).
- **Store services**: picking an online order up in a store ("retire na loja", "retirada
  grátis na loja", "levantamento em loja", "click & collect", "store pickup") and
  exchanging in any of the brand's stores ("troca em qualquer loja", "exchange at any of
  our stores"). A negation just before ("não fazemos retirada na loja") or "indisponível"
  just after ("retirada na loja indisponível") makes it a service that is not offered.

The words of each language are in ``extract.lang``.
"""

from __future__ import annotations

import re
from functools import cache

from lxml.etree import _Element

from cohesion_cli.domain import Availability, Fact, StockStatus, StoreService, StoreServiceName
from cohesion_cli.extract import lang
from cohesion_cli.extract.budget import check
from cohesion_cli.extract.hits import Hit, non_overlapping

_NEAR = 24
"""How far before or after a statement a negation is looked for."""
_PICKER = re.compile(r"size|tamanho|talla|numera|variant|varia[çc]|swatch|option|grade|picker"
                     r"|selector|seletor", re.IGNORECASE)


@cache
def _patterns(key: str) -> dict[str, re.Pattern[str]]:
    w = lang.joined(key, "offers")

    def compiled(pattern: str) -> re.Pattern[str]:
        return re.compile(pattern)  # run on folded text (lang.fold)

    return {
        "out": compiled(rf"\b(?:{w['out_of_stock']})\b"),
        "badge": re.compile(rf"^[^\S\n]*(?:{w['sold_out_word']})[^\S\n]*[!.]?[^\S\n]*$",
                            re.MULTILINE),  # a whole line of the (folded) text
        "in": compiled(rf"\b(?:{w['in_stock']})\b"),
        "pickup": compiled(rf"\b(?:{w['pickup']})\b"),
        "exchange": compiled(rf"\b(?:{w['exchange_in_store']})\b"),
        "not_before": compiled(rf"\b(?:{w['negation']})\b[^.!?;\n]{{0,{_NEAR}}}$"),
        "not_after": compiled(rf"^[^.\n\w]{{0,3}}(?:{w['unavailable']})\b"),
        "scope": compiled(rf"[^\S\n]*(?:{w['scope_after']})"),
    }


def find_availability(text: str, *, locale: str) -> list[Hit]:
    """Every statement of the product's stock, in order (the reader keeps one)."""
    p = _patterns(lang.tag(locale))
    text = lang.fold(text)
    hits = []
    for name, pattern in (("out", p["out"]), ("in", p["in"])):
        for match in pattern.finditer(text):
            check()
            negated = _denied(text, match.start(), match.end(), p)
            if name == "out" and (negated or p["scope"].match(text, match.end())):
                continue
            status: StockStatus = "out_of_stock" if name == "out" or negated else "in_stock"
            hits.append(Hit(match.start(), match.end(), Availability(status)))
    hits += [Hit(m.start(), m.end(), Availability("out_of_stock"))
             for m in p["badge"].finditer(text)
             if m.group(0).strip()]
    return non_overlapping(hits)


def one_availability(tagged: list[Fact], found: list[Fact]) -> list[Fact]:
    """The facts of a document (structured, then from its text) with one statement of stock
    at most: structured data's when it has one, else the text's when all its statements
    agree (a page saying both is left unread)."""
    def stock(facts: list[Fact]) -> list[Fact]:
        return [f for f in facts if isinstance(f.value, Availability)]

    said = stock(tagged) or stock(found)
    keep = said[0] if len({f.value for f in said}) == 1 else None
    return [f for f in tagged + found if not isinstance(f.value, Availability) or f is keep]


def in_picker(element: _Element | None) -> bool:
    """Whether a stock word sits in a variant picker (a size, a colour) or an option list:
    it is about one variant, not the product."""
    node = element
    for _ in range(4):
        if node is None or not isinstance(node.tag, str):
            return False
        if node.tag in ("option", "select", "label") or _PICKER.search(
                f"{node.get('class', '')} {node.get('id', '')}"):
            return True
        node = node.getparent()
    return False


_STATUSES: dict[str, StockStatus] = {
    "instock": "in_stock", "limitedavailability": "in_stock", "onlineonly": "in_stock",
    "instoreonly": "in_stock", "available": "in_stock", "disponivel": "in_stock",
    "emestoque": "in_stock",
    "outofstock": "out_of_stock", "soldout": "out_of_stock", "discontinued": "out_of_stock",
    "esgotado": "out_of_stock", "indisponivel": "out_of_stock", "unavailable": "out_of_stock",
    "preorder": "preorder", "presale": "preorder", "backorder": "backorder",
}


def status_of(value: object) -> StockStatus | None:
    """A structured availability: schema.org (``https://schema.org/InStock``,
    ``OutOfStock``, ``SoldOut``, ``Discontinued``, ``PreOrder``, ``BackOrder``...), Merchant
    Center (``in_stock``, ``in stock``, ``out_of_stock``, ``preorder``, ``backorder``) or a
    boolean of an API ("disponivel": true); None for anything else."""
    if isinstance(value, bool):
        return "in_stock" if value else "out_of_stock"
    if not isinstance(value, str):
        return None
    name = re.split(r"[/#:]", value.strip())[-1].lower()
    name = re.sub(r"[\s_-]", "", name.replace("í", "i"))
    return _STATUSES.get(name)


def find_store_services(text: str, *, locale: str) -> list[Hit]:
    p = _patterns(lang.tag(locale))
    text = lang.fold(text)
    hits = []
    services: tuple[tuple[StoreServiceName, re.Pattern[str]], ...] = (
        ("pickup_in_store", p["pickup"]), ("exchange_in_any_store", p["exchange"]))
    for service, pattern in services:
        for match in pattern.finditer(text):
            check()
            offered = not _denied(text, match.start(), match.end(), p)
            hits.append(Hit(match.start(), match.end(), StoreService(service, offered)))
    return non_overlapping(hits)


def _denied(text: str, start: int, end: int, p: dict[str, re.Pattern[str]]) -> bool:
    return bool(p["not_before"].search(text[max(0, start - _NEAR - 8):start])
                or p["not_after"].search(text[end:end + _NEAR]))
