"""The shape shared by store-wide policy checks (delivery, returns, free shipping):
every value a channel publishes, on any of its documents, must equal the rulebook's.
Without a rule, channels are compared with each other."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from cohesion_cli.checks.consensus import Observation, across_channels
from cohesion_cli.checks.context import ChannelData, Context, result
from cohesion_cli.domain import Fact, Outcome, Result, Value
from cohesion_cli.message import msg, value

V = TypeVar("V", bound=Value)


def check_policy(
    ctx: Context, rule: str, subject: str, kind: type[V], canonical: V | None,
    agrees: Callable[[V], bool], comparable: Callable[[V], bool] = lambda v: True,
    missing: bool = True,
) -> Iterator[Result]:
    """``canonical`` is the rulebook's value, shown as expected (None when it has none);
    ``agrees`` tells whether one published value matches it; ``missing``: whether a channel
    that never states the value is reported (False where saying nothing is not wrong)."""
    observations = []
    for data in ctx.channels:
        if not data.expects(rule) or not data.readable:
            continue
        if rule in _broken_everywhere(data, rule):
            yield result(rule, data, subject, Outcome.UNVERIFIABLE,
                         reason=msg("broken_everywhere", "broken locator: {locator} matched "
                                    "nothing on any page (was the site redesigned?)",
                                    locator=data.readable[0].broken[rule]))
            continue
        facts = [f for f in _distinct(data, kind)
                 if isinstance(f.value, kind) and comparable(f.value)]
        if not facts:
            if canonical is not None and missing:
                yield result(rule, data, subject, Outcome.MISSING, expected=value(canonical),
                             reason=msg("not_stated", "not stated on any page read"))
            continue
        shown = msg("values", "{values:; }", values=tuple(f.value for f in facts))
        if canonical is None:
            observations.append(Observation(data, facts[0].value, _show(facts[0]), facts[0]))
            continue
        wrong = [f for f in facts if isinstance(f.value, kind) and not agrees(f.value)]
        yield result(rule, data, subject, Outcome.DIVERGENT if wrong else Outcome.OK,
                     expected=value(canonical), observed=shown, fact=(wrong or facts)[0])
    yield from across_channels(rule, subject, observations)


def _broken_everywhere(data: ChannelData, rule: str) -> set[str]:
    docs = data.readable
    return {rule} if docs and all(rule in d.broken for d in docs) else set()


def _distinct(data: ChannelData, kind: type) -> list[Fact]:
    seen: dict[Value, Fact] = {}
    for doc in data.readable:
        for fact in doc.facts:
            if isinstance(fact.value, kind):
                seen.setdefault(fact.value, fact)
    return list(seen.values())


def _show(fact: Fact) -> str:
    return fact.value.show()
