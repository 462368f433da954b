"""Number tokens in a line of text: where each printed number stands, and which look like amounts.

The review page uses them twice: to place a fact on its own number where the reader gave it only the
row's box, and to count the amount-shaped numbers of a page that became no fact (where the tool
stayed silent). Both work on plain strings with character offsets, so the PDF pages (pdfium's text
with a box per character) and the text renditions (their lines) share them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kommunrapport.normalize.numbers import MINUS
from kommunrapport.normalize.vocab import load_vocab

# What counts as amount-shaped, with its documented defaults.
AMOUNT_SETTINGS: dict = {
    # an unsigned, ungrouped number with fewer digits is a count, a day or a footnote, not an amount
    # (unless a money word follows it: '5 mnkr')
    "min_digits": 3,
    # a bare four-digit number in this range is a year, not an amount (and six digits a year and month)
    "years": (1900, 2100),
}

_GROUP = " \u00a0\u202f\u2009"
_MINUS = re.escape(MINUS)
_TOKEN = re.compile(
    rf"(?<![\w.,:/{_MINUS}+])"                       # not the tail of a word, a date, an identifier
    rf"(?P<sign>[{_MINUS}+](?=\d))?"
    rf"(?P<int>\d{{1,3}}(?:[{_GROUP}]\d{{3}})+(?!\d)|\d+)"
    r"(?P<frac>[.,]\d+)?"
    rf"(?!\w|[.,:/{_MINUS}]\d)"                      # nor the head of one ('2023-08-31', '3a')
)
_AFTER = re.compile(r"[\s\u00a0\u202f]*(%|[^\W\d_]+(?:\.[^\W\d_]+)*)")


@dataclass(frozen=True)
class NumberToken:
    start: int              # character offsets into the line or page text
    end: int
    text: str
    key: str                # the number without spaces, one minus sign: '-69731', '1,07'
    amount_shaped: bool


def number_key(text: str) -> str:
    """'−69 731' and '-69\u00a0731' alike: the comparison form of a printed number."""
    s = re.sub(f"[{_GROUP}]", "", text)
    s = re.sub(f"[{_MINUS}]", "-", s)
    return s.lstrip("+")


def number_keys(text: str | None) -> set[str]:
    """Every number printed in a fact's raw text (a cell, a sentence)."""
    return {t.key for t in tokens(text or "")}


def tokens(text: str, settings: dict | None = None) -> list[NumberToken]:
    """The numbers of one line of text, each marked amount-shaped or not."""
    cfg = {**AMOUNT_SETTINGS, **(settings or {})}
    found = []
    for m in _TOKEN.finditer(text):
        after = _AFTER.match(text, m.end())
        found.append((m, _shape(m, after.group(1).lower() if after else "", cfg)))
    # a short plain number among the numbers of a table row ('Budgetavvikelse 93 1 070') is an amount
    # like its neighbours; in a sentence it is a count or a day
    row = _row_like(text, [m for m, _ in found]) and any(shape is True for _, shape in found)
    return [NumberToken(m.start(), m.end(), m.group(0), number_key(m.group(0)),
                        shape is True or (shape is None and row))
            for m, shape in found]


def _shape(m: re.Match, next_word: str, cfg: dict) -> bool | None:
    """True: amount-shaped; False: a percentage or a year; None: a short plain number (row decides)."""
    if next_word == "%" or next_word.startswith(_percent_words()):
        return False
    if next_word in _money_words():
        return True
    signed, grouped = bool(m.group("sign")), bool(re.search(f"[{_GROUP}]", m.group("int")))
    if signed or grouped:
        return True
    digits = m.group("int")
    first, last = cfg["years"]
    if not m.group("frac") and _is_year(digits, first, last):
        return False
    return True if len(digits) >= cfg["min_digits"] else None


def _is_year(digits: str, first: int, last: int) -> bool:
    """'2024', or a year and a month run together as in a column header ('201711')."""
    if len(digits) == 4:
        return first <= int(digits) <= last
    return len(digits) == 6 and first <= int(digits[:4]) <= last and 1 <= int(digits[4:]) <= 12


def _row_like(text: str, matches: list[re.Match]) -> bool:
    """Two or more numbers and no words after the first of them: the numbers of a table row."""
    if len(matches) < 2:
        return False
    rest = text[matches[0].start():]
    return sum(ch.isalpha() for ch in rest) <= 3


@cache
def _money_words() -> frozenset[str]:
    words = set()
    for entry in load_vocab("units").values():
        if isinstance(entry, dict):
            words.update(w.lower() for w in entry.get("synonyms", []) if " " not in w)
    return frozenset(words)


@cache
def _percent_words() -> tuple[str, ...]:
    return tuple(w.lower() for w in load_vocab("finance").get("money", {}).get("percent_words", []))
