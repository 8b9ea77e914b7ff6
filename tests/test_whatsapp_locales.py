"""WhatsApp exports in every language WhatsApp writes (en, pt-BR, pt-PT, es, de, fr, it, nl),
Android and iOS: system notices are never messages, media placeholders are media, every
header variant is read, and a header-like line that cannot be placed is reported."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import Result

from cohesion_cli.channels.parsers.whatsapp import (
    Unplaced,
    first_responses,
    parse_export,
    read_export,
)

FIXTURES = Path(__file__).parent / "fixtures" / "whatsapp"
LOCALES = {  # locale: (customer, brand)
    "en": ("Sam Lee", "Aurora Store"),
    "pt_br": ("Ana Souza", "Loja Aurora"),
    "pt_pt": ("Rita Costa", "Loja Aurora"),
    "es": ("Lucía Gómez", "Tienda Aurora"),
    "de": ("Jonas Weber", "Aurora Shop"),
    "fr": ("Claire Martin", "Boutique Aurora"),
    "it": ("Marco Rossi", "Negozio Aurora"),
    "nl": ("Sanne de Vries", "Aurora Winkel"),
}
DAY = datetime(2025, 5, 14)


def _at(hour: int, minute: int, second: int = 0) -> datetime:
    return DAY.replace(hour=hour, minute=minute, second=second)


@pytest.mark.parametrize("locale", LOCALES)
def test_android_export_per_locale(locale: str) -> None:
    customer, brand = LOCALES[locale]
    export = read_export((FIXTURES / f"locale_android_{locale}.txt").read_text("utf-8"))
    assert export.unplaced == []
    messages = export.messages
    assert [(m.line, m.when, m.author, m.media) for m in messages] == [
        (1, _at(9, 10), None, False),  # encryption notice
        (2, _at(9, 12), customer, False),
        (3, _at(9, 13), customer, True),  # "<Media omitted>" in the locale
        (4, _at(9, 40), brand, False),
        (6, _at(9, 41), brand, True),  # "IMG-….jpg (file attached)" in the locale
        (8, _at(10, 5), None, False),  # "… added …" in the locale
    ]
    assert messages[3].text.count("\n") == 1
    (reply,) = first_responses(messages, {brand})
    assert (reply.question.line, reply.minutes) == (2, 28.0)


@pytest.mark.parametrize("locale", LOCALES)
def test_ios_export_per_locale(locale: str) -> None:
    customer, brand = LOCALES[locale]
    export = read_export((FIXTURES / f"locale_ios_{locale}.txt").read_text("utf-8"))
    assert export.unplaced == []
    messages = export.messages
    assert [(m.line, m.when, m.author, m.media) for m in messages] == [
        (1, _at(9, 10), None, False),  # encryption notice, written under the brand's name
        (2, _at(9, 12, 5), customer, False),
        (3, _at(9, 13, 30), customer, True),  # "image omitted" in the locale
        (4, _at(9, 40, 10), brand, False),
        (6, _at(9, 41), brand, True),  # "<attached: …>" in the locale
        (7, _at(10, 5, 45), None, False),  # "Missed voice call" in the locale
    ]
    (reply,) = first_responses(messages, {brand})
    assert reply.answer is not None and reply.answer.line == 4


@pytest.mark.parametrize("notice", [
    "Messages and calls are end-to-end encrypted. No one outside of this chat can read them.",
    "Messages to this chat and calls are now secured with end-to-end encryption.",
    "As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta.",
    "As mensagens e as chamadas são encriptadas ponto a ponto. Ninguém fora desta conversa…",
    "Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este chat…",
    "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb dieses Chats…",
    "Nachrichten in diesem Chat sowie Anrufe sind jetzt mit Ende-zu-Ende-Verschlüsselung "
    "geschützt.",
    "Les messages et les appels sont chiffrés de bout en bout. Aucun tiers…",
    "I messaggi e le chiamate sono crittografati end-to-end. Nessuno al di fuori di questa chat…",
    "Berichten en gesprekken worden end-to-end versleuteld. Niemand buiten deze chat…",
])
def test_ios_encryption_notice_is_never_the_brand_speaking(notice: str) -> None:
    """Older iOS exports write the notice under the chat's name without a direction mark."""
    for line in (f"[14/05/2025, 09:10:00] Loja Aurora: {notice}",
                 f"\u200e[14/05/2025, 09:10:00] Loja Aurora: \u200e{notice}"):
        (message,) = parse_export(line)
        assert message.author is None
    assert first_responses(parse_export(
        f"[14/05/2025, 09:00:00] Ana: Oi?\n[14/05/2025, 09:01:00] Loja Aurora: {notice}\n"
    ), {"Loja Aurora"})[0].answer is None


