"""Text from a report goes into a workbook as text, never as a formula (formula injection).

A report is untrusted input: a row label or a goal written `=HYPERLINK("http://...","Mål 1")`,
`+cmd|' /C calc'!A0` or `@SUM(1+1)*cmd|...` must reach Excel as the words printed. openpyxl makes a
formula of any string that starts with '='; `as_text` makes the cell a string cell again, and
marks text that starts like a formula ('=', '+', '-', '@', tab, carriage return) with Excel's
quote prefix, so that it stays text even when someone edits the cell. The only formulas the tool
writes are its own (the template's =SUM totals), and those are written apart.
"""
from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell) -> None:
    """An openpyxl cell holding a string: written as a string, whatever the string starts with."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_START):
            cell.quotePrefix = True


def defuse(workbook) -> int:
    """Every formula cell of a workbook that holds no formula of the tool's own (an export) made text;
    how many there were."""
    found = 0
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(FORMULA_START)):
                    found += cell.data_type == "f"
                    as_text(cell)
    return found
