"""The register of hostile inputs: one entry per attack, each proved by named tests.

Each ``tests/test_hostile_<area>.py`` module defines ``ATTACKS``, a tuple of ``Attack``;
``tests/test_hostile_doc.py`` checks that every named test exists and writes the
"Hostile inputs" section of docs/RELIABILITY.md from the register.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Attack:
    item: int
    """Its number in the attack list of the reliability issue (1-24); several may share one."""
    name: str
    """Short name, unique in the register."""
    attack: str
    """How the input is produced, in one or two sentences."""
    outcome: str
    """What cohesion does with it now (what the tests assert), in one or two sentences."""
    tests: tuple[str, ...]
    """Names of the test functions, in the same module, that fail when the outcome breaks."""
