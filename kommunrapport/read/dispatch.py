"""Pick the reader for a path: PDFs by their magic bytes, text renditions by their content.

Every way a file can be unreadable ends here as one `UnreadableDocument` that names the file and
what is wrong with it; the CLI prints it as one line. Before anything is opened the path must be a
regular file of a plausible size: a named pipe would block the reader forever, a device or a
/proc file never ends or lies about its size. After reading, `limit_document` leaves out what no
report holds and every layer above would spend minutes on (a table row of 25 000 cells).
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from kommunrapport.models import Block, BlockKind, Document, Provenance
from kommunrapport.models.report import Warning
from kommunrapport.read.errors import UnreadableDocument, display_path

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".tsv", ".tab", ""}
PDF_MAGIC = b"%PDF-"

INPUT_LIMITS = {
    "max_pdf_bytes": 512 * 2**20,     # a report with many images is tens of MB
    "max_text_bytes": 64 * 2**20,     # a 2 000-page report as text is a few MB
    "max_table_columns": 200,         # a report table has tens; more is not a table but a flood of cells
    "max_line_bytes": 100_000,        # a paragraph on one line is a few thousand
    "pseudo_roots": ("/proc", "/sys"),  # regular-looking files whose size and content are made up
}


def read_document(path: str | Path, pages: list[int] | None = None) -> Document:
    """The Document of a file; `pages` (1-based) keeps only those pages (of a text: form-feed pages)."""
    p = Path(path)
    head = check_input(p)
    kind = kind_of(p, head)
    if kind == "pdf":
        from kommunrapport.read.pdf import read_pdf

        sha = file_sha256(p)
        doc = read_pdf(p, pages=pages)
    else:
        from kommunrapport.read.text import read_text_bytes

        data = read_bytes(p)
        sha = hashlib.sha256(data).hexdigest()
        data, left_out = limit_lines(data)
        name = display_path(p)
        doc = read_text_bytes(only_text_pages(data, pages, name) if pages else data, name)
        doc.warnings += left_out
    doc.path = display_path(p)
    doc.sha256 = sha
    return limit_document(doc)


def only_text_pages(data: bytes, pages: list[int], path: str) -> bytes:
    """The text's form-feed pages outside `pages` blanked, so every kept line keeps its line number."""
    parts = data.split(b"\f")
    count = len(parts) - (len(parts) > 1 and not parts[-1].strip())    # pdftotext ends with a form feed
    missing = [n for n in pages if n > count]
    if missing:
        raise UnreadableDocument(path, f"has {count} page(s) (pages of a text are split by form feeds); "
                                       f"no page {missing[0]}")
    wanted = set(pages)
    return b"\f".join(part if n in wanted else b"\n" * part.count(b"\n")
                       for n, part in enumerate(parts, start=1))


