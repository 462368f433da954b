"""Pick the reader for a path: PDFs by their magic bytes, text renditions by their content.

Every way a file can be unreadable ends here as one `UnreadableDocument` that names the file and
what is wrong with it; the CLI prints it as one line.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from kommunrapport.models import Document
from kommunrapport.read.errors import UnreadableDocument

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".tsv", ".tab", ""}
PDF_MAGIC = b"%PDF-"


def read_document(path: str | Path, pages: list[int] | None = None) -> Document:
    """The Document of a file; `pages` (1-based) keeps only those pages (of a text: form-feed pages)."""
    p = Path(path)
    data = read_bytes(p)
    kind = kind_of(p, data)
    if kind == "pdf":
        from kommunrapport.read.pdf import read_pdf

        doc = read_pdf(p, pages=pages)
    else:
        from kommunrapport.read.text import read_text_bytes

        doc = read_text_bytes(only_text_pages(data, pages, str(p)) if pages else data, str(p))
    doc.sha256 = hashlib.sha256(data).hexdigest()
    return doc


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


def read_bytes(p: Path) -> bytes:
    if not p.exists():
        raise UnreadableDocument(str(p), "no such file")
    if p.is_dir():
        raise UnreadableDocument(str(p), "is a directory, not a report file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(str(p), f"cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise UnreadableDocument(str(p), "the file is empty")
    return data


def kind_of(p: Path, data: bytes) -> str:
    """'pdf' or 'text'; anything else is refused with the reason."""
    suffix = p.suffix.lower()
    if data.startswith(PDF_MAGIC) or (suffix == ".pdf" and PDF_MAGIC in data[:1024]):
        return "pdf"
    if suffix == ".pdf":
        raise UnreadableDocument(str(p), "not a PDF (no %PDF header)")
    if suffix in TEXT_SUFFIXES:
        return "text"
    raise UnreadableDocument(str(p), f"unsupported file type '{p.suffix}' (expected .pdf or a text file)")
