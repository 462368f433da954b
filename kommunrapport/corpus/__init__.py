"""Many reports at once: batch extraction into one DuckDB file, queries, exports, comparisons.

    schema.py     the tables, declared once (DDL and Arrow schemas)
    rows.py       one Extraction -> the rows of each table
    store.py      the DuckDB store: one transaction per document, failures, extractor version
    executors.py  where extraction runs: local worker processes, a Dask cluster, or in-process
    build.py      a batch build: find files, skip what is stored, extract, store, summarise
    progress.py   a progress bar on a terminal, log lines otherwise
    warm.py       loads the extractors once in the worker processes' fork server
    compare.py    one metric across municipalities (+ bar chart)
    export.py     the tables as Parquet, CSV or one Excel workbook
    output.py     SQL queries and writing result tables
"""
