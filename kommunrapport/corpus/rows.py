"""One Extraction -> the rows of each corpus table (plain dicts keyed by column name)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kommunrapport.models.provenance import Provenance
from kommunrapport.models.report import Extraction, Period


def provenance_columns(prov: Provenance | None) -> dict:
    if prov is None:
        return {}
    x0, top, x1, bottom = prov.bbox if prov.bbox else (None, None, None, None)
    return {"page": prov.page, "line": prov.line, "block": prov.block,
            "x0": x0, "top": top, "x1": x1, "bottom": bottom, "method": prov.method}


def period_columns(period: Period) -> dict:
    return {"period_year": period.year, "period_start": period.start, "period_end": period.end,
            "period_raw": period.raw}


def document_row(ex: Extraction, *, size_bytes: int | None, extractor_version: str,
                 extracted_at: datetime, seconds: float | None) -> dict:
    r = ex.report
    return {
        "sha256": ex.source.sha256, "path": ex.source.path, "file_name": Path(ex.source.path).name,
        "format": ex.source.format.value, "pages": ex.source.pages, "size_bytes": size_bytes,
        "municipality": r.municipality.name if r.municipality else None,
        "municipality_code": r.municipality.code if r.municipality else None,
        "committee": r.committee.name if r.committee else None,
        "committee_raw": r.committee.raw if r.committee else None,
        "document_type": r.document_type.value, "document_type_raw": r.document_type_raw,
        "fiscal_year": r.fiscal_year, "period_start": r.period_start, "period_end": r.period_end,
        "decision_date": r.decision_date, "registration_number": r.registration_number,
        "schema_version": ex.schema_version, "extractor_version": extractor_version,
        "extracted_at": extracted_at, "extract_seconds": seconds,
        "extraction_json": ex.to_json(),
    }


def section_rows(ex: Extraction) -> list[dict]:
    return [{"ord": i, "heading": s.heading, "canonical": s.canonical.value if s.canonical else None,
             "score": s.score, "level": s.level, **provenance_columns(s.provenance)}
            for i, s in enumerate(ex.sections)]


def goal_rows(ex: Extraction) -> list[dict]:
    rows = []
    for i, g in enumerate(ex.goals):
        a = g.assessment
        rows.append({
            "ord": i, "goal_id": g.id, "text": g.text, "level": g.level.value, "parent_id": g.parent_id,
            "perspective": g.perspective,
            "assessment": a.level.value if a else None,
            "assessment_is_forecast": a.is_forecast if a else None,
            "assessment_raw": a.raw if a else None,
            "assessment_basis": a.basis.value if a else None,
            "scale_size": a.scale.size if a and a.scale else None,
            "scale_position": a.scale.position if a and a.scale else None,
            "scale_labels": a.scale.labels if a and a.scale else None,
            "assessment_page": a.provenance.page if a else None,
            "assessment_line": a.provenance.line if a else None,
            "assessment_method": a.provenance.method if a else None,
            "indicator_ids": list(g.indicator_ids),
            **provenance_columns(g.provenance),
        })
    return rows


def indicator_rows(ex: Extraction) -> list[dict]:
    return [{"ord": i, "indicator_id": ind.id, "name": ind.name, "unit": ind.unit.value if ind.unit else None,
             "goal_id": ind.goal_id, "table_id": ind.table_id, **provenance_columns(ind.provenance)}
            for i, ind in enumerate(ex.indicators)]


def indicator_value_rows(ex: Extraction) -> list[dict]:
    return [{"indicator_ord": i, "ord": j, "indicator_id": ind.id, "kind": v.kind.value,
             **period_columns(v.period), "value": v.value, "raw": v.raw}
            for i, ind in enumerate(ex.indicators) for j, v in enumerate(ind.values)]


def financial_rows(ex: Extraction) -> list[dict]:
    return [{"ord": i, "table_kind": f.table.value, "table_title": f.table_title, "label": f.label,
             "category": f.category.value, "category_score": f.category_score, "measure": f.measure.value,
             **period_columns(f.period), "amount_sek": f.amount_sek, "raw": f.raw, "unit_raw": f.unit_raw,
             "is_total": f.is_total, "sign_flipped": f.sign_flipped, "table_id": f.table_id,
             **provenance_columns(f.provenance)}
            for i, f in enumerate(ex.financial_lines)]


def sick_leave_rows(ex: Extraction) -> list[dict]:
    return [{"ord": i, "category": s.category.value, **period_columns(s.period), "percent": s.percent,
             "raw": s.raw, "table_id": s.table_id, **provenance_columns(s.provenance)}
            for i, s in enumerate(ex.sick_leave)]


def table_rows(ex: Extraction) -> list[dict]:
    return [{"ord": i, "table_id": t.id, "title": t.title, "kind": t.kind.value if t.kind else None,
             "unit_raw": t.unit_raw, "unit_source": t.unit_source.value if t.unit_source else None,
             "sign_flipped": t.sign_flipped, "columns": [c.header for c in t.columns],
             "measures": [c.measure.value if c.measure else None for c in t.columns],
             "rows": t.rows, "facts": t.facts, "reconciled": t.reconciled.value, "skipped": t.skipped,
             **provenance_columns(t.provenance)}
            for i, t in enumerate(ex.tables)]


def warning_rows(ex: Extraction) -> list[dict]:
    return [{"ord": i, "code": w.code, "message": w.message, **provenance_columns(w.provenance)}
            for i, w in enumerate(ex.warnings)]


CHILD_ROWS = {
    "sections": section_rows,
    "goals": goal_rows,
    "indicators": indicator_rows,
    "indicator_values": indicator_value_rows,
    "financial_lines": financial_rows,
    "sick_leave": sick_leave_rows,
    "tables": table_rows,
    "warnings": warning_rows,
}


def child_rows(ex: Extraction) -> dict[str, list[dict]]:
    """Every child table's rows, each stamped with the document's hash."""
    sha = ex.source.sha256
    return {table: [{"sha256": sha, **row} for row in make(ex)] for table, make in CHILD_ROWS.items()}
