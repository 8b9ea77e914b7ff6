"""Loading a rulebook with the channel kinds' own rules: the loader commands use."""

from __future__ import annotations

from cohesion_cli.channels.kinds import KINDS
from cohesion_cli.rulebook.loader import LoadedRulebook, load_rulebook


def load(target: str | None, *, check_files: bool = False) -> LoadedRulebook:
    """``rulebook.loader.load_rulebook`` with the registry of kinds: each channel is also
    checked by its kind's validation hook."""
    return load_rulebook(target, kinds=KINDS, check_files=check_files)
