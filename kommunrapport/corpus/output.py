"""Query the store, and write a result table as text, CSV, JSON or Parquet (file written atomically,
faults as one-line OutputError: corpus/writing.py)."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from kommunrapport.corpus.store import CorpusError, connect
from kommunrapport.corpus.writing import write_atomically, write_stdout, write_text

FRAME_FORMATS = ("table", "csv", "json", "parquet")
MAX_COLUMN_WIDTH = 60


def query(db: str | Path, sql: str) -> pd.DataFrame:
    """Run one SQL statement against the store, read-only."""
    con = connect(db, read_only=True)
    try:
        return con.execute(sql).df()
    except duckdb.Error as exc:
        raise CorpusError(f"query failed: {str(exc).strip().splitlines()[0]}") from None
    finally:
        con.close()


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


def write_frame(df: pd.DataFrame, fmt: str, output: str | None) -> None:
    """Print the frame, or write it to `output` (Parquet needs a file)."""
    if fmt not in FRAME_FORMATS:
        raise CorpusError(f"unknown format '{fmt}' (one of {', '.join(FRAME_FORMATS)})")
    if fmt == "parquet" and (output is None or output == "-"):
        raise CorpusError("--format parquet needs an output file (-o FILE.parquet)")
    if output is None or output == "-":
        write_stdout(frame_text(df, fmt))
    elif fmt == "parquet":
        write_atomically(output, lambda tmp: df.to_parquet(tmp, index=False))
    else:
        write_text(output, frame_text(df, fmt))
