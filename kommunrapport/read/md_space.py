"""Space-aligned tables inside converter Markdown -> rows, through the positioned-words recogniser.

A converter unsure of a table writes its text instead: in a fenced block (```` ```osaker-tabell ````,
any info string), where the words keep their columns, or as plain lines, where they do not: the
converter strips each line's leading spaces, so a line of figures alone starts at column 0 whatever
column its first figure was in, and a label printed beside its figures in a cell of several lines
comes out as fragments above and below the line of figures (`Sjukfrånvaro, andel av sjukfrånvaro 60`
/ `57,1 %  58,2 % ...` / `dagar eller mer`). A header spread over lines (`Bokslut  Bokslut ...` /
`Namn` / `2021  2022 ...`) names the columns.

The steps: `find_regions` finds such tables (a fenced block with figures, or a column header -
years, or one word repeated over the columns - with figure lines under it); `read_region` reads its
header and rows: each row's label fragments gathered from above and below its figure line (a cell's
lines are centred on its figures), each figure given its column - in order when the row has one for
every column, by its position where the line kept its columns, else left out with a warning; `grid`
lays the rows out again as positioned text, which `recognise` (the seam to the table recogniser of
`pdftotext -layout` text) turns into table rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kommunrapport.read.md_words import Word, trailing_figures, words
from kommunrapport.read.textblocks import Line, clean_text, join_wrapped, numbered_level

if TYPE_CHECKING:
    from kommunrapport.read.markdown import Src
    from kommunrapport.read.md_pipes import Repair

# Settings (documented defaults)
SETTINGS = {
    "fragment_chars": 80,      # a label fragment is at most this long; a longer line is running text
    "header_up": 3,            # header lines looked for above a fenced block
    "min_rows": 2,             # figure lines a table needs
    "edge_tolerance": 3,       # a figure's right edge within this many characters of a column's edge
}

_YEAR = re.compile(r"^(?:19|20)\d\d$")
_HEADING = re.compile(r"^#{1,6}\s")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
_CONTINUATION = re.compile(r"^[a-zåäöéü(\-–]")


def _plain(text: str) -> str:
    return _ESCAPE.sub(r"\1", text.rstrip())


# ---- the column header -----------------------------------------------------------------------------------


@dataclass
class Header:
    label: str                    # the words over the label column (`Namn`, `Indikatorer`)
    names: list[str]              # one per figure column, left to right


def column_header(text: str) -> Header | None:
    """A line naming figure columns: years (`Utfall 2021  Utfall 2022 ...`, `2021  2022 ...`) or one word
    over every column (`Bokslut  Bokslut ...`), after an optional label-column word."""
    t = _plain(text).strip()
    tokens = t.split()
    if len(tokens) < 2 or len(t) > 120 or t.endswith((".", ",", ":", ";")):
        return None
    if any(not _YEAR.match(w) and re.search(r"\d", w) for w in tokens):
        return None
    ends = [i for i, w in enumerate(tokens) if _YEAR.match(w)]
    if len(ends) >= 2 and ends[-1] == len(tokens) - 1:
        pieces = [tokens[a + 1:b + 1] for a, b in zip(ends, ends[1:], strict=False)]
        width = len(pieces[0]) if len({len(p) for p in pieces}) == 1 else 1
        if any(_YEAR.match(w) for p in pieces for w in p[:-1]):
            width = 1
        first = max(0, ends[0] + 1 - width)
        return Header(" ".join(tokens[:first]), [" ".join(tokens[first:ends[0] + 1]),
                                                 *(" ".join(p) for p in pieces)])
    rest = tokens[1:] if tokens[0] != tokens[-1] else tokens
    if len(rest) >= 2 and len(set(rest)) == 1 and rest[0][:1].isupper():
        return Header(tokens[0] if rest is not tokens else "", rest)
    return None


def _label_only(text: str) -> bool:
    """A short line of one to three words over the label column (`Namn`)."""
    t = _plain(text).strip()
    return 0 < len(t.split()) <= 3 and not re.search(r"\d", t) and not t.endswith((".", ",", ":", ";"))


# ---- finding the tables ----------------------------------------------------------------------------------


def find_regions(src: list[Src], settings: dict | None = None) -> dict[int, int]:
    """start -> end (exclusive) of each space-aligned table in the lines."""
    cfg = {**SETTINGS, **(settings or {})}
    regions: dict[int, int] = {}
    i = 0
    while i < len(src):
        start = _table_start(src, i, cfg)
        if start is not None:
            region = read_region(src, start, cfg)
            if region is not None and region.figure_rows >= cfg["min_rows"]:
                regions[start] = region.end
                i = region.end
                continue
            if region is not None:
                i = max(i + 1, region.body_start)     # a header with no table under it: past it at once
                continue
        i += 1
    return regions


def _table_start(src: list[Src], i: int, cfg: dict) -> int | None:
    s = src[i]
    if s.blank or s.text.strip().startswith("|"):
        return None
    if s.fence is not None:
        if i and src[i - 1].fence == s.fence and not src[i - 1].blank:
            return None
        return _header_above(src, i, cfg)
    if column_header(s.text) is not None:
        return i
    return None


def _header_above(src: list[Src], i: int, cfg: dict) -> int:
    """A fenced table's header lines written above the fence (`Bokslut  Bokslut ...` / `Namn`)."""
    start = i
    k = i - 1
    seen = 0
    while k >= 0 and seen < cfg["header_up"]:
        s = src[k]
        if s.blank:
            k -= 1
            continue
        if s.fence is not None or not (column_header(s.text) or _label_only(s.text)) \
                or numbered_level(clean_text(s.text)):
            break
        start = k
        seen += 1
        k -= 1
    while start < i and not (column_header(src[start].text) or src[start].fence is not None) \
            and not any(column_header(src[j].text) for j in range(start, i)):
        start += 1                  # label-only lines count only with a column header among them
    return start


