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


def channels_for(ctx: Context, only: list[str] | None, fact: str | None) -> list[ChannelData]:
    """Readable channels among ``only`` (default all) that are expected to publish
    ``fact``; None skips that filter (phrases are not facts a channel lists)."""
    return [d for d in ctx.channels
            if (only is None or d.channel.id in only)
            and (fact is None or d.expects(fact)) and d.readable]
