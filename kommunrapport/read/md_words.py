"""Words and figures of converter text lines, where the layout is no longer there to tell them apart.

A converter that writes a PDF's text line by line keeps the words of a table row but not their
columns: `Anställda totalt 1 243 1 300 1 397 1 429 1 422` is a label and five figures only because
the header names five columns. `trailing_figures` reads such a line given the number of columns;
`join_broken_words` undoes a word a converter broke at a cell's line end (`Budgetavvik<br>else`),
with the document's own words as the evidence.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_NUMBER = re.compile(r"^[<>≥≤~]?[-−–+]?\d+(?:[.,]\d+)?%?$")
_GROUP = re.compile(r"^\d{3}(?:[.,]\d+)?%?$")          # a thousands group: `243`, `404,5`
_LEAD = re.compile(r"^[-−–+]?\d{1,3}$")                  # what a thousands group follows: `1`, `-58`
_DASH = re.compile(r"^[-–—]$")                           # a figure printed as a dash: no value
_PERCENT = "%"


@dataclass
class Word:
    text: str
    start: int          # character column in the line as written
    end: int


def words(text: str) -> list[Word]:
    return [Word(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def _is_number(w: str) -> bool:
    return bool(_NUMBER.match(w))


def _attach_percent(ws: list[Word]) -> list[Word]:
    """`40,9 %` -> one word: a lone `%` belongs to the figure before it."""
    out: list[Word] = []
    for w in ws:
        if w.text == _PERCENT and out and _is_number(out[-1].text):
            out[-1] = Word(f"{out[-1].text} %", out[-1].start, w.end)
        else:
            out.append(w)
    return out


def _numeric_run(ws: list[Word]) -> int:
    """How many words at the end of the line are figures (or dashes standing for one)."""
    n = 0
    for w in reversed(ws):
        t = w.text.replace(" %", "%")
        if _is_number(t) or _DASH.match(t):
            n += 1
        else:
            break
    return n


def _grouped(ws: list[Word]) -> list[Word]:
    """Thousands groups joined (`1 243` -> one figure, `506    509` two), read from the right."""
    out: list[Word] = []
    i = len(ws) - 1
    while i >= 0:
        w = ws[i]
        if i > 0 and _GROUP.match(w.text.replace(" %", "%")) and _LEAD.match(ws[i - 1].text) \
                and w.start == ws[i - 1].end + 1:         # a thousands separator is one space
            out.append(Word(f"{ws[i - 1].text} {w.text}", ws[i - 1].start, w.end))
            i -= 2
        else:
            out.append(w)
            i -= 1
    return out[::-1]


def trailing_figures(text: str, k: int | None = None) -> tuple[str, list[Word]] | None:
    """(label, figures) of a line that ends in figures; with `k`, exactly k figures or None.

    Thousands groups are read the same way throughout a row: every figure grouped (`1 243 1 300`) or
    none (`216 848 165 141`), whichever gives k. A row whose figures could be read either way to other
    counts (`61 637 64 751 66 654 70 419` under five columns) is None: a value is missing, and which one
    the words cannot tell.
    """
    ws = _attach_percent(words(text))
    n = _numeric_run(ws)
    if n == 0:
        return None
    run, head = ws[len(ws) - n:], ws[:len(ws) - n]
    grouped, plain = _grouped(run), run
    if k is None:
        figures = grouped
    elif len(grouped) == k:
        figures = grouped
    elif len(plain) == k:
        figures = plain
    elif len(grouped) == len(plain) and len(plain) > k:
        figures, head = plain[len(plain) - k:], head + plain[:len(plain) - k]    # `sjukfrånvaro 60` + five
    else:
        return None
    return " ".join(w.text for w in head), figures


def figure_count(text: str) -> int:
    """The figures a line ends in, thousands groups joined."""
    found = trailing_figures(text)
    return len(found[1]) if found else 0


# ---- words broken at a cell's line end -------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+", re.U)


class Vocabulary(Counter):
    """Lower-case words of the document's running text, with an index by their first letters."""

    def __init__(self, words=()) -> None:
        super().__init__(words)
        self.prefixes: dict[str, list[str]] = {}
        for w in self:
            self.prefixes.setdefault(w[:4], []).append(w)


def vocabulary(texts: list[str]) -> Vocabulary:
    """The evidence for joining a broken word: the words the document writes whole."""
    return Vocabulary(w.lower() for t in texts for w in _WORD.findall(t))


def is_known(word: str, vocab: Counter, inflection: int = 3) -> bool:
    """The word, or an inflected form of it (`korttidssjukfrånvaro` -> `korttidssjukfrånvaron`)."""
    w = word.lower()
    if vocab.get(w):
        return True
    if len(w) < 6 or inflection <= 0:
        return False
    candidates = vocab.prefixes.get(w[:4], []) if isinstance(vocab, Vocabulary) else list(vocab)
    return any(v.startswith(w) and len(v) - len(w) <= inflection for v in candidates)


_BREAK = re.compile(r"(?P<a>[^\W\d_]{2,})(?P<br><br\s*/?>)(?P<b>[a-zåäöéü][^\W\d_]*)", re.I)
# a piece this short after a line break, that the document does not know as a word, is a word's tail
TAIL_CHARS = 5
HEAD_CHARS = 4


def broken(a: str, b: str, vocab: Counter) -> bool:
    """Whether `a` at a line's end and `b` starting the next are one word broken without a hyphen: the
    document knows the joined word (`Budgetavvik` + `else`), or neither piece and `b` is a word's tail
    (`Totalbud` + `get`); a piece that starts with a capital is a word of its own."""
    if not a or not b or not b[0].islower() or not a[-1].isalpha() or not b[0].isalpha():
        return False
    if is_known(a + b, vocab):
        return True
    return len(a) >= HEAD_CHARS and len(b) <= TAIL_CHARS and not is_known(a, vocab, 0) and not is_known(b, vocab, 0)


def join_pieces(first: str, second: str, vocab: Counter) -> str:
    """Two lines of a cell as one text: `Korttidssjukfrån` + `varo Kvinnor` -> `Korttidssjukfrånvaro Kvinnor`."""
    if not first or not second:
        return first or second
    a = _WORD.findall(first.split()[-1])
    b = _WORD.findall(second.split()[0])
    if a and b and first.split()[-1].endswith(a[-1]) and second.split()[0].startswith(b[0]) \
            and broken(a[-1], b[0], vocab):
        return first + second
    return f"{first} {second}"


def join_broken_words(cell: str, vocab: Counter) -> str:
    """`Budgetavvik<br>else 2024` -> `Budgetavvikelse 2024`; `Anställda andel<br>kvinnor` stays two words."""
    return _BREAK.sub(lambda m: m.group("a") + m.group("b") if broken(m.group("a"), m.group("b"), vocab)
                      else m.group(0), cell)
