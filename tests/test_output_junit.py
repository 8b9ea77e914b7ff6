"""The ``junit`` format: golden file, read back with junitparser, well-formed for lxml.

The golden file ``tests/golden/report.junit.xml`` is the rendering of
``report_fixture.fixed_report()``. After an intended change to the format, rewrite it with

    COHESION_UPDATE_GOLDEN=1 python -m pytest tests/test_output_junit.py

and review the diff before committing.
"""

from __future__ import annotations

import io
import os
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from junitparser import Error, Failure, JUnitXml, Skipped, TestCase, TestSuite
from lxml import etree

sys.path.insert(0, str(Path(__file__).parent))
from report_fixture import fixed_report

from cohesion_cli.domain import Evidence, Outcome, Result, Severity
from cohesion_cli.output import junit
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.triage.report import Report

GOLDEN = Path(__file__).parent / "golden" / "report.junit.xml"


def _render(report: Report, options: RenderOptions | None = None) -> str:
    out = io.StringIO()
    junit.render(report, out, options or RenderOptions())
    return out.getvalue()


def _parse(text: str) -> JUnitXml:
    return JUnitXml.fromstring(text.encode("utf-8"))


def _suites(xml: JUnitXml) -> dict[str, TestSuite]:
    return {suite.name: suite for suite in xml}


def _cases(xml: JUnitXml) -> list[TestCase]:
    return [case for suite in xml for case in suite]


def _strict_parse(text: str) -> etree._Element:
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    return etree.fromstring(text.encode("utf-8"), parser)


def test_golden_file() -> None:
    text = _render(fixed_report())
    if os.environ.get("COHESION_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8", newline="\n")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_output_is_deterministic() -> None:
    assert _render(fixed_report()) == _render(fixed_report())


def test_well_formed_for_lxml() -> None:
    root = _strict_parse(_render(fixed_report()))
    assert root.tag == "testsuites"
    assert GOLDEN.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    etree.parse(str(GOLDEN), etree.XMLParser(recover=False))


def test_one_suite_per_channel_with_counts_and_properties() -> None:
    report = fixed_report()
    xml = JUnitXml.fromfile(str(GOLDEN))
    suites = _suites(xml)
    assert list(suites) == [c.id for c in report.channels]
    expected = {  # tests, failures, errors, skipped
        "loja": (3, 0, 0, 0),
        "marketplace": (4, 3, 0, 1),
        "whatsapp": (3, 3, 0, 0),
        "app": (1, 0, 1, 0),
    }
    for name, suite in suites.items():
        assert (suite.tests, suite.failures, suite.errors, suite.skipped) == expected[name]
        assert len(list(suite)) == suite.tests
        assert suite.timestamp == report.generated_at
        props = {p.name: p.value for p in suite.properties()}
        summary = next(c for c in report.channels if c.id == name)
        assert props["kind"] == summary.kind
        assert props["owner"] == summary.owner
        score = report.score(name)
        assert props["score"] == ("n/a" if score is None else str(score))
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (11, 6, 1, 1)


def test_every_result_is_a_case_and_kinds_follow_outcomes() -> None:
    report = fixed_report()
    xml = JUnitXml.fromfile(str(GOLDEN))
    cases = _cases(xml)
    assert len(cases) == len(report.results) + len(report.suppressed)
    kinds = {Outcome.OK: None, Outcome.DIVERGENT: Failure, Outcome.MISSING: Failure,
             Outcome.UNVERIFIABLE: Error}
    by_class: dict[str, list[TestCase]] = {}
    for case in cases:
        by_class.setdefault(case.classname, []).append(case)
    for result in report.results:
        candidates = [c for c in by_class[f"cohesion.{result.channel}"]
                      if c.name.startswith(f"{result.rule} · {result.subject} ")]
        assert len(candidates) == 1, result
        case = candidates[0]
        expected_kind = kinds[result.outcome]
        if expected_kind is None:
            assert case.is_passed and case.result == []
            continue
        (element,) = case.result
        assert isinstance(element, expected_kind)
        assert element.type == result.outcome.value
        assert result.severity.label in element.message
        assert f"severity: {result.severity.label}" in element.text
        if result.expected:
            assert f"expected: {result.expected}" in element.text
        if result.observed:
            assert f"observed: {result.observed}" in element.text
        if result.reason:
            assert f"reason: {result.reason}" in element.text
        if result.evidence and result.evidence.excerpt:
            assert f"excerpt: {result.evidence.excerpt}" in element.text
            assert f"locator: {result.evidence.locator}" in element.text
            assert f"source: {result.evidence.source}" in element.text


