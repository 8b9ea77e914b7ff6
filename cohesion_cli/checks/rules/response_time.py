"""response_time: on conversational channels (WhatsApp exports), every customer question
is answered by a person within ``policies.service_level.first_response_minutes``, the
time a customer feels:

- only messages that await an answer are questions ("obrigada", "ok", emoji are not);
- the first *human* answer counts: automatic messages are skipped — those containing a
  phrase of ``service_level.auto_replies``, the same long message sent first after
  several questions (in any conversation of any channel), and replies within
  ``auto_reply_seconds`` (exports with seconds);
- with ``service_level.hours`` only open minutes count: a question asked at 22:10 is
  measured from the next opening.

Each channel reports the median, the 90th percentile and the share of questions answered
within the service level (``figures`` in JSON), and the slowest answer; a question never
answered counts as too slow. Channels without measured answers are not judged.
"""

from __future__ import annotations

import math
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime

from cohesion_cli.checks.business_hours import is_open, open_minutes
from cohesion_cli.checks.context import Context, result
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import Answer, Fact, Outcome, ResponseTime, Result
from cohesion_cli.message import Msg, msg
from cohesion_cli.rulebook.policies import Schedule, ServiceLevel
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "response_time"
TEMPLATE_LENGTH = 40
"""Characters a message needs before a repeated one is taken for an automatic message."""


@dataclass(frozen=True)
class _Clock:
    """What decides which answer is human and how long the customer waited."""

    level: ServiceLevel
    schedule: Schedule | None
    holidays: frozenset[date]
    phrases: tuple[str, ...]
    templates: frozenset[str]

    def automatic(self, value: ResponseTime, answer: Answer) -> bool:
        text = _fold(answer.text)
        if text in self.templates or any(p in text for p in self.phrases):
            return True
        waited = (_moment(answer.at) - _moment(value.asked)).total_seconds()
        return value.precise and 0 <= waited <= self.level.auto_reply_seconds


@dataclass(frozen=True)
class _Wait:
    fact: Fact
    minutes: float
    """Open minutes to the first human answer; infinity when never answered."""
    answer: Answer | None
    skipped: int
    """Automatic messages skipped before the human answer."""
    after_hours: bool


def check(ctx: Context) -> Iterator[Result]:
    level = ctx.rulebook.policies.service_level
    if level is None:
        return
    limit = level.first_response_minutes
    measured = [(data, [f for d in data.readable for f in d.facts
                        if isinstance(f.value, ResponseTime)])
                for data in ctx.channels if data.expects(ID)]
    firsts = Counter(_fold(f.value.answers[0].text) for _, facts in measured for f in facts
                     if isinstance(f.value, ResponseTime) and f.value.answers)
    clock = _Clock(level, level.schedule(), frozenset(level.holidays),
                   tuple(_fold(p) for p in level.auto_replies if _fold(p)),
                   frozenset(t for t, n in firsts.items() if n > 1 and len(t) >= TEMPLATE_LENGTH))
    for data, facts in measured:
        if not facts:
            continue
        waits = [_wait(f, clock) for f in facts]
        worst = max(waits, key=lambda w: w.minutes)
        late = [w for w in waits if w.minutes > limit]
        times = sorted(w.minutes for w in waits)
        median, p90 = statistics.median(times), times[math.ceil(0.9 * len(times)) - 1]
        within = len(waits) - len(late)
        share = round(100 * within / len(waits))
        skipped = sum(w.skipped for w in waits)
        after = sum(w.after_hours for w in waits)
        notes = [msg("late", "{n} of {total} question(s) answered late",
                     n=len(late), total=len(waits))] if late else []
        if skipped:
            notes.append(msg("automatic_skipped", "{n} automatic message(s) not counted as "
                             "answers", n=skipped))
        if after:
            notes.append(msg("after_hours", "{n} question(s) asked outside business hours, "
                             "measured from the next opening", n=after))
        yield replace(result(
            ID, data, "policy:service_level", Outcome.DIVERGENT if late else Outcome.OK,
            expected=msg("answer_within", "first answer within {minutes} min",
                         minutes=float(limit)),
            observed=msg("wait_figures", "median {median}, p90 {p90}, {share}% within {limit} "
                         "min ({within} of {total}); slowest: {slowest}",
                         median=_show(median), p90=_show(p90), share=share, limit=float(limit),
                         within=within, total=len(waits), slowest=_slowest(worst)),
            fact=_evidence_of(worst),
            reason=msg("sentences", "{sentences:; }", sentences=tuple(notes)) if late
            else ""), figures=(
            ("questions", len(waits)), ("answered", sum(w.answer is not None for w in waits)),
            ("median_minutes", _figure(median)), ("p90_minutes", _figure(p90)),
            ("within", within), ("within_share", round(within / len(waits), 4)),
            ("limit_minutes", limit), ("slowest_minutes", _figure(worst.minutes)),
            ("automatic_skipped", skipped), ("after_hours", after)))


def _wait(fact: Fact, clock: _Clock) -> _Wait:
    value = fact.value
    assert isinstance(value, ResponseTime)
    if not value.asked:  # a fact without times (an older export reading): as measured
        minutes = math.inf if value.minutes is None else value.minutes
        return _Wait(fact, minutes, None, 0, False)
    human = next((a for a in value.answers if not clock.automatic(value, a)), None)
    skipped = value.answers.index(human) if human is not None else len(value.answers)
    asked = _moment(value.asked)
    minutes = math.inf if human is None else round(
        open_minutes(asked, _moment(human.at), clock.schedule, clock.holidays), 1)
    return _Wait(fact, minutes, human, skipped,
                 not is_open(asked, clock.schedule, clock.holidays))


def _evidence_of(wait: _Wait) -> Fact:
    """The fact, its excerpt ending with the answer that was measured."""
    value = wait.fact.value
    assert isinstance(value, ResponseTime)
    if wait.answer is None or (value.answers and wait.answer == value.answers[0]):
        return wait.fact
    question = wait.fact.evidence.excerpt.partition(" → ")[0]
    at = _moment(wait.answer.at).strftime("%H:%M")
    excerpt = f"{question} → {at} {wait.answer.text[:60]}"
    return replace(wait.fact, evidence=replace(wait.fact.evidence, excerpt=excerpt))


def _slowest(wait: _Wait) -> Msg:
    value = wait.fact.value
    assert isinstance(value, ResponseTime)
    if wait.answer is None:
        return msg("never_answered", "never answered (asked {asked})", asked=value.asked_at)
    return msg("answered_in", "{minutes} min (asked {asked})", minutes=float(wait.minutes),
               asked=value.asked_at)


def _show(minutes: float) -> Msg:
    if math.isinf(minutes):
        return msg("no_answer", "no answer")
    return msg("minutes", "{minutes} min", minutes=float(round(minutes, 1)))


def _figure(minutes: float) -> float | None:
    return None if math.isinf(minutes) else round(minutes, 1)


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


RULE = Rule(
    info=RuleInfo(id=ID, severity="medium", doc=__doc__ or "", tag="service", words={
        "en": Words(
            "Response time",
            "response time",
            actions={"divergent": "Answer customers within the service level"},
            subjects={"service_level": "service level"},
        ),
        "pt-BR": Words(
            "Tempo de resposta",
            "tempo de resposta",
            actions={"divergent": "Responder clientes dentro do nível de serviço"},
            subjects={"service_level": "nível de serviço"},
        ),
    }),
    check=check, consumes=("response_time",),
    defined_in=("policies", "service_level"), channel_fact=True,
)