# ---- reading one table -------------------------------------------------------------------------------------


@dataclass
class Piece:
    """A line of the table: a label fragment, or a line with figures."""

    src: Src
    index: int                      # of the line in the source lines
    label: str
    figures: list[Word] = field(default_factory=list)
    anchored: bool = False          # the figures' columns are those of the page (a fenced line)


@dataclass
class Row:
    label: str
    figures: list[Word]
    anchored: bool
    number: int
    page: int | None
    cells: list[str] | None = None   # label and one per column, once placed


@dataclass
class Region:
    start: int
    end: int
    header_lines: list[list[str]]    # each header line: [label words, name per column]
    rows: list[Row]
    edges: list[int]                 # right edges of the columns, where the text shows them
    figure_rows: int = 0
    body_start: int = 0              # the first line after the header band
    unplaced: list[Row] = field(default_factory=list)


def read_region(src: list[Src], start: int, settings: dict | None = None) -> Region | None:
    cfg = {**SETTINGS, **(settings or {})}
    headers: list[Header] = []
    header_srcs: list[Src] = []
    k = start
    while k < len(src):                       # the header band
        s = src[k]
        h = column_header(s.text)
        if s.blank:
            k += 1
            continue
        if h is not None:
            headers.append(h)
            header_srcs.append(s)
        elif _label_only(s.text) and not trailing_figures(_plain(s.text)) and k + 1 < len(src) \
                and _next_is_header(src, k + 1):
            headers.append(Header(_plain(s.text).strip(), []))
            header_srcs.append(s)
        else:
            break
        k += 1
    n = max((len(h.names) for h in headers), default=0)
    if n == 0:
        return None
    body_start = k
    shapes = {_shape(s.text) for s in header_srcs}
    pieces: list[Piece] = []
    end = k
    blanks = 0
    while k < len(src):
        s = src[k]
        if s.blank:
            blanks += 1
            if blanks > 2 and s.fence is None:
                break
            k += 1
            continue
        if _shape(s.text) in shapes:            # the header again, on the next page
            blanks = 0
            k += 1
            end = k
            continue
        piece = _piece(s, k, n, cfg)
        if piece is None:
            break
        if piece.figures and len(piece.figures) < n and piece.label and _bare_figures_follow(src, k, n, cfg):
            piece = Piece(s, k, _plain(s.text).strip())     # `... sjukfrånvaro 60` above its row's figures
        elif piece.figures and len(piece.figures) < n and not piece.anchored and pieces and pieces[-1].figures \
                and re.match(r"[a-zåäö\d]", piece.label or "x"):
            piece = Piece(s, k, _plain(s.text).strip())     # `möter under 14` below its row's figures
        if blanks and s.fence is None and not piece.figures and not _figures_follow(src, k, n, cfg):
            break
        blanks = 0
        pieces.append(piece)
        k += 1
        end = k
    rows, used = gather_rows(pieces)
    if used < len(pieces):
        end = pieces[used].index
    edges = _edges(header_srcs, rows, n)
    region = Region(start, end, [[h.label, *h.names] for h in headers], rows, edges,
                    figure_rows=sum(1 for r in rows if r.figures), body_start=body_start)
    place(region, n, cfg)
    return region


