"""``markdown``: a report people read on GitHub or GitLab, or paste into an e-mail.

Sections, in order:

1. a title with the brand, the date of the run (UTC) and the rulebook checked;
2. the verdict: how many findings at each severity, the overall cohesion score and the
   exit code with what it means;
3. the channels: kind, owner, cohesion score, documents read and unreadable;
4. the findings, one table per severity, most severe first: channel, subject (product name
   and SKU), fact, outcome, expected, observed, the evidence (excerpt, reason, source) and,
   when the run is tracked, the status and due date;
5. an action plan: one checklist per channel owner, owners with overdue work first, then the
   owner with the most urgent work, channels without an owner last; each item with its
   status and due date, overdue items first, then by due date;
6. the findings of the last run that this run found resolved, when the run is compared
   with one (the sentence after the verdict says what changed: "Since the last run on
   2026-05-12: 2 resolved, 1 new");
7. what the listing leaves out: findings below the minimum severity, findings in the
   baseline, suppressed findings (each with its reason) and notes about suppressions.

Labels and values are in the rulebook's language or ``--lang`` (``en``, ``pt-BR``, ``pt-PT``):
amounts, deadlines, plans and dates as that language writes them; excerpts are printed as
cohesion read them. Text that comes from channels is
escaped so it cannot break a table or inject HTML or links: pipes, backslashes, emphasis
characters, brackets and ``<`` get a backslash, line breaks become spaces and long cells
are shortened with "…".

``summary()`` gives a short version (verdict, channel scores, the ten worst findings); the
``github`` format appends it to the job summary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO

from cohesion_cli import exitcodes
from cohesion_cli.domain import Outcome, Result, Severity
from cohesion_cli.output.base import RenderOptions, below_minimum, shown
from cohesion_cli.output.locale import middle
from cohesion_cli.output.printable import printable
from cohesion_cli.output.texts import Texts, report_language
from cohesion_cli.output.visits import section, subject_text
from cohesion_cli.triage.report import Report

NAME = "markdown"
SUMMARY_FINDINGS = 10
"""How many findings ``summary()`` lists."""

_MARKS = {exitcodes.OK: "✓", exitcodes.FINDINGS: "✗", exitcodes.UNREADABLE: "!"}

_SPECIAL = re.compile(r"[\\`*\[\]<|~]|&(?=#?\w+;)|(?<![^\W_])_|_(?![^\W_])")


def render(report: Report, out: IO[str], options: RenderOptions) -> None:
    t = Texts(report_language(report, options), report.rules, "markdown")
    words = Texts(report_language(report, options), report.rules)
    listed = shown(report, options)
    lines = [f"# {t['title'].format(brand=_text(report.brand))}", "",
             t["meta"].format(date=_text(t.date(report.generated_at)),
                              rulebook=_code(report.rulebook, table=False)), "",
             _verdict(report, t), "", *_changes(report, words), f"## {t['channels']}", ""]
    lines += _table([t["channel"], t["kind"], t["owner"], t["score_col"], t["read"],
                     t["unreadable"]], _channel_rows(report, t, words))
    lines += ["", f"## {t['findings'].capitalize()}", ""]
    if not listed:
        lines += [t["none"], ""]
    for severity in sorted({f.severity for f in listed}, reverse=True):
        group = [f for f in listed if f.severity == severity]
        lines += [f"### {t.severity(severity).capitalize()} ({len(group)})", ""]
        status = [words["col_status"]] if report.tracking else []
        lines += _table([t["channel"], t["subject"], t["fact"], t["outcome"], t["expected"],
                         t["observed"], t["evidence"], *status],
                        ([_code(f.channel), _subject(report, f, t), _text(t.fact(f.rule)),
                          t.outcome(f.outcome), _text(t.expected(f), 60) or "—",
                          _text(t.observed(f), 60) or "—", _evidence(f, t),
                          *[" · ".join(_status(report, f, words))][:len(status)]]
                         for f in group))
        lines.append("")
    hidden = below_minimum(report, options)
    if hidden:
        lines += [t["hidden"].format(n=hidden, level=t.severity(options.min_severity)), ""]
    lines += _visits(report, t.lang)
    lines += [f"## {t['plan']}", "", *_plan(report, listed, t, words)]
    lines += _resolved(report, words)
    lines += [f"## {t['left_out']}", "", *_left_out(report, t)]
    out.write("\n".join(lines).rstrip("\n") + "\n")


def summary(report: Report, options: RenderOptions) -> str:
    """A short Markdown summary: verdict, channel scores and the worst findings."""
    t = Texts(report_language(report, options), report.rules, "markdown")
    listed = shown(report, options)
    lines = [f"## cohesion · {_text(report.brand)}", "", _verdict(report, t), "",
             *_changes(report, Texts(report_language(report, options), report.rules))]
    lines += _table([t["channel"], t["score_col"], t["findings_col"]],
                    ([_code(c.id), _score(report.score(c.id), t),
                      str(sum(f.channel == c.id for f in listed))] for c in report.channels))
    if listed:
        lines += ["", f"**{t['worst']}**", ""]
        lines += _table([t["severity"], t["channel"], t["subject"], t["fact"], t["outcome"],
                         t["expected"], t["observed"]],
                        ([t.severity(f.severity), _code(f.channel), _subject(report, f, t),
                          _text(t.fact(f.rule)), t.outcome(f.outcome),
                          _text(t.expected(f), 60) or "—", _observed(f, t)]
                         for f in listed[:SUMMARY_FINDINGS]))
        if len(listed) > SUMMARY_FINDINGS:
            lines += ["", t["more"].format(n=len(listed) - SUMMARY_FINDINGS)]
    return "\n".join(lines) + "\n"


def _observed(f: Result, t: Texts) -> str:
    if f.outcome is Outcome.UNVERIFIABLE and f.reason:
        return f"*{_text(t.reason(f), 60)}*"
    return _text(t.observed(f), 60) or "—"


def _verdict(report: Report, t: Texts) -> str:
    count = len(report.findings)
    by_severity = report.counts()["by_severity"]
    parts = [f"{t.severity(Severity.parse(level))}: {n}"
             for level, n in by_severity.items() if n]
    head = (f"{count} {t['finding'] if count == 1 else t['findings']} ({', '.join(parts)})"
            if count else t["no_findings"])
    code = report.exit_code
    if code == exitcodes.OK:
        why = t["exit_ok"]
    elif code == exitcodes.UNREADABLE:
        why = t["exit_unreadable"]
    else:  # exit 1: findings reached --fail-on, which is then set
        assert report.fail_on is not None
        why = t["exit_fail"].format(level=t.severity(report.fail_on))
    n = len(report.channels)
    across = t["across_one"] if n == 1 else t["across"].format(n=n)
    return (f"**{t['verdict']}:** {_MARKS.get(code, '?')} {head} "
            f"{across} · "
            f"{t['score'].format(score=_score(report.score(), t))} · "
            f"{t['exit'].format(code=code)}: {why}")


def _channel_rows(report: Report, t: Texts, words: Texts) -> Iterable[list[str]]:
    for c in report.channels:
        name = _code(c.id) if c.name in ("", c.id) else f"{_text(c.name, 40)} ({_code(c.id)})"
        yield [name, _text(words.get(f"kind_{c.kind}", c.kind)), _text(c.owner, 40) or "—",
               _score(report.score(c.id), t), str(c.documents - c.unreadable),
               str(c.unreadable)]


def _plan(report: Report, listed: list[Result], t: Texts, words: Texts) -> list[str]:
    """One checklist per owner, owners with overdue work first; in each, overdue items
    first, then by due date and severity."""
    if not listed:
        return [t["nothing"], ""]
    owners = {c.id: c.owner.strip() for c in report.channels}
    groups: dict[str, list[Result]] = {}
    for f in listed:
        groups.setdefault(owners.get(f.channel, ""), []).append(f)
    order = sorted(groups, key=lambda o: (o == "", not any(_late(report, f) for f in groups[o]),
                                          -max(f.severity for f in groups[o]),
                                          -len(groups[o]), o))
    lines = [t["plan_intro"], ""]
    for owner in order:
        lines += [f"### {_text(owner) if owner else t['no_owner']}", ""]
        items = sorted(groups[owner], key=lambda f: (not _late(report, f), _due(report, f),
                                                     -f.severity))
        lines += [f"- [ ] **{t.severity(f.severity)}** · {_code(f.channel, table=False)} · "
                  f"{_subject(report, f, t, table=False)}: {_action(f, t)}"
                  + "".join(f" · {part}" for part in _status(report, f, words))
                  for f in items]
        lines.append("")
    return lines


def _late(report: Report, f: Result) -> bool:
    tracked = report.tracking.get(f.fingerprint)
    return tracked is not None and tracked.overdue_on(report.generated_at)


def _due(report: Report, f: Result) -> str:
    tracked = report.tracking.get(f.fingerprint)
    return tracked.due if tracked is not None else ""


def _status(report: Report, f: Result, words: Texts) -> list[str]:
    """[status, due date] for people; nothing when the finding is not tracked."""
    tracked = report.tracking.get(f.fingerprint)
    if tracked is None:
        return []
    status = words.status(tracked.status)
    return [f"**{status}**" if tracked.status == "overdue" else status,
            words["due_on"].format(date=words.day(tracked.due))]


def _changes(report: Report, words: Texts) -> list[str]:
    sentence = words.changes(report.changes)
    return [_text(sentence), ""] if sentence else []


def _resolved(report: Report, words: Texts) -> list[str]:
    if report.changes is None or not report.changes.resolved:
        return []
    lines = [f"## {words['resolved_h']}", ""]
    lines += [f"- ✓ {_code(s.result.rule, table=False)} · {_code(s.result.channel, table=False)}"
              f" · {_subject(report, s.result, words, table=False)} "
              f"({words['first_seen'].format(date=words.day(s.first_seen))})"
              for s in report.changes.resolved]
    return [*lines, ""]


def _action(f: Result, t: Texts) -> str:
    fact = _text(t.fact(f.rule))
    if f.outcome is Outcome.UNVERIFIABLE:
        return t["unverifiable_do"].format(fact=fact, reason=_text(t.reason(f) or "?", 100))
    if f.outcome is Outcome.MISSING:
        return t["missing_do"].format(fact=fact, expected=_text(t.expected(f) or "?", 60))
    return t["divergent_do"].format(fact=fact, expected=_text(t.expected(f) or "?", 60),
                                    observed=_text(t.observed(f) or "?", 60))


def _left_out(report: Report, t: Texts) -> list[str]:
    lines = [f"- {t['baselined'].format(n=report.baselined)}",
             f"- {t['suppressed'].format(n=len(report.suppressed))}"]
    lines += [f"  - {_code(r.rule, table=False)} · {_code(r.channel, table=False)} · "
              f"{_subject(report, r, t, table=False)}: "
              f"{_text(why, 160)}" for r, why in report.suppressed]
    if report.suppression_notes:
        lines.append(f"- {t['notes']}")
        lines += [f"  - {_text(note, 200)}" for note in report.suppression_notes]
    if report.archive:
        lines += ["", t["archive"].format(path=_code(report.archive, table=False))]
    return lines


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _subject(report: Report, f: Result, t: Texts, table: bool = True) -> str:
    """The product's name and code, a contact, or a store-wide subject in words."""
    name = report.subjects.get(f.subject)
    if name:
        return f"{_text(name, 40)} ({_code(f.subject, 30, table)})"
    contact = subject_text(f.subject, t.lang)
    return _text(contact, 110) if contact else _text(t.subject_name(f.subject, {}), 60)


