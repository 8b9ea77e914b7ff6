"""Checks the schema cannot express: ids, references, templates, locators, files.

What only one kind of channel requires (a WhatsApp channel's brand participants, a URL for
a kind read over HTTP) is that kind's own hook: the caller passes the kinds in
(``KindRules``), as this layer sits below the channels.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from cohesion_cli.rulebook import confine
from cohesion_cli.rulebook.catalog import Product
from cohesion_cli.rulebook.models import Channel, Locator, Rulebook
from cohesion_cli.rulebook.plan import PLACEHOLDERS, is_url, placeholders, plan
from cohesion_cli.rulebook.problems import Problem
from cohesion_cli.rulebook.products import Products
from cohesion_cli.rulebook.yamlpos import Located
from cohesion_cli.secrets import only_references, references

_FAKE_SERVE = "http://127.0.0.1:1"

Validator = Callable[[Channel, tuple[str | int, ...], Located], list[Problem]]
"""A kind's hook: the problems of one channel (at a YAML path) that only its kind has."""


class KindRules(Protocol):
    """What validating a rulebook needs from a channel kind."""

    @property
    def over_http(self) -> bool: ...

    @property
    def validate(self) -> Validator: ...


def check(
    model: Rulebook, products: Products, located: Located, base_dir: Path,
    *, kinds: Mapping[str, KindRules], check_files: bool,
) -> list[Problem]:
    """Every problem found; ``kinds`` maps each kind's name to its rules (a kind missing
    there has none)."""
    problems = list(_duplicates(model, located))
    problems += _allow_paths(model, located, base_dir)
    allowed = confine.Confinement(base_dir, model.allow_paths)
    skus = set(products.skus())
    ids = [c.id for c in model.channels]
    for i, channel in enumerate(model.channels):
        at = ("channels", i)
        rules = kinds.get(channel.kind)
        found = _channel(channel, at, located, skus, model, rules)
        problems += found
        over_http = rules is not None and rules.over_http
        if is_url(channel, over_http) or any(p.level == "error" for p in found):
            continue
        outside = list(_outside(channel, at, located, products, base_dir, allowed))
        problems += outside
        if check_files and not outside:
            problems += _missing_files(channel, at, located, products, base_dir)
    problems += _channel_refs(model, located, ids)
    problems += _weights(model, located)
    if model.serve:
        refused = allowed.refusal(base_dir / model.serve.root)
        if refused is not None:
            problems.append(Problem(located.where(("serve", "root")), f"refused: {refused[0]}",
                                    refused[1]))
        elif not (base_dir / model.serve.root).is_dir():
            problems.append(Problem(located.where(("serve", "root")),
                                    f"folder not found: {model.serve.root}",
                                    "paths are relative to the rulebook's folder"))
    returns = model.policies.returns
    if returns and model.locale.startswith("pt") and returns.days < 7:
        problems.append(Problem(
            located.where(("policies", "returns", "days")),
            f"return window of {returns.days} days is shorter than the 7 days the CDC (art. 49) "
            "gives online buyers", "check the policy with the client's legal team",
            level="warning"))
    return problems


def _duplicates(model: Rulebook, located: Located) -> Iterator[Problem]:
    yield from _repeated([p.sku for p in model.catalog.products], ("catalog", "products"),
                         "sku", located, "duplicate product sku",
                         "each SKU may be defined once (inline or in the CSV)")
    yield from _repeated([c.id for c in model.channels], ("channels",), "id", located,
                         "duplicate channel id", "give each channel its own id")
    yield from _repeated([w.id for w in model.policies.wording], ("policies", "wording"), "id",
                         located, "duplicate wording id",
                         "give each policy text its own id (findings are named after it)")
    yield from _repeated([c.id for c in model.campaigns], ("campaigns",), "id", located,
                         "duplicate campaign id", "give each campaign its own id")


def _repeated(values: list[str], at: tuple[str, ...], key: str, located: Located,
              message: str, hint: str) -> Iterator[Problem]:
    """A problem at every value already given earlier in the list at ``at``."""
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            yield Problem(located.where((*at, i, key)), f"{message} '{value}'", hint)
        seen.add(value)


