"""Results kept in order without holding a large catalog's in memory.

A catalog of N products gives a few results per product and rule. A ``ResultLog`` keeps
the last ``KEEP`` it was given in memory and writes older ones, in batches, to an
anonymous temporary file (deleted when the log is, or when the process ends); iterating
reads them back one batch at a time, so memory does not grow with the catalog. Below
``KEEP`` nothing is written. ``Results`` chains several collections into one, in order,
with some positions replaced (``checks.causes``), without copying them.

The temporary file holds pickles this process wrote for itself: it is never read from
anywhere else.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import IO

from cohesion_cli.domain import Result

KEEP = 1024
"""Results a log holds in memory before it writes the oldest to disk."""
CHUNK = 128
"""Results written, and read back, together: reading a log holds one chunk at a time."""


class _Readable(Collection[Result]):
    """What both collections answer by reading themselves through."""

    def __contains__(self, item: object) -> bool:
        return any(result == item for result in self)

    def __reduce__(self) -> tuple[type[list[Result]], tuple[list[Result]]]:
        """Sent to another process as a plain list (a log's file stays here)."""
        return list, (list(self),)


class ResultLog(_Readable):
    """An append-only, re-iterable list of results that spills to disk past ``keep``."""

    def __init__(self, results: Iterable[Result] = (), *, keep: int | None = None) -> None:
        self._keep = max(1, KEEP if keep is None else keep)
        self._memory: list[Result] = []
        self._file: IO[bytes] | None = None
        self._batches: list[int] = []
        """Where each written batch starts in the file."""
        self._written = 0
        self.extend(results)

    def append(self, result: Result) -> None:
        self._memory.append(result)
        if len(self._memory) >= self._keep:
            self._spill()

    def extend(self, results: Iterable[Result]) -> None:
        for result in results:
            self.append(result)

    def _spill(self) -> None:
        if self._file is None:  # closed, and so deleted, with the log
            self._file = tempfile.TemporaryFile(prefix="cohesion-results-")  # noqa: SIM115
        self._file.seek(0, os.SEEK_END)
        for start in range(0, len(self._memory), CHUNK):
            self._batches.append(self._file.tell())
            pickle.dump(self._memory[start:start + CHUNK], self._file,
                        protocol=pickle.HIGHEST_PROTOCOL)
        self._written += len(self._memory)
        self._memory = []

    def __iter__(self) -> Iterator[Result]:
        """Every result in order: at least those there when the reading started."""
        batches, memory, file = list(self._batches), self._memory, self._file
        for offset in batches:
            assert file is not None
            file.seek(offset)
            yield from pickle.load(file)  # held until read through: one chunk at a time
        yield from list(memory)

    def __len__(self) -> int:
        return self._written + len(self._memory)


class Results(_Readable):
    """``parts`` one after the other, the result at position i replaced by ``replaced[i]``
    when there is one."""

    def __init__(self, parts: Sequence[Collection[Result]],
                 replaced: Mapping[int, Result] | None = None) -> None:
        self._parts = list(parts)
        self._replaced = dict(replaced or {})

    def __iter__(self) -> Iterator[Result]:
        index = 0
        for part in self._parts:
            for result in part:
                yield self._replaced.get(index, result)
                index += 1

    def __len__(self) -> int:
        return sum(len(part) for part in self._parts)
