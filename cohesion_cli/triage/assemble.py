"""The report of a run from what its channels published.

A full ``check`` fills the channels' data as documents come in; ``cohesion merge`` fills it
from the documents its shards read. Both grade and report through here, so both give the
same report.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime, timezone

from cohesion_cli.checks import grader, rule_infos
from cohesion_cli.checks.context import ChannelData
from cohesion_cli.checks.grading import Places
from cohesion_cli.checks.spill import ResultLog
from cohesion_cli.domain import Result, Severity
from cohesion_cli.message import replaced_text
from cohesion_cli.rulebook.loader import LoadedRulebook
from cohesion_cli.rulebook.products import Names
from cohesion_cli.triage.report import ChannelSummary, Report
from cohesion_cli.visitscores import VisitScore


def channel_data(loaded: LoadedRulebook) -> dict[str, ChannelData]:
    """Each channel's (still empty) data, graded by the rulebook's severity policy."""
    model = loaded.model
    places = Places(loaded.located, loaded.product_positions,
                    {c.id: i for i, c in enumerate(model.channels)})
    judge = grader(model.severity, places)
    return {c.id: ChannelData(c, grader=judge) for c in model.channels}


def checked(loaded: LoadedRulebook, results: Collection[Result], counts: dict[str, list[int]], *,
            fail_on: Severity | None, archived: dict[str, str], archive: str | None,
            visits: list[VisitScore] | None = None) -> Report:
    """The run's report: its ``results`` and each channel's ``counts`` ([documents,
    unreadable ones])."""
    model = loaded.model
    summaries = [ChannelSummary(id=c.id, kind=c.kind, name=c.name or c.id, owner=c.owner or "",
                                documents=counts[c.id][0], unreadable=counts[c.id][1],
                                weight=1.0 if c.weight is None else c.weight)
                 for c in model.channels]
    return Report(brand=model.brand, rulebook=str(loaded.path),
                  generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  channels=summaries, results=results, fail_on=fail_on,
                  rules=rule_infos(), subjects=Names(loaded.products),
                  archived=archived, archive=archive, visits=visits or [],
                  locale=model.locale)


def engaged(results: Collection[Result], serve_url: str, root: str) -> Collection[Result]:
    """The results with the served demo's addresses written as paths of the served folder
    ``root``, like the sources of files (``http://127.0.0.1:40739/loja/p.html`` ->
    ``site/loja/p.html`` from the engagement's folder): the port changes on every run and
    means nothing to a reader."""
    base = serve_url.rstrip("/") + "/"
    local = root.rstrip("/") + "/"

    def shown(result: Result) -> Result:
        evidence = result.evidence
        if evidence is not None and base in evidence.source:
            evidence = replace(evidence, source=evidence.source.replace(base, local))
        return replace(result, evidence=evidence, observed=result.observed.replace(base, local),
                       reason=result.reason.replace(base, local),
                       observed_msg=replaced_text(result.observed_msg, base, local),
                       reason_msg=replaced_text(result.reason_msg, base, local))
    return ResultLog(shown(r) for r in results)
