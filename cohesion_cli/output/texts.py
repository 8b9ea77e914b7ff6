"""The one translation catalogue of the human formats (html, markdown): the labels in
``templates/texts.json`` and the words each rule brings in its descriptor
(``Report.rules``). The markdown report's own wording is the ``markdown`` section of each
language, a namespace of its own (lower-case severities and outcomes for table cells, for
instance); a key missing there is an error, not a fall back to the html labels."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

from cohesion_cli.domain import Outcome, Severity
from cohesion_cli.ruleinfo import RuleInfo
from cohesion_cli.triage.tracking import Changes


def language(requested: str) -> str:
    """The catalogue language for ``--lang``: Portuguese variants read pt-BR."""
    return "pt-BR" if requested.lower().startswith("pt") else "en"


@functools.lru_cache(maxsize=1)
def _catalogue() -> dict[str, dict[str, Any]]:
    text = resources.files("cohesion_cli.output").joinpath("templates/texts.json").read_text(
        encoding="utf-8")
    catalogue: dict[str, dict[str, Any]] = json.loads(text)
    return catalogue


class Texts:
    """The labels of one language: ``texts['key']``, ``texts.n('key', 3)`` for plurals, and
    the rules' words (title, fact, action, subject names)."""

    def __init__(self, lang: str, rules: Mapping[str, RuleInfo], part: str | None = None
                 ) -> None:
        self.lang = lang
        entries = _catalogue()[lang]
        self._texts: dict[str, Any] = entries[part] if part else entries
        self._words = {rid: info.words[lang] for rid, info in rules.items()
                       if lang in info.words}

    def __getitem__(self, key: str) -> str:
        value = self._texts[key]
        assert isinstance(value, str), key
        return value

    def get(self, key: str, default: str) -> str:
        value = self._texts.get(key, default)
        return value if isinstance(value, str) else default

    def n(self, key: str, count: int) -> str:
        one, other = self._texts[key]
        return str(one if count == 1 else other).format(n=count)

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

    def day(self, stamp: str) -> str:
        """The calendar day of an ISO date or timestamp, e.g. 12/05/2026 in pt-BR."""
        try:
            moment = datetime.fromisoformat(stamp[:10])
        except ValueError:
            return stamp
        return self["day"].format(day=moment.day, month=moment.month, year=moment.year)

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
        try:
            moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            return stamp
        offset = moment.utcoffset()
        zone = "UTC" if not offset else _zone(offset)
        month = self._texts["months"][moment.month - 1]
        return self["date"].format(day=moment.day, month=month, year=moment.year,
                                   time=moment.strftime("%H:%M"), zone=zone)


def _zone(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