def test_brand_talking_about_encryption_is_still_the_brand() -> None:
    (message,) = parse_export("[14/05/2025, 09:10:00] Loja Aurora: Nosso site usa "
                              "criptografia de ponta a ponta no pagamento.")
    assert message.author == "Loja Aurora"


@pytest.mark.parametrize("placeholder", [
    # Android, whole message
    "<Media omitted>", "<Mídia oculta>", "<Arquivo de mídia oculto>", "<Multimédia omitido>",
    "<Multimedia omitido>", "<Medien ausgeschlossen>", "<Médias omis>", "<Media omessi>",
    "<Media weggelaten>", "<Video note omitted>",
    # iOS, after a direction mark
    "\u200eaudio omitted", "\u200esticker omitted", "\u200eGIF omitted", "\u200evideo omitted",
    "\u200eáudio ocultado", "\u200efigurinha omitida", "\u200eáudio omitido",
    "\u200eaudio omitido", "\u200esticker omitido", "\u200eAudio weggelassen",
    "\u200eVideo weggelassen", "\u200eSticker weggelassen", "\u200eaudio omis",
    "\u200evidéo absente", "\u200eaudio omesso", "\u200evideo omesso", "\u200esticker omesso",
    "\u200eaudio weggelaten", "\u200evideo weggelaten", "\u200esticker weggelaten",
    # documents and attached files
    "\u200eCatalog.pdf • 3 pages \u200edocument omitted",
    "\u200eKatalog.pdf • 3 Seiten \u200eDokument weggelassen",
    "\u200eCatalogo.pdf • 3 pagine \u200edocumento omesso",
    "\u200eCatalogus.pdf • 3 pagina's \u200edocument weggelaten",
    "DOC-20250514-WA0002.pdf (Datei angehängt)", "PTT-20250514-WA0001.opus (fichier joint)",
    "IMG-20250514-WA0003.jpg (file allegato)", "IMG-20250514-WA0003.jpg (bestand bijgevoegd)",
    "IMG-20250514-WA0003.jpg (ficheiro anexado)",
    "\u200e<Anhang: 00000012-PHOTO-2025-05-14-09-41-00.jpg>",
    "\u200e<allegato: 00000012-PHOTO-2025-05-14-09-41-00.jpg>",
])
def test_media_placeholders_in_every_locale(placeholder: str) -> None:
    (message,) = parse_export(f"14/05/2025 09:12 - Ana: {placeholder}")
    assert (message.author, message.media) == ("Ana", True)


@pytest.mark.parametrize("text", [
    "Das Bild wurde weggelassen, weil es zu groß war",
    "Le prix est omis sur le site",
    "Het document is weggelaten uit de bijlage",
    "Mandei a imagem ocultada ontem?",
])
def test_ordinary_sentences_are_not_media(text: str) -> None:
    (message,) = parse_export(f"14/05/2025 09:12 - Ana: {text}")
    assert not message.media


