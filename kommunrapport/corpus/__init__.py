"""Many reports at once: batch extraction into one DuckDB file, queries, exports, comparisons.

    schema.py     the tables, declared once (DDL and Arrow schemas)
    rows.py       one Extraction -> the rows of each table
    store.py      the DuckDB store: one transaction per document, failures, extractor version
    executors.py  where extraction runs: local worker processes, a Dask cluster, or in-process
    build.py      a batch build: find files, skip what is stored, extract, store, summarise
    progress.py   a progress bar on a terminal, log lines otherwise
    warm.py       loads the extractors once in the worker processes' fork server
    compare.py    one metric across municipalities (+ bar chart)
    keys.py       the keys every exported row carries (municipality, SCB code, year, Kolada's shape)
    frames.py     one Extraction as tidy pandas DataFrames
    export.py     the tables as Parquet, CSV or one Excel workbook
    relations.py  the tables as DuckDB relations, for Python (`open`)
    output.py     SQL queries and writing result tables

    open(db) -> Corpus      kommunrapport.corpus.open("corpus.duckdb").sick_leave.df()
"""
from __future__ import annotations


def open(db):  # noqa: A001 - the name a notebook user expects: kommunrapport.corpus.open(path)
    """The corpus database at `db`, read-only: `.goals`, `.financial_lines`, `.sick_leave` ... are
    DuckDB relations keyed like the exports; `.sql(query)` runs SQL on the stored tables."""
    from kommunrapport.corpus.relations import Corpus

    return Corpus(db)
