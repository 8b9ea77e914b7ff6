from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import click

from cohesion_cli import exitcodes
from cohesion_cli.channels import rulebook
from cohesion_cli.channels.transport.archive import ArchiveError
from cohesion_cli.channels.transport.cache import default_folder
from cohesion_cli.cluster import ClusterError, on_cluster
from cohesion_cli.commands.common import print_problems
from cohesion_cli.commands.conclude import conclude
from cohesion_cli.commands.crash import REDACT
from cohesion_cli.commands.emit import (
    OutputSpecError,
    check_outputs,
    parse_outputs,
    stdout_format,
)
from cohesion_cli.commands.progress import progress_bar
from cohesion_cli.commands.recording import history_file
from cohesion_cli.domain import Severity
from cohesion_cli.engine import RunOptions, redactor, run
from cohesion_cli.history.store import HistoryError
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.rulebook.loader import LoadedRulebook
from cohesion_cli.rulebook.problems import RulebookError
from cohesion_cli.rulebook.shard import Shard
from cohesion_cli.triage.baseline import (
    BaselineError,
    read_baseline,
    write_baseline,
)
from cohesion_cli.triage.report import Report
from cohesion_cli.triage.suppressions import load_suppressions
from cohesion_cli.userfiles import UserFileError, check_writable_file, check_writable_folder

INSECURE_WARNING = (
    "WARNING: --insecure: TLS certificates are NOT verified. Anyone on the network path can "
    "change what cohesion reads; do not use the results as evidence."
)


@dataclass(frozen=True, kw_only=True)
class CheckArgs:
    path: str | None
    fmt: str | None = None
    fail_on: str = "low"
    min_severity: str = "info"
    no_color: bool = False
    archive: str | None = None
    replay: str | None = None
    ignore_robots: bool = False
    outputs: tuple[str, ...] = ()
    lang: str | None = None
    """None: the rulebook's locale."""
    details: bool = False
    decimal_comma: bool = False
    baseline: str | None = None
    suppressions: str | None = None
    cache_dir: str | None = None
    no_cache: bool = False
    quiet: bool = False
    insecure: bool = False
    history: str | None = None
    no_history: bool = False
    shard: str | None = None
    executor: str = "local"
    scheduler: str | None = None


def run_check(args: CheckArgs) -> int:
    if args.archive and args.replay and Path(args.archive).resolve() == Path(args.replay).resolve():
        click.echo("cohesion: --archive and --replay must be different folders", err=True)
        return exitcodes.USAGE
    if args.scheduler and args.executor != "dask":
        click.echo("cohesion: --scheduler is used only with --executor dask", err=True)
        return exitcodes.USAGE
    try:
        shard = _shard(args)
    except ValueError as exc:
        click.echo(f"cohesion: {exc}", err=True)
        return exitcodes.USAGE
    try:
        outputs = parse_outputs(args.outputs)
        check_outputs(outputs)
        if shard is not None and "json" not in (stdout_format(args.fmt), *(n for n, _ in outputs)):
            raise OutputSpecError("--shard writes what it read for 'cohesion merge': add "
                                  "--format json or --output json=PATH")
        if args.archive:
            check_writable_folder(Path(args.archive), "--archive folder")
        loaded = rulebook.load(args.path)
        known = read_baseline(Path(args.baseline)) if args.baseline else None
        silenced = load_suppressions(Path(args.suppressions)) if args.suppressions else None
        history = history_file(loaded, args.history, args.no_history or shard is not None or (
            args.replay is not None and args.history is None))  # a replay is not a new round
    except (OutputSpecError, BaselineError, UserFileError, HistoryError) as exc:
        click.echo(f"cohesion: {exc}", err=True)
        return exitcodes.USAGE
    except RulebookError as exc:
        print_problems(exc.problems)
        return exitcodes.USAGE
    print_problems(loaded.warnings)
    context = click.get_current_context(silent=True)
    if context is not None:  # a crash from here on masks the rulebook's secrets
        context.meta[REDACT] = redactor(loaded)
    if args.insecure:
        click.secho(INSECURE_WARNING, err=True, fg="red", bold=True)
    try:
        report = _report(loaded, args, shard)
    except ArchiveError as exc:  # raised before any channel is read
        click.echo(f"cohesion: {exc}", err=True)
        return exitcodes.USAGE
    except ClusterError as exc:
        click.echo(f"cohesion: {exc}", err=True)
        return exc.exit_code
    return conclude(report, loaded, known=known, silenced=silenced, history=history,
                    fmt=args.fmt, outputs=outputs, options=RenderOptions(
                        min_severity=Severity.parse(args.min_severity),
                        color=False if args.no_color else None, lang=args.lang,
                        decimal_comma=args.decimal_comma, details=args.details))


def _shard(args: CheckArgs) -> Shard | None:
    """The --shard asked for (ValueError with what is wrong); a shard's findings are
    decided by 'cohesion merge', so the options that act on findings go there."""
    if args.shard is None:
        return None
    shard = Shard.parse(args.shard)
    for given, name in ((args.baseline, "--baseline"), (args.suppressions, "--suppressions")):
        if given:
            raise ValueError(f"{name} acts on the merged findings: give it to 'cohesion merge', "
                             "not to 'check --shard'")
    return shard


def _report(loaded: LoadedRulebook, args: CheckArgs, shard: Shard | None = None) -> Report:
    cache = None if args.no_cache else Path(args.cache_dir) if args.cache_dir \
        else default_folder()
    with _executor(args) as executor, progress_bar(enabled=not args.quiet) as advance:
        return run(loaded, RunOptions(
            fail_on=None if args.fail_on == "never" else Severity.parse(args.fail_on),
            respect_robots=not args.ignore_robots,
            archive=Path(args.archive) if args.archive else None,
            replay=Path(args.replay) if args.replay else None,
            cache=cache,
            progress=advance,
            verify_tls=not args.insecure,
            shard=shard,
        ), executor)


@contextlib.contextmanager
def _executor(args: CheckArgs) -> Iterator[Executor | None]:
    """None: the engine's own local pool; with ``--executor dask``, the cluster's (the
    client is closed after the run)."""
    if args.executor != "dask":
        yield None
        return
    with on_cluster(args.scheduler) as jobs:
        yield jobs


def run_baseline(path: str | None, output: str) -> int:
    """Write the fingerprints of the current findings to ``output``."""
    try:
        check_writable_file(Path(output), "baseline")
        loaded = rulebook.load(path)
    except UserFileError as exc:
        click.echo(f"cohesion: {exc}", err=True)
        return exitcodes.USAGE
    except RulebookError as exc:
        print_problems(exc.problems)
        return exitcodes.USAGE
    report = _report(loaded, CheckArgs(path=path))
    try:
        count = write_baseline(report, Path(output))
    except OSError as exc:
        click.echo(f"cohesion: cannot write baseline {output}: {exc.strerror}", err=True)
        return exitcodes.USAGE
    click.echo(f"✓ {count} finding(s) written to {output}; 'cohesion check --baseline {output}'"
               " now reports only new ones")
    return exitcodes.OK
