"""The shape of one language's words: what each text finder needs, as data.

Every field is a tuple of regular-expression alternatives (matched case-insensitively).
A finder joins the alternatives of the languages a locale reads, so adding a phrase to a
language is adding a string here, never changing a finder. An empty tuple means the
language has no such wording.
"""

from __future__ import annotations

from dataclasses import dataclass

Alternatives = tuple[str, ...]


@dataclass(frozen=True)
class DayWords:
    """Words around a number of days (delivery deadlines and return windows)."""

    delivery: Alternatives
    """A number near one of these is a delivery deadline ("entrega", "arrives")."""
    not_delivery_after: Alternatives
    """Fixed-width phrases that, right before a delivery word, make it a starting point
    instead ("a partir da entrega", "after delivery")."""
    returns: Alternatives
    """A number near one of these is the store's return window ("troca", "returns")."""
    withdrawal: Alternatives
    """The legal right of withdrawal ("arrependimento", "desistimiento")."""
    ignore: Alternatives
    """Topics whose days are neither (warranty, refunds, dispatch, support, offers)."""
    experience: Alternatives
    """A customer's past experience, never the store's promise ("chegou", "arrived")."""
    business: Alternatives
    """Units of business days ("dias úteis", "business days")."""
    calendar: Alternatives
    """Units of calendar days ("dias corridos", "calendar days")."""
    plain: Alternatives
    """Units of days that say neither ("dias", "days")."""
    hours: Alternatives
    """Units of hours ("h", "horas", "hours")."""
    range: Alternatives
    """What joins the two ends of a range ("3 a 5", "3 to 5", "24/48 h")."""
    frequency: Alternatives
    """After a unit, makes it a frequency, not a duration ("7 dias por semana")."""
    clock_before: Alternatives
    """Before a number of hours, makes it a time of day ("das 9h", "from 9h")."""
    clock_after: Alternatives
    """After a number of hours and before another number, a time of day ("9h às 18h")."""
    weekdays: Alternatives
    """Names of weekdays: hours after them are opening hours ("Seg a Sex 9h–18h")."""
    next_business_day: Alternatives
    """Delivery on the next business day ("próximo dia útil")."""
    next_day: Alternatives
    """Delivery on the next day ("next-day delivery")."""


@dataclass(frozen=True)
class PlanWords:
    """Words of installment plans."""

    before_count: Alternatives
    """Before the number of installments ("em até", "up to", "hasta")."""
    units: Alternatives
    """After the number: the installments themselves ("parcelas", "payments", "cuotas");
    "12x" needs no word and is read in every language."""
    weak_units: Alternatives
    """Units that name a plan only together with its interest terms ("12 meses sin
    intereses"; "12 meses de garantía" is no plan)."""
    free_before_unit: Alternatives
    """Interest-free terms written between the number and the unit
    ("4 interest-free payments")."""
    of: Alternatives
    """Between the plan and its amount ("de", "of")."""
    free: Alternatives
    """Interest-free terms ("sem juros", "0% APR", "sin interés")."""
    paid: Alternatives
    """Terms with interest ("com juros", "9.99% APR", "con interés")."""
    per_month: Alternatives
    """After an amount: it is paid monthly ("/mês", "/mo")."""
    months: Alternatives
    """The word for months in "for 12 months"."""
    for_months: Alternatives
    """Between a monthly amount and the number of months ("por", "for")."""
    not_after_times: Alternatives
    """After "2x": a comparison or a zoom, never a plan ("2x mais rápido", "5x zoom")."""


@dataclass(frozen=True)
class ShippingWords:
    """Words of free-shipping statements."""

    free: Alternatives
    """Free shipping itself ("frete grátis", "free shipping", "envío gratis")."""
    over: Alternatives
    """Before the threshold amount ("acima de", "over", "a partir de")."""
    orders: Alternatives
    """What the threshold applies to, before ``over`` ("compras", "orders")."""
    before_orders: Alternatives
    """Before ``orders`` ("nas", "on", "en")."""
    on_orders: Alternatives
    """Right before an amount without ``over`` ("on orders $35+")."""
    spend: Alternatives
    """Before an amount the shopper spends to earn free shipping ("gaste", "spend")."""
    trigger: Alternatives
    """A short word every statement contains ("grátis", "free"): where to look."""


@dataclass(frozen=True)
class OfferWords:
    """Words of payment-method discounts, offer validity, stock and store services."""

    discount: Alternatives = ()
    """After a percent: a discount ("de desconto", "off")."""
    discount_before: Alternatives = ()
    """Before a percent: a discount ("desconto de", "save")."""
    pix: Alternatives = ()
    """The Pix payment method."""
    cash: Alternatives = ()
    """Paying at once in cash, by boleto or bank transfer ("à vista", "boleto")."""
    offer: Alternatives = ()
    """What has a validity ("oferta", "promoção", "válido", "sale")."""
    until: Alternatives = ()
    """Right before an offer's last day ("até", "until", "hasta")."""
    range_from: Alternatives = ()
    """Before the first day of a range ("de", "from")."""
    range_to: Alternatives = ()
    """Between the two days of a range ("a", "to", "al")."""
    months: Alternatives = ()
    """The twelve month names, January first (a name may be a pattern: "mar[çc]o")."""
    month_after_day: Alternatives = ()
    """Between a day and a month name ("de" in "30 de novembro"); empty: "30 November"."""
    day_first: bool = True
    """Numeric dates are day/month ("30/11"); False: a numeric date is read only when it
    cannot be the other way ("11/30")."""
    out_of_stock: Alternatives = ()
    """The product cannot be bought now ("produto esgotado", "out of stock")."""
    sold_out_word: Alternatives = ()
    """A one-word badge that says so when it is an element's whole text ("Esgotado")."""
    in_stock: Alternatives = ()
    """The product can be bought now ("em estoque", "in stock")."""
    scope_after: Alternatives = ()
    """Right after a stock statement, narrows it to something else than the product
    ("indisponível para o seu CEP", "para acesso automatizado", "out of stock in your
    area"): then it is no statement of the product's stock."""
    pickup: Alternatives = ()
    """Picking an online order up in a physical store ("retire na loja")."""
    exchange_in_store: Alternatives = ()
    """Exchanging in any of the brand's stores ("troca em qualquer loja")."""
    negation: Alternatives = ()
    """Just before a statement, denies it ("não", "not", "sin")."""
    unavailable: Alternatives = ()
    """Just after a store service, denies it ("indisponível", "not available")."""


@dataclass(frozen=True)
class Language:
    """Everything the text finders read in one language."""

    days: DayWords
    plans: PlanWords
    shipping: ShippingWords
    offers: OfferWords = OfferWords()
