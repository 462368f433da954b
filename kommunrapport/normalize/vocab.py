"""Vocabularies (TOML files in normalize/data/) loaded once, user-extendable; rapidfuzz matching with scores.

A vocabulary file `data/NAME.toml` either holds one top-level table named NAME (`[sections.goals]`)
or is the vocabulary itself. A user file (`add_user_vocab(path)`, or the paths in the environment
variable KOMMUNRAPPORT_VOCAB separated by os.pathsep) names the vocabulary it extends:
`[sections.goals] synonyms = ["målavstämning"]` adds a synonym; lists are extended, tables merged,
other values replaced.
"""
from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from kommunrapport.models import SectionKind

DATA_DIR = Path(__file__).parent / "data"
_user_files: list[Path] = []
_derived: list = []


class VocabError(ValueError):
    """A vocabulary file that cannot be used (missing, not TOML, a key no vocabulary has): the
    message names the file."""


def add_user_vocab(path: str | Path) -> None:
    """Extend the shipped vocabularies with a user's TOML file (checked at once)."""
    p = Path(path)
    check_user_vocab(p)
    if p not in _user_files:
        _user_files.append(p)
    clear_caches()


def reset_user_vocab() -> None:
    """Forget the user files added with add_user_vocab (the environment variable still counts)."""
    _user_files.clear()
    clear_caches()


def derived(fn):
    """functools.cache for a function built from vocabularies: cleared whenever a user file is added."""
    cached = cache(fn)
    _derived.append(cached)
    return cached


def clear_caches() -> None:
    load_vocab.cache_clear()
    for fn in _derived:
        fn.cache_clear()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError as e:
        raise VocabError(f"vocabulary file not found: {path}") from e
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise VocabError(f"vocabulary file {path} is not valid TOML: {e}") from e


def check_user_vocab(path: Path | None = None) -> None:
    """Check a user's vocabulary file (or every one in use) against the shipped vocabularies:
    VocabError names the file and the key, and lists the valid keys."""
    for p in [path] if path is not None else _user_paths():
        _checked(Path(p), *_stamp(Path(p)))


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_size, st.st_mtime_ns)


@cache
def _checked(path: Path, size: int, mtime: int) -> None:
    from kommunrapport.normalize.vocab_schema import check_user_file

    check_user_file(path, _read_toml(path))


def _user_paths() -> list[Path]:
    env = [Path(p) for p in os.environ.get("KOMMUNRAPPORT_VOCAB", "").split(os.pathsep) if p]
    return env + _user_files


def vocabulary_files() -> list[Path]:
    """The shipped vocabulary files, then the user's."""
    return sorted(DATA_DIR.glob("*.toml")) + _user_paths()


def read_vocabulary_file(path: Path) -> dict[str, Any]:
    return _read_toml(path)


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in extra.items():
        if isinstance(v, Mapping) and isinstance(out.get(k), Mapping):
            out[k] = _merge(out[k], v)
        elif isinstance(v, list) and isinstance(out.get(k), list):
            out[k] = out[k] + [x for x in v if x not in out[k]]
        else:
            out[k] = v
    return out


@cache
def load_vocab(name: str) -> dict[str, Any]:
    """The vocabulary NAME: data/NAME.toml merged with every user file's [NAME] tables."""
    path = DATA_DIR / f"{name}.toml"
    data = _read_toml(path) if path.exists() else {}
    if set(data) == {name} and isinstance(data[name], dict):
        data = data[name]
    for user in _user_paths():
        check_user_vocab(user)
        extra = _read_toml(user).get(name)
        if isinstance(extra, Mapping):
            data = _merge(data, extra)
    return data


