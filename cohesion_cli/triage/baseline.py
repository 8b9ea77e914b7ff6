"""Baselines: the fingerprints of known findings, so that a team adopting cohesion on a
noisy brand is alerted only to new ones (``cohesion baseline``, ``check --baseline``)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from cohesion_cli import atomic, userfiles
from cohesion_cli.domain import Outcome
from cohesion_cli.triage.report import Report
from cohesion_cli.userfiles import UserFileError


class BaselineError(ValueError):
    """The baseline file cannot be read."""


def write_baseline(report: Report, path: Path) -> int:
    """Write the fingerprints of the report's findings; returns how many."""
    findings = {f.fingerprint: {"rule": f.rule, "channel": f.channel, "subject": f.subject,
                                "outcome": f.outcome.value} for f in report.findings}
    data = {"version": 1, "tool": "cohesion", "brand": report.brand,
            "created_at": report.generated_at, "fingerprints": dict(sorted(findings.items()))}
    atomic.write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return len(findings)


def read_baseline(path: Path) -> set[str]:
    try:
        data = json.loads(userfiles.read_text(path, "baseline"))
        return {str(fp) for fp in data["fingerprints"]}
    except UserFileError as exc:
        raise BaselineError(str(exc)) from None
    except (ValueError, KeyError, TypeError):
        raise BaselineError(f"{path} is not a cohesion baseline (write one with "
                            "'cohesion baseline')") from None


def apply_baseline(report: Report, known: set[str]) -> Report:
    """Leave out findings whose fingerprint is in ``known``; count them."""
    kept = [r for r in report.results
            if r.outcome is Outcome.OK or r.fingerprint not in known]
    hidden = [r for r in report.results if r not in kept]
    return replace(report, results=kept, baselined_findings=hidden)