def check_input(p: Path) -> bytes:
    """Refuse, without opening it, anything that is not a regular file of a plausible size; return
    the file's first KB (enough to tell a PDF)."""
    try:
        st = p.stat()
    except FileNotFoundError:
        raise UnreadableDocument(p, "no such file") from None
    except OSError as exc:
        raise UnreadableDocument(p, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise UnreadableDocument(p, "is a directory, not a report file")
    if not stat.S_ISREG(st.st_mode):
        what = "a named pipe" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "a device"
        raise UnreadableDocument(p, f"is {what}, not a regular file; save the report to a file first")
    if _is_pseudo_file(p):
        raise UnreadableDocument(p, "is a system file (/proc, /sys), not a report file")
    limit = max(INPUT_LIMITS["max_pdf_bytes"], INPUT_LIMITS["max_text_bytes"])
    if st.st_size > limit:
        raise UnreadableDocument(p, f"is {st.st_size / 2**20:.0f} MB, more than any report ({limit / 2**20:.0f} MB)")
    try:
        with p.open("rb") as f:
            return f.read(1024)
    except OSError as exc:
        raise UnreadableDocument(p, f"cannot be read ({exc.strerror or exc})") from None


def _is_pseudo_file(p: Path) -> bool:
    real = os.path.realpath(p)
    return any(real == root or real.startswith(root + os.sep) for root in INPUT_LIMITS["pseudo_roots"])


def read_bytes(p: Path) -> bytes:
    """The whole file (text renditions), refused if empty or past the text bound."""
    limit = INPUT_LIMITS["max_text_bytes"]
    try:
        with p.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise UnreadableDocument(p, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise UnreadableDocument(p, f"is more than {limit / 2**20:.0f} MB of text, more than any report")
    if not data.strip():
        raise UnreadableDocument(p, "the file is empty")
    return data


_LINE_END = re.compile(rb"\r\n|\r|\n")


def limit_lines(data: bytes, limits: dict | None = None) -> tuple[bytes, list[Warning]]:
    """A text line longer than any report's, or with more cells than any table has, is blanked
    before the text reader sees it (the line numbers of the others stay), with a warning."""
    limits = {**INPUT_LIMITS, **(limits or {})}
    longest, cells = limits["max_line_bytes"], limits["max_table_columns"]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data, []       # UTF-16: its bytes are not lines; the decoder sees it whole
    if len(data) <= longest and data.count(b"\t") <= cells and data.count(b"|") <= cells:
        return data, []
    lines = _LINE_END.split(data)
    warnings = []
    for i, line in enumerate(lines):
        n_cells = max(line.count(b"\t"), line.count(b"|")) + 1
        if len(line) > longest or n_cells > cells + 1:
            warnings.append(Warning(
                code="line_too_long",
                message=f"line {i + 1} ({len(line)} bytes, {n_cells} cells) "
                        f"is longer than any report's (at most {longest} bytes and {cells} cells); left out",
                provenance=Provenance(line=i + 1, method="reader:limits")))
            lines[i] = b"\f" * line.count(b"\f")     # a page break stays where it was
    return (b"\n".join(lines), warnings) if warnings else (data, [])


def file_sha256(p: Path) -> str:
    digest = hashlib.sha256()
    try:
        with p.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise UnreadableDocument(p, f"cannot be read ({exc.strerror or exc})") from None
    return digest.hexdigest()


def kind_of(p: Path, data: bytes) -> str:
    """'pdf' or 'text'; anything else is refused with the reason."""
    suffix = p.suffix.lower()
    if not data.strip() and len(data) < 1024:
        raise UnreadableDocument(p, "the file is empty")
    if data.startswith(PDF_MAGIC) or (suffix == ".pdf" and PDF_MAGIC in data[:1024]):
        if p.stat().st_size > INPUT_LIMITS["max_pdf_bytes"]:
            raise UnreadableDocument(p, f"is more than {INPUT_LIMITS['max_pdf_bytes'] / 2**20:.0f} MB")
        return "pdf"
    if suffix == ".pdf":
        raise UnreadableDocument(p, "not a PDF (no %PDF header)")
    if suffix in TEXT_SUFFIXES:
        return "text"
    raise UnreadableDocument(p, f"unsupported file type '{p.suffix}' (expected .pdf or a text file)")


def limit_document(doc: Document, limits: dict | None = None) -> Document:
    """A table with more columns than any report prints is left out, with a warning that says so:
    every layer above reads a table column by column."""
    limits = {**INPUT_LIMITS, **(limits or {})}
    kept: list[Block] = []
    for block in doc.blocks:
        if block.kind is BlockKind.table and block.table is not None and block.table.n_cols > limits["max_table_columns"]:
            where = block.provenance
            doc.warnings.append(Warning(
                code="table_too_wide",
                message=f"a table of {block.table.n_cols} columns (more than {limits['max_table_columns']}) "
                        "is not read; no report table is that wide",
                provenance=Provenance(page=where.page, line=where.line, block=len(kept), method="reader:limits")))
            continue
        kept.append(block)
    doc.blocks = kept
    return doc
