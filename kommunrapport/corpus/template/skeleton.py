"""The neutral shape of a draft: sheets of cells, rendered by xlsx.py and markdown.py alike.

A cell holds a value, or a sum over other data rows of its column (`sum_of`), or nothing (a
column for the new year to fill in). `source` and `raw` say where a value came from; `note`
says what a reader of the draft should know about it (a total that does not add up ...).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kommunrapport.models import Provenance

HEADER_ROW = 3          # every sheet: title, subtitle, header, then the data rows
FIRST_DATA_ROW = HEADER_ROW + 1
MAX_SHEET_NAME = 31
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Cell:
    value: str | int | float | None = None
    sum_of: list[int] | None = None       # data-row indices (0-based) of the same column
    source: Provenance | None = None
    raw: str | None = None
    note: str | None = None
    number_format: str | None = None

    @property
    def is_formula(self) -> bool:
        return self.sum_of is not None


@dataclass
class Sheet:
    name: str
    title: str
    subtitle: str = ""
    columns: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    choices: dict[int, list[str]] = field(default_factory=dict)   # column index -> allowed values

    def add_row(self, cells: list[Cell]) -> None:
        self.rows.append(cells + [Cell() for _ in range(len(self.columns) - len(cells))])


@dataclass
class Skeleton:
    title: str
    sheets: list[Sheet] = field(default_factory=list)


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_address(col: int, data_row: int) -> str:
    return f"{column_letter(col)}{FIRST_DATA_ROW + data_row}"


def sum_formula(col: int, data_rows: list[int]) -> str:
    """=SUM over the given data rows of one column, contiguous runs written as ranges."""
    parts, rows = [], sorted(data_rows)
    start = prev = rows[0]
    for r in [*rows[1:], None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        a, b = cell_address(col, start), cell_address(col, prev)
        parts.append(a if start == prev else f"{a}:{b}")
        if r is not None:
            start = prev = r
    return f"=SUM({','.join(parts)})"


def unique_sheet_name(wanted: str, taken: set[str]) -> str:
    """A legal Excel sheet name (<= 31 chars, no []:*?/\\), unique case-insensitively among `taken`."""
    base = _BAD_SHEET_CHARS.sub(" ", wanted).strip().strip("'") or "Blad"
    base = re.sub(r"\s+", " ", base)[:MAX_SHEET_NAME].strip()
    name, n = base, 1
    while name.casefold() in taken:
        n += 1
        suffix = f" {n}"
        name = base[: MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
    taken.add(name.casefold())
    return name
