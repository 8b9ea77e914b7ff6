"""The rule descriptor: everything cohesion knows of one rule, defined in the rule's own
module (``checks/rules/<id>.py``) and registered by its id in ``rulebook.models.RuleId``
(``checks.RULES`` is loaded from there)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from cohesion_cli.domain import Result
from cohesion_cli.ruleinfo import RuleInfo

if TYPE_CHECKING:
    from cohesion_cli.checks.context import Context

RulebookPath = tuple[str | int, ...]
"""Keys from the rulebook's root to an entry, e.g. ``("policies", "delivery")``."""


@dataclass(frozen=True)
class Rule:
    """One rule: what it checks, what it reads and where the rulebook defines it."""

    info: RuleInfo
    """Id, default severity, documentation, SARIF tag and words in every language."""
    check: Callable[[Context], Iterator[Result]]
    """Pure function from what the channels published to results."""
    consumes: tuple[str, ...]
    """Kinds of fact the rule reads (``domain.FACT_KINDS`` values, or ``text``), shown by
    ``cohesion rules``."""
    defined_in: RulebookPath | None = None
    """Where the rulebook states this rule for store-wide subjects; None: results are placed
    at the product (product subjects) or else at the channel."""
    carries_confidence: bool = False
    """True when the rule's results carry the confidence of the main price read."""
    channel_fact: bool = False
    """True when a channel may list the rule in ``facts:`` (what it is expected to state)."""
    store_check: Callable[[Context], Iterator[Result]] | None = None
    """A product rule's results about the whole store (e.g. the discount a channel states),
    given at the end, before its per-product ones."""
    store_consumes: tuple[str, ...] = ()
    """Kinds of fact ``store_check`` reads."""
    scope: Literal["product", "store"] = "store"
    """``product``: the rule reads each product's own documents only (``product_docs``), so it
    runs as soon as they are all in and they are then forgotten (``checks.stream``);
    ``store``: it reads what the channels published for the whole store, at the end."""

    @property
    def id(self) -> str:
        return self.info.id