@pytest.mark.parametrize("text", [
    "\u200eVerpasster Videoanruf", "\u200eLlamada de voz perdida", "\u200eAppel vidéo manqué",
    "\u200eVideochiamata persa", "\u200eGemiste video-oproep", "\u200eMissed video call",
    "\u200eChamada de vídeo perdida", "\u200eJonas hat die Gruppe verlassen",
    "\u200eLucía cambió el asunto a \"Pedidos\"", "\u200eMarco ha creato il gruppo \"Ordini\"",
    "\u200eClaire a créé le groupe « Commandes »",
])
def test_ios_system_notices_under_a_name(text: str) -> None:
    (message,) = parse_export(f"[14/05/2025, 09:10:00] Aurora: {text}")
    assert message.author is None


@pytest.mark.parametrize(("line", "when"), [
    ("14/05/2025 à 09:12 - Ana: oi", datetime(2025, 5, 14, 9, 12)),  # fr
    ("14.5.2025 klo 9.12 - Ana: oi", datetime(2025, 5, 14, 9, 12)),  # fi
    ("14. 5. 2025. 9:12 - Ana: oi", datetime(2025, 5, 14, 9, 12)),  # hr, sk
    ("2025. 05. 14. 9:12 - Ana: oi", datetime(2025, 5, 14, 9, 12)),  # hu
    ("2025-5-14, 9:12:33 PM: Ana: oi", datetime(2025, 5, 14, 21, 12, 33)),
    ("14/05/2025, 09:12: Ana: oi", datetime(2025, 5, 14, 9, 12)),
    ("14/05/2025, 09:12; Ana: oi", datetime(2025, 5, 14, 9, 12)),
    ("14/05/2025, 09:12  - Ana: oi", datetime(2025, 5, 14, 9, 12)),  # two spaces
    ("14.05.25, 9:12 nachm. - Ana: oi", datetime(2025, 5, 14, 21, 12)),  # de 12 h
    ("14.05.25, 12:05 vorm. - Ana: oi", datetime(2025, 5, 14, 0, 5)),
    ("14/05/2025, 12:05 a. m. - Ana: oi", datetime(2025, 5, 14, 0, 5)),  # es 12 h
    ("[14/05/2025 09:12:33] Ana: oi", datetime(2025, 5, 14, 9, 12, 33)),  # fr iOS
    ("[14-05-2025 09:12:33] Ana: oi", datetime(2025, 5, 14, 9, 12, 33)),  # nl iOS
    ("[14.05.25, 9:12:33 PM] Ana: oi", datetime(2025, 5, 14, 21, 12, 33)),
    ("\u200e[14/5/25, 9:12:33] Ana: oi", datetime(2025, 5, 14, 9, 12, 33)),  # es iOS
])
def test_header_variants_of_every_locale(line: str, when: datetime) -> None:
    export = read_export(f"{line}\nsegunda linha")
    assert export.unplaced == []
    (message,) = export.messages
    assert (message.when, message.author, message.text) == (when, "Ana", "oi\nsegunda linha")


def test_day_first_is_read_from_the_dates_of_the_file() -> None:
    text = "5/4/25, 9:12 - Ana: a\n5/13/25, 9:13 - Ana: b\n"  # month-first: 13 is a day
    assert [m.when.date().isoformat() for m in parse_export(text)] == [
        "2025-05-04", "2025-05-13",
    ]


@pytest.mark.parametrize("name", ["chatminer_mmddyy_24hrs.txt", "chatminer_mmddyyyy_12hrs.txt",
                                  "chatminer_yyyymmdd_24hrs.txt"])
def test_exports_from_another_project(name: str) -> None:
    """Export shapes published by chat-miner (MIT; see SOURCES.md): iOS brackets without
    seconds, "a. m."/"p. m.", year first; all month-first."""
    export = read_export((FIXTURES / name).read_text("utf-8"))
    assert export.unplaced == []
    assert [(m.line, m.when, m.author) for m in export.messages] == [
        (1, datetime(2019, 1, 1, 11, 25), "John Doe"),
        (2, datetime(2019, 1, 20, 11, 23), None),  # "John Doe:." has no ": ": not a message
        (3, datetime(2019, 1, 30, 20, 49), "Jahn Doe"),
        (5, datetime(2020, 6, 10, 15, 55), "John-John Doe"),
        (6, datetime(2020, 6, 20, 0, 8), None),  # created group
        (7, datetime(2020, 6, 30, 9, 10), None),  # you were added
        (8, datetime(2021, 12, 10, 10, 10), "John Doe 🤓"),
        (9, datetime(2021, 12, 20, 12, 10), "🤓"),
        (10, datetime(2021, 12, 30, 22, 1), "John Doe"),
    ]
    assert export.messages[2].text == (
        "Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero."
    )
    assert export.messages[3].text == "Lorem ipsum : dolor sit amet."


