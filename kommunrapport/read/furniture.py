"""What stands on a page without being its text, in the same shape for every reader: page numbers
(`14 (26)`, `Sida 3 av 12`, `3/12`, `SID 3 (36)`) and the private-use glyphs of symbol fonts that
open list items.

Symbol and Wingdings fonts draw their bullets with codes in Unicode's Private Use Area (U+F0B7 the
round bullet, U+F0A7 the square, U+F0D8 an arrow head, U+F076, U+F0FC a tick ...), and a text layer
or a text rendition keeps them there. Such a glyph at the start of a line is a bullet, never a
letter of a heading, a label or a goal.
"""
from __future__ import annotations

import re

from kommunrapport.normalize.vocab import derived, load_vocab

PRIVATE_USE = ("\ue000", "\uf8ff")
BULLET = "\u2022"                   # what a symbol-font bullet glyph is read as


def is_private_use(ch: str) -> bool:
    """A character of the Private Use Area (a symbol-font glyph with no Unicode meaning)."""
    return len(ch) == 1 and PRIVATE_USE[0] <= ch <= PRIVATE_USE[1]


def leading_glyphs(text: str) -> str:
    """The private-use glyphs (and spaces among them) that open `text`: its bullet, or ''."""
    n = 0
    while n < len(text) and (is_private_use(text[n]) or (n and text[n] in " \t\u00a0" and n + 1 < len(text)
                                                         and is_private_use(text[n + 1]))):
        n += 1
    return text[:n]


@derived
def _page_number_patterns() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in load_vocab("reader")["page_number_patterns"])


def is_page_number(text: str) -> bool:
    """A line that is only a page number: `3`, `- 3 -`, `3 (18)`, `3/18`, `Sida 3 av 18`, `SID 3 (36)`."""
    t = " ".join(text.split()).lower()
    return bool(t) and any(p.match(t) for p in _page_number_patterns())


_NUMBERED_OF = re.compile(r"(?:^|\s)(?:sidan|sida|sid\.?|page|s\.|p\.)?\s*(\d{1,4})\s*"
                          r"(?:\(\s*(\d{1,4})\s*\)|(?:av|of|/)\s*(\d{1,4}))$", re.I)


def ends_with_page_number(text: str) -> bool:
    """A line that ends in a page number with the page count (`... protokollsutdrag 2 (2)`, `... Sida 3 av 12`):
    in a page's margin that is a running header or footer, even of an enclosure only two pages long."""
    m = _NUMBERED_OF.search(" ".join(text.split()))
    if not m:
        return False
    total = m.group(2) or m.group(3)
    return 0 < int(m.group(1)) <= int(total) < 1900      # `12/2024`, `2025 (2026)` are dates and years
