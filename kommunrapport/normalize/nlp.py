"""The spaCy pipeline: a blank Swedish model with lookup lemmas and a sentence splitter, built once,
and only when a rule that needs it runs.

The lemmas come from spacy-lookups-data's Swedish lookup table. The whole table (660 000 forms)
costs about 260 MB and 3 s per process; the rules only ever ask for the lemmas their vocabularies
name (`LEMMA = {IN = [...]}` patterns in normalize/data/*.toml), so the table is cut down to the
forms of those lemmas before spaCy's lemmatizer is initialised with it. The cut table is kept in a
small cache file (keyed by the vocabularies' words and the lookups package), so only the first run
after a vocabulary changes scans the whole table.

Importing spaCy costs more than reading a one-page report. `MatchGate` tells, from the words of a
set of Matcher patterns alone, that a text cannot match any of them, so the callers skip spaCy for
texts that hold none of their words.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from functools import cached_property
from importlib import resources
from pathlib import Path

from kommunrapport.normalize.vocab import derived, read_vocabulary_file, vocabulary_files

_WORD = re.compile(r"[a-zåäöéü]+")
_PAIR = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)"')
CACHE_ENV = "KOMMUNRAPPORT_CACHE_DIR"      # where the cut lemma table is kept; "" turns the cache off


@derived
def nlp():
    import spacy

    pipeline = spacy.blank("sv")
    table = lemma_table()
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


# ---- the lemma table, cut and cached ----------------------------------------------------------------


@derived
def lemma_table() -> dict[str, str]:
    """form -> lemma for every form whose lemma is a word of the vocabularies."""
    source = _lookups_file()
    if source is None:   # no lookups package: the LEMMA patterns match nothing, LOWER ones still do
        return {}
    cache = _cache_file(source)
    if cache is not None:
        try:
            return json.loads(cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    table = _lemma_table(source, frozenset(vocabulary_words()))
    if cache is not None:
        _write_cache(cache, table)
    return table


@derived
def lemma_forms() -> dict[str, frozenset[str]]:
    """lemma -> the lower-cased forms of it in the cut table."""
    forms: dict[str, set[str]] = {}
    for form, lemma in lemma_table().items():
        forms.setdefault(lemma, set()).add(form.lower())
    return {lemma: frozenset(f) for lemma, f in forms.items()}


def _lookups_file():
    try:
        import spacy_lookups_data
    except ImportError:
        return None
    return resources.files(spacy_lookups_data).joinpath("data", "sv_lemma_lookup.json.gz")


def _cache_dir() -> Path | None:
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kommunrapport"


def _cache_file(source) -> Path | None:
    """The cache file of the cut table: named by the lookups file and every vocabulary file (path,
    size, modification time), so editing a vocabulary or adding a user file makes a new one."""
    folder = _cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256()
    for path in [source, *vocabulary_files()]:
        try:
            stat = os.stat(str(path))
            key.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
        except OSError:
            key.update(f"{path}|missing\n".encode())
    return folder / f"sv-lemmas-{key.hexdigest()[:20]}.json"


def _write_cache(target: Path, table: dict[str, str]) -> None:
    """Best effort, all or nothing: a cache that cannot be written is simply not kept."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(table, fh, ensure_ascii=False)
        os.replace(tmp, target)
    except OSError:
        return


def _lemma_table(source, lemmas: frozenset[str]) -> dict[str, str]:
    """form -> lemma from spacy-lookups-data, for the forms whose lemma is one of `lemmas`."""
    with source.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
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


# ---- a word gate in front of a Matcher ----------------------------------------------------------------

_LITERAL_ATTRS = ("ORTH", "TEXT", "LOWER")
_OPTIONAL_OPS = {"?", "*", "!"}


class MatchGate:
    """Whether a text can match any of a set of spaCy Matcher patterns, judged from their words.

    A pattern matches only where each of its required tokens (no `OP` of `?`, `*`, `!` or
    `{0,n}`) does. A required token whose ORTH, TEXT, LOWER or LEMMA is a literal word or an `IN`
    list stands in the text as one of those words (or a form of the lemma), so a text lacking
    them (compared lower-cased, as substrings) cannot match the pattern. A pattern without such
    a token opens the gate for every text (`always`)."""

    def __init__(self, patterns: Iterable[list[dict]]):
        self._patterns = [list(p) for p in patterns]

    @cached_property
    def _requirements(self) -> list[list[re.Pattern]] | None:
        """Per pattern, one regex per required literal token; None where some pattern has none."""
        compiled: dict[frozenset[str], re.Pattern] = {}
        found = []
        for pattern in self._patterns:
            sets = [w for w in (_token_words(t) for t in pattern if isinstance(t, dict) and _required(t))
                    if w is not None]
            if not sets:
                return None
            found.append([compiled.setdefault(w, _alternation(w)) for w in sets])
        return found

    @property
    def always(self) -> bool:
        return self._requirements is None

    def may_match(self, text: str) -> bool:
        if self._requirements is None:
            return True
        if not text:
            return False
        low = text.lower()
        return any(all(r.search(low) for r in regexes) for regexes in self._requirements)


def _alternation(words: frozenset[str]) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)")


def _required(token: dict) -> bool:
    op = token.get("OP")
    if op is None or op == "+" or op == "1":
        return True
    if op in _OPTIONAL_OPS:
        return False
    m = re.fullmatch(r"\{(\d*)(?:,(\d*))?\}", str(op))
    return bool(m and m.group(1) and int(m.group(1)) > 0)


def _literal(value) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
        return [v for v in value["IN"] if isinstance(v, str)]
    return None


def _token_words(token: dict) -> frozenset[str] | None:
    """The words one token spec can stand for, lower-cased, or None where it is not literal."""
    best: frozenset[str] | None = None
    for attr, value in token.items():
        words = _literal(value)
        if words is None or attr.upper() not in (*_LITERAL_ATTRS, "LEMMA"):
            continue
        found = frozenset(w.lower() for w in words)
        if attr.upper() == "LEMMA":
            forms = lemma_forms()
            found = found.union(*(forms.get(w, frozenset()) for w in words))
        if best is None or len(found) < len(best):
            best = found
    return best
