"""payment_discount: what each channel says of paying with Pix or at once (boleto, "à
vista") agrees with ``policies.payment_discounts`` (percent off the catalog price).

- A stated discount ("5% de desconto no Pix"; subjects ``policy:pix_discount`` and
  ``policy:cash_discount``) equals the rulebook's percent. A channel that states none is
  not reported: saying nothing of a discount is not a wrong promise.
- A product page's price for the method ("R$ 854,91 no Pix", subject: the SKU) equals the
  product's ``pix_price``, else the catalog price less the percent (rounded to the
  centavo, one centavo of leeway for shops that round down), within
  ``severity.price_tolerance``. When the page's own headline price is off and its method
  price is that price less the right percent, the method price only follows the price
  finding (one cause, one finding): it is not reported again.
- Without a rule, channels are compared with each other (Pix prices per product; stated
  discounts store-wide). With ``catalog.price_basis: pix`` or ``cash`` the ``price`` rule
  already compares that price, and this rule does not compare it again.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from cohesion_cli.checks.consensus import Observation, across_channels
from cohesion_cli.checks.context import ChannelData, Context, result
from cohesion_cli.checks.policy import check_policy
from cohesion_cli.checks.product_docs import product_docs
from cohesion_cli.checks.rule import Rule
from cohesion_cli.domain import (
    Fact,
    Outcome,
    PaymentDiscount,
    PaymentMethod,
    Price,
    Result,
    format_money,
)
from cohesion_cli.extract.result import Extraction
from cohesion_cli.rulebook.catalog import Product
from cohesion_cli.rulebook.policies import PaymentDiscounts
from cohesion_cli.ruleinfo import RuleInfo, Words

ID = "payment_discount"
METHODS: tuple[PaymentMethod, ...] = ("pix", "cash")
SUBJECTS: dict[PaymentMethod, str] = {"pix": "policy:pix_discount",
                                      "cash": "policy:cash_discount"}
_CENT = Decimal("0.01")


def stated(ctx: Context) -> Iterator[Result]:
    """The discount each channel states, against the rulebook's (store-wide)."""
    rule = ctx.rulebook.policies.payment_discounts
    for method in METHODS:
        yield from _stated(ctx, method, getattr(rule, method) if rule else None)


def check(ctx: Context) -> Iterator[Result]:
    """Each product's Pix / cash prices (per product)."""
    yield from _prices(ctx, ctx.rulebook.policies.payment_discounts)


def _stated(ctx: Context, method: PaymentMethod, percent: Decimal | None
            ) -> Iterator[Result]:
    def agrees(value: PaymentDiscount) -> bool:
        return percent is not None and value.percent == percent

    def comparable(value: PaymentDiscount) -> bool:
        return value.method == method

    canonical = PaymentDiscount(method, percent) if percent is not None else None
    yield from check_policy(ctx, ID, SUBJECTS[method], PaymentDiscount, canonical, agrees,
                            comparable=comparable, missing=False)


def _prices(ctx: Context, rule: PaymentDiscounts | None) -> Iterator[Result]:
    methods = [m for m in METHODS if m != ctx.rulebook.catalog.price_basis]
    for product, docs in product_docs(ctx, ID):
        observations = []
        for data, doc in docs:
            checked = [(m, doc.distinct_prices(m), _expected(product, m, rule)) for m in methods]
            checked = [c for c in checked if c[1]]
            if not checked:
                continue
            if all(expected is None for _, _, expected in checked):
                pix = next((shown for m, shown, _ in checked if m == "pix"), None)
                if pix is not None and isinstance(pix[0].value, Price):
                    observations.append(Observation(data, pix[0].value.key,
                                                    pix[0].value.show(), pix[0]))
                continue
            yield _compared(ctx, data, doc, product, rule, checked)
        yield from across_channels(ID, product.sku, observations)


def _compared(ctx: Context, data: ChannelData, doc: Extraction, product: Product,
              rule: PaymentDiscounts | None,
              checked: list[tuple[PaymentMethod, list[Fact], Decimal | None]]) -> Result:
    """One result per page: divergent when a method's price differs from what it should be
    (and does not merely follow the page's own headline price)."""
    expected_text: list[str] = []
    observed_text: list[str] = []
    wrong: Fact | None = None
    follows = False
    for method, shown, expected in checked:
        if expected is None:
            continue
        amounts = [f.value.amount for f in shown if isinstance(f.value, Price)]
        leeway = ctx.tolerance(expected) + (_CENT if _computed(product, method) else 0)
        expected_text.append(f"{format_money(expected, ctx.rulebook.currency)} ({method})")
        observed_text.append(", ".join(f.value.show() for f in shown
                                       if isinstance(f.value, Price)) + f" ({method})")
        if any(abs(a - expected) <= leeway for a in amounts):
            continue
        if _follows_page(ctx, doc, product, method, rule, amounts):
            follows = True
            continue
        wrong = wrong or shown[0]
    outcome = Outcome.DIVERGENT if wrong else Outcome.OK
    return result(ID, data, product.sku, outcome, expected="; ".join(expected_text),
                  observed="; ".join(observed_text),
                  fact=wrong or checked[0][1][0],
                  reason="follows the page's own price (see the price finding)"
                  if follows and not wrong else "")


def _expected(product: Product, method: PaymentMethod, rule: PaymentDiscounts | None
              ) -> Decimal | None:
    if method == "pix" and product.pix_price is not None:
        return product.pix_price
    percent = getattr(rule, method) if rule else None
    if percent is None or product.price is None:
        return None
    return _less(product.price, percent)


def _computed(product: Product, method: PaymentMethod) -> bool:
    return not (method == "pix" and product.pix_price is not None)


def _less(price: Decimal, percent: Decimal) -> Decimal:
    return (price * (100 - percent) / 100).quantize(_CENT, rounding=ROUND_HALF_UP)


def _follows_page(ctx: Context, doc: Extraction, product: Product, method: PaymentMethod,
                  rule: PaymentDiscounts | None, amounts: list[Decimal]) -> bool:
    """Whether the page's headline price is off and the method's price is it less the
    right percent: a consequence of the price finding, not a second divergence."""
    main = doc.main_price.value if doc.main_price else None
    percent = getattr(rule, method) if rule else None
    if not isinstance(main, Price) or product.price is None or percent is None:
        return False
    if abs(main.amount - product.price) <= ctx.tolerance(product.price):
        return False
    own = _less(main.amount, percent)
    return any(abs(a - own) <= ctx.tolerance(own) + _CENT for a in amounts)


RULE = Rule(
    info=RuleInfo(id=ID, severity="high", doc=__doc__ or "", tag="product", words={
        "en": Words("Payment-method discount", "payment-method discount", subjects={
            "pix_discount": "Pix discount", "cash_discount": "cash / boleto discount"}),
        "pt-BR": Words("Desconto por forma de pagamento", "desconto por forma de pagamento",
                       subjects={"pix_discount": "desconto no Pix",
                                 "cash_discount": "desconto à vista / boleto"}),
        "pt-PT": Words("Desconto por meio de pagamento", "desconto por meio de pagamento",
                       subjects={"pix_discount": "desconto Pix",
                                 "cash_discount": "desconto a pronto pagamento"}),
    }),
    check=check, consumes=("payment_discount", "price"),
    defined_in=("policies", "payment_discounts"), channel_fact=True, scope="product",
    store_check=stated, store_consumes=("payment_discount",),
)
