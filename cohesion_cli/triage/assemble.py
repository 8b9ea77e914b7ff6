"""The report of a run from what its channels published.

A full ``check`` fills the channels' data as documents come in; ``cohesion merge`` fills it
from the documents its shards read. Both grade and report through here, so both give the
same report.
"""

from __future__ import annotations

from datetime import datetime, timezone

from cohesion_cli.checks import grader, rule_infos, run_all
from cohesion_cli.checks.context import ChannelData, Context
from cohesion_cli.checks.grading import Places
from cohesion_cli.domain import Result, Severity
from cohesion_cli.rulebook.loader import LoadedRulebook
from cohesion_cli.triage.report import ChannelSummary, Report


def channel_data(loaded: LoadedRulebook) -> dict[str, ChannelData]:
    """Each channel's (still empty) data, graded by the rulebook's severity policy."""
    model = loaded.model
    places = Places(loaded.located, loaded.product_positions,
                    {c.id: i for i, c in enumerate(model.channels)})
    judge = grader(model.severity, places)
    return {c.id: ChannelData(c, grader=judge) for c in model.channels}


def every_rule(loaded: LoadedRulebook, data: dict[str, ChannelData]) -> list[Result]:
    """Every rule's results over what the channels published."""
    return run_all(Context(loaded.model, loaded.products, list(data.values())))


def checked(loaded: LoadedRulebook, results: list[Result], counts: dict[str, list[int]], *,
            fail_on: Severity | None, archived: dict[str, str], archive: str | None) -> Report:
    """The run's report: its ``results`` and each channel's ``counts`` ([documents,
    unreadable ones])."""
    model = loaded.model
    summaries = [ChannelSummary(id=c.id, kind=c.kind, name=c.name or c.id, owner=c.owner or "",
                                documents=counts[c.id][0], unreadable=counts[c.id][1])
                 for c in model.channels]
    return Report(brand=model.brand, rulebook=str(loaded.path),
                  generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  channels=summaries, results=results, fail_on=fail_on,
                  rules=rule_infos(), subjects={p.sku: p.name for p in loaded.products},
                  archived=archived, archive=archive)
