"""How the scores are computed: channel scores weighed by severity, the overall score weighed
by each channel's audience share (``weight`` in the rulebook), and bands capped by the worst
open finding. The README section "How the score is computed" says the same."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result as CliResult

from cohesion_cli.domain import Outcome, Result, Severity
from cohesion_cli.triage.report import ChannelSummary, Report
from cohesion_cli.triage.report_io import report_from_dict


def result(channel: str, subject: str, outcome: Outcome, severity: Severity = Severity.HIGH
           ) -> Result:
    return Result(rule="price", channel=channel, subject=subject, outcome=outcome,
                  severity=severity, expected="R$ 9,00", observed="R$ 9,00")


def report(results: list[Result], weights: tuple[float, float] = (1.0, 1.0)) -> Report:
    channels = [ChannelSummary("loja", "web", "Loja", "", 1, 0, weights[0]),
                ChannelSummary("app", "api", "App", "", 1, 0, weights[1])]
    return Report(brand="b", rulebook="r", generated_at="2026-05-01T10:00:00+00:00",
                  channels=channels, results=results, fail_on=Severity.LOW)


OK, DIVERGENT = Outcome.OK, Outcome.DIVERGENT
# loja: 3 of 4 high results ok (75); app: 1 of 2 ok (50)
MIXED = [result("loja", s, OK) for s in "ABC"] + [result("loja", "D", DIVERGENT)]
MIXED += [result("app", "A", OK), result("app", "B", DIVERGENT)]


def test_channels_weigh_the_same_by_default() -> None:
    run = report(MIXED)
    assert (run.score("loja"), run.score("app")) == (75, 50)
    # the mean of the channels, not the share of all results pooled (4 of 6 = 67)
    assert run.score() == round(100 * (0.75 + 0.5) / 2) == 62


def test_audience_weights_move_the_overall_score() -> None:
    assert report(MIXED, (3, 1)).score() == round(100 * (3 * 0.75 + 0.5) / 4)
    assert report(MIXED, (1, 3)).score() == round(100 * (0.75 + 3 * 0.5) / 4)
    assert report(MIXED, (40, 40)).score() == report(MIXED).score()


def test_a_channel_without_score_does_not_count() -> None:
    unverifiable = [result("app", "A", Outcome.UNVERIFIABLE)]
    run = report([result("loja", "A", OK), *unverifiable], (1, 100))
    assert run.score("app") is None
    assert run.score() == 100
    assert run.band("app") == "none"


def test_an_open_critical_finding_makes_the_band_weak_whatever_the_score() -> None:
    results = [result("loja", s, OK, Severity.CRITICAL) for s in "ABCDEFGHIJKLMNOPQRST"]
    results.append(result("loja", "Z", DIVERGENT, Severity.CRITICAL))
    run = report(results)
    assert run.score("loja") == 95
    assert run.band("loja") == "poor"
    assert run.cap("loja") is Severity.CRITICAL
    assert run.band() == "poor"
    assert run.band("app") == "none"


def test_an_open_high_finding_caps_the_band_at_needs_work() -> None:
    results = [result("loja", s, OK, Severity.CRITICAL) for s in "ABCDEFGHIJ"]
    results.append(result("loja", "Z", Outcome.MISSING, Severity.HIGH))
    run = report(results)
    assert run.score("loja") == 95
    assert (run.band("loja"), run.cap("loja")) == ("fair", Severity.HIGH)


def test_medium_findings_and_unverifiable_results_do_not_cap() -> None:
    results = [result("loja", s, OK, Severity.CRITICAL) for s in "ABCDEFGHIJ"]
    results += [result("loja", "Y", DIVERGENT, Severity.MEDIUM),
                result("loja", "Z", Outcome.UNVERIFIABLE, Severity.CRITICAL)]
    run = report(results)
    assert (run.band("loja"), run.cap("loja")) == ("good", None)


def test_a_cap_never_raises_a_band() -> None:
    run = report([result("loja", "A", OK), result("loja", "B", DIVERGENT, Severity.HIGH),
                  result("loja", "C", DIVERGENT, Severity.HIGH)])
    assert run.score("loja") == 33
    assert run.band("loja") == "poor"


def test_baselined_and_suppressed_findings_still_cap() -> None:
    ok = [result("loja", s, OK, Severity.CRITICAL) for s in "ABCDEFGHIJ"]
    hidden = result("loja", "Z", DIVERGENT, Severity.CRITICAL)
    run = report(ok)
    baselined = Report(**{**run.__dict__, "baselined_findings": [hidden]})
    suppressed = Report(**{**run.__dict__, "suppressed": [(hidden, "known")]})
    assert run.band("loja") == "good"
    assert baselined.band("loja") == "poor"
    assert suppressed.band("loja") == "poor"


RULEBOOK = """\
brand: Aurora
catalog:
  products:
    - {{sku: A1, name: Tênis Brisa, price: 399.90}}
