"""The values of the commercial facts beside prices and deadlines: payment-method discounts,
offer validity windows, stock availability and physical-store services (part of the
``domain`` layer; ``domain`` re-exports them and lists them among its fact values)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

PaymentMethod = Literal["pix", "cash"]
"""A payment method with its own price or discount: ``pix``, or ``cash`` (à vista, boleto,
dinheiro)."""


@dataclass(frozen=True)
class PaymentDiscount:
    """A discount for paying with one method: "5% de desconto no Pix"."""

    method: PaymentMethod
    percent: Decimal

    def show(self) -> str:
        return f"{self.percent.normalize():f}% ({self.method})"


@dataclass(frozen=True)
class PromotionWindow:
    """How long an offer is valid: "válido até 30/11", "oferta de 01/11 a 30/11/2026"."""

    end: date
    start: date | None = None
    year_stated: bool = True
    """False when the text gave day and month only: the year is the one that puts the date
    nearest to the day the document was read."""

    def show(self) -> str:
        return (f"{self.start.isoformat()} – " if self.start else "until ") + self.end.isoformat()


StockStatus = Literal["in_stock", "out_of_stock", "preorder", "backorder"]
"""Whether a product can be bought now (schema.org and Merchant Center availability)."""


@dataclass(frozen=True)
class Availability:
    """Whether a channel offers the product now ("esgotado", ``g:availability``)."""

    status: StockStatus

    @property
    def in_stock(self) -> bool:
        """True when the product can be ordered now (pre-orders and back-orders count)."""
        return self.status != "out_of_stock"

    def show(self) -> str:
        return self.status.replace("_", " ")


StoreServiceName = Literal["pickup_in_store", "exchange_in_any_store"]
"""A service of the physical stores a channel may promise."""


@dataclass(frozen=True)
class StoreService:
    """A promise about the physical stores: "retire na loja", "troca em qualquer loja"."""

    service: StoreServiceName
    offered: bool
    """False when the channel says the service is not offered ("não fazemos retirada")."""

    def show(self) -> str:
        return f"{self.service.replace('_', ' ')}: {'yes' if self.offered else 'no'}"

