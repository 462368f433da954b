"""One metric across municipalities: one row per municipality (or per document), with the document
and the provenance each value came from, and the keys every export carries (corpus/keys.py).

A metric is `family.name`: `sick_leave.<category>` (percent), `financial.<category>` (kronor, of one
`measure`, default the outcome), `goals.count`, `goals.assessed` and `goals.share_<level>` (percent of
the assessed goals). Where a municipality has several candidates, the choice prefers a figure for the
whole year, then the latest period, then a total row of the operating table, then an annual report
over an interim report over a plan. Filters (`committee`, `document_type`, `municipality`) narrow
the documents before the choice. `mixes(table)` names what a table mixes that a chart must not:
different years, or different kinds of committee (normalize/data/compare.toml).
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from kommunrapport.corpus import keys
from kommunrapport.corpus.store import CorpusError, connect
from kommunrapport.models.report import (
    AssessmentLevel,
    DocumentType,
    FinanceCategory,
    Measure,
    SickLeaveCategory,
)
from kommunrapport.normalize.vocab import load_vocab

COLUMNS = ["municipality", "municipality_code", "committee", "committee_kind", "document", "document_type",
           "fiscal_year", "year", "period", "period_start", "period_end", "value", "unit", "raw", "provenance", "gender", "kolada_kpi"]
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
        family = name.split(".", 1)[0]
        same_family = [m for m in known if m.startswith(f"{family}.")]
        listed = ", ".join(same_family or known)
        raise CorpusError(f"unknown metric '{name}' (the metrics{' of ' + family if same_family else ''}: "
                          f"{listed})")
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


_FILTERS = {
    "committees": "list_contains($committees, coalesce(d.committee, ''))",
    "document_types": "list_contains($document_types, d.document_type)",
    "municipalities": "(list_contains($municipalities, lower(d.municipality)) "
                      "OR list_contains($municipalities, d.municipality_code))",
}


def compare_sql(metric: Metric, *, per_document: bool, filters: tuple[str, ...] = ()) -> str:
    group = "c.sha256" if per_document else "coalesce(d.municipality_code, d.municipality, c.sha256)"
    filters = "".join(f" AND {_FILTERS[f]}" for f in filters)
    return f"""
    WITH c AS ({_candidates_sql(metric)}),
    ranked AS (
        SELECT d.municipality, d.municipality_code AS code, d.committee, d.file_name AS document,
               d.document_type, d.fiscal_year, c.*,
               row_number() OVER (
                   PARTITION BY {group}
                   ORDER BY c.year DESC NULLS LAST, c.full_year DESC NULLS LAST, c.period_end DESC NULLS LAST,
                            c.item_rank, {DOCUMENT_TYPE_RANK.replace('document_type', 'd.document_type')},
                            d.period_end DESC NULLS LAST, d.path, c.ord) AS pick
        FROM c JOIN documents d USING (sha256)
        WHERE c.value IS NOT NULL AND ($year IS NULL OR c.year = $year) {filters}
    )
    SELECT * FROM ranked WHERE pick = 1
    ORDER BY municipality NULLS LAST, committee NULLS LAST, document
    """


def compare(con: duckdb.DuckDBPyConnection, metric_name: str, *, year: int | None = None,
            measure: str = "outcome", per_document: bool = False, committee: str | None = None,
            document_type: str | None = None, municipality: list[str] | tuple[str, ...] = ()) -> pd.DataFrame:
    """The metric per municipality (or per document) as a DataFrame of COLUMNS.

    committee: a committee's name or part of it ('socialnämnden', 'social- och'), or a kind of
    committee ('social', 'utbildning'); document_type: a DocumentType value; municipality: names or
    SCB codes."""
    metric = metric_of(metric_name)
    if measure not in {m.value for m in Measure}:
        raise CorpusError(f"unknown measure '{measure}' (one of {', '.join(m.value for m in Measure)})")
    params = {"name": metric.name, "measure": measure, "year": year,
              "level": metric.name.removeprefix("share_")}
    if committee:
        params["committees"] = committees_matching(con, committee)
    if document_type:
        if document_type not in {t.value for t in DocumentType}:
            raise CorpusError(f"unknown document type '{document_type}' "
                              f"(one of {', '.join(t.value for t in DocumentType)})")
        params["document_types"] = [document_type]
    if municipality:
        params["municipalities"] = [m.strip().lower() for m in municipality]
    sql = compare_sql(metric, per_document=per_document,
                      filters=tuple(f for f in _FILTERS if f in params))
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


# ---- kinds of committee -----------------------------------------------------------------------------

def committee_kind(committee: str | None) -> str:
    """The kind of a committee from the words of its name (compare.toml); a name of no listed
    kind is its own kind; no committee is the municipality's own report."""
    kinds = load_vocab("compare").get("committee_kinds", {})
    if not committee or not str(committee).strip():
        return "kommun"
    name = str(committee).lower()
    for kind, words in kinds.items():
        if any(w.lower() in name for w in words):
            return kind
    return name.strip()


