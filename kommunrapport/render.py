"""Extractions -> the text the CLI prints: contract JSON, a readable summary, or tidy CSV."""
from __future__ import annotations

import csv
import io
from collections import Counter

from kommunrapport.models.report import Extraction, TableSummary


def render(extractions: list[Extraction], fmt: str, indent: int | None = None) -> str:
    if fmt == "json":
        if len(extractions) == 1:
            return extractions[0].model_dump_json(indent=indent) + "\n"
        return "".join(e.model_dump_json() + "\n" for e in extractions)
    if fmt == "csv":
        return financial_csv(extractions)
    return "\n".join(summary(e) for e in extractions)


def summary(e: Extraction) -> str:
    r = e.report
    muni = f"{r.municipality.name} ({r.municipality.code})" if r.municipality else "-"
    lines = [
        f"{e.source.path}  [{e.source.format.value}, {e.source.pages or '-'} pages]",
        f"  municipality      {muni}",
        f"  committee         {r.committee.name if r.committee else '-'}",
        f"  document type     {r.document_type.value}  ({r.document_type_raw or '-'})",
        f"  fiscal year       {r.fiscal_year or '-'}   period {r.period_start or '-'} .. {r.period_end or '-'}",
        f"  decision date     {r.decision_date or '-'}   diarienummer {r.registration_number or '-'}",
        f"  sections          {len(e.sections)} ({sum(1 for s in e.sections if s.canonical)} matched)",
        f"  goals             {len(e.goals)} " + _counts(g.level.value for g in e.goals),
        f"  assessments       {sum(1 for g in e.goals if g.assessment)} "
        + _counts(g.assessment.level.value for g in e.goals if g.assessment),
        f"  indicators        {len(e.indicators)}",
        f"  financial lines   {len(e.financial_lines)} " + _counts(f.table.value for f in e.financial_lines),
        f"  sick leave        {len(e.sick_leave)} " + _counts(s.category.value for s in e.sick_leave),
        f"  warnings          {len(e.warnings)} " + _counts(w.code for w in e.warnings),
        f"  tables            {len(e.tables)} " + _counts(t.kind.value if t.kind else "-" for t in e.tables),
        *(_table_lines(t) for t in e.tables),
    ]
    return "\n".join(lines) + "\n"


def _table_lines(t: TableSummary) -> str:
    """One table: its id, kind, title, unit and where it came from, rows and facts, whether its arithmetic
    holds, or why it gave nothing; then each column's measure and period."""
    title = (t.title or "-")[:48]
    where = f"p{t.provenance.page}" if t.provenance.page else f"l{t.provenance.line}" if t.provenance.line else ""
    head = f"    {t.id:<4} {where:<6} {(t.kind.value if t.kind else '-'):<11} {title}"
    if t.skipped:
        return f"{head}  -- skipped: {t.skipped}"
    if not t.facts:
        return head
    unit = f"{t.unit_raw} ({t.unit_source.value if t.unit_source else '?'})" if t.unit_raw else "-"
    out = [f"{head}  [{unit}; {t.rows} rows, {t.facts} facts; reconciled {t.reconciled.value}"
           + ("; signs turned" if t.sign_flipped else "") + "]"]
    if t.unit_raw:
        cols = [f"{' '.join(c.header.split()) or '?'} = {c.measure.value if c.measure else '-'}"
                + (f" {c.period.year}" if c.period and c.period.year else "") for c in t.columns]
        out.append("           " + " | ".join(cols))
    return "\n".join(out)


def _counts(values) -> str:
    c = Counter(values)
    return "(" + ", ".join(f"{k} {n}" for k, n in sorted(c.items())) + ")" if c else ""


CSV_COLUMNS = ["document", "table", "table_title", "label", "category", "measure", "period_year", "period_start",
               "period_end", "period_raw", "amount_sek", "raw", "unit_raw", "is_total", "sign_flipped",
               "page", "line", "method"]


def financial_csv(extractions: list[Extraction]) -> str:
    """One number per row, for pandas.read_csv."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for e in extractions:
        for f in e.financial_lines:
            w.writerow([e.source.path, f.table.value, f.table_title or "", f.label, f.category.value, f.measure.value,
                        f.period.year or "", f.period.start or "", f.period.end or "", f.period.raw,
                        "" if f.amount_sek is None else f.amount_sek, f.raw, f.unit_raw, f.is_total,
                        f.sign_flipped, f.provenance.page or "", f.provenance.line or "", f.provenance.method])
    return buf.getvalue()
