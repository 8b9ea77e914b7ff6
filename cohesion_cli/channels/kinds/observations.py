"""``observations``: what mystery shoppers recorded on phone calls, store visits and chats,
in the YAML or CSV format documented in ``channels.parsers.observations`` (``cohesion record``
appends to such a file; ``cohesion init`` writes a template). Quoted prices and
installments of an observation naming a product are that product's facts on this
channel; quoted deadlines and policies, and the notes, count for store-wide policies.
Every fact's evidence names its record: the store or line, the date and the shopper.

Each record is also a ``visit`` fact of its own (type, place, shopper, date, wait, duration,
the questionnaire's answers, attachments), read by the ``questionnaire``, ``wait_time`` and
``attachments`` rules. Attachments are looked up on disk at every run, next to the
observations file: a missing one, a folder, or a symlink leading out of the engagement is
reported by the ``attachments`` rule, never a crash. (So extractions of this kind are not
reused from the cache: the file may be unchanged while its attachments are not.)
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
from cohesion_cli.domain import Attachment, Evidence, Fact, Snapshot, Visit
from cohesion_cli.extract.result import Extraction
from cohesion_cli.rulebook.confine import Confinement
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
    folder = Path(snapshot.location).parent
    confinement = Confinement(folder, [])
    visits = tuple(_visit(record, snapshot, folder, confinement) for record in records)
    out = [extract_statements(snapshot, store_wide, None, ctx, visits)]
    out += [extract_statements(snapshot, said, sku, ctx) for sku, said in per_product.items()]
    return out


KIND = Kind("observations", over_http=False, read=read, extract=extract,
            validate=no_problems, cache_extractions=False)


def _where(record: Observation) -> str:
    """The record's locator: its number and line, then the place, date and shopper."""
    when = record.when.strftime("%d/%m/%Y %H:%M") if record.when else "undated"
    place = record.where or record.channel
    parts = ", ".join(p for p in (place, when, record.who) if p)
    return f"record {record.index}, line {record.line} ({parts})"


def _visit(record: Observation, snapshot: Snapshot, folder: Path,
           confinement: Confinement) -> Fact:
    visit = Visit(
        type=record.type, where=record.where or record.channel, who=record.who,
        when=record.when.isoformat(timespec="minutes") if record.when else "",
        wait_minutes=record.wait_minutes, duration_minutes=record.duration_minutes,
        answers=record.answers,
        attachments=tuple(Attachment(a, _attachment_problem(folder / a, confinement))
                          for a in record.attachments))
    excerpt = " · ".join(p for p in (record.channel, visit.show()) if p)
    return Fact(visit, Evidence(excerpt, _where(record), snapshot.location, snapshot.id))


def _attachment_problem(path: Path, confinement: Confinement) -> str:
    """Why an attachment cannot be shown; empty when it is a file inside the folder."""
    refusal = confinement.refusal(path)
    if refusal is not None:
        return "outside the observations file's folder (a link leading elsewhere?)"
    if not path.exists():
        return "not found"
    if not path.is_file():
        return "not a file"
    return ""
