"""The mystery-shopper section shared by the human reports (markdown, html): each call,
store visit and chat with its place, shopper, date, wait, duration, questionnaire score
and attachments, then the average score per store and per channel, with the labels of the
catalogue's ``visits`` block (``output/templates/texts.json``) in the report's language.

Attachments are linked by their path relative to the rulebook's folder (save the report
there and the links open). The html report shows images as thumbnails embedded in the page
(it loads nothing): PNG, JPEG, GIF or WebP files up to ``THUMBNAIL_BYTES``, read only
inside the observations file's folder.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from babel.numbers import format_decimal

from cohesion_cli.output.locale import babel_locale
from cohesion_cli.output.texts import Texts, contact_when
from cohesion_cli.triage.report import Report
from cohesion_cli.userfiles import UserFileError, read_bytes
from cohesion_cli.visitscores import VisitScore, by_channel, by_store

THUMBNAIL_BYTES = 512 * 1024
"""Largest image embedded as a thumbnail; larger ones are only linked."""
_IMAGES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
           (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"))

def labels(lang: str) -> dict[str, str]:
    """The section's labels in ``lang`` (the catalogue's ``visits`` block)."""
    return dict(Texts(lang, {}).block("visits"))


@dataclass(frozen=True)
class FileView:
    path: str
    """As the record names it."""
    href: str
    """Relative to the rulebook's folder; empty when the file cannot be shown."""
    problem: str
    thumbnail: str = ""
    """``data:`` URI of an image small enough to embed; empty otherwise."""


@dataclass(frozen=True)
class VisitRow:
    visit: VisitScore
    when: str
    type: str
    wait: str
    late: str
    """Why the wait is too long; empty when it is not (or not judged)."""
    duration: str
    score: str
    below: bool
    notes: list[str]
    files: list[FileView]


@dataclass(frozen=True)
class StoreRow:
    channel: str
    store: str
    contacts: int
    average: str


@dataclass(frozen=True)
class Section:
    labels: dict[str, str]
    intro: str
    rows: list[VisitRow]
    stores: list[StoreRow]
    channels: list[tuple[str, str]]
    """(channel id, average score)."""


def section(report: Report, lang: str, *, thumbnails: bool = False) -> Section | None:
    """The section for ``report`` in ``lang``; None when the run has no contacts."""
    if not report.visits:
        return None
    words = labels(lang)
    base = Path(report.rulebook).parent
    threshold = next((v.threshold for v in report.visits if v.threshold is not None), None)
    intro = words["intro"].format(threshold=threshold) if threshold is not None \
        else words["intro_plain"]
    rows = [_row(v, words, lang, base, thumbnails) for v in report.visits]
    counts: dict[tuple[str, str], int] = {}
    for v in report.visits:
        counts[(v.channel, v.visit.where)] = counts.get((v.channel, v.visit.where), 0) + 1
    stores = [StoreRow(channel, store, counts[(channel, store)], _score(avg, words))
              for (channel, store), avg in by_store(report.visits).items()]
    channels = [(c, _score(avg, words)) for c, avg in by_channel(report.visits).items()]
    return Section(words, intro, rows, stores, channels)


def _row(v: VisitScore, words: dict[str, str], lang: str, base: Path,
         thumbnails: bool) -> VisitRow:
    score = v.score
    notes = [f"{i.id}: {i.answer}" for i in v.failed]
    notes += [f"{i.id}: {words['unanswered']}" for i in v.unanswered]
    folder = base / Path(v.evidence.source).parent  # a source may be engagement-relative
    files = [_file(folder / a.path, a.path, _problem(a.problem, words), base, thumbnails)
             for a in v.visit.attachments]
    return VisitRow(v, contact_when(v.visit.when, lang), words.get(v.visit.type, v.visit.type),
                    _number(v.visit.wait_minutes, lang),
                    words["late"].format(limit=_number(v.wait_limit, lang)) if v.late else "",
                    _number(v.visit.duration_minutes, lang), _score(score, words),
                    score is not None and v.threshold is not None and score < v.threshold,
                    notes, files)


def _problem(problem: str, words: dict[str, str]) -> str:
    """An attachment's problem (``domain.Attachment.problem``) in the report's language."""
    if not problem:
        return ""
    key = "outside" if problem.startswith("outside") else problem.replace(" ", "_")
    return words.get(key, problem)


def _file(path: Path, written: str, problem: str, base: Path, thumbnails: bool) -> FileView:
    if problem:
        return FileView(written, "", problem)
    # percent-encoded: a name with ':' ('javascript:...'), '#' or '?' stays a relative path
    href = quote(Path(os.path.relpath(path, base)).as_posix())
    return FileView(written, href, "", thumbnail(path) if thumbnails else "")


def thumbnail(path: Path) -> str:
    """A ``data:`` URI of the image at ``path`` when it is a small PNG, JPEG, GIF or WebP
    inside its own folder; empty otherwise (never an error)."""
    real = os.path.realpath(path)
    if not real.startswith(os.path.realpath(path.parent) + os.sep):  # a link leading away
        return ""
    try:
        data = read_bytes(path, "attachment", limit=THUMBNAIL_BYTES)
    except UserFileError:
        return ""
    kind = next((k for magic, k in _IMAGES if data.startswith(magic)), None)
    if kind is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        kind = "image/webp"
    if kind is None:
        return ""
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def subject_text(subject: str, lang: str) -> str | None:
    """How a contact's subject (``visit:<place> <date time>``, ``call:`` / ``chat:``) reads
    in ``lang``, e.g. "visita à loja: Loja Paulista, 14/05/2025 15:30"; None for others."""
    return Texts(lang, {}).contact(subject)


def _number(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    return format_decimal(value, locale=babel_locale(lang))


def _score(score: int | None, words: dict[str, str]) -> str:
    return words["na"] if score is None else str(score)
