"""A result's messages (``message.Msg``) as plain JSON and back: the typed values the JSON
result adds beside its display strings (``expected_value``, ``observed_value``,
``reason_value``), read back by ``cohesion report`` to write them in another language.

A message is ``{"key", "text", "args"}``; an argument is a string, a number, a list, a
nested message, money (``{"kind": "money", "amount": "599.90", "currency": "BRL"}``), an
exact decimal (``{"kind": "number", "value": "0.90"}``) or a fact's value, written as
``cohesion extract`` writes facts, without evidence (``{"kind": "deadline", "min_days": 2,
"max_days": 5, "business_days": true}``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cohesion_cli.domain import Evidence, Fact
from cohesion_cli.extract.serialize import amount_text, fact_dict, fact_from_dict
from cohesion_cli.message import Money, Msg, is_value

_NO_EVIDENCE = {"excerpt": "", "locator": "", "source": "", "snapshot": ""}


def message_dict(message: Msg | None) -> dict[str, Any] | None:
    if message is None:
        return None
    return {"key": message.key, "text": message.text,
            "args": {name: _arg_json(arg) for name, arg in message.args}}


def message_from_dict(data: Any) -> Msg | None:
    """The message ``message_dict`` wrote; raises KeyError, TypeError or ValueError on
    anything else."""
    if data is None:
        return None
    return Msg(str(data["key"]), str(data["text"]),
               tuple((str(name), _arg(value)) for name, value in data["args"].items()))


def _arg_json(arg: Any) -> Any:
    if isinstance(arg, Msg):
        return message_dict(arg)
    if isinstance(arg, tuple):
        return [_arg_json(item) for item in arg]
    if isinstance(arg, Money):
        return {"kind": "money", "amount": amount_text(arg.amount), "currency": arg.currency}
    if isinstance(arg, Decimal):
        return {"kind": "number", "value": str(arg)}
    if is_value(arg):
        body = fact_dict(Fact(arg, Evidence("", "", "")))
        del body["evidence"]
        return body
    return arg


def _arg(data: Any) -> Any:
    if isinstance(data, list):
        return tuple(_arg(item) for item in data)
    if not isinstance(data, dict):
        return data
    if "key" in data:
        return message_from_dict(data)
    if data["kind"] == "money":
        return Money(Decimal(data["amount"]), str(data["currency"]))
    if data["kind"] == "number":
        return Decimal(data["value"])
    return fact_from_dict({**data, "evidence": _NO_EVIDENCE}).value
