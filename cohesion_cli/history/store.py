"""The history file: an SQLite database (standard library ``sqlite3``), by default
``.cohesion/history.sqlite`` beside the rulebook.

It is opened in WAL mode with full synchronisation, and every run is written in one
``BEGIN IMMEDIATE`` transaction: a run killed at any moment (SIGKILL included) leaves the
file as it was before the run or with the whole run, never half of it, and two runs
writing at once wait for each other (up to ``BUSY_SECONDS``) instead of failing.

The schema carries its version in the ``schema_version`` table; ``MIGRATIONS[i]`` takes a
file from version ``i`` to ``i + 1`` and runs, in one transaction, when an older file is
opened. A file that is not SQLite, is damaged, is another program's database, or was
written by a newer cohesion is refused with a ``HistoryError`` and left untouched.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

from cohesion_cli.userfiles import what_it_is

DEFAULT = Path(".cohesion") / "history.sqlite"
"""Where the history goes, relative to the rulebook's folder."""
BUSY_SECONDS = 60.0
"""How long a run waits for another one writing the same history."""

_V1 = (
    """CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        brand TEXT NOT NULL,
        rulebook TEXT NOT NULL,
        digest TEXT NOT NULL,
        tool TEXT NOT NULL,
        fail_on TEXT NOT NULL,
        score INTEGER,
        exit_code INTEGER NOT NULL,
        findings INTEGER NOT NULL,
        new INTEGER NOT NULL,
        changed INTEGER NOT NULL,
        resolved INTEGER NOT NULL,
        products TEXT NOT NULL
    )""",
    """CREATE TABLE channels (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        position INTEGER NOT NULL,
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        owner TEXT NOT NULL,
        documents INTEGER NOT NULL,
        unreadable INTEGER NOT NULL,
        score INTEGER,
        PRIMARY KEY (run_id, id)
    )""",
    """CREATE TABLE results (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        fingerprint TEXT NOT NULL,
        state TEXT NOT NULL,
        note TEXT NOT NULL,
        rule TEXT NOT NULL,
        channel TEXT NOT NULL,
        subject TEXT NOT NULL,
        outcome TEXT NOT NULL,
        severity TEXT NOT NULL,
        expected TEXT NOT NULL,
        observed TEXT NOT NULL,
        reason TEXT NOT NULL,
        confidence REAL,
        evidence TEXT,
        position TEXT,
        first_seen TEXT,
        due TEXT,
        status TEXT
    )""",
    "CREATE INDEX results_by_run ON results (run_id, fingerprint)",
)
_V2 = ("ALTER TABLE channels ADD COLUMN weight REAL NOT NULL DEFAULT 1",)
"""Each channel's audience weight (runs recorded before weights existed: 1, all equal)."""
_V3 = (
    # A finding that follows from another (its fingerprint), and a result's measured figures.
    "ALTER TABLE results ADD COLUMN caused_by TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE results ADD COLUMN figures TEXT",
)
"""Links between findings (one cause, one finding) and measured figures (response times)."""
MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2, _V3)
"""``MIGRATIONS[i]``: the statements from schema version ``i`` to ``i + 1``."""


class HistoryError(ValueError):
    """The history file cannot be used; the message says which, why and what to do."""


def latest_version() -> int:
    return len(MIGRATIONS)


CACHE_KIB = 256
"""SQLite's page cache for the history, in KiB."""


@contextlib.contextmanager
def opened(path: Path, *, create: bool) -> Iterator[sqlite3.Connection]:
    """The history at ``path``, migrated to the current schema; with ``create`` a missing
    file (and its folder) is created."""
    _check_path(path, create)
    try:
        connection = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    except sqlite3.Error as exc:
        raise HistoryError(f"cannot open history {path}: {exc}") from None
    try:
        _migrate(connection, path)  # first: refuse a file that is not ours, unchanged
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        # a run of a large catalog writes tens of thousands of rows in one transaction:
        # a small page cache (SQLite's default is 2 MB) keeps that from growing the process
        connection.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        yield connection
    except sqlite3.DatabaseError as exc:
        raise HistoryError(_damaged(path, exc)) from None
    finally:
        connection.close()


@contextlib.contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken at its start so that concurrent runs queue."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _check_path(path: Path, create: bool) -> None:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if not create:
            raise HistoryError(f"no history at {path}: 'cohesion check' records one run each "
                               "time it runs (give the rulebook's folder or --history PATH)"
                               ) from None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryError(f"cannot create the history's folder {path.parent}: "
                               f"{exc.strerror}; choose another with --history PATH, or "
                               "--no-history") from None
        return
    except OSError as exc:
        raise HistoryError(f"cannot open history {path}: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise HistoryError(f"history {path} is {what_it_is(mode)}, not a file: give the path "
                           "of a history file with --history PATH")


def _damaged(path: Path, exc: sqlite3.DatabaseError) -> str:
    if isinstance(exc, sqlite3.OperationalError):
        return (f"cannot use history {path}: {exc}; try again, or give another file with "
                "--history PATH (or --no-history)")
    return (f"history {path} is damaged or not a cohesion history ({exc}); it was left as "
            "it is: move it away to start a new one, or give another file with --history "
            "PATH (or --no-history)")


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    with transaction(connection):
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_version" in tables:
            row = connection.execute("SELECT version FROM schema_version").fetchone()
            version = int(row[0]) if row is not None else 0
        elif tables - {"sqlite_sequence"}:
            raise HistoryError(f"{path} is an SQLite database but not a cohesion history; it "
                               "was left as it is: give another file with --history PATH")
        else:
            connection.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
            version = 0
        if version > latest_version():
            raise HistoryError(f"history {path} was written by a newer cohesion (schema "
                               f"version {version}; this one reads up to {latest_version()})"
                               ": upgrade cohesion, or give another file with --history PATH")
        if version == latest_version():
            return
        for step in MIGRATIONS[version:]:
            for statement in step:
                connection.execute(statement)
        connection.execute("DELETE FROM schema_version")
        connection.execute("INSERT INTO schema_version (version) VALUES (?)",
                           (latest_version(),))
