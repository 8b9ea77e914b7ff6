"""required_phrase: every phrase in ``policies.required_phrases`` appears on the channel
(case, accents and spacing ignored). Absent means ``missing``."""

from __future__ import annotations

from collections.abc import Iterator

from cohesion_cli.checks.context import Context, result
from cohesion_cli.checks.phrases import ABSENT, PRESENT, applicable, find, phrases, subject
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import Outcome, Result
from cohesion_cli.message import msg
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "required_phrase"


def check(ctx: Context) -> Iterator[Result]:
    for phrase in phrases(ctx.rulebook.policies.required_phrases):
        for data in applicable(ctx, phrase):
            evidence = find(data, phrase.text)
            yield result(ID, data, subject(phrase),
                         Outcome.OK if evidence else Outcome.MISSING,
                         expected=msg("phrase_present", "“{phrase}” present", phrase=phrase.text),
                         observed=PRESENT if evidence else ABSENT, evidence=evidence)


RULE = Rule(
    info=RuleInfo(id=ID, severity="medium", doc=__doc__ or "", tag="wording", words={
        "en": Words(
            "Required phrases",
            "required phrase",
            actions={"missing": "Publish the required phrase"},
        ),
        "pt-BR": Words(
            "Frases obrigatórias",
            "frase obrigatória",
            actions={"missing": "Publicar a frase obrigatória"},
        ),
    }),
    check=check, consumes=("text",), defined_in=("policies", "required_phrases"),
)
