"""Mystery-shopper observations: the file format, appending records, `record` and `init`."""

from __future__ import annotations

import io
import os
import shutil
import stat
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rich.console import Console

from cohesion_cli.channels.parsers import observations as observations_parse
from cohesion_cli.channels.parsers.observations import (
    Observation,
    ObservationsError,
    parse_observations,
    parse_when,
)
from cohesion_cli.channels.parsers.observations_append import append_observation
from cohesion_cli.channels.rulebook import load
from cohesion_cli.commands.init import run_init
from cohesion_cli.commands.record import run_record
from cohesion_cli.rulebook.catalog_csv import COLUMNS
from cohesion_cli.rulebook.problems import Problem

FIXTURES = Path(__file__).parent / "fixtures" / "observations"
YAML_FIXTURE = FIXTURES / "rodada-marco.yaml"
CSV_FIXTURE = FIXTURES / "visitas-rio.csv"
CP1252_FIXTURE = FIXTURES / "visitas-rio-cp1252.csv"


def parse(text: str, name: str = "obs.yaml") -> list[Observation]:
    return parse_observations(textwrap.dedent(text).encode("utf-8"), name)


def problems(text: str | bytes, name: str = "obs.yaml") -> list[Problem]:
    body = text if isinstance(text, bytes) else textwrap.dedent(text).encode("utf-8")
    with pytest.raises(ObservationsError) as info:
        parse_observations(body, name)
    return info.value.problems


def only(found: list[Problem]) -> Problem:
    assert len(found) == 1, [p.render() for p in found]
    return found[0]


def at(problem: Problem) -> tuple[int, int]:
    return problem.position.line, problem.position.col


# --- reading YAML ------------------------------------------------------------------------


def test_yaml_fixture_reads_calls_and_visits() -> None:
    calls = parse_observations(YAML_FIXTURE.read_bytes(), "rodada-marco.yaml")
    assert [o.index for o in calls] == [1, 2, 3, 4]
    assert [o.line for o in calls] == [4, 19, 28, 38]
    first, second, third, fourth = calls
    assert first.who == "Ana Souza" and first.channel == "telefone"
    assert first.when == datetime(2024, 3, 5, 14, 30)
    assert first.where == "(11) 4002-8922" and first.product == "AUR-TN-001"
    assert first.quoted_price == "R$ 429,90"
    assert first.quoted_installments == "10x sem juros"
    assert first.quoted_deadline == "entrega em 7 dias úteis"
    assert first.quoted_policy == "troca em até 15 dias"
    assert first.notes == ('A atendente disse que o preço do site "está desatualizado" e que o '
                           "valor correto é o da central.")
    assert first.attachments == ("gravacoes/ligacao-2024-03-05.m4a",)
    assert second.when == datetime(2024, 3, 5, 15, 10)  # 05/03/2024 15h10, day first
    assert second.quoted_price == "189.90"
    assert third.quoted_price == "399.90"  # a plain YAML number, kept as written
    assert third.when == datetime(2024, 3, 6, 11, 0, tzinfo=timezone(timedelta(hours=-3)))
    assert third.attachments == ("fotos/paulista-vitrine.jpg", "fotos/paulista-etiqueta.jpg")
    assert fourth.product is None and fourth.when == datetime(2024, 3, 7)
    assert fourth.notes.splitlines() == [
        "Vendedora não soube informar o parcelamento.",
        'Disse que a política de trocas "muda de loja para loja".',
    ]


def test_statements_are_the_filled_quotes_and_notes() -> None:
    second = parse_observations(YAML_FIXTURE.read_bytes(), "r.yaml")[1]
    assert second.statements() == [
        ("quoted_price", "189.90"),
        ("quoted_installments", "6x sem juros"),
        ("quoted_deadline", "chega em até 5 dias úteis"),
    ]


