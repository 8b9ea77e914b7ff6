"""store_service: what channels promise of the physical stores agrees with
``policies.store_services``: picking an online order up in a store ("retire na loja",
"levantamento em loja", "click & collect"; subject ``policy:pickup_in_store``) and
exchanging in any of the brand's stores ("troca em qualquer loja"; subject
``policy:exchange_in_any_store``). A channel promising a service the brand does not offer,
or saying a service it offers is not available, is divergent. A channel that does not
mention a service is not reported. Without a rule, channels are compared with each other.
"""

from __future__ import annotations

from collections.abc import Iterator

from cohesion_cli.checks.context import Context
from cohesion_cli.checks.policy import check_policy
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import Result, StoreService, StoreServiceName
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "store_service"
SUBJECTS: dict[StoreServiceName, str] = {"pickup_in_store": "policy:pickup_in_store",
                                         "exchange_in_any_store": "policy:exchange_in_any_store"}


def check(ctx: Context) -> Iterator[Result]:
    rule = ctx.rulebook.policies.store_services
    for service in SUBJECTS:
        yield from _service(ctx, service, getattr(rule, service) if rule else None)


def _service(ctx: Context, service: StoreServiceName, offered: bool | None
             ) -> Iterator[Result]:
    def agrees(value: StoreService) -> bool:
        return value.offered == offered

    def comparable(value: StoreService) -> bool:
        return value.service == service

    canonical = None if offered is None else StoreService(service, offered)
    yield from check_policy(ctx, ID, SUBJECTS[service], StoreService, canonical, agrees,
                            comparable=comparable, missing=False)


RULE = Rule(
    info=RuleInfo(id=ID, severity="high", doc=__doc__ or "", tag="policy", words={
        "en": Words("Store services", "store service", subjects={
            "pickup_in_store": "pickup in store",
            "exchange_in_any_store": "exchange in any store"}),
        "pt-BR": Words("Serviços nas lojas", "serviço da loja", subjects={
            "pickup_in_store": "retirada na loja",
            "exchange_in_any_store": "troca em qualquer loja"}),
        "pt-PT": Words("Serviços nas lojas", "serviço da loja", subjects={
            "pickup_in_store": "levantamento em loja",
            "exchange_in_any_store": "troca em qualquer loja"}),
    }),
    check=check, consumes=("store_service",), defined_in=("policies", "store_services"),
    channel_fact=True,
)
