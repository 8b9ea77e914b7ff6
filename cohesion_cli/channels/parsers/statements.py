"""Extraction for documents made of separate statements (chat messages, recorded
observations): facts are read from a plain-text rendering of the statements, and their
evidence points back to each statement's own place in the source file."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from cohesion_cli.channels.extraction import ExtractContext
from cohesion_cli.domain import Fact, Snapshot
from cohesion_cli.extract.result import Extraction

_LINE = re.compile(r"^line (\d+)$")


@dataclass(frozen=True)
class Statement:
    text: str
    where: str
    """Locator in the source, e.g. ``line 12`` or ``record 3 (Ana, 14/05/2025, telefone)``."""


def extract_statements(snapshot: Snapshot, statements: list[Statement], sku: str | None,
                       ctx: ExtractContext, extra: tuple[Fact, ...] = ()) -> Extraction:
    """Facts of ``statements`` as one extraction about ``sku`` (None: store-wide)."""
    lines = [" ".join(s.text.split()) for s in statements]
    synthetic = replace(snapshot, body="\n".join(lines).encode("utf-8"),
                        content_type="text/plain", product=sku)
    from cohesion_cli.extract.reader import extract as extract_one  # at first use

    result = extract_one(synthetic, ctx.options(sku), None)
    own = replace(snapshot, product=sku, role="product" if sku else "policy")

    def fix(fact: Fact) -> Fact:
        match = _LINE.match(fact.evidence.locator)
        where = statements[int(match.group(1)) - 1].where if match else fact.evidence.locator
        return replace(fact, evidence=replace(fact.evidence, locator=where,
                                              source=snapshot.location, snapshot=own.id))

    result.snapshot = own
    result.facts = [fix(f) for f in result.facts] + list(extra)
    result.main_price = fix(result.main_price) if result.main_price else None
    result.candidates = [fix(f) for f in result.candidates]
    return result
