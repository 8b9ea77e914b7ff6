"""What the report formats need to know of a rule: its documentation, default severity,
SARIF tag and its words in every output language.

Each rule module defines its own (``checks/rules/<id>.py``); the report carries them, so the
formats never import the checks. A parity test checks that every rule has words in every
language of ``LANGUAGES``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cohesion_cli.domain import Level

LANGUAGES = ("en", "pt-BR")
"""Languages of the human reports (html, markdown)."""


@dataclass(frozen=True)
class Words:
    """How one rule is called in one output language."""

    title: str
    """Heading for the rule, e.g. "Delivery deadline" (matrix, finding cards)."""
    fact: str
    """The rule's fact inside a sentence or a table cell, e.g. "delivery deadline"."""
    actions: Mapping[str, str] = field(default_factory=dict)
    """What to do, by outcome (``divergent``, ``missing``, ``unverifiable``), where the
    generic action ("Correct the {fact}") reads badly."""
    subjects: Mapping[str, str] = field(default_factory=dict)
    """Names of the store-wide subjects the rule reports on (``policy:<name>``)."""


@dataclass(frozen=True)
class RuleInfo:
    """One rule as the reports show it."""

    id: str
    severity: Level
    """Built-in default severity (``info`` … ``critical``); the rulebook may change it."""
    doc: str
    """What the rule verifies: its module's docstring, shown by ``cohesion rules``."""
    tag: str
    """SARIF tag grouping the rule: ``product``, ``policy``, ``wording``, ``service``,
    ``availability``."""
    words: Mapping[str, Words]
    """By output language (every one of ``LANGUAGES``; ``pt-PT`` where European Portuguese
    says it otherwise, else the pt-BR words are read)."""