def _next_is_header(src: list[Src], k: int) -> bool:
    while k < len(src) and src[k].blank:
        k += 1
    return k < len(src) and column_header(src[k].text) is not None


def _shape(text: str) -> str:
    return " ".join(_plain(text).split()).lower()


def _piece(s: Src, index: int, n: int, cfg: dict) -> Piece | None:
    """The line as a label fragment or a figure line, or None where the table has ended."""
    text = _plain(s.text)
    stripped = text.strip()
    if _HEADING.match(stripped) or stripped.startswith("|"):
        return None
    level = numbered_level(clean_text(stripped))
    if level is not None and s.fence is None and (level >= 2 or len(stripped) > 20):
        return None
    found = trailing_figures(stripped, n) or trailing_figures(stripped)
    if found and found[1] and len(found[1]) <= n:
        label, figures = found
        if len(label) > cfg["fragment_chars"]:
            return None
        anchored = s.fence is not None        # outside a fence the converter closed up the spaces
        if anchored:
            figures = _absolute(text, figures)
        return Piece(s, index, label, figures, anchored=anchored)
    if len(stripped) > cfg["fragment_chars"]:
        return None
    return Piece(s, index, stripped)


def _absolute(text: str, figures: list[Word]) -> list[Word]:
    """The figures' columns in the line as written (trailing_figures reads the stripped text)."""
    ws = words(text)
    out = []
    for f in figures:
        w = next((w for w in ws if w.start >= (out[-1].end if out else 0) and f.text.startswith(w.text)), None)
        out.append(Word(f.text, w.start, w.start + len(f.text)) if w else f)
    return out


def _bare_figures_follow(src: list[Src], k: int, n: int, cfg: dict) -> bool:
    """The next line is figures alone: a label line ending in a number stands above them."""
    if k + 1 >= len(src) or src[k + 1].blank:
        return False
    nxt = _piece(src[k + 1], k + 1, n, cfg)
    return nxt is not None and bool(nxt.figures) and not nxt.label


def _figures_follow(src: list[Src], k: int, n: int, cfg: dict) -> bool:
    """After a blank line, a label fragment belongs to the table only if figures follow it."""
    for j in range(k + 1, min(k + 4, len(src))):
        if src[j].blank:
            return False
        piece = _piece(src[j], j, n, cfg)
        if piece is None:
            return False
        if piece.figures:
            return True
    return False


def gather_rows(pieces: list[Piece]) -> tuple[list[Row], int]:
    """Figure lines with their label fragments: a cell's lines are centred on its figures, so the
    fragments between two figure lines go below the first as far as the first row has fragments
    above it (or they go on in lower case), the rest above the second. Returns the rows and how many
    pieces they used (fragments after the last row beyond its share end the table)."""
    figs = [i for i, p in enumerate(pieces) if p.figures]
    if not figs:
        return [], 0
    rows: list[Row] = []
    above = [p.label for p in pieces[:figs[0]]]
    used = len(pieces)
    for r, i in enumerate(figs):
        p = pieces[i]
        nxt = figs[r + 1] if r + 1 < len(figs) else None
        gap = pieces[i + 1:nxt] if nxt is not None else pieces[i + 1:]
        labels = [g.label for g in gap]
        lead = 0
        while lead < len(labels) and _CONTINUATION.match(labels[lead]):
            lead += 1
        need = 0 if nxt is None or pieces[nxt].label else 1
        extra = max(0, min(len(labels) - lead - need, len(above) - lead))
        below = labels[:lead + extra] if nxt is not None else labels[:max(lead, len(above))]
        if nxt is None:
            used = i + 1 + len(below)
        label = " ".join(x for x in [*above, p.label, *below] if x)
        rows.append(Row(label, p.figures, p.anchored, p.src.number, p.src.page))
        above = labels[len(below):]
    return rows, used


def _edges(header_srcs: list[Src], rows: list[Row], n: int) -> list[int]:
    """Right edges of the columns where the text keeps them: a fenced header line of years, else the
    anchored rows that fill every column."""
    for s in header_srcs:
        if s.fence is not None:
            ws = [w for w in words(s.text) if _YEAR.match(w.text)]
            if len(ws) == n:
                return [w.end for w in ws]
    full = [r for r in rows if r.anchored and len(r.figures) == n]
    if full:
        return [max(r.figures[j].end for r in full) for j in range(n)]
    return []


