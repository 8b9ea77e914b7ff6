"""The one translation catalogue of the human formats (table, html, markdown): the labels
in ``templates/texts.json`` and the words each rule brings in its descriptor
(``Report.rules``). The markdown report's own wording is the ``markdown`` section of each
language, a namespace of its own (lower-case severities and outcomes for table cells, for
instance), the terminal table's is ``table``; a key missing there is an error, not a fall
back to the html labels. The ``values`` section holds the sentences and units of the
values checks report (``output/locale.py`` writes them with Babel); ``visits`` the labels of
the mystery-shopper section (``output/visits.py``) and of contacts (``Texts.contact``).

pt-PT is written as its differences from pt-BR (``"_base": "pt-BR"``): a key pt-PT does not
change reads the pt-BR text, and rules without pt-PT words read their pt-BR ones."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from importlib import resources
from typing import Any

from cohesion_cli.domain import Outcome, Result, Severity
from cohesion_cli.message import Msg
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.output.locale import Writer, babel_locale, catalogue_language
from cohesion_cli.ruleinfo import RuleInfo
from cohesion_cli.triage.report import Report
from cohesion_cli.triage.tracking import Changes


def report_language(report: Report, options: RenderOptions) -> str:
    """The language of a run's human output: ``--lang``, else the rulebook's locale."""
    return options.lang or report.locale or "en"


def contact_when(stamp: str, lang: str) -> str:
    """A contact's ISO date and time as its record tells it: "14/05/2025 15:30" in
    Portuguese, "2025-05-14 15:30" in English; "—" when not written."""
    if not stamp:
        return "—"
    day, _, time = stamp.partition("T")
    year, month, date = day.split("-")
    shown = f"{date}/{month}/{year}" if lang.lower().startswith("pt") else day
    return f"{shown} {time[:5]}".strip()


@functools.lru_cache(maxsize=1)
def _catalogue() -> dict[str, dict[str, Any]]:
    text = resources.files("cohesion_cli.output").joinpath("templates/texts.json").read_text(
        encoding="utf-8")
    catalogue: dict[str, dict[str, Any]] = json.loads(text)
    return {lang: _resolved(catalogue, lang) for lang in catalogue}


def _resolved(catalogue: dict[str, dict[str, Any]], lang: str) -> dict[str, Any]:
    """One language's entries, over those of its ``_base`` language (blocks merged)."""
    own = catalogue[lang]
    if "_base" not in own:
        return own
    merged = dict(_resolved(catalogue, own["_base"]))
    for key, entry in own.items():
        if key == "_base":
            continue
        merged[key] = {**merged[key], **entry} if isinstance(entry, dict) else entry
    return merged


