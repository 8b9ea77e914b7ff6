"""Why a request failed, in the few kinds its callers tell apart, from urllib3's errors.

``wire`` turns every urllib3 (and socket) error into one of these, raised from it, so that
:func:`root_cause` can still name the deepest cause. The kinds:

- :class:`TimedOut` (:class:`ConnectTimedOut` while connecting): no answer within the
  timeout; not retried.
- :class:`Unreachable`: no connection (refused, host name not found, TLS, proxy), or it
  broke before the answer's headers, or went silent in the middle of the body (a read
  timeout there, as requests counted it); retried, except when refused or not found.
- :class:`Undecodable`: a body that is not valid for its Content-Encoding.
- :class:`Failed` itself: the body broke off (retried, except a malformed chunked body), or
  the request could not be sent as given (not retried).

A failure raised with a message of its own is named by that message (it may stand for an
error whose text would show a header's value).
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator


class Failed(Exception):
    """A request that got no complete answer; ``transient``: worth trying again."""

    def __init__(self, *args: object, transient: bool = False) -> None:
        super().__init__(*args)
        self.transient = transient


class Unreachable(Failed):
    """Reported as "cannot connect: …"."""


class TimedOut(Failed):
    """No answer within the timeout."""


class ConnectTimedOut(TimedOut):
    """No connection within the timeout."""


class Undecodable(Failed):
    """A body that is not valid for its Content-Encoding."""


def chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and the exceptions it was raised from, or while handling, deepest last."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        yield current
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__)


def sending(exc: Exception) -> Failed:
    """The failure for an error raised while connecting, sending the request or reading
    the answer's headers."""
    from urllib3 import exceptions as u3

    if isinstance(exc, u3.ConnectTimeoutError) and not isinstance(exc, u3.NewConnectionError):
        return ConnectTimedOut()
    if isinstance(exc, u3.ReadTimeoutError):
        return TimedOut()
    if isinstance(exc, (u3.NewConnectionError, u3.ProxyError, u3.SSLError, u3.ProtocolError,
                        u3.ClosedPoolError, OSError)):
        return Unreachable(transient=not _refused_or_unknown(exc))
    if isinstance(exc, ValueError) and not isinstance(exc, u3.HTTPError):
        return Failed("the request cannot be sent as given: a line break, a control character "
                      "or a character outside Latin-1 in the address or a header")
    return Failed()


def reading(exc: Exception) -> Failed:
    """The failure for an error raised while reading the body."""
    from urllib3 import exceptions as u3

    if isinstance(exc, u3.DecodeError):
        return Undecodable()
    if isinstance(exc, (u3.ReadTimeoutError, u3.SSLError)):
        return Unreachable(transient=True)
    malformed = any(isinstance(e, u3.InvalidChunkLength) for e in chain(exc))
    return Failed(transient=not malformed)


def _refused_or_unknown(exc: BaseException) -> bool:
    from urllib3.exceptions import NameResolutionError

    return any(isinstance(e, (ConnectionRefusedError, NameResolutionError, socket.gaierror))
               for e in chain(exc))


def root_cause(exc: BaseException) -> str:
    """One line saying why a request failed."""
    from urllib3.exceptions import InvalidChunkLength

    causes = list(chain(exc))
    told = next((e for e in causes if isinstance(e, Failed) and e.args), None)
    if told is not None:
        return str(told)
    if any(isinstance(e, InvalidChunkLength) for e in causes):
        return "the server sent a malformed chunked body (a chunk size that is not a number)"
    text = str(causes[-1]) or type(causes[-1]).__name__
    incomplete = re.search(r"IncompleteRead\((\d+) bytes read, (\d+) more expected", text)
    if incomplete:
        got, more = int(incomplete.group(1)), int(incomplete.group(2))
        return f"truncated body: the connection closed after {got} of {got + more} bytes"
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "host name not found"
    return text.split(": ", 1)[-1][:200]
