"""Baselines: the fingerprints of known findings, so that a team adopting cohesion on a
noisy brand is alerted only to new ones (``cohesion baseline``, ``check --baseline``).

Each fingerprint keeps the value observed when the baseline was written: a known finding
whose observed value has changed since is listed again (status ``changed``), never hidden.
Baselines written before the observed values were kept hide by fingerprint alone."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from cohesion_cli import atomic, userfiles
from cohesion_cli.checks.spill import ResultLog
from cohesion_cli.domain import Outcome
from cohesion_cli.triage.report import Report
from cohesion_cli.userfiles import UserFileError


class BaselineError(ValueError):
    """The baseline file cannot be read."""


def write_baseline(report: Report, path: Path) -> int:
    """Write the fingerprints of the report's findings; returns how many."""
    findings = {f.fingerprint: {"rule": f.rule, "channel": f.channel, "subject": f.subject,
                                "outcome": f.outcome.value, "observed": f.observed}
                for f in report.findings}
    data = {"version": 1, "tool": "cohesion", "brand": report.brand,
            "created_at": report.generated_at, "fingerprints": dict(sorted(findings.items()))}
    atomic.write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return len(findings)


def read_baseline(path: Path) -> dict[str, str | None]:
    """Fingerprint -> the observed value accepted (None in older baselines)."""
    try:
        data = json.loads(userfiles.read_text(path, "baseline"))
        return {str(fp): _observed(entry) for fp, entry in data["fingerprints"].items()}
    except UserFileError as exc:
        raise BaselineError(str(exc)) from None
    except (AttributeError, ValueError, KeyError, TypeError):
        raise BaselineError(f"{path} is not a cohesion baseline (write one with "
                            "'cohesion baseline')") from None


def apply_baseline(report: Report, known: Mapping[str, str | None]) -> Report:
    """Leave out findings whose fingerprint is in ``known`` with the same observed value;
    count them."""
    kept, hidden = ResultLog(), []
    for r in report.results:
        if (r.outcome is Outcome.OK or r.fingerprint not in known
                or known[r.fingerprint] not in (None, r.observed)):
            kept.append(r)
        else:
            hidden.append(r)
    return replace(report, results=kept, baselined_findings=hidden)


def _observed(entry: object) -> str | None:
    value = entry.get("observed") if isinstance(entry, dict) else None
    return value if isinstance(value, str) else None
