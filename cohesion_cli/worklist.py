"""The run's documents to read, in the order they are read, each made when it is read.

Documents about no one product (policy pages, feeds, chats: they may state any product's
facts) come first, then each product's documents together, in catalog order, so that each
product is checked, and forgotten, as soon as its last document is in (``ready``). Two
integers are held per product document; its ``DocumentSpec`` is made when its job is read:
a catalog of 10,000 products would otherwise hold 10,000 of them, with their addresses, for
the whole run.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import overload

from cohesion_cli.channels.extraction import ExtractContext
from cohesion_cli.rulebook.plan import Planner
from cohesion_cli.rulebook.products import Products
from cohesion_cli.workers import Job, Reader


class Work(Sequence[Job]):
    """Every channel's documents (``channels``: each channel's planner and extraction
    context, in rulebook order), product-major."""

    def __init__(self, products: Products, channels: Sequence[tuple[Planner, ExtractContext]],
                 reader: Reader | None, keep_body: bool) -> None:
        self._products, self._channels = products, list(channels)
        self._reader, self._keep_body = reader, keep_body
        self._product, self._channel = array("l"), array("l")  # of each product document
        published = [False] * len(self._channels)
        for index, sku in enumerate(products.skus()):
            for slot, (planner, _) in enumerate(self._channels):
                if planner.wants(sku):
                    self._product.append(index)
                    self._channel.append(slot)
                    published[slot] = True
        self._general: list[Job] = [
            (spec, ctx, reader, keep_body)
            for (planner, ctx), any_product in zip(self._channels, published, strict=True)
            for spec in planner.other_docs(any_product)]

    def __len__(self) -> int:
        return len(self._general) + len(self._product)

    @overload
    def __getitem__(self, index: int) -> Job: ...

    @overload
    def __getitem__(self, index: slice) -> list[Job]: ...

    def __getitem__(self, index: int | slice) -> Job | list[Job]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = range(len(self))[index]  # negative indices, IndexError
        if index < len(self._general):
            return self._general[index]
        at = index - len(self._general)
        planner, ctx = self._channels[self._channel[at]]
        spec = planner.product_doc(self._products[self._product[at]])
        return spec, ctx, self._reader, self._keep_body

    def ready(self, done: int) -> int:
        """How many of the catalog's first products have every document in once the first
        ``done`` documents are (a product with none is ready after those about no one)."""
        if done < len(self._general):
            return 0
        if done >= len(self):
            return len(self._products)
        return self._product[done - len(self._general)]
