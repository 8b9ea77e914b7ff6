"""The value types the rulebook's models are written in: money amounts read like the pages
read them, numbers that refuse YAML's true/false, and the strict base model."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from cohesion_cli.money.amount import MAX_AMOUNT
from cohesion_cli.money.text import parse_price


def parse_amount_input(value: object) -> object:
    """Accept 899, 899.9, "899.90", "1.299,90" or "R$ 1.299,90" for a money amount.

    Text is read by :func:`cohesion_cli.money.text.parse_price`, the parser pages, feeds
    and observations go through, so "1.299" is 1299 and "0.299" is 0.299 everywhere. An
    unquoted YAML number is a number, except one with exactly three decimals after a whole
    part ("1.299"): it reads as 1299 to a Brazilian eye and as 1.299 to YAML, so it is refused.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return value
    if isinstance(value, (int, float)):
        written = repr(value)
        whole, _, decimals = written.partition(".")
        if len(decimals) == 3 and whole.strip("-0") and decimals.isdigit():
            raise ValueError(f"ambiguous amount {written}: write {whole}{decimals} if the dot "
                             f"groups thousands, or \"{whole}.{decimals}0\" (quoted) for "
                             "three decimals")
        amount = Decimal(written) if math.isfinite(value) else None
    else:
        found = parse_price(value)
        amount = found[0] if found else None
    if amount is None or amount > MAX_AMOUNT:
        raise ValueError(f"not an amount: {value!r} (write 1299.90 or \"R$ 1.299,90\")")
    return amount


Amount = Annotated[Decimal, BeforeValidator(parse_amount_input), Field(ge=0)]


def not_bool(value: object) -> object:
    """YAML's true/false are not numbers (pydantic would read true as 1)."""
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a number")
    return value


Int = Annotated[int, BeforeValidator(not_bool)]
Number = Annotated[float, BeforeValidator(not_bool)]


class Strict(BaseModel):
    """The base of every rulebook model: unknown keys are refused, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
