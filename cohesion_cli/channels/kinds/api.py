"""``api``: JSON answers of an app's or a shop's API, read over HTTP with the same
hardening as ``web``. Facts come from JSONPath locators (``locators: {price: {jsonpath:
"$.preco.por"}}``), or from conventional keys when there are none."""

from __future__ import annotations

from cohesion_cli.channels.extraction import extract
from cohesion_cli.channels.transport.http import fetch
from cohesion_cli.domain import Snapshot
from cohesion_cli.rulebook.plan import DocumentSpec

KIND = "api"
__all__ = ["KIND", "extract", "read"]


def read(spec: DocumentSpec) -> Snapshot:
    return fetch(spec, "application/json")
