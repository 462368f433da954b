"""One metric across municipalities: one row per municipality (or per document), with the document
and the provenance each value came from.

A metric is `family.name`: `sick_leave.<category>` (percent), `financial.<category>` (kronor, of one
`measure`, default the outcome), `goals.count`, `goals.assessed` and `goals.share_<level>` (percent of
the assessed goals). Where a municipality has several candidates, the choice prefers a figure for the
whole year, then the latest period, then a total row of the operating table, then an annual report
over an interim report over a plan.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from kommunrapport.corpus.store import CorpusError, connect
from kommunrapport.corpus.writing import write_atomically
from kommunrapport.models.report import (
    AssessmentLevel,
    FinanceCategory,
    Measure,
    SickLeaveCategory,
)

COLUMNS = ["municipality", "code", "committee", "document", "document_type", "year", "period",
           "value", "unit", "raw", "provenance"]
DOCUMENT_TYPE_RANK = "CASE document_type WHEN 'annual_report' THEN 0 WHEN 'interim_report' THEN 1 " \
                     "WHEN 'monthly_report' THEN 2 WHEN 'other' THEN 3 ELSE 4 END"


@dataclass(frozen=True)
class Metric:
    family: str
    name: str
    unit: str

    @property
    def full_name(self) -> str:
        return f"{self.family}.{self.name}"


def metrics() -> dict[str, Metric]:
    found = [Metric("sick_leave", c.value, "percent") for c in SickLeaveCategory]
    found += [Metric("financial", c.value, "sek") for c in FinanceCategory]
    found += [Metric("goals", "count", "count"), Metric("goals", "assessed", "count")]
    found += [Metric("goals", f"share_{level.value}", "percent") for level in AssessmentLevel]
    return {m.full_name: m for m in found}


def metric_of(name: str) -> Metric:
    known = metrics()
    if name not in known:
        families = "sick_leave.<category>, financial.<category>, goals.count, goals.assessed, goals.share_<level>"
        raise CorpusError(f"unknown metric '{name}' (one of {families}; e.g. sick_leave.total, "
                          "financial.net_cost, goals.share_fulfilled)")
    return known[name]


# Candidate rows of each family: sha256, year, value, raw, period bounds, provenance, item rank keys.
_PERIOD_YEAR = "coalesce(period_year, year(period_end), year(period_start))"
_FULL_YEAR = ("coalesce(month(period_start) = 1 AND day(period_start) = 1 AND month(period_end) = 12 "
              "AND day(period_end) = 31, period_start IS NULL AND period_end IS NULL)")

_CANDIDATES = {
    "sick_leave": f"""
        SELECT sha256, {_PERIOD_YEAR} AS year, percent AS value, raw, period_start, period_end, period_raw,
               page, line, method, {_FULL_YEAR} AS full_year, 0 AS item_rank, ord
        FROM sick_leave WHERE category = $name""",
    "financial": f"""
        SELECT sha256, {_PERIOD_YEAR} AS year, amount_sek::DOUBLE AS value, raw, period_start, period_end,
               period_raw, page, line, method, {_FULL_YEAR} AS full_year,
               (CASE WHEN is_total THEN 0 ELSE 2 END) + (CASE WHEN table_kind = 'operating' THEN 0 ELSE 1 END)
                   AS item_rank, ord
        FROM financial_lines WHERE category = $name AND measure = $measure AND amount_sek IS NOT NULL""",
    "goals": """
        SELECT d.sha256, d.fiscal_year AS year, NULL::DOUBLE AS value, NULL AS raw,
               d.period_start, d.period_end, NULL AS period_raw,
               NULL::INTEGER AS page, NULL::INTEGER AS line, 'aggregate:goals' AS method,
               TRUE AS full_year, 0 AS item_rank, 0 AS ord,
               count(g.sha256) AS n_goals,
               count(*) FILTER (WHERE g.assessment IS NOT NULL AND g.assessment <> 'not_assessed') AS n_assessed,
               count(*) FILTER (WHERE g.assessment = $level) AS n_level
        FROM documents d JOIN goals g USING (sha256)
        GROUP BY ALL""",
}


def _goal_value_sql(metric: Metric) -> tuple[str, str]:
    """The value and raw-text expressions of a goals metric."""
    if metric.name == "count":
        return "n_goals::DOUBLE", "n_goals || ' goals'"
    if metric.name == "assessed":
        return "n_assessed::DOUBLE", "n_assessed || ' of ' || n_goals || ' goals assessed'"
    return ("CASE WHEN n_assessed > 0 THEN round(100.0 * n_level / n_assessed, 1) END",
            "n_level || ' of ' || n_assessed || ' assessed goals'")


def _candidates_sql(metric: Metric) -> str:
    if metric.family != "goals":
        return _CANDIDATES[metric.family]
    value, raw = _goal_value_sql(metric)
    return f"""SELECT * REPLACE ({value} AS value, {raw} AS raw) FROM ({_CANDIDATES['goals']})
               WHERE n_goals > 0"""


def compare_sql(metric: Metric, *, per_document: bool) -> str:
    group = "c.sha256" if per_document else "coalesce(d.municipality_code, d.municipality, c.sha256)"
    return f"""
    WITH c AS ({_candidates_sql(metric)}),
    ranked AS (
        SELECT d.municipality, d.municipality_code AS code, d.committee, d.file_name AS document,
               d.document_type, c.*,
               row_number() OVER (
                   PARTITION BY {group}
                   ORDER BY c.year DESC NULLS LAST, c.full_year DESC NULLS LAST, c.period_end DESC NULLS LAST,
                            c.item_rank, {DOCUMENT_TYPE_RANK.replace('document_type', 'd.document_type')},
                            d.period_end DESC NULLS LAST, d.path, c.ord) AS pick
        FROM c JOIN documents d USING (sha256)
        WHERE c.value IS NOT NULL AND ($year IS NULL OR c.year = $year)
    )
    SELECT * FROM ranked WHERE pick = 1
    ORDER BY municipality NULLS LAST, committee NULLS LAST, document
    """


def compare(con: duckdb.DuckDBPyConnection, metric_name: str, *, year: int | None = None,
            measure: str = "outcome", per_document: bool = False) -> pd.DataFrame:
    """The metric per municipality (or per document) as a DataFrame of COLUMNS."""
    metric = metric_of(metric_name)
    if measure not in {m.value for m in Measure}:
        raise CorpusError(f"unknown measure '{measure}' (one of {', '.join(m.value for m in Measure)})")
    params = {"name": metric.name, "measure": measure, "year": year,
              "level": metric.name.removeprefix("share_")}
    sql = compare_sql(metric, per_document=per_document)
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    try:
        found = con.execute(sql, used).df()
    except duckdb.Error as exc:
        raise CorpusError(f"compare failed: {str(exc).splitlines()[0]}") from None
    return _presentable(found, metric)


def compare_table(db, metric_name: str, **options) -> pd.DataFrame:
    """compare() on the store at `db`, opened read-only."""
    con = connect(db, read_only=True)
    try:
        return compare(con, metric_name, **options)
    finally:
        con.close()


def _presentable(found: pd.DataFrame, metric: Metric) -> pd.DataFrame:
    if found.empty:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.DataFrame({
        "municipality": found["municipality"],
        "code": found["code"],
        "committee": found["committee"],
        "document": found["document"],
        "document_type": found["document_type"],
        "year": found["year"].astype("Int64"),
        "period": [_period_text(r) for r in found.itertuples()],
        "value": found["value"].astype(int) if metric.unit in {"sek", "count"} else found["value"],
        "unit": metric.unit,
        "raw": found["raw"],
        "provenance": [provenance_text(r.page, r.line, r.method) for r in found.itertuples()],
    })
    return out.reset_index(drop=True)


def _period_text(row) -> str:
    if isinstance(row.period_raw, str) and row.period_raw:
        return row.period_raw
    if pd.notna(row.period_start) and pd.notna(row.period_end):
        return f"{pd.Timestamp(row.period_start).date()}..{pd.Timestamp(row.period_end).date()}"
    return "" if pd.isna(row.year) else str(int(row.year))


def provenance_text(page, line, method) -> str:
    where = []
    if pd.notna(page):
        where.append(f"page {int(page)}")
    if pd.notna(line):
        where.append(f"line {int(line)}")
    if isinstance(method, str) and method:
        where.append(method)
    return ", ".join(where)


def chart_title(metric_name: str, year: int | None, measure: str) -> str:
    what = f"{metric_name} ({measure})" if metric_name.startswith("financial.") else metric_name
    return f"{what} {year}" if year else what


def bar_chart(table: pd.DataFrame, path: str, *, title: str) -> None:
    """A horizontal bar chart of `value` by municipality (or document, where none is known)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = table.sort_values("value")
    labels = [m if isinstance(m, str) and m else d for m, d in zip(rows["municipality"], rows["document"],
                                                                   strict=True)]
    values, unit = _chart_values(rows)
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(rows) + 1.6))
    bars = ax.barh(labels, values, color="#3b6ea5")
    ax.bar_label(bars, labels=[_format_value(v) for v in values], padding=3, fontsize=8)
    ax.set_xlabel(unit)
    ax.set_title(title)
    ax.margins(x=0.15)
    fig.tight_layout()
    try:
        write_atomically(path, lambda tmp: fig.savefig(tmp, dpi=150, format="png"))
    finally:
        plt.close(fig)


def _chart_values(rows: pd.DataFrame) -> tuple[list[float], str]:
    unit = rows["unit"].iloc[0] if len(rows) else ""
    values = [float(v) for v in rows["value"]]
    if unit == "sek" and values and max(abs(v) for v in values) >= 1e6:
        return [v / 1e6 for v in values], "mkr"
    return values, {"percent": "%", "sek": "kr"}.get(unit, unit)


def _format_value(value: float) -> str:
    return f"{value:,.1f}".replace(",", " ") if value % 1 else f"{value:,.0f}".replace(",", " ")
