"""What a check says about a value, kept typed until it is shown: a ``Msg`` names a sentence
of the catalogue (``output/templates/texts.json``, block ``values``) and carries its
arguments as typed values (prices, deadlines, counts, channel lists), so that every human
format can write them in the reader's language (``output/locale.py``, with Babel).

``Msg.neutral()`` writes the same sentence in the language-neutral form the JSON result,
the history and the machine formats keep (English words, amounts as ``R$ 1299.90``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Union

from cohesion_cli.domain import FACT_KINDS, Value, format_money


@dataclass(frozen=True)
class Money:
    """An amount of money that is not a fact read from a page (a rulebook's price, the
    total of an installment plan)."""

    amount: Decimal
    currency: str

    def show(self) -> str:
        return format_money(self.amount, self.currency)


Arg = Union[str, int, float, Decimal, Money, Value, "Msg", tuple["Arg", ...]]
"""An argument: text (written as it is), a number, money, a fact's value
(``domain.Value``), a nested message, or a tuple of these (a list for people; the format
spec of its placeholder is the separator of the neutral form, ``{values:; }``)."""


@dataclass(frozen=True)
class Msg:
    """One sentence: its catalogue ``key``, its ``text`` in the neutral form (a
    ``str.format`` template) and its typed arguments."""

    key: str
    text: str
    args: tuple[tuple[str, Arg], ...] = ()

    @property
    def kwargs(self) -> dict[str, Arg]:
        return dict(self.args)

    def neutral(self) -> str:
        """The sentence as the JSON result writes it."""
        return self.text.format_map({name: _Neutral(arg) for name, arg in self.args})

    def __str__(self) -> str:
        return self.neutral()


def msg(key: str, text: str, /, **args: Arg) -> Msg:
    """``msg("agreed", "{value} (no rule; agreed by {channels})", value=..., channels=...)``."""
    return Msg(key, text, tuple(args.items()))


def value(shown: Money | Value) -> Msg:
    """A fact's value, or money, on its own (an expected or observed cell)."""
    return msg("value", "{value}", value=shown)


def replaced_text(said: Msg | None, old: str, new: str) -> Msg | None:
    """``said`` with ``old`` replaced by ``new`` in its text arguments (nested too)."""
    if said is None:
        return None
    return Msg(said.key, said.text, tuple((name, _replaced(arg, old, new))
                                          for name, arg in said.args))


def _replaced(arg: Arg, old: str, new: str) -> Arg:
    if isinstance(arg, str):
        return arg.replace(old, new)
    if isinstance(arg, Msg):
        return replaced_text(arg, old, new) or arg
    if isinstance(arg, tuple):
        return tuple(_replaced(item, old, new) for item in arg)
    return arg


def is_value(arg: object) -> bool:
    """Whether ``arg`` is a fact's value (a type of ``domain.FACT_KINDS``)."""
    return type(arg) in FACT_KINDS


class _Neutral:
    """An argument that ``str.format`` writes in the neutral form (the format spec of a
    tuple is its separator); formatting stays in C, several times faster than a
    ``string.Formatter``."""

    __slots__ = ("arg",)

    def __init__(self, arg: Arg) -> None:
        self.arg = arg

    def __format__(self, format_spec: str) -> str:
        return neutral_arg(self.arg, format_spec or ", ")


def neutral_arg(arg: Any, separator: str = ", ") -> str:
    """One argument in the neutral form."""
    if isinstance(arg, tuple):
        return separator.join(neutral_arg(item) for item in arg)
    if isinstance(arg, Msg):
        return arg.neutral()
    if isinstance(arg, float):
        return f"{arg:g}"
    if isinstance(arg, Money) or is_value(arg):
        shown: Any = arg
        return str(shown.show())
    return str(arg)


Said = str | Msg
"""What a check passes as expected, observed or reason: plain text, or a message."""


def text_of(said: Said) -> str:
    return said.neutral() if isinstance(said, Msg) else said


def as_msg(said: Said) -> Msg | None:
    return said if isinstance(said, Msg) else None
