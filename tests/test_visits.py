"""Mystery-shopper contacts as first-class evidence: the visit fields of an observation
record (type, wait, duration, questionnaire answers, attachments), the questionnaire's
scoring, the questionnaire / wait_time / attachments rules and the report sections."""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result

from cohesion_cli.channels.parsers.observations import (
    Observation,
    ObservationsError,
    parse_observations,
)
from cohesion_cli.checks.visits import score
from cohesion_cli.domain import Attachment, Evidence, Fact, Visit
from cohesion_cli.extract.serialize import fact_dict, fact_from_dict
from cohesion_cli.rulebook.models import Rulebook
from cohesion_cli.rulebook.questionnaire import Questionnaire

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\r\xefF\xb8"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def parse(text: str, name: str = "obs.yaml") -> list[Observation]:
    return parse_observations(textwrap.dedent(text).encode("utf-8"), name)


def problems(text: str, name: str = "obs.yaml") -> list[str]:
    with pytest.raises(ObservationsError) as caught:
        parse(text, name)
    return [p.render() for p in caught.value.problems]


# --- parsing -------------------------------------------------------------------------------

def test_yaml_record_reads_every_visit_field() -> None:
    [record] = parse("""\
        - who: Ana
          when: 14/05/2025 15h30
          where: Loja Paulista
          channel: loja física
          wait_minutes: 7,5
          duration_minutes: 12 min
          checklist: {saudacao: sim, troca: "troca em até 30 dias"}
          score: {cordialidade: 4}
        """)
    assert record.type == "visit"
    assert record.wait_minutes == 7.5 and record.duration_minutes == 12.0
    assert record.answers == (("saudacao", "sim"), ("troca", "troca em até 30 dias"),
                              ("cordialidade", "4"))


@pytest.mark.parametrize(("channel", "written", "kind"), [
    ("telefone", "", "call"), ("SAC 0800", "", "call"), ("WhatsApp da loja", "", "chat"),
    ("loja Paulista", "", "visit"), ("quiosque", "", "visit"), ("loja", "ligação", "call"),
    ("telefone", "visita", "visit"), ("x", "chat", "chat"),
])
def test_contact_type_is_written_or_told_by_the_channel(channel: str, written: str,
                                                        kind: str) -> None:
    extra = f"\n  type: {written}" if written else ""
    [record] = parse(f"- channel: {channel}{extra}\n  notes: oi\n")
    assert record.type == kind


def test_csv_answers_are_item_answer_pairs() -> None:
    [record] = parse("channel;wait_minutes;checklist;score\n"
                     "telefone;3;\"saudacao: sim; troca: 30 dias\";cordialidade: 5\n", "v.csv")
    assert record.type == "call" and record.wait_minutes == 3
    assert record.answers == (("saudacao", "sim"), ("troca", "30 dias"), ("cordialidade", "5"))


def test_a_record_may_only_answer_the_questionnaire() -> None:
    [record] = parse("- channel: loja\n  checklist: {saudacao: sim}\n")
    assert record.answers == (("saudacao", "sim"),)


@pytest.mark.parametrize(("field", "message"), [
    ("type: drone", "'type': 'drone' is not a contact type"),
    ("wait_minutes: sete", "'wait_minutes': 'sete' is not a number of minutes"),
    ("duration_minutes: 1h", "'duration_minutes': '1h' is not a number of minutes"),
    ("score: {cordialidade: boa}", "'score': the answer to 'cordialidade' is 'boa', not a number"),
    ("checklist: {a: [1, 2]}", "'checklist': the answer to 'a' must be one value"),
])
def test_bad_visit_fields_are_reported_where_written(field: str, message: str) -> None:
    found = problems(f"- channel: loja\n  notes: oi\n  {field}\n")
    assert any(message in p and "obs.yaml:3:" in p for p in found), found


