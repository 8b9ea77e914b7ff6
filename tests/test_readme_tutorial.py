"""The README's tutorial, run as written: its files come from the README's own code blocks,
its commands run from the folder the tutorial starts in, and what they print is what the
README shows (dates, which follow the day of the run, written as YYYY-MM-DD)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"<!-- tutorial (file|output): (.+?) -->\n```[a-z]*\n(.*?)```", re.S)
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _blocks(kind: str) -> list[tuple[str, str]]:
    return [(target, text) for found, target, text in BLOCK.findall(
        README.read_text(encoding="utf-8")) if found == kind]


def _shown(text: str) -> list[str]:
    return [DATE.sub("YYYY-MM-DD", line.rstrip()) for line in text.strip("\n").splitlines()]


def test_the_tutorial_has_its_files_and_outputs() -> None:
    assert {path for path, _ in _blocks("file")} >= {
        "my-brand/cohesion.yaml", "my-brand/whatsapp/AUR-BRISA.txt"}
    assert [command.split()[:2] for command, _ in _blocks("output")] == [
        ["cohesion", "validate"], ["cohesion", "check"], ["cohesion", "extract"]]


@pytest.mark.parametrize("command", [c for c, _ in _blocks("output")])
def test_the_tutorial_prints_what_the_readme_shows(
    command: str, cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    for path, text in _blocks("file"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shown = dict(_blocks("output"))[command]
    args = shlex.split(command)[1:]
    result = cli(*args)
    assert _shown(result.output) == _shown(shown), result.output
