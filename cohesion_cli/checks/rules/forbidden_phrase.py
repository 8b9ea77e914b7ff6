"""forbidden_phrase: no phrase in ``policies.forbidden_phrases`` appears on the channel
(case, accents and spacing ignored). Found means ``divergent``, with the passage."""

from __future__ import annotations

from collections.abc import Iterator

from cohesion_cli.checks.context import Context, result
from cohesion_cli.checks.phrases import ABSENT, PRESENT, applicable, find, phrases, subject
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import Outcome, Result
from cohesion_cli.message import msg
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "forbidden_phrase"


def check(ctx: Context) -> Iterator[Result]:
    for phrase in phrases(ctx.rulebook.policies.forbidden_phrases):
        for data in applicable(ctx, phrase):
            evidence = find(data, phrase.text)
            yield result(ID, data, subject(phrase),
                         Outcome.DIVERGENT if evidence else Outcome.OK,
                         expected=msg("phrase_absent", "“{phrase}” absent", phrase=phrase.text),
                         observed=PRESENT if evidence else ABSENT,
                         evidence=evidence)


RULE = Rule(
    info=RuleInfo(id=ID, severity="high", doc=__doc__ or "", tag="wording", words={
        "en": Words(
            "Forbidden phrases",
            "forbidden phrase",
            actions={"divergent": "Remove the forbidden phrase"},
        ),
        "pt-BR": Words(
            "Frases proibidas",
            "frase proibida",
            actions={"divergent": "Remover a frase proibida"},
        ),
    }),
    check=check, consumes=("text",), defined_in=("policies", "forbidden_phrases"),
)
