"""What an observations file holds, as its YAML and CSV readers hand it over: the field
names, the :class:`Observation` a record becomes, the error that carries every problem, and
the raw records (text cells with their positions) the readers produce.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

from cohesion_cli.domain import Position
from cohesion_cli.rulebook.problems import Problem

FIELDS = ("who", "when", "where", "channel", "product", "quoted_price", "quoted_installments",
          "quoted_deadline", "quoted_policy", "notes", "attachments")
VISIT_FIELDS = ("type", "duration_minutes", "wait_minutes", "checklist", "score")
"""Fields of the visit itself (``channels.parsers.observations_visit``): what kind of
contact it was, how long it lasted and waited, and the questionnaire's answers."""
ALL_FIELDS = FIELDS + VISIT_FIELDS
"""Every field a record may have."""
ANSWER_FIELDS = ("checklist", "score")
"""Fields holding questionnaire answers: a mapping in YAML, ``item: answer; ...`` in CSV."""
STATEMENT_FIELDS = ("quoted_price", "quoted_installments", "quoted_deadline", "quoted_policy",
                    "notes")
_PORTUGUESE = {
    "quem": "who", "cliente": "who", "data": "when", "quando": "when", "hora": "when",
    "onde": "where", "local": "where", "endereco": "where", "endereço": "where",
    "canal": "channel", "produto": "product", "sku": "product", "preco": "quoted_price",
    "preço": "quoted_price", "price": "quoted_price", "parcelas": "quoted_installments",
    "parcelamento": "quoted_installments", "prazo": "quoted_deadline",
    "entrega": "quoted_deadline", "politica": "quoted_policy", "política": "quoted_policy",
    "troca": "quoted_policy", "obs": "notes", "observacoes": "notes",
    "observações": "notes", "anexos": "attachments", "fotos": "attachments",
    "tipo": "type", "duracao": "duration_minutes", "duração": "duration_minutes",
    "duration": "duration_minutes", "espera": "wait_minutes", "wait": "wait_minutes",
    "questionario": "checklist", "questionário": "checklist", "respostas": "checklist",
    "nota": "score", "notas": "notes",
}


@dataclass(frozen=True)
class Observation:
    """One phone call or store visit, as the mystery shopper recorded it."""

    index: int
    """1-based record number in the file."""
    line: int
    """Line of the file where the record starts."""
    who: str
    """The shopper."""
    when: datetime | None
    """When it happened (midnight for a date alone; aware only when an offset was written)."""
    where: str
    """Store, phone number or address."""
    channel: str
    """Free label of the touchpoint, e.g. "telefone"."""
    product: str | None
    """SKU the record is about, when given."""
    quoted_price: str
    """Price as said, e.g. "R$ 429,90"."""
    quoted_installments: str
    """Installments as said, e.g. "10x sem juros"."""
    quoted_deadline: str
    """Deadline as said, e.g. "entrega em 7 dias úteis"."""
    quoted_policy: str
    """Policy as said, e.g. "troca em até 15 dias"."""
    notes: str
    """Anything else the shopper heard or saw."""
    attachments: tuple[str, ...]
    """Photos, receipts, recordings: paths relative to the observations file."""
    type: str = "visit"
    """``call``, ``visit`` or ``chat``: written, or told by the ``channel`` label."""
    duration_minutes: float | None = None
    """How long the call or visit lasted, when written."""
    wait_minutes: float | None = None
    """How long the shopper waited to be attended, when written."""
    answers: tuple[tuple[str, str], ...] = ()
    """(questionnaire item id, answer as written) from ``checklist`` and ``score``."""

    def statements(self) -> list[tuple[str, str]]:
        """(field name, text) of the non-empty quoted_* fields and notes, for extraction."""
        return [(name, str(getattr(self, name))) for name in STATEMENT_FIELDS
                if getattr(self, name)]


class ObservationsError(Exception):
    """The observations file could not be read; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.render() for p in problems))
        self.problems = problems


@dataclass
class Cell:
    """One field of a record as written: text (a list only for YAML attachments, a
    mapping only for YAML answers)."""

    value: str | list[str] | dict[str, str]
    at: Position


@dataclass
class Record:
    """One record as read, before its values are checked."""

    index: int
    at: Position
    cells: dict[str, Cell]
    broken: bool = False
    """A field was already reported: skip the checks of the whole record."""


def unknown_field(name: str, at: Position, what: str) -> Problem:
    """An unknown field, column or key, with the field it most likely means."""
    close = _PORTUGUESE.get(name.lower()) or next(
        iter(difflib.get_close_matches(name.lower(), ALL_FIELDS, n=1, cutoff=0.6)), None)
    hint = f"did you mean '{close}'?" if close else f"fields: {', '.join(ALL_FIELDS)}"
    return Problem(at, f"unknown {what} '{name}'", hint)
