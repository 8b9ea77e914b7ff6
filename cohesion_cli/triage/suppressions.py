"""Suppressions: silence a known finding on purpose, with a reason, an owner and,
optionally, an expiry date.

File format (YAML)::

    suppressions:
      - rule: list_price          # any of rule, channel, subject (at least one)
        channel: marketplace
        subject: AUR-TN-001
        reason: the marketplace shows the manufacturer's list price; agreed with the client
        owner: Ana (e-commerce)
        expires: 2026-12-31       # optional; after it the suppression fails the run

A suppression past its expiry date is not applied and makes the run exit 1 until it is
renewed or removed; one that matched no finding is reported as unused.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from cohesion_cli.checks.spill import ResultLog
from cohesion_cli.domain import Outcome, Position, Result
from cohesion_cli.rulebook.loader import pydantic_problems
from cohesion_cli.rulebook.problems import Problem, RulebookError
from cohesion_cli.rulebook.yamlpos import load_yaml
from cohesion_cli.triage.report import Report
from cohesion_cli.userfiles import UserFileError, read_text

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Suppression(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str | None = None
    channel: str | None = None
    subject: str | None = None
    reason: str = Field(min_length=3, description="Why this finding is accepted.")
    owner: str = Field(min_length=1, description="Who answers for it.")
    expires: dt.date | None = None

    @field_validator("expires", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        """Only an ISO date (2030-12-31): a number such as 20301231 would otherwise be
        read as seconds since 1970."""
        if value is None or isinstance(value, dt.date):
            return value
        if not (isinstance(value, str) and _ISO_DATE.fullmatch(value.strip())):
            raise ValueError(f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. "
                             "expires: 2030-12-31")
        return value.strip()

    @model_validator(mode="after")
    def _targets_something(self) -> Suppression:
        if not (self.rule or self.channel or self.subject):
            raise ValueError("give at least one of rule, channel, subject")
        return self

    def matches(self, result: Result) -> bool:
        return all((self.rule in (None, result.rule), self.channel in (None, result.channel),
                    self.subject in (None, result.subject)))

    def describe(self) -> str:
        parts = [f"{k} {v}" for k, v in (("rule", self.rule), ("channel", self.channel),
                                          ("subject", self.subject)) if v]
        return ", ".join(parts)


class SuppressionFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    suppressions: list[Suppression] = Field(default_factory=list)


@dataclass(frozen=True)
class Loaded:
    items: list[Suppression]
    lines: list[Position]


def load_suppressions(path: Path) -> Loaded:
    """Read and validate; RulebookError with file:line:col problems when invalid."""
    display = str(path)
    try:
        text = read_text(path, "suppressions file")
    except UserFileError as exc:
        raise RulebookError([Problem(Position(display, 1, 1), str(exc))]) from None
    located = load_yaml(text, display) if text.strip() else None
    if located is None:
        return Loaded([], [])
    try:
        parsed = SuppressionFile.model_validate(located.data)
    except ValidationError as exc:
        raise RulebookError(pydantic_problems(exc, located, SuppressionFile)) from None
    lines = [located.where(("suppressions", i)) for i in range(len(parsed.suppressions))]
    return Loaded(parsed.suppressions, lines)


def apply_suppressions(report: Report, loaded: Loaded, today: dt.date) -> Report:
    """Move matching findings to ``report.suppressed``; note expired and unused entries."""
    active = [(i, s) for i, s in enumerate(loaded.items)
              if s.expires is None or s.expires >= today]
    used: set[int] = set()
    kept, suppressed = ResultLog(), list(report.suppressed)
    for result in report.results:
        match = next((i for i, s in active if s.matches(result)), None)
        if match is None or result.outcome is Outcome.OK:
            kept.append(result)
            continue
        used.add(match)
        item = loaded.items[match]
        suppressed.append((result, f"{item.reason} (owner: {item.owner})"))
    notes = list(report.suppression_notes)
    expired = 0
    for i, item in enumerate(loaded.items):
        where = f"{loaded.lines[i].file}:{loaded.lines[i].line}"
        if item.expires is not None and item.expires < today:
            expired += 1
            notes.append(f"suppression at {where} ({item.describe()}) expired on "
                         f"{item.expires.isoformat()}: renew or remove it")
        elif i not in used:
            notes.append(f"suppression at {where} ({item.describe()}) matched no finding")
    return replace(report, results=kept, suppressed=suppressed, suppression_notes=notes,
                   expired_suppressions=report.expired_suppressions + expired)
