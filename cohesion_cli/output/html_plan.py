"""The html report's action plan: findings as the page shows them, grouped by the team that
owns each channel. Owners with overdue work come first, then the one with the most urgent
work; channels without an owner last. In each group overdue items come first, then by due
date, then by severity."""

from __future__ import annotations

from dataclasses import dataclass

from cohesion_cli.domain import Severity
from cohesion_cli.output.texts import Texts
from cohesion_cli.triage.report import ChannelSummary, Report


@dataclass(frozen=True)
class EvidenceView:
    excerpt: str
    locator: str
    source: str
    href: str
    """The source when it is an http(s) URL (shown as a link, never loaded); else empty."""
    archived: str


@dataclass(frozen=True)
class FindingView:
    anchor: str
    severity: str
    severity_text: str
    outcome: str
    outcome_text: str
    symbol: str
    rule: str
    channel: str
    channel_id: str
    subject: str
    code: str
    """SKU when the subject is a product, else empty."""
    expected: str
    observed: str
    reason: str
    action: str
    evidence: list[EvidenceView]
    rule_at: str
    fingerprint: str
    status: str = ""
    """``new``, ``open``, ``changed``, ``overdue``; empty when the run is not tracked."""
    status_text: str = ""
    due: str = ""
    """The due date for people; empty when the run is not tracked."""
    due_iso: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class Group:
    owner: str
    channels: str
    count: str
    worst: str
    items: list[FindingView]


def groups(findings: list[FindingView], report: Report, channels: dict[str, ChannelSummary],
           t: Texts) -> list[Group]:
    owned: dict[str, list[FindingView]] = {}
    for f in findings:
        summary = channels.get(f.channel_id)
        owned.setdefault(summary.owner if summary is not None else "", []).append(f)
    rank = {s.label: s for s in Severity}

    def key(owner: str) -> tuple[bool, bool, int, int, str]:
        items = owned[owner]
        return (not owner, not any(i.overdue for i in items),
                -max(rank[i.severity] for i in items), -len(items), owner.casefold())

    out = []
    for owner in sorted(owned, key=key):
        items = sorted(owned[owner], key=lambda i: (not i.overdue, i.due_iso,
                                                    -rank[i.severity]))
        names = [c.name or c.id for c in report.channels if c.owner == owner]
        names += sorted({i.channel for i in items} - set(names))
        out.append(Group(owner or t["no_owner"], ", ".join(names),
                         t.n("plan_count", len(items)),
                         max(items, key=lambda i: rank[i.severity]).severity, items))
    return out
