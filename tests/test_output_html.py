"""The ``html`` report: golden files, structure, and a real browser.

Golden files
    ``tests/golden/report.en.html`` and ``tests/golden/report.pt-BR.html`` are the
    rendering of ``report_fixture.fixed_report()``. After an intended change to the page,
    rewrite them and review the diff::

        COHESION_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_output_html.py

    The tool version is replaced by ``VERSION`` while rendering them, so a release does not
    change the golden files.

Browser
    ``test_opens_offline_in_headless_chromium`` opens each report from a ``file://`` path in
    Debian's Chromium (``/usr/bin/chromium``) through Playwright, records every request,
    console message and page error, and fails on any console error, page error or request
    other than the report itself (``data:`` URLs are fine). It saves a full-page screenshot at
    1366×768 (and the page) to ``tests/artifacts/``, or to ``$COHESION_ARTIFACTS`` when set.
    Without Chromium or the ``playwright`` package the test is skipped, unless ``CI`` is set:
    then it fails. Never run ``playwright install``: the system Chromium is used.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from report_fixture import fixed_report

from cohesion_cli.domain import Outcome, Severity
from cohesion_cli.output import html as html_format
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.output.texts import Texts
from cohesion_cli.triage.report import Report

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
LANGS = ("en", "pt-BR")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def render(report: Report | None = None, **options: object) -> str:
    out = io.StringIO()
    html_format.render(report or fixed_report(), out, RenderOptions(**options))
    return out.getvalue()


def parse(page: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(page)


def text_of(element: lxml.html.HtmlElement) -> str:
    """The element's text, a space between elements, white space collapsed."""
    return " ".join(" ".join(element.itertext()).split())


# golden files


