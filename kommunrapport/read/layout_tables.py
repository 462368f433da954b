"""Tables of text in `pdftotext -layout` output: goal tables, activity tables (`Aktiviteter  Kommentar`).

Their columns are the starts of the pieces of a line with two or more pieces; the lines that follow
belong to the table while every piece starts at one of those columns. A line is a new row when its
first column starts afresh (after an empty first column or a finished sentence), or when it fills
cells in upper case that the row already has; otherwise it goes on with the row's cells.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from kommunrapport.read.textblocks import NUMBERED, Line, clean_text, join_wrapped, numberish, vocab

if TYPE_CHECKING:
    from kommunrapport.read.layout import Raw

MAX_CELL = 70          # a piece longer than this in a table's first line is running text, not a cell
SENTENCE_END = (".", ":", ";", "!", "?")


def text_table_regions(page: list[Raw], taken: set[int]) -> dict[int, int]:
    """start index -> end index (exclusive) of each table of text on the page."""
    regions: dict[int, int] = {}
    i = 0
    while i < len(page):
        starts = _starts(page, i) if i not in taken else None
        if starts:
            end = _extend(page, i, starts, taken)
            if _evidence(page[i + 1:end], starts) >= 2:
                regions[i] = end
                i = end
                continue
        i += 1
    return regions


def _head_columns(r: Raw) -> list[int] | None:
    segs = r.segments()
    if len(segs) < 2 or any(len(s[2]) > MAX_CELL for s in segs) or all(numberish(s[2]) for s in segs[1:]):
        return None
    if hanging_marker(r):
        return None
    return [s[0] for s in segs]


def _starts(page: list[Raw], i: int) -> list[int] | None:
    """The columns a head line shows; its first column where the next line starts, when that is a few
    characters left of the head's first piece (the head is a row's first line, set in)."""
    starts = _head_columns(page[i])
    nxt = next((r for r in page[i + 1:i + 3] if not r.blank), None)
    if starts and nxt is not None and 0 < starts[0] - nxt.indent <= FIRST_LINE_INDENT and len(nxt.segments()) >= 1:
        return [nxt.indent, *starts[1:]]
    return starts


def _set_in(r: Raw, starts: list[int]) -> bool:
    return 0 < r.indent - starts[0] <= FIRST_LINE_INDENT


def hanging_marker(r: Raw) -> bool:
    """A bullet or a section number in the left gutter and its text at the body indent (`•    Alla
    enheter ...`, `2.2.1    Göteborg ska ...`): a list item or a heading set with a hanging indent,
    whose wrapped lines stand under the text, not a table of two columns."""
    segs = r.segments()
    if len(segs) != 2 or not segs[1][2][:1].isalpha():
        return False
    marker = segs[0][2]
    numbered = NUMBERED.match(f"{marker} {segs[1][2]}")
    return marker in vocab()["bullets"] or (numbered is not None and numbered.group("num") == marker.rstrip("."))


FIRST_LINE_INDENT = 6  # a row's first line may start this much right of its first column (`   Kommunstyrelsen`)
BLANKS_BETWEEN_ROWS = 2


def _column(start: int, starts: list[int]) -> int | None:
    """The column a piece starting here belongs to: the first column exactly, the others within one."""
    if start == starts[0]:
        return 0
    return next((j for j, s in enumerate(starts) if j and abs(start - s) <= 1), None)


def _fits(r: Raw, starts: list[int]) -> bool:
    segs = r.segments()
    if len(segs) >= 2 and 0 < segs[0][0] - starts[0] <= FIRST_LINE_INDENT and _column(segs[0][0], starts) is None:
        segs = segs[1:]       # a row's first line set in from its column, the next cell in its own column
        return bool(segs) and all(_column(s[0], starts) not in (None, 0) for s in segs)
    return all(_column(s[0], starts) is not None for s in segs)


def _extend(page: list[Raw], i: int, starts: list[int], taken: set[int]) -> int:
    k = i + 1
    while k < len(page) and k not in taken:
        r = page[k]
        if r.blank:
            nxt = next((j for j in range(k + 1, min(k + 1 + BLANKS_BETWEEN_ROWS, len(page))) if not page[j].blank), None)
            if nxt is not None and nxt not in taken and _fits(page[nxt], starts):
                k = nxt
                continue
            break
        if not _fits(r, starts):
            break
        k += 1
    return k


def _evidence(lines: list[Raw], starts: list[int]) -> int:
    """Lines that show the columns: two pieces, or one piece that starts in a later column."""
    return sum(1 for r in lines if not r.blank and (len(r.segments()) >= 2 or r.segments()[0][0] != starts[0]))


def text_table_lines(region: list[Raw], starts: list[int] | None = None) -> list[Line]:
    starts = starts or _starts(region, 0) or [region[0].indent]
    # rows whose first line is set in from the first column start only there (`   Kommunstyrelsen ...`)
    # (a hanging indent inside a cell, `• önskemålet om` / `  förändring ...`, sets in lines in lower case)
    inset = [r.text.strip() for r in region if not r.blank and _set_in(r, starts)]
    set_in = len(inset) >= 2 and all(t[:1].isupper() for t in inset)
    rows: list[Line] = []
    prev: list[str] | None = None
    for r in region:
        if r.blank:
            continue
        cells = [""] * len(starts)
        for start, _, text in r.segments():
            j = _column(start, starts) or 0     # a first line set in from its column is the first column's
            cells[j] = join_wrapped(cells[j], clean_text(text))
        head = set_in and len(rows) == 1 and rows[0].header and not _set_in(r, starts)
        if rows and prev is not None and not head and (not _set_in(r, starts) if set_in else
                                                       not _new_row(cells, prev, rows[-1].cells or [])):
            row = rows[-1].cells or []
            for j, c in enumerate(cells):
                row[j] = join_wrapped(row[j], c)
        else:
            # a head line at the first column above rows set in from it is the header (repeated on a new
            # page, the lines under it finish the row the page cut)
            rows.append(Line(number=r.number, page=r.page, cells=cells, header=set_in and not rows and not _set_in(
                r, starts) and all(c and len(c) <= 40 for c in cells)))
        prev = cells
    for row in rows:
        row.text = "\t".join(row.cells or [])
    if rows:
        rows[0].table_start = True
    return rows


def _upper(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit()


def _new_row(cells: list[str], prev: list[str], row: list[str]) -> bool:
    if cells[0] and _upper(cells[0]):
        if not prev[0] or prev[0].endswith(SENTENCE_END):
            return True
        if any(cells[1:]) and not any(row[1:]):
            return True
    filled = [j for j, c in enumerate(cells) if c]
    return len(filled) >= 2 and all(_upper(cells[j]) and row[j] for j in filled)
