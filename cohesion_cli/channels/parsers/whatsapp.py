"""Read a WhatsApp chat export ("Export chat" / "Exportar conversa", the ``.txt`` file).

This module is pure: text in, messages out. It never raises on any input and runs in
linear time: every line is tried once against anchored patterns of bounded length.

Accepted message headers (``D``/``M`` one or two digits, ``YY``/``YYYY`` the year)::

    Android   14/05/2025 09:12 - Ana Souza: Oi, tudo bem?
              14/05/2025, 09:12 - Ana Souza: ...     (also two spaces before the dash)
              14/05/25 09:12 - ...
              5/14/25, 9:12 AM - ...          (also "am", "a.m.", "p. m.", "vorm.", "nachm.")
              14/05/2025 à 09:12 - ...        (French), 14.5.2025 klo 9.12 - ... (Finnish)
              13. 6. 2018. 10:35 - ...        2017-7-12, 10:35:22 PM: ...   (": " or "; ")
    iOS       [14/05/2025, 09:12:33] Ana Souza: Oi
              [14/05/25 09:12:33] ...         [01/20/19 11:23] ...
              [5/14/25, 9:12:33 AM] ...
    both      2025-05-14 09:12 - ...          (a four-digit first field is year-month-day)

Dates may use ``/``, ``.`` or ``-`` (with a space after it); the space before AM/PM may be a
narrow no-break space (U+202F) or a no-break space, as newer Android and iOS versions write
it. Direction marks (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069, U+061C) and a byte-order
mark are ignored everywhere and removed from authors and texts.

Date order: ``day_first=None`` reads it from the file. If any header's first field is above
12 the file is day-first; otherwise, if any second field is above 12, it is month-first;
otherwise day-first, as pt-BR exports are. A line without a header continues the previous
message; lines before the first message are dropped. Trailing blank lines of a message are
dropped, blank lines inside it are kept.

Unplaced lines: a line that starts like a header (a date, a time, then a dash, colon,
semicolon or bracket) but whose date or time is impossible or whose shape is unknown is
never joined to the previous message: :func:`read_export` lists it in ``unplaced`` and
leaves it out, with the lines that continue it.

Authors: the text before the first ``": "`` after the header, when it looks like a name or a
phone number (``+55 11 98765-4321``). Messages without one are system messages
(``author=None``): "Messages and calls are end-to-end encrypted...", "Ana added Bruno", ...
iOS attributes system messages to the chat's name, i.e. possibly the brand. A text that
starts with WhatsApp's encryption or business-account notice, in any supported language, is
a system message; other system phrases (group created, added, removed, left, changed,
security code, disappearing messages, missed calls) count when the text starts with U+200E,
as iOS writes them. The words per language are in
:mod:`cohesion_cli.channels.parsers.whatsapp_words` (en, pt-BR, pt-PT, es, de, fr, it, nl).

Media: a message whose first line is a placeholder has ``media=True``: ``<Media omitted>``,
``<Mídia oculta>``, ``<Multimédia omitido>``, ``<Multimedia omitido>``,
``<Medien ausgeschlossen>``, ``<Médias omis>``, ``<Media omessi>``, ``<Media weggelaten>``,
``image omitted``, ``imagem ocultada``, ``Bild weggelassen``, ``afbeelding weggelaten``...,
``<attached: 00000012-PHOTO-2025-05-14.jpg>``, ``<anexado: ...>``, ``<Anhang: ...>``...,
``IMG-20250514-WA0003.jpg (file attached)``, ``(arquivo anexado)``, ``(Datei angehängt)``...,
``… document omitted``, ``… documento omitido``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from cohesion_cli.channels.parsers.whatsapp_words import (
    COURTESY,
    MEDIA,
    MEDIA_SUFFIXES,
    NOTICE,
    SYSTEM,
)

_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff"
_STRIP_MARKS = str.maketrans("", "", _MARKS)
_SP = "[ \u00a0\u202f\u2009]"
_DATE = rf"(\d{{1,4}})[/.\-]{_SP}?(\d{{1,2}})[/.\-]{_SP}?(\d{{1,4}})\.?"
_BETWEEN = rf"(?:,|{_SP}(?:à|klo))?{_SP}{{1,2}}"
_TIME = rf"{_BETWEEN}(\d{{1,2}})[:.](\d{{2}})(?:[:.](\d{{2}}))?"
_AMPM = rf"(?:{_SP}?([AaPp])\.?{_SP}?[Mm]\.?|{_SP}(vorm|nachm)\.)?"
_ANDROID = re.compile(rf"{_DATE}{_TIME}{_AMPM}(?:{_SP}{{1,2}}[-–]{_SP}|[:;]{_SP})")
_IOS = re.compile(rf"\[{_DATE}{_TIME}{_AMPM}\]{_SP}?")
_LOOSE = re.compile(
    r"\[?\d{1,4}[/.\-] ?\d{1,2}[/.\-] ?\d{1,4}\.?[^\d\n]{0,12}?\d{1,2}[:.]\d{2}"
    r"(?:[:.]\d{2})?[^\d\[\]\-–:;\n]{0,8}?[\]\-–:;]"
)
_BAD_AUTHOR = re.compile(r'["“”„«»‹›<>]')
_MAX_AUTHOR = 80


@dataclass(frozen=True)
class Message:
    """One message of a chat export."""

    when: datetime
    """Naive local time, as written in the export."""
    author: str | None
    """Name or phone number as written; None for system messages."""
    text: str
    """The text, lines joined with "\\n", without direction marks."""
    line: int
    """1-based line of the export where the message starts."""
    media: bool
    """True when the message is a media placeholder (image, audio, attached file...)."""


@dataclass(frozen=True)
class Reply:
    """A customer's first message of a run and the brand's first answer to it."""

    question: Message
    """First customer message of a run of customer messages."""
    answer: Message | None
    """The brand's first message after it; None if the brand never answered."""
    answers: tuple[Message, ...] = field(default=(), compare=False)
    """The brand's messages after it, up to the customer's next message (at most
    ``MAX_ANSWERS``): the first may be an automatic greeting, the next the human answer."""

    @property
    def minutes(self) -> float | None:
        """Minutes from question to answer; None when unanswered."""
        if self.answer is None:
            return None
        return (self.answer.when - self.question.when).total_seconds() / 60


