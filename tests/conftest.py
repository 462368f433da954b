from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
TEXT = DATA / "text"
PDF = DATA / "pdf"


def text_path(name: str) -> Path:
    """A corpus text by its stem prefix: text_path('alingsas')."""
    return next(TEXT.glob(f"{name}*.txt"))


def pdf_path(name: str) -> Path:
    return next(PDF.glob(f"{name}*.pdf"))


@pytest.fixture(scope="session")
def extraction_of():
    """extraction_of('alingsas') or extraction_of('alingsas', kind='pdf'): cached per session."""
    from kommunrapport.find.pipeline import extract

    cache = {}

    def get(name: str, kind: str = "text"):
        key = (name, kind)
        if key not in cache:
            cache[key] = extract(text_path(name) if kind == "text" else pdf_path(name))
        return cache[key]

    return get


@pytest.fixture(scope="session")
def document_of():
    """The reader's Document of a corpus file, cached per session."""
    from kommunrapport.read.dispatch import read_document

    cache = {}

    def get(name: str, kind: str = "text"):
        key = (name, kind)
        if key not in cache:
            cache[key] = read_document(text_path(name) if kind == "text" else pdf_path(name))
        return cache[key]

    return get