def _channel(
    channel: Channel, at: tuple[str | int, ...], located: Located, skus: set[str],
    model: Rulebook, rules: KindRules | None,
) -> list[Problem]:
    problems: list[Problem] = []
    templates: list[tuple[tuple[str | int, ...], str, tuple[str, ...]]] = []
    if channel.location:
        templates.append(((*at, "location"), channel.location, ("serve_url",)))
    if channel.product_page:
        templates.append(((*at, "product_page"), channel.product_page, PLACEHOLDERS))
    for j, page in enumerate(channel.policy_pages):
        templates.append(((*at, "policy_pages", j), page, ("serve_url",)))
    for path, template, allowed in templates:
        problems += _template(template, allowed, path, located, model)
        if _has_credentials(template):
            problems.append(Problem(
                located.where(path), "a password or user name is written in the URL",
                "write them as ${ENV_VAR} references (https://${SHOP_USER}:${SHOP_PASSWORD}@"
                "host/) and export the variables: they are then masked in every report"))
    if rules is not None:
        problems += rules.validate(channel, at, located)
    for name in sorted(references([*channel.headers.values(), *channel.cookies.values(),
                                   *(template for _, template, _ in templates)])):
        if name not in os.environ:
            problems.append(Problem(located.where(at), f"environment variable {name} is not set",
                                    f"export {name}=... before 'cohesion check'",
                                    level="warning"))
    if not (channel.location or channel.product_page or channel.policy_pages):
        problems.append(Problem(located.where(at), f"channel '{channel.id}' has nothing to read",
                                "give it a location, a product_page or policy_pages"))
    for j, sku in enumerate(channel.products or []):
        if sku not in skus:
            problems.append(_unknown(located, (*at, "products", j), "product", sku, skus))
    for fact in type(channel.locators).model_fields:
        locator = getattr(channel.locators, fact)
        if locator is not None:
            problems += _locator(locator, (*at, "locators", fact, locator.kind), located)
    return problems


def _has_credentials(template: str) -> bool:
    """Whether an http(s) URL holds a ``user:password@`` part written out, not made of
    ${ENV_VAR} references."""
    try:
        parts = urlsplit(template)
    except ValueError:  # a broken [IPv6] host: reported when the channel is read
        return False
    if parts.scheme.lower() not in ("http", "https") or "@" not in parts.netloc:
        return False
    return not only_references(parts.netloc.rpartition("@")[0])


def _template(
    template: str, allowed: tuple[str, ...], path: tuple[str | int, ...], located: Located,
    model: Rulebook,
) -> list[Problem]:
    try:
        names = placeholders(template)
    except ValueError as exc:
        return [Problem(located.where(path), f"bad template: {exc}",
                        "placeholders look like {sku}; write {{ or }} for a literal brace")]
    problems = []
    for name in names:
        if name not in allowed:
            close = difflib.get_close_matches(name, allowed, n=1)
            hint = f"did you mean {{{close[0]}}}?" if close else f"use {', '.join(allowed)}"
            problems.append(Problem(located.where(path), f"unknown placeholder {{{name}}}", hint))
        elif name == "serve_url" and model.serve is None:
            problems.append(Problem(located.where(path), "{serve_url} used but nothing is served",
                                    "add 'serve: {root: <folder>}' to the rulebook"))
    return problems


def _locator(locator: Locator, path: tuple[str | int, ...], located: Located) -> list[Problem]:
    expression = locator.expression
    try:
        if locator.kind == "regex":
            re.compile(expression)
        elif locator.kind == "css":
            from cssselect import GenericTranslator

            GenericTranslator().css_to_xpath(expression)
        elif locator.kind == "xpath":
            from lxml import etree

            etree.XPath(expression)
        else:
            from jsonpath_ng.ext import parse  # type: ignore[attr-defined]

            parse(expression)
    except Exception as exc:  # each library raises its own error type
        return [Problem(located.where(path), f"invalid {locator.kind} locator: {exc}",
                        "test it with 'cohesion extract' on a saved page")]
    return []


