"""Decode a snapshot once and parse it once: HTML (lxml), JSON, or plain text.

Documents that are not text never get here: reading refuses them (``extract.sniff``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from lxml.etree import HTMLParser, ParserError, _Element, fromstring

from cohesion_cli.domain import Snapshot
from cohesion_cli.extract.sniff import BOMS, utf16_without_bom

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


@dataclass
class Document:
    """A parsed snapshot. ``tree`` for HTML, ``data`` for JSON; ``text`` always."""

    snapshot: Snapshot
    kind: str
    """``html``, ``json`` or ``text``."""
    text: str
    tree: _Element | None = None
    data: Any = None


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
"""XHTML pages open with one; the HTML parser refuses text that declares an encoding."""


def decode(body: bytes, content_type: str) -> str:
    """Bytes to text: a byte-order mark first (UTF-8, UTF-16, UTF-32), UTF-16 without one
    (``sniff.utf16_without_bom``), then the declared charset, then a detector for
    undeclared encodings."""
    for bom, codec in BOMS:
        if body.startswith(bom):
            return body.decode(codec, errors="replace")
    utf16 = utf16_without_bom(body[:8192])
    if utf16 is not None:
        return body.decode(utf16, errors="replace")
    declared = _declared_charset(body, content_type)
    if declared and not _is_utf8(declared):
        utf8 = _valid_utf8(body)
        if utf8 is not None:
            return utf8
    if declared:
        try:
            return body.decode(declared)
        except LookupError:
            pass
        except UnicodeDecodeError:
            return _mislabelled(body, declared)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        from bs4.dammit import UnicodeDammit

        guess = UnicodeDammit(body, ["utf-8", "windows-1252"]).unicode_markup
        return guess if guess is not None else body.decode("utf-8", errors="replace")


def _is_utf8(charset: str) -> bool:
    return charset.lower().replace("_", "-") in ("utf-8", "utf8")


def _valid_utf8(body: bytes) -> str | None:
    """The body as UTF-8 when it is valid UTF-8 with multi-byte characters: a page labelled
    with a single-byte charset (windows-1251, iso-8859-1) whose bytes are really UTF-8 —
    read as labelled, every accented letter would turn into two wrong ones."""
    if body.isascii():
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _mislabelled(body: bytes, declared: str) -> str:
    """Bytes that do not decode as declared. When most non-ASCII text decodes fine, the
    bad sequences are corruption: replaced, the rest kept. When most of it fails, the page
    is really in another encoding: Windows-1252 (a superset of Latin-1) is used."""
    replaced = body.decode(declared, errors="replace")
    bad = replaced.count("\ufffd")
    good = sum(1 for c in replaced if ord(c) > 127) - bad
    if good >= bad:
        return replaced
    return body.decode("windows-1252", errors="replace")


def _declared_charset(body: bytes, content_type: str) -> str | None:
    match = re.search(r"charset=([\w-]+)", content_type, re.IGNORECASE)
    if match:
        return match.group(1)
    meta = _CHARSET_RE.search(body[:4096])
    return meta.group(1).decode("ascii") if meta else None


class Unreadable(Exception):
    """The document cannot be read whole: what it holds would be read in part."""


TOO_DEEP = "elements nested deeper than the HTML parser reads (255 levels)"
TOO_DEEP_JSON = "values nested deeper than the JSON reader reads"


def parse(snapshot: Snapshot) -> Document:
    """The parsed snapshot. Raises :class:`Unreadable` for a document the parsers would
    read only in part (HTML nested deeper than 255 elements, JSON deeper than Python's
    recursion limit): what lies below would be silently dropped."""
    text = decode(snapshot.body, snapshot.content_type).lstrip("\ufeff")
    ctype = snapshot.content_type.lower()
    head = text.lstrip()[:1]
    if "json" in ctype or (head in ("{", "[") and "html" not in ctype):
        try:
            return Document(snapshot, "json", text, data=json.loads(text))
        except RecursionError as exc:
            raise Unreadable(TOO_DEEP_JSON) from exc
        except ValueError:
            pass
    if "html" in ctype or head == "<":
        markup = _XML_DECLARATION.sub("", text, count=1)
        try:  # as UTF-8 bytes, said to be UTF-8: lxml parses them a fifth faster than text
            source: str | bytes = markup.encode("utf-8")
            parser = HTMLParser(encoding="utf-8")  # plain elements: lxml.html's classes
        except UnicodeEncodeError:                   # cost a call per element
            source, parser = markup, HTMLParser()
        try:
            tree = fromstring(source, parser)
        except (ParserError, ValueError):
            return Document(snapshot, "text", text)
        if tree is None:
            return Document(snapshot, "text", text)
        if any("Excessive depth" in error.message for error in parser.error_log):
            raise Unreadable(TOO_DEEP)
        return Document(snapshot, "html", text, tree=tree)
    return Document(snapshot, "text", text)
