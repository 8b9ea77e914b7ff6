"""Process exit codes. A contract: never renumber once released."""

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
