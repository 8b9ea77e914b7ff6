"""A fixed report for golden-file tests of every output format: every outcome and
severity, two owners, rule positions, an archived document, baselined and suppressed
findings, and every status over the engagement (new, open, changed, overdue, resolved).
Deterministic: no clock, no I/O."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from cohesion_cli.checks import rule_infos
from cohesion_cli.domain import (
    Deadline,
    Evidence,
    Installment,
    Outcome,
    Position,
    Result,
    ReturnWindow,
    Severity,
)
from cohesion_cli.message import Money, Msg, Said, as_msg, msg, text_of, value
from cohesion_cli.triage.report import ChannelSummary, Report
from cohesion_cli.triage.tracking import Changes, Seen, Tracking
from cohesion_cli.triage.trend import ChannelTrend, Trend

RULEBOOK = "examples/demo/cohesion.yaml"


def _ev(excerpt: str, locator: str, source: str, snapshot: str = "a1b2c3d4e5f6") -> Evidence:
    return Evidence(excerpt, locator, source, snapshot)


def _result(rule: str, channel: str, subject: str, outcome: Outcome, expected: Said,
            observed: Said, evidence: Evidence | None, *, severity: Severity,
            reason: Said = "") -> Result:
    """A result as a check gives it: messages keep their typed values beside their text."""
    return Result(rule=rule, channel=channel, subject=subject, outcome=outcome,
                  severity=severity, expected=text_of(expected), observed=text_of(observed),
                  evidence=evidence, reason=text_of(reason), expected_msg=as_msg(expected),
                  observed_msg=as_msg(observed), reason_msg=as_msg(reason))


def _brl(amount: str) -> Msg:
    return value(Money(Decimal(amount), "BRL"))


def fixed_report() -> Report:
    loja = "https://loja.example/produto/tenis-brisa"
    results = [
        _result("price", "marketplace", "AUR-001", Outcome.DIVERGENT, _brl("399.90"),
               _brl("429.90"), _ev("…Tênis Brisa R$ 429,90 em 10x…", "div.preco > span",
                                "https://mkt.example/p/AUR-001", "0f1e2d3c4b5a"),
               severity=Severity.CRITICAL),
        _result("price", "loja", "AUR-001", Outcome.OK, "R$ 399.90", "R$ 399.90",
               _ev("Product AUR-001 offers[0]: price 399.90 BRL", "json-ld[0]", loja),
               severity=Severity.CRITICAL),
        _result("installments", "whatsapp", "AUR-002", Outcome.DIVERGENT,
               value(Installment(5, None, "BRL", True)),
               value(Installment(6, Decimal("26.65"), "BRL", True)),
               _ev("…em até 6x de R$ 26,65 sem juros…", "line 12", "whatsapp/conversa.txt",
                   "9a8b7c6d5e4f"),
               reason=msg("other_count", "{count} installments instead of {expected}", count=6,
                          expected=5), severity=Severity.HIGH),
        _result("deadline", "whatsapp", "policy:delivery", Outcome.DIVERGENT,
               value(Deadline(2, 5, True)), msg("values", "{values:; }",
                                                values=(Deadline(None, 7, True),)),
               _ev("A entrega é em até 7 dias úteis.", "line 14", "whatsapp/conversa.txt",
                   "9a8b7c6d5e4f"), severity=Severity.HIGH),
        _result("return_window", "marketplace", "policy:returns",
               Outcome.MISSING, value(ReturnWindow(30)), "", None,
               reason=msg("not_stated", "not stated on any page read"),
               severity=Severity.HIGH),
        _result("free_shipping", "loja", "policy:free_shipping", Outcome.OK,
               "over R$ 299.00", "over R$ 299.00",
               _ev("Frete grátis acima de R$ 299", "p.frete", loja), severity=Severity.MEDIUM),
        _result("wording", "marketplace", "wording:trocas", Outcome.DIVERGENT,
               "“A primeira troca é grátis…” (≥ 85% similar)", "“Trocas em 15 dias” (54% similar)",
               _ev("Trocas em 15 dias", "closest passage", "https://mkt.example/sobre",
                   "0f1e2d3c4b5a"), reason="similarity 54%", severity=Severity.LOW),
        _result("read", "app", "AUR-003", Outcome.UNVERIFIABLE, "",
               "https://api.example/v1/AUR-003", _ev("", "", "https://api.example/v1/AUR-003",
                                                     ""),
               reason="HTTP 503 Service Unavailable", severity=Severity.MEDIUM),
        _result("required_phrase", "loja", "phrase:7 dias para desistir da compra",
               Outcome.OK, "“7 dias para desistir da compra” present",
               "present", _ev("…você tem 7 dias para desistir da compra…", "text", loja),
               severity=Severity.MEDIUM),
        _result("forbidden_phrase", "whatsapp", "phrase:garantia vitalícia",
               Outcome.DIVERGENT, msg("phrase_absent", "“{phrase}” absent",
                                      phrase="garantia vitalícia"), msg("present", "present"),
               _ev("…garantia vitalicia na costura <b>&</b>…", "text", "whatsapp/conversa.txt",
                   "9a8b7c6d5e4f"), severity=Severity.INFO),
    ]
    results = [replace(r, position=Position(RULEBOOK, 10 + i, 5)) for i, r in enumerate(results)]
    baselined = [_result("read", "app", sku, Outcome.UNVERIFIABLE, "", url, None,
                         reason="HTTP 503 Service Unavailable", severity=Severity.MEDIUM)
                 for sku, url in (("AUR-004", "https://api.example/v1/AUR-004"),
                                  ("AUR-005", "https://api.example/v1/AUR-005"))]
    suppressed = _result("list_price", "marketplace", "AUR-001",
                        Outcome.DIVERGENT, "R$ 499.90", "R$ 549.90",
                        _ev("De R$ 549,90", "s.preco-de", "https://mkt.example/p/AUR-001"),
                        severity=Severity.MEDIUM)
    findings = [r for r in results if r.outcome is not Outcome.OK]
    statuses = {  # (first seen, due, status) by rule and channel
        ("price", "marketplace"): ("2026-11-09", "2026-11-11", "overdue"),
        ("installments", "whatsapp"): ("2026-11-16", "2026-11-23", "changed"),
        ("deadline", "whatsapp"): ("2026-11-20", "2026-11-27", "open"),
    }
    tracking = {f.fingerprint: Tracking(*statuses.get((f.rule, f.channel), (
        "2026-11-23", "2026-12-07", "new"))) for f in [*findings, *baselined, suppressed]}
    gone = _result("free_shipping", "marketplace", "policy:free_shipping", Outcome.DIVERGENT,
                   "over R$ 299.00", "over R$ 199.00", None, severity=Severity.MEDIUM)
    changes = Changes("2026-11-16T12:00:00+00:00", new=7, open=2, changed=1,
                      resolved=[Seen(gone, "2026-11-09", "2026-11-23")])
    return Report(
        brand="Aurora Calçados",
        rulebook=RULEBOOK,
        generated_at="2026-11-23T12:00:00+00:00",
        channels=[
            ChannelSummary("loja", "web", "Loja virtual", "Time de e-commerce", 4, 0),
            ChannelSummary("marketplace", "web", "Loja oficial no marketplace", "Marketplaces",
                           3, 0),
            ChannelSummary("whatsapp", "whatsapp", "WhatsApp", "Atendimento", 1, 0),
            ChannelSummary("app", "api", "App", "", 2, 2),
        ],
        results=results,
        rules=rule_infos(),
        fail_on=Severity.LOW,
        subjects={"AUR-001": "Tênis Brisa", "AUR-002": "Sapatilha Lume", "AUR-003": "Bota Serra"},
        archived={"0f1e2d3c4b5a": "warc/run1.warc.gz", "9a8b7c6d5e4f": "files/9a8b7c6d5e4f00"},
        archive="out/archive",
        baselined_findings=baselined,
        suppressed=[(suppressed, "Known: marketplace price sync fixed in sprint 48 (owner: Ana)")],
        suppression_notes=["suppression 2 (rule wording, channel app) matched nothing"],
        tracking=tracking,
        changes=changes,
        trend=Trend(
            ["2026-11-09T12:00:00+00:00", "2026-11-16T12:00:00+00:00",
             "2026-11-23T12:00:00+00:00"], [20, 28, 34],
            [ChannelTrend("loja", [100, 100, 100], 1, 1, 0),
             ChannelTrend("marketplace", [10, 15, 25], 4, 1, 1),
             ChannelTrend("whatsapp", [0, 10, 20], 3, 0, 0),
             ChannelTrend("app", [None, None, None], 1, 0, 0)], 7.0),
    )
