"""Delivery deadlines and return windows in pt-BR and English text.

A number of days is a deadline or a return window depending on the nearest keyword on
its line: delivery words ("entrega", "receba", "chega", "prazo", "delivery", "arrives")
or return words ("troca", "devolução", "returns", "money-back"). The legal right of
withdrawal ("7 dias para desistir da compra", "direito de arrependimento", CDC art. 49)
is a return window marked ``withdrawal``: it is not the store's own exchange window.
Warranties and defect claims, refund and bank processing ("estorno"), payment terms,
customer-service response times, offer expiry ("sale ends in 48 hours"), assembly,
dispatch/handling time ("enviamos em 1 dia útil", "ships within", "postar o produto")
and deadlines to report damage are not read as either. A span whose unit names the
kind of days ("dias úteis", "business days", "dias corridos") with no keyword at all is a
deadline; so is a number of hours standing alone ("48h" as a badge). Opening hours ("das
9h às 18h") and durations in descriptions ("keeps drinks cold for 24 hours") are not.
"""

from __future__ import annotations

import math
import re

from cohesion_cli.domain import Deadline, ReturnWindow
from cohesion_cli.extract.hits import Hit

_DELIVERY_WORDS = re.compile(
    r"(?<!partir d[oa] )(?<!após o )(?<!após a )(?<!depois d[oa] )(?<!after )(?<!of )"
    r"(?:entreg|receb|receba|chega|frete|prazo|delivery|deliver|arriv|transit|get\s+it"
    r"|shipping\b|expect\s+(?:your|it))",
    re.IGNORECASE,
)
_RETURN_WORDS = re.compile(
    r"troca|troqu|devolu|devolv|return|exchange|money[- ]back|send\s+(?:it|them)\s+back"
    r"|changed\s+your\s+mind|mudou\s+de\s+ideia",
    re.IGNORECASE,
)
_WITHDRAWAL_WORDS = re.compile(
    r"desist|arrepend|withdraw|cancel\w*\s+(?:the|your)\s+(?:purchase|order)|\bcdc\b"
    r"|art\.\s*49",
    re.IGNORECASE,
)
_IGNORE_WORDS = re.compile(
    r"garantia|warranty|(?<!money-back )(?<!money back )guarantee|parcel|pix|boleto"
    r"|estorno|reembols|refund|envi[ao]|enviamos|enviad|despach|postar|postagem|poste\b"
    r"|dispatch|handling|process|ships\b|shipped|montagem|assembl|instala|reclam|claim"
    r"|defeit|defect|v[íi]cio|bank|banco|credit|cr[ée]dito|report|notify|comunique|avise"
    r"|atendimento|respond|resposta|suporte|support|repl(?:y|ies)|answer|\bsac\b"
    r"|termina|acaba|expira|\bends?\b|v[áa]lid|promo|pagamento|payment|retir|pick\s*up",
    re.IGNORECASE,
)
_UNIT = (
    r"(?P<unit>dias?\s+[úu]teis|dia\s+[úu]til|dias?\s+corridos?|(?:business|working)\s+days?"
    r"|calendar\s+days?|dias?|days?)"
)
_NUMBER_WORD = r"(?:\s*\([a-zç]+\))?"
_SPAN_RE = re.compile(
    rf"(?<![\d.,])(?:(?P<min>\d{{1,3}})\s*(?:a|-|–|até|to|e|or|ou)\s*)?(?P<max>\d{{1,3}})"
    rf"{_NUMBER_WORD}(?:\s*|-)(?:{_UNIT}|(?P<hours>h|hs|hrs?|horas|hours)\b)",
    re.IGNORECASE,
)
_CLOCK_BEFORE = re.compile(r"(?:\bd[ao]s|\b[àa]s|\bat|\bfrom|\buntil|\btill)\s*$", re.I)
_CLOCK_AFTER = re.compile(r"^\s*(?:[àa]s|to|-|–)\s*\d", re.I)
_NEXT_DAY_RE = re.compile(
    r"next[- ]business[- ]day|pr[óo]ximo\s+dia\s+[úu]til|next[- ]day", re.IGNORECASE
)


def _nearest(text: str, start: int, end: int) -> str | None:
    """Topic ('delivery', 'return', 'ignore') of the nearest keyword on the same line;
    a keyword after the number, or across a clause break (", ", ". "), counts as farther."""
    line_start = max(text.rfind("\n", 0, start) + 1, start - 80)
    line_end = text.find("\n", end)
    line_end = min(line_end if line_end >= 0 else len(text), end + 50)
    best: tuple[int, str] | None = None
    for topic, regex in (("delivery", _DELIVERY_WORDS), ("return", _RETURN_WORDS),
                         ("withdrawal", _WITHDRAWAL_WORDS), ("ignore", _IGNORE_WORDS)):
        for m in regex.finditer(text, line_start, line_end):
            if start <= m.start() < end:
                continue
            distance = start - m.end() if m.end() <= start else m.start() - end + 10
            between = text[m.end():start] if m.end() <= start else text[end:m.start()]
            if re.search(r"[,;.!?]\s", between):
                distance += 20
            if best is None or distance < best[0]:
                best = (distance, topic)
    return best[1] if best else None


def _business(unit: str | None) -> bool | None:
    low = (unit or "").lower()
    if "út" in low or "ute" in low or "uti" in low or "business" in low or "working" in low:
        return True
    if "corrid" in low or "calendar" in low:
        return False
    return None


def _clock_time(text: str, m: re.Match[str]) -> bool:
    """'das 9h às 18h', 'from 9h to 18h': opening hours, not a number of hours."""
    before = text[max(0, m.start() - 8):m.start()]
    return bool(_CLOCK_BEFORE.search(before) or _CLOCK_AFTER.match(text[m.end():m.end() + 8]))


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


def find_days(text: str) -> tuple[list[Hit], list[Hit]]:
    """(deadlines, return windows) found in ``text``."""
    deadlines: list[Hit] = []
    returns: list[Hit] = []
    for m in _SPAN_RE.finditer(text):
        if m.group("hours") and _clock_time(text, m):
            continue
        topic = _nearest(text, m.start(), m.end())
        high = int(m.group("max"))
        low = int(m.group("min")) if m.group("min") else None
        unit = None if m.group("hours") else m.group("unit")
        if m.group("hours"):
            high = math.ceil(high / 24)
            low = math.ceil(low / 24) if low is not None else None
        qualified = (_business(unit) is not None if not m.group("hours")
                     else _alone_on_line(text, m))
        if topic == "delivery" or (topic is None and qualified):
            deadlines.append(Hit(m.start(), m.end(), Deadline(low, high, _business(unit))))
        elif topic in ("return", "withdrawal") and not m.group("hours"):
            returns.append(Hit(m.start(), m.end(),
                               ReturnWindow(high, withdrawal=topic == "withdrawal")))
    for m in _NEXT_DAY_RE.finditer(text):
        if _nearest(text, m.start(), m.end()) in ("delivery", None):
            business = True if re.search(r"business|[úu]til", m.group(0), re.I) else None
            deadlines.append(Hit(m.start(), m.end(), Deadline(None, 1, business)))
    return deadlines, returns
