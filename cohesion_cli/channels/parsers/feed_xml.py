"""Read the items of an XML product feed (Google Merchant Center RSS 2.0 or Atom, see
:mod:`cohesion_cli.channels.parsers.feed`) through ``defusedxml`` only, item by item, with
the line where each starts and a short excerpt of it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import XMLParser as DefusedXMLParser

from cohesion_cli.channels.parsers.feed_items import (
    EXCERPT,
    GROUPS,
    FeedError,
    Fields,
    Groups,
    RawItem,
    colon_group,
)

_ITEM_TAGS = ("item", "entry")


@dataclass
class _Span:
    """Where one item starts and ends, and its fields once read."""

    line: int
    start: int
    end: int = -1
    fields: Fields = field(default_factory=dict)
    groups: Groups = field(default_factory=dict)


@dataclass
class _Target:
    """Tree-builder target for the defused parser: reads each item when it closes, remembers
    where it starts and ends, then empties it (memory stays flat on large feeds)."""

    expat: Any = None
    tree: TreeBuilder = field(default_factory=TreeBuilder)
    spans: list[_Span] = field(default_factory=list)
    pending: dict[int, _Span] = field(default_factory=dict)

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = self.tree.start(tag, attrs)
        namespace, local = _split(tag)
        if local in _ITEM_TAGS and "base.google.com" not in namespace:
            span = _Span(self.expat.CurrentLineNumber, self.expat.CurrentByteIndex)
            self.spans.append(span)
            self.pending[id(element)] = span
        return element

    def end(self, tag: str) -> Element:
        element = self.tree.end(tag)
        span = self.pending.pop(id(element), None)
        if span is not None:
            span.end = self.expat.CurrentByteIndex
            span.fields, span.groups = _xml_fields(element)
            element.clear()
        return element

    def data(self, data: str) -> None:
        self.tree.data(data)

    def close(self) -> Element:
        return self.tree.close()


def xml_records(body: bytes) -> list[RawItem]:
    """Every item of an XML feed, in document order. Raises :class:`FeedError`."""
    if not body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        stripped = body.removeprefix(codecs.BOM_UTF8).lstrip()
        first_line = 1 + body[: len(body) - len(stripped)].count(b"\n")
        body = stripped
    else:
        first_line = 1
    target = _Target()
    parser = DefusedXMLParser(target=target)
    target.expat = parser.parser
    try:
        parser.feed(body)
        root = parser.close()
    except EntitiesForbidden as exc:
        if exc.sysid or exc.pubid:
            raise FeedError(f"XML refused: it declares the external entity {exc.name!r}; "
                            "external entities (local files, URLs) are never read") from exc
        raise FeedError(f"XML refused: it declares the entity {exc.name!r}; entity declarations "
                        "are not allowed (entity-expansion bomb, e.g. billion laughs)") from exc
    except ExternalReferenceForbidden as exc:
        raise FeedError("XML refused: it references an external entity") from exc
    except DefusedXmlException as exc:
        raise FeedError(f"XML refused: {exc}") from exc
    except ParseError as exc:
        line, column = exc.position
        raise FeedError(f"malformed XML at line {line + first_line - 1}, column {column}: "
                        f"{str(exc).split(':')[0]}") from exc
    except (LookupError, ValueError) as exc:  # the declared encoding: unknown, multi-byte, …
        raise FeedError(f"cannot read the XML: {exc}") from exc
    root_name = _split(root.tag)[1].lower()
    if not target.spans and root_name not in ("rss", "feed", "rdf", "channel"):
        what = "an HTML page" if root_name == "html" else f"XML with root <{root_name}>"
        raise FeedError(f"{what}, not an RSS or Atom product feed")
    encoding = _xml_encoding(body)
    gt = ">".encode(encoding)
    records = []
    for number, span in enumerate(target.spans, start=1):
        close = body.find(gt, span.end) if span.end > span.start else -1
        end = close + len(gt) if close >= 0 else len(body)
        raw = body[span.start: min(end, span.start + 4 * EXCERPT)].decode(encoding, "replace")
        locator = f"item {number} (line {span.line + first_line - 1})"
        records.append((span.fields, span.groups, locator, " ".join(raw.split())))
    return records


def _xml_fields(item: Element) -> tuple[Fields, Groups]:
    ranked: list[tuple[int, str, Element]] = []
    for child in item:
        namespace, local = _split(child.tag)
        rank = 0 if "base.google.com" in namespace else 1 if not namespace else 2
        if not (rank == 2 and local == "id"):  # Atom's <id> is the entry's URI, not the SKU
            ranked.append((rank, local, child))
    fields: Fields = {}
    groups: Groups = {}
    for _, local, child in sorted(ranked, key=lambda r: r[0]):
        text = " ".join("".join(child.itertext()).split())
        if local not in GROUPS:
            fields.setdefault(local, []).append(text)
        elif len(child):
            groups.setdefault(local, []).append(
                {_split(sub.tag)[1]: " ".join("".join(sub.itertext()).split()) for sub in child})
        elif found := colon_group(local, text, None):
            groups.setdefault(local, []).append(found)
    return fields, groups


def _split(tag: object) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""
    namespace, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    return namespace, local


def _xml_encoding(body: bytes) -> str:
    if body.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le"
    if body.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be"
    declared = re.match(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})", body)
    name = declared[1].decode() if declared else "utf-8"
    try:  # unknown names and bytes-to-bytes codecs raise LookupError
        b"".decode(name)
        ">".encode(name)
    except (LookupError, ValueError):
        return "utf-8"
    return name
