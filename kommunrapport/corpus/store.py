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
from kommunrapport.read.errors import display_path

# Bump STORE_SCHEMA when the tables change shape; the extractor version decides re-extraction.
STORE_SCHEMA = "2"      # 2: the tables table, and table_id on the facts
EXTRACTOR_VERSION = f"{__version__}+schema{SCHEMA_VERSION}"


class CorpusError(Exception):
    """A store that cannot be opened or used: printed as one line by the CLI."""


@dataclass(frozen=True)
class Failure:
    path: str
    sha256: str | None
    error_type: str
    message: str


# DuckDB would otherwise load (and download, over the network) an extension to open a file that
# is not its own, e.g. SQLite: a corpus is only ever a DuckDB file, and the tool never goes online.
DUCKDB_CONFIG = {"autoload_known_extensions": False, "autoinstall_known_extensions": False}
DUCKDB_MAGIC = (8, b"DUCK")          # where every DuckDB file says what it is
OTHER_FORMATS = {b"SQLite format 3\x00": "a SQLite database", b"PAR1": "a Parquet file", b"%PDF-": "a PDF",
                 b"PK\x03\x04": "a ZIP or Office file"}


def connect(db: str | Path, *, read_only: bool = False, verify: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the store. An existing file must be a DuckDB file (checked from its first bytes, before
    DuckDB opens it), and, with `verify`, this tool's corpus (checked read-only, before any write)."""
    db = Path(db)
    if read_only and not db.exists():
        raise CorpusError(f"{display_path(db)}: no such corpus database (run `kommunrapport corpus build` first)")
    if db.exists():
        check_database_file(db)
        if verify and not read_only:
            verify_corpus(connect(db, read_only=True, verify=False), db, close=True)
    try:
        con = duckdb.connect(str(db), read_only=read_only, config=DUCKDB_CONFIG)
    except duckdb.Error as exc:
        raise CorpusError(f"{display_path(db)}: cannot open the corpus database ({_first_line(exc)})") from None
    if verify and read_only:
        try:
            verify_corpus(con, db)
        except CorpusError:
            con.close()
            raise
    return con


def check_database_file(db: Path) -> None:
    """Refuse, untouched, a path that is not a DuckDB file: a folder, a device, another format."""
    name = display_path(db)
    if db.is_dir():
        raise CorpusError(f"{name}: is a folder, not a corpus database")
    if not db.is_file():
        raise CorpusError(f"{name}: is not a regular file, not a corpus database")
    try:
        with db.open("rb") as f:
            head = f.read(64)
    except OSError as exc:
        raise CorpusError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    at, magic = DUCKDB_MAGIC
    if head[at:at + len(magic)] == magic:
        return
    what = next((kind for start, kind in OTHER_FORMATS.items() if head.startswith(start)),
                "an empty file" if not head else "not a DuckDB database")
    raise CorpusError(f"{name}: is {what}, not a corpus database; left untouched (give a new file to --db)")


def verify_corpus(con: duckdb.DuckDBPyConnection, db: Path, *, close: bool = False) -> None:
    """The database must be empty or this tool's corpus: a `meta` table naming the store schema, and
    every corpus table it holds with at least this version's columns. Otherwise it is refused."""
    name = display_path(db)
    try:
        found = con.execute("SELECT table_name, column_name FROM information_schema.columns "
                            "WHERE table_schema = 'main'").fetchall()
        columns: dict[str, set[str]] = {}
        for table, column in found:
            columns.setdefault(table, set()).add(column)
        if not columns:
            return
        found = con.execute("SELECT value FROM meta WHERE key = 'store_schema'").fetchall() \
            if "meta" in columns else []      # fetched to the end: the caller goes on with this connection
        version = found[0] if found else None
    except duckdb.Error as exc:
        raise CorpusError(f"{name}: cannot read the corpus database (damaged or truncated? {_first_line(exc)})") \
            from None
    finally:
        if close:
            con.close()
    if version is None:
        shown = ", ".join(sorted(columns)[:5]) + (" ..." if len(columns) > 5 else "")
        raise CorpusError(f"{name}: is a DuckDB database of another program (tables: {shown}), not a corpus; "
                          "left untouched (give a new file to --db)")
    if version[0] != STORE_SCHEMA:
        raise CorpusError(f"{name}: written by store schema {version[0]}, this version reads {STORE_SCHEMA}; "
                          "build into a new database")
    for table, wanted in schema.TABLES.items():
        missing = {c for c, _ in wanted} - columns.get(table, {c for c, _ in wanted})
        if missing:
            raise CorpusError(f"{name}: its table {table} lacks the column(s) {', '.join(sorted(missing))}; "
                              "not a corpus of this version, left untouched")


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


class CorpusStore:
    """The writer's handle on the store."""

    def __init__(self, db: str | Path, extractor_version: str = EXTRACTOR_VERSION):
        self.db = Path(db)
        self.extractor_version = extractor_version
        self.con = connect(self.db)
        try:
            self._create_tables()
        except duckdb.Error as exc:
            self.con.close()
            raise CorpusError(f"{display_path(self.db)}: cannot write the corpus database ({_first_line(exc)})") \
                from None

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

    def stored_versions(self) -> dict[str, str]:
        """sha256 -> extractor version of every stored document."""
        return dict(self.con.execute("SELECT sha256, extractor_version FROM documents").fetchall())

    def known_failures(self) -> dict[str, tuple[str | None, str, str]]:
        """path -> (sha256, extractor version, error type) of every recorded failure."""
        found = self.con.execute("SELECT path, sha256, extractor_version, error_type FROM failures").fetchall()
        return {path: (sha, version, kind) for path, sha, version, kind in found}

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
