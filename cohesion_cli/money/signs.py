"""The currency table (:mod:`.currencies`) as regular expressions, for the money scanner.

Built once at import. A sign starting with a letter must start a word and a sign ending with
one must end it ("Largeur 19", "EUROPA 12" hold no currency); a symbol may touch a word
("184,20 €HT", "meals$65.94"), except "$" right after a capital, which ends a longer sign
("R$" in "−R$ 10"). The alternations are prefix trees behind one character-class test, so
that the scanner tries them at a few positions of a page, not at every one.
"""

from __future__ import annotations

import re

from cohesion_cli.money.currencies import (
    AFTER_ONLY,
    BEFORE_STYLE,
    CODES,
    EXACT_SIGNS,
    FOLDED_CODES,
    SIGNS,
    WORD_CODES,
)

LETTER = r"[^\W\d_]"
"""One letter, of any script."""


def _trie(signs: set[str], fold: bool) -> str:
    """One alternation shaped as a prefix tree, longer signs first: the regex engine then
    tries a few first characters at each position instead of every sign. ``fold``: ignoring
    case (a scoped flag; characters without case still let the engine skip fast)."""
    def tree(found: set[str]) -> str:
        heads: dict[str, set[str]] = {}
        for sign in found:
            heads.setdefault(sign[0], set()).add(sign[1:])
        branches = []
        for head, tails in sorted(heads.items()):
            rest = tree({t for t in tails if t}) if any(tails) else ""
            if rest and ("" in tails or "|" in rest):
                rest = f"(?:{rest})" + ("?" if "" in tails else "")
            branches.append(re.escape(head) + rest)
        return "|".join(branches)

    if not signs:
        return ""
    return f"(?i:{tree({s.lower() for s in signs})})" if fold else tree(signs)


def _signs(after: bool) -> tuple[set[str], set[str]]:
    """(signs matched ignoring case, signs matched as written) allowed before/after a number.
    Before a number, a sign starting with a letter is read as written or in capitals ("EUR",
    "R$", "r$", "kr", "KR"; not "eur"): lower-case words start most positions of a page."""
    folded = {s for s in SIGNS if after or s not in AFTER_ONLY} | set(FOLDED_CODES)
    exact = {s for s in EXACT_SIGNS if after or s not in AFTER_ONLY} | set(CODES)
    if after:
        return folded, exact | WORD_CODES
    words = {s for s in folded if s[0].isalpha()}
    return folded - words, exact | words | {s.upper() for s in words}


def _pattern(folded: set[str], exact: set[str]) -> str:
    """Signs as a regex. A sign starting with a letter must start a word; every sign must end
    one. Letter-initial signs are tried only where a word starts with a possible first
    letter, so the prefix trees run at a few positions of a page, not at every one."""
    def initial(signs: set[str], letter: bool) -> set[str]:
        return {s for s in signs if s[0].isalpha() == letter}

    def firsts(fold: set[str], keep: set[str]) -> str:
        chars = {c for s in fold for c in (s[0].lower(), s[0].upper())} | {s[0] for s in keep}
        return "".join(sorted(re.escape(c) for c in chars))

    def tries(fold: set[str], keep: set[str]) -> str:
        """Signs ending with a letter first, and only where a word ends ("EUR" is not the
        start of "EUROPA"); a symbol may touch a word ("184,20 €HT")."""
        parts = []
        for letter in (True, False):
            found = [_trie({s for s in signs if s[-1].isalpha() == letter}, fold)
                     for signs, fold in ((fold, True), (keep, False))]
            alternation = "|".join(t for t in found if t)
            if alternation:
                parts.append(f"(?:{alternation})(?!{LETTER})" if letter else alternation)
        return "|".join(parts)

    lf, le, sf, se = (initial(folded, True), initial(exact, True), initial(folded, False),
                      initial(exact, False))
    branches = [rf"(?<!{LETTER})(?=[{firsts(lf, le)}])(?:{tries(lf, le)})"] if lf | le else []
    # "$" after a capital is the end of a sign ("R$" in "−R$ 10"), never a sign of its own
    branches += [rf"(?<![A-Z])(?=[{firsts(sf, se)}])(?:{tries(sf, se)})"] if sf | se else []
    return f"(?:{'|'.join(branches)})"


def _post() -> str:
    """After a number; a sign usually written first ("R$", "$", "£") and followed by another
    number belongs to that number: "Cine 2.1 R$ 2.499,00" is R$ 2.499,00."""
    folded, exact = _signs(after=True)
    bound = {s for s in folded | exact if s in BEFORE_STYLE or "$" in s}
    return (rf"(?:{_pattern(folded - bound, exact - bound)}"
            rf"|{_pattern(folded & bound, exact & bound)}(?!\s{{0,4}}:?\s{{0,4}}\.?\d))")


BEFORE = _pattern(*_signs(after=False))
"""A currency written before an amount."""
AFTER = _post()
"""A currency written after an amount."""
BEFORE_STARTS = "".join(sorted({re.escape(c) for signs in _signs(after=False) for s in signs
                                for c in (s[0], s[0].upper())}))
"""Every first character of BEFORE, for a character class."""
SHARED_CODES = _trie({c for table in (SIGNS, EXACT_SIGNS) for codes in table.values()
                      if " " in codes for c in codes.split()}, False)
"""Codes of currencies that share a sign ("$", "kr"): "$1,190.00 AUD" is AUD."""