@pytest.mark.parametrize("lang", LANGS)
def test_matches_golden_file(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_format, "__version__", "VERSION")
    page = render(lang=lang)
    golden = GOLDEN / f"report.{lang}.html"
    if os.environ.get("COHESION_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(page, encoding="utf-8", newline="\n")
        return
    assert golden.exists(), f"{golden.name} is missing: run with COHESION_UPDATE_GOLDEN=1"
    expected = golden.read_text(encoding="utf-8")
    assert page == expected, (
        f"report.{lang}.html changed; if intended, rerun with COHESION_UPDATE_GOLDEN=1 "
        "and review the diff")


def test_output_is_deterministic() -> None:
    assert render(lang="pt-BR") == render(lang="pt-BR")


# structure


@pytest.mark.parametrize("lang", LANGS)
def test_makes_no_request_of_its_own(lang: str) -> None:
    page = render(lang=lang)
    doc = parse(page)
    assert doc.xpath("//script") == []
    links = doc.xpath("//link[@href]")
    assert [(link.get("rel"), link.get("href")) for link in links] == [("icon", "data:,")]
    for element in doc.xpath("//*[@src]"):
        assert not re.match(r"\s*(https?:)?//", element.get("src")), lxml.html.tostring(element)
    assert doc.xpath("//iframe | //object | //embed | //img | //video | //audio") == []
    css = "\n".join(style.text_content() for style in doc.xpath("//style"))
    assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", css)
    assert "@import" not in css
    assert "@font-face" not in css
    policy = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert policy and "default-src 'none'" in policy[0]


def test_every_finding_is_listed_with_its_evidence() -> None:
    report = fixed_report()
    doc = parse(render(report))
    assert len(report.findings) == 7
    for finding in report.findings:
        card = doc.get_element_by_id(f"finding-{finding.fingerprint}")
        text = text_of(card)
        assert finding.fingerprint in text
        words = Texts("en", report.rules)  # the values as English writes them
        for value in (words.expected(finding), words.observed(finding), words.reason(finding)):
            assert " ".join(value.split()) in text
        if finding.evidence is not None and finding.evidence.excerpt:
            assert finding.evidence.excerpt in text
            assert finding.evidence.locator in text
        plan_links = doc.xpath(f"//table[@class='plan']//a[@href='#finding-{finding.fingerprint}']")
        assert len(plan_links) == 1
    cards = doc.xpath("//li[contains(@class, 'finding')]")
    assert len(cards) == len(report.findings)


def test_evidence_html_is_escaped() -> None:
    page = render()
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in page
    doc = parse(page)
    assert doc.xpath("//blockquote//b") == []
    excerpts = [text_of(q) for q in doc.xpath("//blockquote[@class='excerpt']")]
    assert "…garantia vitalicia na costura <b>&</b>…" in excerpts


def test_markup_in_any_field_is_escaped() -> None:
    report = fixed_report()
    report = replace(report, brand="<script>alert(1)</script>")
    report.subjects["AUR-001"] = '<img src="https://evil.example/x.png">'
    doc = parse(render(report))
    assert doc.xpath("//script | //img") == []
    assert "<script>alert(1)</script>" in text_of(doc.xpath("//h1")[0])


def test_sources_are_links_never_loaded_and_archived_copies_are_named() -> None:
    doc = parse(render())
    link = doc.xpath("//a[@href='https://mkt.example/p/AUR-001']")[0]
    assert link.get("rel") == "noreferrer"
    assert link.text_content() == "https://mkt.example/p/AUR-001"
    assert doc.xpath("//a[@href='whatsapp/conversa.txt']") == []
    for href in doc.xpath("//a/@href"):
        assert href.startswith(("#", "https://", "http://")), href
    text = text_of(doc)
    assert "out/archive/warc/run1.warc.gz" in text
    assert "out/archive/files/9a8b7c6d5e4f00" in text
    assert "examples/demo/cohesion.yaml:10:5" in text


def test_content_comes_in_order() -> None:
    doc = parse(render())
    sections = [s.get("id") for s in doc.xpath("//main/section")]
    assert sections == ["summary", "scores", "trend", "matrix", "plan", "channels", "appendix"]
    assert doc.xpath("//footer")


def test_summary_states_client_scope_period_method_score_and_counts() -> None:
    report = fixed_report()
    doc = parse(render(report))
    summary = text_of(doc.get_element_by_id("summary"))
    assert f"{report.score()} out of 100" in summary
    assert "Client Aurora Calçados" in summary
    assert "Scope 4 channels · 3 products · 8 documents read" in summary
    assert "Channels Loja virtual, Loja oficial no marketplace, WhatsApp, App" in summary
    assert "Audit period Nov 9, 2026 to Nov 23, 2026" in summary
    assert "Method cohesion read 8 documents from 4 channels (web, WhatsApp, API)" in summary
    counts = {text_of(li) for li in doc.xpath("//section[@id='summary']//ul[@class='counts']/li")}
    assert counts == {"1 Critical", "3 High", "1 Medium", "1 Low", "1 Info"}


def test_first_screen_has_no_ci_details_the_appendix_has_them() -> None:
    report = fixed_report()
    doc = parse(render(report))
    first = text_of(doc.xpath("//header")[0]) + text_of(doc.get_element_by_id("summary"))
    for jargon in ("Exit code", "examples/demo/cohesion.yaml", "Fails at", "baseline",
                   "Failed:"):
        assert jargon not in first, jargon
    verdict = text_of(doc.get_element_by_id("appendix"))
    assert "Rulebook examples/demo/cohesion.yaml" in verdict
    assert "Fails at Low" in verdict
    assert "Failed: 5 divergent or missing findings at or above Low." in verdict
    assert "Exit code 1" in verdict
    assert "Accepted in the baseline 2" in verdict
    assert "Suppressed 1" in verdict
    assert "Known: marketplace price sync fixed in sprint 48 (owner: Ana)" in verdict
    assert "suppression 2 (rule wording, channel app) matched nothing" in verdict
    counts = {text_of(li) for li in doc.xpath("//ul[contains(@class, 'outcomes')]/li")}
    assert {"3 ✓ OK", "5 ✗ Divergent", "1 ○ Missing", "1 ? Unverifiable"} == counts


def test_chart_has_one_bar_per_channel_and_n_a_without_score() -> None:
    doc = parse(render())
    rows = doc.xpath("//ul[@class='bars']/li")
    assert [text_of(r.xpath("span[@class='bar-name']")[0]) for r in rows] == [
        "Loja virtual", "Loja oficial no marketplace", "WhatsApp", "App"]
    assert [text_of(r.xpath("span[@class='bar-value']")[0]) for r in rows] == [
        "100 Strong", "0 Weak", "0 Weak", "n/a: nothing verifiable"]
    assert [r.get("class") for r in rows] == [
        "bar-row band-good", "bar-row band-poor", "bar-row band-poor", "bar-row band-none"]
    widths = [r.xpath(".//span[@class='bar-fill']/@style")[0] for r in rows]
    assert widths == ["width: 100%", "width: 1%", "width: 1%", "width: 0%"]


def test_summary_names_the_five_actions_that_matter_most() -> None:
    report = fixed_report()
    doc = parse(render(report))
    items = doc.xpath("//ol[@class='top-actions']/li")
    assert len(items) == 5
    severities = [text_of(i.xpath(".//span[contains(@class, 'badge')]")[0]) for i in items]
    assert severities == ["Critical", "High", "High", "High", "Low"]
    first = text_of(items[0])
    assert "Correct the price · Tênis Brisa AUR-001 · Loja oficial no marketplace" in first
    assert "R$399.90 → R$429.90" in first
    for item in items:
        target = item.xpath(".//a[@class='jump']/@href")[0]
        assert doc.get_element_by_id(target[1:]).get("class").startswith("finding")


def test_a_heavier_channel_comes_first_among_actions_of_the_same_severity() -> None:
    report = fixed_report()
    heavier = [replace(c, weight=5.0) if c.id == "whatsapp" else c for c in report.channels]
    doc = parse(render(replace(report, channels=heavier)))
    items = [text_of(i) for i in doc.xpath("//ol[@class='top-actions']/li")]
    assert "WhatsApp" in items[1] and "WhatsApp" in items[2]
    assert "Loja oficial no marketplace" in items[3]


def test_an_open_critical_finding_caps_the_band_and_says_so() -> None:
    report = fixed_report()
    price = next(r for r in report.results if r.severity is Severity.CRITICAL)
    oks = [replace(price, subject=f"OK-{i}", outcome=Outcome.OK) for i in range(40)]
    report = replace(report, results=[*report.results, *oks])
    assert report.score("marketplace") >= 90
    doc = parse(render(report))
    row = doc.xpath("//ul[@class='bars']/li")[1]
    assert row.get("class") == "bar-row band-poor"
    assert "Weak" in text_of(row)
    assert ("Band limited to “Weak”: a finding of severity Critical is open."
            in text_of(row))
    section = text_of(doc.get_element_by_id("channel-marketplace"))
    assert "Band limited to “Weak”" in section


def test_each_channel_has_its_section_with_its_own_evidence_cards() -> None:
    report = fixed_report()
    doc = parse(render(report))
    articles = doc.xpath("//section[@id='channels']/article")
    assert [a.get("id") for a in articles] == [
        "channel-loja", "channel-marketplace", "channel-whatsapp", "channel-app"]
    for finding in report.findings:
        card = doc.get_element_by_id(f"finding-{finding.fingerprint}")
        assert card.xpath("ancestor::article/@id") == [f"channel-{finding.channel}"]
    assert "Nothing to fix on this channel." in text_of(articles[0])
    assert "Audience share 25%" in text_of(articles[1])
    weighed = [replace(c, weight=w) for c, w in zip(report.channels, (50, 30, 15, 5),
                                                    strict=True)]
    doc = parse(render(replace(report, channels=weighed)))
    assert "Audience share 30%" in text_of(doc.get_element_by_id("channel-marketplace"))


def test_matrix_cells_carry_text_and_a_tooltip() -> None:
    doc = parse(render())
    table = doc.xpath("//table[@class='matrix']")[0]
    headers = [text_of(th) for th in table.xpath("thead/tr/th")]
    assert headers[:3] == ["Channel", "Score", "Documents read"]
    assert table.xpath("thead/tr/th[@scope='col']") and table.xpath("tbody/tr/th[@scope='row']")
    rows = table.xpath("tbody/tr")
    price = rows[1].xpath("td")[headers.index("Price") - 1]
    assert text_of(price) == "✗ Divergent Critical"
    assert "c-critical" in price.get("class")
    assert price.get("title") == "Tênis Brisa: Divergent (Critical)"
    not_checked = rows[0].xpath("td")[headers.index("Installments") - 1]
    assert text_of(not_checked) == "– Not checked"
    assert text_of(rows[0].xpath("th")[0]) == "Loja virtual web · Time de e-commerce 4 documents"
    app = rows[3]
    assert "No owner" in text_of(app.xpath("th")[0])
    assert text_of(app.xpath("td")[0]) == "n/a"


def test_action_plan_is_grouped_by_owner_most_severe_first() -> None:
    doc = parse(render())
    owners = [text_of(h) for h in doc.xpath("//div[@class='owner-group']//h3")]
    assert owners == ["Marketplaces", "Atendimento", "No owner"]
    first = doc.xpath("//div[@class='owner-group']")[0]
    severities = [text_of(b) for b in first.xpath(".//span[contains(@class, 'badge')]")]
    assert severities == ["Critical", "High", "Low"]
    row = text_of(first.xpath(".//tbody/tr")[0])
    assert "Correct the price" in row and "Tênis Brisa" in row and "AUR-001" in row
    assert "R$399.90" in row and "R$429.90" in row


def test_portuguese_labels_dates_and_lang() -> None:
    page = render(lang="pt-BR")
    doc = parse(page)
    assert doc.get("lang") == "pt-BR"
    text = text_of(doc)
    for label in ("Plano de ação", "Divergente", "Ausente", "Não verificável", "Crítica",
                  "Alta", "Média", "Baixa", "Informativa", "Sem responsável",
                  "23 de novembro de 2026, 12:00 UTC", "Índice geral de coesão"):
        assert label in text, label
    for english in ("Action plan", "Divergent", "Unverifiable", "No owner", "Verdict"):
        assert not re.search(rf"\b{english}\b", text), english


def test_english_date_and_lang() -> None:
    doc = parse(render(lang="en"))
    assert doc.get("lang") == "en"
    assert "November 23, 2026, 12:00 UTC" in text_of(doc)
    assert doc.xpath("//time/@datetime") == ["2026-11-23T12:00:00+00:00"]


def test_min_severity_hides_findings_from_the_listings_only() -> None:
    report = fixed_report()
    doc = parse(render(report, min_severity=Severity.HIGH))
    cards = doc.xpath("//li[contains(@class, 'finding')]")
    assert len(cards) == 4
    assert "Below the minimum severity (not listed) 3" in text_of(
        doc.get_element_by_id("appendix"))
    assert "1 Info" in text_of(doc.get_element_by_id("summary"))


def test_a_clean_run_says_so() -> None:
    report = fixed_report()
    report = replace(report, results=[r for r in report.results if r.outcome is Outcome.OK],
                     suppressed=[], suppression_notes=[], baselined_findings=[])
    text = text_of(parse(render(report)))
    assert "Passed: no divergent or missing finding at or above Low." in text
    assert "Nothing to fix" in text
    assert "100 out of 100" in text


def test_an_empty_report_renders() -> None:
    report = Report(brand="Empty", rulebook="cohesion.yaml", generated_at="not a date",
                    channels=[], results=[], fail_on=None)
    text = text_of(parse(render(report, lang="pt-BR")))
    assert "n/a" in text
    assert "not a date" in text
    assert "nunca reprovar" in text


def test_unknown_rules_and_missing_channels_do_not_break_the_page() -> None:
    report = fixed_report()
    extra = replace(report.results[0], rule="new_rule", channel="ghost", subject="X-1")
    report = replace(report, results=[*report.results, extra])
    doc = parse(render(report))
    assert "new rule" in [text_of(th) for th in doc.xpath("//table[@class='matrix']//th")]
    assert doc.get_element_by_id(f"finding-{extra.fingerprint}") is not None


def test_both_languages_have_the_same_texts() -> None:
    path = Path(html_format.__file__).parent / "templates" / "texts.json"
    catalogue = json.loads(path.read_text(encoding="utf-8"))
    assert set(catalogue) == {*LANGS, "pt-PT"}
    assert set(catalogue["en"]) == set(catalogue["pt-BR"])
    for block in ("markdown", "table", "values", "ci", "facts", "visits"):
        assert set(catalogue["en"][block]) == set(catalogue["pt-BR"][block]), block
    # pt-PT is written as its differences from pt-BR: every key it changes exists there
    european = catalogue["pt-PT"]
    assert european["_base"] == "pt-BR"
    for key, entry in european.items():
        if key != "_base":
            assert key in catalogue["pt-BR"], key
            if isinstance(entry, dict):
                assert set(entry) <= set(catalogue["pt-BR"][key]), key


# browser


def _artifacts() -> Path:
    folder = Path(os.environ.get("COHESION_ARTIFACTS") or HERE / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _require_browser() -> None:
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package")
    if not os.path.exists(CHROMIUM):
        missing.append(CHROMIUM)
    if not missing:
        return
    why = (f"headless browser test needs {' and '.join(missing)} "
           "(apt-get install chromium; pip install playwright; never 'playwright install')")
    known = os.environ.get("COHESION_NO_BROWSER")  # .ci/run could not install it, and says so
    if os.environ.get("CI") and not known:
        pytest.fail(f"{why}; CI is set, so this is a failure")
    pytest.skip(f"{why}: {known}" if known else why)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_opens_offline_in_headless_chromium(lang: str, tmp_path: Path) -> None:
    _require_browser()
    from playwright.sync_api import sync_playwright

    report_file = tmp_path / f"report.{lang}.html"
    report_file.write_text(render(lang=lang), encoding="utf-8")
    url = report_file.as_uri()
    requests: list[str] = []
    console: list[tuple[str, str]] = []
    errors: list[str] = []
    shot = _artifacts() / f"report.{lang}.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                    timeout=60_000)
        try:
            context = browser.new_context(viewport={"width": 1366, "height": 768})
            page = context.new_page()
            context.on("request", lambda request: requests.append(request.url))
            page.on("console", lambda message: console.append((message.type, message.text)))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(url, wait_until="load")
            page.wait_for_timeout(300)
            title = page.title()
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth")
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    shutil.copyfile(report_file, shot.with_suffix(".html"))
    foreign = [u for u in requests if u.split("#")[0] != url and not u.startswith("data:")]
    assert foreign == [], f"the report made requests: {foreign}"
    assert url in requests
    assert [m for m in console if m[0] == "error"] == [], console
    assert errors == []
    assert title.endswith("Aurora Calçados")
    assert overflow <= 0, "the page is wider than a 1366 px laptop screen"
    assert shot.stat().st_size > 10_000
