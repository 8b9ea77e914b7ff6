"""The ``sarif`` format: golden file, the official SARIF 2.1.0 schema, GitHub's needs.

``tests/fixtures/sarif-schema-2.1.0.json`` is the OASIS SARIF 2.1.0 errata01 schema
(JSON Schema draft-04). The golden file ``tests/golden/report.sarif`` is the rendering of
``report_fixture.fixed_report()``. After an intended change to the format, rewrite it with

    COHESION_UPDATE_GOLDEN=1 python -m pytest tests/test_output_sarif.py

and review the diff before committing.
"""

from __future__ import annotations

import inspect
import io
import json
import os
import sys
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

sys.path.insert(0, str(Path(__file__).parent))
from report_fixture import RULEBOOK, fixed_report

from cohesion_cli.checks import RULES
from cohesion_cli.domain import Outcome, Position, Result, Severity
from cohesion_cli.output import sarif
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.triage.report import Report

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "report.sarif"
SCHEMA = HERE / "fixtures" / "sarif-schema-2.1.0.json"
GITHUB_LEVELS = {"error", "warning", "note"}


def _render(report: Report, options: RenderOptions | None = None) -> str:
    out = io.StringIO()
    sarif.render(report, out, options or RenderOptions())
    return out.getvalue()


def _sarif(report: Report, options: RenderOptions | None = None) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_render(report, options))
    return data


@cache
def _validator() -> Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def _assert_valid(log: dict[str, Any]) -> None:
    errors = sorted(_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def _results_by_fingerprint(log: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["partialFingerprints"]["cohesionFingerprint/v1"]: r
            for r in log["runs"][0]["results"]}


def _assert_github_requirements(log: dict[str, Any]) -> None:
    assert log["version"] == "2.1.0"
    assert log["$schema"].startswith("https://")
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "cohesion"
    assert driver["version"]
    assert driver["informationUri"].startswith("https://")
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in GITHUB_LEVELS
        assert rule["properties"]["tags"]
    for result in run["results"]:
        assert result["ruleId"] in rule_ids
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in GITHUB_LEVELS
        assert result["message"]["text"].strip()
        fingerprint = result["partialFingerprints"]["cohesionFingerprint/v1"]
        assert len(fingerprint) == 16
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert uri and "\\" not in uri and not uri.startswith("/") and "://" not in uri
        assert physical["region"]["startLine"] >= 1
        assert physical["region"].get("startColumn", 1) >= 1
    assert run["automationDetails"]["id"].startswith("cohesion/")
    assert isinstance(run["invocations"][0]["executionSuccessful"], bool)


def test_golden_file() -> None:
    text = _render(fixed_report())
    if os.environ.get("COHESION_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8", newline="\n")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_output_is_deterministic() -> None:
    assert _render(fixed_report()) == _render(fixed_report())


def test_golden_file_is_valid_sarif_for_github() -> None:
    log = json.loads(GOLDEN.read_text(encoding="utf-8"))
    _assert_valid(log)
    _assert_github_requirements(log)


@pytest.mark.parametrize("level", list(Severity))
def test_valid_at_every_min_severity(level: Severity) -> None:
    log = _sarif(fixed_report(), RenderOptions(min_severity=level))
    _assert_valid(log)
    _assert_github_requirements(log)


def test_one_result_per_finding_and_suppression() -> None:
    report = fixed_report()
    results = _results_by_fingerprint(_sarif(report))
    expected = [r.fingerprint for r in report.findings] + [r.fingerprint
                                                          for r, _ in report.suppressed]
    assert list(results) == expected
    ok = {r.fingerprint for r in report.results if r.outcome is Outcome.OK}
    assert not ok & set(results)


def test_rules_are_the_ones_that_occur_with_their_documentation() -> None:
    report = fixed_report()
    driver = _sarif(report)["runs"][0]["tool"]["driver"]
    occurring = {r.rule for r in report.findings} | {r.rule for r, _ in report.suppressed}
    assert {rule["id"] for rule in driver["rules"]} == occurring
    for rule in driver["rules"]:
        info = RULES[rule["id"]].info
        doc = " ".join((inspect.getdoc(sys.modules[RULES[rule["id"]].check.__module__])
                        or "").split())
        body = doc.removeprefix(f"{rule['id']}:").strip().replace("``", "")
        assert rule["fullDescription"]["text"].lower() == body.lower()
        assert body.lower().startswith(rule["shortDescription"]["text"].lower().rstrip("."))
        assert rule["defaultConfiguration"]["level"] == sarif.LEVELS[
            Severity.parse(info.severity)]
        assert info.severity in rule["help"]["markdown"]
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    assert by_id["price"]["defaultConfiguration"]["level"] == "error"
    assert by_id["wording"]["defaultConfiguration"]["level"] == "note"
    assert by_id["read"]["defaultConfiguration"]["level"] == "warning"


def test_levels_follow_severity() -> None:
    report = fixed_report()
    results = _results_by_fingerprint(_sarif(report))
    wanted = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
              Severity.LOW: "note", Severity.INFO: "note"}
    for finding in report.findings:
        result = results[finding.fingerprint]
        assert result["level"] == wanted[finding.severity]
        assert result["properties"]["severity"] == finding.severity.label
        assert result["properties"]["outcome"] == finding.outcome.value