channels:
  - id: loja
    kind: file
    location: loja
    product_page: "{{sku}}.html"{loja}
  - id: app
    kind: file
    location: app
    product_page: "{{sku}}.html"{app}
"""


def test_weights_reach_the_json_and_come_back(
    cli: Callable[..., CliResult], write: Callable[[str, str], Path],
) -> None:
    write("loja/A1.html", "<h1>Tênis Brisa</h1><p>R$ 399,90</p>")
    write("app/A1.html", "<h1>Tênis Brisa</h1><p>R$ 429,90</p>")
    path = write("cohesion.yaml", RULEBOOK.format(loja="\n    weight: 3", app="\n    weight: 1"))
    outcome = cli("check", str(path), "--format", "json", "--no-history")
    data = json.loads(outcome.output)
    assert [(c["id"], c["weight"], c["score"], c["band"]) for c in data["channels"]] == [
        ("loja", 3, 100, "good"), ("app", 1, 0, "poor")]
    assert data["summary"]["score"] == 75
    assert data["summary"]["band"] == "poor"
    assert data["summary"]["bands"] == {"loja": "good", "app": "poor"}
    again = report_from_dict(data)
    assert [c.weight for c in again.channels] == [3, 1]
    assert again.score() == 75


def test_weights_are_all_or_nothing(
    cli: Callable[..., CliResult], write: Callable[[str, str], Path],
) -> None:
    write("loja/A1.html", "x")
    write("app/A1.html", "x")
    path = write("cohesion.yaml", RULEBOOK.format(loja="\n    weight: 40", app=""))
    outcome = cli("validate", str(path))
    assert outcome.exit_code == 2
    assert "cohesion.yaml:11:9: error: channel 'app' has no weight, but other channels do" \
        in outcome.output
    zero = write("cohesion.yaml", RULEBOOK.format(loja="\n    weight: 0", app="\n    weight: 1"))
    assert cli("validate", str(zero)).exit_code == 2


SLA = {"critical": 2, "high": 7, "medium": 14, "low": 30, "info": 90}


def test_a_recorded_run_keeps_its_weights(tmp_path: Path) -> None:
    from cohesion_cli.history import runs, store

    weighed = report(MIXED, (3, 1))
    with store.opened(tmp_path / "h.sqlite", create=True) as connection:
        runs.record(connection, weighed, "digest", SLA)
        again = runs.load(connection, 1)
    assert [c.weight for c in again.channels] == [3, 1]
    assert again.score() == weighed.score() != report(MIXED).score()


def test_a_history_from_before_weights_weighs_its_channels_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cohesion_cli.history import runs, store

    path = tmp_path / "h.sqlite"
    with monkeypatch.context() as old:
        old.setattr(store, "MIGRATIONS", store.MIGRATIONS[:1])
        with store.opened(path, create=True) as connection:
            connection.execute("INSERT INTO runs (at, brand, rulebook, digest, tool, fail_on, "
                               "exit_code, findings, new, changed, resolved, products) VALUES "
                               "('2026-01-01T00:00:00+00:00', 'b', 'r', 'd', 't', 'low', 0, 0, "
                               "0, 0, 0, '{}')")
            connection.execute("INSERT INTO channels VALUES (1, 0, 'loja', 'web', 'Loja', '', "
                               "1, 0, 100)")
    with store.opened(path, create=False) as connection:
        loaded = runs.load(connection, 1)
    assert [(c.id, c.weight) for c in loaded.channels] == [("loja", 1.0)]
