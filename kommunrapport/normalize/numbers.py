"""Swedish number formats -> values, keeping the raw text.

INTERFACE (used by every extractor; extend, don't rename):
    parse_number(text, decimal_mark=None) -> ParsedNumber
        .value: float | None   (None: empty, '-', 'Utfall saknas', or unreadable)
        .ok: bool              (False: text held something number-like that could not be read as ONE
                                number, e.g. '-7 73' or two numbers run together -> warn, don't guess)
        .raw, .is_percent, .comparator ('>=', '>', '<=', '<' or None), .marker ('●' etc. or None)
        .qualifier: the words after the number ('hushåll', '(vård, omsorg och sociala frågor)') or None
        .problem: why a number-like text was not read (ok False), e.g. 'more than 15 digits', or None
    decimal_mark: ',' or '.' when the surrounding table is known to use one (see table_decimal_mark)
    table_decimal_mark(texts) -> ',' | '.' | None
    plausible_amount(sek) -> bool  (an amount in kronor below MAX_AMOUNT_SEK)

Forms read: '16 924', '-137 901', '1 125.1', '857,3', '−3,0', '–0,5', no-break / thin / narrow
spaces between thousands, '8,1%', '8,1 %', '≥81', '>19', '82,2 (vård ...)', '0.0*', '● -55.3',
'2 108 hushåll', '+1,5'. A space-separated thousands group is never a decimal ('1 125' is 1125);
'1,125' or '1.125' (three digits after one mark, no grouping) is a decimal unless the table uses the
other mark as its decimal mark (then it is a thousands separator: 1125).

Implausible forms are not read (ok False, with .problem saying why), never turned into another
number: more than MAX_DIGITS digits (past what a float holds exactly, and past any budget),
exponent and hex forms written against the number ('1e308', '0x1F'), doubled signs ('--5') and
doubled percent marks ('5%%').
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MINUS = "-−–‐‑—"
SPACES = " \u00a0\u202f\u2009\u2007\u2002\u2003\u2004\u2005\u2006\u2008"
MARKERS = "●•◉○◯■□▲▼►◄★☆✓✔✗✘⬤◆◇"
EMPTY = {"", "-", "–", "—", "−", "..", "...", "…", "x", "n/a", "na"}
MAX_DIGITS = 15
# No Swedish public body's budget line reaches a quadrillion kronor (the state's whole budget is
# near 10**12): an amount past this is a misread or a hostile cell, never a fact. It also keeps
# every amount well inside a 64-bit integer, the store's column.
MAX_AMOUNT_SEK = 10**15
NO_VALUE = re.compile(r"(?i)(?:utfall\s+)?saknas|uppgift\s+saknas|ej\s+tillgänglig[t]?|ej\s+aktuell[t]?|"
                      r"ingen\s+uppgift|ej\s+mätt|mäts\s+ej|ej\s+uppmätt")


@dataclass(frozen=True)
class ParsedNumber:
    raw: str
    value: float | None
    ok: bool = True
    is_percent: bool = False
    comparator: str | None = None
    marker: str | None = None
    qualifier: str | None = None
    problem: str | None = None

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.ok


_NUM = re.compile(
    rf"^(?P<sign>[{MINUS}+])?[{SPACES}]?"
    rf"(?P<int>\d{{1,3}}(?:[{SPACES}]\d{{3}})+|\d{{1,3}}(?:\.\d{{3}}){{2,}}|\d+)"
    r"(?:(?P<dec>[.,])(?P<frac>\d+))?$"
)
_LEAD = re.compile(rf"^([{MARKERS}]+)[{SPACES}]*")
_COMPARATOR = re.compile(rf"^(≥|>=|≤|<=|>|<|=)[{SPACES}]*")
_NUMBER_THEN_REST = re.compile(
    rf"^(?P<num>[{MINUS}+]?[{SPACES}]?\d[\d{SPACES}.,]*\d|[{MINUS}+]?[{SPACES}]?\d)"
    rf"[{SPACES}]*(?P<pct>%)?[{SPACES}]*\**[{SPACES}]*(?P<rest>.*)$",
    re.S,
)


def parse_number(text: str | None, decimal_mark: str | None = None) -> ParsedNumber:
    raw = text or ""
    s = _squash(raw)
    if s.lower() in EMPTY or NO_VALUE.fullmatch(s):
        return ParsedNumber(raw, None)
    marker = None
    m = _LEAD.match(s)
    if m:
        marker, s = m.group(1), s[m.end():]
    comparator = None
    m = _COMPARATOR.match(s)
    if m:
        comparator = {"≥": ">=", "≤": "<=", "=": None}.get(m.group(1), m.group(1))
        s = s[m.end():]
    if not re.search(r"\d", s):  # words only ('Genomförd'): no number, and nothing misread
        return ParsedNumber(raw, None, marker=marker)
    m = _NUMBER_THEN_REST.match(s)
    if not m:
        problem = "a doubled sign" if _DOUBLED_SIGN.match(s) else None
        return ParsedNumber(raw, None, ok=False, comparator=comparator, marker=marker, problem=problem)
    rest = m.group("rest").strip()
    if problem := _implausible(m):
        return ParsedNumber(raw, None, ok=False, comparator=comparator, marker=marker, problem=problem)
    is_percent = bool(m.group("pct")) or rest.startswith("%")
    rest = rest.lstrip("%* ").strip()
    if rest and not _is_qualifier(rest):
        return ParsedNumber(raw, None, ok=False, is_percent=is_percent, comparator=comparator, marker=marker)
    value = _to_float(m.group("num"), decimal_mark)
    if value is None:
        return ParsedNumber(raw, None, ok=False, is_percent=is_percent, comparator=comparator, marker=marker)
    return ParsedNumber(raw, value, True, is_percent, comparator, marker, rest or None)


_DOUBLED_SIGN = re.compile(rf"^[{MINUS}+][{SPACES}]*[{MINUS}+][{SPACES}]*\d")
_ATTACHED_FORM = re.compile(r"(?P<exp>[eE][-+]?\d)|(?P<hex>[xX][0-9A-Fa-f])")


def _implausible(m: re.Match) -> str | None:
    """Why a number-shaped text cannot be one plausible amount, or None."""
    num, rest = m.group("num"), m.group("rest")
    if sum(ch.isdigit() for ch in num.lstrip(f"{MINUS}+{SPACES}0")) > MAX_DIGITS:
        return f"more than {MAX_DIGITS} digits"
    attached = m.end("num") == m.start("rest") and not m.group("pct")
    form = _ATTACHED_FORM.match(rest) if attached else None
    if form and form.group("exp"):
        return "an exponent form"
    if form and num.strip(f"{MINUS}+{SPACES}") == "0":
        return "a hex form"
    if m.group("pct") and rest.startswith("%") or rest.startswith("%%"):
        return "a doubled percent mark"
    return None


def _squash(text: str) -> str:
    s = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"[\t\r\n]+", " ", s).strip(" \t\r\n\u00a0\u202f\u2009")


def _is_qualifier(rest: str) -> bool:
    """Words after a number that say what it counts ('hushåll', '(vård, omsorg ...)'), not a second number."""
    if rest.startswith("("):
        return True
    return bool(re.match(r"[A-Za-zÅÄÖåäöÉé]", rest))


def _to_float(num: str, decimal_mark: str | None) -> float | None:
    num = re.sub(f"[{MINUS}]", "-", num.strip())
    m = _NUM.match(num)
    if not m:
        return None
    int_text = m.group("int")
    int_part = re.sub(rf"[{SPACES}.]", "", int_text)
    dec, frac = m.group("dec"), m.group("frac")
    sign = -1.0 if m.group("sign") == "-" else 1.0
    if "." in int_text and dec == ".":
        return None  # '1.234.567.8': no decimal mark left
    if dec:
        grouped = re.search(f"[{SPACES}.]", int_text) is not None
        # '1,125' or '1.125' alone: a thousands separator only if the table's decimal mark is the other one
        if len(frac) == 3 and not grouped and decimal_mark is not None and dec != decimal_mark:
            return sign * float(int_part + frac)
        return sign * float(f"{int_part}.{frac}")
    return sign * float(int_part)


def plausible_amount(sek: int | None) -> bool:
    return sek is None or abs(sek) < MAX_AMOUNT_SEK


def table_decimal_mark(texts) -> str | None:
    """',' or '.' if the cells that carry a decimal mark agree on one, else None.

    Only marks followed by other than three digits count: '1,125' could be either.
    """
    marks = set()
    for t in texts:
        for m in re.finditer(r"\d([.,])(\d+)(?![\d.,])", t or ""):
            if len(m.group(2)) != 3:
                marks.add(m.group(1))
    return marks.pop() if len(marks) == 1 else None
