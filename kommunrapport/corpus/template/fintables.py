"""FinancialLines -> the tables they were read from: rows, columns, and which rows each total sums.

The extraction keeps one FinancialLine per cell. The draft needs the tables back: lines of the
same table kind and caption that stand close together in the document are one table; lines on
the same text line (or PDF row) are one row; (measure, period) are the columns.

A total is written as a formula only over rows that really add up to the printed total. Two
shapes are tried, on the printed amounts in whole kronor (exact, no tolerance):
- a group row printed ABOVE its items (Reinvestering / Inventarier / IT-utrustning ...): the
  item rows right below it;
- a sum printed BELOW what it sums: the longest run of the table's top-level terms just above
  it (items not yet summed, and earlier totals, which stand for the rows they sum).
A shape that fits in most columns is used; the columns it does not fit keep the printed number
with a note.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kommunrapport.models import FinancialLine

MAX_LINE_GAP = 3        # text: rows of one table stand on (nearly) consecutive lines
MAX_TOP_GAP = 60.0      # PDF: points between two rows of one table on a page
PAGE_TOP_ZONE = 150.0   # PDF: a table goes on over the page only where the next page starts with it


@dataclass(frozen=True)
class ColumnKey:
    measure: str
    year: int | None
    start: date | None
    end: date | None
    category: str | None = None     # set where a table's column groups are told apart by category
    nth: int = 0                    # the n-th column of the same kind in a row


@dataclass
class FinRow:
    label: str
    is_total: bool
    cells: dict[ColumnKey, FinancialLine]

    def amount(self, col: ColumnKey) -> int | None:
        line = self.cells.get(col)
        return None if line is None else line.amount_sek


@dataclass
class TotalShape:
    items: list[int]                               # row indices the total sums
    fits: dict[ColumnKey, bool] = field(default_factory=dict)


@dataclass
class FinTable:
    kind: str
    title: str | None
    unit_raw: str
    rows: list[FinRow]
    columns: list[ColumnKey]
    totals: dict[int, TotalShape | None] = field(default_factory=dict)
    column_raw: dict[ColumnKey, str] = field(default_factory=dict)   # the column's header as printed

    @property
    def years(self) -> list[int]:
        return sorted({c.year for c in self.columns if c.year is not None})


def financial_tables(lines: list[FinancialLine]) -> list[FinTable]:
    tables = [_table_of(group) for group in group_lines(lines)]
    for t in tables:
        for i, row in enumerate(t.rows):
            if row.is_total:        # in order: a later total builds on the earlier ones
                t.totals[i] = total_shape(t, i)
    return tables


def _where(line: FinancialLine) -> tuple[int, float]:
    p = line.provenance
    if p.line is not None:
        return (p.page or 0, float(p.line))
    return (p.page or 0, p.bbox[1] if p.bbox else 0.0)


def _far_apart(a: FinancialLine, b: FinancialLine) -> bool:
    pa, pb = a.provenance, b.provenance
    if pa.block is not None and pb.block is not None and pa.block != pb.block:
        return True
    if pa.line is not None and pb.line is not None:
        return pb.line - pa.line > MAX_LINE_GAP or pb.line < pa.line
    if (pa.page or 0) != (pb.page or 0):
        continues = (pb.page or 0) == (pa.page or 0) + 1 and (pb.bbox is None or pb.bbox[1] < PAGE_TOP_ZONE)
        return not continues
    if pa.bbox is not None and pb.bbox is not None:
        return abs(pb.bbox[1] - pa.bbox[1]) > MAX_TOP_GAP
    return False


def group_lines(lines: list[FinancialLine]) -> list[list[FinancialLine]]:
    """The lines of each table, tables and lines in document order."""
    ordered = sorted(enumerate(lines), key=lambda il: (*_where(il[1]), il[0]))
    groups: list[list[FinancialLine]] = []
    for _, line in ordered:
        last = groups[-1][-1] if groups else None
        if (
            last is None
            or (line.table, line.table_title) != (last.table, last.table_title)
            or _far_apart(last, line)
        ):
            groups.append([line])
        else:
            groups[-1].append(line)
    return [g for part in groups for g in _split_on_new_columns(part)]


def _same_row(a: FinancialLine, b: FinancialLine) -> bool:
    if (a.label, a.is_total) != (b.label, b.is_total):
        return False
    pa, pb = a.provenance, b.provenance
    if pa.line is not None or pb.line is not None:
        return pa.line == pb.line and pa.page == pb.page
    if pa.bbox is not None and pb.bbox is not None:
        return pa.page == pb.page and abs(pa.bbox[1] - pb.bbox[1]) < 4
    return True


def _rows_of(lines: list[FinancialLine]) -> list[list[FinancialLine]]:
    rows: list[list[FinancialLine]] = []
    for line in lines:
        if rows and _same_row(rows[-1][0], line):
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _split_on_new_columns(lines: list[FinancialLine]) -> list[list[FinancialLine]]:
    """Two tables that follow each other closely: a row sharing no column with the rows before starts a new one."""
    parts: list[list[FinancialLine]] = []
    seen: set[tuple] = set()
    for row in _rows_of(lines):
        kinds = {_column_kind(x) for x in row}
        if parts and seen and not (kinds & seen):
            parts.append([])
            seen = set()
        if not parts:
            parts.append([])
        parts[-1].extend(row)
        seen |= kinds
    return parts


def _column_kind(line: FinancialLine) -> tuple:
    p = line.period
    return (str(line.measure), p.year, p.start, p.end)


def _categories_mark_columns(rows: list[list[FinancialLine]]) -> bool:
    """True where one row holds several categories: the table's column groups (Intäkter / Kostnader / Netto)."""
    return any(len({str(x.category) for x in row}) > 1 for row in rows)


