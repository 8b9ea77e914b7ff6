"""The report of a run from what its channels published: every rule run once over it.

A full ``check`` fills the channels' data as documents come in; ``cohesion merge`` fills it
from the documents its shards read. Both end here, so both give the same report.
"""

from __future__ import annotations

from datetime import datetime, timezone

from cohesion_cli.checks import grader, rule_infos, run_all
from cohesion_cli.checks.context import ChannelData, Context
from cohesion_cli.checks.grading import Places
from cohesion_cli.domain import Severity
from cohesion_cli.rulebook.loader import LoadedRulebook
from cohesion_cli.triage.report import ChannelSummary, Report


def channel_data(loaded: LoadedRulebook) -> dict[str, ChannelData]:
    """Each channel's (still empty) data, graded by the rulebook's severity policy."""
    model = loaded.model
    places = Places(loaded.located, loaded.product_positions,
                    {c.id: i for i, c in enumerate(model.channels)})
    judge = grader(model.severity, places)
    return {c.id: ChannelData(c, grader=judge) for c in model.channels}


def checked(loaded: LoadedRulebook, data: dict[str, ChannelData], counts: dict[str, list[int]],
            *, fail_on: Severity | None, archived: dict[str, str], archive: str | None,
            rules: bool = True) -> Report:
    """The report of what the channels published (``data``), every rule run over it unless
    ``rules`` is False; ``counts`` is each channel's [documents, unreadable ones]."""
    model = loaded.model
    results = run_all(Context(model, loaded.products, list(data.values()))) if rules else []
    summaries = [ChannelSummary(id=c.id, kind=c.kind, name=c.name or c.id, owner=c.owner or "",
                                documents=counts[c.id][0], unreadable=counts[c.id][1])
                 for c in model.channels]
    return Report(brand=model.brand, rulebook=str(loaded.path),
                  generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  channels=summaries, results=results, fail_on=fail_on,
                  rules=rule_infos(), subjects={p.sku: p.name for p in loaded.products},
                  archived=archived, archive=archive)
