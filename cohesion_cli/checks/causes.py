"""One cause, one finding: a result a check marks as following from another finding
(``caused_by``: an installment plan off only because the channel's price is off) is
attached to that finding instead of being a second one.

After every check has run, such a result becomes ``ok`` (its reason says what it follows)
and its cause's reason names it; the score leaves it out. When the cause is not a finding
after all, the result stays a finding of its own.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from cohesion_cli.checks.spill import Results
from cohesion_cli.domain import Outcome, Result
from cohesion_cli.message import Msg, msg


def attach(results: Collection[Result]) -> Collection[Result]:
    """``results`` with each consequence attached to its cause (same order). Only findings
    change: they are few, and the others are read through once, never copied."""
    findings = {i: r for i, r in enumerate(results) if r.outcome is not Outcome.OK}
    if not any(r.caused_by for r in findings.values()):
        return results
    causes = {r.fingerprint: i for i, r in findings.items() if not r.caused_by}
    out = dict(findings)
    for index, result in findings.items():
        if not result.caused_by:
            continue
        cause = causes.get(result.caused_by)
        if cause is None:
            out[index] = replace(result, caused_by="")
            continue
        out[index] = replace(result, outcome=Outcome.OK)
        found = out[cause]
        note = msg("follows_from_this", "{rule} {observed} follows from this",
                   rule=msg(f"fact_{result.rule}", result.rule),
                   observed=result.observed_msg or result.observed)
        reason: Msg = msg("sentences", "{sentences:; }", sentences=(
            found.reason_msg or found.reason, note)) if found.reason else note
        out[cause] = replace(found, reason=reason.neutral(), reason_msg=reason)
    return Results([results], out)