class Texts:
    """The labels of one language: ``texts['key']``, ``texts.n('key', 3)`` for plurals, the
    rules' words (title, fact, action, subject names) and the values of results
    (``texts.expected(result)``). ``lang`` is a language tag: its catalogue language gives
    the words, the tag itself the style of numbers and dates (``en-GB``)."""

    def __init__(self, lang: str, rules: Mapping[str, RuleInfo], part: str | None = None
                 ) -> None:
        self.lang = catalogue_language(lang)
        entries = _catalogue()[self.lang]
        self._all = entries
        self._texts: dict[str, Any] = entries[part] if part else entries
        near = "pt-BR" if self.lang.startswith("pt") else "en"
        self._words = {rid: info.words.get(self.lang) or info.words[near]
                       for rid, info in rules.items()
                       if self.lang in info.words or near in info.words}
        self.writer = Writer(babel_locale(lang), entries["values"])

    def expected(self, result: Result) -> str:
        """The result's expected value in this language."""
        return self._said(result.expected_msg, result.expected)

    def observed(self, result: Result) -> str:
        return self._said(result.observed_msg, result.observed)

    def reason(self, result: Result) -> str:
        return self._said(result.reason_msg, result.reason)

    def _said(self, message: Msg | None, text: str) -> str:
        return self.writer.say(message) if message is not None else text

    def __getitem__(self, key: str) -> str:
        value = self._texts[key]
        assert isinstance(value, str), key
        return value

    def block(self, key: str) -> Mapping[str, str]:
        """A mapping of the catalogue, e.g. the names of fact kinds."""
        found: Mapping[str, str] = self._texts[key]
        return found

    def get(self, key: str, default: str) -> str:
        value = self._texts.get(key, default)
        return value if isinstance(value, str) else default

    def n(self, key: str, count: int, **more: str) -> str:
        one, other = self._texts[key]
        return str(one if count == 1 else other).format(n=count, **more)

    def severity(self, severity: Severity) -> str:
        return self[f"sev_{severity.label}"]

    def outcome(self, outcome: Outcome) -> str:
        return self[f"out_{outcome.value}"]

    def rule(self, rule: str) -> str:
        """The rule's title, e.g. "Delivery deadline"."""
        words = self._words.get(rule)
        return words.title if words else rule.replace("_", " ")

    def fact(self, rule: str) -> str:
        """The rule's fact in a sentence, e.g. "delivery deadline"."""
        words = self._words.get(rule)
        return words.fact if words else rule.replace("_", " ")

    def action(self, rule: str, outcome: Outcome) -> str:
        """The rule's own action for this outcome, or "" for the generic one."""
        words = self._words.get(rule)
        return words.actions.get(outcome.value, "") if words else ""

    def subject(self, name: str) -> str:
        """Name of a store-wide subject (``policy:<name>``), e.g. "delivery"."""
        for words in self._words.values():
            if name in words.subjects:
                return words.subjects[name]
        return name.replace("_", " ")

    def subject_name(self, subject: str, names: Mapping[str, str]) -> str:
        """A subject for people: "Tênis Brisa (AUR-BRISA)", "Política da loja: entrega"."""
        if names.get(subject):
            return f"{names[subject]} ({subject})"
        prefix, _, rest = subject.partition(":")
        if rest and prefix == "policy":
            return str(self._all["subj_policy"]).format(name=self.subject(rest))
        if rest and prefix == "phrase":
            return str(self._all["subj_phrase"]).format(text=rest)
        if rest and prefix == "wording":
            return str(self._all["subj_wording"]).format(id=rest)
        return self.contact(subject) or subject

    def contact(self, subject: str) -> str | None:
        """A mystery-shopper contact's subject (``visit:<place> <date time>``, ``call:``,
        ``chat:``) for people, e.g. "visita à loja: Loja Paulista, 14/05/2025 15:30"; None
        for other subjects."""
        kind, colon, rest = subject.partition(":")
        if not colon or kind not in ("call", "visit", "chat"):
            return None
        match = re.fullmatch(r"(.*?)(?: (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}))?( #\d+)?", rest)
        assert match is not None  # every part is optional
        place, day, time, repeat = match.groups()
        when = f", {contact_when(f'{day}T{time}', self.lang)}" if day else ""
        return f"{self._all['visits'][kind]}: {place}{when}{repeat or ''}"

    def day(self, stamp: str) -> str:
        """The calendar day of an ISO date or timestamp, e.g. 12 de mai. de 2026 in pt-BR."""
        return self.writer.day(stamp)

    def status(self, status: str) -> str:
        """A finding's status (new, open, changed, overdue, resolved) for people."""
        return self.get(f"st_{status}", status)

    def changes(self, changes: Changes | None) -> str:
        """The sentence on what changed since the last run ("" when not compared)."""
        if changes is None:
            return ""
        counts = changes.counts()
        parts = [self.n(f"ch_{key}", counts[key]) for key in ("resolved", "new", "changed")
                 if counts[key]] or [self["changes_none"]]
        if counts["open"]:
            parts.append(self.n("ch_open", counts["open"]))
        if changes.since is None:
            return self["changes_first"].format(parts=", ".join(parts))
        return self["changes_since"].format(date=self.day(changes.since), parts=", ".join(parts))

    def date(self, stamp: str) -> str:
        """An ISO timestamp with its time, e.g. 12 de maio de 2026 10:30 UTC."""
        return self.writer.moment(stamp)
