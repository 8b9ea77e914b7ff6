"""Channel kinds: each reads a DocumentSpec into a Snapshot, then extracts it.

A kind is one module with ``KIND``, ``read(spec) -> Snapshot`` and
``extract(snapshot, ctx) -> list[Extraction]`` (``channels.extraction.extract`` for documents
about one product each), plus one line in ``KINDS`` below and its name in the rulebook's
``ChannelKind``.
"""

from __future__ import annotations

from typing import Protocol

from cohesion_cli.channels.extraction import ExtractContext
from cohesion_cli.channels.kinds import api, feed, file, observations, web, whatsapp
from cohesion_cli.domain import Snapshot
from cohesion_cli.extract.result import Extraction
from cohesion_cli.rulebook.plan import DocumentSpec


class ChannelKind(Protocol):
    KIND: str

    def read(self, spec: DocumentSpec) -> Snapshot: ...

    def extract(self, snapshot: Snapshot, ctx: ExtractContext) -> list[Extraction]: ...


KINDS: dict[str, ChannelKind] = {
    file.KIND: file,
    web.KIND: web,
    api.KIND: api,
    feed.KIND: feed,
    whatsapp.KIND: whatsapp,
    observations.KIND: observations,
}
