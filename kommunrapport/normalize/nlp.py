"""The spaCy pipeline: a blank Swedish model with lookup lemmas and a sentence splitter, built once.

The lemmas come from spacy-lookups-data's Swedish lookup table. The whole table (660 000 forms)
costs about 260 MB and 3 s per process; the rules only ever ask for the lemmas their vocabularies
name (`LEMMA = {IN = [...]}` patterns in normalize/data/*.toml), so the table is cut down to the
forms of those lemmas before spaCy's lemmatizer is initialised with it.
"""
from __future__ import annotations

import gzip
import json
import re
from importlib import resources

from kommunrapport.normalize.vocab import derived, read_vocabulary_file, vocabulary_files

_WORD = re.compile(r"[a-zåäöéü]+")
_PAIR = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)"')


@derived
def nlp():
    import spacy

    pipeline = spacy.blank("sv")
    table = _lemma_table(frozenset(vocabulary_words()))
    if table:
        from spacy.lookups import Lookups

        lookups = Lookups()
        lookups.add_table("lemma_lookup", table)
        pipeline.add_pipe("lemmatizer", config={"mode": "lookup"}).initialize(lookups=lookups)
    pipeline.add_pipe("sentencizer")
    return pipeline


def sentences(text: str):
    """The sentences of `text` as spaCy spans."""
    return list(nlp()(text).sents)


def vocabulary_words() -> set[str]:
    """Every lower-case word that stands in a vocabulary file (shipped or the user's)."""
    words: set[str] = set()
    for path in vocabulary_files():
        _collect_words(read_vocabulary_file(path), words)
    return words


def _collect_words(value, words: set[str]) -> None:
    if isinstance(value, dict):
        for v in value.values():
            _collect_words(v, words)
    elif isinstance(value, list):
        for v in value:
            _collect_words(v, words)
    elif isinstance(value, str):
        words.update(_WORD.findall(value.lower()))


def _lemma_table(lemmas: frozenset[str]) -> dict[str, str]:
    """form -> lemma from spacy-lookups-data, for the forms whose lemma is one of `lemmas`."""
    try:
        import spacy_lookups_data
    except ImportError:  # no lookups package: the LEMMA patterns match nothing, LOWER ones still do
        return {}
    path = resources.files(spacy_lookups_data).joinpath("data", "sv_lemma_lookup.json.gz")
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        text = fh.read()
    # scanning the pairs one by one instead of json.load keeps the unused forms out of memory
    table = {}
    for m in _PAIR.finditer(text):
        lemma = _unescape(m.group(2))
        if lemma in lemmas:
            table[_unescape(m.group(1))] = lemma
    return table


def _unescape(s: str) -> str:
    return json.loads(f'"{s}"') if "\\" in s else s
