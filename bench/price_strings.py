"""Score cohesion's money parser on the price strings of price-parser's own test suite.

price-parser (Zyte, BSD licence) ships about 1,100 labelled price strings scraped from real
shops in its tests. They are not copied into this project: download the sdist and pass the
path of its test module::

    pip download --no-deps --no-binary :all: price-parser==0.5.1
    tar xzf price_parser-0.5.1.tar.gz
    python bench/price_strings.py price_parser-0.5.1/tests/test_price_parsing.py [--show N]

The module is read with ``ast`` (never imported or run). Each ``Example(currency_raw,
price_raw, currency, amount_text, amount_float, decimal_separator=...)`` gives a string
(``price_raw``), a hint seen near it on the page (``currency_raw``), the currency sign
price-parser should find (``currency``) and the amount. Examples that pass a decimal-separator hint
test a feature cohesion does not have (the hint changes the answer: the same digits read
one way with "." and another with ",") and are skipped.

Each string is the text of a price element, so it is scored through the **field parser**,
:func:`~cohesion_cli.money.text.parse_price` with ``labelled=True`` (labels and notes
around the amount allowed; signs from the field table, :mod:`cohesion_cli.money.field_signs`).
Their sign is mapped to ISO 4217 with the same table. Groups:

- **currency in the string** (the expected sign is written in ``price_raw``): the amount and
  the currency must be right. Signs missing from the table are counted apart, and so are
  signs several currencies share with no likely one ("L", "K", "som"), which the parser
  leaves unknown when no default currency is given: counted as misses.
- **not an ISO currency** (toman, bitcoin, the historical livre, "¢"; see
  ``field_signs.NOT_CURRENCIES``): no ISO answer is right; the parser must read no price.
  Counted apart, outside the share of the group above.
- **currency in the hint only**: ``parse_price`` on ``price_raw`` with the hint's currency as
  the default.
- **bare numbers** (no currency expected): ``parse_price`` must read the amount and no
  currency; separately, the text scanner must *not* read a price in them.
- **no price** (no amount expected), **zero amount** ("$0.00", "Free!") and **no number
  written** (a sign alone, such as "KShs", labelled with an amount of 1 to test sign
  detection): ``parse_price`` must read no amount above zero.

A second line scores the **text scanner** (:func:`~cohesion_cli.money.text.find_money`,
the strict table used on free page text, where "Size L 40" or "5 KM" are no prices) on the
same currency-in-the-string examples: its first amount must be the expected one.

The suite's lists of known failures (``..._XFAIL...``) are scored like the others: their
labels say what should be read. Exit status 0 whatever the scores (a measurement, not a
gate); 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from cohesion_cli.money.field_signs import field_candidates, not_a_currency, pick
from cohesion_cli.money.text import find_money, parse_price

NO_CURRENCY = "XXX"
"""ISO 4217 for "no currency": the default when neither the string nor the hint gives one."""


@dataclass(frozen=True)
class Example:
    group: str
    hint: str | None
    text: str | None
    sign: str | None
    amount: Decimal | None
    separator: str | None


def _value(node: ast.expr) -> object:
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Decimal":
        return Decimal(ast.literal_eval(node.args[0]))
    return ast.literal_eval(node)


def read_examples(path: Path) -> list[Example]:
    """Every ``Example(...)`` of the module-level lists, in file order."""
    names = ("hint", "text", "sign", "amount_text", "amount", "separator", "group_separator")
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.List)):
            continue
        group = getattr(node.targets[0], "id", "?")
        for call in node.value.elts:
            if not (isinstance(call, ast.Call) and getattr(call.func, "id", "") == "Example"):
                continue
            values = dict(zip(names, map(_value, call.args), strict=False))
            values |= {k.arg or "": _value(k.value) for k in call.keywords}
            values["separator"] = values.get("separator", values.get("decimal_separator"))
            amount = values.get("amount")
            found.append(Example(group, _text(values.get("hint")), _text(values.get("text")),
                                 _text(values.get("sign")),
                                 None if amount is None else Decimal(str(amount)),
                                 _text(values.get("separator"))))
    return found


def _text(value: object) -> str | None:
    return None if value is None else str(value)


UNKNOWN = "?"
"""A sign the field table knows but several currencies share with no likely one."""


def iso(sign: str) -> str | None:
    """Their sign as an ISO code through the field table; UNKNOWN when the sign is shared
    with no likely currency, None when the table lacks it."""
    found = field_candidates(sign.strip())
    return None if found is None else pick(found, None) or UNKNOWN


def hint_currency(hint: str | None) -> str | None:
    if not hint:
        return None
    hits = find_money(hint, NO_CURRENCY)
    if hits and hits[0].currency != NO_CURRENCY:
        return hits[0].currency
    words = (iso(word) for word in re.split(r"[\s/:()]+", hint) if word)
    return next((code for code in words if code and code != UNKNOWN), None)


def field(text: str, default: str | None = None) -> tuple[Decimal, str | None] | None:
    return parse_price(text, default, labelled=True)


def score(example: Example) -> tuple[str, str]:
    """(group, outcome) of one example, read by the field parser."""
    text = example.text or ""
    read = field(text)
    no_price = "ok" if read is None or read[0] == 0 else "read a price"
    if example.amount is None:
        return "no price", no_price
    if not any(c.isdigit() for c in text):  # "KShs" labelled 1: a test of the sign alone
        return "no number written", no_price
    if example.amount == 0:  # "$0.00", "Free!"
        return "zero amount", no_price
    if example.sign is None:
        return "bare number", "ok" if read == (example.amount, None) else "wrong amount"
    if not_a_currency(example.sign):
        return "not an ISO currency", "ok" if read is None else "read a price"
    expected = iso(example.sign)
    if example.sign in text:
        group = "currency in the string"
    else:
        group, read = "currency in the hint", field(text, hint_currency(example.hint))
    if expected is None:
        return group, f"sign not in our table: {example.sign}"
    if read is None:
        return group, "nothing read"
    if read[0] != example.amount:
        return group, "wrong amount"
    if expected == UNKNOWN:
        return group, f"shared sign, currency left unknown: {example.sign}"
    return group, "ok" if read[1] == expected else "wrong currency"


def scanner_ok(example: Example) -> bool:
    """The text scanner's first amount is the expected amount and currency."""
    hits = find_money(example.text or "", NO_CURRENCY)
    return bool(hits) and (hits[0].amount, hits[0].currency) == (example.amount,
                                                               iso(example.sign or ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("suite", type=Path, help="price-parser's tests/test_price_parsing.py")
    parser.add_argument("--show", type=int, default=8, help="failures shown per kind")
    args = parser.parse_args(argv)
    try:
        examples = read_examples(args.suite)
    except (OSError, SyntaxError, ValueError) as exc:
        print(f"price_strings: cannot read {args.suite}: {exc}", file=sys.stderr)
        return 2
    usable = [e for e in examples if e.separator is None]
    print(f"{len(examples)} examples, {len(examples) - len(usable)} skipped "
          "(decimal-separator hint)\n")
    outcomes: dict[str, Counter[str]] = {}
    misses: dict[tuple[str, str], list[Example]] = {}
    scanner = Counter[bool]()
    bare_scanner = Counter[bool]()
    for example in usable:
        group, outcome = score(example)
        outcomes.setdefault(group, Counter())[outcome] += 1
        if outcome != "ok":
            misses.setdefault((group, outcome.split(":")[0]), []).append(example)
        if group == "currency in the string":
            scanner[scanner_ok(example)] += 1
        if group == "bare number":
            bare_scanner[not find_money(example.text or "", NO_CURRENCY)] += 1
    print(f"{'group':24s} {'n':>5s} {'ok':>5s} {'share':>7s}  other outcomes")
    for group, counts in sorted(outcomes.items()):
        total = sum(counts.values())
        rest = ", ".join(f"{k} {v}" for k, v in counts.most_common() if k != "ok")
        print(f"{group:24s} {total:5d} {counts['ok']:5d} {counts['ok'] / total:7.1%}  {rest}")
    counts = outcomes.get("currency in the string", Counter())
    total = sum(counts.values())
    apart = sum(outcomes.get("not an ISO currency", Counter()).values())
    if total:
        print(f"\nfield parser (parse_price, labelled), currency in the string: "
              f"{counts['ok']}/{total} ({counts['ok'] / total:.1%}); "
              f"{apart} strings priced "
              f"in units that are no ISO currency scored apart ({counts['ok']}/{total + apart}, "
              f"{counts['ok'] / (total + apart):.1%}, counting them as misses)")
        print(f"text scanner (find_money, strict table), same strings: "
              f"{scanner[True]}/{total} ({scanner[True] / total:.1%})")
    print(f"bare numbers the text scanner reads no price in: "
          f"{bare_scanner[True]}/{sum(bare_scanner.values())}")
    for (group, outcome), found in sorted(misses.items()):
        print(f"\n{group} — {outcome} ({len(found)}):")
        for example in found[: args.show]:
            print(f"  {example.text!r:48s} hint={example.hint!r} expected={example.amount} "
                  f"{example.sign}  [{example.group}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
