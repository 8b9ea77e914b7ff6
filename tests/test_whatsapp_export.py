"""WhatsApp export parser: real export shapes from tests/fixtures/whatsapp/, date order,
first-response times, and robustness on arbitrary text."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from cohesion_cli.channels.parsers.whatsapp import (
    Message,
    Reply,
    Unplaced,
    first_responses,
    parse_export,
    read_export,
)

FIXTURES = Path(__file__).parent / "fixtures" / "whatsapp"
MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def load(name: str) -> list[Message]:
    return parse_export((FIXTURES / name).read_text(encoding="utf-8"))


def summary(messages: list[Message]) -> list[tuple[int, str | None, bool]]:
    return [(m.line, m.author, m.media) for m in messages]


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.name)
def test_every_fixture_parses_and_points_at_its_lines(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    lines = raw.split("\n")
    messages = parse_export(raw)
    assert messages
    for message in messages:
        assert not any(mark in message.text for mark in MARKS)
        assert message.author is None or not any(mark in message.author for mark in MARKS)
        first_line = message.text.split("\n", 1)[0]
        assert first_line in lines[message.line - 1].translate({ord(c): None for c in MARKS})
    assert [m.line for m in messages] == sorted({m.line for m in messages})


def test_android_pt_br_24h_conversation() -> None:
    messages = load("android_pt_br_24h.txt")
    assert summary(messages) == [
        (1, None, False),
        (2, "Mariana Lopes", False),
        (3, "Mariana Lopes", False),
        (4, "Loja Aurora", False),
        (5, "Loja Aurora", False),
        (6, "Loja Aurora", False),
        (7, "Mariana Lopes", False),
        (8, "Mariana Lopes", False),
        (9, "Loja Aurora", False),
        (13, "Mariana Lopes", False),
        (14, "Mariana Lopes", False),
    ]
    assert messages[0].when == datetime(2025, 5, 14, 9, 10)
    assert messages[0].text.startswith("As mensagens e as chamadas são protegidas")
    assert messages[2].text == "Vi no site por R$ 399,90"
    assert messages[4].text == (
        "A Aurora Espresso sai por R$ 399,90 à vista no Pix ou em até 10x sem juros "
        "de R$ 39,99 no cartão."
    )
    assert messages[5].text.startswith("Prazo de entrega para o CEP 01310-100: de 3 a 5 dias")
    assert messages[8].when == datetime(2025, 5, 14, 10, 5)
    assert messages[8].text == (
        "Vale o preço do nosso site: R$ 399,90.\n"
        "Frete grátis para compras acima de R$ 299,00.\n"
        "\n"
        "Troca em até 30 dias."
    )
    assert messages[3].text == "Bom dia, Mariana! Temos sim 😊"
    assert messages[-1].when == datetime(2025, 5, 15, 8, 2)


def test_android_pt_br_first_responses() -> None:
    replies = first_responses(load("android_pt_br_24h.txt"), {"Loja Aurora"})
    assert [(r.question.line, r.answer.line if r.answer else None) for r in replies] == [
        (2, 4),
        (7, 9),
        (13, None),
    ]
    assert [r.minutes for r in replies] == [19.0, 25.0, None]


def test_android_en_us_12h_month_first() -> None:
    messages = load("android_en_us_12h.txt")
    assert summary(messages) == [
        (1, None, False),
        (2, "Jordan Miller", False),
        (3, "Jordan Miller", True),
        (4, "Aurora Store", False),
        (5, "Aurora Store", True),
        (7, "Jordan Miller", False),
    ]
    assert [m.when for m in messages] == [
        datetime(2025, 5, 14, 9, 5),
        datetime(2025, 5, 14, 9, 12),
        datetime(2025, 5, 14, 9, 14),  # U+202F before AM
        datetime(2025, 5, 14, 12, 3),  # 12 PM is noon
        datetime(2025, 5, 14, 12, 4),
        datetime(2025, 5, 15, 0, 30),  # 12 AM is midnight
    ]
    assert messages[2].text == "<Media omitted>"
    assert messages[3].text == "Hi Jordan, yes: $79.99, ships in 2-4 business days."
    assert messages[4].text == "IMG-20250514-WA0007.jpg (file attached)\nHere is the box."
    assert messages[5].text == "Thanks, ordered 👍"
    replies = first_responses(messages, {"aurora store"})
    assert [r.minutes for r in replies] == [171.0, None]


def test_ios_pt_br_with_seconds_and_direction_marks() -> None:
    messages = load("ios_pt_br_seconds.txt")
    assert summary(messages) == [
        (1, None, False),  # encryption notice, attributed to the chat name by iOS
        (2, "Ana Souza", False),
        (3, "Ana Souza", True),
        (4, "Loja Aurora", False),
        (6, "Loja Aurora", True),
        (7, "Ana Souza", False),  # a deleted message still belongs to its author
        (8, "Ana Souza", False),
    ]
    assert messages[0].when == datetime(2025, 5, 14, 9, 12, 33)
    assert messages[0].text.startswith("As mensagens e as chamadas são protegidas")
    assert messages[1].text == (
        "Oi! A fritadeira Aurora Air 4L está R$ 399,90 em até 10x sem juros?"
    )
    assert messages[2].text == "<anexado: 00000012-PHOTO-2025-05-14-09-13-02.jpg>"
    assert messages[3].text == (
        "Olá, Ana! Sim, R$ 399,90 em até 10x de R$ 39,99 sem juros.\n"
        "Entrega em 2 a 4 dias úteis para capitais."
    )
    assert messages[4].text == "imagem ocultada"
    assert messages[5].text == "Esta mensagem foi apagada."
    assert messages[6].when == datetime(2025, 5, 14, 21, 3, 45)
    assert messages[6].text == "Comprei! Chega até sexta?"
    replies = first_responses(messages, {"Loja Aurora"})
    assert replies[0].question.line == 2
    assert replies[0].answer is not None and replies[0].answer.line == 4
    assert replies[0].minutes == pytest.approx(27 + 37 / 60)
    assert replies[1].question.line == 7 and replies[1].answer is None


def test_ios_en_12h_with_narrow_no_break_space() -> None:
    messages = load("ios_en_12h.txt")
    assert summary(messages) == [
        (1, None, False),
        (2, None, False),
        (3, "Chris Park", False),
        (4, "Chris Park", True),
        (5, "Aurora Store", False),
        (6, "Aurora Store", True),
    ]
    assert [m.when for m in messages] == [
        datetime(2025, 5, 14, 9, 12, 33),
        datetime(2025, 5, 14, 9, 12, 33),
        datetime(2025, 5, 14, 9, 20, 5),
        datetime(2025, 5, 14, 9, 21, 40),
        datetime(2025, 5, 14, 13, 2, 0),
        datetime(2025, 5, 14, 13, 5, 10),
    ]
    assert messages[3].text == "image omitted"
    assert messages[4].text == "Hi Chris: yes, 12 months, and free returns within 30 days."
    assert messages[5].text == "<attached: 00000031-Warranty-terms.pdf>"
    (reply,) = first_responses(messages, {"Aurora Store"})
    assert reply.minutes == pytest.approx(3 * 60 + 41 + 55 / 60)


def test_two_digit_years_with_commas() -> None:
    messages = load("android_two_digit_years.txt")
    assert [(m.line, m.when, m.author) for m in messages] == [
        (1, datetime(2025, 5, 14, 18, 45), "Paulo"),
        (2, datetime(2025, 5, 14, 18, 47), "Atendimento Aurora"),
        (3, datetime(2025, 5, 14, 18, 48), "Paulo"),
        (4, datetime(2025, 6, 1, 9, 0), "Atendimento Aurora"),
    ]
    assert messages[1].text == "Boa noite, Paulo! Para Recife: 6 a 9 dias úteis."
    replies = first_responses(messages, {"Atendimento Aurora"})
    assert [r.minutes for r in replies] == [2.0, 17 * 24 * 60 + 14 * 60 + 12]


def test_group_with_multiline_media_system_and_phone_authors() -> None:
    messages = load("android_group_mixed.txt")
    phone = "+55 11 98765-4321"
    assert summary(messages) == [
        (1, None, False),
        (2, None, False),  # the colon is inside the quoted group name
        (3, None, False),
        (4, phone, False),
        (9, phone, True),
        (10, "Loja Aurora", True),
        (12, "Loja Aurora", False),
        (13, "Bruno Lima", True),
        (14, None, False),
        (15, phone, False),
    ]
    assert messages[1].text == 'Loja Aurora criou o grupo "Aurora: revendedores"'
    assert messages[2].text == f"Loja Aurora adicionou {phone}"
    assert messages[3].text == (
        "Boa tarde! 👋\nTenho duas dúvidas:\n\n"
        "1) o preço de atacado da Aurora Air 4L\n2) prazo para 20 unidades"
    )
    assert messages[4].text == "<Mídia oculta>"
    assert messages[5].text == (
        "IMG-20250310-WA0012.jpg (arquivo anexado)\n"
        "Tabela de atacado: R$ 329,90 por unidade a partir de 10 unidades 📦"
    )
    assert messages[6].text == "Prazo: 10 dias corridos."
    assert messages[8].text == "Bruno Lima saiu"
    assert messages[9].text == "Fechado ✅"  # trailing blank lines dropped
    replies = first_responses(messages, {" \u200eloja aurora "})
    assert [(r.question.line, r.minutes) for r in replies] == [(4, 15.0), (13, None)]


# Date order ------------------------------------------------------------------------------

AMBIGUOUS = "03/04/2025 10:00 - Ana: primeira\n05/04/2025 11:00 - Loja: segunda\n"


def test_ambiguous_dates_default_to_day_first() -> None:
    assert [m.when for m in parse_export(AMBIGUOUS)] == [
        datetime(2025, 4, 3, 10, 0),
        datetime(2025, 4, 5, 11, 0),
    ]


def test_explicit_month_first() -> None:
    assert [m.when for m in parse_export(AMBIGUOUS, day_first=False)] == [
        datetime(2025, 3, 4, 10, 0),
        datetime(2025, 5, 4, 11, 0),
    ]


def test_second_field_above_twelve_means_month_first() -> None:
    text = "04/03/2025 10:00 - Ana: a\n04/13/2025 10:00 - Ana: b\n"
    assert [m.when.date().isoformat() for m in parse_export(text)] == [
        "2025-04-03",
        "2025-04-13",
    ]


def test_first_field_above_twelve_wins() -> None:
    text = "04/03/2025 10:00 - Ana: a\n13/04/2025 10:00 - Ana: b\n"
    assert [m.when.date().isoformat() for m in parse_export(text)] == [
        "2025-03-04",
        "2025-04-13",
    ]


def test_forced_order_makes_impossible_dates_unreadable() -> None:
    text = "5/14/25, 9:12 AM - Ana: oi\n5/15/25, 9:13 AM - Ana: tudo bem?\n"
    assert parse_export(text, day_first=True) == []
    assert len(parse_export(text, day_first=False)) == 2


def test_forced_day_first_on_month_first_file() -> None:
    text = "4/3/25, 9:12 AM - Ana: oi\n5/14/25, 9:13 AM - Ana: tudo bem?\n"
    export = read_export(text, day_first=True)
    assert [(m.line, m.when, m.text) for m in export.messages] == [
        (1, datetime(2025, 3, 4, 9, 12), "oi"),
    ]
    assert export.unplaced == [Unplaced(2, "5/14/25, 9:13 AM - Ana: tudo bem?")]


# Other shapes and edge cases --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "when"),
    [
        ("14/05/2025 9:12 pm - Ana: oi", datetime(2025, 5, 14, 21, 12)),
        ("14/05/2025 9:12 p.m. - Ana: oi", datetime(2025, 5, 14, 21, 12)),
        ("14/05/2025 12:05 a. m. - Ana: oi", datetime(2025, 5, 14, 0, 5)),
        ("14/05/2025, 9:12\u202fa.m. - Ana: oi", datetime(2025, 5, 14, 9, 12)),
        ("14.05.25, 09:12 - Ana: oi", datetime(2025, 5, 14, 9, 12)),
        ("2025-05-14 09:12 - Ana: oi", datetime(2025, 5, 14, 9, 12)),
        ("[14/05/25 09:12:33] Ana: oi", datetime(2025, 5, 14, 9, 12, 33)),
        ("\u200e[14/05/2025, 09:12] Ana: oi", datetime(2025, 5, 14, 9, 12)),
        ("\ufeff14/05/2025 09:12 - Ana: oi", datetime(2025, 5, 14, 9, 12)),
    ],
)
def test_header_variants(line: str, when: datetime) -> None:
    (message,) = parse_export(line)
    assert (message.when, message.author, message.text, message.line) == (when, "Ana", "oi", 1)


@pytest.mark.parametrize(
    "line",
    [
        "31/02/2025 10:00 - Ana: impossible date",
        "14/05/2025 25:00 - Ana: impossible hour",
        "14/05/2025 13:00 PM - Ana: impossible 12-hour clock",
        "14/05/2025 10:61 - Ana: impossible minute",
        "14/05/202 10:00 - Ana: three-digit year",
        "14/05/2025 10:00 Ana: no dash",
        "[14/05/2025 10:00 Ana: no bracket",
        "\u200e[99/99/2025, 10:00:00] Ana: impossible iOS date",
        "14/05/2025 às 10:00 - Ana: unknown word between date and time",
    ],
)
def test_unplaceable_headers_are_reported_never_merged(line: str) -> None:
    text = f"14/05/2025 09:00 - Ana: first\n{line}\nits second line\n14/05/2025 09:30 - Bia: ok\n"
    export = read_export(text)
    assert [(m.line, m.author, m.text) for m in export.messages] == [
        (1, "Ana", "first"),
        (4, "Bia", "ok"),
    ]
    assert export.unplaced == [Unplaced(2, line.replace("\u200e", ""))]


@pytest.mark.parametrize(
    "line",
    ["15/05/2025 14:00 na loja do centro", "14/05 10:00 - combinado", "10:00 - 12:00 no sábado"],
)
def test_dates_inside_a_message_continue_it(line: str) -> None:
    export = read_export(f"14/05/2025 09:00 - Ana: retirada:\n{line}\n")
    assert [m.text for m in export.messages] == [f"retirada:\n{line}"]
    assert export.unplaced == []


def test_lines_before_the_first_message_are_dropped_and_crlf_is_read() -> None:
    text = "Conversa exportada\r\n\r\n14/05/2025 09:00 - Ana: oi\r\nlinha 2\r\n"
    (message,) = parse_export(text)
    assert (message.line, message.text) == (3, "oi\nlinha 2")


def test_author_with_empty_first_line() -> None:
    (message,) = parse_export("14/05/2025 09:00 - Ana:\nsegunda linha\n")
    assert (message.author, message.text) == ("Ana", "segunda linha")


def test_empty_and_blank_input() -> None:
    assert parse_export("") == []
    assert parse_export("\n\n  \n") == []


def test_media_placeholders_are_flagged_and_ordinary_text_is_not() -> None:
    lines = [
        "<Media omitted>",
        "<Mídia oculta>",
        "\u200evideo omitted",
        "\u200eáudio ocultado",
        "\u200eCatalogo.pdf • 3 páginas \u200edocumento omitido",
        "\u200e<attached: 00000012-PHOTO-2025-05-14-09-12-33.jpg>",
        "PTT-20250514-WA0001.opus (arquivo anexado)",
        "DOC-20250514-WA0002.pdf (file attached)",
        "O valor foi omitido no site",
        "Vou anexar a foto depois",
    ]
    text = "".join(f"14/05/2025 09:{i:02d} - Ana: {line}\n" for i, line in enumerate(lines))
    assert [m.media for m in parse_export(text)] == [True] * 8 + [False] * 2


# first_responses --------------------------------------------------------------------------


def _msg(minute: int, author: str | None) -> Message:
    return Message(datetime(2025, 5, 14, 9, minute), author, "x", minute + 1, False)


def test_first_responses_runs_and_system_messages() -> None:
    messages = [
        _msg(0, "Loja"),  # the brand speaks first: no question yet
        _msg(1, None),
        _msg(2, "Ana"),
        _msg(3, "Ana"),
        _msg(4, None),  # system messages neither answer nor start a question
        _msg(9, "LOJA "),
        _msg(10, "Loja"),
        _msg(20, "Bruno"),
        _msg(30, "Ana"),
        _msg(45, "\u200eloja"),
    ]
    replies = first_responses(messages, {"Loja"})
    assert replies == [Reply(messages[2], messages[5]), Reply(messages[7], messages[9])]
    assert [r.minutes for r in replies] == [7.0, 25.0]


def test_first_responses_without_brand_messages() -> None:
    messages = [_msg(0, "Ana"), _msg(1, "Ana")]
    assert first_responses(messages, {"Loja"}) == [Reply(messages[0], None)]
    assert first_responses([], {"Loja"}) == []
    assert first_responses([_msg(0, "Loja")], {"Loja"}) == []


# Robustness -------------------------------------------------------------------------------


def test_long_and_hostile_inputs_parse() -> None:
    conversation = "14/05/2025 09:12 - Ana Souza: Oi: R$ 399,90 em até 10x\ncontinua\n"
    nasty = "[" + "1/" * 50_000 + "\n" + "1" * 100_000 + " - " + ":" * 100_000 + "\n"
    messages = parse_export(conversation * 20_000 + nasty)
    assert len(messages) == 20_000
    assert messages[-1].line == 39_999


def test_arbitrary_text_never_raises() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = pytest.importorskip("hypothesis.strategies")
    pieces = st.sampled_from([
        "14/05/2025 09:12 - ", "[5/14/25, 9:12:33\u202fAM] ", "31/02/2025 ", "99/99/9999 ",
        "12:00 PM - ", "0:00 AM", "2025-13-40 25:61 - ", "Ana: ", "+55 11 98765-4321: ",
        "\u200e", "\u202a", "<Mídia oculta>", "(file attached)", "\n", "\r\n", ": ", "\"",
        "criou o grupo", "🙂",
    ])
    chunks = st.lists(st.one_of(pieces, st.text(max_size=20)), max_size=40).map("".join)

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(text=st.one_of(st.text(), chunks), day_first=st.sampled_from(
        [None, True, False]))
    def check(text: str, day_first: bool | None) -> None:
        messages = parse_export(text, day_first=day_first)
        total = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
        for message in messages:
            assert 1 <= message.line <= total
        first_responses(messages, {"Ana"})

    check()
