"""The spaCy pipeline: a blank Swedish model with lookup lemmas and a sentence splitter, built once."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def nlp():
    import spacy

    pipeline = spacy.blank("sv")
    try:
        pipeline.add_pipe("lemmatizer", config={"mode": "lookup"})
        pipeline.initialize()
    except Exception:  # spacy-lookups-data missing: lemmas stay empty, the patterns use LOWER
        pipeline = spacy.blank("sv")
    pipeline.add_pipe("sentencizer")
    return pipeline


def sentences(text: str):
    """The sentences of `text` as spaCy spans."""
    return list(nlp()(text).sents)
