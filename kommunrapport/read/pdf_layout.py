"""Words of a PDF page -> lines in reading order; text repairs; page furniture.

A `Line` is what the rest of the PDF reader works with: its words, box, font size, whether it is
bold, and the coloured markers that stand on it. Two-column pages are read column by column,
band by band between the lines that span both columns.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

import numpy as np

from kommunrapport.read.furniture import (
    BULLET,
    ends_with_page_number,
    is_page_number,
    is_private_use,
    leading_glyphs,
)
from kommunrapport.read.pdf_colours import Marker

LAYOUT_SETTINGS = {
    "line_tolerance": 0.45,        # words whose tops differ by less than this x font size share a line
    "segment_gap": 1.5,            # a gap wider than this x font size splits a line into segments
    "gutter_min_width": 8.0,       # pt: the empty strip between two columns
    "gutter_min_lines": 5,         # lines that must end left of / start right of the gutter
    "gutter_search": (0.25, 0.75),  # the part of the page width where a gutter is looked for
    "furniture_margin": 0.12,      # top/bottom share of the page where running headers/footers stand
    "furniture_min_share": 0.2,    # a margin line repeated on this share of pages is furniture
    "furniture_min_pages": 3,
    "marker_reach": 18.0,          # pt: a marker this far left of a line's first word belongs to the line
}

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st", "\u00ad": "-"}
_LIGATURE_RE = re.compile("|".join(LIGATURES))
# a hyphen before these words is a shared-suffix dash ("Social- och arbetsmarknadsnämnden"), not a break
KEEP_HYPHEN_BEFORE = {"och", "eller", "samt", "respektive", "resp", "till", "som", "men", "både", "and", "or"}
BULLETS = {"•", "●", "▪", "■", "◦", "–", "-", "*", "○", "►", "➢", "◆", "—"}


class Word:
    """A word as pdfplumber gives it, kept small (a long report holds some 200 000 of them):
    read like pdfplumber's word dict (`w["x0"]`, `w.get("size")`)."""

    __slots__ = ("text", "x0", "x1", "top", "bottom", "size", "fontname", "glyph")

    def __init__(self, w: dict, glyph: bool = False):
        self.text = BULLET if glyph else fix_text(w["text"])
        self.x0, self.x1, self.top, self.bottom = float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"])
        self.size = float(w.get("size", 0.0))
        self.fontname = str(w.get("fontname", ""))
        self.glyph = glyph          # a symbol-font glyph: a bullet where it opens a line, else nothing

    # w["x0"] is read hundreds of thousands of times a report: the attribute lookup itself, no frame of ours
    __getitem__ = object.__getattribute__

    def get(self, key: str, default=None):
        return getattr(self, key, default)


def _of_words(fn):
    """A property of a line worked out once for its words: a line's word list is replaced
    (`keep_line_glyphs`), never changed in place, and the reader asks a line's text, box and style
    many times over."""
    name = fn.__name__

    def get(self):
        memo = self.__dict__.get("_memo")
        if memo is None or memo[0] is not self.words or memo[1] != len(self.words):
            memo = self.__dict__["_memo"] = (self.words, len(self.words), {})
        known = memo[2]
        if name not in known:
            known[name] = fn(self)
        return known[name]

    return property(get, doc=fn.__doc__)


@dataclass
class Line:
    page: int
    words: list[dict]
    markers: list[Marker] = field(default_factory=list)
    column: int = 0

    @_of_words
    def text(self) -> str:
        """Words joined by a space, except where they touch (a comma in another font)."""
        out = self.words[0]["text"]
        for prev, w in zip(self.words, self.words[1:], strict=False):
            touching = w["x0"] - prev["x1"] < 0.12 * max(w.get("size", 10), 1)
            out += w["text"] if touching else " " + w["text"]
        return out

    @_of_words
    def x0(self) -> float:
        return min(w["x0"] for w in self.words)

    @_of_words
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)

    @_of_words
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @_of_words
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1))

    @_of_words
    def size(self) -> float:
        sizes = Counter()
        for w in self.words:
            sizes[round(w.get("size", 0), 1)] += len(w["text"])
        return sizes.most_common(1)[0][0]

    @_of_words
    def bold(self) -> bool:
        letters = [w for w in self.words if any(c.isalnum() for c in w["text"])]
        return bool(letters) and all(is_bold(w.get("fontname", "")) for w in letters)

    def segments(self, gap_factor: float) -> list[list[dict]]:
        """Runs of words split where the gap is wider than gap_factor x font size."""
        out: list[list[dict]] = [[self.words[0]]]
        for prev, w in zip(self.words, self.words[1:], strict=False):
            if w["x0"] - prev["x1"] > gap_factor * max(prev.get("size", 10), 1):
                out.append([w])
            else:
                out[-1].append(w)
        return out


