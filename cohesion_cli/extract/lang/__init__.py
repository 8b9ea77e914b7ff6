"""Which languages the text finders read for a channel's locale.

The locale is a BCP 47 tag as written in the rulebook ("pt-BR", "pt_PT", "en-US", "es"):

- ``pt-BR`` and ``pt`` read Brazilian Portuguese, ``pt-PT`` European Portuguese;
- ``en`` with any region reads English, ``es`` with any region Spanish;
- any other locale reads all of them together, so an unlisted language loses nothing that
  an explicit one would find (at the price of more false friends).

A language is data (see ``words``): the finders compile the words of a locale once and
keep the compiled patterns for the rest of the run.
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Literal

from cohesion_cli.extract.lang import en, es, pt
from cohesion_cli.extract.lang.words import Language

Part = Literal["days", "plans", "shipping", "offers"]
_INITIAL = re.compile(r"\[([^\]\\^-]+)\]|([^\W\d_])")
"""A word's first letter, or its first character class without ranges ('[úu]')."""

_BY_TAG: dict[str, tuple[Language, ...]] = {
    "pt-BR": (pt.BRAZIL,),
    "pt-PT": (pt.PORTUGAL,),
    "en": (en.ENGLISH,),
    "es": (es.SPANISH,),
    "*": (pt.BRAZIL, en.ENGLISH, es.SPANISH),
}


def tag(locale: str) -> str:
    """The key of ``locale``'s languages: 'pt-BR', 'pt-PT', 'en', 'es' or '*' (all)."""
    language, _, region = locale.replace("_", "-").partition("-")
    language = language.lower()
    if language == "pt":
        return "pt-PT" if region.upper().startswith("PT") else "pt-BR"
    return language if language in _BY_TAG else "*"


def fold(text: str) -> str:
    """``text`` in lower case, character for character (a character whose lower case is
    longer, such as "İ", stays as it is), so that positions in it are positions in
    ``text``. The words of every language are written in lower case: their patterns run on
    folded text without ``re.IGNORECASE``, several times faster."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def languages(key: str) -> tuple[Language, ...]:
    """The languages of a key returned by ``tag``."""
    return _BY_TAG[key]


def joined(key: str, part: Part) -> dict[str, str]:
    """Every field of ``part`` as one regular-expression alternation of the words of the
    languages of ``key`` (a pattern that never matches when none has any)."""
    parts = [getattr(language, part) for language in languages(key)]
    out = {}
    for field in fields(parts[0]):
        if field.type in ("bool", bool):
            continue
        words = dict.fromkeys(w for words in parts for w in getattr(words, field.name))
        out[field.name] = "|".join(words) if words else "(?!)"
    return out


def initials(key: str, part: Part, *names: str) -> str:
    """A lookahead for the first letters of the words in fields ``names`` ('(?=[fg])'): a
    scan of an alternation then skips every other position quickly. Empty for a single
    word (the regular-expression engine already searches for its first letters) or when a
    word starts otherwise."""
    words = {word for language in languages(key) for name in names
             for word in getattr(getattr(language, part), name)}
    letters: set[str] = set()
    for word in words:
        first = _INITIAL.match(word)
        if first is None:
            return ""
        letters.update(first.group(1) or first.group(2))
    return f"(?=[{''.join(sorted(letters))}])" if len(words) > 1 else ""
