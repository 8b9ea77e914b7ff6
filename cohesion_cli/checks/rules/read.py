"""read: every document of every channel could be read. A page that is down, missing
or answers an HTTP error is ``unverifiable`` with the reason; the other channels are
still checked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath
from urllib.parse import urlsplit

from cohesion_cli.checks.context import Context, result
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import Evidence, Outcome, Result
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "read"


def check(ctx: Context) -> Iterator[Result]:
    for data in ctx.channels:
        for doc in data.extractions:
            snap = doc.snapshot
            subject = snap.product or f"page:{_page(snap.location)}"
            if snap.error is None:
                continue
            yield result(ID, data, subject, Outcome.UNVERIFIABLE, observed=snap.location,
                         evidence=Evidence("", "", snap.location), reason=snap.error)


def _page(location: str) -> str:
    """A name for a document that stays the same across runs: the URL's path (the host
    and port of a served folder change), or the file's last two path parts."""
    if location.startswith(("http://", "https://")):
        parts = urlsplit(location)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/".join(PurePath(location).parts[-2:])


RULE = Rule(
    info=RuleInfo(id=ID, severity="medium", doc=__doc__ or "", tag="availability", words={
        "en": Words(
            "Documents read",
            "read",
            actions={"unverifiable": "Restore access to the document"},
        ),
        "pt-BR": Words(
            "Leitura dos documentos",
            "leitura",
            actions={"unverifiable": "Restabelecer o acesso ao documento"},
        ),
    }),
    check=check, consumes=(),
)
