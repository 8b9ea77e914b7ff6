"""Where in the rulebook the rule behind a result is defined (for SARIF, annotations and
reports): the catalog entry for product facts, the policy for store-wide facts, the
channel for unreadable documents."""

from __future__ import annotations

from cohesion_cli.domain import Position, Result
from cohesion_cli.rulebook.loader import LoadedRulebook

_POLICY = {
    "deadline": ("policies", "delivery"),
    "return_window": ("policies", "returns"),
    "free_shipping": ("policies", "free_shipping"),
    "response_time": ("policies", "service_level"),
}


def rule_position(loaded: LoadedRulebook, result: Result) -> Position:
    located = loaded.located
    if result.subject in loaded.product_positions:
        return loaded.product_positions[result.subject]
    if result.rule in _POLICY:
        return located.where(_POLICY[result.rule])
    if result.rule == "wording":
        wid = result.subject.removeprefix("wording:")
        index = next((i for i, w in enumerate(loaded.model.policies.wording) if w.id == wid), 0)
        return located.where(("policies", "wording", index))
    if result.rule in ("required_phrase", "forbidden_phrase"):
        return located.where(("policies", f"{result.rule}s"))
    index = next((i for i, c in enumerate(loaded.model.channels) if c.id == result.channel), 0)
    return located.where(("channels", index))
