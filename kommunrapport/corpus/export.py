"""The canonical tables out of the store, for pandas, R or Excel users: one Parquet or CSV file per
table, or one Excel workbook with a sheet per table. Each file appears only once fully written."""
from __future__ import annotations

from pathlib import Path

import duckdb

from kommunrapport.corpus import keys, schema
from kommunrapport.corpus.store import CorpusError, connect
from kommunrapport.corpus.writing import OutputError, write_atomically
from kommunrapport.read.errors import display_path

FORMATS = ("parquet", "csv", "xlsx")
EXCEL_MAX_ROWS = 1_048_575        # one row is the header


# tables of one document's facts: every exported row gets the document's keys (corpus/keys.py)
KEYED_TABLES = [t for t in schema.DOCUMENT_TABLES if t != "documents"]


def select_sql(table: str, *, flatten_lists: bool) -> str:
    """The exported columns of a table in key order; list columns joined with '; ' where the
    format cannot hold a list. A table of facts starts with the keys of its document, and the
    sick-leave table adds Kolada's key shape (year, gender, KPI id)."""
    keyed = table in KEYED_TABLES
    columns = [keys.key_select_sql("d")] if keyed else []
    for name, kind in schema.TABLES[table]:
        if name in schema.NOT_EXPORTED or (keyed and name == "sha256"):
            continue
        quoted = f't."{name}"'
        columns.append(f"array_to_string({quoted}, '; ') AS \"{name}\"" if flatten_lists and kind.endswith("[]")
                       else quoted)
    if table == "sick_leave":
        columns.append(keys.kolada_select_sql(
            "sick_leave", "t.category", "coalesce(t.period_year, year(t.period_end), year(t.period_start))",
            "d.committee"))
    order = ", ".join(f"t.{c}" for c in schema.primary_key(table))
    joined = " JOIN documents d ON d.sha256 = t.sha256" if keyed else ""
    return f"SELECT {', '.join(columns)} FROM {table} t{joined} ORDER BY {order}"


def export(db: str | Path, fmt: str, outdir: str | Path) -> list[Path]:
    if fmt not in FORMATS:
        raise CorpusError(f"unknown export format '{fmt}' (one of {', '.join(FORMATS)})")
    con = connect(db, read_only=True)
    outdir = Path(outdir)
    try:
        try:
            outdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{display_path(outdir)}: cannot make the folder ({exc.strerror or exc})") from None
        if fmt == "xlsx":
            return [_export_workbook(con, outdir / "corpus.xlsx")]
        return [_export_table(con, table, fmt, outdir / f"{table}.{fmt}") for table in schema.EXPORT_TABLES]
    finally:
        con.close()


def _export_table(con: duckdb.DuckDBPyConnection, table: str, fmt: str, target: Path) -> Path:
    options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER"
    sql = select_sql(table, flatten_lists=fmt == "csv")
    return write_atomically(target, lambda tmp: con.execute(f"COPY ({sql}) TO '{_sql_string(tmp)}' ({options})"),
                            errors=(duckdb.Error,))


def _export_workbook(con: duckdb.DuckDBPyConnection, target: Path) -> Path:
    from kommunrapport.corpus.output import write_workbook

    frames = {table: con.execute(select_sql(table, flatten_lists=True)).df() for table in schema.EXPORT_TABLES}
    too_long = [t for t, df in frames.items() if len(df) > EXCEL_MAX_ROWS]
    if too_long:
        raise CorpusError(f"{', '.join(too_long)}: more rows than an Excel sheet holds; export as parquet or csv")
    return write_atomically(target, lambda tmp: write_workbook(frames, tmp))   # report text never a formula


def _sql_string(path: Path) -> str:
    return str(path).replace("'", "''")
