"""``web``: HTTP GET of public pages with requests.

One session per thread (connections are reused), a timeout per channel, an honest
User-Agent, at most 10 MB per body, TLS verification on. A page that cannot be
fetched, or answers with a status other than 2xx, becomes an unverifiable snapshot.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from cohesion_cli import __version__
from cohesion_cli.channels.documents import DocumentSpec
from cohesion_cli.channels.snapshots import MAX_BODY_BYTES, content_type_for, failed, now
from cohesion_cli.domain import Snapshot

if TYPE_CHECKING:
    import requests

KIND = "web"
USER_AGENT = f"cohesion-cli/{__version__} (brand consistency checker)"
_local = threading.local()


def _session() -> requests.Session:
    import requests

    session: requests.Session | None = getattr(_local, "session", None)
    if session is None:
        session = requests.Session()
        session.headers["User-Agent"] = USER_AGENT
        session.headers["Accept-Language"] = "pt-BR,pt;q=0.9,en;q=0.8"
        _local.session = session
    return session


def read(spec: DocumentSpec) -> Snapshot:
    import requests

    try:
        with _session().get(spec.location, timeout=spec.timeout, stream=True) as response:
            body = _body(response)
            if body is None:
                return failed(spec, f"body larger than {MAX_BODY_BYTES} bytes",
                              response.status_code)
            if not 200 <= response.status_code < 300:
                return failed(spec, f"HTTP {response.status_code} {response.reason}",
                              response.status_code)
            ctype = response.headers.get("Content-Type", "") or content_type_for(spec.location)
            return Snapshot(spec.channel, spec.location, spec.role, spec.product, now(),
                            body=body, status=response.status_code, content_type=ctype)
    except requests.exceptions.Timeout:
        return failed(spec, f"timed out after {spec.timeout:g} s")
    except requests.exceptions.ConnectionError as exc:
        return failed(spec, f"cannot connect: {_root_cause(exc)}")
    except requests.exceptions.RequestException as exc:
        return failed(spec, f"request failed: {_root_cause(exc)}")


def _body(response: requests.Response) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=64 * 1024):
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _root_cause(exc: BaseException) -> str:
    while exc.__context__ is not None and exc.__context__ is not exc:
        exc = exc.__context__
    text = str(exc) or type(exc).__name__
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "host name not found"
    return text.split(": ", 1)[-1][:200]
