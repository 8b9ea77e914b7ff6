"""Find, read and validate a rulebook; every problem comes back with file:line:col."""

from __future__ import annotations

import difflib
import os
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from cohesion_cli.domain import Position
from cohesion_cli.rulebook import confine, semantic
from cohesion_cli.rulebook.catalog import Product
from cohesion_cli.rulebook.catalog_csv import read_catalog_csv
from cohesion_cli.rulebook.models import Rulebook
from cohesion_cli.rulebook.packs import Included, apply_packs
from cohesion_cli.rulebook.problems import Problem, RulebookError
from cohesion_cli.rulebook.products import CatalogPositions, Products
from cohesion_cli.rulebook.yamlpos import Located, load_yaml

RULEBOOK_NAMES = ("cohesion.yaml", "cohesion.yml")
_UNION_LABEL = re.compile(r"^(?:[A-Z]|.*\[|(?:str|int|float|bool|dict|list|none|decimal)$)")
MAX_RULEBOOK_BYTES = 5 * 1024 * 1024


@dataclass
class LoadedRulebook:
    """A validated rulebook plus where it lives and its resolved catalog."""

    model: Rulebook
    path: Path
    products: Products
    located: Located
    warnings: list[Problem] = field(default_factory=list)
    product_positions: Mapping[str, Position] = field(default_factory=dict)
    """Where each product is defined (inline entry or CSV row)."""
    included: list[Included] = field(default_factory=list)
    """The rule packs of ``include:``, in order."""

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    def product(self, sku: str) -> Product | None:
        return self.products.find(sku)


def find_rulebook(target: str | None) -> Path:
    """A file path is used as given; a folder (default: the current one) must hold cohesion.yaml."""
    base = Path(target) if target else Path.cwd()
    if base.is_file():
        return base
    if base.is_dir():
        for name in RULEBOOK_NAMES:
            if (base / name).is_file():
                return base / name
        where = str(base) if target else "the current directory"
        raise RulebookError([Problem(
            Position(str(base / RULEBOOK_NAMES[0]), 1, 1),
            f"no cohesion.yaml in {where}",
            "pass the rulebook file or its folder, e.g. 'cohesion check examples/aurora', "
            f"or start one with 'cohesion init{' ' + shlex.quote(str(base)) if target else ''}'",
        )])
    raise RulebookError([Problem(Position(str(base), 1, 1), "no such file or folder",
                                 "check the path")])


def load_rulebook(
    target: str | None, *, kinds: Mapping[str, semantic.KindRules], check_files: bool = False
) -> LoadedRulebook:
    """Load and validate; raise RulebookError listing every problem found.

    ``kinds`` gives each channel kind's own rules (``channels.rulebook.load`` passes the
    registry of kinds). ``check_files`` also verifies that every file a channel read from
    disk references exists (``cohesion validate`` does; ``cohesion check`` reports them as
    unverifiable instead).
    """
    path = find_rulebook(target)
    display = os.path.relpath(path) if not Path(target or ".").is_absolute() else str(path)
    located = load_yaml(_read_text(path, display), display)
    if not isinstance(located.data, dict):
        raise RulebookError([Problem(
            located.where(()), f"the rulebook must be a mapping, not a {_type_name(located.data)}",
            "start with 'brand: ...' at the top level",
        )])
    model, included, pack_problems = apply_packs(_validate(located), located, path.parent,
                                                 pydantic_problems)
    if pack_problems:
        raise RulebookError(pack_problems)
    products, positions, problems = _products(model, located, path.parent)
    # with a broken catalog row the products are incomplete: files are not looked for
    problems += semantic.check(model, products, located, path.parent, kinds=kinds,
                               check_files=check_files and not problems)
    errors = [p for p in problems if p.level != "warning"]
    if errors:
        raise RulebookError(errors)
    warnings = [p for p in problems if p.level != "error"]
    return LoadedRulebook(model, path, products, located, warnings, positions, included)


def _read_text(path: Path, display: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_RULEBOOK_BYTES:
            raise RulebookError([Problem(
                Position(display, 1, 1), f"rulebook is {size} bytes; the limit is "
                f"{MAX_RULEBOOK_BYTES}", "move a large catalog to a CSV file (catalog.csv)")])
        raw = path.read_bytes()
    except OSError as exc:
        raise RulebookError([Problem(Position(display, 1, 1), f"cannot read: {exc.strerror}")]) \
            from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise RulebookError([Problem(
            Position(display, line, col), "the file is not UTF-8 text",
            "save the rulebook as UTF-8",
        )]) from None


def _type_name(value: object) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__
    )


