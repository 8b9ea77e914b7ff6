"""Checks: pure functions from what channels published to results.

Each check is a module with an ``ID`` and ``check(ctx) -> Iterator[Result]``; the
module docstring is its documentation (``cohesion rules``). Register it in ``CHECKS``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from cohesion_cli.checks.context import Context
from cohesion_cli.checks.rules import (
    deadline,
    forbidden_phrase,
    free_shipping,
    installments,
    list_price,
    price,
    read,
    required_phrase,
    response_time,
    return_window,
    wording,
)
from cohesion_cli.domain import Result


class Check(Protocol):
    ID: str

    def check(self, ctx: Context) -> Iterator[Result]: ...


CHECKS: dict[str, Check] = {
    read.ID: read,
    price.ID: price,
    list_price.ID: list_price,
    installments.ID: installments,
    deadline.ID: deadline,
    return_window.ID: return_window,
    free_shipping.ID: free_shipping,
    wording.ID: wording,
    required_phrase.ID: required_phrase,
    forbidden_phrase.ID: forbidden_phrase,
    response_time.ID: response_time,
}


def run_all(ctx: Context) -> list[Result]:
    return [r for check in CHECKS.values() for r in check.check(ctx)]
