"""``cohesion merge RESULT.json…``: one report from the results of ``check --shard K/N``.

Each shard read and extracted its share of the documents and ran no rule. The merge checks
that the results are every shard of one split, made from the same rulebook by the same
extractor, puts their documents back in the order a full run reads them, and runs every
rule once over all of them: rules that compare channels or pages with each other (prices
agreed by most channels, store-wide policies) see exactly what a full run sees, so the
findings are those of a full run. The rulebook is read again (by default from the path the
shards recorded) for the rules and must be the one the shards checked. Like ``check``, the
merged run is recorded in the history (the shards record nothing).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from cohesion_cli import exitcodes
from cohesion_cli.channels import rulebook
from cohesion_cli.channels.kinds import over_http
from cohesion_cli.checks.stream import Checker, product_major
from cohesion_cli.checks.visits import score_visits
from cohesion_cli.commands.common import print_problems
from cohesion_cli.commands.conclude import conclude
from cohesion_cli.commands.emit import (
    OutputSpecError,
    check_outputs,
    parse_outputs,
)
from cohesion_cli.commands.recording import history_file
from cohesion_cli.domain import Severity, Snapshot
from cohesion_cli.extract.portable import document_from_dict
from cohesion_cli.extract.result import Extraction
from cohesion_cli.history.store import HistoryError
from cohesion_cli.output.base import RenderOptions
from cohesion_cli.output.printable import printable
from cohesion_cli.rulebook.loader import LoadedRulebook
from cohesion_cli.rulebook.plan import plan
from cohesion_cli.rulebook.problems import RulebookError
from cohesion_cli.rulebook.shard import document_key, of, rulebook_digest
from cohesion_cli.triage.assemble import channel_data, checked, engaged
from cohesion_cli.triage.baseline import BaselineError, read_baseline
from cohesion_cli.triage.report import Report
from cohesion_cli.triage.suppressions import load_suppressions
from cohesion_cli.userfiles import UserFileError, read_text

MAX_RESULT_BYTES = 2 * 1024 ** 3
"""Largest shard result read (a shard of a large catalog carries every page's facts)."""
SERVE_URL = "{serve_url}"


class MergeError(ValueError):
    """The results are not the complete shards of one run."""


@dataclass(frozen=True, kw_only=True)
class MergeArgs:
    results: tuple[str, ...]
    rulebook: str | None = None
    fmt: str | None = None
    outputs: tuple[str, ...] = ()
    fail_on: str = "low"
    min_severity: str = "info"
    lang: str = "en"
    decimal_comma: bool = False
    no_color: bool = False
    baseline: str | None = None
    suppressions: str | None = None
    history: str | None = None
    no_history: bool = False


def run_merge(args: MergeArgs) -> int:
    try:
        outputs = parse_outputs(args.outputs)
        check_outputs(outputs)
        shards = [_shard(path) for path in args.results]
        _complete(shards)
        loaded = rulebook.load(args.rulebook or shards[0][1]["rulebook"])
        known = read_baseline(Path(args.baseline)) if args.baseline else None
        silenced = load_suppressions(Path(args.suppressions)) if args.suppressions else None
        history = history_file(loaded, args.history, args.no_history)
        report = merged(loaded, shards, None if args.fail_on == "never"
                        else Severity.parse(args.fail_on))
    except (OutputSpecError, UserFileError, MergeError, BaselineError, HistoryError) as exc:
        click.echo(printable(f"cohesion: {exc}"), err=True)
        return exitcodes.USAGE
    except RulebookError as exc:
        print_problems(exc.problems)
        return exitcodes.USAGE
    return conclude(report, loaded, known=known, silenced=silenced, history=history,
                    fmt=args.fmt, outputs=outputs, options=RenderOptions(
                        min_severity=Severity.parse(args.min_severity),
                        color=False if args.no_color else None, lang=args.lang,
                        decimal_comma=args.decimal_comma))


Loaded = tuple[str, dict[str, Any]]
"""A result file's name and its JSON object."""


def _shard(path: str) -> Loaded:
    text = read_text(Path(path), "shard result", limit=MAX_RESULT_BYTES)
    try:
        data = json.loads(text)
    except ValueError:
        raise MergeError(f"{path} is not a cohesion JSON result (it is not JSON); write one "
                         "with 'cohesion check --shard K/N --format json > FILE'") from None
    shard = data.get("shard") if isinstance(data, dict) else None
    if not isinstance(shard, dict) or not isinstance(data.get("rulebook"), str):
        raise MergeError(f"{path} is not the result of a shard: write one with 'cohesion check "
                         "--shard K/N --format json > FILE' (a full run needs no merge)")
    try:
        index, count = int(shard["index"]), int(shard["count"])
        typed = all(isinstance(shard[k], str) for k in ("rulebook_digest", "extractor")) \
            and isinstance(shard["documents"], list)
    except (KeyError, TypeError, ValueError) as exc:
        raise MergeError(f"{path}: damaged shard result ({type(exc).__name__}: {exc})") from None
    if not typed or not 1 <= index <= count:
        raise MergeError(f"{path}: damaged shard result (shard {index}/{count})")
    return path, data


def _complete(shards: list[Loaded]) -> None:
    """Every shard of one split, once, from one rulebook and one extractor."""
    first_path, first = shards[0]
    head = first["shard"]
    for path, data in shards[1:]:
        shard = data["shard"]
        if shard["count"] != head["count"]:
            raise MergeError(f"{path} is shard {shard['index']}/{shard['count']} but "
                             f"{first_path} is {head['index']}/{head['count']}: the results "
                             "come from different splits")
        if shard["rulebook_digest"] != head["rulebook_digest"]:
            raise MergeError(f"{path} and {first_path} checked different rulebooks (or "
                             "catalogs, or cohesion versions): run every shard on the same "
                             "commit")
        if shard["extractor"] != head["extractor"]:
            raise MergeError(f"{path} and {first_path} were read by different builds of "
                             "cohesion: install the same one for every shard")
    seen: dict[int, str] = {}
    for path, data in shards:
        index = data["shard"]["index"]
        if index in seen:
            raise MergeError(f"shard {index}/{head['count']} is given twice ({seen[index]} "
                             f"and {path})")
        seen[index] = path
    missing = [f"{k}/{head['count']}" for k in range(1, head["count"] + 1) if k not in seen]
    if missing:
        raise MergeError(f"missing shard result(s): {', '.join(missing)}; merge needs every "
                         "shard of the split")


def planned_keys(loaded: LoadedRulebook) -> list[str]:
    """The key of every document a full run reads, in the order it reads them (product-major,
    ``checks.stream.product_major``: store-wide results cite the first statement read)."""
    specs = [spec for channel in loaded.model.channels
             for spec in plan(channel, loaded.products, loaded.base_dir, SERVE_URL,
                              over_http=over_http(channel.kind))]
    return [document_key(specs[i], SERVE_URL, loaded.base_dir)
            for i in product_major([spec.product for spec in specs], loaded.products)]


def merged(loaded: LoadedRulebook, shards: list[Loaded], fail_on: Severity | None) -> Report:
    """The report of a full run, from the documents every shard read."""
    head = shards[0][1]["shard"]
    if rulebook_digest(loaded) != head["rulebook_digest"]:
        raise MergeError(f"the rulebook {loaded.path} is not the one the shards checked (it, "
                         "its catalog or the cohesion version changed since): merge with the "
                         "rulebook of the shards' commit (--rulebook PATH)")
    order = {key: position for position, key in enumerate(planned_keys(loaded))}
    documents: dict[str, tuple[Snapshot, list[Extraction]]] = {}
    archived: dict[str, str] = {}
    for path, data in shards:
        shard = data["shard"]
        for item in shard["documents"]:
            try:
                key, snapshot, extractions = document_from_dict(item)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise MergeError(f"{path}: damaged document ({type(exc).__name__}: "
                                 f"{exc})") from None
            if key not in order or of(key, shard["count"]) != shard["index"] \
                    or key in documents or key.split("\x1f")[0] != snapshot.channel:
                raise MergeError(f"{path}: a document that is not its shard's "
                                 f"({snapshot.location}): the result was changed")
            documents[key] = (snapshot, extractions)
        stored = data.get("archived")
        archived.update({str(k): str(v) for k, v in stored.items()} if isinstance(stored, dict)
                        else {})
    absent = [key for key in order if key not in documents]
    if absent:
        raise MergeError(f"{len(absent)} document(s) of the rulebook are in no shard, e.g. "
                         f"{absent[0].split(chr(31))[-1]}: the results are incomplete")
    checker = Checker(loaded.model, loaded.products, list(channel_data(loaded).values()))
    counts = {c.id: [0, 0] for c in loaded.model.channels}
    for key in order:
        snapshot, extractions = documents.pop(key)
        counts[snapshot.channel][0] += 1
        counts[snapshot.channel][1] += snapshot.error is not None
        for extraction in extractions:
            checker.add(extraction)
    results = checker.results()
    serve = loaded.model.serve
    for _, data in shards:  # each shard served the demo folder on a port of its own
        url = data["shard"].get("serve_url")
        if serve is not None and isinstance(url, str) and url:
            results = engaged(results, url, (loaded.base_dir / serve.root).as_posix())
    archives = {data.get("archive") for _, data in shards}
    return checked(loaded, results, counts, fail_on=fail_on, archived=archived,
                   archive=archives.pop() if len(archives) == 1 else None,
                   visits=score_visits(checker.store_context()))