def test_an_item_answered_twice_and_a_csv_pair_without_colon_are_problems() -> None:
    found = problems("- channel: loja\n  checklist: {a: sim}\n  score: {a: 4}\n")
    assert any("item 'a' is answered twice" in p for p in found), found
    found = problems("channel;checklist\nloja;saudacao sim\n", "v.csv")
    assert any("'saudacao sim' is not 'item: answer'" in p for p in found), found


def test_portuguese_visit_field_names_are_suggested() -> None:
    found = problems("- channel: loja\n  notes: oi\n  espera: 5\n")
    assert any("did you mean 'wait_minutes'?" in p for p in found), found


# --- scoring -------------------------------------------------------------------------------

FORM = Questionnaire.model_validate({"threshold": 70, "items": [
    {"id": "saudacao", "weight": 2},
    {"id": "pressao", "expected": "no"},
    {"id": "cordialidade", "type": "scale", "weight": 2},
    {"id": "pix", "type": "phrase", "phrase": "5% de desconto no Pix", "weight": 3},
    {"id": "vitrine", "applies_to": ["visit"]},
]})
EVIDENCE = Evidence("", "record 1", "v.yaml")


def scored(kind: str, **answers: str) -> Any:
    visit = Visit(kind, "Loja", "Ana", "2025-05-14T15:30", answers=tuple(answers.items()))
    return score(FORM, visit, "c", "visit:Loja", EVIDENCE)


def test_every_item_type_scores_by_its_weight() -> None:
    full = scored("visit", saudacao="Sim", pressao="não", cordialidade="5",
                  pix="Pagando no PIX tem 5% de DESCONTO no pix", vitrine="s")
    assert full.score == 100 and not full.failed and not full.unanswered
    # saudacao 2 + pressao 0 + cordialidade 3/4 of 2 + pix 0 + vitrine 1 = 4.5 of 9
    partial = scored("visit", saudacao="sim", pressao="sim", cordialidade="4",
                     pix="só no cartão", vitrine="sim")
    assert partial.score == 50
    assert [i.id for i in partial.failed] == ["pressao", "cordialidade", "pix"]


def test_phrase_ignores_accents_and_case() -> None:
    form = Questionnaire.model_validate({"items": [
        {"id": "troca", "type": "phrase", "phrase": "troca grátis em até 30 dias"}]})
    visit = Visit("call", "SAC", "", "", answers=(("troca", "TROCA GRATIS em ate 30 dias!"),))
    assert score(form, visit, "c", "s", EVIDENCE).score == 100


def test_unanswered_and_unreadable_items_count_as_not_met_and_are_listed() -> None:
    visit = scored("visit", saudacao="talvez", cordialidade="9", pix="5% de desconto no pix",
                   outro="sim")
    assert visit.score == 33  # only pix (3 of 9) is met
    assert {(i.id, i.problem) for i in visit.unanswered} == {
        ("saudacao", "not yes or no"), ("pressao", ""), ("cordialidade", "not 1 to 5"),
        ("vitrine", "")}
    assert visit.unknown == ("outro",)


def test_items_apply_to_their_contact_types_and_no_answer_means_no_score() -> None:
    call = scored("call", saudacao="sim", pressao="não", cordialidade="5",
                  pix="5% de desconto no pix")
    assert "vitrine" not in {i.id for i in call.items} and call.score == 100
    assert scored("call").score is None


# --- the rules, through the CLI ------------------------------------------------------------

