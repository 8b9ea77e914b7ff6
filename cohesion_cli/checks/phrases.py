"""Phrase lookups shared by required_phrase and forbidden_phrase."""

from __future__ import annotations

from collections.abc import Iterator

from cohesion_cli.checks.context import ChannelData, Context
from cohesion_cli.checks.text import channels_for, fold, original_span
from cohesion_cli.domain import Evidence
from cohesion_cli.message import msg
from cohesion_cli.rulebook.policies import Phrase

PRESENT = msg("present", "present")
ABSENT = msg("absent", "absent")


def phrases(items: list[str | Phrase]) -> Iterator[Phrase]:
    for item in items:
        yield Phrase(text=item) if isinstance(item, str) else item


def find(data: ChannelData, phrase: str) -> Evidence | None:
    """Evidence of the first document of the channel that contains ``phrase`` (case and
    accents ignored); the excerpt quotes the document as written."""
    needle = fold(phrase)
    for doc in data.readable:
        folded = fold(doc.text)
        at = folded.find(needle)
        if at >= 0:
            left, right = max(0, at - 40), min(len(folded), at + len(needle) + 40)
            excerpt = original_span(doc.text, left, right) or folded[left:right]
            return Evidence(("…" if left else "") + excerpt, "text", doc.snapshot.location,
                            doc.snapshot.id)
    return None


def subject(phrase: Phrase) -> str:
    return f"phrase:{phrase.text}"


def applicable(ctx: Context, phrase: Phrase) -> list[ChannelData]:
    return channels_for(ctx, phrase.channels, None)
