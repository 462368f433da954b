"""One Extraction -> tidy pandas DataFrames: one fact per row, snake_case columns, every row keyed.

    goals            one row per goal, with its assessment
    indicators       one row per indicator value (an indicator without values: one row, no value)
    financial_lines  one row per number of a financial table
    sick_leave       one row per figure, with Kolada's key shape (year, gender T/K/M, KPI id)
    tables           one row per table the reader found: what was made of it, or why nothing
    sections         one row per heading
    warnings         one row per warning

Every row starts with the document's keys (corpus/keys.py), then `ord`, the item's place in its
list. The columns are those of the corpus store's tables (corpus/rows.py) and its exports, so a
frame of one report and an export of a corpus line up; `table_id` names the table a fact came from.
"""
from __future__ import annotations

from functools import cache

import pandas as pd

from kommunrapport.corpus import rows
from kommunrapport.corpus.keys import KEY_COLUMNS, document_keys, kolada_columns
from kommunrapport.models.report import Extraction, Period, TableSummary

FRAMES = ("goals", "indicators", "financial_lines", "sick_leave", "tables", "sections", "warnings")


def _year(period: Period) -> int | None:
    day = period.end or period.start
    return period.year if period.year is not None else (day.year if day else None)


def indicator_rows(ex: Extraction) -> list[dict]:
    out = []
    values = rows.indicator_value_rows(ex)
    for i, head in enumerate(rows.indicator_rows(ex)):
        own = [v for v in values if v["indicator_ord"] == i]
        for v in own or [{}]:
            out.append(head | {"kind": v.get("kind"), "period_year": v.get("period_year"),
                               "period_start": v.get("period_start"), "period_end": v.get("period_end"),
                               "period_raw": v.get("period_raw"), "value": v.get("value"),
                               "value_raw": v.get("raw")})
    return out


def sick_leave_rows(ex: Extraction) -> list[dict]:
    committee = ex.report.committee.name if ex.report.committee else None
    return [row | kolada_columns("sick_leave", fig.category.value, _year(fig.period), committee)
            for fig, row in zip(ex.sick_leave, rows.sick_leave_rows(ex), strict=True)]


_ROWS = {
    "goals": rows.goal_rows,
    "indicators": indicator_rows,
    "financial_lines": rows.financial_rows,
    "sick_leave": sick_leave_rows,
    "tables": rows.table_rows,
    "sections": rows.section_rows,
    "warnings": rows.warning_rows,
}


_INTEGERS = {  # whole-number columns that may be missing: Int64
    "goals": ["scale_size", "scale_position", "assessment_page", "assessment_line"],
    "indicators": ["period_year"],
    "financial_lines": ["period_year", "amount_sek"],
    "sick_leave": ["period_year", "year"],
    "tables": ["rows", "facts"],
    "sections": ["level"],
    "warnings": [],
}


_FLOATS = {"x0", "top", "x1", "bottom", "percent", "value", "score", "category_score"}


def extraction_frames(ex: Extraction) -> dict[str, pd.DataFrame]:
    """Every frame of FRAMES, the document's keys first in each (an empty frame keeps its columns)."""
    keys = document_keys(ex)
    frames = {}
    for name in FRAMES:
        found = _ROWS[name](ex)
        frame = pd.DataFrame([keys | row for row in found]) if found else \
            pd.DataFrame(columns=KEY_COLUMNS + _sample_columns()[name])
        frames[name] = _typed(frame, ["ord", "fiscal_year", "page", "line", "block", *_INTEGERS[name]])
    return frames


@cache
def _sample_columns() -> dict[str, list[str]]:
    """The columns of each frame, read off a made-up extraction with one item of every kind."""
    from kommunrapport.models.provenance import Provenance
    from kommunrapport.models.report import (
        FinancialLine,
        Goal,
        Indicator,
        IndicatorValue,
        Section,
        SickLeaveFigure,
        Source,
        Warning,
    )

    prov, period = Provenance(), Period()
    sample = Extraction(
        source=Source(path="", sha256="", format="text"),
        sections=[Section(heading="", provenance=prov)],
        goals=[Goal(id="", text="", level="committee", provenance=prov)],
        indicators=[Indicator(id="", name="", provenance=prov,
                              values=[IndicatorValue(kind="outcome", period=period, raw="")])],
        financial_lines=[FinancialLine(table="other", label="", category="other", measure="outcome",
                                       period=period, raw="", unit_raw="", provenance=prov)],
        sick_leave=[SickLeaveFigure(category="total", period=period, percent=0.0, raw="", provenance=prov)],
        tables=[TableSummary(id="", provenance=prov)],
        warnings=[Warning(code="", message="")],
    )
    return {name: list(_ROWS[name](sample)[0]) for name in FRAMES}


def _typed(frame: pd.DataFrame, integers: list[str]) -> pd.DataFrame:
    """Dates as datetime64, whole numbers that may be missing as Int64: what pandas users expect."""
    for column in frame.columns:
        if column.endswith(("_start", "_end")):
            frame[column] = pd.to_datetime(frame[column])
        elif column in integers:
            frame[column] = frame[column].astype("Int64")
        elif column in _FLOATS:
            frame[column] = frame[column].astype("float64")
    return frame
