"""Checks: pure functions from what channels published to results.

Each rule is a module of ``checks/rules`` with an ``ID``, a ``check(ctx)`` generator and a
``RULE`` descriptor (default severity, facts read, rulebook entry, SARIF tag, words in every
report language; the module docstring is its documentation, shown by ``cohesion rules``).
Register it with one line: its id in ``rulebook.models.RuleId``. The other modules of this
package are helpers the rules share.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import get_args

from cohesion_cli.checks.causes import attach
from cohesion_cli.checks.context import Context
from cohesion_cli.checks.grading import Grader, Places
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import Result
from cohesion_cli.rulebook.models import RuleId, SeverityPolicy
from cohesion_cli.ruleinfo import RuleInfo

RULES_PACKAGE = "cohesion_cli.checks.rules"


def load_rules(ids: Iterable[str], package: str = RULES_PACKAGE) -> dict[str, Rule]:
    """The descriptor of each rule id, from its module ``<package>.<id>``; a module without
    a ``RULE`` descriptor, or one whose id differs from its name, is a clear error."""
    rules: dict[str, Rule] = {}
    for rule_id in ids:
        name = f"{package}.{rule_id}"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            raise TypeError(f"rule {rule_id!r} is registered but {name} does not exist: write "
                            "it, or remove the id from RuleId (docs/ARCHITECTURE.md, 'Add a "
                            "rule')") from None
        rule = getattr(module, "RULE", None)
        if not isinstance(rule, Rule) or rule.id != rule_id:
            raise TypeError(f"{name} must define RULE = Rule(info=RuleInfo(id={rule_id!r}, "
                            "...), check=check, ...): see docs/ARCHITECTURE.md, 'Add a rule'")
        rules[rule_id] = rule
    return rules


RULES: dict[str, Rule] = load_rules(get_args(RuleId))
"""Every rule, in the order reports list them (the order of ``RuleId``)."""


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
    return list(attach([r for rule in RULES.values() for r in (
        *(rule.store_check(ctx) if rule.store_check else ()), *rule.check(ctx))]))