RULEBOOK = """\
brand: Aurora
catalog: {products: [{sku: A1, price: 399.90}]}
policies:
  service_level: {first_response_minutes: 15, wait_minutes: {call: 5, visit: 10}}
questionnaire:
  threshold: 70
  items:
    - {id: saudacao, weight: 2}
    - {id: cordialidade, type: scale}
channels:
  - {id: oculto, kind: observations, location: cliente-oculto/visitas.yaml}
"""
VISITS = """\
- who: Ana Souza
  when: 2025-05-14 10:00
  where: SAC 0800
  channel: telefone
  wait_minutes: 2
  checklist: {saudacao: sim}
  score: {cordialidade: 5}
  attachments: [gravacoes/ligacao.wav]
- who: Bruno Lima
  when: 14/05/2025 15h30
  where: Loja Paulista
  channel: loja física
  wait_minutes: 25
  checklist: {saudacao: não}
  score: {cordialidade: 3}
  attachments: [fotos/vitrine.png, fotos/sumiu.jpg]
- who: Bruno Lima
  when: 15/05/2025 11h00
  where: Loja Iguatemi
  channel: loja física
  checklist: {saudacao: sim}
"""


def engagement(write: Callable[[str, str], Path], tmp_path: Path, visits: str = VISITS,
               rulebook: str = RULEBOOK) -> Path:
    write("cliente-oculto/visitas.yaml", visits)
    (tmp_path / "cliente-oculto" / "fotos").mkdir(exist_ok=True)
    (tmp_path / "cliente-oculto" / "fotos" / "vitrine.png").write_bytes(PNG)
    (tmp_path / "cliente-oculto" / "gravacoes").mkdir(exist_ok=True)
    (tmp_path / "cliente-oculto" / "gravacoes" / "ligacao.wav").write_bytes(b"RIFF....WAVE")
    return write("cohesion.yaml", rulebook)


def check(cli: Callable[..., Result], rulebook: Path, *extra: str) -> Result:
    return cli("check", str(rulebook), "--no-history", *extra)


