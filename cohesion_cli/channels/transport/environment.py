"""What the environment says about requests to an origin, read once per origin by ``wire``:
the proxy (``http_proxy``, ``https_proxy``, ``all_proxy`` and ``no_proxy``, each spelled in
lower case or, when that is not set, in upper case), a CA bundle (``REQUESTS_CA_BUNDLE`` or
``CURL_CA_BUNDLE``) and ~/.netrc credentials (or those of the file ``NETRC`` names)."""

from __future__ import annotations

import ipaddress
import netrc
import os
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Environment:
    """What every request to an origin takes from the environment, read once: scanning the
    environment costs more than a request answered 304."""

    proxy: str | None
    """The proxy's URL (``http://`` when it names none), None: connect directly."""
    ca_bundle: str | None
    """A CA bundle (file or folder) to verify certificates with instead of certifi's."""
    netrc: tuple[str, str] | None
    """(login, password) for the origin's host from the netrc file."""


def read(origin: str) -> Environment:
    """The environment for requests to ``origin`` (``scheme://host:port``)."""
    parts = urlsplit(origin)
    host = parts.hostname or ""
    return Environment(proxy_for(parts.scheme, host, parts.port),
                       os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE"),
                       netrc_for(host))


def _variable(name: str) -> str | None:
    """``name`` or, when it is not set, ``NAME`` (but not ``HTTP_PROXY`` under CGI, where
    it comes from a request header)."""
    value = os.environ.get(name)
    if value is None and not (name == "http_proxy" and "REQUEST_METHOD" in os.environ):
        value = os.environ.get(name.upper())
    return value


def proxy_for(scheme: str, host: str, port: int | None) -> str | None:
    """The proxy for ``scheme://host:port`` (``{scheme}_proxy``, else ``all_proxy``),
    unless ``no_proxy`` exempts the host."""
    proxy = _variable(f"{scheme.lower()}_proxy") or _variable("all_proxy")
    if not proxy or not host or _exempt(host.lower(), port, _variable("no_proxy") or ""):
        return None
    return proxy if "://" in proxy else f"http://{proxy}"


def _exempt(host: str, port: int | None, no_proxy: str) -> bool:
    """Whether ``no_proxy`` names the host: ``*``; the host, with or without the port; a
    domain the host is in (``example.com`` or ``.example.com``); a network the address is
    in (``10.0.0.0/8``)."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        address = None
    for entry in (part.strip().lower() for part in no_proxy.split(",")):
        if entry == "*":
            return True
        if address is not None and "/" in entry:
            try:
                if address in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                pass
            continue
        name = entry.lstrip(".")
        if name and (name in (host, f"{host}:{port}") or host.endswith(f".{name}")):
            return True
    return False


def netrc_for(host: str) -> tuple[str, str] | None:
    """(login, password) for ``host`` in the file ``NETRC`` names, else ~/.netrc or
    ~/_netrc; None when there is none, or the file cannot be read or parsed."""
    named = os.environ.get("NETRC")
    candidates = [named] if named is not None else [
        os.path.expanduser(f"~/{name}") for name in (".netrc", "_netrc")]
    path = next((c for c in candidates if os.path.exists(c)), None)
    if path is None or not host:
        return None
    try:
        found = netrc.netrc(path).authenticators(host)
    except (netrc.NetrcParseError, OSError):
        return None
    if found is None or not any(found):
        return None
    login, account, password = found
    return login or account or "", password or ""
