"""Problems found in a rulebook, each with a file:line:col position and a hint."""

from __future__ import annotations

from dataclasses import dataclass

from cohesion_cli.domain import Position


@dataclass(frozen=True)
class Problem:
    position: Position
    message: str
    hint: str = ""
    level: str = "error"
    """``error`` (makes the rulebook invalid), ``unreadable`` (a file a channel reads
    from disk is missing: the channel could not be read, exit code 3) or ``warning``."""

    def render(self) -> str:
        pos = self.position
        text = f"{pos.file}:{pos.line}:{pos.col}: {self.level}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class RulebookError(Exception):
    """The rulebook could not be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.render() for p in problems))
        self.problems = problems