def is_bold(fontname: str) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold|demi|,B\b|-B$", fontname, re.I))


@lru_cache(maxsize=1 << 16)
def fix_text(text: str) -> str:
    """Ligatures expanded, private-use and control characters dropped."""
    text = _LIGATURE_RE.sub(lambda m: LIGATURES[m.group(0)], text)
    return "".join(ch for ch in text if ch >= " " and not is_private_use(ch))


def join_lines(lines: list[str]) -> str:
    """Wrapped lines -> one text; a word broken with a hyphen at a line end is joined again."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        if out.endswith("/"):
            out += line
            continue
        first = line.split(" ", 1)[0]
        if re.search(r"\w-$", out) and first and not out.endswith("--"):
            bare = first.strip(",.;:()").lower()
            if first[0].islower() and bare not in KEEP_HYPHEN_BEFORE:
                out = out[:-1] + line
                continue
            if first[0].isdigit() or first[0].isupper():
                out = out + line if first[0].isdigit() else out + " " + line
                continue
        out = out + " " + line
    return out


# ---- rounding noise in the characters ----------------------------------------------------------

# |b| and |c| of a character's text matrix below this share of its scale are rounding, not rotation
UPRIGHT_SKEW = 1e-3
# decimals a font size is kept to: sizes that differ further down are one size
SIZE_DECIMALS = 2


def settle_chars(page, bold_fonts: dict[str, bool] | None = None) -> None:
    """Rounding noise some producers leave in every character is taken out, in place, before any word
    is made. A skew of rounding size in the text matrix (`-8e-08`): pdfplumber calls a character
    upright only when the skew is exactly 0 and reads the others as vertical text (a column of figures
    becomes words of one digit, top to bottom). Sizes that differ in the seventh decimal
    (`9.0021278` / `9.0021275`): words are made per font size, so each letter became a word.
    `bold_fonts`: fonts whose names say no weight but whose program is bold (read.pdf_fonts) get the
    weight in their name as PDF writes style names (`CIDFont+F2,Bold`)."""
    bold_fonts = bold_fonts or {}
    for ch in page.chars:
        if bold_fonts and bold_fonts.get(ch.get("fontname", "")):
            ch["fontname"] = f"{ch['fontname']},Bold"
        if "size" in ch:
            ch["size"] = round(ch["size"], SIZE_DECIMALS)
        if ch.get("upright", True):
            continue
        a, b, c, d = ch["matrix"][:4]
        if a > 0 and d > 0 and abs(b) <= UPRIGHT_SKEW * a and abs(c) <= UPRIGHT_SKEW * d:
            ch["upright"] = True


# ---- duplicated characters -----------------------------------------------------------------


def dedupe_chars(page, tolerance: float = 1.0):
    """The page without duplicated characters ("fake bold": the same glyph printed again at almost
    the same place). The same rule as pdfplumber's `page.dedupe_chars()` (same text and size within
    `tolerance` pt), in linear time: on dense pages pdfplumber's own takes over a second a page.
    Only the characters with another of their text and size in a neighbouring `tolerance` cell can
    be duplicates (numpy finds them); the rule runs over those, in page order."""
    chars = page.chars
    maybe = _crowded(chars, tolerance)
    seen: dict[tuple, list[tuple[float, float]]] = {}
    drop: set[int] = set()
    for i in maybe:
        ch = chars[i]
        x0, top, text, size = ch["x0"], ch["top"], ch["text"], round(ch.get("size", 0), 1)
        x, y = int(x0 // tolerance), int(top // tolerance)
        if _near(seen, text, size, x, y, x0, top, tolerance):
            drop.add(id(ch))
        else:
            seen.setdefault((text, size, x, y), []).append((x0, top))
    if not drop:
        return page
    return page.filter(lambda obj: obj.get("object_type") != "char" or id(obj) not in drop)


def _crowded(chars: list[dict], tolerance: float) -> list[int]:
    """Indexes (in page order) of the characters that share a `tolerance` cell, or a neighbouring
    one, with a character of the same text; the others have nothing near to be a copy of."""
    if len(chars) < 2:
        return []
    texts = list(map(itemgetter("text"), chars))
    kinds = {t: i for i, t in enumerate(dict.fromkeys(texts))}
    kind = np.fromiter(map(kinds.__getitem__, texts), dtype=np.int64, count=len(chars))
    xs = np.floor_divide(np.fromiter(map(itemgetter("x0"), chars), dtype=np.float64, count=len(chars)), tolerance)
    ys = np.floor_divide(np.fromiter(map(itemgetter("top"), chars), dtype=np.float64, count=len(chars)), tolerance)
    reach = 2.0 ** 24
    if len(kinds) >= 2**11 or not (np.all(np.abs(xs) < reach) and np.all(np.abs(ys) < reach)):
        return list(range(len(chars)))          # more than the cell key holds: every character is checked
    cells = (kind << 52) | ((xs.astype(np.int64) + 2**25) << 26) | (ys.astype(np.int64) + 2**25)
    uniq, inverse, counts = np.unique(cells, return_inverse=True, return_counts=True)
    around = np.array([(dx << 26) + dy for dx in (-1, 0, 1) for dy in (-1, 0, 1) if dx or dy], dtype=np.int64)
    probe = (uniq[:, None] + around).ravel()
    at = np.minimum(np.searchsorted(uniq, probe), len(uniq) - 1)
    near = (uniq[at] == probe).reshape(len(uniq), len(around)).any(axis=1) | (counts > 1)
    return np.flatnonzero(near[inverse.ravel()]).tolist()


def _near(seen: dict, text: str, size: float, x: int, y: int, x0: float, top: float, tol: float) -> bool:
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for px, py in seen.get((text, size, x + dx, y + dy), ()):
                if abs(px - x0) <= tol and abs(py - top) <= tol:
                    return True
    return False


# ---- words -> lines -----------------------------------------------------------------------


def page_words(raw: list[dict]) -> list[Word]:
    """pdfplumber's words -> `Word`s, with a symbol-font glyph that opens a word set apart as a word
    `•` of its own (flagged `glyph`): `\uf0b7Text` is a bullet and `Text`. Where it does not open
    its line, `keep_line_glyphs` drops it again."""
    out: list[Word] = []
    for w in raw:
        text = w["text"]
        glyphs = leading_glyphs(text)
        if not glyphs:
            out.append(Word(w))
            continue
        cut = float(w["x0"]) + (float(w["x1"]) - float(w["x0"])) * len(glyphs) / len(text)
        size = float(w.get("size", 10.0) or 10.0)
        # the bullet ends a little before its text, so that the line reads `• Text`
        out.append(Word({**w, "x1": max(float(w["x0"]) + 0.1, cut - 0.2 * size)}, glyph=True))
        rest = text[len(glyphs):].strip()
        if rest:
            out.append(Word({**w, "text": rest, "x0": cut}))
    return out


def keep_line_glyphs(lines: list[Line]) -> list[Line]:
    """Symbol-font glyphs stay only as the bullet that opens a line with text after it."""
    out = []
    for ln in lines:
        words = [w for i, w in enumerate(ln.words) if not w.get("glyph") or i == 0]
        if len(words) > 1 or words and not words[0].get("glyph"):
            ln.words = words
            out.append(ln)
    return out


def group_lines(words: list[dict], page_no: int, settings: dict = LAYOUT_SETTINGS) -> list[Line]:
    """Words -> lines by their tops (words sorted left to right within a line)."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        tol = settings["line_tolerance"] * max(w.get("size", 10), 1)
        for line in reversed(lines[-4:]):
            if abs(line[0]["top"] - w["top"]) <= tol or abs(line[0]["bottom"] - w["bottom"]) <= tol:
                line.append(w)
                break
        else:
            lines.append([w])
    return [Line(page=page_no, words=sorted(ws, key=lambda w: w["x0"])) for ws in lines]