def test_unplaceable_line_is_counted_and_named() -> None:
    text = ("14/05/2025 09:00 - Ana: oi\n31/02/2025 09:05 - Loja: resposta\n"
            "14/05/2025 09:10 - Ana: ?\n14/05/2025 25:10 - Loja: outra\n")
    assert read_export(text).unplaced == [
        Unplaced(2, "31/02/2025 09:05 - Loja: resposta"),
        Unplaced(4, "14/05/2025 25:10 - Loja: outra"),
    ]


def test_unplaceable_line_makes_the_channel_unverifiable(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    write("chat.txt", "14/05/2025 09:00 - Ana Souza: Qual o preço do Tênis Brisa?\n"
                      "14/05/2025 09:05 - Loja Aurora: O Tênis Brisa custa R$ 399,90.\n"
                      "31/02/2025 09:06 - Loja Aurora: Entrega em 3 dias.\n")
    path = write("cohesion.yaml", """\
brand: Aurora
catalog:
  products:
    - {sku: A1, name: Tênis Brisa, price: 399.90}
policies:
  service_level: {first_response_minutes: 15}
channels:
  - id: wa
    kind: whatsapp
    location: chat.txt
    brand_participants: ["Loja Aurora"]
""")
    result = cli("check", str(path), "--format", "json")
    findings = json.loads(result.output)["findings"]
    assert [(f["rule"], f["outcome"]) for f in findings] == [("read", "unverifiable")], findings
    reason = json.dumps(findings, ensure_ascii=False)
    assert "line 3 starts like a message but its date or time cannot be read" in reason
    assert "31/02/2025 09:06" in reason
    assert result.exit_code == 3


def test_readme_samples_are_read_as_documented() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    block = readme.split("WhatsApp export lines cohesion reads", 1)[1]
    block = block.split("```text\n", 1)[1].split("```", 1)[0]
    samples = [re.split(r" {3,}", line)[0] for line in block.splitlines()]
    assert len(samples) >= 10
    for sample in samples:
        export = read_export(sample)
        assert export.unplaced == [], sample
        (message,) = export.messages
        assert message.author is not None and message.text, sample


def test_every_line_is_placed_once_or_reported() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = pytest.importorskip("hypothesis.strategies")
    pieces = st.sampled_from([
        "14/05/2025 09:12 - ", "14/05/2025 à 09:12 - ", "14.5.2025 klo 9.12 - ",
        "\u200e[14/5/25, 9:12:33] ", "31/02/2025 09:12 - ", "14/05/2025 25:12 - ",
        "2025-5-14, 9:12:33 PM: ", "14/05/2025 09:12 ", "Ana: ", "Loja: ", "\u200e",
        "<Medien ausgeschlossen>", "Bild weggelassen", "Verpasster Sprachanruf", "\n", "x",
    ])
    texts = st.lists(pieces, max_size=30).map("".join)

    @hypothesis.settings(max_examples=200, deadline=None)
    @hypothesis.given(text=texts)
    def check(text: str) -> None:
        export = read_export(text)
        starts = [m.line for m in export.messages]
        reported = [u.line for u in export.unplaced]
        assert starts == sorted(set(starts)) and reported == sorted(set(reported))
        assert not set(starts) & set(reported)
        assert all(1 <= n <= text.count("\n") + 1 for n in starts + reported)

    check()
