"""The Python face of kommunrapport, for notebooks and scripts.

    import kommunrapport

    ex = kommunrapport.extract("delarsrapport.pdf")          # the contract object (docs/CONTRACT.md)
    frames = ex.to_frames()                                  # tidy pandas DataFrames, one fact per row
    frames["financial_lines"].query("is_total and measure == 'outcome'")

    db = kommunrapport.corpus.open("corpus.duckdb")          # a corpus built with `kommunrapport corpus build`
    db.sick_leave.filter("category = 'total'").df()          # DuckDB relations, keyed like the frames

Everything here is a thin layer over the pipeline (find/pipeline.py) and the corpus (corpus/).
"""
from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kommunrapport.models import report as _report

if TYPE_CHECKING:
    import pandas as pd

STDIN = "-"


class Extraction(_report.Extraction):
    """The extraction of one report (the contract object), with pandas frames of its facts."""

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """goals, indicators, financial_lines, sick_leave, tables, sections, warnings: one DataFrame
        each, one fact per row, snake_case columns; every row starts with the document's keys
        (document, sha256, municipality, municipality_code, committee, document_type, fiscal_year,
        report_period_start, report_period_end)."""
        from kommunrapport.corpus.frames import extraction_frames

        return extraction_frames(self)


def _as_api(ex: _report.Extraction) -> Extraction:
    return ex if isinstance(ex, Extraction) else Extraction.model_construct(
        _fields_set=ex.model_fields_set, **{name: getattr(ex, name) for name in _report.Extraction.model_fields})


def parse_pages(text: str | None) -> list[int] | None:
    """'3-7' -> [3, 4, 5, 6, 7]; '2,5,9-10' too. 1-based, as printed in a PDF viewer."""
    if text is None or not str(text).strip():
        return None
    pages: list[int] = []
    for part in str(text).split(","):
        first, _, last = part.strip().partition("-")
        try:
            a, b = int(first), int(last or first)
        except ValueError:
            raise ValueError(f"--pages '{text}': give pages as 3-7 or 2,5,9-10") from None
        if a < 1 or b < a:
            raise ValueError(f"--pages '{text}': pages count from 1 and a range runs upwards (3-7)")
        pages.extend(p for p in range(a, b + 1) if p not in pages)
    return pages


def extract(path: str | os.PathLike, *, pages: str | Iterable[int] | None = None,
            timeout: float | None = 120.0) -> Extraction:
    """Read one report (PDF, or a text rendition: tab-separated, Markdown, pdftotext -layout) and
    extract its goals, indicators, financial lines and sick leave. `pages`: '3-7' or [3, 4, 5], 1-based.
    `timeout`: seconds before it is given up (None: no bound); the memory bound is read/limits.py's.
    An unreadable file raises kommunrapport.UnreadableDocument with a one-line reason."""
    from kommunrapport.find.pipeline import extract_or_unreadable

    wanted = parse_pages(pages) if isinstance(pages, str) else (list(pages) if pages is not None else None)
    if str(path) == STDIN:
        return _as_api(_extract_stdin(wanted, timeout))
    return _as_api(extract_or_unreadable(path, pages=wanted, timeout_s=timeout))


def load(path: str | os.PathLike) -> Extraction:
    """A saved `kommunrapport extract --format json` output, back as an Extraction."""
    return Extraction.model_validate_json(Path(path).read_bytes())


def _extract_stdin(pages: list[int] | None, timeout: float | None = 120.0) -> _report.Extraction:
    """Standard input, whatever it holds: written to a temporary file the readers can sniff."""
    from kommunrapport.find.pipeline import extract_or_unreadable
    from kommunrapport.read.errors import UnreadableDocument

    data = sys.stdin.buffer.read()
    if not data.strip():
        raise UnreadableDocument(STDIN, "standard input is empty")
    suffix = ".pdf" if data.startswith(b"%PDF-") else ".txt"
    fd, tmp = tempfile.mkstemp(prefix="kommunrapport-stdin-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            ex = extract_or_unreadable(tmp, pages=pages, timeout_s=timeout)
        except UnreadableDocument as exc:
            raise UnreadableDocument(STDIN, exc.reason) from None
    finally:
        os.unlink(tmp)
    ex.source.path = STDIN
    return ex


# ---- many files -------------------------------------------------------------------------------------


@dataclass
class Batch:
    """What extract_many made of its inputs: the good extractions in input order, and the bad files."""

    extractions: list[Extraction] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)     # (path, one-line reason)

    @property
    def ok(self) -> bool:
        return not self.failures


def input_files(inputs: Iterable[str]) -> list[str]:
    """Files as named; a folder gives its PDF and text reports (sorted, hidden ones left out); '-' is stdin."""
    found: list[str] = []
    for item in inputs:
        if item != STDIN and Path(item).is_dir():
            from kommunrapport.corpus.build import find_report_files

            found.extend(str(p) for p in find_report_files([item]) or [item])   # an empty folder: named as bad
        else:
            found.append(item)
    return found


def extract_many(inputs: Iterable[str], *, pages: str | None = None,
                 progress: Callable[[int, int, str], None] | None = None, timeout: float | None = 120.0) -> Batch:
    """Extract every input (files, folders, '-'); one bad file never stops the others.
    `progress(done, total, path)` is called after each file."""
    from kommunrapport.read.errors import UnreadableDocument

    wanted = parse_pages(pages)
    files = input_files(inputs)
    batch = Batch()
    for n, path in enumerate(files, start=1):
        try:
            if path != STDIN and Path(path).is_dir():
                raise UnreadableDocument(path, "is a directory without PDF or text reports in it")
            batch.extractions.append(extract(path, pages=wanted, timeout=timeout))
        except UnreadableDocument as exc:
            batch.failures.append((path, exc.reason))
        if progress:
            progress(n, len(files), path)
    return batch


def extract_to(files: list[str], *, output: str | None = None, fmt: str | None = None,
               table: str = "financial_lines", pages: str | None = None, indent: int | None = None,
               progress: Callable[[int, int, str], None] | None = None, timeout: float | None = 120.0):
    """The `extract` command: every input extracted (files, folders, '-'), the good ones written
    to one output, the bad ones returned as (path, reason) pairs. Nothing is written when no file
    could be read."""
    from kommunrapport.corpus.output import output_format, write_extractions

    fmt = output_format(fmt, output)
    batch = extract_many(files, pages=pages, progress=progress, timeout=timeout)
    if batch.extractions:
        write_extractions(batch.extractions, fmt, output, table=table, indent=indent)
    return batch