def _channel_refs(model: Rulebook, located: Located, ids: list[str]) -> Iterator[Problem]:
    known = set(ids)
    pol = model.policies
    groups: list[tuple[tuple[str | int, ...], list[str] | None]] = []
    groups += [(("policies", "wording", i, "channels"), w.channels)
               for i, w in enumerate(pol.wording)]
    for name in ("required_phrases", "forbidden_phrases"):
        groups += [(("policies", name, i, "channels"), getattr(p, "channels", None))
                   for i, p in enumerate(getattr(pol, name))]
    if model.questionnaire is not None:
        groups.append((("questionnaire", "channels"), model.questionnaire.channels))
    groups += [(("campaigns", i, "channels"), c.channels) for i, c in enumerate(model.campaigns)]
    for path, channels in groups:
        for j, cid in enumerate(channels or []):
            if cid not in known:
                yield _unknown(located, (*path, j), "channel", cid, known)
    for i, override in enumerate(model.severity.overrides):
        if override.channel and override.channel not in known:
            yield _unknown(located, ("severity", "overrides", i, "channel"), "channel",
                           override.channel, known)


def _unknown(
    located: Located, path: tuple[str | int, ...], what: str, name: str, known: set[str]
) -> Problem:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(sorted(known))}"
    return Problem(located.where(path), f"unknown {what} '{name}'", hint)


def _documents(
    channel: Channel, at: tuple[str | int, ...], products: Sequence[Product], base_dir: Path,
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Each file of a channel read from disk, with the YAML path of the key that names it
    (callers leave URL channels out)."""
    policy_index = 0
    for doc in plan(channel, products, base_dir, _FAKE_SERVE, over_http=False):
        path: tuple[str | int, ...] = (*at, "location")
        if doc.role == "product" and channel.product_page:
            path = (*at, "product_page")
        elif channel.policy_pages:
            path = (*at, "policy_pages", policy_index)
            policy_index += 1
        yield path, doc.location


def _missing_files(
    channel: Channel, at: tuple[str | int, ...], located: Located, products: Sequence[Product],
    base_dir: Path,
) -> list[Problem]:
    """Files of a channel read from disk that do not exist."""
    return [Problem(located.where(path), f"file not found: {location}",
                    "paths are relative to the rulebook's folder", level="unreadable")
            for path, location in _documents(channel, at, products, base_dir)
            if not Path(location).is_file()]


def _outside(
    channel: Channel, at: tuple[str | int, ...], located: Located, products: Sequence[Product],
    base_dir: Path, allowed: confine.Confinement,
) -> Iterator[Problem]:
    """Files of a channel read from disk that are outside the engagement (one problem per
    key of the rulebook that names them)."""
    seen: set[tuple[str | int, ...]] = set()
    for path, location in _documents(channel, at, products, base_dir):
        refused = None if path in seen else allowed.refusal(Path(location))
        if refused is not None:
            seen.add(path)
            yield Problem(located.where(path), f"refused: {refused[0]}", refused[1])


def _allow_paths(model: Rulebook, located: Located, base_dir: Path) -> Iterator[Problem]:
    for i, entry in enumerate(model.allow_paths):
        path = base_dir / entry
        system = confine.system_folder(path)
        if system is not None:
            yield Problem(located.where(("allow_paths", i)),
                          f"{entry} is under {system}, which cohesion never reads",
                          confine.SYSTEM_HINT)
        elif not path.exists():
            yield Problem(located.where(("allow_paths", i)), f"not found: {entry}",
                          "paths are relative to the rulebook's folder")


def _weights(model: Rulebook, located: Located) -> Iterator[Problem]:
    """Audience weights are all or nothing: a channel left out would weigh nothing sensible
    next to shares such as 40 or 0.4."""
    weighed = [c.weight is not None for c in model.channels]
    if any(weighed) and not all(weighed):
        for i, channel in enumerate(model.channels):
            if channel.weight is None:
                yield Problem(located.where(("channels", i, "id")),
                              f"channel '{channel.id}' has no weight, but other channels do",
                              "give every channel a weight (its audience share), or none")
