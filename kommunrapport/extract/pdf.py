"""pdfplumber -> Document (placeholder until the PDF reader lands)."""
from __future__ import annotations

from pathlib import Path

from kommunrapport.extract.errors import UnreadableDocument
from kommunrapport.models import Document


def read_pdf(path: Path) -> Document:
    raise UnreadableDocument(str(path), "PDF reading is not implemented yet")
