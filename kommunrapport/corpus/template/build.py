"""Extraction + the new year -> the Skeleton of next year's report, sources listed last."""
from __future__ import annotations

from kommunrapport.corpus.template.finance_sheet import finance_sheet
from kommunrapport.corpus.template.fintables import financial_tables
from kommunrapport.corpus.template.labels import labels, name_of, word
from kommunrapport.corpus.template.sheets import goals_sheet, indicators_sheet, report_sheet, sick_leave_sheet
from kommunrapport.corpus.template.skeleton import (
    MAX_SHEET_NAME,
    Cell,
    Sheet,
    Skeleton,
    cell_address,
    unique_sheet_name,
)
from kommunrapport.models import Extraction

MIN_CUT_NAME = 12       # a caption cut shorter than this says too little: the kind of table instead


def build_skeleton(ex: Extraction, new_year: int) -> Skeleton:
    names = labels()["sheets"]
    taken: set[str] = set()
    old_year = ex.report.fiscal_year

    def named(wanted: str) -> str:
        return unique_sheet_name(wanted, taken)

    sheets = [
        report_sheet(ex, named(names["report"]), old_year, new_year),
        goals_sheet(ex, named(names["goals"]), old_year, new_year),
        indicators_sheet(ex, named(names["indicators"]), new_year),
    ]
    for table in financial_tables(ex.financial_lines):
        sheets.append(finance_sheet(table, named(_table_sheet_name(table)), old_year, new_year))
    sheets.append(sick_leave_sheet(ex, named(names["sick_leave"]), new_year))
    sheets.append(sources_sheet(sheets, named(names["sources"]), ex.source.path))
    return Skeleton(title=_title(ex, new_year), sheets=sheets)


def _table_sheet_name(table) -> str:
    """The table's caption where it fits a sheet name (cut at a word), else the kind of table."""
    title = " ".join((table.title or "").replace(":", " ").split())
    if len(title) > MAX_SHEET_NAME:
        cut = title[: MAX_SHEET_NAME + 1].rsplit(" ", 1)[0].rstrip(" ,;-–(")
        title = cut if len(cut) >= MIN_CUT_NAME else ""
    return title or name_of("finance_table", table.kind)


def _title(ex: Extraction, new_year: int) -> str:
    r = ex.report
    who = " ".join(x for x in (r.committee.name if r.committee else None,
                               r.municipality.name if r.municipality else None) if x)
    return f"{word('title', year=new_year)}: {who}" if who else word("title", year=new_year)


def sources_sheet(sheets: list[Sheet], name: str, path: str) -> Sheet:
    """One row per value taken from the old report: the cell it went to and where it stood."""
    columns = [word("sheet"), word("cell"), word("value"), word("raw"), word("page"), word("line"),
               word("method"), word("note")]
    out = Sheet(name=name, title=name, subtitle=path, columns=columns)
    for sheet in sheets:
        for r, row in enumerate(sheet.rows):
            for c, cell in enumerate(row):
                if cell.source is None and not cell.note:
                    continue
                p = cell.source
                out.add_row([Cell(value=sheet.name), Cell(value=cell_address(c, r)), Cell(value=cell.value),
                             Cell(value=cell.raw), Cell(value=p.page if p else None),
                             Cell(value=p.line if p else None), Cell(value=p.method if p else None),
                             Cell(value=cell.note)])
    return out
