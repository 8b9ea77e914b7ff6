"""Run the rulebook's locators (CSS, XPath, JSONPath, regex) on a parsed document."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lxml.etree import _Element, tostring

from cohesion_cli.extract.document import Document
from cohesion_cli.extract.flow import css_path
from cohesion_cli.rulebook.models import Locator

if TYPE_CHECKING:
    from lxml.cssselect import CSSSelector


@dataclass(frozen=True)
class Found:
    """A locator's match: the raw value (text or JSON scalar) and where it was."""

    value: Any
    where: str


def run(locator: Locator, doc: Document, visible_text: str) -> list[Found]:
    kind, expr = locator.kind, locator.expression
    if kind == "jsonpath":
        return _jsonpath(expr, doc)
    if kind == "regex":
        return _regex(expr, visible_text if doc.kind == "html" else doc.text)
    if doc.tree is None:
        return []
    if kind == "css":
        matched = _selector(expr)(doc.tree)
        elements = [e for e in matched if isinstance(e, _Element)] if isinstance(
            matched, list) else []
        return [Found(_text(e), f"css {expr} ({css_path(e)})") for e in elements if _text(e)]
    results = doc.tree.xpath(expr)
    found = []
    for item in results if isinstance(results, list) else [results]:
        value = _text(item) if isinstance(item, _Element) else str(item).strip()
        if value:
            found.append(Found(value, f"xpath {expr}"))
    return found


@functools.lru_cache(maxsize=256)
def _selector(expr: str) -> CSSSelector:
    from lxml.cssselect import CSSSelector  # only rulebooks with CSS locators pay its import

    return CSSSelector(expr, translator="html")


def _text(element: Any) -> str:
    return " ".join(tostring(element, method="text", encoding=str, with_tail=False).split())


def _jsonpath(expr: str, doc: Document) -> list[Found]:
    if doc.kind != "json":
        return []
    from jsonpath_ng.ext import parse  # type: ignore[attr-defined]

    found = []
    for match in parse(expr).find(doc.data):
        value = match.value
        if isinstance(value, (dict, list)):
            value = json.dumps(value, ensure_ascii=False)
        if value is not None and value != "":
            found.append(Found(value, f"jsonpath {match.full_path}"))
    return found


def _regex(expr: str, text: str) -> list[Found]:
    found = []
    for match in re.finditer(expr, text, re.IGNORECASE | re.MULTILINE):
        value = match.group(1) if match.groups() else match.group(0)
        if value:
            line = text.count("\n", 0, match.start()) + 1
            found.append(Found(value.strip(), f"regex {expr} (line {line})"))
    return found
