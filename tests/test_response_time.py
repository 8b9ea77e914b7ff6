"""Response time as a customer feels it: questions that await an answer, the first human
answer (automatic greetings skipped), business hours, and the figures reported."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from cohesion_cli.channels.parsers.whatsapp import (
    Message,
    awaits_answer,
    first_responses,
    parse_export,
)
from cohesion_cli.checks.business_hours import is_open, open_minutes
from cohesion_cli.rulebook.policies import ServiceLevel

WEEKDAYS = ServiceLevel(first_response_minutes=15,
                        hours={"mon-fri": "09:00-18:00", "sat": "09:00-13:00"}).schedule()


def _said(text: str, media: bool = False) -> Message:
    return Message(datetime(2025, 5, 14, 9, 0), "Ana", text, 1, media)


@pytest.mark.parametrize("text", [
    "obrigada", "Obrigada!", "Ok", "ok 👍", "👍🙏", "Beleza, obrigada!",
    "Perfeito, obrigada Carla!",
    "Entendi. Obrigada pela ajuda!", "Thanks!", "Thank you so much", "Vielen Dank", "Merci",
    "gracias", "Dank je wel", "Valeu!!!", "Tá bom",
])
def test_courtesy_awaits_no_answer(text: str) -> None:
    assert not awaits_answer(_said(text))


@pytest.mark.parametrize("text", [
    "Oi!", "Oi, boa tarde!", "Quanto está?", "ok, e o frete?", "Pode mandar, obrigada!",
    "Ok, vou ver com calma. Obrigada!", "Thanks, and the delivery time", "Tem no 38",
])
def test_questions_await_an_answer(text: str) -> None:
    assert awaits_answer(_said(text))


def test_media_awaits_an_answer() -> None:
    assert awaits_answer(_said("<Mídia oculta>", media=True))


def test_thanks_after_an_answer_is_no_question() -> None:
    messages = parse_export(
        "14/05/2025 10:00 - Ana: Qual o prazo?\n"
        "14/05/2025 10:02 - Loja: 5 dias úteis.\n"
        "14/05/2025 10:03 - Ana: Obrigada!\n"
        "14/05/2025 18:00 - Ana: E a troca?\n"
        "14/05/2025 18:05 - Loja: 30 dias.\n"
        "14/05/2025 18:06 - Ana: ok 👍\n")
    plain = first_responses(messages, {"Loja"})
    assert [r.question.line for r in plain] == [1, 3, 6]
    felt = first_responses(messages, {"Loja"}, awaits=awaits_answer)
    assert [(r.question.line, r.answer.line if r.answer else None) for r in felt] == [
        (1, 2), (4, 5)]


def test_answers_keep_the_brand_messages_after_the_question() -> None:
    messages = parse_export(
        "14/05/2025 10:00 - Ana: Oi?\n"
        "14/05/2025 10:00 - Loja: Olá! Em instantes te respondemos.\n"
        "14/05/2025 10:20 - Loja: Oi Ana, aqui é a Carla.\n"
        "14/05/2025 10:21 - Ana: Qual o prazo?\n")
    first, second = first_responses(messages, {"Loja"}, awaits=awaits_answer)
    assert [m.line for m in first.answers] == [2, 3]
    assert second.answers == () and second.answer is None


# Business hours ----------------------------------------------------------------------------


def test_after_hours_question_is_measured_from_the_next_opening() -> None:
    asked = datetime(2025, 5, 13, 22, 10)  # a Tuesday night
    assert open_minutes(asked, datetime(2025, 5, 14, 9, 5), WEEKDAYS) == 5
    assert open_minutes(asked, datetime(2025, 5, 14, 9, 5), None) == 655
    assert not is_open(asked, WEEKDAYS) and is_open(datetime(2025, 5, 14, 9, 0), WEEKDAYS)


def test_weekends_holidays_and_long_spans() -> None:
    friday = datetime(2025, 5, 16, 17, 50)
    monday = datetime(2025, 5, 19, 9, 10)
    assert open_minutes(friday, monday, WEEKDAYS) == 10 + 4 * 60 + 10  # Saturday 09-13
    assert open_minutes(friday, monday, WEEKDAYS, {date(2025, 5, 17)}) == 20
    weekly = 5 * 9 * 60 + 4 * 60
    start = datetime(2025, 5, 12, 0, 0)  # a Monday
    assert open_minutes(start, datetime(2026, 5, 11, 0, 0), WEEKDAYS) == 52 * weekly
    assert open_minutes(start, datetime(2026, 5, 11, 0, 0), WEEKDAYS,
                        {date(2025, 12, 25)}) == 52 * weekly - 9 * 60
    assert open_minutes(monday, friday, WEEKDAYS) == 0


@pytest.mark.parametrize(("hours", "message"), [
    ({"weekdays": "09:00-18:00"}, "not a day"),
    ({"mon": "18:00-09:00"}, "end before they start"),
    ({"mon": "9 to 5"}, "not opening hours"),
    ({"mon": ["09:00-13:00", "12:00-18:00"]}, "overlap"),
    ({}, "no opening hours"),
])
def test_bad_hours_are_refused_with_the_reason(
    cli: Callable[..., Result], write: Callable[[str, str], Path], hours: dict[str, Any],
    message: str,
) -> None:
    rulebook = write("cohesion.yaml", "brand: A\npolicies:\n  service_level:\n"
                     f"    first_response_minutes: 15\n    hours: {json.dumps(hours)}\n"
                     "channels: [{id: zap, kind: whatsapp, location: c.txt, "
                     "brand_participants: [Loja]}]\n")
    result = cli("validate", str(rulebook))
    assert result.exit_code == 2
    assert message in result.output


# The check, end to end ---------------------------------------------------------------------

GREETING = ("Olá! Que bom ter você aqui. Nosso atendimento funciona de segunda a sexta, "
            "das 9h às 18h. Em instantes uma atendente vai te responder!")


def _check(cli: Callable[..., Result], write: Callable[[str, str], Path],
           level: str, **exports: str) -> dict[str, Any]:
    for name, text in exports.items():
        write(f"{name}.txt", text)
    pages = ", ".join(f"{name}.txt" for name in exports)
    rulebook = write("cohesion.yaml", f"""\
