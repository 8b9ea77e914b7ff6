"""Metrics over an engagement's recorded runs, as the html report shows them: each channel's
score over the runs, its resolution rate (findings resolved ÷ findings ever found), the
findings that came back after being resolved (rework) and the median days to resolve."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChannelTrend:
    channel: str
    scores: list[int | None]
    """The channel's score in each run, oldest first (None: not scored or not there)."""
    found: int
    """Findings (distinct fingerprints) ever found on the channel."""
    resolved: int
    """Of those, the ones resolved now: the last run that checked them found them ok."""
    recurred: int
    """Findings that came back after a run had found them resolved."""

    @property
    def resolution_rate(self) -> float | None:
        return None if not self.found else self.resolved / self.found


@dataclass(frozen=True)
class Trend:
    runs: list[str]
    """The runs' timestamps, oldest first."""
    overall: list[int | None]
    """The overall score of each run."""
    channels: list[ChannelTrend]
    median_days_to_resolve: float | None
    """From a finding's first seen date to the run that found it resolved; None when
    nothing was resolved yet."""
