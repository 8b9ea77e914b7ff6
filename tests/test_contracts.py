"""Things that must not drift: the committed schema, the format registry."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import click
from report_fixture import fixed_report

from cohesion_cli.cli import check, main
from cohesion_cli.output import FORMATS
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.rulebook.schema import rulebook_schema_text

ROOT = Path(__file__).resolve().parents[1]


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "rules" / "cohesion.schema.json").read_text(encoding="utf-8")
    assert committed == rulebook_schema_text(), (
        "rules/cohesion.schema.json is stale: run 'cohesion schema > rules/cohesion.schema.json'"
    )


def test_schema_command_prints_the_schema(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("schema").output == rulebook_schema_text()


def test_every_format_choice_has_a_renderer() -> None:
    option = next(p for p in check.params if p.name == "fmt")
    assert isinstance(option.type, click.Choice)
    assert set(option.type.choices) == set(FORMATS)
    for name, module in FORMATS.items():
        assert name == module.NAME


def test_help_documents_exit_codes(cli) -> None:  # type: ignore[no-untyped-def]
    for args in ([], ["check"], ["validate"]):
        output = cli(*args, "--help").output
        assert "3  a channel could not be read" in output
    assert main.name == "main"


def test_json_output_holds_any_scraped_text() -> None:
    """The results list is spliced into the encoded object at a placeholder: text from a
    channel that looks like one (the old fixed placeholder, a token's shape) changes
    nothing."""
    report = fixed_report()
    hostile = ["\x00every result\x00", "results-" + "0" * 32, '"results-"']
    results = [replace(r, observed=text) for r, text in zip(report.results, hostile,
                                                            strict=False)]
    report = replace(report, results=results + report.results[len(results):], brand=hostile[0])
    out = io.StringIO()
    FORMATS["json"].render(report, out, RenderOptions())
    data = json.loads(out.getvalue())
    assert [r["observed"] for r in data["results"][:3]] == hostile
    assert data["brand"] == hostile[0] and len(data["results"]) == len(report.results)
