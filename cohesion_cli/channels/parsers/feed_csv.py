"""Read the items of a CSV/TSV product feed (see :mod:`cohesion_cli.channels.parsers.feed`):
a header row of GMC attribute names, one item per row; text and delimiter as
:mod:`cohesion_cli.rulebook.csvfile` reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cohesion_cli.channels.parsers.feed_items import (
    GROUPS,
    MAIN,
    FeedError,
    Fields,
    Groups,
    RawItem,
    clip,
    colon_group,
)
from cohesion_cli.rulebook.csvfile import BinaryData, CsvSyntaxError, read_csv

_PREFER = "\t;,"  # on a tie (a header without any), a tab-separated file


def csv_records(body: bytes, tab: bool) -> Iterator[RawItem]:
    """Every row with a value, after the header row; ``tab`` forces the tab delimiter.
    Raises :class:`FeedError`."""
    try:
        table = read_csv(body, prefer=_PREFER, delimiter="\t" if tab else None)
    except BinaryData:
        raise FeedError("binary data, not an XML or CSV/TSV product feed") from None
    sample = table.text[:4096]
    if sum(c < " " and c not in "\t\r\n" for c in sample) > len(sample) // 50:
        raise FeedError("binary data, not an XML or CSV/TSV product feed")
    delimiter = table.delimiter
    rows = (row for row in table.records() if not row.blank)
    try:
        head = next(rows, None)
        header = [_column(cell) for cell in head.cells] if head else []
        if "id" not in [name for name, _ in header]:
            shown = clip(" ".join(delimiter.join(head.cells if head else []).split()))[:80]
            raise FeedError(f"not a product feed: no 'id' column in the header row ({shown!r})")
        for row in rows:
            fields: Fields = {}
            groups: Groups = {}
            for (name, order), cell in zip(header, row.cells, strict=False):
                if name in GROUPS:
                    parts = re.split(r",(?=\s*[A-Za-z]{2}:)", cell) if name in MAIN else [cell]
                    found = (colon_group(name, p, order) for p in parts)
                    groups.setdefault(name, []).extend(g for g in found if g)
                else:
                    fields.setdefault(name, []).append(cell.strip())
            yield (fields, groups, f"row {row.number}",
                   delimiter.join(" ".join(c.split()) for c in row.cells))
    except CsvSyntaxError as exc:
        raise FeedError(f"malformed CSV/TSV near row {exc.line}: {exc}") from exc


def _column(cell: str) -> tuple[str, tuple[str, ...] | None]:
    """``"g:Shipping (country:price)"`` -> ``("shipping", ("country", "price"))``."""
    name, _, rest = cell.strip().lstrip("\ufeff").lower().partition("(")
    name = re.sub(r"\s+", "_", name.strip().removeprefix("g:"))
    order = tuple(p.strip().replace(" ", "_") for p in rest.rstrip(") ").split(":"))
    return name, order if rest and name in GROUPS else None