def test_a_bare_list_and_merge_keys_are_accepted() -> None:
    found = parse("""\
        - &ligacao {who: Ana, where: "(11) 4002-8922", channel: telefone, quoted_price: "429,90"}
        - <<: *ligacao
          quoted_price: R$ 399,90
          when: 2024-03-05T09:00Z
        """)
    assert [o.quoted_price for o in found] == ["429,90", "R$ 399,90"]
    assert found[1].who == "Ana" and found[1].channel == "telefone"
    assert found[1].when == datetime(2024, 3, 5, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("text", ["", "# só comentários\n", "observations:\n",
                                  "observations: []\n", "[]\n"])
def test_empty_files_hold_no_observations(text: str) -> None:
    assert parse(text) == []


def test_documented_examples_parse() -> None:
    doc = observations_parse.__doc__ or ""
    yaml_example = textwrap.dedent(doc[doc.index("    observations:"):doc.index("CSV (")])
    csv_example = textwrap.dedent(doc[doc.index("    who;when"):doc.index("Every problem")])
    (call,) = parse_observations(yaml_example.strip().encode(), "doc.yaml")
    (visit,) = parse_observations(csv_example.strip().encode(), "doc.csv")
    assert call.quoted_deadline == "entrega em 7 dias úteis"
    assert visit.when == datetime(2024, 3, 6, 11, 0) and visit.attachments == ("a.jpg", "b.jpg")


# --- reading CSV -------------------------------------------------------------------------


def test_csv_fixture_reads_semicolons_quotes_and_multiline_cells() -> None:
    rows = parse_observations(CSV_FIXTURE.read_bytes(), "visitas-rio.csv")
    assert [o.line for o in rows] == [2, 3, 4, 6]
    call, barra, centro, prazo = rows
    assert call.when == datetime(2024, 3, 12, 10, 5)
    assert call.quoted_price == "R$ 649,90" and call.quoted_installments == "12x de R$ 54,16"
    assert call.quoted_deadline == "entrega em 10 dias corridos" and call.attachments == ()
    assert barra.notes == 'Etiqueta confere; vendedor disse "promoção só hoje"'
    assert barra.attachments == ("fotos/barra-etiqueta.jpg", "fotos/barra-nota.jpg")
    assert barra.quoted_deadline == ""
    assert centro.notes == "Vitrine sem preço.\nGerente informou o valor de cabeça."
    assert prazo.product is None and prazo.when == datetime(2024, 3, 13)
    assert prazo.statements() == [("quoted_deadline", "entrega em até 5 dias úteis"),
                                  ("notes", "perguntei só o prazo para o CEP 22250-040")]


def test_windows_1252_csv_reads_the_same() -> None:
    assert b"\r\n" in CP1252_FIXTURE.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        CP1252_FIXTURE.read_bytes().decode("utf-8")
    assert parse_observations(CP1252_FIXTURE.read_bytes(), "v.csv") == \
        parse_observations(CSV_FIXTURE.read_bytes(), "v.csv")


def test_comma_csv_with_columns_in_any_order() -> None:
    (row,) = parse("""\
        channel,quoted_price,who
        telefone,"R$ 1.299,90",Ana
        """, "obs.csv")
    assert (row.channel, row.quoted_price, row.who, row.when) == \
        ("telefone", "R$ 1.299,90", "Ana", None)


# --- problems, with positions --------------------------------------------------------------


def test_unknown_field_says_did_you_mean() -> None:
    problem = only(problems("""\
        observations:
          - channel: telefone
            quoted_prise: R$ 429,90
        """))
    assert at(problem) == (3, 5)
    assert "unknown field 'quoted_prise'" in problem.message
    assert problem.hint == "did you mean 'quoted_price'?"
    assert problem.render().startswith("obs.yaml:3:5: error:")


def test_portuguese_field_names_are_suggested() -> None:
    found = problems("- {canal: telefone, preço: R$ 429,90}\n")
    assert [p.hint for p in found[:2]] == ["did you mean 'channel'?",
                                          "did you mean 'quoted_price'?"]


@pytest.mark.parametrize(("when", "message"), [
    ("31/02/2024", "no such date"), ("amanhã", "not a date"), ("2024-03-05 25:00", "no such"),
    ("03/05", "not a date"),
])
def test_bad_dates_are_reported_where_written(when: str, message: str) -> None:
    problem = only(problems(f"""\
        observations:
          - channel: telefone
            when: "{when}"
            quoted_price: R$ 429,90
        """))
    assert at(problem) == (3, 11)
    assert message in problem.message and "05/03/2024 14:30" in problem.hint


def test_csv_unknown_column_and_bad_date_have_positions() -> None:
    problem = only(problems("who;when;canal\n", "v.csv"))
    assert at(problem) == (1, 10) and problem.hint == "did you mean 'channel'?"
    problem = only(problems("""\
        who;when;channel;quoted_price
        Ana;05/03/2024;telefone;R$ 1,00
        "Bia";"32/03/2024";telefone;R$ 2,00
        """, "v.csv"))
    assert at(problem) == (3, 7) and "no such date" in problem.message


def test_unquoted_decimal_comma_in_a_comma_csv_is_explained() -> None:
    problem = only(problems("channel,quoted_price,notes\ntelefone,R$ 429,90,ok\n", "v.csv"))
    assert at(problem) == (2, 20)  # the first cell beyond the header's
    assert "4 fields where the header has 3" in problem.message
    assert "quote values that contain ','" in problem.hint


def test_a_record_needs_a_channel_and_something_said() -> None:
    found = problems("""\
        - who: Ana
          quoted_price: R$ 10,00
        - channel: telefone
          who: Bia
        """)
    assert [(at(p), p.message) for p in found] == [
        ((1, 3), "record 1 has no 'channel'"), ((3, 3), "record 2 states nothing")]


def test_a_record_written_at_the_top_level_gets_a_hint() -> None:
    found = problems("channel: telefone\nquoted_price: R$ 10,00\n")
    assert "must be an item of a list" in found[0].message
    assert "observations:" in found[0].hint


def test_object_tags_are_refused_without_running_anything(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    found = problems(f"""\
        - channel: !!python/object/apply:os.system ["touch {marker}"]
          notes: x
        """)
    assert "tag:yaml.org,2002:python/object/apply:os.system is not allowed" in found[0].message
    assert at(found[0]) == (1, 12) and not marker.exists()


def test_nested_merges_are_read_in_linear_time() -> None:
    lines = ["- &r0 {channel: telefone, notes: x}"]
    lines += [f"- &r{i} {{<<: [*r{i - 1}, *r{i - 1}]}}" for i in range(1, 40)]
    lines.append("- &loop {<<: *loop, channel: loja, quoted_price: '1,00'}")
    found = parse("\n".join(lines) + "\n")  # PyYAML's flatten_mapping would need 2**39 pairs
    assert len(found) == 41 and found[39].channel == "telefone" and found[39].notes == "x"
    assert found[40].quoted_price == "1,00"


def test_aliases_cannot_multiply_the_work_without_bound() -> None:
    items = ", ".join(["f.jpg"] * 2000)
    text = f"- &r {{channel: t, notes: x, attachments: [{items}]}}\n" + "- *r\n" * 600
    problem = only(problems(text))
    assert "more than 1000000 values" in problem.message


def test_yaml_syntax_error_and_duplicate_key_positions() -> None:
    problem = only(problems("observations:\n  - channel: telefone\n   notes: [\n"))
    assert problem.message.startswith("YAML syntax error") and problem.position.line >= 3
    problem = only(problems("- channel: telefone\n  notes: a\n  notes: b\n"))
    assert at(problem) == (3, 3) and problem.message == "duplicate key 'notes'"


def test_list_where_text_is_expected() -> None:
    problem = only(problems("- channel: [telefone, loja]\n  notes: x\n"))
    assert at(problem) == (1, 12) and "'channel' must be text, not a list" in problem.message


def test_not_utf8_yaml_and_unknown_extension() -> None:
    problem = only(problems("- channel: loja\n  notes: pre\xe7o\n".encode("cp1252")))
    assert at(problem) == (2, 13) and "not UTF-8" in problem.message
    problem = only(problems(b"channel\nloja\n", "obs.txt"))
    assert "unknown observations format '.txt'" in problem.message


def test_parse_when_formats() -> None:
    assert parse_when("2024-03-05") == datetime(2024, 3, 5)
    assert parse_when(" 2024-03-05T14:30:15.5+0530 ") == datetime(
        2024, 3, 5, 14, 30, 15, 500000, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert parse_when("5/3/24 às 9h") == datetime(2024, 3, 5, 9, 0)
    assert parse_when("05/03/2024, 09:07:30") == datetime(2024, 3, 5, 9, 7, 30)


# --- appending -----------------------------------------------------------------------------

NEW: dict[str, str | list[str]] = {
    "who": "Elisa Prado", "when": "2024-03-20 10:15", "where": "Loja Moema",
    "channel": "loja Moema", "product": "AUR-TN-001", "quoted_price": "R$ 419,90",
    "quoted_installments": "10x sem juros", "quoted_deadline": "",
    "quoted_policy": "troca: 30 dias", "notes": 'vendedor: "o site # não vale" – ok?',
    "attachments": ["fotos/moema 1.jpg", "fotos/moema;2.jpg"],
}


def check_new(observation: Observation) -> None:
    assert observation.who == "Elisa Prado" and observation.when == datetime(2024, 3, 20, 10, 15)
    assert observation.quoted_price == "R$ 419,90" and observation.quoted_deadline == ""
    assert observation.quoted_policy == "troca: 30 dias"
    assert observation.notes == 'vendedor: "o site # não vale" – ok?'


def test_append_to_yaml_keeps_the_file_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "rodada.yaml"
    shutil.copy(YAML_FIXTURE, path)
    before = path.read_bytes()
    append_observation(path, NEW)
    after = path.read_bytes()
    assert after.startswith(before)
    found = parse_observations(after, "rodada.yaml")
    assert len(found) == 5 and found[:4] == parse_observations(before, "rodada.yaml")
    check_new(found[4])
    assert found[4].attachments == ("fotos/moema 1.jpg", "fotos/moema;2.jpg")
    assert found[4].line == before.count(b"\n") + 1


def test_append_to_csv_keeps_the_file_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "visitas.csv"
    shutil.copy(CSV_FIXTURE, path)
    before = path.read_bytes()
    append_observation(path, {**NEW, "attachments": ["fotos/moema-1.jpg", "fotos/moema-2.jpg"]})
    after = path.read_bytes()
    assert after.startswith(before)
    found = parse_observations(after, "visitas.csv")
    assert len(found) == 5 and found[4].line == 7
    check_new(found[4])
    assert found[4].attachments == ("fotos/moema-1.jpg", "fotos/moema-2.jpg")


def test_append_to_windows_1252_csv_keeps_its_encoding_and_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "visitas.csv"
    shutil.copy(CP1252_FIXTURE, path)
    before = path.read_bytes()
    append_observation(path, {"channel": "loja Moema", "quoted_policy": "troca só em 7 dias"})
    added = path.read_bytes()[len(before):]
    assert path.read_bytes().startswith(before)
    assert added == ";;;loja Moema;;;;;troca só em 7 dias;;\r\n".encode("cp1252")
    assert parse_observations(path.read_bytes(), "v.csv")[-1].quoted_policy == "troca só em 7 dias"
    with pytest.raises(ObservationsError, match="Windows-1252"):
        append_observation(path, {"channel": "loja", "notes": "preço 😀"})
    assert path.read_bytes() == before + added


@pytest.mark.parametrize("name", ["novo.yaml", "novo.csv"])
def test_append_creates_a_missing_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / "campo" / name
    append_observation(path, {**NEW, "attachments": ["fotos/moema 1.jpg"]})
    append_observation(path, {"channel": "telefone", "quoted_price": "R$ 1,00"})
    found = parse_observations(path.read_bytes(), name)
    assert len(found) == 2 and found[1].quoted_price == "R$ 1,00"
    check_new(found[0])
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# Mystery-shopper") if name.endswith("yaml") else \
        first_line == ",".join(observations_parse.FIELDS)


@pytest.mark.parametrize("text", [
    "", "# nada ainda\n", "observations:\n", "observations: []  # vazio\n", "observations: ~",
    "[]\n", "{}\n", "observations:\n- who: Ana\n  channel: tel\n  notes: x",
    "- {channel: tel, notes: x}\n", "observations: [{channel: tel, notes: x}]  # fluxo\n",
    "observations:\r\n    - channel: tel\r\n      notes: x\r\n",
])
def test_append_handles_every_yaml_layout(tmp_path: Path, text: str) -> None:
    path = tmp_path / "obs.yaml"
    path.write_bytes(text.encode("utf-8"))
    old = parse_observations(path.read_bytes(), "obs.yaml")
    append_observation(path, NEW)
    found = parse_observations(path.read_bytes(), "obs.yaml")
    assert found[:-1] == old and len(found) == len(old) + 1
    check_new(found[-1])
    if "#" in text:
        assert "#" in path.read_text(encoding="utf-8").split("\n")[0]


def test_append_refuses_an_invalid_file_or_record_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "obs.yaml"
    path.write_text("- channel: telefone\n  notes: x\n  quem: Ana\n", encoding="utf-8")
    with pytest.raises(ObservationsError) as info:
        append_observation(path, NEW)
    assert at(info.value.problems[0]) == (3, 3)
    path.write_text("- channel: telefone\n  notes: x\n", encoding="utf-8")
    with pytest.raises(ObservationsError, match="not a date"):
        append_observation(path, {**NEW, "when": "ontem"})
    with pytest.raises(ValueError, match="unknown observation field"):
        append_observation(path, {"canal": "loja"})
    assert path.read_text(encoding="utf-8") == "- channel: telefone\n  notes: x\n"


def test_append_refuses_a_record_that_would_read_back_differently(tmp_path: Path) -> None:
    path = tmp_path / "obs.yaml"
    path.write_text("- channel: telefone\n  notes: x\n...\n", encoding="utf-8")
    with pytest.raises(ObservationsError, match="without changing what it says"):
        append_observation(path, NEW)
    with pytest.raises(ObservationsError, match="record 2 has no 'channel'"):
        append_observation(path, {"notes": "sem canal"})
    assert path.read_text(encoding="utf-8") == "- channel: telefone\n  notes: x\n...\n"


def test_csv_append_needs_the_columns_and_plain_attachment_names(tmp_path: Path) -> None:
    path = tmp_path / "obs.csv"
    path.write_text("channel;notes\ntelefone;x\n", encoding="utf-8")
    with pytest.raises(ObservationsError, match="no column for who"):
        append_observation(path, {**NEW, "attachments": []})
    with pytest.raises(ObservationsError, match=r"'fotos/moema;2\.jpg' contains ';'"):
        append_observation(path, NEW)
    assert path.read_text(encoding="utf-8") == "channel;notes\ntelefone;x\n"


@pytest.mark.parametrize("name", ["obs.yaml", "obs.csv"])
def test_a_failed_write_leaves_the_previous_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    path = tmp_path / name
    append_observation(path, {**NEW, "attachments": []})
    before = path.read_bytes()

    def crash(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="No space"):
        append_observation(path, {"channel": "telefone", "notes": "segunda ligação"})
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary file left


def test_append_keeps_the_file_permissions(tmp_path: Path) -> None:
    path = tmp_path / "obs.yaml"
    path.write_text("observations:\n", encoding="utf-8")
    path.chmod(0o640)
    append_observation(path, NEW)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


# --- cohesion record -----------------------------------------------------------------------


def console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=120, color_system=None), out


def test_record_with_answers_saves_without_prompting(tmp_path: Path) -> None:
    path = tmp_path / "obs.yaml"
    con, out = console()
    answers = {k: v for k, v in NEW.items() if isinstance(v, str)}
    answers |= {"attachments": "fotos/moema 1.jpg; fotos/moema-2.jpg", "save": "sim"}
    assert run_record(str(path), console=con, answers=answers) == 0
    (saved,) = parse_observations(path.read_bytes(), "obs.yaml")
    check_new(saved)
    assert saved.attachments == ("fotos/moema 1.jpg", "fotos/moema-2.jpg")
    text = out.getvalue()
    assert "R$ 419,90" in text and "observation 1 saved" in text


def test_record_asks_each_field_and_reasks_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "visitas.csv"
    shutil.copy(CSV_FIXTURE, path)
    typed = [
        "",                           # who: keeps the default, the last shopper (Diego Rocha)
        "32/03/2024",                 # when: no such date, asked again
        "20/03/2024 10h15",
        "Loja [Moema]",               # where: brackets are not Rich markup
        "",                           # channel: required, asked again
        "loja Moema",
        "AUR-TN-001", "R$ 419,90", "", "", "", "", "",
        "",                           # save? default yes
    ]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(typed) + "\n"))
    con, out = console()
    assert run_record(str(path), console=con) == 0
    saved = parse_observations(path.read_bytes(), "visitas.csv")[-1]
    assert (saved.index, saved.who, saved.when) == (5, "Diego Rocha", datetime(2024, 3, 20, 10, 15))
    assert (saved.where, saved.channel, saved.quoted_price) == \
        ("Loja [Moema]", "loja Moema", "R$ 419,90")
    text = out.getvalue()
    assert "no such date" in text and "the channel is required" in text
    assert "Who recorded it" in text and "(Diego Rocha)" in text


