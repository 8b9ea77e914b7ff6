"""What changed since the last run: each finding's first-seen date, due date and status,
and the findings of the last run that are now resolved.

Statuses, worst news first:

- ``new``: the last run did not have this finding (or there is no last run);
- ``changed``: the last run had it with another outcome or observed value, or it is in the
  baseline with another observed value than the one accepted there (a finding that moved
  is never hidden);
- ``overdue``: the last run had it unchanged and its due date has passed;
- ``open``: the last run had it unchanged and it is not yet due.

``first_seen`` is the date of the first run of the finding's current streak: a finding that
comes back after being resolved starts again, with a new due date. ``due`` is first seen
plus the rulebook's ``sla`` days for the finding's severity. A finding of the last run is
``resolved`` when this run checked the same rule, channel and subject and found it ok, or,
for an unverifiable one (a page that was down), when this run read the channel and has no
finding left on that subject (the page answers again). One this run did not check at all (a
page that could not be read now) is not counted as resolved.
Pure: no clock, no I/O; the run's date is the report's ``generated_at``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from cohesion_cli.domain import Outcome, Result

if TYPE_CHECKING:
    from cohesion_cli.triage.report import Report


@dataclass(frozen=True)
class Tracking:
    """Where one finding stands over the engagement."""

    first_seen: str
    """ISO date of the first run of the finding's current streak."""
    due: str
    """ISO date by which it should be fixed (first seen + the severity's SLA days)."""
    status: str
    """``new``, ``open``, ``changed`` or ``overdue``."""

    def overdue_on(self, day: str) -> bool:
        """True when ``day`` (ISO date) is after the due date."""
        return day[:10] > self.due


@dataclass(frozen=True)
class Seen:
    """A finding as a recorded run had it."""

    result: Result
    first_seen: str
    due: str = ""


@dataclass(frozen=True)
class Changes:
    """This run compared with the last one."""

    since: str | None
    """When the last run was (ISO timestamp); None when this is the first."""
    new: int = 0
    open: int = 0
    changed: int = 0
    resolved: list[Seen] = field(default_factory=list)
    """Findings of the last run that this run found ok, with when they were first seen."""

    def counts(self) -> dict[str, int]:
        return {"new": self.new, "open": self.open, "changed": self.changed,
                "resolved": len(self.resolved)}


def every_finding(report: Report) -> list[Result]:
    """Listed, baselined and suppressed findings: all that are still there."""
    return [*report.findings, *report.baselined_findings, *(r for r, _ in report.suppressed)]


def track(report: Report, previous: Mapping[str, Seen] | None, since: str | None,
          sla: Mapping[str, int], accepted: Mapping[str, str | None] | None = None) -> Report:
    """The report with ``tracking`` and ``changes`` filled in.

    ``previous`` holds the last run's findings by fingerprint (None: no last run);
    ``sla`` the days per severity label; ``accepted`` the baseline's observed values by
    fingerprint (a baselined finding now observed otherwise is ``changed``)."""
    today = report.generated_at[:10]
    before = previous or {}
    accepted = accepted or {}
    tracking: dict[str, Tracking] = {}
    counts = {"new": 0, "open": 0, "changed": 0}
    for finding in every_finding(report):
        fp = finding.fingerprint
        if fp in tracking:
            continue
        seen = before.get(fp)
        first = seen.first_seen if seen is not None else today
        due = _plus_days(first, sla.get(finding.severity.label, 0))
        if accepted.get(fp) not in (None, finding.observed):
            change = "changed"
        elif seen is None:
            change = "new"
        elif (seen.result.outcome, seen.result.observed) != (finding.outcome, finding.observed):
            change = "changed"
        else:
            change = "open"
        counts[change] += 1
        status = "overdue" if change == "open" and today > due else change
        tracking[fp] = Tracking(first, due, status)
    # the last run's findings not found again: few (a set of the fingerprints of every ok
    # result would grow with the catalog)
    gone = {fp for fp in before if fp not in tracking}
    ok = {fp for r in report.results if r.outcome is Outcome.OK and (fp := r.fingerprint) in gone}
    still = {(f.channel, f.subject) for f in every_finding(report)}
    read = {c.id for c in report.channels if c.read}

    def readable_now(r: Result) -> bool:
        return (r.outcome is Outcome.UNVERIFIABLE and r.channel in read
                and (r.channel, r.subject) not in still)

    resolved = [seen for fp, seen in before.items()
                if fp in gone and (fp in ok or readable_now(seen.result))]
    changes = Changes(since, counts["new"], counts["open"], counts["changed"], resolved)
    return replace(report, tracking=tracking, changes=changes)


def _plus_days(day: str, days: int) -> str:
    try:
        start = dt.date.fromisoformat(day[:10])
    except ValueError:
        return day
    return (start + dt.timedelta(days=days)).isoformat()
