"""The command group's guard: how a run ends when something other than a result ends it.
Light on purpose (``cohesion --help`` imports it)."""

from __future__ import annotations

import atexit
import functools
import gc
import os
import sys
from typing import Any

import click

CACHE_DIR = "cohesion.cache_dir"
"""Key of ``--cache-dir`` in the click context's meta: where a crash log goes."""
INTERRUPTED = 130
"""Exit code after Ctrl-C (128 + SIGINT), as shells report it."""
PIPE_CLOSED = 141
"""Exit code when the reader of the output went away, e.g. ``cohesion check | head``
(128 + SIGPIPE, as shells report it)."""


class Guarded(click.Group):
    """Runs a command; an unexpected exception becomes one line, a crash log and exit
    code 4, an interruption (Ctrl-C) exit code 130: never 1, which means a divergence."""

    def invoke(self, ctx: click.Context) -> Any:
        _quick_exit()
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("\ncohesion: interrupted", err=True)
            sys.exit(INTERRUPTED)
        except BrokenPipeError:
            # nothing more can be written; stdout is pointed at /dev/null so that the
            # interpreter's final flush does not fail too
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(PIPE_CLOSED)
        except Exception as exc:
            from cohesion_cli.commands.crash import REDACT, report_crash

            sys.exit(report_crash(exc, ctx.meta.get(CACHE_DIR), ctx.meta.get(REDACT, str)))


@functools.cache
def _quick_exit() -> None:
    """At exit, the interpreter's last garbage collection walks every object a large run
    made (50-100 ms after a 1,000-page check): they are frozen first, and freed by their
    reference counts as the modules are torn down. Registered once per process."""
    atexit.register(gc.freeze)