def test_record_asks_for_a_note_when_nothing_was_quoted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "obs.yaml"
    monkeypatch.setattr(sys, "stdin", io.StringIO("\nloja fechada às 18h\n"))  # notes skipped
    con, out = console()
    answers = {"who": "Ana", "when": "", "where": "", "channel": "loja", "product": "",
               "quoted_price": "", "quoted_installments": "", "quoted_deadline": "",
               "quoted_policy": "", "attachments": "", "save": "yes"}
    assert run_record(str(path), console=con, answers=answers) == 0
    (saved,) = parse_observations(path.read_bytes(), "obs.yaml")
    assert saved.notes == "loja fechada às 18h" and saved.when is None
    assert "Nothing was quoted" in out.getvalue()


def test_record_declined_saves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "obs.yaml"
    con, out = console()
    answers = {**{k: "" for k in observations_parse.FIELDS}, "channel": "telefone",
               "notes": "teste", "save": "não"}
    assert run_record(str(path), console=con, answers=answers) == 0
    assert "nothing saved" in out.getvalue() and not path.exists()


def test_record_usage_errors_exit_2_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "obs.yaml"
    bad.write_text("- channel: telefone\n  preco: 10\n", encoding="utf-8")
    con, out = console()
    assert run_record(str(bad), console=con, answers={"save": "yes"}) == 2
    assert "obs.yaml:2:3: error: unknown field 'preco'" in out.getvalue()
    assert "nothing saved" in out.getvalue() and "Traceback" not in out.getvalue()
    assert bad.read_text(encoding="utf-8") == "- channel: telefone\n  preco: 10\n"

    con, out = console()
    assert run_record(str(tmp_path / "o.yaml"), console=con, answers={"quando": "x"}) == 2
    assert "unknown field(s) quando" in out.getvalue()
    con, out = console()
    assert run_record(str(tmp_path / "o.yaml"), console=con, answers={"when": "ontem"}) == 2
    assert "when: not a date" in out.getvalue()
    con, out = console()
    assert run_record(str(tmp_path / "o.txt"), console=con) == 2
    assert ".yaml, .yml or .csv" in out.getvalue()

    monkeypatch.setattr(sys, "stdin", io.StringIO("Ana\n"))  # input ends after one answer
    con, out = console()
    assert run_record(str(tmp_path / "o.yaml"), console=con) == 2
    assert "nothing saved" in out.getvalue() and not (tmp_path / "o.yaml").exists()


