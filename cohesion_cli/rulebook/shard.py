"""CI sharding: which share of a rulebook's documents ``check --shard K/N`` reads.

A document belongs to shard ``1 + sha256(key) mod N``. Its key is what the rulebook says of
it (channel, role, product, location), with the two parts that differ between machines
written as they are in the rulebook: the address of the run's local server
(``{serve_url}``) and the rulebook's own folder. The same rulebook therefore gives every
machine, in any order, the same split, and merging the shards' facts gives the facts of a
full run (``cohesion merge``).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from cohesion_cli import __version__
from cohesion_cli.rulebook.loader import LoadedRulebook
from cohesion_cli.rulebook.plan import DocumentSpec

_SHARD = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")
MAX_SHARDS = 10_000


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (1-based) of ``count``."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``K/N`` with 1 <= K <= N; ValueError with what is wrong otherwise."""
        match = _SHARD.fullmatch(text)
        if match is None:
            raise ValueError(f"--shard takes K/N (e.g. 2/3: the second of three shards), "
                             f"not {text!r}")
        index, count = int(match[1]), int(match[2])
        if count < 1 or count > MAX_SHARDS:
            raise ValueError(f"--shard {text}: the number of shards must be 1 to {MAX_SHARDS}")
        if not 1 <= index <= count:
            raise ValueError(f"--shard {text}: the shard number must be 1 to {count}")
        return cls(index, count)

    def holds(self, key: str) -> bool:
        return of(key, self.count) == self.index

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def of(key: str, count: int) -> int:
    """The shard (1-based, of ``count``) a document key belongs to."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return 1 + int.from_bytes(digest[:8], "big") % count


def document_key(spec: DocumentSpec, serve_url: str, base_dir: Path) -> str:
    """The document's identity, the same on every machine (see the module's docstring)."""
    location = spec.location
    served = serve_url.rstrip("/")
    if served and location.startswith(served):
        location = "{serve_url}" + location[len(served):]
    elif not location.startswith(("http://", "https://")):
        with contextlib.suppress(ValueError):  # a file outside the folder keeps its path
            location = Path(location).relative_to(base_dir).as_posix()
    return "\x1f".join((spec.channel, spec.role, spec.product or "", location))


def rulebook_digest(loaded: LoadedRulebook) -> str:
    """sha256 of what decides a run's documents and verdicts: the cohesion version, the
    rulebook's settings and its catalog (not where the rulebook lives)."""
    digest = hashlib.sha256(f"{__version__}\x1e".encode())
    digest.update(loaded.model.model_dump_json().encode("utf-8"))
    for product in loaded.products:
        digest.update(b"\x1e" + product.model_dump_json().encode("utf-8"))
    return digest.hexdigest()
