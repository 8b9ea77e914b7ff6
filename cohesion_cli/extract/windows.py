"""Run a text finder only around the places where its kind of fact can be.

Product pages carry tens of kilobytes of text; the finders' patterns are costly to try at
every position. A cheap trigger pattern (a digit followed by "x", the word "grátis"...)
marks where a fact can start; the finder then runs on merged windows around the
triggers and its spans are shifted back to the whole text (``scan``), or a pattern is
tried only where its first words are (``anchored``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from cohesion_cli.extract.budget import check
from cohesion_cli.extract.hits import Hit


def spans(text: str, trigger: re.Pattern[str], radius: int) -> list[tuple[int, int]]:
    """Merged (start, end) windows of ``radius`` characters around each trigger match."""
    merged: list[tuple[int, int]] = []
    for match in trigger.finditer(text):
        start, end = max(0, match.start() - radius), min(len(text), match.end() + radius)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def scan(text: str, trigger: re.Pattern[str], radius: int,
         finder: Callable[[str], list[Hit]]) -> list[Hit]:
    """``finder`` applied to the windows around ``trigger``, spans in ``text`` terms."""
    hits: list[Hit] = []
    for start, end in spans(text, trigger, radius):
        check()
        hits += [replace(h, start=h.start + start, end=h.end + start)
                 for h in finder(text[start:end])]
    return hits


def anchored(pattern: re.Pattern[str], lead: re.Pattern[str], text: str, folded: str
             ) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, ``pattern`` tried only where ``lead`` matches
    in ``folded`` (``text`` in lower case, ``lang.fold``). ``lead`` is a lookahead for the
    words every match starts with, so that it matches at each such position; a
    case-sensitive lead on folded text is far cheaper than ``pattern`` at every position."""
    end = 0
    for start in lead.finditer(folded):
        if start.start() < end:
            continue
        match = pattern.match(text, start.start())
        if match is not None:
            check()
            end = max(match.end(), match.start() + 1)
            yield match
