"""The canonical tables out of the store, for pandas, R or Excel users: one Parquet or CSV file per
table, or one Excel workbook with a sheet per table. Each file appears only once fully written."""
from __future__ import annotations

from pathlib import Path

import duckdb

from kommunrapport.corpus import schema
from kommunrapport.corpus.excel import defuse
from kommunrapport.corpus.store import CorpusError, connect
from kommunrapport.corpus.writing import OutputError, write_atomically
from kommunrapport.read.errors import display_path

FORMATS = ("parquet", "csv", "xlsx")
EXCEL_MAX_ROWS = 1_048_575        # one row is the header
EXCEL_MAX_CELL = 32_767


def select_sql(table: str, *, flatten_lists: bool) -> str:
    """The exported columns of a table in key order; list columns joined with '; ' where the
    format cannot hold a list."""
    columns = []
    for name, kind in schema.TABLES[table]:
        if name in schema.NOT_EXPORTED:
            continue
        quoted = f'"{name}"'
        columns.append(f"array_to_string({quoted}, '; ') AS {quoted}" if flatten_lists and kind.endswith("[]")
                       else quoted)
    order = ", ".join(schema.primary_key(table))
    return f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}"


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
    import pandas as pd

    frames = {table: con.execute(select_sql(table, flatten_lists=True)).df() for table in schema.EXPORT_TABLES}
    too_long = [t for t, df in frames.items() if len(df) > EXCEL_MAX_ROWS]
    if too_long:
        raise CorpusError(f"{', '.join(too_long)}: more rows than an Excel sheet holds; export as parquet or csv")

    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for table, df in frames.items():
                _excel_safe(df).to_excel(writer, sheet_name=table, index=False)
            defuse(writer.book)          # report text is never a formula (corpus/excel.py)

    return write_atomically(target, write)


def _excel_safe(df):
    """Strings without the control characters Excel refuses, cut to the length of one cell."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for column in df.columns:
        if df[column].dtype == object:
            df[column] = df[column].map(
                lambda v: ILLEGAL_CHARACTERS_RE.sub("", v)[:EXCEL_MAX_CELL] if isinstance(v, str) else v)
    return df


def _sql_string(path: Path) -> str:
    return str(path).replace("'", "''")
