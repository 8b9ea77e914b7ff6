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
price-parser should find (``currency``) and the amount. Their sign is mapped to ISO 4217
with cohesion's own table (``currency_of``). Examples that pass a decimal-separator hint
test a feature cohesion does not have (the hint changes the answer: "$..75,333" is 0.75333
with "." and 75.333 with ",") and are skipped.

Groups, scored with :mod:`cohesion_cli.extract.money`:

- **currency in the string** (the expected sign is written in ``price_raw``): the first
  amount :func:`find_money` reads must have the expected amount and currency. Wrong
  currencies are counted apart, as are signs missing from cohesion's table.
- **currency in the hint only**: :func:`parse_amount` on ``price_raw`` with the hint's
  currency as the default.
- **bare numbers** (no currency expected): the text scanner must *not* read a price in them
  (``find_money`` finds nothing); how often ``parse_amount``, which reads bare numbers for
  locator results, gets their amount is printed too.
- **no price** (no amount expected, a currency or not), **zero amount** ("$0.00", "Free!";
  cohesion does not take a zero for a price) and **no number written** (a sign alone,
  such as "KShs", labelled with an amount of 1 to test sign detection): ``find_money`` must
  find nothing.

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

from cohesion_cli.extract.money import currency_of, find_money, parse_amount

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


def iso(sign: str) -> str | None:
    """Their sign as an ISO code through cohesion's table; None when the table lacks it."""
    code = currency_of(sign.strip(), NO_CURRENCY)
    return None if code == NO_CURRENCY else code


def hint_currency(hint: str | None) -> str:
    if not hint:
        return NO_CURRENCY
    hits = find_money(hint, NO_CURRENCY)
    if hits and hits[0].currency != NO_CURRENCY:
        return hits[0].currency
    words = (iso(word) for word in re.split(r"[\s/:()]+", hint) if word)
    return next((code for code in words if code), NO_CURRENCY)


def score(example: Example) -> tuple[str, str]:
    """(group, outcome) of one example."""
    text = example.text or ""
    if example.amount is None:
        return "no price", "ok" if not find_money(text, NO_CURRENCY) else "read a price"
    if not any(c.isdigit() for c in text):  # "KShs" labelled 1: a test of the sign alone
        return "no number written", "ok" if not find_money(text, NO_CURRENCY) else "read a price"
    if example.amount == 0:  # "$0.00", "Free!": the text scanner reads no price in a zero
        return "zero amount", "ok" if not find_money(text, NO_CURRENCY) else "read a price"
    if example.sign is None:
        return "bare number", "ok" if not find_money(text, NO_CURRENCY) else "read as a price"
    expected = iso(example.sign)
    if example.sign in text:
        hits = find_money(text, NO_CURRENCY)
        group, hit = "currency in the string", hits[0] if hits else None
    else:
        group, hit = "currency in the hint", parse_amount(text, hint_currency(example.hint))
    if expected is None:
        return group, f"sign not in our table: {example.sign}"
    if hit is None:
        return group, "nothing read"
    if hit.amount != example.amount:
        return group, "wrong amount"
    return group, "ok" if hit.currency == expected else "wrong currency"


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
    bare_amounts = Counter[bool]()
    for example in usable:
        group, outcome = score(example)
        outcomes.setdefault(group, Counter())[outcome] += 1
        if outcome != "ok":
            misses.setdefault((group, outcome.split(":")[0]), []).append(example)
        if group == "bare number":
            hit = parse_amount(example.text or "", NO_CURRENCY)
            bare_amounts[hit is not None and hit.amount == example.amount] += 1
    print(f"{'group':24s} {'n':>5s} {'ok':>5s} {'share':>7s}  other outcomes")
    for group, counts in sorted(outcomes.items()):
        total = sum(counts.values())
        rest = ", ".join(f"{k} {v}" for k, v in counts.most_common() if k != "ok")
        print(f"{group:24s} {total:5d} {counts['ok']:5d} {counts['ok'] / total:7.1%}  {rest}")
    for group in ("currency in the string", "currency in the hint"):
        counts = outcomes.get(group, Counter())
        known = sum(v for k, v in counts.items() if not k.startswith("sign not in our table"))
        if known:
            print(f"{group}, sign in cohesion's table: {counts['ok']}/{known} "
                  f"({counts['ok'] / known:.1%})")
    right = bare_amounts[True]
    print(f"\nbare numbers read by parse_amount (locator results) with the right amount: "
          f"{right}/{sum(bare_amounts.values())}")
    for (group, outcome), found in sorted(misses.items()):
        print(f"\n{group} — {outcome} ({len(found)}):")
        for example in found[: args.show]:
            print(f"  {example.text!r:48s} hint={example.hint!r} expected={example.amount} "
                  f"{example.sign}  [{example.group}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
