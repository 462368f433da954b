"""A random sample of a corpus's documents, each drawn as a review page: the audit a researcher reports.

`review_sample(db, n, outdir, seed)` draws `n` documents of the store with a seeded generator (the
seed is printed and written down, so the same sample can be drawn again), draws each document's
STORED extraction over its file (the numbers under audit are the numbers in the database), and
writes an index page and `sample.csv` listing the sample.
"""
from __future__ import annotations

import csv
import hashlib
import io
import random
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from kommunrapport.models.report import Extraction
from kommunrapport.review.build import ReviewError, review_extraction
from kommunrapport.review.page import render_page


@dataclass
class SampleRow:
    n: int
    file_name: str
    path: str
    sha256: str
    municipality: str
    committee: str
    document_type: str
    fiscal_year: int | None
    review: str              # the review page's file name, '' where none could be made
    facts: int = 0
    placed: int = 0
    silent: int = 0
    silent_unexplained: int = 0
    problem: str = ""        # why no review page was made (file gone or changed)


@dataclass
class SampleResult:
    rows: list[SampleRow]
    population: int
    seed: int
    index: Path

    @property
    def ok(self) -> bool:
        return all(not r.problem for r in self.rows)


def review_sample(db: str | Path, n: int, outdir: str | Path, seed: int | None = None,
                  report: Callable[[SampleRow], None] | None = None) -> SampleResult:
    from kommunrapport.corpus.store import CorpusError, connect

    seed = random.SystemRandom().randrange(1, 10**9) if seed is None else seed
    con = connect(db, read_only=True)
    try:
        docs = con.execute(
            "SELECT sha256, path, file_name, municipality, committee, document_type, fiscal_year "
            "FROM documents ORDER BY sha256").fetchall()
    except Exception as exc:  # noqa: BLE001 - a store without the documents table is not a corpus
        raise CorpusError(f"{db}: not a corpus database ({str(exc).splitlines()[0]})") from None
    if not docs:
        raise CorpusError(f"{db}: the corpus holds no documents to sample")
    chosen = random.Random(seed).sample(docs, min(n, len(docs)))
    out = Path(outdir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CorpusError(f"{outdir}: cannot make the folder ({exc.strerror or exc})") from None
    rows = []
    for i, (sha, path, name, municipality, committee, doctype, year) in enumerate(chosen, start=1):
        row = SampleRow(i, name, path, sha, municipality or "", committee or "", doctype or "", year,
                        f"{i:02d}-{_safe(Path(name or path).stem)}.html")
        try:
            stored = con.execute("SELECT extraction_json FROM documents WHERE sha256 = ?", [sha]).fetchone()[0]
            _review_one(Extraction.model_validate_json(stored), path, sha, out / row.review, row)
        except (ReviewError, ValueError) as exc:
            row.review, row.problem = "", str(exc).splitlines()[0]
        rows.append(row)
        if report:
            report(row)
    con.close()
    result = SampleResult(rows, len(docs), seed, out / "index.html")
    _write(out / "sample.csv", _csv(rows))
    _write(result.index, render_page(_index_payload(result, db), f"Review sample of {len(rows)} documents", "index"))
    return result


def _safe(stem: str) -> str:
    """A file name of letters, digits, '-', '_' and '.', whatever the document was called."""
    return re.sub(r"[^\w.-]+", "_", stem)[:80] or "document"


def _review_one(ex: Extraction, path: str, sha: str, target: Path, row: SampleRow) -> None:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReviewError(f"{path}: the file is no longer there ({exc.strerror or exc})") from None
    if hashlib.sha256(data).hexdigest() != sha:
        raise ReviewError(f"{path}: the file has changed since it was stored (sha256 differs)")
    result = review_extraction(ex, path)
    _write(target, result.html)
    row.facts, row.placed = result.facts, result.placed
    row.silent, row.silent_unexplained = result.silent, result.silent_unexplained


def _write(target: Path, text: str) -> None:
    """All or nothing: the file appears only once it is written whole."""
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ReviewError(f"{target}: cannot write ({exc.strerror or exc})") from None


def _csv(rows: list[SampleRow]) -> str:
    buffer = io.StringIO()
    fields = list(asdict(rows[0])) if rows else list(SampleRow.__dataclass_fields__)
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: _cell(v) for k, v in asdict(r).items()})
    return buffer.getvalue()


def _cell(value):
    """No cell a spreadsheet would run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _index_payload(result: SampleResult, db: str | Path) -> dict:
    return {
        "db": str(db), "seed": result.seed, "population": result.population, "sample": len(result.rows),
        "made": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "rows": [asdict(r) for r in result.rows],
    }
