"""Process exit codes. A contract: never renumber once released. Each command's ``--help``
lists the ones it uses (the texts at the end of this module)."""

OK = 0
"""No finding at or above ``--fail-on``."""
FINDINGS = 1
"""At least one finding at or above ``--fail-on``."""
USAGE = 2
"""Usage error or invalid rulebook."""
UNREADABLE = 3
"""A channel could not be read or evaluated, and nothing reached exit code 1."""
INTERNAL = 4
"""Internal error: an unexpected exception (a bug); the crash log's path is printed."""

EXIT_CODES = """\b
Exit codes:
  0  no finding at or above --fail-on
  1  divergent or missing findings at or above --fail-on (and nothing else)
  2  usage error or invalid rulebook, or a history file that is damaged or
     was written by a newer cohesion (it is left as it is)
  3  a channel could not be read or evaluated (and nothing at 1)
  4  internal error: a bug in cohesion (the crash log's path is printed)"""

REPORT_EXIT_CODES = """\b
Exit codes:
  0, 1, 3  the exit code the saved check had
  2        usage error, or RESULT is not a cohesion JSON report
  4        internal error: a bug in cohesion (the crash log's path is printed)"""

VALIDATE_EXIT_CODES = """\b
Exit codes:
  0  the rulebook is valid
  2  the rulebook has problems (each printed as file:line:col)
  3  a channel could not be read: the rulebook is valid, but a file a channel
     reads from disk is missing ('check' exits 3 too)
  4  internal error: a bug in cohesion (the crash log's path is printed)"""

MERGE_EXIT_CODES = """\b
Exit codes:
  0, 1, 3  as 'cohesion check' (the verdict of the merged run, with --fail-on)
  2        usage error: a RESULT that is not a shard's, a missing or repeated
           shard, shards of different rulebooks, or a rulebook changed since
  4        internal error: a bug in cohesion (the crash log's path is printed)"""

HISTORY_EXIT_CODES = """\b
Exit codes:
  0  shown
  2  usage error, no history there, or a history that is damaged or was written
     by a newer cohesion (left as it is)
  4  internal error: a bug in cohesion (the crash log's path is printed)"""
