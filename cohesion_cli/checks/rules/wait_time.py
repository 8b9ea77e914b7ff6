"""wait_time: the time a mystery shopper waited to be attended (``wait_minutes`` of a call,
store visit or chat record) is within ``policies.service_level.wait_minutes`` — one number
for every contact, or one per type (``call``, ``visit``, ``chat``). Each contact with a
recorded wait is its own subject, naming the store or line and the visit; contacts without
a recorded wait, or of a type without a limit, are not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from cohesion_cli.checks.context import Context, result
from cohesion_cli.checks.rule import Rule
from cohesion_cli.checks.visits import score_visits
from cohesion_cli.domain import Outcome, Result
from cohesion_cli.message import msg
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "wait_time"


def check(ctx: Context) -> Iterator[Result]:
    data = {c.channel.id: c for c in ctx.channels}
    for visit in score_visits(ctx):
        wait, limit = visit.visit.wait_minutes, visit.wait_limit
        if limit is None or wait is None:
            continue
        yield result(ID, data[visit.channel], visit.subject,
                     Outcome.DIVERGENT if visit.late else Outcome.OK,
                     expected=msg("wait_at_most", "wait at most {limit} min",
                                  limit=float(limit)),
                     observed=msg("waited", "waited {minutes} min", minutes=float(wait)),
                     evidence=visit.evidence)


RULE = Rule(
    info=RuleInfo(id=ID, severity="medium", doc=__doc__ or "", tag="service", words={
        "en": Words("Waiting time", "waiting time",
                    actions={"divergent": "Attend customers within the service level"}),
        "pt-BR": Words("Tempo de espera", "tempo de espera",
                       actions={"divergent": "Atender clientes dentro do nível de serviço"}),
        "pt-PT": Words("Tempo de espera", "tempo de espera",
                       actions={"divergent": "Atender os clientes dentro do nível de serviço"}),
    }),
    check=check, consumes=("visit",), defined_in=("policies", "service_level", "wait_minutes"),
)
