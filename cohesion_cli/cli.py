"""Command line: parses options and wires parts. No logic lives here.

Heavy modules are imported inside each command so ``cohesion --help`` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from cohesion_cli import __version__
from cohesion_cli.commands.guard import CACHE_DIR, Guarded
from cohesion_cli.domain import MIN_CONFIDENCE
from cohesion_cli.exitcodes import (
    EXIT_CODES,
    HISTORY_EXIT_CODES,
    MERGE_EXIT_CODES,
    REPORT_EXIT_CODES,
    VALIDATE_EXIT_CODES,
)
from cohesion_cli.format_names import FORMAT_NAMES

LEVELS = ("info", "low", "medium", "high", "critical")
@click.group(cls=Guarded, epilog=EXIT_CODES,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cohesion")
def main() -> None:
    """Find where a brand's channels disagree on prices, deadlines and policies.

    Write the brand's rules in cohesion.yaml (see README), then run
    'cohesion validate' and 'cohesion check'.
    """


def _verdict_options(function: Callable[..., None]) -> Callable[..., None]:
    """Options shared by the commands that decide a run's verdict (check, merge)."""
    options = [
        click.option("--fail-on", type=click.Choice([*LEVELS, "never"]), default="low",
                     show_default=True, help="Lowest severity of a divergent or missing "
                                             "finding that makes the exit code 1."),
        click.option("--no-color", is_flag=True, help="Plain output (also: NO_COLOR=1)."),
        click.option("--baseline", type=click.Path(dir_okay=False), metavar="FILE",
                     help="Leave out findings recorded in FILE by 'cohesion baseline'; only "
                          "new findings are reported and fail the run."),
        click.option("--suppressions", type=click.Path(dir_okay=False), metavar="FILE",
                     help="YAML file of accepted findings, each with a reason, an owner and "
                          "an optional expiry (see README)."),
        click.option("--history", "history", type=click.Path(dir_okay=False), metavar="PATH",
                     help="SQLite file that records every run, to say what changed since the "
                          "last one [default: .cohesion/history.sqlite beside the rulebook]."),
        click.option("--no-history", is_flag=True,
                     help="Do not record this run nor compare it with the last one."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _render_options(function: Callable[..., None]) -> Callable[..., None]:
    """Options shared by every command that renders a report."""
    options = [
        click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default=None,
                     help="Format on standard output [default: table; github inside GitHub "
                          "Actions]."),
        click.option("--output", "outputs", multiple=True, metavar="FORMAT=PATH",
                     help="Also write FORMAT to PATH (repeatable), e.g. "
                          "--output html=out/report.html --output sarif=out/cohesion.sarif."),
        click.option("--min-severity", type=click.Choice(LEVELS), default="info",
                     show_default=True,
                     help="Leave findings below this severity out of the listings (counts "
                          "and exit code still include them)."),
        click.option("--lang", type=click.Choice(["en", "pt-BR", "pt-PT"]), default=None,
                     help="Language of the reports for people (table, markdown, html; "
                          "amounts, deadlines and dates as it writes them) [default: the "
                          "rulebook's locale]."),
        click.option("--decimal-comma", is_flag=True,
                     help="csv: ';' between cells and decimal commas, for pt-BR spreadsheets."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@main.command(epilog=EXIT_CODES)
@click.argument("path", required=False)
@_render_options
@_verdict_options
@click.option("--details", is_flag=True,
              help="table: list each finding's evidence (excerpt, reason, source) below it.")
@click.option("--archive", type=click.Path(file_okay=False), metavar="DIR",
              help="Store every document read in DIR (HTTP answers as WARC) with its "
                   "retrieval time, status and sha256.")
@click.option("--replay", type=click.Path(exists=True, file_okay=False), metavar="DIR",
              help="Read documents from an archive made with --archive instead of the "
                   "channels: no network is used.")
@click.option("--ignore-robots", is_flag=True,
              help="Do not honour robots.txt (only for sites you own or may audit).")
@click.option("--cache-dir", type=click.Path(file_okay=False), metavar="DIR",
              help="On-disk cache for conditional requests and extraction results "
                   "[default: $XDG_CACHE_HOME/cohesion or ~/.cache/cohesion].")
@click.option("--no-cache", is_flag=True,
              help="Read every document in full and extract it again.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option("--insecure", is_flag=True,
              help="Do not verify TLS certificates (a warning is printed; never in CI).")
@click.option("--shard", metavar="K/N",
              help="Read only the K-th of N shares of the documents, run no rule, record no "
                   "history: combine the N --format json results with 'cohesion merge'.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local",
              show_default=True,
              help="Where documents are read and extracted: this machine, or a Dask cluster "
                   "(extra [dask]; see --scheduler and the README).")
@click.option("--scheduler", metavar="ADDRESS",
              help="The Dask scheduler for --executor dask, e.g. tcp://10.0.0.5:8786 "
                   "[default: DASK_SCHEDULER_ADDRESS].")
def check(path: str | None, fmt: str | None, outputs: tuple[str, ...], min_severity: str,
          lang: str | None, decimal_comma: bool, fail_on: str, no_color: bool, details: bool,
          baseline: str | None,
          suppressions: str | None, archive: str | None, replay: str | None,
          ignore_robots: bool, cache_dir: str | None, no_cache: bool, quiet: bool,
          insecure: bool, history: str | None, no_history: bool, shard: str | None,
          executor: str, scheduler: str | None) -> None:
    """Read every channel of the rulebook and report inconsistencies.

    PATH is a rulebook file or a folder holding cohesion.yaml (default: the
    current folder).
    """
    from cohesion_cli.commands.check import CheckArgs, run_check

    click.get_current_context().meta[CACHE_DIR] = cache_dir

    sys.exit(run_check(CheckArgs(
        path=path, fmt=fmt, fail_on=fail_on, min_severity=min_severity, no_color=no_color,
        archive=archive, replay=replay, ignore_robots=ignore_robots, outputs=outputs, lang=lang,
        decimal_comma=decimal_comma, baseline=baseline, suppressions=suppressions,
        cache_dir=cache_dir, no_cache=no_cache, quiet=quiet, insecure=insecure,
        history=history, no_history=no_history, details=details, shard=shard,
        executor=executor, scheduler=scheduler,
    )))


@main.command(epilog=REPORT_EXIT_CODES)
@click.argument("result", type=click.Path(dir_okay=False))
@_render_options
def report(result: str, fmt: str | None, outputs: tuple[str, ...], min_severity: str,
           lang: str | None, decimal_comma: bool) -> None:
    """Re-render RESULT (saved by 'cohesion check --format json') in other formats,
    without reading the channels again. Exits with the code the check had."""
    from cohesion_cli.commands.report import run_report

    sys.exit(run_report(result, fmt=fmt, outputs=outputs, min_severity=min_severity, lang=lang,
                        decimal_comma=decimal_comma))


@main.command(epilog=MERGE_EXIT_CODES)
@click.argument("results", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--rulebook", type=click.Path(), metavar="PATH",
              help="The rulebook the shards checked [default: the path they recorded].")
@_render_options
@_verdict_options
def merge(results: tuple[str, ...], rulebook: str | None, **options: Any) -> None:
    """Combine every shard's 'cohesion check --shard K/N --format json' result into the
    report of the full run, in any format: the rules run here over what all shards read.
    Reads no channel, but the rulebook the shards checked; records the run in the history.
    """
    from cohesion_cli.commands.merge import MergeArgs, run_merge

    sys.exit(run_merge(MergeArgs(results=results, rulebook=rulebook, **options)))


HISTORY_OPTION = click.option(
    "--history", "history", type=click.Path(dir_okay=False), metavar="FILE",
    help="The history file [default: .cohesion/history.sqlite beside the rulebook].")


@main.command(epilog=HISTORY_EXIT_CODES)
@click.argument("path", required=False)
@HISTORY_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
def history(path: str | None, history: str | None, fmt: str) -> None:
    """List the runs 'cohesion check' recorded, newest first: date, cohesion score, findings,
    new, changed and resolved ones, and each channel's score trend.

    PATH is the rulebook, its folder (default: the current one) or a history file.
    """
    from cohesion_cli.commands.history import run_history

    sys.exit(run_history(path, history, fmt))


@main.command(epilog=HISTORY_EXIT_CODES)
@click.argument("path", required=False)
@HISTORY_OPTION
@click.option("--from", "old", type=int, metavar="RUN",
              help="The earlier run (a number 'cohesion history' shows) [default: the run "
                   "before --to].")
@click.option("--to", "new", type=int, metavar="RUN",
              help="The later run [default: the latest].")
@_render_options
def diff(path: str | None, history: str | None, old: int | None, new: int | None,
         fmt: str | None, outputs: tuple[str, ...], min_severity: str, lang: str | None,
         decimal_comma: bool) -> None:
    """Show what changed between two recorded runs: the new and changed findings of the
    later run, and the findings of the earlier run it found resolved, in any report format.

    PATH is the rulebook, its folder (default: the current one) or a history file. Reads
    no channel: only the history.
    """
    from cohesion_cli.commands.history import render_options, run_diff

    sys.exit(run_diff(path, history, old, new, fmt, outputs,
                      render_options(min_severity, lang, decimal_comma)))


@main.command()
@click.argument("path", required=False)
@click.option("--output", "-o", default="cohesion-baseline.json", show_default=True,
              type=click.Path(dir_okay=False), help="Baseline file to write.")
def baseline(path: str | None, output: str) -> None:
    """Record the current findings' fingerprints, so that 'check --baseline FILE'
    reports only new findings (gradual adoption on a noisy brand)."""
    from cohesion_cli.commands.check import run_baseline

    sys.exit(run_baseline(path, output=output))


@main.command(epilog=VALIDATE_EXIT_CODES)
@click.argument("paths", nargs=-1, metavar="[PATH]...")
def validate(paths: tuple[str, ...]) -> None:
    """Check rulebooks without reading any channel.

    Reports every problem as file:line:col with a hint. PATH is a rulebook or a folder
    holding cohesion.yaml (default: the current folder); several may be given (as the
    pre-commit hook does), the exit code is then the worst.
    """
    from cohesion_cli.commands.validate import run_validate_all

    sys.exit(run_validate_all(paths))


@main.command()
def schema() -> None:
    """Print the rulebook's JSON Schema (for editor completion; see README)."""
    from cohesion_cli.rulebook.schema import rulebook_schema_text

    click.echo(rulebook_schema_text(), nl=False)


@main.command()
@click.argument("source")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--currency", help="Currency of amounts written without one "
              "[default: from --locale: pt-BR BRL, en-US USD, en-GB GBP, ...].")
@click.option("--locale", default="pt-BR", show_default=True, help="Language of the text.")
@click.option("--sku", help="The product the page is about (to pick it among several).")
@click.option("--timeout", type=click.FloatRange(0.1, 300), default=15.0, show_default=True,
              help="Seconds to wait for a URL (per connection and read).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=MIN_CONFIDENCE,
              show_default=True,
              help="Confidence the main price needs; below it the candidates are listed.")
@click.option("--render", type=click.Choice(["http", "browser"]), default="http",
              show_default=True,
              help="How a URL is read: as the server sends it, or in headless Chromium after "
                   "its scripts ran (for prices written by JavaScript; needs the [browser] "
                   "extra and a Chromium, see README).")
def extract(source: str, fmt: str, currency: str | None, locale: str, sku: str | None,
            timeout: float, min_confidence: float, render: str) -> None:
    """Show every fact cohesion reads from one document, before any rule.

    SOURCE is a file path, an http(s) URL, or '-' for text on standard input.
    Every price carries a confidence (0-1) that it is the page's main price.
    --locale picks the language patterns: pt-BR, pt-PT, en, es (others: all).
    Exit 0 when read (even with no facts), 2 on usage errors, 3 when the source
    could not be read or is not a text document (PDF, image, archive...), 4 on an
    internal error (a bug; the crash log's path is printed).
    """
    from cohesion_cli.commands.extract import run_extract

    sys.exit(run_extract(source, fmt=fmt, currency=currency, locale=locale, sku=sku,
                         timeout=timeout, min_confidence=min_confidence, render=render))


@main.command()
def rules() -> None:
    """List the checks cohesion runs, with what each one verifies."""
    from cohesion_cli.commands.rules import run_rules

    sys.exit(run_rules())


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--set", "answers", multiple=True, metavar="FIELD=VALUE",
              help="Answer a field without being asked (repeatable), e.g. --set channel=telefone.")
@click.option("--rulebook", type=click.Path(), metavar="PATH",
              help="Rulebook whose catalog the product SKU must be in [default: the "
                   "cohesion.yaml in the folder of PATH or above it].")
def record(path: str, answers: tuple[str, ...], rulebook: str | None) -> None:
    """Record one mystery-shopper observation (phone call, store visit) in PATH.

    Asks for each field (who, when, where, channel, product, quoted price, installments,
    deadline, policy, notes, attachments), shows a summary and appends the record to the
    YAML or CSV file, creating it when missing. The file is written atomically.
    The visit itself and the questionnaire's answers are given with --set: type,
    wait_minutes, duration_minutes, checklist and score ("saudacao: sim; sondagem: não").
    """
    from cohesion_cli.commands.record import run_record

    given: dict[str, str] = {}
    for item in answers:
        field, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not FIELD=VALUE", param_hint="--set")
        given[field.strip()] = value
    sys.exit(run_record(path, answers=given or None, rulebook=rulebook))


@main.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option("--from", "source", metavar="URL",
              help="Read the shop at URL (robots.txt, sitemaps, product pages' structured "
                   "data) and write its products and terms, each marked 'to confirm'.")
@click.option("--max-pages", type=click.IntRange(1, 1000), default=50, show_default=True,
              help="With --from: pages read at most (besides robots.txt and sitemaps).")
def init(folder: str, force: bool, source: str | None, max_pages: int) -> None:
    """Start an engagement in FOLDER: a starter cohesion.yaml that runs as written, a catalog
    CSV and an observations file; with --from URL, read from the shop (exit 3: no product
    page could be read)."""
    from cohesion_cli.commands.init import run_init
    from cohesion_cli.commands.init_from import run_init_from

    sys.exit(run_init_from(folder, source, max_pages=max_pages, force=force) if source
             else run_init(folder, force=force))