# --- cohesion init -------------------------------------------------------------------------


def test_init_writes_a_valid_starter_engagement(tmp_path: Path) -> None:
    folder = tmp_path / "nova-marca"
    assert run_init(str(folder)) == 0
    loaded = load(str(folder), check_files=True)
    assert loaded.warnings == []
    model = loaded.model
    assert (model.brand, model.locale, model.currency) == ("Sua Marca", "pt-BR", "BRL")
    assert [p.sku for p in loaded.products] == ["SKU-001"]
    assert [(c.id, c.kind) for c in model.channels] == [("loja", "web"), ("whatsapp", "file")]
    assert model.policies.delivery is not None and model.policies.delivery.max_days == 5
    assert model.policies.returns is not None and model.policies.returns.days == 30
    assert (folder / "catalogo.csv").read_text(encoding="utf-8") == ";".join(COLUMNS) + "\n"
    observations = folder / "observacoes.yaml"
    assert parse_observations(observations.read_bytes(), "observacoes.yaml") == []
    template = observations.read_text(encoding="utf-8")
    append_observation(observations, NEW)
    assert observations.read_text(encoding="utf-8").startswith(template)
    check_new(parse_observations(observations.read_bytes(), "observacoes.yaml")[0])


def test_init_commented_example_record_is_valid(tmp_path: Path) -> None:
    assert run_init(str(tmp_path)) == 0
    lines = (tmp_path / "observacoes.yaml").read_text(encoding="utf-8").splitlines()
    start = lines.index("# Example:") + 1
    example = [line[4:] for line in lines[start:] if line.startswith("#   ")]
    (record,) = parse_observations(("\n".join(example) + "\n").encode(), "e.yaml")
    assert record.quoted_price == "R$ 209,90" and record.attachments == ("fotos/ligacao-0503.jpg",)


def test_init_refuses_to_overwrite_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_init(str(tmp_path)) == 0
    (tmp_path / "cohesion.yaml").write_text("brand: Minha\n", encoding="utf-8")
    assert run_init(str(tmp_path)) == 2
    assert "not overwriting cohesion.yaml" in capsys.readouterr().err
    assert (tmp_path / "cohesion.yaml").read_text(encoding="utf-8") == "brand: Minha\n"
    assert run_init(str(tmp_path), force=True) == 0
    assert load(str(tmp_path)).model.brand == "Sua Marca"
    (tmp_path / "arquivo").write_text("x", encoding="utf-8")
    assert run_init(str(tmp_path / "arquivo")) == 2
