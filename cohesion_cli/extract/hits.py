"""A value found in text, with its character span."""

from __future__ import annotations

from dataclasses import dataclass

from cohesion_cli.domain import Value


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    value: Value


def non_overlapping(hits: list[Hit]) -> list[Hit]:
    """Leftmost-longest hits, dropping any that overlap one already kept."""
    out: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if out and hit.start < out[-1].end:
            continue
        out.append(hit)
    return out
