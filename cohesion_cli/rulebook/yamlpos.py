"""Load YAML safely and remember where every key and value was written.

Only the safe YAML tags are accepted; object-constructing tags such as
``!!python/object`` are errors. Alias expansion is bounded, so a "billion laughs"
document is rejected instead of exhausting memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from cohesion_cli.domain import Position
from cohesion_cli.rulebook.problems import Problem, RulebookError

Path = tuple[str | int, ...]
MAX_NODES = 200_000
_PLAIN = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass
class Located:
    """Plain data plus the position of each value and each mapping key, by path."""

    data: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)

    def where(self, path: Path, *, key: bool = False) -> Position:
        """Position of the value (or key) at ``path``, or of its nearest known ancestor."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in table:
                return table[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return next(iter(self.values.values()), Position("?", 1, 1))


def mark_position(file: str, mark: yaml.Mark | None) -> Position:
    """file:line:col of a PyYAML mark (1:1 when there is none)."""
    if mark is None:
        return Position(file, 1, 1)
    return Position(file, mark.line + 1, mark.column + 1)


class _Walker:
    def __init__(self, file: str, loader: yaml.SafeLoader) -> None:
        self.file = file
        self.loader = loader
        self.located = Located(None)
        self.count = 0
        self.problems: list[Problem] = []

    def walk(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise RulebookError([Problem(
                mark_position(self.file, node.start_mark),
                f"document expands to more than {MAX_NODES} values",
                "aliases that repeat other aliases (a 'billion laughs' document) are refused",
            )])
        self.located.values[path] = mark_position(self.file, node.start_mark)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN:
            raise RulebookError([Problem(
                mark_position(self.file, node.start_mark), f"YAML tag {node.tag} is not allowed",
                "tags that build objects (like !!python/object) are not allowed; use plain values",
            )])
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            raise
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError, IndexError):
            raise RulebookError([Problem(
                mark_position(self.file, node.start_mark),
                f"{node.value!r} cannot be read as {node.tag.rsplit(':', 1)[-1]}",
                "remove the tag (!!int, !!bool...) or fix the value")]) from None

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        """Merge keys (``<<: *base``) are resolved here, not by PyYAML, so that every
        merged value counts against MAX_NODES (nested merges grow exponentially)."""
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._merge(self.walk(value_node, (*path, "<<")), key_node, merged)
                continue
            key_pos = mark_position(self.file, key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(key_pos, "a key must be plain text, not a list or "
                                             "mapping", "write 'name: value'"))
                continue
            key = self._scalar(key_node)
            if not isinstance(key, str):
                self.problems.append(Problem(key_pos, f"key {key!r} is not text", "quote the key"))
                key = str(key)
            if key in result:
                self.problems.append(Problem(
                    key_pos, f"duplicate key '{key}'", "each key may appear once per mapping"
                ))
            key_path = (*path, key)
            self.located.keys[key_path] = key_pos
            result[key] = self.walk(value_node, key_path)
        return {**merged, **result}

    def _merge(self, value: Any, key_node: yaml.Node, into: dict[str, Any]) -> None:
        sources = value if isinstance(value, list) else [value]
        for source in sources:
            if not isinstance(source, dict):
                self.problems.append(Problem(mark_position(self.file, key_node.start_mark),
                                             "'<<' must merge a mapping or a list of mappings",
                                             "point it at an anchored mapping: <<: *base"))
                continue
            for key, item in source.items():
                into.setdefault(key, item)


def load_yaml(text: str, file: str) -> Located:
    """Parse ``text``; raise RulebookError with positions on any YAML problem."""
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
        if node is None:
            raise RulebookError([Problem(Position(file, 1, 1), "the rulebook is empty",
                                         "start from the README tutorial")])
        walker = _Walker(file, loader)
        data = walker.walk(node, ())
    except yaml.MarkedYAMLError as exc:
        raise RulebookError([Problem(mark_position(file, _mark(exc)), _yaml_message(exc),
                                     _yaml_hint(exc))]) from None
    except yaml.reader.ReaderError as exc:
        raise RulebookError([Problem(text_position(text, file, exc.position),
                                     f"character {exc.character!r} is not allowed in YAML",
                                     "remove control characters; save the file as UTF-8 "
                                     "text")]) from None
    except yaml.YAMLError as exc:
        raise RulebookError([Problem(Position(file, 1, 1), f"not valid YAML: {exc}")]) from None
    except RecursionError:
        raise RulebookError([Problem(deep_nesting(text, file), "the document is nested too deeply",
                                     "a rulebook needs a few levels of nesting, not hundreds")]
                            ) from None
    finally:
        if loader is not None:
            loader.dispose()
    if walker.problems:
        raise RulebookError(walker.problems)
    walker.located.data = data
    return walker.located


def _mark(exc: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where to point: the start of the construct when the file ended inside it (an
    unclosed quote or bracket), else where the problem was found."""
    if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
DEEP = 100


def text_position(text: str, file: str, offset: int) -> Position:
    """file:line:col of a character offset, counting every line break YAML knows."""
    line, start = 1, 0
    for match in _BREAK.finditer(text, 0, offset):
        line, start = line + 1, match.end()
    return Position(file, line, offset - start + 1)


def deep_nesting(text: str, file: str) -> Position:
    """Where a run of flow brackets starts that nests deeper than DEEP levels."""
    opened: list[int] = []
    for index, char in enumerate(text):
        if char in "[{":
            opened.append(index)
            if len(opened) > DEEP:
                return text_position(text, file, opened[0])
        elif char in "]}" and opened:
            opened.pop()
    return Position(file, 1, 1)


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return "YAML syntax error: " + ", ".join(parts) if parts else "YAML syntax error"


def _yaml_hint(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if "could not determine a constructor" in problem:
        return "tags that build objects (like !!python/object) are not allowed; use plain values"
    if "\\t" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "check indentation, or quote a value that contains ': '"
    if "found character" in problem:
        return "quote the value"
    return "check indentation and quoting around this position"
