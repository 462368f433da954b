"""How a period reads in a column header: '2023', 'jan–aug 2023'; moved on to the draft's year."""
from __future__ import annotations

from datetime import date

from kommunrapport.corpus.template.labels import labels


def _month(d: date) -> str:
    return labels()["months"]["names"][d.month - 1]


def _is_whole_year(start: date, end: date) -> bool:
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year


def period_text(year: int | None, start: date | None, end: date | None, raw: str = "", shift: int = 0) -> str:
    if start is not None and end is not None and not _is_whole_year(start, end):
        if start.year == end.year:
            return f"{_month(start)}–{_month(end)} {start.year + shift}"
        return f"{_month(start)} {start.year + shift}–{_month(end)} {end.year + shift}"
    if year is not None:
        return str(year + shift)
    return raw
