"""Query the store, and write result tables and extractions: text, CSV, JSON, Parquet or Excel,
each output file written atomically (it appears only once complete).

    query(db, sql) -> DataFrame                         one SQL statement, read-only
    write_frame(df, fmt, output)                        a result table (corpus query, compare)
    write_workbook(frames, target)                      frames as one .xlsx, a sheet each
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kommunrapport.corpus.writing import OutputError, atomic_target, write_stdout  # one writer for every file

if TYPE_CHECKING:       # pandas and duckdb load only where a table is written: `extract` to JSON needs neither
    import pandas as pd

FRAME_FORMATS = ("table", "csv", "json", "parquet")
EXTRACT_FORMATS = ("json", "jsonl", "table", "csv", "parquet", "xlsx")
SUFFIX_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet",
                  ".xlsx": "xlsx", ".txt": "table"}
BINARY_FORMATS = ("parquet", "xlsx")
MAX_COLUMN_WIDTH = 60
EXCEL_MAX_CELL = 32_767




def query(db: str | Path, sql: str) -> pd.DataFrame:
    """Run one SQL statement against the store, read-only. DuckDB's own hints (a misspelt column's
    'Candidate bindings', a 'Did you mean') are kept in the message."""
    import duckdb

    from kommunrapport.corpus.store import CorpusError, connect

    con = connect(db, read_only=True)
    try:
        return con.execute(sql).df()
    except duckdb.Error as exc:
        raise CorpusError(f"query failed: {duckdb_message(exc)}") from None
    finally:
        con.close()


def duckdb_message(exc: BaseException) -> str:
    """DuckDB's error on one line: the message and its hints, without the caret drawing of the SQL."""
    lines = [ln.strip() for ln in str(exc).strip().splitlines()]
    kept = [ln for ln in lines if ln and not set(ln) <= {"^", " "} and not ln.startswith("LINE ")]
    return " ".join(kept) or type(exc).__name__


def frame_text(df: pd.DataFrame, fmt: str) -> str:
    if fmt == "csv":
        return df.to_csv(index=False)
    if fmt == "json":
        return df.to_json(orient="records", force_ascii=False, date_format="iso", indent=1) + "\n"
    if df.empty:
        return "(no rows)\n"
    shown = df.map(_short) if len(df.columns) else df
    return shown.to_string(index=False, na_rep="") + "\n"


def _short(value):
    if isinstance(value, str) and len(value) > MAX_COLUMN_WIDTH:
        return value[: MAX_COLUMN_WIDTH - 1] + "…"
    return value


def write_text(output: str | None, text: str, inputs: tuple = ()) -> None:
    """Text to stdout (no output, or '-'), else to `output`, atomically."""
    if output is None or output == "-":
        write_stdout(text)
        return
    with atomic_target(output, inputs=inputs) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_frame(df: pd.DataFrame, fmt: str, output: str | None) -> None:
    """Print the frame, or write it to `output` (Parquet needs a file)."""
    if fmt not in FRAME_FORMATS:
        raise OutputError(f"unknown format '{fmt}' (one of {', '.join(FRAME_FORMATS)})")
    if fmt == "parquet" and (output is None or output == "-"):
        raise OutputError("--format parquet needs an output file (-o FILE.parquet)")
    if output is None or output == "-":
        write_stdout(frame_text(df, fmt))
        return
    with atomic_target(output) as tmp:
        if fmt == "parquet":
            df.to_parquet(tmp, index=False)
        else:
            tmp.write_text(frame_text(df, fmt), encoding="utf-8")


def excel_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Strings without the control characters Excel refuses, cut to the length of one cell; lists
    joined with '; ' (a cell holds one value)."""
    import pandas as pd
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    df = df.copy()
    for column in df.columns:
        if df[column].dtype == object or pd.api.types.is_string_dtype(df[column]):
            df[column] = df[column].map(
                lambda v: ILLEGAL_CHARACTERS_RE.sub("", "; ".join(map(str, v)) if isinstance(v, list) else v)
                [:EXCEL_MAX_CELL] if isinstance(v, str | list) else v)
    return df


def write_workbook(frames: dict[str, pd.DataFrame], target: Path) -> None:
    """One Excel workbook, a sheet per frame (written to `target` as it is: see atomic_target)."""
    import pandas as pd

    from kommunrapport.corpus.excel import defuse

    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        for name, df in frames.items():
            excel_safe(df).to_excel(writer, sheet_name=name[:31], index=False)
        defuse(writer.book)          # report text is never a formula (corpus/excel.py)


# ---- the extract command ------------------------------------------------------------------------------


def output_format(fmt: str | None, output: str | None) -> str:
    """--format as given, else the -o file's suffix (.json .jsonl .csv .parquet .xlsx), else json."""
    suffix = Path(output).suffix.lower() if output and output != "-" else ""
    if fmt is None:
        if suffix and suffix not in SUFFIX_FORMATS:
            raise OutputError(f"{output}: no format is known for '{suffix}' files; give --format "
                              f"({', '.join(EXTRACT_FORMATS)}) or use one of {', '.join(SUFFIX_FORMATS)}")
        fmt = SUFFIX_FORMATS.get(suffix, "json")
    if fmt not in EXTRACT_FORMATS:
        raise OutputError(f"unknown format '{fmt}' (one of {', '.join(EXTRACT_FORMATS)})")
    if fmt in BINARY_FORMATS and (output is None or output == "-"):
        raise OutputError(f"--format {fmt} needs an output file (-o FILE.{fmt})")
    return fmt


def extractions_text(extractions: list, fmt: str, *, table: str, indent: int | None) -> str:
    from kommunrapport import render

    if fmt == "jsonl":
        return "".join(e.model_dump_json() + "\n" for e in extractions)
    if fmt == "csv":
        return extractions_frame(extractions, table).to_csv(index=False)
    return render.render(extractions, fmt, indent=indent)


def extractions_frame(extractions: list, table: str) -> pd.DataFrame:
    """One frame (`goals`, `financial_lines`, ...) of all the extractions, one below the other."""
    import pandas as pd

    from kommunrapport.corpus.frames import extraction_frames

    frames = [extraction_frames(e)[table] for e in extractions]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def write_extractions(extractions: list, fmt: str, output: str | None, *, table: str = "financial_lines",
                      indent: int | None = None) -> None:
    if fmt == "parquet":
        with atomic_target(output) as tmp:
            extractions_frame(extractions, table).to_parquet(tmp, index=False)
        return
    if fmt == "xlsx":
        from kommunrapport.corpus.frames import FRAMES

        frames = {name: extractions_frame(extractions, name) for name in FRAMES}
        with atomic_target(output) as tmp:
            write_workbook(frames, tmp)
        return
    write_text(output, extractions_text(extractions, fmt, table=table, indent=indent))