def committees_matching(con: duckdb.DuckDBPyConnection, wanted: str) -> list[str]:
    """The stored committee names a --committee value picks: by kind, or by (part of) the name."""
    names = [n for (n,) in con.execute("SELECT DISTINCT coalesce(committee, '') FROM documents").fetchall()]
    w = wanted.strip().lower()
    return [n for n in names if committee_kind(n or None) == w or (w and w in n.lower())]


def _presentable(found: pd.DataFrame, metric: Metric) -> pd.DataFrame:
    if found.empty:
        return pd.DataFrame(columns=COLUMNS)
    gender = keys.gender_of(metric.name) if metric.family == "sick_leave" else None
    out = pd.DataFrame({
        "municipality": found["municipality"],
        "municipality_code": found["code"],
        "committee": found["committee"],
        "committee_kind": [committee_kind(c if isinstance(c, str) else None) for c in found["committee"]],
        "document": found["document"],
        "document_type": found["document_type"],
        "fiscal_year": found["fiscal_year"].astype("Int64"),
        "year": found["year"].astype("Int64"),
        "period": [_period_text(r) for r in found.itertuples()],
        "period_start": pd.to_datetime(found["period_start"]),
        "period_end": pd.to_datetime(found["period_end"]),
        "value": found["value"].astype(int) if metric.unit in {"sek", "count"} else found["value"],
        "unit": metric.unit,
        "raw": found["raw"],
        "provenance": [provenance_text(r.page, r.line, r.method) for r in found.itertuples()],
        "gender": gender,
        "kolada_kpi": [keys.kpi_of(metric.full_name, c if isinstance(c, str) else None) for c in found["committee"]],
    })
    return out.reset_index(drop=True)


def mixes(table: pd.DataFrame) -> list[str]:
    """What the rows mix that one chart must not show side by side: years, kinds of committee."""
    found = []
    years = sorted({int(y) for y in table["year"].dropna()})
    if len(years) > 1:
        found.append(f"years ({', '.join(map(str, years))})")
    kinds = sorted(set(table["committee_kind"]))
    if len(kinds) > 1:
        found.append(f"kinds of committee ({', '.join(kinds)})")
    return found


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


def run(db, metric: str, *, fmt: str = "table", output: str | None = None, chart: str | None = None,
        allow_mixed: bool = False, **options) -> list[str]:
    """The `compare` command: the table written (stdout or `output`), the chart drawn where asked.
    Returns the warnings for the user: what the rows mix. A chart that would mix years or kinds of
    committee raises ChartRefused (after the table is written) unless `allow_mixed`."""
    from kommunrapport.corpus.output import atomic_target, write_frame

    table = compare_table(db, metric, **options)
    write_frame(table, fmt, output)
    warnings = [f"the rows mix {m}" for m in mixes(table)] if not table.empty else []
    if chart:
        from kommunrapport.corpus.chart import bar_chart

        with atomic_target(chart) as tmp:
            bar_chart(table, str(tmp), metric=metric, measure=options.get("measure", "outcome"),
                      allow_mixed=allow_mixed)
    return warnings
