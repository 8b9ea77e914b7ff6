"""The rulebook loader: valid files load; every problem has file:line:col and a hint."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from cohesion_cli.channels.rulebook import load
from cohesion_cli.rulebook.problems import Problem, RulebookError

MINIMAL = """\
brand: Aurora
catalog:
  products:
    - sku: A1
      name: Tênis
      price: 399.90
channels:
  - id: loja
    kind: file
    location: loja
    product_page: "{sku}.html"
"""


def problems_of(path: Path, **kwargs: bool) -> list[Problem]:
    with pytest.raises(RulebookError) as info:
        load(str(path), **kwargs)
    return info.value.problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [p.render() for p in problems]
    return problems[0]


def test_minimal_rulebook_loads_with_defaults(write: Callable[[str, str], Path]) -> None:
    path = write("cohesion.yaml", MINIMAL)
    loaded = load(str(path))
    assert loaded.model.brand == "Aurora"
    assert loaded.model.locale == "pt-BR" and loaded.model.currency == "BRL"
    assert loaded.products[0].price == Decimal("399.90")
    assert loaded.model.channels[0].kind == "file"


def test_folder_is_searched_for_cohesion_yaml(write: Callable[[str, str], Path]) -> None:
    path = write("engagement/cohesion.yaml", MINIMAL)
    assert load(str(path.parent)).path == path


def test_folder_without_rulebook_is_a_problem(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path))
    assert "no cohesion.yaml" in problem.message


def test_amounts_accept_brazilian_notation(write: Callable[[str, str], Path]) -> None:
    text = MINIMAL.replace("price: 399.90", 'price: "R$ 1.299,90"\n      list_price: "1.499,00"')
    loaded = load(str(write("cohesion.yaml", text)))
    assert loaded.products[0].price == Decimal("1299.90")
    assert loaded.products[0].list_price == Decimal("1499.00")


def test_catalog_from_csv_relative_to_rulebook(write: Callable[[str, str], Path]) -> None:
    write("eng/catalogo.csv", "sku;name;price;list_price;installments;interest_free\n"
                              "B1;Bota;599,90;699,90;12;sim\nC1;Chinelo;;;;\n")
    text = MINIMAL.replace("catalog:\n", "catalog:\n  csv: catalogo.csv\n")
    loaded = load(str(write("eng/cohesion.yaml", text)))
    by_sku = {p.sku: p for p in loaded.products}
    assert set(by_sku) == {"A1", "B1", "C1"}
    assert by_sku["B1"].price == Decimal("599.90")
    assert by_sku["B1"].installments is not None and by_sku["B1"].installments.count == 12
    assert by_sku["C1"].price is None


def test_csv_bad_cell_is_reported_at_its_line_and_column(
    write: Callable[[str, str], Path],
) -> None:
    write("catalogo.csv", "sku,name,price\nA2,Bota,599.90\nA3,Sandália,caro\n")
    text = MINIMAL.replace("catalog:\n", "catalog:\n  csv: catalogo.csv\n")
    problem = only(problems_of(write("cohesion.yaml", text)))
    assert problem.position.file.endswith("catalogo.csv")
    assert (problem.position.line, problem.position.col) == (3, 13)
    assert "price" in problem.message


def test_yaml_syntax_error_has_position_and_hint(write: Callable[[str, str], Path]) -> None:
    text = MINIMAL.replace("      name: Tênis", "      name: [Tênis")
    problem = only(problems_of(write("cohesion.yaml", text)))
    assert problem.message.startswith("YAML syntax error")
    assert problem.position.line >= 5 and problem.position.col >= 1
    assert problem.hint


def test_tab_indentation_is_explained(write: Callable[[str, str], Path]) -> None:
    problem = only(problems_of(write("cohesion.yaml", "brand: A\n\tchannels: []\n")))
    assert problem.position.line == 2
    assert "tab" in (problem.message + problem.hint).lower()


def test_unknown_key_suggests_the_right_one(write: Callable[[str, str], Path]) -> None:
    text = MINIMAL.replace("      price: 399.90", "      prcie: 399.90")
    problem = only(problems_of(write("cohesion.yaml", text)))
    assert problem.message == "unknown key 'prcie'"
    assert problem.hint == "did you mean 'price'?"
    assert (problem.position.line, problem.position.col) == (6, 7)


def test_wrong_type_points_at_the_value(write: Callable[[str, str], Path]) -> None:
    text = MINIMAL + "policies:\n  returns:\n    days: trinta\n"
    problem = only(problems_of(write("cohesion.yaml", text)))
    assert "policies.returns.days" in problem.message
    assert (problem.position.line, problem.position.col) == (14, 11)
    assert "whole number" in problem.hint


def test_several_problems_are_all_reported(write: Callable[[str, str], Path]) -> None:
    text = MINIMAL.replace("kind: file", "kind: telepathy").replace("brand:", "brnad:")
    found = problems_of(write("cohesion.yaml", text))
    messages = " | ".join(p.message for p in found)
    assert "unknown key 'brnad'" in messages
    assert "missing required key 'brand'" in messages
    assert "channels.0.kind" in messages


def test_duplicate_channel_ids_and_skus(write: Callable[[str, str], Path]) -> None:
    text = MINIMAL + "  - id: loja\n    kind: file\n    location: x\n"
    text = text.replace("      price: 399.90\n", "      price: 399.90\n    - sku: A1\n")
    found = problems_of(write("cohesion.yaml", text))
    assert {p.message for p in found} == {"duplicate product sku 'A1'",
                                          "duplicate channel id 'loja'"}
    assert all(p.position.line > 1 for p in found)


def test_duplicate_wording_ids(write: Callable[[str, str], Path]) -> None:
    text = MINIMAL + ("policies:\n  wording:\n    - {id: trocas, text: Troca em 30 dias}\n"
                      "    - {id: trocas, text: Devolução grátis}\n")
    problem = only(problems_of(write("cohesion.yaml", text)))
    assert problem.message == "duplicate wording id 'trocas'"
    assert (problem.position.line, problem.position.col) == (15, 12)


def test_duplicate_yaml_key(write: Callable[[str, str], Path]) -> None:
    problem = only(problems_of(write("cohesion.yaml", MINIMAL + "brand: Outra\n")))
    assert problem.message == "duplicate key 'brand'"
    assert problem.position.line == 12


def test_unknown_placeholder_suggests(write: Callable[[str, str], Path]) -> None:
    text = MINIMAL.replace('"{sku}.html"', '"{skuu}.html"')
    problem = only(problems_of(write("cohesion.yaml", text)))
    assert problem.message == "unknown placeholder {skuu}"
    assert problem.hint == "did you mean {sku}?"
    assert problem.position.line == 11


def test_missing_catalog_file(write: Callable[[str, str], Path]) -> None:
    text = MINIMAL.replace("catalog:\n", "catalog:\n  csv: nao-existe.csv\n")
    problem = only(problems_of(write("cohesion.yaml", text)))
    assert "nao-existe.csv" in problem.message
    assert problem.position.line == 3


def test_missing_channel_files_only_when_asked(write: Callable[[str, str], Path]) -> None:
    path = write("cohesion.yaml", MINIMAL)
    assert load(str(path)).model.channels
    problem = only(problems_of(path, check_files=True))
    assert "file not found" in problem.message and "A1.html" in problem.message


def test_object_tags_are_refused(write: Callable[[str, str], Path]) -> None:
    text = MINIMAL.replace("brand: Aurora", "brand: !!python/object/apply:os.system ['true']")
    problem = only(problems_of(write("cohesion.yaml", text)))
    assert problem.position.line == 1
    assert "not allowed" in problem.hint


@pytest.mark.slow
def test_alias_bomb_is_refused_quickly(write: Callable[[str, str], Path]) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, "
                     f"*{prev}, *{prev}, *{prev}, *{prev}]")
    problem = only(problems_of(write("cohesion.yaml", "\n".join(lines) + "\n")))
    assert "expands to more than" in problem.message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the rulebook is empty"),
        (b"- a\n- b\n", "the rulebook must be a mapping, not a list"),
        (b"just text\n", "the rulebook must be a mapping, not a text"),
        (b"brand: Cal\xe7ados\n", "the file is not UTF-8 text"),
    ],
)
def test_bad_documents(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "cohesion.yaml"
    path.write_bytes(content)
    assert only(problems_of(path)).message == message


def test_invalid_locator_is_reported(write: Callable[[str, str], Path]) -> None:
    text = MINIMAL + "    locators:\n      price: {regex: '(unclosed'}\n"
    problem = only(problems_of(write("cohesion.yaml", text)))
    assert problem.message.startswith("invalid regex locator")
    assert problem.position.line == 13


def test_locator_needs_exactly_one_expression(write: Callable[[str, str], Path]) -> None:
    text = MINIMAL + "    locators:\n      price: {css: '.p', regex: 'x'}\n"
    problem = only(problems_of(write("cohesion.yaml", text)))
    assert "exactly one" in problem.message


def test_short_return_window_warns_about_cdc(write: Callable[[str, str], Path]) -> None:
    path = write("cohesion.yaml", MINIMAL + "policies:\n  returns: {days: 5}\n")
    loaded = load(str(path))
    assert [w.level for w in loaded.warnings] == ["warning"]
    assert "CDC" in loaded.warnings[0].message


def test_merge_keys_work(write: Callable[[str, str], Path]) -> None:
    text = MINIMAL.split("channels:")[0] + """channels:
  - &loja {id: loja, kind: file, location: loja, product_page: "{sku}.html", timeout: 5}
  - <<: *loja
    id: loja2
"""
    loaded = load(str(write("cohesion.yaml", text)))
    second = loaded.model.channels[1]
    assert (second.id, second.kind, second.location, second.timeout) == ("loja2", "file",
                                                                         "loja", 5.0)


@pytest.mark.slow
def test_nested_merge_bomb_is_refused(write: Callable[[str, str], Path]) -> None:
    lines = ["a0: &a0 {k0: 1, k1: 1, k2: 1, k3: 1}"]
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}, *a{i - 1}], n{i}: 1}}")
    problem = only(problems_of(write("cohesion.yaml", "\n".join(lines) + "\n")))
    assert "expands to more than" in problem.message
