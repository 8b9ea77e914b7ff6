"""The store-wide policies of a rulebook: delivery deadline, returns, free shipping, canonical
wording, required and forbidden phrases, and the service level of conversational channels."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from cohesion_cli.rulebook.fields import Amount, Int, Number, Strict
from cohesion_cli.rulebook.questionnaire import WaitMinutes


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
    wait_minutes: Number | WaitMinutes | None = Field(
        None, description="Longest acceptable wait before a mystery shopper is attended, "
                          "from the records' wait_minutes: one number for every contact, or "
                          "per type, e.g. {call: 3, visit: 10}."
    )

    def wait_limit(self, contact: str) -> float | None:
        """The wait allowed for a contact type (``call``, ``visit``, ``chat``), if any."""
        if isinstance(self.wait_minutes, WaitMinutes):
            return self.wait_minutes.limit(contact)
        return None if self.wait_minutes is None else float(self.wait_minutes)


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
