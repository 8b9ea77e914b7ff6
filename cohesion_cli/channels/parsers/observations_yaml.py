"""Read the records of a YAML observations file (the format is documented in
:mod:`cohesion_cli.channels.parsers.observations`): safely (only plain YAML tags), with merge
keys read once each and aliases bounded, and a position for every field.
"""

from __future__ import annotations

import yaml

from cohesion_cli.channels.parsers.observations_records import (
    ALL_FIELDS,
    ANSWER_FIELDS,
    Cell,
    ObservationsError,
    Record,
    unknown_field,
)
from cohesion_cli.domain import Position
from cohesion_cli.rulebook.problems import Problem
from cohesion_cli.rulebook.yamlpos import deep_nesting, mark_position, text_position

MAX_VALUES = 1_000_000
_SAFE_TAGS = {f"tag:yaml.org,2002:{t}"
              for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")}
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"


def decode_yaml(body: bytes, name: str) -> str:
    """The text of a UTF-8 file (a byte order mark dropped); else where it is not UTF-8."""
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        col = exc.start - (body.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ObservationsError([Problem(Position(name, line, col), "the file is not UTF-8 text",
                                         "save it as UTF-8")]) from None


class _YamlReader:
    """Walks the node tree of one file, collecting problems instead of stopping at the first."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.pairs: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}
        self.values = 0

    def tag_ok(self, node: yaml.Node) -> bool:
        if node.tag in _SAFE_TAGS:
            return True
        self.problems.append(Problem(mark_position(self.name, node.start_mark),
                                     f"YAML tag {node.tag} is not allowed",
                                     "tags that build objects are refused; write plain values"))
        return False

    def count(self, node: yaml.Node, values: int) -> None:
        """Bound the work aliases can multiply (each record may repeat an anchored one)."""
        self.values += values
        if self.values > MAX_VALUES:
            raise ObservationsError([Problem(
                mark_position(self.name, node.start_mark), f"more than {MAX_VALUES} values",
                "aliases that repeat large records or lists are refused")])

    def mapping(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Field name -> (key, value), merge keys (<<) resolved; each node read once.

        PyYAML's own flatten_mapping copies merged pairs at every level, which grows
        exponentially with nested merges; here every merged mapping is read once.
        """
        if id(node) in self.pairs:
            return self.pairs[id(node)]
        self.pairs[id(node)] = {}  # a merge that refers back to this mapping adds nothing
        self.count(node, len(node.value))
        merged: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        own: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            if key.tag == _MERGE:
                sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
                for source in sources:
                    if isinstance(source, yaml.MappingNode) and self.tag_ok(source):
                        for field, pair in self.mapping(source).items():
                            merged.setdefault(field, pair)
                    else:
                        self.problems.append(Problem(mark_position(self.name, source.start_mark),
                                                     "'<<' merges only mappings",
                                                     "write '<<: *anchor' of a record"))
            elif not isinstance(key, yaml.ScalarNode):
                self.problems.append(Problem(mark_position(self.name, key.start_mark),
                                             "a field name must be text", "quote it"))
            elif key.value in own:
                self.problems.append(Problem(mark_position(self.name, key.start_mark),
                                             f"duplicate key '{key.value}'",
                                             "each field may appear once per record"))
            else:
                own[key.value] = (key, value)
        self.pairs[id(node)] = merged | own
        return self.pairs[id(node)]

    def records_node(self, root: yaml.Node) -> yaml.SequenceNode | None:
        if isinstance(root, yaml.SequenceNode) and self.tag_ok(root):
            return root
        if isinstance(root, yaml.MappingNode) and self.tag_ok(root):
            found: yaml.SequenceNode | None = None
            for label, (key, value) in self.mapping(root).items():
                at = mark_position(self.name, key.start_mark)
                if label != "observations":
                    problem = unknown_field(label, at, "top-level key")
                    if label in ALL_FIELDS:
                        problem = Problem(at, "a record must be an item of a list",
                                          "write 'observations:' and then '  - who: ...'")
                    self.problems.append(problem)
                elif isinstance(value, yaml.SequenceNode) and self.tag_ok(value):
                    found = value
                elif not (isinstance(value, yaml.ScalarNode) and value.tag == _NULL):
                    self.problems.append(Problem(mark_position(self.name, value.start_mark),
                                                 "'observations' must be a list of records",
                                                 "write each record as '  - who: ...'"))
            return found
        if not (isinstance(root, yaml.ScalarNode) and root.tag == _NULL):
            self.problems.append(Problem(mark_position(self.name, root.start_mark),
                                         "an observations file is a list of records",
                                         "start with 'observations:' (see the documentation)"))
        return None

    def record(self, index: int, node: yaml.Node) -> Record | None:
        at = mark_position(self.name, node.start_mark)
        if not isinstance(node, yaml.MappingNode):
            self.problems.append(Problem(at, f"record {index} is not a mapping",
                                         "write 'field: value' lines, e.g. 'who: Ana'"))
            return None
        if not self.tag_ok(node):
            return None
        cells: dict[str, Cell] = {}
        reported = len(self.problems)
        for field, (key, value) in self.mapping(node).items():
            if field not in ALL_FIELDS:
                self.problems.append(unknown_field(field, mark_position(self.name, key.start_mark),
                                                    "field"))
                continue
            cell = self.cell(field, value)
            if cell is not None:
                cells[field] = cell
        return Record(index, at, cells, broken=len(self.problems) > reported)

    def cell(self, field: str, node: yaml.Node) -> Cell | None:
        at = mark_position(self.name, node.start_mark)
        if not self.tag_ok(node):
            return None
        if isinstance(node, yaml.ScalarNode):
            return Cell("" if node.tag == _NULL else str(node.value), at)
        items = node.value if isinstance(node, yaml.SequenceNode) else None
        if field == "attachments" and items is not None:
            self.count(node, len(items))
            if all(isinstance(i, yaml.ScalarNode) and self.tag_ok(i) for i in items):
                return Cell([str(i.value) for i in items if i.tag != _NULL], at)
            self.problems.append(Problem(at, "attachments must be a list of paths",
                                         "write '[fotos/a.jpg, fotos/b.jpg]'"))
            return None
        if field in ANSWER_FIELDS and isinstance(node, yaml.MappingNode):
            return self.answers(field, node)
        if items is not None:
            self.problems.append(Problem(at, f"'{field}' must be text, not a list",
                                         "write one value; only attachments is a list"))
        else:
            self.problems.append(Problem(at, f"'{field}' must be text, not a mapping",
                                         "quote a value that contains ': '"))
        return None


    def answers(self, field: str, node: yaml.MappingNode) -> Cell | None:
        """Questionnaire answers: item id -> one plain value each."""
        answers: dict[str, str] = {}
        for item, (_key, value) in self.mapping(node).items():
            if isinstance(value, yaml.ScalarNode) and self.tag_ok(value):
                answers[item] = "" if value.tag == _NULL else str(value.value)
            else:
                self.problems.append(Problem(
                    mark_position(self.name, value.start_mark),
                    f"'{field}': the answer to '{item}' must be one value",
                    "write 'item: yes', 'item: 4' or 'item: the phrase heard'"))
        return Cell(answers, mark_position(self.name, node.start_mark))


def yaml_records(body: bytes, name: str) -> tuple[list[Record], list[Problem]]:
    """The records of a YAML file, and the problems of its structure and fields."""
    text = decode_yaml(body, name)
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader(text)
        root = loader.get_single_node()
        if root is None:
            return [], []
        reader = _YamlReader(name)
        seq = reader.records_node(root)
        items = seq.value if seq is not None else []
        records = [reader.record(i, item) for i, item in enumerate(items, start=1)]
        return [r for r in records if r is not None], reader.problems
    except yaml.MarkedYAMLError as exc:
        message = ", ".join(p for p in (exc.context, exc.problem) if p)
        raise ObservationsError([Problem(mark_position(name, exc.problem_mark or exc.context_mark),
                                         f"YAML syntax error: {message}",
                                         "check indentation, or quote a value with ': ' or '#'"
                                         )]) from None
    except yaml.reader.ReaderError as exc:
        raise ObservationsError([Problem(text_position(text, name, exc.position),
                                         f"character {exc.character!r} is not allowed in YAML",
                                         "remove control characters; save the file as UTF-8")]
                                ) from None
    except yaml.YAMLError as exc:
        raise ObservationsError([Problem(Position(name, 1, 1), f"not valid YAML: {exc}")]) \
            from None
    except RecursionError:
        raise ObservationsError([Problem(deep_nesting(text, name), "nested too deeply",
                                         "records are a list of flat mappings")]) from None
    finally:
        if loader is not None:
            loader.dispose()
