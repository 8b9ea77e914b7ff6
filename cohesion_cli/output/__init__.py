"""Output formats: one module each, named after the format, with ``NAME`` and
``render(report, out, options)``; the module docstring documents the format. Register a new
one in ``cohesion_cli.format_names.FORMAT_NAMES``. ``FORMATS`` imports a format's module
when it is first used, so a run pays only for the renderers it writes with."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, MutableMapping
from typing import IO, Protocol, cast

from cohesion_cli.format_names import FORMAT_NAMES
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.triage.report import Report


class Format(Protocol):
    NAME: str

    def render(self, report: Report, out: IO[str], options: RenderOptions) -> None: ...


class _Registry(MutableMapping[str, Format]):
    """The formats by name, each module imported on first use."""

    def __init__(self, names: Iterable[str]) -> None:
        self._names = list(names)
        self._loaded: dict[str, Format] = {}

    def __getitem__(self, name: str) -> Format:
        if name not in self._loaded:
            if name not in self._names:
                raise KeyError(name)
            self._loaded[name] = cast(Format, importlib.import_module(f"{__name__}.{name}"))
        return self._loaded[name]

    def __setitem__(self, name: str, module: Format) -> None:
        if name not in self._names:
            self._names.append(name)
        self._loaded[name] = module

    def __delitem__(self, name: str) -> None:
        self._names.remove(name)
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


FORMATS: MutableMapping[str, Format] = _Registry(FORMAT_NAMES)
