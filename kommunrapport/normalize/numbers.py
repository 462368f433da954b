"""Swedish number formats -> values, keeping the raw text.

INTERFACE (used by every extractor; extend, don't rename):
    parse_number(text, decimal_mark=None) -> ParsedNumber
        .value: float | None   (None: empty, '-', 'Utfall saknas', or unreadable)
        .ok: bool              (False: text held something number-like that could not be read as ONE
                                number, e.g. '-7 73' or two numbers run together -> warn, don't guess)
        .raw, .is_percent, .comparator ('>=', '>', '<=', '<' or None), .marker ('●' etc. or None)
    decimal_mark: ',' or '.' when the surrounding table is known to use one (see table_decimal_mark)
    table_decimal_mark(texts) -> ',' | '.' | None
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MINUS = "-−–‐‑"
SPACES = " \u00a0\u202f\u2009\u2007"


@dataclass(frozen=True)
class ParsedNumber:
    raw: str
    value: float | None
    ok: bool = True
    is_percent: bool = False
    comparator: str | None = None
    marker: str | None = None

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.ok


_NUM = re.compile(
    rf"^(?P<sign>[{MINUS}+])?\s?(?P<int>\d{{1,3}}(?:[{SPACES}]\d{{3}})+|\d+)(?:(?P<dec>[.,])(?P<frac>\d+))?$"
)


def parse_number(text: str | None, decimal_mark: str | None = None) -> ParsedNumber:
    raw = text or ""
    s = raw.strip()
    if not s or s in {"-", "–", "—", "−", "..", "x", "n/a"} or re.fullmatch(r"(?i)utfall saknas|saknas|ej tillgängligt", s):
        return ParsedNumber(raw, None)
    marker = None
    m = re.match(r"^([●•◉○◯■□▲▼★✓✔✗✘]+)\s*", s)
    if m:
        marker, s = m.group(1), s[m.end():]
    comparator = None
    m = re.match(r"^(≥|>=|≤|<=|>|<)\s*", s)
    if m:
        comparator = {"≥": ">=", "≤": "<="}.get(m.group(1), m.group(1))
        s = s[m.end():]
    s = re.sub(r"\*+$", "", s).strip()
    is_percent = False
    if s.endswith("%"):
        is_percent, s = True, s[:-1].strip()
    # a trailing qualifier: '82,2 (vård, omsorg ...)', '2 108 hushåll'
    m = re.match(rf"^([{MINUS}+]?\s?[\d{SPACES}.,]*\d)\s*(?:%\s*)?(\(.*\)|[A-Za-zÅÄÖåäö].*)?$", s)
    if not m:
        return ParsedNumber(raw, None, ok=False, marker=marker)
    if m.group(2) and "%" in s[: m.end(1) + 2]:
        is_percent = True
    num = m.group(1).strip()
    value = _to_float(num, decimal_mark)
    if value is None:
        return ParsedNumber(raw, None, ok=False, is_percent=is_percent, comparator=comparator, marker=marker)
    return ParsedNumber(raw, value, True, is_percent, comparator, marker)


def _to_float(num: str, decimal_mark: str | None) -> float | None:
    num = num.replace("\u2212", "-").replace("–", "-").replace("‐", "-").replace("‑", "-")
    m = _NUM.match(num)
    if not m:
        return None
    int_part = re.sub(f"[{SPACES}]", "", m.group("int"))
    dec, frac = m.group("dec"), m.group("frac")
    sign = -1.0 if m.group("sign") == "-" else 1.0
    if dec:
        grouped = re.search(f"[{SPACES}]", m.group("int")) is not None
        # '1,125' or '1.125' with no other evidence: a thousands group only if the table says so
        if len(frac) == 3 and not grouped and decimal_mark is not None and dec != decimal_mark:
            return sign * float(int_part + frac)
        return sign * float(f"{int_part}.{frac}")
    return sign * float(int_part)


def table_decimal_mark(texts) -> str | None:
    """',' or '.' if the cells that carry a decimal mark agree on one, else None."""
    marks = set()
    for t in texts:
        for m in re.finditer(r"\d([.,])(\d+)(?!\d)", t or ""):
            if len(m.group(2)) != 3:
                marks.add(m.group(1))
    return marks.pop() if len(marks) == 1 else None
