"""``api``: JSON answers of an app's or a shop's API, read over HTTP with the same
hardening as ``web``. Facts come from JSONPath locators (``locators: {price: {jsonpath:
"$.preco.por"}}``), or from conventional keys when there are none."""

from __future__ import annotations

from cohesion_cli.channels.kinds.web import http_kind

__all__ = ["KIND"]

KIND = http_kind("api", "application/json")
