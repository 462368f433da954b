from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
TEXT = DATA / "text"
PDF = DATA / "pdf"
# real documents of other report systems, copied from ../shared/corpus (gold in data/gold)
REAL = DATA / "real"


def text_path(name: str) -> Path:
    """A corpus text by its stem prefix: text_path('alingsas') (the first in name order)."""
    return sorted(TEXT.glob(f"{name}*.txt"))[0]


def pdf_path(name: str) -> Path:
    return sorted(PDF.glob(f"{name}*.pdf"))[0]


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
    from kommunrapport.tables.build import read_tables as read_document

    cache = {}

    def get(name: str, kind: str = "text"):
        key = (name, kind)
        if key not in cache:
            cache[key] = read_document(text_path(name) if kind == "text" else pdf_path(name))
        return cache[key]

    return get


def real_path(name: str) -> Path:
    """A real corpus document by its file-name prefix: real_path('simrishamn')."""
    return sorted(REAL.glob(f"{name}*"))[0]


@pytest.fixture(scope="session")
def real_extraction():
    """real_extraction('simrishamn'): the Extraction of a real corpus document, cached per session."""
    from kommunrapport.find.pipeline import extract

    cache = {}

    def get(name: str):
        path = real_path(name)
        if path not in cache:
            cache[path] = extract(path)
        return cache[path]

    return get
