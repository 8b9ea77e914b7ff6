"""The mystery-shopper questionnaire of a rulebook: the items each call, store visit or chat
is scored on, answered in the observation records (``checklist:`` and ``score:``), and the
waiting times the service level allows on phone lines and in stores.

An item is a yes/no question (``yes_no``: met when the answer is the ``expected`` one), a
scale (``scale``: 1 to 5, met in proportion: 1 = 0, 3 = half, 5 = all) or a phrase the
staff must say (``phrase``: met when the answer contains it, case and accents ignored).
A visit's score is the weighted share of its items that were met, 0-100; an item the
record does not answer counts as not met and is listed (the ``questionnaire`` rule calls a
visit below the threshold only when it would be even with those items met).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from cohesion_cli.rulebook.fields import Int, Number, Strict

ContactType = Literal["call", "visit", "chat"]
ItemType = Literal["yes_no", "scale", "phrase"]


class Item(Strict):
    """One question of the questionnaire."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                    description="Short id, the key of the answer in a record's checklist/score.")
    text: str = Field("", description="The question as the shopper reads it.")
    type: ItemType = Field("yes_no", description="yes_no, scale (1-5) or phrase.")
    weight: Number = Field(1.0, gt=0, le=100, description="Weight in the visit's score.")
    expected: Literal["yes", "no"] = Field(
        "yes", description="yes_no: the answer that meets the item (default yes).")
    phrase: str | None = Field(
        None, min_length=1, description="phrase: what the staff must say (case and accents "
                                        "ignored), e.g. '5% de desconto no Pix'.")
    applies_to: list[ContactType] | None = Field(
        None, description="Contact types asked this item (call, visit, chat); default all.")

    @model_validator(mode="after")
    def _phrase_given(self) -> Item:
        if (self.type == "phrase") != (self.phrase is not None):
            raise ValueError("give 'phrase' for, and only for, an item of type phrase")
        return self


class Questionnaire(Strict):
    """What each mystery-shopper contact is scored on."""

    threshold: Int = Field(70, ge=0, le=100,
                           description="Lowest acceptable score of one visit or call (0-100).")
    channels: list[str] | None = Field(
        None, description="Observation channels whose records answer it; default all.")
    items: list[Item] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Questionnaire:
        ids = [i.id for i in self.items]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"item ids must be unique: {', '.join(twice)}")
        return self

    def applies(self, channel: str) -> bool:
        return self.channels is None or channel in self.channels


class WaitMinutes(Strict):
    """Longest acceptable wait before a shopper is attended, per contact type."""

    call: Number | None = Field(None, gt=0, description="On the phone line (queue, IVR).")
    visit: Number | None = Field(None, gt=0, description="In a store.")
    chat: Number | None = Field(None, gt=0, description="In a chat, before a person answers.")

    def limit(self, contact: str) -> float | None:
        value = getattr(self, contact, None)
        return None if value is None else float(value)
