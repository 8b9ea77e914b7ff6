"""Rule packs: ready-made policies a rulebook includes (``include: [br-cdc]``).

A pack is a small YAML file with a ``pack`` name, a ``description`` and ``policies`` in the
rulebook's own language (e.g. ``withdrawal: {days: 7, law: CDC art. 49}``). An entry of
``include:`` is either the name of a pack shipped with cohesion (``rules/<name>.yaml``:
``br-cdc``, ``pt-dl24-2014``) or a ``.yaml``/``.yml`` file relative to the rulebook (confined
like every file a rulebook names). Packs are applied in order, under the rulebook: a policy
the rulebook states itself wins, and so does an earlier pack; listed policies (required and
forbidden phrases, wording) are joined. Every problem in a pack is reported at its own
file:line:col; an unknown name lists the shipped packs.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from cohesion_cli.domain import Position
from cohesion_cli.rulebook import confine
from cohesion_cli.rulebook.fields import Strict
from cohesion_cli.rulebook.models import Rulebook
from cohesion_cli.rulebook.policies import Policies
from cohesion_cli.rulebook.problems import Problem, RulebookError
from cohesion_cli.rulebook.yamlpos import Located, load_yaml

Explain = Callable[[ValidationError, Located, type[BaseModel]], list[Problem]]
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_PACK_BYTES = 256 * 1024


class RulePack(Strict):
    """A rule pack file."""

    pack: str = Field(min_length=1, description="The pack's name, e.g. 'br-cdc'.")
    description: str = Field("", description="What the pack requires, and its sources.")
    policies: Policies = Field(default_factory=Policies)


@dataclass(frozen=True)
class Included:
    """A pack the rulebook included."""

    name: str
    path: Path
    description: str
    shipped: bool
    """True for a pack shipped with cohesion, False for a file of the engagement."""


def shipped_folders() -> list[Path]:
    """Where shipped packs are: ``cohesion_cli/rules`` in an installed wheel, the
    repository's ``rules/`` in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    return [package / "rules", package.parent / "rules"]


def shipped_packs() -> list[str]:
    """The names of the packs shipped with cohesion."""
    return sorted({p.stem for folder in shipped_folders() if folder.is_dir()
                   for p in folder.glob("*.yaml")})


def apply_packs(model: Rulebook, located: Located, base_dir: Path, explain: Explain
                ) -> tuple[Rulebook, list[Included], list[Problem]]:
    """The rulebook with its packs' policies under its own, the packs, and the problems
    (``explain`` turns a pack's validation errors into positioned problems)."""
    packs: list[Included] = []
    problems: list[Problem] = []
    policies = model.policies
    for index, entry in enumerate(model.include):
        where = located.where(("include", index))
        found = _resolve(entry, base_dir, model.allow_paths)
        if isinstance(found, tuple):
            problems.append(Problem(where, *found))
            continue
        pack, pack_problems = _load(found, explain)
        problems += pack_problems
        if pack is not None:
            policies = _under(policies, pack.policies)
            packs.append(Included(pack.pack, found, pack.description,
                                  shipped=_NAME.match(entry) is not None))
    return model.model_copy(update={"policies": policies}), packs, problems


def _resolve(entry: str, base_dir: Path, allow_paths: list[str]) -> Path | tuple[str, str]:
    """The pack's file, or (message, hint)."""
    if _NAME.match(entry):
        for folder in shipped_folders():
            if (folder / f"{entry}.yaml").is_file():
                return folder / f"{entry}.yaml"
        names = shipped_packs()
        close = difflib.get_close_matches(entry, names, n=1)
        hint = (f"did you mean '{close[0]}'? " if close else "") + \
            f"shipped packs: {', '.join(names) or 'none'}; or give a .yaml file's path"
        return f"unknown rule pack '{entry}'", hint
    if not entry.endswith((".yaml", ".yml")):
        return (f"'{entry}' is neither a shipped rule pack nor a .yaml file",
                f"shipped packs: {', '.join(shipped_packs())}")
    path = base_dir / entry
    refused = confine.Confinement(base_dir, allow_paths).refusal(path)
    if refused is not None:
        return f"refused: {refused[0]}", refused[1]
    if not path.is_file():
        return f"rule pack file not found: {entry}", "paths are relative to the rulebook's folder"
    return path


def _load(path: Path, explain: Explain) -> tuple[RulePack | None, list[Problem]]:
    display = os.path.relpath(path)
    top = Position(display, 1, 1)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(top, f"cannot read the rule pack: {exc.strerror}")]
    if len(raw) > MAX_PACK_BYTES:
        return None, [Problem(top, f"rule pack larger than {MAX_PACK_BYTES} bytes")]
    try:
        located = load_yaml(raw.decode("utf-8-sig"), display)
    except UnicodeDecodeError:
        return None, [Problem(top, "the rule pack is not UTF-8 text")]
    except RulebookError as exc:
        return None, exc.problems
    if not isinstance(located.data, dict):
        return None, [Problem(top, "a rule pack must be a mapping",
                              "start with 'pack: <name>' and 'policies:'")]
    try:
        return RulePack.model_validate(located.data), []
    except ValidationError as exc:
        return None, explain(exc, located, RulePack)


def _under(own: Policies, pack: Policies) -> Policies:
    """``own`` with what it leaves unsaid taken from ``pack``; lists joined."""
    update: dict[str, object] = {}
    for name in pack.model_fields_set:
        mine, theirs = getattr(own, name), getattr(pack, name)
        if isinstance(mine, list):
            update[name] = [*mine, *(item for item in theirs if item not in mine)]
        elif mine is None:
            update[name] = theirs
    return own.model_copy(update=update)
