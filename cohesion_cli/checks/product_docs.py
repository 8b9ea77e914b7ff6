"""Iterate the (channel, product, document) triples a product check looks at."""

from __future__ import annotations

from collections.abc import Iterator

from cohesion_cli.checks.context import ChannelData, Context
from cohesion_cli.extract.result import Extraction
from cohesion_cli.rulebook.catalog import Product


def product_docs(
    ctx: Context, fact: str
) -> Iterator[tuple[Product, list[tuple[ChannelData, Extraction]]]]:
    """For each product, the readable product documents of channels expecting ``fact``.
    Unreadable documents are reported once by the ``read`` check, not per fact."""
    for product in ctx.products:
        docs = []
        for data in ctx.channels:
            if not data.expects(fact):
                continue
            doc = data.product_doc(product.sku)
            if doc is not None:
                docs.append((data, doc))
        yield product, docs
