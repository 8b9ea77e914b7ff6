"""``observations``: what mystery shoppers recorded on phone calls and store visits, in
the YAML or CSV format documented in ``channels.parsers.observations`` (``cohesion record``
appends to such a file; ``cohesion init`` writes a template). Quoted prices and
installments of an observation naming a product are that product's facts on this
channel; quoted deadlines and policies, and the notes, count for store-wide policies.
"""

from __future__ import annotations

from pathlib import Path

from cohesion_cli.channels.extraction import ExtractContext
from cohesion_cli.channels.kinds import file
from cohesion_cli.channels.kinds.base import Kind, no_problems
from cohesion_cli.channels.parsers.observations import (
    Observation,
    ObservationsError,
    parse_observations,
)
from cohesion_cli.channels.parsers.statements import Statement, extract_statements
from cohesion_cli.channels.transport.snapshots import failed
from cohesion_cli.domain import Snapshot
from cohesion_cli.extract.result import Extraction
from cohesion_cli.rulebook.plan import DocumentSpec

_LABELS = {
    "quoted_price": "Preço",
    "quoted_installments": "Parcelamento",
    "quoted_deadline": "Entrega",
    "quoted_policy": "Política",
    "notes": "Notas",
}
_PRODUCT_FIELDS = ("quoted_price", "quoted_installments")


def read(spec: DocumentSpec) -> Snapshot:
    return file.read(spec)


def extract(snapshot: Snapshot, ctx: ExtractContext) -> list[Extraction]:
    if snapshot.error:
        return [Extraction(snapshot)]
    try:
        records = parse_observations(snapshot.body, Path(snapshot.location).name)
    except ObservationsError as exc:
        reason = "; ".join(p.render().replace("\n", " ") for p in exc.problems[:3])
        spec = DocumentSpec(channel=snapshot.channel, kind=KIND.name,
                            location=snapshot.location, role=snapshot.role)
        return [Extraction(failed(spec, f"invalid observations file: {reason}"))]
    store_wide: list[Statement] = []
    per_product: dict[str, list[Statement]] = {}
    known = {p.sku for p in ctx.products}
    for record in records:
        for field, text in record.statements():
            statement = Statement(f"{_LABELS.get(field, field)}: {text}", _where(record))
            if field in _PRODUCT_FIELDS and record.product in known:
                per_product.setdefault(str(record.product), []).append(statement)
            elif field not in _PRODUCT_FIELDS:
                store_wide.append(statement)
    out = [extract_statements(snapshot, store_wide, None, ctx)]
    out += [extract_statements(snapshot, said, sku, ctx) for sku, said in per_product.items()]
    return out


KIND = Kind("observations", over_http=False, read=read, extract=extract,
            validate=no_problems)


def _where(record: Observation) -> str:
    when = record.when.strftime("%d/%m/%Y %H:%M") if record.when else "undated"
    parts = ", ".join(p for p in (record.who, when, record.channel or record.where) if p)
    return f"record {record.index}, line {record.line} ({parts})"