def split_columns(lines: list[Line], page_width: float, settings: dict = LAYOUT_SETTINGS) -> list[Line]:
    """Reading order: on a two-column page, left column then right column within each band."""
    gutter = find_gutter(lines, page_width, settings)
    if gutter is None:
        return sorted(lines, key=lambda ln: ln.top)
    g0, g1 = gutter
    parts: list[Line] = []
    for line in lines:
        left = [w for w in line.words if w["x1"] <= g0 + 1]
        right = [w for w in line.words if w["x0"] >= g1 - 1]
        if left and right and len(left) + len(right) == len(line.words):
            parts.append(Line(line.page, left, column=1))
            parts.append(Line(line.page, right, column=2))
        elif len(left) == len(line.words):
            parts.append(Line(line.page, left, column=1))
        elif len(right) == len(line.words):
            parts.append(Line(line.page, right, column=2))
        else:
            parts.append(Line(line.page, line.words, column=0))
    ordered: list[Line] = []
    band: list[Line] = []
    for line in sorted(parts, key=lambda ln: ln.top):
        if line.column == 0:
            ordered.extend(sorted(band, key=lambda ln: (ln.column, ln.top)))
            band = []
            ordered.append(line)
        else:
            band.append(line)
    ordered.extend(sorted(band, key=lambda ln: (ln.column, ln.top)))
    return ordered


