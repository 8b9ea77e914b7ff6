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
from cohesion_cli.checks.visits import contacts
from cohesion_cli.domain import Outcome, Result
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "wait_time"


def check(ctx: Context) -> Iterator[Result]:
    level = ctx.rulebook.policies.service_level
    if level is None or level.wait_minutes is None:
        return
    for data, visit, evidence, subject in contacts(ctx):
        limit = level.wait_limit(visit.type)
        if limit is None or visit.wait_minutes is None:
            continue
        late = visit.wait_minutes > limit
        yield result(ID, data, subject, Outcome.DIVERGENT if late else Outcome.OK,
                     expected=f"wait at most {limit:g} min",
                     observed=f"waited {visit.wait_minutes:g} min", evidence=evidence)


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
