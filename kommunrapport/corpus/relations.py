"""A corpus database opened for Python: each table as a DuckDB relation, keyed like the exports.

    corpus = kommunrapport.corpus.open("corpus.duckdb")
    corpus.sick_leave.filter("category = 'total' AND year = 2023").df()
    corpus.sql("SELECT municipality, count(*) FROM goals GROUP BY 1").df()

`corpus.<table>` is the table as `corpus export` writes it: every row of facts starts with its
document's keys (municipality, municipality_code, committee, document_type, fiscal_year, period),
and the sick-leave rows carry Kolada's key shape (year, gender, kolada_kpi). `corpus.sql()` runs
SQL on the stored tables themselves (keyed by sha256). The database is opened read-only.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from kommunrapport.corpus import schema
from kommunrapport.corpus.export import select_sql
from kommunrapport.corpus.store import CorpusError, connect


class Corpus:
    def __init__(self, db: str | Path):
        self.db = Path(db)
        self.con: duckdb.DuckDBPyConnection = connect(self.db, read_only=True)

    @property
    def tables(self) -> list[str]:
        return list(schema.EXPORT_TABLES)

    def table(self, name: str) -> duckdb.DuckDBPyRelation:
        if name not in schema.EXPORT_TABLES:
            raise CorpusError(f"no table '{name}' in the corpus (one of {', '.join(schema.EXPORT_TABLES)})")
        return self.con.sql(select_sql(name, flatten_lists=False))

    def sql(self, query: str) -> duckdb.DuckDBPyRelation:
        return self.con.sql(query)

    def __getattr__(self, name: str) -> duckdb.DuckDBPyRelation:
        if name in schema.EXPORT_TABLES:
            return self.table(name)
        raise AttributeError(name)

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *schema.EXPORT_TABLES]

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Corpus({str(self.db)!r}: {', '.join(schema.EXPORT_TABLES)})"
