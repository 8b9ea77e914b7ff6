"""Score ``cohesion extract`` against a folder of labelled documents.

Usage::

    python bench/accuracy.py [FOLDER ...] [--split dev|test|both]   # default: tests/corpus/pages

Several folders are scored together. Documents whose label names a ``site`` (the real-shop
corpus in ``tests/corpus/real``) belong to the **dev** or the **test** split, fixed by the
site's name before any tuning (see ``split_of``). Only the dev split is printed unless
``--split test`` or ``--split both`` is given: tune on dev; the test split is looked at
only to report. Documents without a site are scored as one group.

FOLDER holds the documents and a ``labels.yaml`` (format in ``tests/corpus/README.md``). For
each labelled document the script runs, with the running interpreter::

    python -m cohesion_cli extract FILE --format json --currency C --locale L [--sku SKU]

and scores three fields. Each field of each document gives an *expected* value (the label)
and a *got* value (what the tool output, or nothing):

- **main price**: got is the amount of the fact with ``kind == "price"`` and ``main == true``
  (its currency must equal the label's); when there is none but ``ambiguous_candidates`` is
  not empty, got is "ambiguous". Expected is the label's ``main_price``, or "ambiguous" when
  the label says ``ambiguous: true``. So on an ambiguous page, reporting ambiguity instead of a
  price is correct, and picking one of the prices is wrong.
- **deadline**: got is the list of ``deadline`` facts. A fact *matches* the label when its
  ``max_days`` equals the label's and, where the label gives them (not null), its
  ``business_days`` and ``min_days`` are equal too. A fact *contradicts* the label when its
  ``max_days`` differs, or a ``business_days`` / ``min_days`` differs where both the fact and
  the label give one. The page's deadline is correct when at least one fact matches and none
  contradicts.
- **return window**: likewise with the ``return_window`` facts' ``days``.

Counting, per field over all documents:

- true positive (TP): a value was output and it is correct;
- false positive (FP): a value was output and it is wrong, or the label is null;
- false negative (FN): the label has a value and it was not output, or output wrong.

A wrong value therefore counts once as FP and once as FN; a page labelled null with nothing
output counts in none. Among the main-price false positives, those that are a price (not
"ambiguous") are counted apart: a check would turn them into false divergences.
precision = TP / (TP + FP), recall = TP / (TP + FN),
F1 = 2PR / (P + R); each is 0 when its denominator is 0.

A document the tool cannot read (non-zero exit, bad JSON) counts as "nothing output".
Exit status: 0 after scoring (whatever the scores), 2 when FOLDER or its labels.yaml cannot
be read.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

FIELDS = ("main_price", "deadline", "return_window")
AMBIGUOUS = "ambiguous"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, output: bool, correct: bool, labelled: bool) -> None:
        if output:
            if correct and labelled:
                self.tp += 1
            else:
                self.fp += 1
        if labelled and not (output and correct):
            self.fn += 1

    def metrics(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f1


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)
    wrong_prices: int = 0
    """Main-price false positives that are a price (a check would compare it: a false
    divergence), as opposed to "ambiguous" where the page has one price (unverifiable)."""


def run_extract(path: Path, label: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    cmd = [sys.executable, "-m", "cohesion_cli", "extract", str(path), "--format", "json",
           "--currency", str(label.get("currency") or "BRL"),
           "--locale", str(label.get("locale") or "pt-BR")]
    if label.get("sku"):
        cmd += ["--sku", str(label["sku"])]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"error: {exc}"
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or [""])[-1]
        return None, f"error: exit {proc.returncode}: {last[:100]}"
    try:
        return json.loads(proc.stdout), ""
    except json.JSONDecodeError as exc:
        return None, f"error: bad JSON ({exc})"


def _dec(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def got_price(out: dict[str, Any]) -> tuple[Decimal | str | None, str]:
    """(value, display); value is an amount, AMBIGUOUS or None."""
    mains = [f for f in out.get("facts", []) if f.get("kind") == "price" and f.get("main")]
    if mains:
        fact = mains[0]
        return _dec(fact.get("amount")), f"{fact.get('amount')} {fact.get('currency')}"
    if out.get("ambiguous_candidates"):
        amounts = ", ".join(str(f.get("amount")) for f in out["ambiguous_candidates"])
        return AMBIGUOUS, f"ambiguous ({amounts})"
    return None, "-"


def score_price(label: dict[str, Any], out: dict[str, Any] | None) -> tuple[bool, bool, str]:
    """(output, correct, display)."""
    if out is None:
        return False, False, "-"
    value, shown = got_price(out)
    if value is None:
        return False, False, shown
    if label.get("ambiguous"):
        return True, value == AMBIGUOUS, shown
    expected = _dec(label.get("main_price")) if label.get("main_price") is not None else None
    mains = [f for f in out.get("facts", []) if f.get("kind") == "price" and f.get("main")]
    currency_ok = not mains or mains[0].get("currency") == label.get("currency")
    return True, expected is not None and value == expected and currency_ok, shown


def _conflict(a: Any, b: Any) -> bool:
    return a is not None and b is not None and a != b


def score_deadline(want: dict[str, Any] | None, facts: list[dict[str, Any]]
                   ) -> tuple[bool, bool, str]:
    shown = "; ".join(show_deadline(f) for f in facts) or "-"
    if not facts or not want:
        return bool(facts), False, shown
    keys = ("business_days", "min_days")
    matches = [f for f in facts if f.get("max_days") == want["max_days"]
               and all(want.get(k) is None or f.get(k) == want[k] for k in keys)]
    contradicts = [f for f in facts if f.get("max_days") != want["max_days"]
                   or any(_conflict(f.get(k), want.get(k)) for k in keys)]
    return True, bool(matches) and not contradicts, shown


def score_returns(want: int | None, facts: list[dict[str, Any]]) -> tuple[bool, bool, str]:
    days = [f.get("days") for f in facts]
    shown = ", ".join(str(d) for d in days) or "-"
    return bool(days), want is not None and bool(days) and all(d == want for d in days), shown


def show_deadline(value: dict[str, Any] | None) -> str:
    """'2-5 business', '10 calendar', '7 days' (business/calendar not stated)."""
    if not value:
        return "-"
    business = value.get("business_days")
    unit = "days" if business is None else "business" if business else "calendar"
    low = f"{value['min_days']}-" if value.get("min_days") is not None else ""
    return f"{low}{value.get('max_days')} {unit}"


def evaluate(folder: Path, labels: list[dict[str, Any]]) -> Report:
    report = Report()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        outputs = list(pool.map(lambda lb: run_extract(folder / str(lb["file"]), lb), labels))
    for label, (out, error) in zip(labels, outputs, strict=True):
        name = str(label["file"])
        facts = out.get("facts", []) if out else []
        of = {k: [f for f in facts if f.get("kind") == k] for k in ("deadline", "return_window")}
        want_price = AMBIGUOUS if label.get("ambiguous") else label.get("main_price")
        results = {
            "main_price": (score_price(label, out), want_price is not None,
                           str(want_price) if want_price is not None else "-"),
            "deadline": (score_deadline(label.get("deadline"), of["deadline"]),
                         bool(label.get("deadline")), show_deadline(label.get("deadline"))),
            "return_window": (score_returns(label.get("return_window"), of["return_window"]),
                              label.get("return_window") is not None,
                              str(label.get("return_window") or "-")),
        }
        for name_field, ((output, correct, got), labelled, expected) in results.items():
            report.scores[name_field].add(output, correct, labelled)
            if name_field == "main_price" and output and not (correct and labelled) \
                    and not got.startswith(AMBIGUOUS):
                report.wrong_prices += 1
            if (output and not (correct and labelled)) or (labelled and not correct):
                report.misses.append((name, name_field, expected, error or got))
    return report


def render(report: Report, documents: int) -> str:
    lines = [f"{documents} documents", "",
             f"{'field':<14}{'TP':>4}{'FP':>4}{'FN':>4}{'precision':>11}{'recall':>8}{'F1':>7}"]
    for name, score in report.scores.items():
        p, r, f1 = score.metrics()
        lines.append(f"{name:<14}{score.tp:>4}{score.fp:>4}{score.fn:>4}"
                     f"{p:>11.2f}{r:>8.2f}{f1:>7.2f}")
    lines += ["", f"main price: {report.wrong_prices} of the false positives are a wrong price "
              "given as the main price (a check would report a false divergence); the others "
              "are 'ambiguous' (unverifiable)"]
    lines += ["", f"misses ({len(report.misses)}):"]
    if report.misses:
        width = max(len(m[0]) for m in report.misses)
        lines.append(f"  {'file':<{width}}  {'field':<14}{'expected':<22}got")
        lines += [f"  {f:<{width}}  {k:<14}{e:<22}{g if len(g) <= 90 else g[:89] + '…'}"
                  for f, k, e, g in report.misses]
    return "\n".join(lines)


def split_of(label: dict[str, Any]) -> str:
    """``test`` for two sites in five (by a hash of the site's name), ``dev`` for the rest;
    ``all`` for documents without a site. A site's pages are never split across the two."""
    site = label.get("site")
    if not site:
        return "all"
    bucket = int(hashlib.sha256(str(site).encode("utf-8")).hexdigest()[:8], 16) % 5
    return "test" if bucket < 2 else "dev"


def _labels(folder: Path) -> list[dict[str, Any]]:
    labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
    if not isinstance(labels, list):
        raise ValueError("labels.yaml must be a list of documents")
    return [{**label, "file": str(folder / str(label["file"]))} for label in labels]


def main(argv: list[str]) -> int:
    only = "dev"
    if "--split" in argv:
        at = argv.index("--split")
        only = argv[at + 1] if at + 1 < len(argv) else ""
        argv = argv[:at] + argv[at + 2:]
        if only not in ("dev", "test", "both"):
            print("accuracy: --split takes dev, test or both", file=sys.stderr)
            return 2
    folders = [Path(a) for a in argv] or [Path("tests/corpus/pages")]
    labels: list[dict[str, Any]] = []
    for folder in folders:
        try:
            labels += _labels(folder)
        except (OSError, ValueError, KeyError, yaml.YAMLError) as exc:
            print(f"accuracy: cannot read {folder}: {exc}", file=sys.stderr)
            return 2
    groups: dict[str, list[dict[str, Any]]] = {}
    for label in labels:
        groups.setdefault(split_of(label), []).append(label)
    for name in ("all", "dev", "test"):
        if name not in groups or (name not in ("all", only) and only != "both"):
            continue
        print(f"== {name} ==" if name != "all" else "== documents without a site ==")
        print(render(evaluate(Path("."), groups[name]), len(groups[name])))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
