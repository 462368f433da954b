"""The keys every exported row carries, so that a researcher joins with Kolada or SCB without SQL.

Each row names its document (file name and content hash), the municipality (name and 4-digit SCB
code), the committee, the document type, the fiscal year and the reporting period. Sick-leave rows
add Kolada's key shape: the year the figure is about, the gender (T / K / M) and, for a figure that
is the whole municipality's, the Kolada KPI id of normalize/data/kolada.toml.
"""
from __future__ import annotations

from pathlib import PurePath

from kommunrapport.models.report import Extraction
from kommunrapport.normalize.vocab import load_vocab

KEY_COLUMNS = ["document", "sha256", "municipality", "municipality_code", "committee", "document_type",
               "fiscal_year", "report_period_start", "report_period_end"]
KOLADA_COLUMNS = ["year", "gender", "kolada_kpi"]


def document_keys(ex: Extraction) -> dict:
    r = ex.report
    return {
        "document": PurePath(ex.source.path).name, "sha256": ex.source.sha256,
        "municipality": r.municipality.name if r.municipality else None,
        "municipality_code": r.municipality.code if r.municipality else None,
        "committee": r.committee.name if r.committee else None,
        "document_type": r.document_type.value, "fiscal_year": r.fiscal_year,
        "report_period_start": r.period_start, "report_period_end": r.period_end,
    }


def kolada() -> dict:
    return load_vocab("kolada")


def is_whole_municipality(committee: str | None) -> bool:
    """A report of no committee (the municipality's own) or of the committees kolada.toml names."""
    if committee is None:
        return True
    return committee.strip().lower() in {c.lower() for c in kolada().get("whole_municipality_committees", [])}


def gender_of(category: str) -> str | None:
    return kolada().get("gender", {}).get(category)


def kpi_of(metric: str, committee: str | None) -> str | None:
    """The Kolada KPI id of `family.name`, for a whole-municipality figure only."""
    if not is_whole_municipality(committee):
        return None
    return kolada().get("kpi", {}).get(metric) or None


def kolada_columns(family: str, category: str, year: int | None, committee: str | None) -> dict:
    return {"year": year, "gender": gender_of(category), "kolada_kpi": kpi_of(f"{family}.{category}", committee)}


# ---- the same keys in SQL over the store ------------------------------------------------------------

def key_select_sql(alias: str = "d") -> str:
    """The key columns out of the `documents` table aliased `alias`."""
    return ", ".join([
        f"{alias}.file_name AS document", f"{alias}.sha256", f"{alias}.municipality",
        f"{alias}.municipality_code", f"{alias}.committee", f"{alias}.document_type", f"{alias}.fiscal_year",
        f"{alias}.period_start AS report_period_start", f"{alias}.period_end AS report_period_end",
    ])


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def whole_municipality_sql(committee: str) -> str:
    names = [c.lower() for c in kolada().get("whole_municipality_committees", [])]
    listed = ", ".join(_sql_text(n) for n in names) or "NULL"
    return f"({committee} IS NULL OR lower(trim({committee})) IN ({listed}))"


def _case_sql(expr: str, mapping: dict[str, str]) -> str:
    if not mapping:
        return "NULL::VARCHAR"
    whens = " ".join(f"WHEN {_sql_text(k)} THEN {_sql_text(v)}" for k, v in mapping.items())
    return f"CASE {expr} {whens} END"


def kolada_select_sql(family: str, category: str, year: str, committee: str) -> str:
    """year, gender and kolada_kpi of a row whose category is the column `category`."""
    kpis = {name.removeprefix(f"{family}."): kpi for name, kpi in kolada().get("kpi", {}).items()
            if name.startswith(f"{family}.") and kpi}
    kpi = _case_sql(category, kpis)
    return (f"{year} AS year, {_case_sql(category, kolada().get('gender', {}))} AS gender, "
            f"CASE WHEN {whole_municipality_sql(committee)} THEN {kpi} END AS kolada_kpi")
