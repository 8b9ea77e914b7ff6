"""The fields of an observation record about the contact itself, as opposed to what was
said in it (the format is documented in :mod:`cohesion_cli.channels.parsers.observations`):

``type``              ``call``, ``visit`` or ``chat`` (also ``ligação``, ``visita``...); when
                      left out, told by the ``channel`` label (``telefone``, ``SAC`` -> call;
                      ``chat``, ``WhatsApp`` -> chat; anything else -> visit)
``duration_minutes``  how long the call or visit lasted, in minutes (``12`` or ``12,5``)
``wait_minutes``      how long the shopper waited to be attended, in minutes
``checklist``         answers to the rulebook's questionnaire: ``item: sim`` / ``não`` or
                      the phrase heard; a mapping in YAML, ``item: answer; item: answer``
                      in CSV
``score``             answers to the questionnaire's scale items (``item: 4``), same form
"""

from __future__ import annotations

import re
import unicodedata

from cohesion_cli.channels.parsers.observations_records import ANSWER_FIELDS, Record
from cohesion_cli.rulebook.problems import Problem

TYPES = ("call", "visit", "chat")
_TYPE_WORDS = {
    "call": ("call", "phone", "telefone", "telefonema", "ligacao", "sac", "0800", "central",
             "telefono", "llamada"),
    "chat": ("chat", "whatsapp", "mensagem", "messenger", "e-mail", "email"),
    "visit": ("visit", "visita", "loja", "store", "shop", "quiosque", "tienda"),
}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
MINUTES_HINT = "write the minutes as a number, e.g. 'wait_minutes: 7' or '7,5'"
ANSWERS_HINT = "write 'item: answer' pairs, e.g. 'saudacao: sim; cordialidade: 4'"


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def contact_type(written: str, channel: str) -> str | None:
    """The contact type a record names (``type``, else its ``channel`` label); None when
    ``type`` is written but is not a known type."""
    if written:
        words = set(re.findall(r"[\w-]+", _plain(written)))
        return next((t for t, names in _TYPE_WORDS.items() if words & set(names)), None)
    words = set(re.findall(r"[\w-]+", _plain(channel)))
    return next((t for t in ("call", "chat") if words & set(_TYPE_WORDS[t])), "visit")


def minutes(text: str) -> float | None:
    """``12``, ``12,5`` or ``12.5 min`` as minutes; None when it is not a number."""
    bare = re.sub(r"\s*(min|minutos|minutes|m)\.?$", "", text.strip(), flags=re.I)
    match = _NUMBER.fullmatch(bare)
    return float(match.group().replace(",", ".")) if match else None


def answers_of(record: Record, problems: list[Problem]) -> tuple[tuple[str, str], ...]:
    """(item, answer) of the ``checklist`` and ``score`` fields, in the order written; an
    item answered twice, a pair without ':' or a score that is no number is a problem."""
    out: dict[str, str] = {}
    for field in ANSWER_FIELDS:
        cell = record.cells.get(field)
        if cell is None:
            continue
        if isinstance(cell.value, dict):
            pairs = list(cell.value.items())
        elif isinstance(cell.value, str):
            pairs = []
            for part in (p.strip() for p in cell.value.split(";")):
                item, colon, answer = part.partition(":")
                if not part:
                    continue
                if not colon or not item.strip():
                    problems.append(Problem(cell.at, f"'{field}': {part!r} is not 'item: answer'",
                                            ANSWERS_HINT))
                    continue
                pairs.append((item.strip(), answer.strip()))
        else:
            problems.append(Problem(cell.at, f"'{field}' must be 'item: answer' pairs",
                                    ANSWERS_HINT))
            continue
        for item, answer in pairs:
            if item in out:
                problems.append(Problem(cell.at, f"'{field}': item '{item}' is answered twice",
                                        "answer each questionnaire item once per record"))
            elif field == "score" and answer and minutes(answer) is None:
                problems.append(Problem(cell.at, f"'score': the answer to '{item}' is "
                                        f"{answer!r}, not a number",
                                        "write e.g. 'cordialidade: 4'"))
            else:
                out[item] = answer.strip()
    return tuple(out.items())


def visit_problems(record: Record, texts: dict[str, str], problems: list[Problem]) -> None:
    """Add the problems of the ``type`` and ``*_minutes`` fields of ``record``."""
    if texts["type"] and contact_type(texts["type"], "") is None:
        problems.append(Problem(record.cells["type"].at,
                                f"'type': {texts['type']!r} is not a contact type",
                                f"write one of {', '.join(TYPES)}"))
    for name in ("duration_minutes", "wait_minutes"):
        if texts[name] and minutes(texts[name]) is None:
            problems.append(Problem(record.cells[name].at,
                                    f"'{name}': {texts[name]!r} is not a number of minutes",
                                    MINUTES_HINT))
