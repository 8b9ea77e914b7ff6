"""The products' names a run reports (the JSON result's ``products``, the history's runs)
are read from the packed catalog one at a time, not held as a dict of the whole catalog:
the same names, in catalog order, whatever characters they hold."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from cohesion_cli.history import runs
from cohesion_cli.history.store import opened

NAMES = {"A1": 'Fone "Pro" \\ 2', "B2": "Tênis Brisa — 38/39", "C3": "", "D4": "Ação ✓ 😀",
         "E5": "Sapatilha Lume"}


def _engagement(folder: Path) -> Path:
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "A1.html").write_text("<p>R$ 10,00</p>", encoding="utf-8")
    rows = "".join(f'{sku},"{name.replace(chr(34), chr(34) * 2)}",10\n'
                   for sku, name in NAMES.items() if sku != "A1")
    (folder / "catalogo.csv").write_text("sku,name,price\n" + rows, encoding="utf-8")
    path = folder / "cohesion.yaml"
    path.write_text(
        "brand: X\ncatalog:\n  products: [{sku: A1, name: " + json.dumps(NAMES["A1"])
        + ", price: 10}]\n  csv: catalogo.csv\nchannels:\n"
        "  - {id: f, kind: file, location: pages, product_page: '{sku}.html'}\n",
        encoding="utf-8")
    return path


def test_the_json_result_and_the_history_name_every_product_in_catalog_order(
        cli: Callable[..., Result], tmp_path: Path) -> None:
    rulebook = _engagement(tmp_path / "work")
    result = cli("check", str(rulebook), "--format", "json", "--no-cache")
    data = json.loads(result.output)
    assert list(data["products"].items()) == list(NAMES.items())
    with opened(rulebook.parent / ".cohesion" / "history.sqlite", create=False) as connection:
        [run] = runs.runs(connection)
        recorded = runs.load(connection, run.id)
    assert list(recorded.subjects.items()) == list(NAMES.items())
