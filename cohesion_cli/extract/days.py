"""Delivery deadlines and return windows in text, in the channel's language.

A number of days is a deadline or a return window depending on the nearest keyword on
its line: delivery words ("entrega", "receba", "prazo", "delivery", "arrives", "envío")
or return words ("troca", "devolução", "returns", "devoluciones"). The legal right of
withdrawal ("7 dias para desistir da compra", CDC art. 49; "livre resolução";
"desistimiento") is a return window marked ``withdrawal``: it is not the store's own
exchange window. Warranties and defect claims, refunds ("estorno", "reembolso"), payment
terms, customer-service response times, offer expiry ("sale ends in 48 hours"),
assembly, dispatch/handling time ("enviamos em 1 dia útil", "ships within") and deadlines
to report damage are not read as either. A span whose unit names the kind of days ("dias
úteis", "business days", "días hábiles", "dias corridos") with no keyword at all is a
deadline; so is a number of hours standing alone ("48h" as a badge). Ranges read "3 a 5",
"3-5", "3 to 5" and "24/48 h".

Never read as either: opening hours ("das 9h às 18h", "Seg a Sex 9h–18h", "de lunes a
viernes de 9 a 18 h"), frequencies ("7 dias por semana", "7 days a week", "24/7"),
durations in descriptions ("keeps drinks cold for 24 hours") and a customer's own past
("chegou em 3 dias", "returned it after 30 days", "lo devolví a los 15 días"): an
experience is not a promise. The words of each language are in ``extract.lang``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from cohesion_cli.domain import Deadline, ReturnWindow
from cohesion_cli.extract import lang
from cohesion_cli.extract.budget import check
from cohesion_cli.extract.hits import Hit

_CLAUSE_BREAK = re.compile(r"[,;.!?]\s")


@dataclass(frozen=True)
class _Patterns:
    span: re.Pattern[str]
    topics: tuple[tuple[str, re.Pattern[str]], ...]
    """(topic, keywords): 'experience' first, so that it wins a tie."""
    frequency: re.Pattern[str]
    clock_before: re.Pattern[str]
    clock_after: re.Pattern[str]
    opening_hours: re.Pattern[str]
    next_day: re.Pattern[str]


@cache
def _patterns(key: str) -> _Patterns:
    w = lang.joined(key, "days")

    def compiled(pattern: str) -> re.Pattern[str]:
        return re.compile(pattern, re.IGNORECASE)

    unit = (rf"(?P<business>{w['business']})|(?P<calendar>{w['calendar']})"
            rf"|(?P<plain>{w['plain']})|(?P<hours>{w['hours']})\b")
    not_after = "".join(dict.fromkeys(f"(?<!{word})" for language in lang.languages(key)
                                      for word in language.days.not_delivery_after))
    weekdays = w["weekdays"]
    return _Patterns(
        span=compiled(
            rf"(?=\d)(?<![\d.,])(?:(?P<min>\d{{1,3}})\s*(?:{w['range']})\s*)?(?P<max>\d{{1,3}})"
            rf"(?:\s*\([^\W\d_]+\))?(?:\s*|-)(?:{unit})"),
        topics=tuple((topic, compiled(pattern)) for topic, pattern in (
            ("experience", w["experience"]),
            ("delivery", f"{not_after}(?:{w['delivery']})"),
            ("return", w["returns"]),
            ("withdrawal", w["withdrawal"]),
            ("ignore", w["ignore"]),
        )),
        frequency=compiled(rf"\s*(?:{w['frequency']})"),
        clock_before=compiled(rf"(?:{w['clock_before']})\s*$"),
        clock_after=compiled(rf"\s*(?:{w['clock_after']})\s*\d"),
        opening_hours=compiled(
            rf"\b(?:{weekdays})[^\w\n]*(?:(?:a|à|e|y|to|and)[^\w\n]+(?:{weekdays})[^\w\n]*)?"
            rf"(?:(?:d[aeo]s?|from|desde)\s+)?(?:\d{{1,2}}(?:[:h]\d\d)?\s*h?\s*"
            rf"(?:-|–|a|à|às|as|to|y|e)\s*)?$"),
        next_day=compiled(rf"{lang.initials(key, 'days', 'next_business_day', 'next_day')}"
                          rf"(?:(?P<business>{w['next_business_day']})|{w['next_day']})"),
    )


def _nearest(patterns: _Patterns, text: str, start: int, end: int) -> str | None:
    """Topic of the nearest keyword on the same line; a keyword after the number, or
    across a clause break (", ", ". "), counts as farther."""
    line_start = max(text.rfind("\n", max(0, start - 80), start) + 1, start - 80)
    line_end = text.find("\n", end, end + 50)
    line_end = line_end if line_end >= 0 else min(len(text), end + 50)
    best: tuple[int, str] | None = None
    for topic, regex in patterns.topics:
        for m in regex.finditer(text, line_start, line_end):
            if start <= m.start() < end:
                continue
            distance = start - m.end() if m.end() <= start else m.start() - end + 10
            between = text[m.end():start] if m.end() <= start else text[end:m.start()]
            if _CLAUSE_BREAK.search(between):
                distance += 20
            if best is None or distance < best[0]:
                best = (distance, topic)
    return best[1] if best else None


def _clock_time(patterns: _Patterns, text: str, m: re.Match[str]) -> bool:
    """'das 9h às 18h', 'from 9h to 18h', 'Seg a Sex 9h–18h': opening hours, not a
    number of hours."""
    before = text[max(0, m.start() - 12):m.start()]
    line = text[max(text.rfind("\n", max(0, m.start() - 60), m.start()) + 1,
                    m.start() - 60):m.start()]
    return bool(patterns.clock_before.search(before)
                or patterns.clock_after.match(text, m.end(), m.end() + 10)
                or patterns.opening_hours.search(line))


def _alone_on_line(text: str, m: re.Match[str]) -> bool:
    """A badge such as '48h' or '72 horas': whole days of hours, at most three words on
    the line."""
    if int(m.group("max")) % 24:
        return False
    start = text.rfind("\n", max(0, m.start() - 40), m.start())
    end = text.find("\n", m.end(), m.end() + 40)
    if (start < 0 and m.start() > 40) or (end < 0 and len(text) - m.end() > 40):
        return False  # the line is long: not a badge
    line = text[start + 1:end if end >= 0 else len(text)]
    return len(line.split()) <= 3


def _business(m: re.Match[str]) -> bool | None:
    if m.group("business"):
        return True
    return False if m.group("calendar") else None


def find_days(text: str, *, locale: str = "pt-BR") -> tuple[list[Hit], list[Hit]]:
    """(deadlines, return windows) found in ``text``, read in ``locale``'s language."""
    patterns = _patterns(lang.tag(locale))
    deadlines: list[Hit] = []
    returns: list[Hit] = []
    for m in patterns.span.finditer(text):
        check()
        hours = m.group("hours") is not None
        high = int(m.group("max"))
        low = int(m.group("min")) if m.group("min") else None
        if ((low is not None and low > high) or patterns.frequency.match(text, m.end())
                or (hours and _clock_time(patterns, text, m))):
            continue
        topic = _nearest(patterns, text, m.start(), m.end())
        if hours:
            high = math.ceil(high / 24)
            low = math.ceil(low / 24) if low is not None else None
        business = None if hours else _business(m)
        qualified = _alone_on_line(text, m) if hours else business is not None
        if topic == "delivery" or (topic is None and qualified):
            deadlines.append(Hit(m.start(), m.end(), Deadline(low, high, business)))
        elif topic in ("return", "withdrawal") and not hours:
            returns.append(Hit(m.start(), m.end(),
                               ReturnWindow(high, withdrawal=topic == "withdrawal")))
    for m in patterns.next_day.finditer(text):
        check()
        if _nearest(patterns, text, m.start(), m.end()) in ("delivery", None):
            business = True if m.group("business") else None
            deadlines.append(Hit(m.start(), m.end(), Deadline(None, 1, business)))
    return deadlines, returns
