"""The value a mystery-shopper record gives besides what was said in it: the contact itself
(a call, a store visit or a chat) with its place, shopper, time, wait, duration,
questionnaire answers and attachments. One of the fact values of :mod:`cohesion_cli.domain`
(re-exported there); kept apart so that module stays small.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Attachment:
    """A file a mystery shopper filed with a record (photo, recording, receipt)."""

    path: str
    """As written in the record: relative to the observations file."""
    problem: str = ""
    """Why the file cannot be shown (not found, outside the folder...); empty when it can."""


@dataclass(frozen=True)
class Visit:
    """One mystery-shopper contact (a call, a store visit or a chat) as its record tells it:
    where, who, when, how long, and the questionnaire's answers."""

    type: str
    """``call``, ``visit`` or ``chat``."""
    where: str
    """The store, phone line or address; the channel label when no place was written."""
    who: str
    """The shopper."""
    when: str
    """ISO 8601 date and time of the contact; empty when not written."""
    wait_minutes: float | None = None
    duration_minutes: float | None = None
    answers: tuple[tuple[str, str], ...] = ()
    """(questionnaire item id, answer as written)."""
    attachments: tuple[Attachment, ...] = ()

    def show(self) -> str:
        return " · ".join(p for p in (self.where, self.when.replace("T", " ")[:16], self.who)
                          if p)
