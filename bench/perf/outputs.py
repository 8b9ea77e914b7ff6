"""Read what each tool extracted and score it against ``truth.json``.

- cohesion: ``check --format json``; the ``price`` rule's result for each SKU carries the
  price read from the page as ``observed`` (``"R$ 1299.90"``), and the divergent ones are
  the price divergences it reports;
- the peers: JSON lines with ``sku`` and ``price`` (see ``peers/peer_facts.py``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

AMOUNT = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Truth:
    prices: dict[str, str]
    """SKU -> the price its page shows, as ``"1299.90"``."""
    planted: frozenset[str]


@dataclass
class Extracted:
    prices: dict[str, str] = field(default_factory=dict)
    divergent: set[str] = field(default_factory=set)
    """SKUs reported as price divergences (cohesion only)."""
    other_findings: int = 0
    """Findings of any other rule (cohesion only)."""
    fingerprints: frozenset[str] = frozenset()
    """Fingerprints of every finding (cohesion only)."""


def load_truth(folder: Path) -> Truth:
    data = json.loads((folder / "truth.json").read_text())
    return Truth({sku: page["price"] for sku, page in data["pages"].items()},
                 frozenset(data["planted"]))


def _amount(text: object) -> str | None:
    found = AMOUNT.findall(str(text or "").replace(",", ""))
    if not found:
        return None
    try:
        return f"{Decimal(found[-1]):.2f}"
    except InvalidOperation:
        return None


def cohesion(path: Path) -> Extracted:
    report: dict[str, Any] = json.loads(path.read_text())
    out = Extracted()
    for item in report.get("results") or report.get("findings") or []:
        if item.get("rule") != "price":
            continue
        amount = _amount(item.get("observed"))
        if amount is not None:
            out.prices[str(item.get("subject"))] = amount
        if item.get("outcome") == "divergent":
            out.divergent.add(str(item.get("subject")))
    findings = report.get("findings") or []
    out.other_findings = sum(1 for f in findings if f.get("rule") != "price")
    out.fingerprints = frozenset(str(f.get("fingerprint")) for f in findings)
    return out


def peer(path: Path) -> Extracted:
    out = Extracted()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            if record.get("price") is not None:
                out.prices[str(record["sku"])] = str(record["price"])
    return out


def agreeing(extracted: Extracted, truth: Truth, skus: list[str]) -> int:
    """How many of ``skus`` have exactly the page's price in ``extracted``."""
    return sum(1 for sku in skus if extracted.prices.get(sku) == truth.prices[sku])
