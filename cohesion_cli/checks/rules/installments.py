"""installments: the installment plan (number of installments, interest-free or not)
matches the catalog, and an interest-free plan's installments add up to the catalog price,
else to the price the channel shows (hidden interest is a divergence). The plan compared
is the longest one that names an amount, else the longest one; site-wide banners are not
read.

One cause, one finding: a plan that adds up to the channel's own price where that price
differs from the catalog's ("12x R$ 52,49" beside a wrong R$ 629,90 for R$ 599,90, whose
plan is 12x R$ 49,99) only follows the price: it is attached to the price finding, which
names it, and is no finding of its own (``caused_by`` in JSON; not in the score).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import replace
from decimal import Decimal

from cohesion_cli.checks.consensus import Observation, across_channels
from cohesion_cli.checks.context import Context, broken_locator, result
from cohesion_cli.checks.product_docs import product_docs
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import Fact, Installment, Outcome, Price, Result, fingerprint
from cohesion_cli.extract.result import Extraction
from cohesion_cli.message import Arg, Money, Msg, msg
from cohesion_cli.message import value as said
from cohesion_cli.rulebook.catalog import InstallmentPlan
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
                    yield result(ID, data, product.sku, Outcome.MISSING,
                                 expected=_plan(plan, product.price, ctx.rulebook.currency),
                                 reason=msg("no_plan", "no installment plan found on the page"))
                continue
            value = fact.value
            if plan is None:
                observations.append(Observation(data, (value.count, value.interest_free),
                                                value.show(), fact))
                continue
            problem, follows = _problem(plan, value, _price(doc), product.price, ctx)
            found = result(ID, data, product.sku, Outcome.DIVERGENT if problem else Outcome.OK,
                           expected=_plan(plan, product.price, ctx.rulebook.currency),
                           observed=said(value), fact=fact, reason=problem or "")
            yield replace(found, caused_by=fingerprint("price", data.channel.id, product.sku)
                          ) if follows else found
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


def _price(doc: Extraction) -> Decimal | None:
    """The channel's own price: its confident main price (None when ambiguous or absent)."""
    main = doc.main_price
    if main is not None and isinstance(main.value, Price) and not doc.candidates:
        return main.value.amount
    return None


def _plan(plan: InstallmentPlan, price: Decimal | None, currency: str) -> Msg:
    """The catalog's plan, with its installment amount when the catalog has a price."""
    if plan.interest_free and price is not None and plan.count > 0:
        each = (price / plan.count).quantize(Decimal("0.01"))
        return said(Installment(plan.count, each, currency, True))
    return said(Installment(plan.count, None, "", plan.interest_free))


def _problem(plan: InstallmentPlan, value: Installment, shown: Decimal | None,
             catalog: Decimal | None, ctx: Context) -> tuple[Msg | None, bool]:
    """(what is wrong, whether it only follows the channel's wrong price)."""
    if value.count != plan.count:
        return msg("other_count", "{count} installments instead of {expected}",
                   count=value.count, expected=plan.count), False
    if value.interest_free is not None and value.interest_free != plan.interest_free:
        return msg("interest_differs", "interest terms differ"), False
    total = value.total
    reference = catalog if catalog is not None else shown
    if not plan.interest_free or total is None or reference is None:
        return None, False
    if _adds_up(total, reference, value.count, ctx):
        return None, False
    money = value.currency
    sum_: dict[str, Arg] = {"count": value.count, "total": Money(total, money),
                            "amount": Money(value.amount or Decimal(0), money)}
    if catalog is None or shown is None or abs(shown - catalog) <= ctx.tolerance(catalog):
        return msg("plan_total", "{count} × {amount} = {total}, not the price {price}",
                   **sum_, price=Money(reference, money)), False
    if _adds_up(total, shown, value.count, ctx):
        return msg("plan_follows_price", "{count} × {amount} = {total}: follows the channel's "
                   "price {shown} (the price finding), not the catalog's {catalog}",
                   **sum_, shown=Money(shown, money), catalog=Money(catalog, money)), True
    return msg("plan_neither", "{count} × {amount} = {total}, neither the catalog price "
               "{catalog} nor the channel's {shown}",
               **sum_, catalog=Money(catalog, money), shown=Money(shown, money)), False


def _adds_up(total: Decimal, price: Decimal, count: int, ctx: Context) -> bool:
    """Installments add up to ``price``, within the tolerance and a centavo each."""
    return abs(total - price) <= ctx.tolerance(price) + Decimal("0.01") * count


RULE = Rule(
    info=RuleInfo(id=ID, severity="high", doc=__doc__ or "", tag="product", words={
        "en": Words("Installments", "installments"),
        "pt-BR": Words("Parcelamento", "parcelamento"),
        "pt-PT": Words("Pagamento em prestações", "pagamento em prestações"),
    }),
    check=check, consumes=("installment", "price"), channel_fact=True,
    scope="product",
)