def _evidence(f: Result, t: Texts) -> str:
    ev = f.evidence
    excerpt = f"“{_text(ev.excerpt, 80)}”" if ev is not None and ev.excerpt.strip() else ""
    reason = f"*{_text(t.reason(f), 80)}*" if f.reason.strip() else ""
    parts = [excerpt, reason] if f.outcome is Outcome.DIVERGENT else [reason, excerpt]
    if ev is not None and ev.source:
        parts.append(_code(middle(ev.source, 48)))
    return "<br>".join(p for p in parts if p)


def _score(score: int | None, t: Texts) -> str:
    return t["na"] if score is None else str(score)


def _shorten(value: str, limit: int | None) -> str:
    value = " ".join(printable(value).split())
    if limit is not None and len(value) > limit:
        value = value[:limit - 1].rstrip() + "…"
    return value


def _text(value: str, limit: int | None = None) -> str:
    """Plain text for a table cell or a line: one line, short, Markdown syntax escaped."""
    return _SPECIAL.sub(lambda m: "\\" + m.group(), _shorten(value, limit))


def _code(value: str, limit: int | None = 60, table: bool = True) -> str:
    """A code span that survives any content; in a table, pipes are escaped (GFM)."""
    value = _shorten(value, limit)
    if table:
        value = value.replace("|", "\\|")
    if not value:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if "`" in (value[0], value[-1]) else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _visits(report: Report, lang: str) -> list[str]:
    """The mystery-shopper section (``output.visits``): one row per call, store visit or
    chat, then the average score per store and per channel; nothing without contacts."""
    view = section(report, lang)
    if view is None:
        return []
    w = view.labels
    lines = [f"## {w['title']}", "", _text(view.intro), ""]
    lines += _table(
        [w["when"], w["type"], w["where"], w["who"], w["wait"], w["duration"], w["score"],
         w["notes"], w["files"]],
        ([_text(r.when), _text(r.type), _text(r.visit.visit.where, 60),
          _text(r.visit.visit.who, 40) or "—",
          f"**{_text(r.wait)}** ({_text(r.late)})" if r.late else _text(r.wait),
          _text(r.duration), f"**{_text(r.score)}**" if r.below else _text(r.score),
          _text("; ".join(r.notes), 120) or "—",
          "<br>".join(_code(f.path) + (f" ({_text(f.problem)})" if f.problem else "")
                      for f in r.files) or "—"]
         for r in view.rows))
    lines += ["", f"### {w['stores']}", ""]
    lines += _table([w["channel"], w["store"], w["contacts"], w["average"]],
                    ([_code(s.channel), _text(s.store, 60), str(s.contacts), s.average]
                     for s in view.stores))
    lines += ["", " · ".join(f"{_code(c, table=False)}: {w['average'].lower()} {avg}"
                             for c, avg in view.channels), ""]
    return lines
