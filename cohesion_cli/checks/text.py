"""Text helpers for wording and phrase checks: normalisation and channel filters."""

from __future__ import annotations

import re
import unicodedata

from cohesion_cli.checks.context import ChannelData, Context


def fold(text: str) -> str:
    """Casefold, drop accents and collapse white space: 'Trocas  em ATÉ' -> 'trocas em ate'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).strip()


def original_span(text: str, start: int, end: int) -> str | None:
    """The passage of ``text`` that ``fold(text)[start:end]`` comes from, accents, case and
    punctuation as written (white space collapsed); None if the positions cannot be mapped."""
    folded: list[str] = []
    origin: list[int] = []
    space = False
    for index, char in enumerate(text):
        decomposed = unicodedata.normalize("NFKD", char.casefold())
        raw = "".join(c for c in decomposed if not unicodedata.combining(c))
        if not raw.strip():
            space = space or bool(raw) or char.isspace()
            continue
        if (space or raw[0].isspace()) and folded:
            folded.append(" ")
            origin.append(index)
        piece = re.sub(r"\s+", " ", raw).strip()
        folded.extend(piece)
        origin.extend([index] * len(piece))
        space = raw[-1].isspace()
    if "".join(folded) != fold(text) or not 0 <= start < end <= len(origin):
        return None
    return " ".join(text[origin[start]:origin[end - 1] + 1].split())


def channels_for(ctx: Context, only: list[str] | None, fact: str | None) -> list[ChannelData]:
    """Readable channels among ``only`` (default all) that are expected to publish
    ``fact``; None skips that filter (phrases are not facts a channel lists)."""
    return [d for d in ctx.channels
            if (only is None or d.channel.id in only)
            and (fact is None or d.expects(fact)) and d.readable]
