"""The corpus tables, declared once: the DuckDB DDL and the Arrow schemas both come from here.

Every child table is keyed by the document's content hash (`sha256`) and the item's position in
its list (`ord`), so re-storing a document replaces exactly its own rows. Provenance is flattened
into the same eight columns everywhere (bbox as x0/top/x1/bottom), so the tables open in Excel.
"""
from __future__ import annotations

from functools import cache

import pyarrow as pa

PROVENANCE = [
    ("page", "INTEGER"), ("line", "INTEGER"), ("block", "INTEGER"),
    ("x0", "DOUBLE"), ("top", "DOUBLE"), ("x1", "DOUBLE"), ("bottom", "DOUBLE"),
    ("method", "VARCHAR"),
]
PERIOD = [("period_year", "INTEGER"), ("period_start", "DATE"), ("period_end", "DATE"), ("period_raw", "VARCHAR")]
ITEM_KEY = [("sha256", "VARCHAR"), ("ord", "INTEGER")]

TABLES: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("sha256", "VARCHAR"), ("path", "VARCHAR"), ("file_name", "VARCHAR"), ("format", "VARCHAR"),
        ("pages", "INTEGER"), ("size_bytes", "BIGINT"),
        ("municipality", "VARCHAR"), ("municipality_code", "VARCHAR"),
        ("committee", "VARCHAR"), ("committee_raw", "VARCHAR"),
        ("document_type", "VARCHAR"), ("document_type_raw", "VARCHAR"), ("fiscal_year", "INTEGER"),
        ("period_start", "DATE"), ("period_end", "DATE"), ("decision_date", "DATE"),
        ("registration_number", "VARCHAR"),
        ("schema_version", "VARCHAR"), ("extractor_version", "VARCHAR"),
        ("extracted_at", "TIMESTAMP"), ("extract_seconds", "DOUBLE"),
        ("extraction_json", "VARCHAR"),
    ],
    "sections": ITEM_KEY + [
        ("heading", "VARCHAR"), ("canonical", "VARCHAR"), ("score", "DOUBLE"), ("level", "INTEGER"),
    ] + PROVENANCE,
    "goals": ITEM_KEY + [
        ("goal_id", "VARCHAR"), ("text", "VARCHAR"), ("level", "VARCHAR"), ("parent_id", "VARCHAR"),
        ("perspective", "VARCHAR"),
        ("assessment", "VARCHAR"), ("assessment_is_forecast", "BOOLEAN"), ("assessment_raw", "VARCHAR"),
        ("assessment_basis", "VARCHAR"), ("scale_size", "INTEGER"), ("scale_position", "INTEGER"),
        ("scale_labels", "VARCHAR[]"), ("assessment_page", "INTEGER"), ("assessment_line", "INTEGER"),
        ("assessment_method", "VARCHAR"), ("indicator_ids", "VARCHAR[]"),
    ] + PROVENANCE,
    "indicators": ITEM_KEY + [
        ("indicator_id", "VARCHAR"), ("name", "VARCHAR"), ("unit", "VARCHAR"), ("goal_id", "VARCHAR"),
        ("table_id", "VARCHAR"),
    ] + PROVENANCE,
    "indicator_values": [("sha256", "VARCHAR"), ("indicator_ord", "INTEGER"), ("ord", "INTEGER"),
                         ("indicator_id", "VARCHAR"), ("kind", "VARCHAR")] + PERIOD + [
        ("value", "DOUBLE"), ("raw", "VARCHAR"),
    ],
    "financial_lines": ITEM_KEY + [
        ("table_kind", "VARCHAR"), ("table_title", "VARCHAR"), ("label", "VARCHAR"), ("category", "VARCHAR"),
        ("category_score", "DOUBLE"), ("measure", "VARCHAR"),
    ] + PERIOD + [
        ("amount_sek", "BIGINT"), ("raw", "VARCHAR"), ("unit_raw", "VARCHAR"),
        ("is_total", "BOOLEAN"), ("sign_flipped", "BOOLEAN"), ("table_id", "VARCHAR"),
    ] + PROVENANCE,
    "sick_leave": ITEM_KEY + [("category", "VARCHAR")] + PERIOD + [
        ("percent", "DOUBLE"), ("raw", "VARCHAR"), ("table_id", "VARCHAR"),
    ] + PROVENANCE,
    # what was made of each table: its columns and measures, how many facts, whether its own
    # arithmetic held, and why it gave none (`skipped`); the facts above name it by `table_id`
    "tables": ITEM_KEY + [
        ("table_id", "VARCHAR"), ("title", "VARCHAR"), ("kind", "VARCHAR"), ("unit_raw", "VARCHAR"),
        ("unit_source", "VARCHAR"), ("sign_flipped", "BOOLEAN"), ("columns", "VARCHAR[]"),
        ("measures", "VARCHAR[]"), ("rows", "INTEGER"), ("facts", "INTEGER"), ("reconciled", "VARCHAR"),
        ("skipped", "VARCHAR"),
    ] + PROVENANCE,
    "warnings": ITEM_KEY + [("code", "VARCHAR"), ("message", "VARCHAR")] + PROVENANCE,
    "failures": [
        ("path", "VARCHAR"), ("sha256", "VARCHAR"), ("error_type", "VARCHAR"), ("message", "VARCHAR"),
        ("extractor_version", "VARCHAR"), ("failed_at", "TIMESTAMP"),
    ],
    "meta": [("key", "VARCHAR"), ("value", "VARCHAR")],
}

PRIMARY_KEYS = {
    "documents": ("sha256",),
    "indicator_values": ("sha256", "indicator_ord", "ord"),
    "failures": ("path",),
    "meta": ("key",),
}

# The tables one document's extraction fills (documents first), and the ones an export writes.
DOCUMENT_TABLES = ["documents", "sections", "goals", "indicators", "indicator_values",
                   "financial_lines", "sick_leave", "tables", "warnings"]
EXPORT_TABLES = DOCUMENT_TABLES + ["failures"]
# Bulky or internal columns an export leaves out (the full JSON stays queryable in the store).
NOT_EXPORTED = {"extraction_json"}

_ARROW_TYPES = {
    "VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(), "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"),
    "VARCHAR[]": pa.list_(pa.string()),
}


def primary_key(table: str) -> tuple[str, ...]:
    return PRIMARY_KEYS.get(table, ("sha256", "ord"))


def create_table_sql(table: str) -> str:
    columns = ", ".join(f'"{name}" {kind}' for name, kind in TABLES[table])
    key = ", ".join(primary_key(table))
    return f"CREATE TABLE IF NOT EXISTS {table} ({columns}, PRIMARY KEY ({key}))"


@cache
def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(name, _ARROW_TYPES[kind]) for name, kind in TABLES[table]])


def list_columns(table: str) -> list[str]:
    return [name for name, kind in TABLES[table] if kind.endswith("[]")]
