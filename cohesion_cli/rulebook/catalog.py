"""The canonical catalog a rulebook holds: products, their prices and installment plans,
and which payment price those prices are."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from cohesion_cli.rulebook.fields import Amount, Int, Strict

PriceBasis = Literal["headline", "pix", "cash", "card"]
"""Which payment price the catalog's prices are (``catalog.price_basis``)."""


class InstallmentPlan(Strict):
    """The installment plan a product is sold with, e.g. 12x interest-free."""

    count: Int = Field(ge=1, le=48, description="Number of installments, e.g. 12.")
    interest_free: bool = Field(True, description="True when the plan has no interest.")


class Product(Strict):
    """One product of the canonical catalog."""

    sku: str = Field(min_length=1, description="Stock keeping unit; the product's id.")
    name: str = Field("", description="Product name as the brand writes it.")
    gtin: str | None = Field(None, description="EAN/GTIN barcode, when known.")
    slug: str | None = Field(None, description="URL slug, usable in page templates as {slug}.")
    price: Amount | None = Field(None, description="Price the shopper pays now (sale price).")
    list_price: Amount | None = Field(
        None, description="Crossed-out 'from' price ('De R$ ...'); omit when there is none."
    )
    installments: InstallmentPlan | None = Field(None, description="Installment plan offered.")
    pix_price: Amount | None = Field(
        None, description="Price when paying with Pix, where it is not the price less "
                          "policies.payment_discounts.pix.")


class Catalog(Strict):
    """Canonical products, inline and/or from a CSV file."""

    csv: str | None = Field(
        None,
        description=(
            "CSV file (relative to the rulebook) with a header row; columns: sku, name, gtin, "
            "slug, price, list_price, installments, interest_free, pix_price."
        ),
    )
    products: list[Product] = Field(default_factory=list, description="Inline products.")
    price_basis: PriceBasis = Field(
        "headline",
        description=(
            "Which payment price the catalog's prices are: 'headline' (default: the price the "
            "page presents, 'por R$ ...'), 'pix' (Pix price), 'cash' (à vista / boleto) or "
            "'card' (card in one payment). Pages are compared like with like; a page that "
            "shows no separate price for that payment method is compared on its headline price."
        ),
    )
