"""The extraction step shared by kinds whose documents are about one product each.

The extractor's modules (and their compiled patterns) are imported at the first
extraction, not with the command: a run that finds every document unchanged never needs
them, and a worker process imports them on its own core."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cohesion_cli.domain import MIN_CONFIDENCE, Snapshot
from cohesion_cli.extract.result import Extraction, Options
from cohesion_cli.rulebook.catalog import Product
from cohesion_cli.rulebook.models import Channel
from cohesion_cli.rulebook.products import Products


@dataclass(frozen=True)
class ExtractContext:
    """Everything extraction needs besides the snapshot."""

    channel: Channel
    products: Sequence[Product]
    currency: str
    locale: str
    cache_key: str = ""
    """Digest of everything extraction depends on besides the bytes (cache key part)."""
    keep_text: bool = True
    """Whether checks need the documents' text (wording and phrase rules)."""
    min_confidence: float = MIN_CONFIDENCE
    """Confidence a main price needs (``severity.min_price_confidence``)."""

    def options(self, sku: str | None) -> Options:
        product = None if sku is None else self.products.find(sku) if isinstance(
            self.products, Products) else next((p for p in self.products if p.sku == sku), None)
        return Options(currency=self.currency, locale=self.locale, sku=sku,
                       gtin=product.gtin if product else None, min_confidence=self.min_confidence)


def extract(snapshot: Snapshot, ctx: ExtractContext) -> list[Extraction]:
    from cohesion_cli.extract.reader import extract as extract_one

    return [extract_one(snapshot, ctx.options(snapshot.product), ctx.channel.locators)]
