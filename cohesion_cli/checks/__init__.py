"""Checks: pure functions from what channels published to results.

Each rule is a module of ``checks/rules`` with an ``ID``, a ``check(ctx)`` generator and a
``RULE`` descriptor (default severity, facts read, rulebook entry, SARIF tag, words in every
report language; the module docstring is its documentation, shown by ``cohesion rules``).
Register it with one line in ``RULES``. The other modules of this package are helpers the
rules share.
"""

from __future__ import annotations

from cohesion_cli.checks.context import Context
from cohesion_cli.checks.grading import Grader, Places
from cohesion_cli.checks.rule import Rule
from cohesion_cli.checks.rules import (
    deadline,
    forbidden_phrase,
    free_shipping,
    installments,
    list_price,
    price,
    read,
    required_phrase,
    response_time,
    return_window,
    wording,
)
from cohesion_cli.domain import Result
from cohesion_cli.rulebook.models import SeverityPolicy
from cohesion_cli.ruleinfo import RuleInfo

RULES: dict[str, Rule] = {rule.id: rule for rule in (
    read.RULE,
    price.RULE,
    list_price.RULE,
    installments.RULE,
    deadline.RULE,
    return_window.RULE,
    free_shipping.RULE,
    wording.RULE,
    required_phrase.RULE,
    forbidden_phrase.RULE,
    response_time.RULE,
)}
"""Every rule, in the order reports list them."""


def grader(policy: SeverityPolicy, places: Places | None = None) -> Grader:
    """The grader of a run: the rulebook's severity policy over the rules' defaults."""
    return Grader(policy=policy, defaults={r.id: r.info.severity for r in RULES.values()},
                  places=places or Places(),
                  defined_in={r.id: r.defined_in for r in RULES.values()
                              if r.defined_in is not None},
                  confident=frozenset(r.id for r in RULES.values() if r.carries_confidence))


def rule_infos() -> dict[str, RuleInfo]:
    """What the reports show of every rule, in registry order."""
    return {rule.id: rule.info for rule in RULES.values()}


def run_all(ctx: Context) -> list[Result]:
    return [r for rule in RULES.values() for r in rule.check(ctx)]