def _validate(located: Located) -> Rulebook:
    try:
        return Rulebook.model_validate(located.data)
    except ValidationError as exc:
        raise RulebookError(pydantic_problems(exc, located, Rulebook)) from None


def pydantic_problems(
    exc: ValidationError, located: Located, root: type[BaseModel], prefix: tuple[Any, ...] = ()
) -> list[Problem]:
    """Turn pydantic errors into positioned problems with hints."""
    problems = []
    for err in exc.errors():
        loc = (*prefix, *_data_path(err["loc"], located.data, prefix))
        kind = err["type"]
        if kind == "extra_forbidden":
            key = str(loc[-1])
            known = _known_fields(root, loc[len(prefix):-1])
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
            problems.append(Problem(located.where(loc, key=True), f"unknown key '{key}'", hint))
        elif kind == "missing":
            problems.append(Problem(
                located.where(loc[:-1]), f"missing required key '{loc[-1]}'",
                f"add '{loc[-1]}:' here",
            ))
        else:
            where = ".".join(str(p) for p in loc) or "(top level)"
            msg = err["msg"].removeprefix("Value error, ")
            problems.append(Problem(located.where(loc), f"{where}: {msg}", _hint(err)))
    return _dedupe(problems)


def _data_path(loc: tuple[Any, ...], data: Any, prefix: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the union-member labels pydantic inserts into error locations."""
    node = data
    for part in prefix:
        node = node[part] if isinstance(node, (dict, list)) else None
    path: list[Any] = []
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if in_dict or in_list:
            node = node[part]
            path.append(part)
        elif isinstance(part, str) and _UNION_LABEL.match(part):
            continue
        else:
            path.append(part)
            node = None
    return tuple(path)


def _known_fields(root: type[BaseModel], path: tuple[Any, ...]) -> list[str]:
    model: Any = root
    for part in path:
        if isinstance(part, int):
            continue
        fields = model.model_fields if _is_model(model) else {}
        if part not in fields:
            return []
        model = _model_in(fields[part].annotation)
    return sorted(model.model_fields) if _is_model(model) else []


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _hint(err: Any) -> str:
    kind = str(err["type"])
    if kind.startswith("literal_error"):
        return "use one of the values listed"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "write a whole number, without quotes"
    if kind in ("bool_parsing", "bool_type"):
        return "write true or false"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "this must be a mapping of 'key: value' lines"
    if kind == "list_type":
        return "this must be a list ('- item' lines)"
    if kind == "string_pattern_mismatch":
        return "see the rulebook reference in README for the accepted format"
    if kind.startswith(("greater", "less")):
        return "the number is out of range"
    if kind == "string_type":
        return "write text; quote it if YAML reads it as something else"
    if kind in ("decimal_type", "decimal_parsing", "float_parsing", "float_type"):
        return "write an amount or number such as 1299.90"
    if kind == "value_error":
        return "see the rulebook reference in README (or 'cohesion schema')"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return "write a date as 2026-12-31"
    return "see the rulebook reference in README (or 'cohesion schema')"


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[Position, str]] = set()
    out = []
    for p in problems:
        if (p.position, p.message) not in seen:
            seen.add((p.position, p.message))
            out.append(p)
    return out


def _products(
    model: Rulebook, located: Located, base_dir: Path
) -> tuple[Products, CatalogPositions, list[Problem]]:
    products = Products(model.catalog.products)
    inline = {p.sku: located.where(("catalog", "products", i))
              for i, p in enumerate(model.catalog.products)}
    csv_path = base_dir / (model.catalog.csv or "")
    display = os.path.relpath(csv_path)
    positions = CatalogPositions(products, inline, display)
    if not model.catalog.csv:
        return products, positions, []
    refused = confine.Confinement(base_dir, model.allow_paths).refusal(csv_path)
    if refused is not None:
        return products, positions, [Problem(located.where(("catalog", "csv")),
                                             f"refused: {refused[0]}", refused[1])]
    if not csv_path.is_file():
        return products, positions, [Problem(
            located.where(("catalog", "csv")), f"catalog file not found: {model.catalog.csv}",
            "paths are relative to the rulebook's folder",
        )]
    return products, positions, read_catalog_csv(csv_path, display, products)
