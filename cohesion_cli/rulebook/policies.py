"""The store-wide policies of a rulebook: delivery deadline, returns, free shipping, canonical
wording, required and forbidden phrases, the service level of conversational channels,
payment-method discounts, store services and the legal right of withdrawal."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator, Field, model_validator

from cohesion_cli.rulebook.fields import Amount, Int, Number, Strict, not_bool

Percent = Annotated[Decimal, BeforeValidator(not_bool), Field(gt=0, lt=100)]


class Delivery(Strict):
    """Promised delivery deadline."""

    min_days: Int | None = Field(None, ge=0, description="Shortest promised time, in days.")
    max_days: Int = Field(ge=0, description="Longest promised time ('até N dias'), in days.")
    business_days: bool = Field(
        True, description="True for business days (dias úteis), false for calendar days."
    )

    @model_validator(mode="after")
    def _ordered(self) -> Delivery:
        if self.min_days is not None and self.min_days > self.max_days:
            raise ValueError("min_days is larger than max_days")
        return self


class Returns(Strict):
    """Return / exchange window."""

    days: Int = Field(ge=0, description="Days the customer has to exchange or return.")


class FreeShippingPolicy(Strict):
    threshold: Amount = Field(description="Order value from which shipping is free.")


class Wording(Strict):
    """Canonical text a channel must carry, compared by similarity."""

    id: str = Field(min_length=1, description="Name of this text, e.g. 'trocas'.")
    text: str = Field(min_length=1, description="The canonical wording.")
    threshold: Int = Field(
        85, ge=0, le=100, description="Minimum similarity (0-100) to count as the same text."
    )
    channels: list[str] | None = Field(None, description="Channels it applies to; default all.")


class Phrase(Strict):
    text: str = Field(min_length=1, description="The phrase (case and accents are ignored).")
    channels: list[str] | None = Field(None, description="Channels it applies to; default all.")


PhraseItem = Annotated[str | Phrase, Field(union_mode="left_to_right")]


class ServiceLevel(Strict):
    """How fast the brand must answer a customer on conversational channels."""

    first_response_minutes: Number = Field(
        gt=0, description="Longest acceptable time from a customer's question to the first "
                          "answer ('responder em até 15 minutos')."
    )


class PaymentDiscounts(Strict):
    """Discount for paying with one method, in percent of the catalog price ("5% de
    desconto no Pix"): each channel's stated discount and its price for the method ("R$
    854,91 no Pix") must agree with it."""

    pix: Percent | None = Field(None, description="Percent off when paying with Pix, e.g. 5.")
    cash: Percent | None = Field(
        None, description="Percent off when paying at once: boleto, 'à vista', cash, bank "
                          "transfer.")


class StoreServices(Strict):
    """What the physical stores do for online customers; a channel promising otherwise
    is divergent."""

    pickup_in_store: bool | None = Field(
        None, description="Online orders can be picked up in a store ('retire na loja').")
    exchange_in_any_store: bool | None = Field(
        None, description="Products can be exchanged in any of the brand's stores ('troca em "
                          "qualquer loja').")


class Withdrawal(Strict):
    """The legal right of withdrawal from a distance purchase: a channel stating a shorter
    period is divergent."""

    days: Int = Field(ge=1, le=365, description="Shortest period the law allows, in days.")
    law: str = Field("", description="The law, shown as the expected value ('CDC art. 49').")


class Policies(Strict):
    """Store-wide commercial policies every channel must state the same way."""

    delivery: Delivery | None = None
    returns: Returns | None = None
    free_shipping: FreeShippingPolicy | None = None
    wording: list[Wording] = Field(default_factory=list)
    required_phrases: list[PhraseItem] = Field(
        default_factory=list, description="Phrases every channel must publish."
    )
    forbidden_phrases: list[PhraseItem] = Field(
        default_factory=list, description="Phrases no channel may publish."
    )
    service_level: ServiceLevel | None = None
    payment_discounts: PaymentDiscounts | None = None
    store_services: StoreServices | None = None
    withdrawal: Withdrawal | None = Field(
        None, description="The legal right of withdrawal; usually from a rule pack "
                          "(include: [br-cdc] or [pt-dl24-2014]).")
