"""Where a redirect points, made sendable (what requests' ``requote_uri`` did, redone
here for the urllib3 transport)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from urllib3 import BaseHTTPResponse

REDIRECTS = frozenset({301, 302, 303, 307, 308})


def location(response: BaseHTTPResponse) -> str | None:
    """Where a redirect points (as sent: UTF-8 bytes, which http.client read as Latin-1)."""
    if response.status not in REDIRECTS:
        return None
    sent = response.headers.get("Location")
    if sent is None:
        return None
    try:
        return sent.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return sent


_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})?")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_KEPT = "!#$%&'()*+,/:;=?@[]~"
"""Left as they are: the reserved characters, which give the address its parts, and ``%``
(escapes were seen to first)."""


def requoted(url: str) -> str:
    """A redirect's target made sendable: what may not appear in an address (a space,
    non-ASCII text, sent as UTF-8) percent-encoded; an escaped unreserved character
    unescaped, other escapes kept, a ``%`` that starts none encoded (``%25``)."""
    return quote(_ESCAPE.sub(_unescaped, url), safe=_KEPT)


def _unescaped(match: re.Match[str]) -> str:
    if match[1] is None:
        return "%25"
    char = chr(int(match[1], 16))
    return char if char in _UNRESERVED else match[0]
