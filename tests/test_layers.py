"""The package is layered and nothing imports upward (imports inside functions included):

domain -> rulebook -> extract -> channels -> checks -> triage -> history -> output -> engine
-> commands -> cli. docs/ARCHITECTURE.md describes each layer."""

from __future__ import annotations

import ast
from pathlib import Path

import cohesion_cli

PACKAGE = Path(cohesion_cli.__file__).parent
LAYERS: list[set[str]] = [
    {"", "domain", "money", "secrets", "exitcodes", "atomic", "userfiles", "format_names",
     "ruleinfo", "message", "visitscores", "contacts", "commerce"},
    {"rulebook"},
    {"extract"},
    {"channels"},
    {"checks"},
    {"triage"},
    {"history"},
    {"output"},
    {"engine", "workers", "worklist", "cluster"},
    {"commands"},
    {"cli", "__main__"},
]


def _layer(module: str) -> int:
    """Layer of a dotted module name inside the package (``cohesion_cli.x.y`` -> x)."""
    top = module.split(".")[1] if "." in module else ""
    for index, names in enumerate(LAYERS):
        if top in names:
            return index
    raise AssertionError(f"cohesion_cli.{top} is in no layer: add it to LAYERS in "
                         "tests/test_layers.py and to docs/ARCHITECTURE.md")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names if a.name.startswith("cohesion_cli")}
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            if node.level:
                raise AssertionError(f"{path}: use absolute imports")
            if node.module == "cohesion_cli":
                names |= {f"cohesion_cli.{a.name}" for a in node.names
                          if (PACKAGE / a.name).is_dir() or (PACKAGE / f"{a.name}.py").is_file()}
                names.add("cohesion_cli")
            elif node.module.startswith("cohesion_cli."):
                names.add(node.module)
    return names


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_every_module_has_a_layer() -> None:
    for path in PACKAGE.rglob("*.py"):
        _layer(_module(path))


def test_nothing_imports_upward() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module(path)
        for imported in _imports(path):
            if _layer(imported) > _layer(module):
                upward.append(f"{module} imports {imported}")
    assert upward == [], "imports from a higher layer:\n" + "\n".join(upward)


def test_output_reads_only_the_report() -> None:
    """The formats know rules and kinds only through what the report carries."""
    for path in (PACKAGE / "output").rglob("*.py"):
        for imported in _imports(path):
            assert not imported.startswith(("cohesion_cli.checks", "cohesion_cli.rulebook",
                                            "cohesion_cli.channels")), (path.name, imported)



def test_no_module_above_350_lines() -> None:
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 350}
    assert long == {}
