"""installments: the installment plan (number of installments, interest-free or not)
matches the catalog, and an interest-free plan's installments add up to the price the
channel shows (hidden interest is a divergence). The plan compared is the longest one
that names an amount, else the longest one; site-wide banners are not read.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from decimal import Decimal

from cohesion_cli.checks.consensus import Observation, across_channels
from cohesion_cli.checks.context import Context, broken_locator, result
from cohesion_cli.checks.product_docs import product_docs
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import Fact, Installment, Outcome, Price, Result, format_money
from cohesion_cli.extract.result import Extraction
from cohesion_cli.rulebook.catalog import InstallmentPlan, Product
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "installments"


def check(ctx: Context) -> Iterator[Result]:
    for product, docs in product_docs(ctx, ID):
        plan = product.installments
        observations = []
        for data, doc in docs:
            broken = broken_locator(ID, data, product.sku, doc)
            if broken:
                yield broken
                continue
            fact = _longest(doc)
            if fact is None or not isinstance(fact.value, Installment):
                if plan is not None:
                    yield result(ID, data, product.sku, Outcome.MISSING, expected=_plan(plan),
                                 reason="no installment plan found on the page")
                continue
            value = fact.value
            if plan is None:
                observations.append(Observation(data, (value.count, value.interest_free),
                                                value.show(), fact))
                continue
            problem = _problem(plan, value, _price(doc, product), ctx)
            yield result(ID, data, product.sku,
                         Outcome.DIVERGENT if problem else Outcome.OK,
                         expected=_plan(plan), observed=value.show(), fact=fact, reason=problem)
        yield from across_channels(ID, product.sku, observations, _same_plan)


def _same_plan(a: Hashable, b: Hashable) -> bool:
    """(count, interest_free) keys agree when counts match and no stated terms differ."""
    assert isinstance(a, tuple) and isinstance(b, tuple)
    return bool(a[0] == b[0] and (a[1] is None or b[1] is None or a[1] == b[1]))


def _longest(doc: Extraction) -> Fact | None:
    """The product's plan: the longest plan that names an amount ("10x de R$ 39,99"),
    else the longest one ("em até 12x sem juros")."""
    plans = [(f, f.value) for f in doc.of_kind("installment") if isinstance(f.value, Installment)]
    if not plans:
        return None
    return max(plans, key=lambda p: (p[1].amount is not None, p[1].count))[0]


def _price(doc: Extraction, product: Product) -> Decimal | None:
    main = doc.main_price
    if main is not None and isinstance(main.value, Price):
        return main.value.amount
    return product.price


def _plan(plan: InstallmentPlan) -> str:
    return f"{plan.count}x " + ("interest-free" if plan.interest_free else "with interest")


def _problem(plan: InstallmentPlan, value: Installment, price: Decimal | None,
             ctx: Context) -> str:
    if value.count != plan.count:
        return f"{value.count} installments instead of {plan.count}"
    if value.interest_free is not None and value.interest_free != plan.interest_free:
        return "interest terms differ"
    total = value.total
    if plan.interest_free and total is not None and price is not None:
        allowed = ctx.tolerance(price) + Decimal("0.01") * value.count
        if abs(total - price) > allowed:
            return (f"{value.count} × {format_money(value.amount or Decimal(0), value.currency)}"
                    f" = {format_money(total, value.currency)}, not the price "
                    f"{format_money(price, value.currency)}")
    return ""


RULE = Rule(
    info=RuleInfo(id=ID, severity="high", doc=__doc__ or "", tag="product", words={
        "en": Words("Installments", "installments"),
        "pt-BR": Words("Parcelamento", "parcelamento"),
    }),
    check=check, consumes=("installment", "price"), channel_fact=True,
    scope="product",
)
