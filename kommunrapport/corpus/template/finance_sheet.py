"""One sheet per financial table: last year's figures, this year's empty columns, totals as sums."""
from __future__ import annotations

import re

from kommunrapport.corpus.template.fintables import ColumnKey, FinRow, FinTable, TotalShape
from kommunrapport.corpus.template.labels import name_of, word
from kommunrapport.corpus.template.periods import period_text
from kommunrapport.corpus.template.skeleton import Cell, Sheet
from kommunrapport.models import FinancialLine
from kommunrapport.normalize.numbers import parse_number
from kommunrapport.normalize.units import find_unit

# what stands in the `previous year` column, best first: the year's outcome, else its forecast ...
PREVIOUS_YEAR_MEASURES = ("outcome", "forecast", "budget", "planned_effect", "deviation", "change")


def unit_factor(table: FinTable) -> int:
    """Kronor per printed unit: from the unit vocabulary, else read off the table's own cells."""
    unit = find_unit(table.unit_raw)
    if unit is not None:
        return unit.factor
    return _factor_from_cells([line for row in table.rows for line in row.cells.values()])


def _factor_from_cells(lines: list[FinancialLine]) -> int:
    for line in lines:
        printed = parse_number(line.raw).value
        if printed and line.amount_sek:
            return max(1, round(abs(line.amount_sek / printed)))
    return 1


def reference_year(table: FinTable, report_year: int | None, new_year: int) -> int | None:
    """The year the old report is about, as this table shows it: the report's year, else the year
    before the draft's, else the table's latest year with an outcome or forecast, else its first."""
    years = table.years
    for year in (report_year, new_year - 1):
        if year is not None and year in years:
            return year
    settled = [c.year for c in table.columns if c.year is not None and c.measure in ("outcome", "forecast")]
    return max(settled) if settled else (years[0] if years else None)


def previous_year_columns(table: FinTable, year: int | None) -> list[ColumnKey]:
    if year is None:
        return table.columns[:1]
    for measure in PREVIOUS_YEAR_MEASURES:
        cols = [c for c in table.columns if c.measure == measure and c.year == year]
        if cols:
            return cols
    return [c for c in table.columns if c.year == year][:1]


def _header(col: ColumnKey, unit: str, shift: int = 0, prefix: str = "", tell: str = "") -> str:
    text = f"{name_of('measure', col.measure)} {period_text(col.year, col.start, col.end, shift=shift)}".strip()
    if col.category:
        text = f"{name_of('finance_category', col.category)} – {text}"
    if tell and tell.casefold() != text.casefold():
        text = f"{text} ({tell})"
    return f"{prefix}{text} ({unit})" if unit else f"{prefix}{text}"


def _shift_years(text: str, shift: int) -> str:
    return re.sub(r"\b(19|20)\d\d\b", lambda m: str(int(m.group()) + shift), text) if shift else text


def _headers(cols: list[ColumnKey], table: FinTable, shift: int = 0, prefix: str = "") -> list[str]:
    """Column headers; where two would read the same, the table's own words tell them apart
    (else a running number)."""
    plain = [_header(c, table.unit_raw, shift, prefix) for c in cols]
    raws = [_shift_years(table.column_raw.get(c, ""), shift) for c in cols]
    out = []
    for i, (col, header) in enumerate(zip(cols, plain, strict=True)):
        twins = [j for j, h in enumerate(plain) if h == header]
        if len(twins) == 1:
            out.append(header)
        elif len({raws[j] for j in twins}) == len(twins):
            out.append(_header(col, table.unit_raw, shift, prefix, tell=raws[i]))
        else:
            out.append(_header(col, table.unit_raw, shift, prefix, tell=str(twins.index(i) + 1)))
    return out


def _in_unit(amount: int | None, factor: int) -> int | float | None:
    if amount is None:
        return None
    return amount // factor if amount % factor == 0 else round(amount / factor, 6)


def _old_cell(row: FinRow, col: ColumnKey, shape: TotalShape | None, factor: int, table: FinTable) -> Cell:
    line = row.cells.get(col)
    if line is None:
        return Cell()           # the old report printed nothing here: neither a value nor a sum
    cell = Cell(value=_in_unit(line.amount_sek, factor), source=line.provenance, raw=line.raw)
    notes = [word("sign_flipped")] if line.sign_flipped else []
    if row.is_total and shape is None and col == next(iter(row.cells)):
        notes.append(word("total_no_formula"))      # once a row: the whole row is written as printed
    elif shape is not None and shape.fits.get(col):
        cell.sum_of = shape.items
    elif shape is not None and shape.fits.get(col) is False:
        computed = sum(table.rows[i].amount(col) or 0 for i in shape.items)
        notes.append(word("total_mismatch", computed=_in_unit(computed, factor), printed=cell.value))
    cell.note = "; ".join(notes) or None
    return cell


def _row_category(row: FinRow) -> str:
    categories = {str(line.category) for line in row.cells.values()}
    return name_of("finance_category", categories.pop()) if len(categories) == 1 else ""


def finance_sheet(table: FinTable, name: str, report_year: int | None, new_year: int) -> Sheet:
    """Columns: label, category, last year's figure (`previous year`), the new year's columns
    (the old report's columns for its own year and later, moved on), then the rest of the old table."""
    unit, factor = table.unit_raw, unit_factor(table)
    year = reference_year(table, report_year, new_year)
    previous = previous_year_columns(table, year)
    shift = new_year - year if year is not None else 0
    new = [c for c in table.columns if year is not None and c.year is not None and c.year >= year]
    reference = [c for c in table.columns if c not in previous]
    columns = [word("row"), word("category")]
    columns += _headers(previous, table, prefix=f"{word('previous_year')}: ")
    columns += _headers(new, table, shift=shift)
    columns += _headers(reference, table, prefix=f"{word('previous_report')}: ")
    title = table.title or name_of("finance_table", table.kind)
    sheet = Sheet(name=name, title=title, subtitle=word("unit_line", unit=unit) if unit else "", columns=columns)
    for i, row in enumerate(table.rows):
        shape = table.totals.get(i)
        cells = [Cell(value=row.label), Cell(value=_row_category(row))]
        cells += [_old_cell(row, c, shape, factor, table) for c in previous]
        cells += [Cell(sum_of=shape.items) if shape is not None else Cell() for _ in new]
        cells += [_old_cell(row, c, shape, factor, table) for c in reference]
        sheet.add_row(cells)
    return sheet
