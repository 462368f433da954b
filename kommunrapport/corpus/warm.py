"""Imported by the worker processes' fork server: it loads the extractors' lazy resources (the spaCy
pipeline, the vocabularies) once by extracting a tiny document, so every worker forked from the server
starts warm instead of spending seconds loading them itself."""
from __future__ import annotations


def warm_up() -> None:
    from kommunrapport.find.pipeline import extract_document
    from kommunrapport.read.text import read_text_bytes

    sample = ("Sjukfrånvaro\n\nSjukfrånvaron var 8,2 procent.\n\nMåluppfyllelse\n\nMålet är uppfyllt.\n\n"
              "Ekonomi\n\nNettokostnad\t-100\t-120\n").encode()
    extract_document(read_text_bytes(sample, "warm-up.txt"))


try:
    warm_up()
except Exception:  # noqa: BLE001 - a failed warm-up only means the workers load things themselves
    pass