def test_failure_message_and_evidence_details() -> None:
    xml = JUnitXml.fromfile(str(GOLDEN))
    cases = {case.name: case for case in _cases(xml)}
    (failure,) = cases["price · AUR-001 · marketplace"].result
    assert isinstance(failure, Failure)
    assert failure.type == "divergent"
    assert failure.message == "critical: price is R$429.90, expected R$399.90"  # Babel, en
    assert "archived: out/archive/warc/run1.warc.gz" in failure.text
    assert "rule defined at: examples/demo/cohesion.yaml:10:5" in failure.text
    (missing,) = cases["return_window · policy:returns · marketplace"].result
    assert isinstance(missing, Failure)
    assert missing.type == "missing"
    assert "evidence: none" in missing.text
    (error,) = cases["read · AUR-003 · app"].result
    assert isinstance(error, Error)
    assert error.type == "unverifiable"
    assert "HTTP 503 Service Unavailable" in error.message
    # markup inside evidence survives the round trip as text
    (forbidden,) = cases["forbidden_phrase · phrase:garantia vitalícia · whatsapp"].result
    assert "…garantia vitalicia na costura <b>&</b>…" in forbidden.text


def test_suppressed_findings_are_skipped_with_the_reason() -> None:
    report = fixed_report()
    xml = JUnitXml.fromfile(str(GOLDEN))
    skipped = [c for c in _cases(xml) if c.is_skipped]
    assert [c.name for c in skipped] == ["list_price · AUR-001 · marketplace"]
    (element,) = skipped[0].result
    assert isinstance(element, Skipped)
    assert element.message == f"suppressed: {report.suppressed[0][1]}"


def test_case_names_are_unique_in_the_file() -> None:
    names = [c.name for c in _cases(JUnitXml.fromfile(str(GOLDEN)))]
    assert len(names) == len(set(names))


def test_duplicate_results_still_get_unique_names() -> None:
    report = fixed_report()
    twice = report.results[0]
    report = replace(report, results=[*report.results, twice, twice],
                     suppressed=[*report.suppressed, (twice, "again")])
    cases = _cases(_parse(_render(report)))
    names = [c.name for c in cases]
    assert len(names) == len(set(names))
    assert {"price · AUR-001 · marketplace #2", "price · AUR-001 · marketplace #3",
            "price · AUR-001 · marketplace #4"} <= set(names)


def test_below_min_severity_findings_stay_failures() -> None:
    text = _render(fixed_report(), RenderOptions(min_severity=Severity.CRITICAL))
    xml = _parse(text)
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (11, 6, 1, 1)
    cases = {case.name: case for case in _cases(xml)}
    (failure,) = cases["forbidden_phrase · phrase:garantia vitalícia · whatsapp"].result
    assert isinstance(failure, Failure)
    assert "below --min-severity critical" in failure.text


def test_invalid_xml_characters_are_removed() -> None:
    report = fixed_report()
    dirty = Evidence("preço\x00 R$\x0b 10\x1b[0m,00\ufffe", "line\x01 3", "chat\x7f.txt")
    first = replace(report.results[0], evidence=dirty, reason="bell\x07 rang\ttab")
    report = replace(report, results=[first, *report.results[1:]], brand="Marca\x02")
    text = _render(report)
    root = _strict_parse(text)
    assert root.get("name") == "cohesion · Marca\\x02"  # control characters shown, not sent
    cases = {case.name: case for case in _cases(_parse(text))}
    failure = cases["price · AUR-001 · marketplace"].result[0]
    assert "excerpt: preço\\x00 R$\\x0b 10\\x1b[0m,00\n" in failure.text
    assert "locator: line\\x01 3" in failure.text
    assert "reason: bell\\x07 rang\ttab" in failure.text
    assert "source: chat\\x7f.txt" in failure.text


def test_results_of_unlisted_channels_get_a_suite() -> None:
    report = fixed_report()
    kiosk = Result(rule="price", channel="kiosk", subject="AUR-001", outcome=Outcome.MISSING,
                   expected="R$ 399.90", severity=Severity.CRITICAL)
    report = replace(report, results=[*report.results, kiosk])
    suites = _suites(_parse(_render(report)))
    assert list(suites)[-1] == "kiosk"
    assert suites["kiosk"].failures == 1


@pytest.mark.parametrize("channels", [0, 1])
def test_empty_reports_are_valid(channels: int) -> None:
    report = fixed_report()
    report = replace(report, results=[], suppressed=[], channels=report.channels[:channels])
    xml = _parse(_render(report))
    assert xml.tests == 0
    assert len(list(xml)) == channels
