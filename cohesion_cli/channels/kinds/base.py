"""What every channel kind declares: its descriptor, ``Kind``.

Each kind module builds one frozen ``Kind`` naming how its documents are read, how their
facts are extracted, whether they come over HTTP, and the rulebook problems only that kind
can have (the rulebook layer runs this hook without importing the channels).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cohesion_cli.channels.extraction import ExtractContext
from cohesion_cli.domain import Snapshot
from cohesion_cli.extract.result import Extraction
from cohesion_cli.rulebook.models import Channel
from cohesion_cli.rulebook.plan import DocumentSpec
from cohesion_cli.rulebook.problems import Problem
from cohesion_cli.rulebook.semantic import Validator
from cohesion_cli.rulebook.yamlpos import Located

Reader = Callable[[DocumentSpec], Snapshot]
Extractor = Callable[[Snapshot, ExtractContext], list[Extraction]]


@dataclass(frozen=True)
class Kind:
    """One channel kind, as the registry, the engine and the rulebook's checks see it."""

    name: str
    """The value of ``kind:`` in the rulebook (one of ``models.ChannelKind``)."""
    over_http: bool
    """Whether every document is read over HTTP, so locations are URLs (a feed may be
    either: its documents are URLs only when its location says so)."""
    read: Reader
    extract: Extractor
    validate: Validator
    """Rulebook problems specific to this kind, for one channel at a YAML path."""
    cache_extractions: bool = True
    """Whether an unchanged document's extraction may be reused from the on-disk cache;
    False when extraction also looks at other files (observations check attachments)."""


def no_problems(channel: Channel, at: tuple[str | int, ...], located: Located) -> list[Problem]:
    """The validation hook of a kind with no rules of its own."""
    return []