def _table_of(lines: list[FinancialLine]) -> FinTable:
    raw_rows = _rows_of(lines)
    by_category = _categories_mark_columns(raw_rows)
    rows, columns, column_raw = [], [], {}
    for raw in raw_rows:
        cells: dict[ColumnKey, FinancialLine] = {}
        before = None
        for line in raw:
            key = _key(line, by_category, cells)
            cells[key] = line
            column_raw.setdefault(key, line.period.raw)
            if key not in columns:
                columns.insert(columns.index(before) + 1 if before is not None else len(columns), key)
            before = key
        rows.append(FinRow(label=raw[0].label, is_total=any(x.is_total for x in raw), cells=cells))
    first = lines[0]
    return FinTable(kind=str(first.table), title=first.table_title, unit_raw=first.unit_raw, rows=rows,
                    columns=columns, column_raw=column_raw)


def _key(line: FinancialLine, by_category: bool, taken: dict) -> ColumnKey:
    p = line.period
    category = str(line.category) if by_category else None
    nth = 0
    while (key := ColumnKey(str(line.measure), p.year, p.start, p.end, category, nth)) in taken:
        nth += 1
    return key


def _fits(table: FinTable, total: int, items: list[int], col: ColumnKey) -> bool | None:
    """Whether the items add up to the printed total in this column (None: no printed total)."""
    printed = table.rows[total].amount(col)
    if printed is None:
        return None
    return sum(table.rows[i].amount(col) or 0 for i in items) == printed


def _shape(table: FinTable, total: int, items: list[int]) -> TotalShape | None:
    fits = {c: f for c in table.columns if (f := _fits(table, total, items, c)) is not None}
    good = sum(fits.values())
    if not fits or good * 2 <= len(fits):
        return None
    return TotalShape(items=items, fits=fits)


def _items_below(table: FinTable, total: int) -> list[int]:
    below = []
    for i in range(total + 1, len(table.rows)):
        if table.rows[i].is_total:
            break
        below.append(i)
    return below


def _terms_above(table: FinTable, total: int) -> list[int]:
    """The rows a total printed below its items could sum: what no earlier total has summed yet."""
    terms: list[int] = []
    summed: set[int] = set()
    for i in range(total):
        if i in summed:
            continue
        shape = table.totals.get(i)
        if shape is not None:
            summed.update(shape.items)
            terms = [t for t in terms if t not in shape.items]
        terms.append(i)
    return terms


def total_shape(table: FinTable, total: int) -> TotalShape | None:
    """The rows a total row sums, tried shape by shape; the first that fits every column wins,
    else the one that fits the most columns (more than half of them)."""
    candidates = []
    below = _items_below(table, total)
    if below:
        candidates.append(below)
    terms = _terms_above(table, total)
    for n in range(len(terms), 0, -1):
        run = terms[-n:]
        if n == 1 and table.rows[run[0]].is_total:
            continue                    # a total equal to one other total is no sum
        candidates.append(run)
    shapes = [s for c in candidates if (s := _shape(table, total, c)) is not None]
    whole = [s for s in shapes if all(s.fits.values())]
    if whole:
        return whole[0]
    return max(shapes, key=lambda s: sum(s.fits.values()), default=None)