def synonyms_of(vocab: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(synonym, key) pairs of a vocabulary whose entries are `[key] synonyms = [...]` (or a list)."""
    pairs: list[tuple[str, str]] = []
    for key, entry in vocab.items():
        words = entry.get("synonyms", []) if isinstance(entry, Mapping) else entry
        if isinstance(words, str):
            words = [words]
        pairs.extend((w, key) for w in words if isinstance(w, str))
    return pairs


@derived
def _synonym_table(name: str, section: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    vocab = load_vocab(name)
    if section is not None:
        vocab = vocab.get(section, {})
    pairs = synonyms_of(vocab)
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


def best_match(query: str, choices: Iterable[tuple[str, str]] | None = None, *, vocab: str | None = None,
               section: str | None = None, scorer: Callable[..., float] = fuzz.WRatio,
               score_cutoff: float = 85) -> tuple[str | None, float]:
    """The key whose synonym is nearest to `query` and the rapidfuzz score, or (None, best score below cutoff).

    choices: (synonym, key) pairs; or vocab (+ optional section): a vocabulary of `[key] synonyms = [...]`.
    """
    if choices is not None:
        pairs = list(choices)
        words, keys = tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)
    elif vocab is not None:
        words, keys = _synonym_table(vocab, section)
    else:
        raise ValueError("best_match needs choices or vocab")
    if not words or not query or not query.strip():
        return None, 0.0
    hit = process.extractOne(query, words, scorer=scorer, processor=utils.default_process)
    if hit is None:
        return None, 0.0
    _, score, index = hit
    if score < score_cutoff:
        return None, float(score)
    return keys[index], float(score)


# --- headings --------------------------------------------------------------------------------------

COMPOUND_MIN = 11
_NUMBERING = re.compile(r"^\s*(?:(?:kapitel|avsnitt)\s+)?(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[A-Z]\.)\s+", re.I)
_PAGE_TAIL = re.compile(r"(?:\s*\.{2,}\s*|\s+|\t)(?:s\.\s*)?\d{1,3}\s*$")
_LEADERS = re.compile(r"\s*[.…·_]{2,}\s*")


def clean_heading(text: str) -> str:
    """A heading without its numbering ('3.2 ', 'Bilaga 1.' stays), dot leaders and page number."""
    s = re.sub(r"<[^>]+>", " ", text or "")
    s = re.sub(r"\s+", " ", s.replace("\t", " \t ")).strip()
    s = _PAGE_TAIL.sub("", s)
    s = re.sub(r"(?<=[a-zåäö])\d{1,3}$", "", s)  # a page number run into the last word: 'Förord av ordförande1'
    s = _LEADERS.sub(" ", s).strip()
    s = _NUMBERING.sub("", s)
    return s.strip(" :-–")


def match_section(heading: str) -> tuple[SectionKind | None, float]:
    """The SectionKind of a heading (numbering and page numbers stripped first) and the rapidfuzz score."""
    cfg = load_vocab("sections")
    settings = cfg.get("settings", {}) if isinstance(cfg.get("settings"), Mapping) else {}
    cutoff = float(settings.get("score_cutoff", 85))
    whole = clean_heading(heading)
    cleaned = _strip_framing(whole, settings.get("strip_prefixes", []))
    # a heading that is itself a synonym ('Nämndens uppdrag': the remit) is not read without its first words
    key, score = best_match(whole, vocab="sections", section="kinds", scorer=fuzz.ratio, score_cutoff=100)
    if key is None:
        key, score = best_match(cleaned, vocab="sections", section="kinds", scorer=_heading_scorer,
                                score_cutoff=cutoff)
    owner = _strip_owner(cleaned)
    if key is None and owner != cleaned:
        # 'Revisorernas egna mål', 'Socialnämndens indikatorer': the genitive names the owner, not the topic
        key, score = best_match(owner, vocab="sections", section="kinds", scorer=_heading_scorer,
                                score_cutoff=cutoff)
    if key is None:
        return None, score
    try:
        return SectionKind(key), score
    except ValueError:  # a user vocabulary named a kind the contract does not have
        return None, score


def _strip_framing(heading: str, prefixes: list[str]) -> str:
    """'Uppföljning av internkontroll' -> 'internkontroll': the words that frame a heading, not name it."""
    low = heading.lower()
    for prefix in sorted(prefixes, key=len, reverse=True):
        if low.startswith(prefix.lower() + " ") and len(heading) > len(prefix) + 1:
            return heading[len(prefix) + 1:].strip()
    return heading


_OWNER = re.compile(r"^(?:[\wåäöÅÄÖ]+-\s*(?:och|samt|eller)\s+)?(?P<owner>[\wåäöÅÄÖ]+)\s+(?P<rest>\S.*)$")


def _strip_owner(heading: str) -> str:
    """'Socialnämndens indikatorer', 'Barn- och utbildningsnämndens mål' -> the words after the owner."""
    m = _OWNER.match(heading)
    if m and len(m.group("owner")) > 5 and m.group("owner").lower().endswith(("ens", "ernas", "arnas", "es", "ets")):
        return m.group("rest")
    return heading


def _heading_scorer(query: str, choice: str, *, processor=None, score_cutoff: float | None = None) -> float:
    """The better of: the whole heading against the synonym (fuzz.ratio), or the synonym found (fuzzily)
    at the start of a word of the heading ('Uppföljning av internkontroll', 'Investeringsredovisning'),
    weighted by how much of the heading it covers. WRatio alone over-rewards short synonyms anywhere
    inside long headings."""
    if processor:
        query, choice = processor(query), processor(choice)
    if not query or not choice:
        return 0.0
    if query == choice:
        return 100.0
    whole = fuzz.ratio(query, choice)
    if len(choice) >= len(query):
        return whole
    al = fuzz.partial_ratio_alignment(choice, query)
    if al is None or al.score < 90:
        return whole
    start, end = al.dest_start, al.dest_end
    if start > 0 and query[start - 1] != " ":
        return whole
    coverage = len(choice) / len(query)
    weight = 0.9 + 0.1 * coverage
    if end < len(query) and query[end] != " ":
        # the start of a compound ('nettokostnad|sförändring'): only for long synonyms, a short one
        # ('verksamhet|sfordon', 'bidrag|sgivning') names a different thing as often as not
        if len(choice) < COMPOUND_MIN:
            return whole
        weight *= 0.96
    if start > 0:
        weight *= 0.88  # a later word ('... en stabil ekonomisk situation') names the section far less surely
    return max(whole, al.score * weight)