brand: Aurora
policies:
  service_level:
{level}
channels:
  - {{id: zap, kind: whatsapp, policy_pages: [{pages}], brand_participants: [Loja Aurora]}}
""")
    data = json.loads(cli("check", str(rulebook), "--format", "json", "--no-history").output)
    (found,) = [r for r in data["results"] if r["rule"] == "response_time"]
    return dict(found)


def test_auto_greeting_pattern_is_not_the_answer(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    chat = ("14/05/2025 10:00 - Ana: Oi! Tem a bota no 37?\n"
            f"14/05/2025 10:00 - Loja Aurora: {GREETING}\n"
            "14/05/2025 11:28 - Loja Aurora: Oi Ana, temos sim!\n")
    plain = _check(cli, write, "    first_response_minutes: 15", a=chat)
    assert plain["outcome"] == "ok", "without a pattern the greeting is taken for the answer"
    found = _check(cli, write, "    first_response_minutes: 15\n"
                   "    auto_replies: [que bom ter voce aqui]", a=chat)
    assert found["outcome"] == "divergent"
    assert found["figures"]["slowest_minutes"] == 88
    assert found["figures"]["automatic_skipped"] == 1
    assert "88 min (asked 14/05/2025 10:00)" in found["observed"]
    assert found["evidence"]["excerpt"].endswith("→ 11:28 Oi Ana, temos sim!")


def test_the_same_greeting_in_two_conversations_is_automatic(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    one = ("14/05/2025 10:00 - Ana: Oi! Tem a bota no 37?\n"
           f"14/05/2025 10:00 - Loja Aurora: {GREETING}\n"
           "14/05/2025 10:40 - Loja Aurora: Oi Ana, temos sim!\n")
    two = ("15/05/2025 14:00 - Bia: Qual o prazo para Recife?\n"
           f"15/05/2025 14:01 - Loja Aurora: {GREETING}\n"
           "15/05/2025 14:05 - Loja Aurora: Oi Bia! 6 a 9 dias úteis.\n")
    alone = _check(cli, write, "    first_response_minutes: 15", a=one)
    assert alone["outcome"] == "ok"
    found = _check(cli, write, "    first_response_minutes: 15", a=one, b=two)
    assert found["outcome"] == "divergent"
    assert found["figures"]["automatic_skipped"] == 2
    assert found["figures"]["median_minutes"] == 22.5
    assert found["figures"]["within"] == 1


def test_instant_reply_with_seconds_is_automatic(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    chat = ("[14/05/2025, 10:00:05] Ana: Vocês entregam em Recife?\n"
            "[14/05/2025, 10:00:07] Loja Aurora: Recebemos sua mensagem!\n"
            "[14/05/2025, 10:30:07] Loja Aurora: Entregamos sim, Ana.\n")
    found = _check(cli, write, "    first_response_minutes: 15", a=chat)
    assert found["outcome"] == "divergent"
    assert found["figures"]["slowest_minutes"] == 30
    slow = _check(cli, write, "    first_response_minutes: 15\n    auto_reply_seconds: 1", a=chat)
    assert slow["outcome"] == "ok"


def test_after_hours_and_thanks_with_figures(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    chat = ("13/05/2025 22:10 - Ana: Oi, vocês têm a bota no 37?\n"
            "14/05/2025 09:05 - Loja Aurora: Bom dia, Ana! Temos sim.\n"
            "14/05/2025 09:06 - Ana: Obrigada!\n"
            "14/05/2025 10:00 - Ana: E o prazo para Campinas?\n"
            "14/05/2025 10:02 - Loja Aurora: 3 a 5 dias úteis.\n"
            "14/05/2025 10:03 - Ana: Perfeito, obrigada Carla! 😊\n"
            "14/05/2025 11:00 - Ana: A troca é grátis?\n"
            "14/05/2025 11:20 - Loja Aurora: Sim, em 30 dias.\n")
    level = "    first_response_minutes: 15\n    hours: {mon-fri: \"09:00-18:00\"}"
    found = _check(cli, write, level, a=chat)
    assert found["figures"] == {
        "questions": 3, "answered": 3, "median_minutes": 5.0, "p90_minutes": 20.0,
        "within": 2, "within_share": 0.6667, "limit_minutes": 15.0, "slowest_minutes": 20.0,
        "automatic_skipped": 0, "after_hours": 1,
    }
    assert found["observed"] == ("median 5 min, p90 20 min, 67% within 15 min (2 of 3); "
                                 "slowest: 20 min (asked 14/05/2025 11:00)")
    assert found["reason"] == ("1 of 3 question(s) answered late; 1 question(s) asked "
                               "outside business hours, measured from the next opening")
    clock = _check(cli, write, "    first_response_minutes: 15", a=chat)
    assert clock["figures"]["slowest_minutes"] == 655


def test_figures_travel_through_a_saved_result(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    write("a.txt", "14/05/2025 10:00 - Ana: Oi?\n14/05/2025 10:30 - Loja Aurora: Oi!\n")
    rulebook = write("cohesion.yaml", """\
brand: Aurora
policies: {service_level: {first_response_minutes: 15}}
channels:
  - {id: zap, kind: whatsapp, location: a.txt, brand_participants: [Loja Aurora]}
""")
    saved = tmp_path / "run.json"
    saved.write_text(cli("check", str(rulebook), "--format", "json", "--no-history").output,
                     encoding="utf-8")
    again = json.loads(cli("report", str(saved), "--format", "json").output)
    (found,) = again["findings"]
    assert found["figures"]["slowest_minutes"] == 30