def find_gutter(lines: list[Line], page_width: float, settings: dict = LAYOUT_SETTINGS) -> tuple[float, float] | None:
    """An empty vertical strip near the middle that many lines end left of and start right of."""
    if len(lines) < 2 * settings["gutter_min_lines"]:
        return None
    lo, hi = (int(page_width * f) for f in settings["gutter_search"])
    covered = [0] * (int(page_width) + 2)
    for line in lines:
        for w in line.words:
            for x in range(max(int(w["x0"]), lo), min(int(w["x1"]) + 1, hi)):
                covered[x] += 1
    best: tuple[int, int] | None = None
    start = None
    for x in range(lo, hi + 1):
        free = x < hi and covered[x] == 0
        if free and start is None:
            start = x
        if not free and start is not None:
            if best is None or x - start > best[1] - best[0]:
                best = (start, x)
            start = None
    if best is None or best[1] - best[0] < settings["gutter_min_width"]:
        return None
    g0, g1 = best
    ends_left = sum(1 for ln in lines if any(g0 - 40 <= w["x1"] <= g0 + 1 for w in ln.words))
    starts_right = sum(1 for ln in lines if any(g1 - 1 <= w["x0"] <= g1 + 40 for w in ln.words))
    if min(ends_left, starts_right) < settings["gutter_min_lines"]:
        return None
    return float(g0), float(g1)


def attach_markers(lines: list[Line], markers: list[Marker], settings: dict = LAYOUT_SETTINGS) -> None:
    """Each marker goes to the line it stands on (vertically inside, horizontally on or just before it)."""
    for m in markers:
        cx, cy = m.centre
        for line in lines:
            if line.top - 2 <= cy <= line.bottom + 2 and line.x0 - settings["marker_reach"] <= cx <= line.x1 + 4:
                line.markers.append(m)
                break


# ---- page furniture -----------------------------------------------------------------------


def furniture_key(text: str) -> str:
    """Digits and case folded away, so 'Sida 6 av 18' and 'Sida 7 av 18' are one running line."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def in_margin(line: Line, page_height: float, settings: dict = LAYOUT_SETTINGS) -> bool:
    m = settings["furniture_margin"] * page_height
    return line.bottom <= m or line.top >= page_height - m


def furniture_keys(margin_lines: list[tuple[int, str]], n_pages: int, settings: dict = LAYOUT_SETTINGS) -> set[str]:
    """Keys of margin lines repeated on enough pages to be running headers or footers."""
    pages_of: dict[str, set[int]] = {}
    for page, text in margin_lines:
        pages_of.setdefault(furniture_key(text), set()).add(page)
    need = max(settings["furniture_min_pages"], settings["furniture_min_share"] * n_pages)
    need = min(need, max(2, n_pages - 1))
    return {key for key, pages in pages_of.items() if len(pages) >= need}


def is_furniture(line: Line, page_height: float, keys: set[str], settings: dict = LAYOUT_SETTINGS) -> bool:
    if not in_margin(line, page_height, settings):
        return False
    return furniture_key(line.text) in keys or is_page_number(line.text) or ends_with_page_number(line.text)
