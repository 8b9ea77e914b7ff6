"""``csv``: one row per finding, for spreadsheets (Excel, LibreOffice, Google Sheets).

Columns, in this order (the header row uses these names)::

    severity, outcome, channel, channel_owner, subject, product_name, rule, expected,
    observed, reason, evidence_excerpt, evidence_locator, evidence_source, fingerprint,
    rulebook_line, first_seen, due, status

With ``channel_owner``, ``due`` and ``status`` (``new``, ``open``, ``changed``, ``overdue``;
dates as ISO ``YYYY-MM-DD``) the rows are the action plan for a client's tracker.
Findings come worst first; those below the minimum severity are left out. ``rulebook_line``
is the line of the rulebook where the rule behind the finding is defined (empty when
unknown). Severity and outcome are the same codes as in the JSON output (``critical``,
``divergent``...), so filters and scripts work whatever the language of the report.

The file opens cleanly in spreadsheets: UTF-8 with a byte-order mark (so Excel does not
guess Windows-1252), rows end with CRLF, cells are quoted only when needed. Cells that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@`` or a tab) get a
leading ``'``: text copied from a channel can never execute. Control characters but newline
and tab (a carriage return, escape sequences) are shown as ``\\x0d``-style escapes.

With the decimal-comma option (Brazilian spreadsheets) cells are separated by ``;`` and
decimal numbers in ``expected``, ``observed`` and ``reason`` are written with a comma
(``R$ 399.90`` → ``R$ 399,90``, ``US$ 1,299.90`` → ``US$ 1.299,90``). Version-like and
date-like numbers (``1.2.3``, ``v2.1``, ``14.05.2025``), URLs and paths are left as they
are; excerpts are evidence and are never changed.

When the output goes to a file opened by Python, open it with ``newline=""`` so that CRLF
stays CRLF.
"""

from __future__ import annotations

import csv
import re
from typing import IO

from cohesion_cli.domain import Result
from cohesion_cli.output.base import RenderOptions, shown
from cohesion_cli.output.printable import printable
from cohesion_cli.triage.report import Report

NAME = "csv"
COLUMNS = (
    "severity", "outcome", "channel", "channel_owner", "subject", "product_name", "rule",
    "expected", "observed", "reason", "evidence_excerpt", "evidence_locator",
    "evidence_source", "fingerprint", "rulebook_line", "first_seen", "due", "status",
)
MAX_CELL = 32_000
"""Spreadsheets hold at most 32,767 characters in a cell; longer text is cut."""

_FORMULA_START = ("=", "+", "-", "@", "\t")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)\.(\d+)(?![\w.]|,\d|-[^\W\d_])")
_ADDRESS = re.compile(r"[/\\@]|^www\.", re.IGNORECASE)


def render(report: Report, out: IO[str], options: RenderOptions) -> None:
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";" if options.decimal_comma else ",",
                        lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for finding in shown(report, options):
        writer.writerow([guard(cell) for cell in row(report, finding, options.decimal_comma)])


def row(report: Report, f: Result, decimal_comma: bool = False) -> list[str]:
    """The cells of one finding, before the formula guard."""
    owners = {c.id: c.owner for c in report.channels}
    position = f.position
    number = decimal_comma_numbers if decimal_comma else _same
    ev = f.evidence
    tracked = report.tracking.get(f.fingerprint)
    return [
        f.severity.label, f.outcome.value, f.channel, owners.get(f.channel, ""), f.subject,
        report.subjects.get(f.subject, ""), f.rule, number(f.expected), number(f.observed),
        number(f.reason), ev.excerpt if ev else "", ev.locator if ev else "",
        ev.source if ev else "", f.fingerprint, str(position.line) if position else "",
        tracked.first_seen if tracked else "", tracked.due if tracked else "",
        tracked.status if tracked else "",
    ]


def guard(cell: str) -> str:
    """Make a cell safe from formula injection and short enough for a spreadsheet, with
    control characters shown (``printable``)."""
    cell = printable(cell)
    if len(cell) > MAX_CELL:
        cell = cell[:MAX_CELL - 1] + "…"
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def decimal_comma_numbers(text: str) -> str:
    """Write decimal numbers with a comma: ``R$ 1,299.90`` → ``R$ 1.299,90``.

    Only numbers with exactly one decimal point are changed; words holding a ``/``, ``\\``
    or ``@`` (URLs, paths, e-mail addresses) are left alone, and so are numbers glued to
    letters (``v2.1``) or with several dots (``1.2.3``, ``14.05.2025``, IP addresses).
    """
    words = re.split(r"(\s+)", text)
    return "".join(w if _ADDRESS.search(w) else _NUMBER.sub(_swap, w) for w in words)


def _swap(match: re.Match[str]) -> str:
    return f"{match.group(1).replace(',', '.')},{match.group(2)}"


def _same(text: str) -> str:
    return text