@dataclass(frozen=True)
class Unplaced:
    """A line that starts like a message header but whose date or time cannot be read."""

    line: int
    """1-based line of the export."""
    text: str
    """The line without direction marks, cut to 80 characters."""


@dataclass(frozen=True)
class Export:
    """What an export holds: its messages and the lines that could not be placed."""

    messages: list[Message]
    """In file order."""
    unplaced: list[Unplaced]
    """Header-like lines left out (with the lines that continue them), in file order."""
    precise: bool = False
    """True when the headers' times have seconds (as iOS writes them)."""


def read_export(text: str, *, day_first: bool | None = None) -> Export:
    """Messages of a WhatsApp export and the lines that could not be placed; see the module
    docstring."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    heads = [_header(line) for line in lines]
    if day_first is None:
        day_first = _detect_day_first(heads)
    messages: list[Message] = []
    unplaced: list[Unplaced] = []
    start: tuple[int, datetime, str] | None = None
    body: list[str] = []
    for number, (line, head) in enumerate(zip(lines, heads, strict=True), start=1):
        when = _when(head, day_first) if head is not None else None
        if head is None or when is None:
            if head is not None or _looks_like_header(line):
                unplaced.append(Unplaced(number, line.translate(_STRIP_MARKS).strip()[:80]))
                if start is not None:
                    messages.append(_message(start, body))
                start, body = None, []
            elif start is not None:
                body.append(line.translate(_STRIP_MARKS))
            continue
        if start is not None:
            messages.append(_message(start, body))
        start, body = (number, when, line.lstrip(_MARKS + " ")[head.end():]), []
    if start is not None:
        messages.append(_message(start, body))
    return Export(messages, unplaced, any(h is not None and h[6] is not None for h in heads))


def parse_export(text: str, *, day_first: bool | None = None) -> list[Message]:
    """The messages of :func:`read_export`, for callers that do not report unplaced lines."""
    return read_export(text, day_first=day_first).messages


MAX_ANSWERS = 3
"""Brand messages kept per question in :attr:`Reply.answers`."""


def first_responses(messages: list[Message], brand: set[str], *,
                    awaits: Callable[[Message], bool] | None = None) -> list[Reply]:
    """Each run of customer messages paired with the brand's first answer after it.

    ``brand`` holds the names that speak for the brand, compared case-insensitively and
    ignoring surrounding spaces and direction marks. System messages are ignored. With
    ``awaits`` (such as :func:`awaits_answer`), a run starts only at a customer message
    that awaits an answer: a "thanks" or an "ok" after the brand's answer is no question.
    """
    names = {_name_key(name) for name in brand}
    replies: list[Reply] = []
    pending: Message | None = None
    answers: list[Message] = []

    def close() -> None:
        if pending is not None:
            replies.append(Reply(pending, answers[0] if answers else None, tuple(answers)))

    for message in messages:
        if message.author is None:
            continue
        if _name_key(message.author) in names:
            if pending is not None and len(answers) < MAX_ANSWERS:
                answers.append(message)
        elif (pending is None or answers) and (awaits is None or awaits(message)):
            close()
            pending, answers = message, []
    close()
    return replies


def awaits_answer(message: Message) -> bool:
    """Whether a customer's message awaits an answer: not when it is only thanks, an "ok",
    a goodbye or emoji (a name after them is allowed: "Obrigada, Carla!"), in any language
    of :data:`~cohesion_cli.channels.parsers.whatsapp_words.COURTESY`; a question mark or
    media always awaits one."""
    text = message.text
    if message.media or "?" in text or len(text) > 200:
        return True
    rest = re.findall(r"\w+", COURTESY.sub(" ", text))
    named = len(rest) == 1 and rest[0][0].isupper() and COURTESY.match(
        re.sub(r"^\W+", "", text)) is not None
    return bool(rest) and not named


def _name_key(name: str) -> str:
    return name.translate(_STRIP_MARKS).strip().casefold()


def _header(line: str) -> re.Match[str] | None:
    stripped = line.lstrip(_MARKS + " ")
    if not stripped[:1].isdigit() and not stripped.startswith("["):
        return None
    pattern = _IOS if stripped.startswith("[") else _ANDROID
    return pattern.match(stripped)


def _looks_like_header(line: str) -> bool:
    stripped = line.lstrip(_MARKS + " ")
    return (stripped[:1].isdigit() or stripped.startswith("[")) \
        and _LOOSE.match(stripped) is not None


def _detect_day_first(heads: list[re.Match[str] | None]) -> bool:
    month_first = False
    for head in heads:
        if head is None or len(head[1]) > 2:
            continue
        if int(head[1]) > 12:
            return True
        if int(head[2]) > 12:
            month_first = True
    return not month_first


def _when(head: re.Match[str], day_first: bool) -> datetime | None:
    first, second, third = head[1], head[2], head[3]
    if len(first) == 4:
        if len(third) > 2:
            return None
        year, month, day = int(first), int(second), int(third)
    elif len(first) > 2 or len(third) not in (2, 4):
        return None
    else:
        year = int(third) + (2000 if len(third) == 2 else 0)
        day, month = (int(first), int(second)) if day_first else (int(second), int(first))
    hour = int(head[4])
    meridiem = head[7] or head[8]
    if meridiem is not None:
        if hour > 12:
            return None
        hour = hour % 12 + (12 if meridiem[0] in "Ppn" else 0)
    seconds = int(head[6]) if head[6] is not None else 0
    try:
        return datetime(year, month, day, hour, int(head[5]), seconds)
    except ValueError:
        return None


def _message(start: tuple[int, datetime, str], body: list[str]) -> Message:
    number, when, rest = start
    author: str | None = None
    first = rest
    cut = rest.find(": ")
    if cut < 0 and rest.rstrip().endswith(":"):
        cut = len(rest.rstrip()) - 1
    if cut >= 0:
        candidate = rest[:cut].translate(_STRIP_MARKS).strip()
        if 0 < len(candidate) <= _MAX_AUTHOR and not _BAD_AUTHOR.search(candidate):
            author, first = candidate, rest[cut + 2:]
    marked = (first.lstrip(" ") or "x")[0] in _MARKS
    first = first.translate(_STRIP_MARKS)
    media = _is_media(first.strip())
    if author is not None and not media and (
            NOTICE.match(first.strip()) or (marked and SYSTEM.search(first))):
        author = None
    full = "\n".join([first, *body]).strip()
    return Message(when, author, full, number, media)


def _is_media(line: str) -> bool:
    if len(line) > 300:
        return False
    return MEDIA.fullmatch(line) is not None or line.lower().endswith(MEDIA_SUFFIXES)