def place(region: Region, n: int, cfg: dict) -> None:
    """Each row's figures to their columns: in order where the row has one for every column, by the
    nearest right edge where its line kept its columns; otherwise the row keeps its label only and the
    figures are left out (`unplaced_figures`)."""
    for row in region.rows:
        cells = [""] * n
        if len(row.figures) == n:
            cells = [f.text for f in row.figures]
        elif row.figures and row.anchored and region.edges:
            cols = [min(range(n), key=lambda j, f=f: abs(region.edges[j] - f.end)) for f in row.figures]
            close = all(abs(region.edges[c] - f.end) <= cfg["edge_tolerance"] for c, f in
                        zip(cols, row.figures, strict=True))
            if len(set(cols)) == len(cols) and cols == sorted(cols) and close:
                for c, f in zip(cols, row.figures, strict=True):
                    cells[c] = f.text
            else:
                region.unplaced.append(row)
        elif row.figures:
            region.unplaced.append(row)
        row.cells = [row.label, *cells]


# ---- out: positioned words for the table recogniser ----------------------------------------------------


def header_line(region: Region) -> list[str]:
    """The header lines as one: each column's names joined top to bottom (`Bokslut` / `2021`), as the
    header of a pdftotext table whose cell wraps; a line naming fewer columns goes over the labels."""
    n = max(len(h) - 1 for h in region.header_lines)
    head = [""] * (n + 1)
    for h in region.header_lines:
        for j, c in enumerate(h if len(h) - 1 == n else [" ".join(h)] + [""] * n):
            head[j] = join_wrapped(head[j], c)
    return head


def grid(region: Region) -> list[str]:
    """The table laid out again as `pdftotext -layout` would print it: the header line, then the rows,
    the label column left-aligned and each figure column right-aligned."""
    head = header_line(region)
    n = len(head) - 1
    rows = [r.cells or [r.label] for r in region.rows]
    label_w = max([len(r[0]) for r in rows] + [len(head[0])]) + 4
    col_w = max([len(c) for r in rows for c in r[1:]] + [len(x) for x in head[1:]]) + 4
    return [_lay(head[0], head[1:], label_w, col_w),
            *(_lay(r[0], r[1:] + [""] * (n - len(r) + 1), label_w, col_w) for r in rows)]


def _lay(label: str, cells: list[str], label_w: int, col_w: int) -> str:
    line = label.ljust(label_w)
    for c in cells:
        line += c.rjust(col_w)
    return line.rstrip()


def table_lines(src_region: list[Src], repairs: list[Repair], settings: dict | None = None) -> list[Line]:
    """The space-aligned table that starts the lines (as find_regions found it), as table regions of
    positioned words for the table layer (tables.build gives them rows)."""
    from kommunrapport.read.md_pipes import Repair

    region = read_region(src_region, 0, settings)
    if region is None:
        return []
    for row in region.unplaced:
        repairs.append(Repair("unplaced_figures", f"{row.label!r}: {len(row.figures)} figures under "
                              f"{len(region.header_lines[0]) - 1} columns, and the line does not show which "
                              "columns; left out", row.number, row.page))
    first = next(s for s in src_region if not s.blank)
    numbers = [(first.number, first.page), *((r.number, r.page) for r in region.rows)]
    return recognise(grid(region), numbers)


def recognise(lines: list[str], numbers: list[tuple[int, int | None]]) -> list[Line]:
    """The seam to the table recogniser (tables.grid, run after reading by tables.build): the laid-out
    lines as positioned words (read.layout's monospace grid), one region per page the table is on, each
    word keeping the line of the file it came from."""
    from kommunrapport.models import Region as WordRegion
    from kommunrapport.read.layout import Raw, layout_words

    out: list[Line] = []
    k = 0
    while k < len(lines):
        page = numbers[k][1]
        end = next((j for j in range(k + 1, len(lines)) if numbers[j][1] != page), len(lines))
        # a blank grid line between rows: each laid-out line is one row whole (its label fragments are
        # in it already), so a row without figures is never taken for the label of the row above
        raws = [Raw(number=2 * j + 1, page=page or 1, text=lines[j]) for j in range(k, end)]
        words = layout_words(raws)
        for w in words:
            w.line = numbers[(w.line - 1) // 2][0]
            w.page = page
        out.append(Line(number=numbers[k][0], page=page, text="\n".join(lines[k:end]),
                        extra={"region": WordRegion(page=page, words=words, method="layout")}))
        out.append(Line(number=numbers[end - 1][0], page=page))
        k = end
    return out