def test_each_contact_is_its_own_subject_and_findings_name_store_and_visit(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    result = check(cli, engagement(write, tmp_path), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    found = {(f["rule"], f["subject"]): f for f in data["findings"]}
    assert set(found) == {
        ("questionnaire", "visit:Loja Paulista 2025-05-14 15:30"),
        ("questionnaire", "visit:Loja Iguatemi 2025-05-15 11:00"),
        ("wait_time", "visit:Loja Paulista 2025-05-14 15:30"),
        ("attachments", "visit:Loja Paulista 2025-05-14 15:30"),
    }
    low = found[("questionnaire", "visit:Loja Paulista 2025-05-14 15:30")]
    assert (low["outcome"], low["observed"], low["expected"]) == (
        "divergent", "score 17", "score >= 70")
    assert low["reason"] == "not met: saudacao (não), cordialidade (3)"
    assert low["evidence"]["locator"] == ("record 2, line 9 (Loja Paulista, 14/05/2025 15:30, "
                                          "Bruno Lima)")
    partial = found[("questionnaire", "visit:Loja Iguatemi 2025-05-15 11:00")]
    assert (partial["outcome"], partial["reason"]) == ("missing", "unanswered: cordialidade")
    wait = found[("wait_time", "visit:Loja Paulista 2025-05-14 15:30")]
    assert (wait["expected"], wait["observed"]) == ("wait at most 10 min", "waited 25 min")
    files = found[("attachments", "visit:Loja Paulista 2025-05-14 15:30")]
    assert (files["outcome"], files["observed"]) == ("missing", "fotos/sumiu.jpg: not found")
    ok = {(r["rule"], r["subject"]) for r in data["results"] if r["outcome"] == "ok"}
    assert {("questionnaire", "call:SAC 0800 2025-05-14 10:00"),
            ("wait_time", "call:SAC 0800 2025-05-14 10:00"),
            ("attachments", "call:SAC 0800 2025-05-14 10:00")} <= ok


def test_json_carries_the_per_visit_scores_and_the_averages(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    data = json.loads(check(cli, engagement(write, tmp_path), "--format", "json").output)
    visits = {v["subject"]: v for v in data["visits"]}
    paulista = visits["visit:Loja Paulista 2025-05-14 15:30"]
    assert (paulista["type"], paulista["who"], paulista["when"], paulista["score"],
            paulista["wait_minutes"], paulista["wait_limit"], paulista["late"]) == (
        "visit", "Bruno Lima", "2025-05-14T15:30", 17, 25.0, 10.0, True)
    assert [(i["id"], i["answer"], i["met"]) for i in paulista["items"]] == [
        ("saudacao", "não", 0.0), ("cordialidade", "3", 0.5)]
    assert paulista["attachments"] == [{"path": "fotos/vitrine.png", "problem": None},
                                       {"path": "fotos/sumiu.jpg", "problem": "not found"}]
    assert data["summary"]["visit_scores"] == {
        "by_channel": {"oculto": 61},
        "by_store": [{"channel": "oculto", "where": "SAC 0800", "score": 100},
                     {"channel": "oculto", "where": "Loja Paulista", "score": 17},
                     {"channel": "oculto", "where": "Loja Iguatemi", "score": 67}]}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_attachment_that_is_a_folder_or_leads_outside_is_reported_not_read(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    visits = ("- channel: loja\n  where: Loja X\n  notes: oi\n"
              "  attachments: [fotos, segredo.png]\n")
    rulebook = engagement(write, tmp_path, visits)
    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"
    outside.write_bytes(PNG)
    os.symlink(outside, tmp_path / "cliente-oculto" / "segredo.png")
    data = json.loads(check(cli, rulebook, "--format", "json").output)
    [files] = [f for f in data["findings"] if f["rule"] == "attachments"]
    assert files["observed"] == ("fotos: not a file; segredo.png: outside the observations "
                                 "file's folder (a link leading elsewhere?)")
    html = check(cli, rulebook, "--format", "html").output
    assert "data:image/png" not in html  # the image behind the link is never embedded


def test_an_unchanged_file_sees_an_attachment_appear(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    rulebook = engagement(write, tmp_path)
    cache = str(tmp_path / "cache")
    first = json.loads(check(cli, rulebook, "--format", "json", "--cache-dir", cache).output)
    assert any(f["rule"] == "attachments" for f in first["findings"])
    (tmp_path / "cliente-oculto" / "fotos" / "sumiu.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    again = json.loads(check(cli, rulebook, "--format", "json", "--cache-dir", cache).output)
    assert not any(f["rule"] == "attachments" for f in again["findings"])


def test_without_wait_limits_or_questionnaire_nothing_is_judged(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    bare = RULEBOOK.replace(", wait_minutes: {call: 5, visit: 10}", "")
    bare = bare[:bare.index("questionnaire:")] + bare[bare.index("channels:"):]
    data = json.loads(check(cli, engagement(write, tmp_path, rulebook=bare),
                            "--format", "json").output)
    assert {r["rule"] for r in data["results"]} & {"questionnaire", "wait_time"} == set()
    assert all(v["score"] is None for v in data["visits"])


def test_one_wait_limit_for_every_contact_and_a_questionnaire_for_other_channels(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    text = RULEBOOK.replace("wait_minutes: {call: 5, visit: 10}", "wait_minutes: 1")
    text = text.replace("  threshold: 70\n", "  threshold: 70\n  channels: [outro]\n")
    text += "  - {id: outro, kind: observations, location: cliente-oculto/outro.yaml}\n"
    write("cliente-oculto/outro.yaml", "- channel: loja\n  notes: oi\n")
    data = json.loads(check(cli, engagement(write, tmp_path, rulebook=text),
                            "--format", "json").output)
    late = {f["subject"] for f in data["findings"] if f["rule"] == "wait_time"}
    assert late == {"call:SAC 0800 2025-05-14 10:00", "visit:Loja Paulista 2025-05-14 15:30"}
    assert not any(r["rule"] == "questionnaire" and r["channel"] == "oculto"
                   for r in data["results"])
    [other] = [r for r in data["results"] if r["rule"] == "questionnaire"]
    assert (other["channel"], other["outcome"], other["observed"]) == (
        "outro", "missing", "questionnaire not answered")


@pytest.mark.parametrize(("questionnaire", "message"), [
    ("{items: [{id: a, type: phrase}]}", "give 'phrase' for, and only for"),
    ("{items: [{id: a}, {id: a}]}", "item ids must be unique: a"),
    ("{channels: [ocult], items: [{id: a}]}", "unknown channel 'ocult'"),
    ("{items: [{id: a, applies_to: [fax]}]}", "questionnaire"),
])
def test_questionnaire_mistakes_are_rulebook_errors(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
    questionnaire: str, message: str,
) -> None:
    start = RULEBOOK.index("questionnaire:")
    text = (RULEBOOK[:start] + f"questionnaire: {questionnaire}\n"
            + RULEBOOK[RULEBOOK.index("channels:"):])
    result = cli("validate", str(engagement(write, tmp_path, rulebook=text)))
    assert result.exit_code == 2 and message in result.output, result.output


# --- reports -------------------------------------------------------------------------------

def test_markdown_section_lists_each_contact_and_the_store_averages(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    text = check(cli, engagement(write, tmp_path), "--format", "markdown",
                 "--lang", "pt-BR").output
    section = text[text.index("## Visitas do cliente oculto"):text.index("## Plano de ação")]
    assert ("| 14/05/2025 15:30 | visita à loja | Loja Paulista | Bruno Lima | "
            "**25** (acima dos 10 min permitidos) | — | **17** | saudacao: não; "
            "cordialidade: 3 | `fotos/vitrine.png`<br>`fotos/sumiu.jpg` (não encontrado) |"
            ) in section, section
    assert "| 14/05/2025 10:00 | ligação | SAC 0800 | Ana Souza | 2 | — | 100 | — |" in section
    assert "| `oculto` | Loja Paulista | 1 | 17 |" in section
    english = check(cli, engagement(write, tmp_path), "--format", "markdown",
                    "--lang", "en").output
    assert "## Mystery-shopper visits" in english and "store visit" in english


def test_html_section_shows_image_thumbnails_and_links_every_file(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    html = check(cli, engagement(write, tmp_path), "--format", "html", "--lang", "en").output
    section = html[html.index('<section id="visits"'):html.index('<section id="appendix"')]
    assert section.count("<img ") == 1
    assert ('<a href="cliente-oculto/fotos/vitrine.png" rel="noreferrer"><img '
            'src="data:image/png;base64,') in section
    assert ('<a href="cliente-oculto/gravacoes/ligacao.wav" rel="noreferrer">'
            "<code>gravacoes/ligacao.wav</code></a>") in section
    assert "<code>fotos/sumiu.jpg</code> (not found)" in section
    assert 'class="v-card v-below"' in section and "above the 10 min allowed" in section


def test_a_report_rendered_again_from_json_keeps_the_visits(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    rulebook = engagement(write, tmp_path)
    saved = tmp_path / "run.json"
    saved.write_text(check(cli, rulebook, "--format", "json").output, encoding="utf-8")
    direct = check(cli, rulebook, "--format", "markdown", "--lang", "en").output
    again = cli("report", str(saved), "--format", "markdown", "--lang", "en").output
    cut = slice(direct.index("## Mystery-shopper"), direct.index("## Action plan"))
    assert again[again.index("## Mystery-shopper"):again.index("## Action plan")] == direct[cut]


def test_reports_without_contacts_have_no_visit_section(
    cli: Callable[..., Result], write: Callable[[str, str], Path],
) -> None:
    write("p.html", "<p>R$ 399,90</p>")
    rulebook = write("cohesion.yaml", "brand: A\ncatalog: {products: [{sku: A1, price: 399.90}]}"
                     "\nchannels:\n  - {id: s, kind: file, location: p.html}\n")
    assert "Mystery-shopper" not in check(cli, rulebook, "--format", "markdown").output
    assert 'id="visits"' not in check(cli, rulebook, "--format", "html").output
    assert json.loads(check(cli, rulebook, "--format", "json").output)["visits"] == []


def test_the_readme_samples_are_valid() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    part = readme[readme.index("### Visits, questionnaires and wait times"):]
    record, rulebook = (block.split("```", 1)[0] for block in part.split("```yaml\n")[1:3])
    [visit] = parse_observations(record.encode("utf-8"), "visitas.yaml")
    assert visit.answers[0] == ("saudacao", "sim") and visit.wait_minutes == 2
    model = Rulebook.model_validate({**yaml.safe_load(rulebook), "brand": "A",
                                     "channels": [{"id": "c", "kind": "observations"}]})
    assert model.questionnaire is not None and len(model.questionnaire.items) == 4
    assert model.policies.service_level is not None
    assert model.policies.service_level.wait_limit("visit") == 10


def test_a_visit_fact_reads_back_from_its_json() -> None:
    visit = Visit("call", "SAC", "Ana", "2025-05-14T10:00", 2.5, 9.0,
                  (("saudacao", "sim"), ("cordialidade", "4")),
                  (Attachment("a.wav"), Attachment("b.png", "not found")))
    fact = Fact(visit, EVIDENCE)
    data = json.loads(json.dumps(fact_dict(fact)))
    assert data["kind"] == "visit" and data["answers"] == {"saudacao": "sim", "cordialidade": "4"}
    assert fact_from_dict(data) == fact


@pytest.mark.parametrize("name", ["visitas.yaml", "visitas.csv"])
def test_record_saves_the_visit_fields_given_with_set(
    cli: Callable[..., Result], tmp_path: Path, name: str,
) -> None:
    path = tmp_path / name
    result = cli("record", str(path), "--set", "who=Ana", "--set", "when=2025-05-14 10:00",
                 "--set", "where=Loja X", "--set", "channel=loja", "--set", "product=",
                 "--set", "quoted_price=", "--set", "quoted_installments=",
                 "--set", "quoted_deadline=", "--set", "quoted_policy=", "--set", "notes=",
                 "--set", "attachments=", "--set", "type=ligação", "--set", "wait_minutes=7,5",
                 "--set", "checklist=saudacao: sim; sondagem: não",
                 "--set", "score=cordialidade: 4", "--set", "save=yes")
    assert result.exit_code == 0, result.output
    [saved] = parse_observations(path.read_bytes(), name)
    assert (saved.type, saved.wait_minutes, saved.duration_minutes) == ("call", 7.5, None)
    assert saved.answers == (("saudacao", "sim"), ("sondagem", "não"), ("cordialidade", "4"))


def test_record_refuses_bad_visit_fields_before_asking(
    cli: Callable[..., Result], tmp_path: Path,
) -> None:
    path = tmp_path / "visitas.yaml"
    result = cli("record", str(path), "--set", "wait_minutes=muito", "--set", "save=yes")
    assert result.exit_code == 2 and "'muito' is not a number of minutes" in result.output
    result = cli("record", str(path), "--set", "type=fax", "--set", "save=yes")
    assert result.exit_code == 2 and "'fax' is not a contact type" in result.output
    assert not path.exists()


def test_attachment_links_stay_relative_paths_whatever_the_name(
    cli: Callable[..., Result], write: Callable[[str, str], Path], tmp_path: Path,
) -> None:
    visits = ("- channel: loja\n  notes: oi\n"
              "  attachments: ['javascript:alert(1)', 'foto #1.png']\n")
    write("javascript:alert(1)", "x")
    write("foto #1.png", "x")
    rulebook = write("cohesion.yaml", RULEBOOK.replace("cliente-oculto/visitas.yaml",
                                                      "visitas.yaml"))
    write("visitas.yaml", visits)
    html = check(cli, rulebook, "--format", "html").output
    assert 'href="javascript%3Aalert%281%29"' in html and 'href="foto%20%231.png"' in html
