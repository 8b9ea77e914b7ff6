"""Channel kinds: each reads a DocumentSpec into a Snapshot, then extracts it.

A kind is one module exporting its descriptor ``KIND`` (a ``base.Kind``: name, whether it
reads over HTTP, ``read(spec) -> Snapshot``, ``extract(snapshot, ctx) -> list[Extraction]``
and its rulebook validation hook), plus one line in ``KINDS`` below and its name in the
rulebook's ``ChannelKind``.
"""

from __future__ import annotations

from cohesion_cli.channels.kinds import api, feed, file, observations, web, whatsapp
from cohesion_cli.channels.kinds.base import Kind
from cohesion_cli.domain import Snapshot
from cohesion_cli.rulebook.plan import DocumentSpec

KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    file.KIND,
    web.KIND,
    api.KIND,
    feed.KIND,
    whatsapp.KIND,
    observations.KIND,
)}


class UnknownKind(LookupError):
    """A channel kind with no descriptor in ``KINDS``."""


def lookup(name: str) -> Kind:
    """The descriptor of kind ``name``; UnknownKind, saying what is missing, if none."""
    found = KINDS.get(name)
    if found is None:
        raise UnknownKind(f"channel kind '{name}' has no descriptor in channels.kinds.KINDS")
    return found


def read_document(spec: DocumentSpec) -> Snapshot:
    """Read ``spec`` with the reader of its kind."""
    return lookup(spec.kind).read(spec)


def over_http(name: str) -> bool:
    """Whether kind ``name`` reads every document over HTTP (False for an unknown kind,
    whose documents then fail to read)."""
    found = KINDS.get(name)
    return found is not None and found.over_http
