"""return_window: every exchange/return window a channel states ("troca em até 30
dias") equals ``policies.returns.days``.
"""

from __future__ import annotations

from collections.abc import Iterator

from cohesion_cli.checks.context import Context
from cohesion_cli.checks.policy import check_policy
from cohesion_cli.domain import Result, ReturnWindow

ID = "return_window"


def check(ctx: Context) -> Iterator[Result]:
    rule = ctx.rulebook.policies.returns
    canonical = ReturnWindow(rule.days).show() if rule else None
    yield from check_policy(ctx, ID, "policy:returns", ReturnWindow, canonical,
                            lambda v: rule is not None and v.days == rule.days)
