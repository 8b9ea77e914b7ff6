"""Channel kinds: each reads one DocumentSpec into a Snapshot.

Adding a kind is one module with a ``read(spec) -> Snapshot`` function and a
``KIND`` name, plus one line in ``KINDS`` below (and the name in the rulebook's
``ChannelKind``).
"""

from __future__ import annotations

from typing import Protocol

from cohesion_cli.channels import file, web
from cohesion_cli.channels.documents import DocumentSpec
from cohesion_cli.domain import Snapshot


class ChannelKind(Protocol):
    KIND: str

    def read(self, spec: DocumentSpec) -> Snapshot: ...


KINDS: dict[str, ChannelKind] = {
    file.KIND: file,
    web.KIND: web,
}


def read(spec: DocumentSpec) -> Snapshot:
    return KINDS[spec.kind].read(spec)
