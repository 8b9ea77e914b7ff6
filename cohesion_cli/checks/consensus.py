"""Compare channels with each other where the rulebook gives no canonical value."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass

from cohesion_cli.checks.context import ChannelData, result
from cohesion_cli.domain import Fact, Outcome, Result
from cohesion_cli.message import Msg, msg, neutral_arg, value


@dataclass(frozen=True)
class Observation:
    data: ChannelData
    key: Hashable
    """What is compared (equal keys agree)."""
    shown: str
    fact: Fact


def across_channels(
    rule: str, subject: str, observations: list[Observation],
    compatible: Callable[[Hashable, Hashable], bool] = lambda a, b: a == b,
) -> Iterator[Result]:
    """Plurality wins; channels that differ from it are divergent. A tie leaves every
    channel divergent, since nothing says which value is right. ``compatible`` says
    whether a value agrees with the leading one (e.g. when a channel leaves a detail
    unsaid)."""
    if not observations:
        return
    counts = Counter(o.key for o in observations)
    ranked = counts.most_common()
    leader = ranked[0][0] if len(ranked) == 1 or ranked[0][1] > ranked[1][1] else None
    for obs in observations:
        others = tuple(msg("channel_value", "{channel}: {value}", channel=channel, value=shown)
                       for channel, shown in sorted({(o.data.channel.id, o.fact.value)
                                                     for o in observations if o.key != obs.key},
                                                    key=lambda p: (p[0], neutral_arg(p[1]))))
        expected: Msg
        if leader is not None:
            agree = tuple(sorted(o.data.channel.id for o in observations if o.key == leader))
            shown = next(o.fact.value for o in observations if o.key == leader)
            expected = msg("agreed", "{value} (no rule; agreed by {channels})", value=shown,
                           channels=agree)
        else:
            expected = msg("disagree", "no rule; channels disagree ({others:; })",
                           others=others)
        agrees = leader is not None and compatible(obs.key, leader)
        outcome = Outcome.OK if agrees else Outcome.DIVERGENT
        if len(observations) == 1:
            outcome = Outcome.OK
            expected = msg("only_channel", "{value} (no rule; only channel publishing it)",
                           value=obs.fact.value)
        yield result(rule, obs.data, subject, outcome, expected=expected,
                     observed=value(obs.fact.value), fact=obs.fact)
