"""The corpus store: one DuckDB file, the tables of `schema.py`, one transaction per document.

Only the build's single writer opens it for writing; extraction workers never touch it. A
document is keyed by its content hash, and storing it first deletes whatever rows that hash (or an
older file at the same path) left, so a build killed half-way and started again ends with exactly
the rows of a clean build.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from kommunrapport import __version__
from kommunrapport.corpus import rows, schema
from kommunrapport.models.report import SCHEMA_VERSION, Extraction

# Bump STORE_SCHEMA when the tables change shape; the extractor version decides re-extraction.
STORE_SCHEMA = "1"
EXTRACTOR_VERSION = f"{__version__}+schema{SCHEMA_VERSION}"


class CorpusError(Exception):
    """A store that cannot be opened or used: printed as one line by the CLI."""


@dataclass(frozen=True)
class Failure:
    path: str
    sha256: str | None
    error_type: str
    message: str


def connect(db: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    db = Path(db)
    if read_only and not db.exists():
        raise CorpusError(f"{db}: no such corpus database (run `kommunrapport corpus build` first)")
    try:
        return duckdb.connect(str(db), read_only=read_only)
    except duckdb.Error as exc:
        raise CorpusError(f"{db}: cannot open the corpus database ({_first_line(exc)})") from None


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


class CorpusStore:
    """The writer's handle on the store."""

    def __init__(self, db: str | Path, extractor_version: str = EXTRACTOR_VERSION):
        self.db = Path(db)
        self.extractor_version = extractor_version
        self.con = connect(self.db)
        self._create_tables()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> CorpusStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _create_tables(self) -> None:
        for table in schema.TABLES:
            self.con.execute(schema.create_table_sql(table))
        found = self.con.execute("SELECT value FROM meta WHERE key = 'store_schema'").fetchone()
        if found is None:
            self.con.execute("INSERT INTO meta VALUES ('store_schema', ?)", [STORE_SCHEMA])
        elif found[0] != STORE_SCHEMA:
            raise CorpusError(f"{self.db}: written by store schema {found[0]}, this version reads {STORE_SCHEMA}; "
                              "build into a new database")

    def stored_versions(self) -> dict[str, str]:
        """sha256 -> extractor version of every stored document."""
        return dict(self.con.execute("SELECT sha256, extractor_version FROM documents").fetchall())

    def known_failures(self) -> dict[str, tuple[str | None, str]]:
        """path -> (sha256, extractor version) of every recorded failure."""
        found = self.con.execute("SELECT path, sha256, extractor_version FROM failures").fetchall()
        return {path: (sha, version) for path, sha, version in found}

    def failure_messages(self, paths: list[str]) -> list[Failure]:
        if not paths:
            return []
        found = self.con.execute(
            "SELECT path, sha256, error_type, message FROM failures WHERE list_contains(?, path) ORDER BY path",
            [paths]).fetchall()
        return [Failure(*row) for row in found]

    def write_document(self, ex: Extraction, *, size_bytes: int | None = None,
                       seconds: float | None = None) -> None:
        """Replace everything stored for this document (and for an older file at its path) in one transaction."""
        sha, path = ex.source.sha256, ex.source.path
        doc = rows.document_row(ex, size_bytes=size_bytes, extractor_version=self.extractor_version,
                                extracted_at=datetime.now(), seconds=seconds)
        children = rows.child_rows(ex)
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._delete_documents(self._stored_shas("sha256 = ? OR path = ?", [sha, path]))
            self._insert("documents", [doc])
            for table, table_rows in children.items():
                self._insert(table, table_rows)
            self.con.execute("DELETE FROM failures WHERE path = ?", [path])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def write_failure(self, failure: Failure) -> None:
        """A file that could not be extracted: one row, replacing an older failure or document at its path."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._delete_documents(self._stored_shas("path = ?", [failure.path]))
            self.con.execute("DELETE FROM failures WHERE path = ?", [failure.path])
            self._insert("failures", [{
                "path": failure.path, "sha256": failure.sha256, "error_type": failure.error_type,
                "message": failure.message, "extractor_version": self.extractor_version,
                "failed_at": datetime.now(),
            }])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _stored_shas(self, where: str, params: list) -> list[str]:
        return [sha for (sha,) in self.con.execute(f"SELECT sha256 FROM documents WHERE {where}", params).fetchall()]

    def _delete_documents(self, shas: list[str]) -> None:
        """Every row of these documents; a new document has none, so nothing is scanned for it."""
        if not shas:
            return
        for table in reversed(schema.DOCUMENT_TABLES):
            self.con.execute(f"DELETE FROM {table} WHERE list_contains(?, sha256)", [shas])

    def _insert(self, table: str, table_rows: list[dict]) -> None:
        if not table_rows:
            return
        arrow_rows = pa.Table.from_pylist(table_rows, schema=schema.arrow_schema(table))  # noqa: F841
        self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM arrow_rows")

    def counts(self) -> dict[str, int]:
        return table_counts(self.con)


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in schema.EXPORT_TABLES}
