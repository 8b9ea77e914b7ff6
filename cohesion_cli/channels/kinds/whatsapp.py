"""``whatsapp``: a chat export (Android or iOS; en, pt-BR, pt-PT, es, de, fr, it, nl)
between customers and the brand. Facts come only from the messages of
``brand_participants``. A brand message is about the product last named in the
conversation (by name, slug or SKU, accents and case ignored); every brand message also
counts for store-wide policies. Each customer message that awaits an answer (not a
"thanks" or an "ok") gives a response time with the brand's first messages after it, which
the ``response_time`` check measures against ``policies.service_level``; an answer
timestamped before its question makes the response times unverifiable, with the lines.
A line that starts like a message but whose date or time cannot be read is reported the
same way (the file is unverifiable, with the line), never joined to the message before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cohesion_cli.channels.extraction import ExtractContext
from cohesion_cli.channels.kinds import file
from cohesion_cli.channels.kinds.base import Kind
from cohesion_cli.channels.parsers.statements import Statement, extract_statements
from cohesion_cli.channels.transport.snapshots import failed
from cohesion_cli.domain import Answer, Evidence, Fact, ResponseTime, Snapshot
from cohesion_cli.extract.document import decode
from cohesion_cli.extract.result import Extraction
from cohesion_cli.rulebook.catalog import Product
from cohesion_cli.rulebook.models import Channel
from cohesion_cli.rulebook.plan import DocumentSpec
from cohesion_cli.rulebook.problems import Problem
from cohesion_cli.rulebook.yamlpos import Located

if TYPE_CHECKING:
    from cohesion_cli.channels.parsers.whatsapp import Message, Reply, Unplaced


def read(spec: DocumentSpec) -> Snapshot:
    return file.read(spec)


def extract(snapshot: Snapshot, ctx: ExtractContext) -> list[Extraction]:
    # the parser is imported when an export is read: a run without chats never needs it
    from cohesion_cli.channels.parsers.whatsapp import (
        awaits_answer,
        first_responses,
        read_export,
    )

    if snapshot.error:
        return [Extraction(snapshot)]
    export = read_export(decode(snapshot.body, "text/plain"))
    messages = export.messages
    if not messages:
        return [Extraction(failed(_spec(snapshot), "not a WhatsApp chat export (no messages "
                                                   "with a date, time and author)"))]
    brand = {" ".join(b.split()).casefold() for b in ctx.channel.brand_participants}
    ours = [m for m in messages if _is_brand(m, brand) and not m.media]
    wanted = set(ctx.channel.products) if ctx.channel.products is not None else None
    products = [p for p in ctx.products if wanted is None or p.sku in wanted]
    by_product = _attribute(messages, brand, products)
    replies = first_responses(messages, set(ctx.channel.brand_participants),
                              awaits=awaits_answer)
    backwards = next((r for r in replies if r.minutes is not None and r.minutes < 0), None)
    times = () if backwards or export.unplaced else _response_times(replies, snapshot,
                                                                     export.precise)
    out = [extract_statements(snapshot, [_statement(m) for m in ours], None, ctx, times)]
    if backwards is not None and backwards.answer is not None:
        out.append(Extraction(failed(_spec(snapshot), (
            f"the answer on line {backwards.answer.line} is timestamped before the question "
            f"on line {backwards.question.line}: response times cannot be measured (is the "
            "export in order, with one clock?)"))))
    if export.unplaced:
        out.append(Extraction(failed(_spec(snapshot), _unplaced_reason(export.unplaced))))
    for product in products:
        said = by_product.get(product.sku, [])
        if said:
            out.append(extract_statements(snapshot, [_statement(m) for m in said],
                                          product.sku, ctx))
    return out


def validate(channel: Channel, at: tuple[str | int, ...], located: Located) -> list[Problem]:
    """Only the brand's messages give facts: the channel must say who speaks for it."""
    if channel.brand_participants:
        return []
    return [Problem(located.where(at), f"channel '{channel.id}' does not say who speaks for "
                    "the brand", "add brand_participants: [\"Name in the export\"]")]


KIND = Kind("whatsapp", over_http=False, read=read, extract=extract, validate=validate)


def _spec(snapshot: Snapshot) -> DocumentSpec:
    return DocumentSpec(channel=snapshot.channel, kind=KIND.name, location=snapshot.location,
                        role=snapshot.role, product=snapshot.product)


def _unplaced_reason(unplaced: list[Unplaced]) -> str:
    first = unplaced[0]
    more = f" (and {len(unplaced) - 1} more line(s))" if len(unplaced) > 1 else ""
    return (f"line {first.line} starts like a message but its date or time cannot be read "
            f"({first.text!r}){more}: those messages were left out and response times "
            "cannot be measured (fix the line, or export the chat again)")


def _is_brand(message: Message, brand: set[str]) -> bool:
    return message.author is not None and " ".join(message.author.split()).casefold() in brand


def _statement(message: Message) -> Statement:
    stamp = message.when.strftime("%d/%m/%Y %H:%M")
    return Statement(f"[{stamp}] {message.author}: {message.text}", f"line {message.line}")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def _names(product: Product) -> list[str]:
    names = [product.sku, product.name, (product.slug or "").replace("-", " ")]
    return [_fold(n) for n in names if n and len(n) >= 4]


def _attribute(messages: list[Message], brand: set[str], products: Sequence[Product]
               ) -> dict[str, list[Message]]:
    """Brand messages per SKU: each belongs to the product last named in the chat."""
    patterns = [(p.sku, re.compile("|".join(re.escape(n) for n in _names(p))))
                for p in products if _names(p)]
    current: str | None = None
    out: dict[str, list[Message]] = {}
    for message in messages:
        if message.author is None or message.media:
            continue
        text = _fold(message.text)
        named = [sku for sku, pattern in patterns if pattern.search(text)]
        if named:
            current = named[-1]
        if current is not None and _is_brand(message, brand):
            out.setdefault(current, []).append(message)
    return out


def _response_times(replies: list[Reply], snapshot: Snapshot, precise: bool
                    ) -> tuple[Fact, ...]:
    facts = []
    for reply in replies:
        asked = reply.question.when.strftime("%d/%m/%Y %H:%M")
        answer = reply.answer
        excerpt = f"{reply.question.author}: {reply.question.text[:80]}"
        if answer is not None:
            excerpt += f" → {answer.when.strftime('%H:%M')} {answer.author}: {answer.text[:60]}"
        evidence = Evidence(excerpt, f"line {reply.question.line}", snapshot.location,
                            snapshot.id)
        minutes = None if reply.minutes is None else round(reply.minutes, 1)
        answers = tuple(Answer(a.when.isoformat(), a.text[:200]) for a in reply.answers)
        facts.append(Fact(ResponseTime(minutes, asked, reply.question.when.isoformat(), answers,
                                       precise), evidence))
    return tuple(facts)
