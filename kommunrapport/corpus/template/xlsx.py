"""Skeleton -> an .xlsx workbook (openpyxl): values, SUM formulas, notes as cell comments."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from kommunrapport.corpus.excel import as_text
from kommunrapport.corpus.template.skeleton import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    Cell,
    Sheet,
    Skeleton,
    column_letter,
    sum_formula,
)

MAX_WIDTH = 60
AUTHOR = "kommunrapport"


def write_xlsx(skeleton: Skeleton, path: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in skeleton.sheets:
        _write_sheet(wb.create_sheet(sheet.name), sheet)
    wb.save(path)


def _number_format(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return "#,##0" if float(value).is_integer() else "#,##0.0##"


def _content(cell: Cell, col: int):
    if cell.sum_of:
        return sum_formula(col, cell.sum_of)
    return cell.value


def _text(ws, row: int, column: int, value):
    """A cell of words (a title, a header, a label from the report): never a formula (corpus/excel.py)."""
    cell = ws.cell(row=row, column=column, value=value)
    as_text(cell)
    return cell


def _write_sheet(ws, sheet: Sheet) -> None:
    _text(ws, 1, 1, sheet.title).font = Font(bold=True, size=13)
    if sheet.subtitle:
        _text(ws, 2, 1, sheet.subtitle)
    for c, header in enumerate(sheet.columns):
        h = _text(ws, HEADER_ROW, c + 1, header)
        h.font = Font(bold=True)
        h.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(sheet.rows):
        for c, cell in enumerate(row):
            target = ws.cell(row=FIRST_DATA_ROW + r, column=c + 1, value=_content(cell, c))
            if not cell.sum_of:
                as_text(target)          # only the tool's own sums are formulas
            if fmt := _number_format(cell.value) or ("#,##0" if cell.sum_of else None):
                target.number_format = fmt
            if cell.sum_of:
                target.font = Font(bold=True)
            elif isinstance(cell.value, str) and len(cell.value) > MAX_WIDTH:
                target.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.note:
                target.comment = Comment(cell.note, AUTHOR)
    _add_choices(ws, sheet)
    _set_widths(ws, sheet)
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=2)


def _add_choices(ws, sheet: Sheet) -> None:
    last = FIRST_DATA_ROW + max(len(sheet.rows), 1) - 1
    for col, values in sheet.choices.items():
        listed = ",".join(v.replace(",", " ") for v in values)
        dv = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
        ws.add_data_validation(dv)
        letter = column_letter(col)
        dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")


def _set_widths(ws, sheet: Sheet) -> None:
    for c, header in enumerate(sheet.columns):
        longest = max([len(str(row[c].value or "")) for row in sheet.rows] + [min(len(header), 24), 8])
        ws.column_dimensions[column_letter(c)].width = min(longest + 2, MAX_WIDTH)
