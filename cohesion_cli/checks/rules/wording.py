"""wording: each canonical policy text (``policies.wording``) appears on the channel
with at least ``threshold`` similarity (0-100, rapidfuzz partial ratio over the
channel's text, case- and space-insensitive). Below the threshold the closest passage
is shown; when nothing comes close (under 50) the text is missing.
"""

from __future__ import annotations

from collections.abc import Iterator

from cohesion_cli.checks.context import Context, result
from cohesion_cli.checks.rule import Rule
from cohesion_cli.checks.text import channels_for
from cohesion_cli.domain import Evidence, Outcome, Result
from cohesion_cli.message import msg
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "wording"
ABSENT_BELOW = 50


def check(ctx: Context) -> Iterator[Result]:
    if not ctx.rulebook.policies.wording:
        return
    from rapidfuzz import fuzz  # imported when a rulebook has wording to compare

    for index, wording in enumerate(ctx.rulebook.policies.wording):
        canonical = " ".join(wording.text.split())
        subject = f"wording:{wording.id}"
        for data in channels_for(ctx, wording.channels, ID):
            best: tuple[float, str, str, str] = (0.0, "", "", "")
            for doc in data.readable:
                text = " ".join((doc.wording or doc.text).split())
                if not text:
                    continue
                align = fuzz.partial_ratio_alignment(canonical.lower(), text.lower())
                if align is not None and align.score > best[0]:
                    start = text.rfind(" ", 0, align.dest_start + 1) + 1
                    end = text.find(" ", align.dest_end)
                    passage = text[start:end if end >= 0 else len(text)]
                    best = (align.score, passage, doc.snapshot.location, doc.snapshot.id)
            score, passage, source, snap = best
            evidence = Evidence(_short(passage), "closest passage", source, snap)
            if score >= wording.threshold:
                outcome = Outcome.OK
            elif score < ABSENT_BELOW:
                outcome = Outcome.MISSING
            else:
                outcome = Outcome.DIVERGENT
            yield result(ID, data, subject, outcome,
                         expected=msg("at_least_similar", "“{text}” (≥ {threshold}% similar)",
                                      text=_short(canonical), threshold=wording.threshold),
                         observed=msg("similar", "“{text}” ({score}% similar)",
                                      text=_short(passage), score=round(score))
                         if passage else "",
                         evidence=evidence if passage else None,
                         reason="" if outcome is Outcome.OK else
                         msg("similarity", "similarity {score}%", score=round(score)),
                         at=("policies", "wording", index))


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


RULE = Rule(
    info=RuleInfo(id=ID, severity="low", doc=__doc__ or "", tag="wording", words={
        "en": Words(
            "Policy wording",
            "wording",
            actions={
                "divergent": "Align the policy text with the rulebook",
                "missing": "Publish the policy text",
            },
        ),
        "pt-BR": Words(
            "Texto das políticas",
            "texto de política",
            actions={
                "divergent": "Alinhar o texto da política ao manual",
                "missing": "Publicar o texto da política",
            },
        ),
    }),
    check=check, consumes=("text",), channel_fact=True,
)