def test_message_and_properties_tell_the_story() -> None:
    report = fixed_report()
    price = next(r for r in report.findings if r.rule == "price")
    result = _results_by_fingerprint(_sarif(report))[price.fingerprint]
    text = result["message"]["text"]
    for part in ("marketplace", "AUR-001", "Tênis Brisa", "R$ 429.90", "R$ 399.90"):
        assert part in text
    props = result["properties"]
    assert props["channel"] == "marketplace"
    assert props["subject"] == "AUR-001"
    assert price.evidence is not None
    assert props["evidenceExcerpt"] == price.evidence.excerpt
    installments = next(r for r in report.findings if r.rule == "installments")
    text = _results_by_fingerprint(_sarif(report))[installments.fingerprint]["message"]["text"]
    assert installments.reason in text


def test_location_is_the_rule_in_the_rulebook() -> None:
    report = fixed_report()
    results = _results_by_fingerprint(_sarif(report))
    for finding in report.findings:
        position = finding.position
        assert position is not None
        physical = results[finding.fingerprint]["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == RULEBOOK
        assert physical["region"] == {"startLine": position.line, "startColumn": position.col}


def test_location_falls_back_to_the_rulebook_first_line() -> None:
    report = fixed_report()
    report = replace(report, results=[replace(r, position=None) for r in report.results],
                     rulebook="brands\\aurora\\cohesion.yaml")
    log = _sarif(report)
    _assert_valid(log)
    for result in log["runs"][0]["results"]:
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "brands/aurora/cohesion.yaml"
        assert physical["region"]["startLine"] == 1


def test_rulebook_uri_is_percent_encoded() -> None:
    report = fixed_report()
    report = replace(report, results=[
        replace(r, position=Position("marcas/Calçados Aurora/cohesion.yaml", 3, 1))
        for r in report.results])
    result = _sarif(report)["runs"][0]["results"][0]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "marcas/Cal%C3%A7ados%20Aurora/cohesion.yaml"


def test_related_locations_point_at_archived_evidence() -> None:
    report = fixed_report()
    results = _results_by_fingerprint(_sarif(report))
    for finding in report.findings:
        evidence = finding.evidence
        result = results[finding.fingerprint]
        if evidence is None:
            assert "relatedLocations" not in result
            continue
        (related,) = result["relatedLocations"]
        archived = report.archived.get(evidence.snapshot)
        if archived is not None:
            uri = related["physicalLocation"]["artifactLocation"]["uri"]
            assert uri == f"{report.archive}/{archived}"
        else:
            assert "physicalLocation" not in related
        assert evidence.source in related["message"]["text"]
    price = next(r for r in report.findings if r.rule == "price")
    (related,) = results[price.fingerprint]["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == (
        "out/archive/warc/run1.warc.gz")


def test_without_archive_evidence_is_described() -> None:
    report = fixed_report()
    report = replace(report, archive=None, archived={})
    log = _sarif(report)
    _assert_valid(log)
    for result in log["runs"][0]["results"]:
        for related in result.get("relatedLocations", []):
            assert "physicalLocation" not in related
            assert related["message"]["text"].startswith("evidence")


def test_suppressed_findings_carry_an_external_suppression() -> None:
    report = fixed_report()
    results = _results_by_fingerprint(_sarif(report))
    suppressed, reason = report.suppressed[0]
    result = results[suppressed.fingerprint]
    assert result["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": reason}]
    assert result["ruleId"] == "list_price"
    assert all("suppressions" not in r for fp, r in results.items()
               if fp != suppressed.fingerprint)


def test_min_severity_hides_lower_findings_and_their_rules() -> None:
    report = fixed_report()
    log = _sarif(report, RenderOptions(min_severity=Severity.HIGH))
    run = log["runs"][0]
    assert {r["level"] for r in run["results"]} == {"error"}
    shown = [r for r in report.findings if r.severity >= Severity.HIGH]
    assert len(run["results"]) == len(shown)
    assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} == {r.rule for r in shown}
    assert run["properties"]["hiddenBelowMinSeverity"] == len(report.findings) - len(shown)


def test_run_metadata() -> None:
    run = _sarif(fixed_report())["runs"][0]
    assert run["automationDetails"]["id"] == "cohesion/aurora-calcados/"
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is True
    assert invocation["exitCode"] == 1
    assert invocation["endTimeUtc"] == "2026-11-23T12:00:00Z"
    (note,) = invocation["toolExecutionNotifications"]
    assert "app" in note["message"]["text"]


def test_unknown_rules_and_empty_reports_stay_valid() -> None:
    report = fixed_report()
    report = replace(report, results=[*report.results, Result(rule="future_rule",
                                 channel="loja",
                                 subject="AUR-001",
                                 outcome=Outcome.DIVERGENT,
                                 expected="a",
                                 observed="b",
                                 severity=Severity.LOW)])
    log = _sarif(report)
    _assert_valid(log)
    _assert_github_requirements(log)
    empty = fixed_report()
    empty = replace(empty, results=[], suppressed=[])
    log = _sarif(empty)
    _assert_valid(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"] == []


def test_absolute_paths_become_relative_to_the_working_folder_or_file_uris(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    report = fixed_report()
    report = replace(report, archive=str(tmp_path / "evidence"),
                     rulebook=str(tmp_path.parent / "elsewhere" / "cohesion.yaml"),
                     results=[replace(r, position=None) for r in report.results])
    log = _sarif(report)
    _assert_valid(log)
    result = log["runs"][0]["results"][0]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file:///") and uri.endswith("/elsewhere/cohesion.yaml")
    related = result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert related == "evidence/warc/run1.warc.gz"
