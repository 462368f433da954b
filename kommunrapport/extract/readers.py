"""Pick the reader for a path: PDFs by their magic bytes, everything else as text."""
from __future__ import annotations

import hashlib
from pathlib import Path

from kommunrapport.extract.errors import UnreadableDocument
from kommunrapport.models import Document

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ".tsv", ""}


def read_document(path: str | Path) -> Document:
    p = Path(path)
    if not p.exists():
        raise UnreadableDocument(str(p), "no such file")
    if p.is_dir():
        raise UnreadableDocument(str(p), "is a directory, not a report file")
    data = p.read_bytes()
    if not data.strip():
        raise UnreadableDocument(str(p), "the file is empty")
    sha = hashlib.sha256(data).hexdigest()
    if data[:5] == b"%PDF-" or (p.suffix.lower() == ".pdf" and b"%PDF-" in data[:1024]):
        from kommunrapport.extract.pdf import read_pdf

        doc = read_pdf(p)
    elif p.suffix.lower() == ".pdf":
        raise UnreadableDocument(str(p), "not a PDF (no %PDF header)")
    elif p.suffix.lower() in TEXT_SUFFIXES:
        from kommunrapport.extract.text import read_text_bytes

        doc = read_text_bytes(data, str(p))
    else:
        raise UnreadableDocument(str(p), f"unsupported file type '{p.suffix}' (expected .pdf or a text file)")
    doc.sha256 = sha
    return doc
