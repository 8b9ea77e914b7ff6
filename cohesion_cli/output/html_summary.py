"""The html report's first screen, the executive summary, and its per-channel sections.

The summary says who the client is, what was audited (channels, products, documents and the
audit period: from the engagement's first recorded run to this one), the method in one
paragraph, why the overall band is lower than the score alone would give (the worst open
finding caps it, ``triage.report.CAPS``), and the five actions that matter most: divergent
and missing findings before unverifiable ones, overdue first, then by severity, then by the
channel's audience weight. Each channel section holds the channel's score, band, audience
share and its findings, the evidence cards."""

from __future__ import annotations

from dataclasses import dataclass

from cohesion_cli.domain import Severity
from cohesion_cli.output.html_plan import FindingView
from cohesion_cli.output.texts import Texts
from cohesion_cli.triage.report import Report, band_of

TOP = 5
"""How many actions the summary names."""


@dataclass(frozen=True)
class Summary:
    client: str
    channels: str
    """How many channels, e.g. "7 channels"."""
    channel_names: str
    products: str
    documents: str
    period: str
    method: str
    cap: str
    """Why the overall band is capped ("" when it is not)."""
    actions: list[FindingView]


@dataclass(frozen=True)
class ChannelSection:
    anchor: str
    name: str
    kind: str
    owner: str
    documents: str
    share: str
    """The channel's share of the audience weight, e.g. "25%"."""
    score: str
    band: str
    cap: str
    findings: list[FindingView]


def summary(report: Report, findings: list[FindingView], t: Texts) -> Summary:
    read = sum(c.documents - c.unreadable for c in report.channels)
    documents = t.n("scope_documents", read)
    channels = t.n("scope_channels", len(report.channels))
    products = t.n("scope_products", len(report.subjects))
    kinds = ", ".join(dict.fromkeys(t.get(f"kind_{c.kind}", c.kind) for c in report.channels))
    return Summary(
        client=report.brand, channels=channels,
        channel_names=", ".join(c.name or c.id for c in report.channels),
        products=products, documents=documents, period=_period(report, t),
        method=t["method"].format(
            documents=t.n("documents", read),
            channels=channels, kinds=kinds or "–", products=products),
        cap=cap_text(report, None, t), actions=top_actions(report, findings))


def top_actions(report: Report, findings: list[FindingView]) -> list[FindingView]:
    """The ``TOP`` findings that matter most."""
    rank = {s.label: s for s in Severity}
    weights = {c.id: c.weight for c in report.channels}

    def key(f: FindingView) -> tuple[bool, bool, int, float]:
        return (f.outcome == "unverifiable", not f.overdue, -rank[f.severity],
                -weights.get(f.channel_id, 1.0))

    return sorted(findings, key=key)[:TOP]


def cap_text(report: Report, channel: str | None, t: Texts) -> str:
    """The sentence saying which open finding caps the band, or ""."""
    capped = report.cap(channel)
    band = report.band(channel)
    score = report.score(channel)
    if capped is None or score is None or band == band_of(score):
        return ""
    return t["band_capped"].format(severity=t.severity(capped), band=t[f"band_{band}"])


def sections(report: Report, findings: list[FindingView], t: Texts) -> list[ChannelSection]:
    """One section per channel, in the rulebook's order; findings on channels the report
    does not list (an older rulebook's) come last, one section each."""
    total = sum(c.weight for c in report.channels)
    out = []
    for c in report.channels:
        score = report.score(c.id)
        documents = t.n("documents", c.documents)
        if c.unreadable:
            documents += " · " + t["unreadable"].format(x=c.unreadable, y=c.documents)
        out.append(ChannelSection(
            f"channel-{c.id}", c.name or c.id, t.get(f"kind_{c.kind}", c.kind),
            c.owner or t["no_owner"], documents, f"{c.weight / total:.0%}",
            t["na"] if score is None else str(score), report.band(c.id),
            cap_text(report, c.id, t), [f for f in findings if f.channel_id == c.id]))
    listed = {c.id for c in report.channels}
    for ghost in dict.fromkeys(f.channel_id for f in findings if f.channel_id not in listed):
        out.append(ChannelSection(f"channel-{ghost}", ghost, "", t["no_owner"], "", "",
                                  t["na"], "none", "",
                                  [f for f in findings if f.channel_id == ghost]))
    return out


def _period(report: Report, t: Texts) -> str:
    """From the first recorded run of the engagement to this run, as calendar days."""
    end = t.day(report.generated_at)
    runs = report.trend.runs if report.trend is not None else []
    start = t.day(runs[0]) if runs else end
    return end if start == end else t["period_range"].format(start=start, end=end)
