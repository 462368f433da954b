"""Tables of text in `pdftotext -layout` output: goal tables, activity tables (`Aktiviteter  Kommentar`).

Their columns are the starts of the pieces of a line with two or more pieces; the lines that follow
belong to the table while every piece starts at one of those columns. A line is a new row when its
first column starts afresh (after an empty first column or a finished sentence), or when it fills
cells in upper case that the row already has; otherwise it goes on with the row's cells. Where the
records of the table are set with a first-line indent (a record's first line set in, its other lines
flush with the column: an uppdrag table of running text), the indent alone starts a record, and
records parted by two blank lines are still one table.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from kommunrapport.read.textblocks import NUMBERED, Line, clean_text, join_wrapped, numberish, vocab

if TYPE_CHECKING:
    from kommunrapport.read.layout import Raw

MAX_CELL = 70          # a piece longer than this in a table's first line is running text, not a cell
FIRST_LINE_INDENT = 6  # characters: a cell's paragraph may start this far right of its column
SENTENCE_END = (".", ":", ";", "!", "?")


def text_table_regions(page: list[Raw], taken: set[int]) -> dict[int, int]:
    """start index -> end index (exclusive) of each table of text on the page."""
    regions: dict[int, int] = {}
    i = 0
    while i < len(page):
        starts = _region_columns(page[i:i + 4]) if i not in taken else None
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


def _region_columns(lines: list[Raw]) -> list[int] | None:
    """The columns of a table headed by lines[0]; where that line is a record's first line set in, the
    first column starts where the record's next line does."""
    starts = _head_columns(lines[0])
    nxt = next((r for r in lines[1:] if not r.blank), None)
    if starts and nxt is not None and lines[0].segments()[0][2][:1].isupper():
        first = nxt.segments()[0][0]
        if starts[0] - FIRST_LINE_INDENT <= first < starts[0]:
            starts = [first, *starts[1:]]
    return starts


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


def _column(start: int, starts: list[int]) -> int | None:
    """The column a piece starting here belongs to: the first column exactly, the others within one."""
    if start == starts[0]:
        return 0
    found = next((j for j, s in enumerate(starts) if j and abs(start - s) <= 1), None)
    if found is None and _indented(start, starts):
        return 0
    return found


def _indented(start: int, starts: list[int]) -> bool:
    """A first-column piece set in by a paragraph's first-line indent (and well left of the next column)."""
    limit = starts[1] - 2 * FIRST_LINE_INDENT if len(starts) > 1 else start + 1
    return starts[0] < start <= starts[0] + FIRST_LINE_INDENT and start < limit


def _fits(r: Raw, starts: list[int]) -> bool:
    return all(_column(s[0], starts) is not None for s in r.segments())


def _extend(page: list[Raw], i: int, starts: list[int], taken: set[int]) -> int:
    k = i + 1
    while k < len(page) and k not in taken:
        r = page[k]
        if r.blank:
            if k + 1 < len(page) and not page[k + 1].blank and _fits(page[k + 1], starts):
                k += 1
                continue
            # two blank lines between records: the table goes on where the next line shows its columns
            if k + 2 < len(page) and page[k + 1].blank and not page[k + 2].blank \
                    and len(page[k + 2].segments()) >= 2 and _fits(page[k + 2], starts):
                k += 2
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
    starts = starts or _region_columns(region) or [region[0].indent]
    by_indent = _rows_by_indent(region, starts)
    head = next((r.number for r in region if not r.blank), None)
    rows: list[Line] = []
    prev: list[str] | None = None
    for r in region:
        if r.blank:
            continue
        cells = [""] * len(starts)
        for start, _, text in r.segments():
            j = _column(start, starts) or 0
            cells[j] = join_wrapped(cells[j], clean_text(text))
        if by_indent:
            # each record's first line is set in; a sentence that starts a line flush left goes on
            # with its record, and the line under the head line (the header) starts a record
            new = len(rows) == 1 and rows[0].number == head or _first_indented(r, starts)
        else:
            new = prev is not None and _new_row(cells, prev, rows[-1].cells or [])
        if rows and prev is not None and not new:
            row = rows[-1].cells or []
            for j, c in enumerate(cells):
                row[j] = join_wrapped(row[j], c)
        else:
            rows.append(Line(number=r.number, page=r.page, cells=cells))
        prev = cells
    for row in rows:
        row.text = "\t".join(row.cells or [])
    if rows:
        rows[0].table_start = True
    return rows


def _first_indented(r: Raw, starts: list[int]) -> bool:
    segs = r.segments()
    return bool(segs) and _indented(segs[0][0], starts) and _upper(segs[0][2])


def _rows_by_indent(region: list[Raw], starts: list[int]) -> bool:
    """The records of the table are told by a first-line indent: lines of the first column set in
    (starting in upper case), each followed by lines flush with the column."""
    seen = 0
    indented = False
    for r in region:
        segs = r.segments()
        if r.blank or not segs or segs[0][0] > starts[0] + FIRST_LINE_INDENT:
            continue
        if _first_indented(r, starts):
            indented = True
        elif segs[0][0] == starts[0] and indented:
            seen += 1
            indented = False
    return seen >= 2


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
