"""The measure words of a financial table's header: which measure (budget, outcome, forecast,
deviation ...) a header text names, and how header words stacked in a narrow column join.

Words and vocabulary only, below every layer: the table layer reads headers with them, and the
`pdftotext -layout` reader glues a word broken over two lines of a column the same way. The words
are in normalize/data/finance.toml.
"""
from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from importlib import resources

from kommunrapport.models import Measure


@cache
def finance_vocab() -> dict:
    raw = resources.files("kommunrapport.normalize").joinpath("data/finance.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


# ---- words -----------------------------------------------------------------------------------


def words_of(text: str | None) -> list[str]:
    return re.findall(r"[a-zåäöéü]+(?::[a-z]+)?", (text or "").lower())


@lru_cache(maxsize=8192)
def _text_tokens(text: str | None) -> tuple[tuple[str, ...], str]:
    """A text's words and each two neighbours glued (a word broken over two lines), and all of
    them joined by spaces: kept, as the finders ask the same header and caption for many words."""
    tokens = words_of(text)
    tokens += [a + b for a, b in zip(tokens, tokens[1:], strict=False)]
    return tuple(tokens), " " + " ".join(tokens) + " "


@lru_cache(maxsize=8192)
def _entry_tokens(entry: str) -> tuple[str, ...]:
    return tuple(words_of(entry))


def has_word(text: str | None, entries: list[str], prefixes: tuple[str, ...] = ()) -> bool:
    """Whether one of `entries` occurs in `text`: as a word, as the end of a compound
    (`helårsprognos`), as the start of a word for the abbreviations in `prefixes`, or as a phrase.
    A word broken over two lines of a narrow header cell (`Budgetav vikelse`) counts whole too."""
    tokens, joined = _text_tokens(text)
    for entry in entries:
        entry_tokens = _entry_tokens(entry)
        if len(entry_tokens) > 1:
            if " " + " ".join(entry_tokens) + " " in joined:
                return True
            continue
        e = entry_tokens[0] if entry_tokens else entry.lower()
        # the tokens hold no space: a token ends with e where `e ` stands in the joined text
        if tokens and (e + " " in joined or (e in prefixes and " " + e in joined)):
            return True
    return False


def measure_of(text: str | None) -> Measure | None:
    voc = finance_vocab()["measures"]
    prefixes = tuple(voc.get("prefixes", []))
    whole = voc.get("whole_words", {})
    tokens = set(words_of(text)) if whole else set()
    for name in voc["order"]:
        if has_word(text, voc[name], prefixes) or tokens.intersection(whole.get(name, ())):
            return Measure(name)
    return None


_SHORT_TAIL = 1      # a fragment this short under a narrow column's word is that word's end (`Progno`/`s`)


def join_header(parts: list[str]) -> str:
    """Header words stacked in one column -> one header: `Avv. prognos/` + `budget 2026`,
    `Budgetav` + `vikelse` (a word broken in a narrow column: glued where the whole is a measure
    word of the vocabulary), `Progno` + `s` + `augusti`."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not out:
            out = part
            continue
        head = part.split(" ")[0]
        glued = (out.split(" ")[-1] + head).lower()
        if out.endswith("/"):
            out = out + part
        elif out.endswith("-") and not out.endswith(" -") and part[:1].islower():
            out = out[:-1] + part
        elif part[:1].islower() and (len(head) <= _SHORT_TAIL or glued.strip(".,:") in _measure_words()):
            out = out + part
        else:
            out = out + " " + part
    return out


@cache
def _measure_words() -> frozenset[str]:
    voc = finance_vocab()["measures"]
    return frozenset(w.lower() for k, v in voc.items() if isinstance(v, list) and k not in ("order", "prefixes")
                     for w in v if isinstance(w, str) and " " not in w)
