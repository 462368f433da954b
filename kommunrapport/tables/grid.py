"""Positioned words -> one table's grid: columns, header band, rows, cells with their boxes.

The same recogniser serves every reader: pdfplumber's words (points) and `pdftotext -layout`
tokens placed on a nominal monospace grid (read.layout), so both renditions of one report give
the same table. It is a pipeline of small named steps, like pdfplumber's table finder:

    words -> lines -> pieces -> column edges -> header band -> rows -> cells

- **pieces**: words of a line joined into phrases (text) and amounts (`1 513,3`: a three-digit
  group close after a number goes on with it).
- **columns**: amounts are right-aligned, so their right edges cluster; labels are left-aligned,
  so text pieces whose extents overlap are one column. Two amounts glued in the text layer
  (`25 501`) are split where another row shows a column edge inside them.
- **header band**: every line above the first body row that has words over the value columns,
  however many; a word broken over lines in a narrow column is joined; a line of few pieces above
  a line of more (`Period` over four columns) is a row of group labels spanning the columns below.
- **rows**: each line with values is a row; a label line without values joins the row it wraps
  into (numbers on the first line, the last line or between the two halves), else it is a row of
  its own (a group row); a prose line reaching over the value columns ends the table (a footnote).

**Character-cell mode** (`char_width` set: monospaced text, `pdftotext -layout` placed on a nominal
grid by read.layout): pdftotext puts each word at the character cell nearest its place on the page,
so a right-aligned column's figures end a few cells apart (`cell_value_spans`), one space between
two words is no evidence of one phrase in a header over tight columns (`2023 2022`: header words
are placed one by one, a phrase of measure headings cut before each heading), a group label stands
anywhere over its group (`_cell_group_row`), header cells centred apart vertically land on lines of
their own (`_interleaved`), a header stacked over figures no row has is a column left empty, and a
text cell's lines wrapped under its row carry no sign but their place (`_wraps_cells`).

Drawn evidence (rules, cell boxes) only joins what the words leave open; it never splits a word
or makes a column no word stands in. Tolerances are in units of the words' font size; every
knob is in `GRID_SETTINGS`, and `columns=` takes explicit column right edges as camelot's
stream mode does.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kommunrapport.models.document import Word
from kommunrapport.normalize.measure_words import join_header, measure_of

GRID_SETTINGS: dict = {
    "line_tolerance": 0.3,      # x size: words whose tops differ by less share a line
    "phrase_gap": 0.75,         # x size: text words closer than this are one piece
    "thousands_gap": 0.55,      # x size: a 3-digit group this close after a number continues it
    "edge_tolerance": 0.55,     # x size: amount right edges this close are one column
    "band_gap": 0.6,            # x size: a wider vertical gap parts two header bands
    "attach_gap": 0.55,         # x size: a label line this close to a row's line can belong to it
    "footnote_reach": 1,        # a value-less line reaching over more value columns than this ends the table
    "columns": None,            # explicit right edges of the value columns (camelot's `columns=`)
    # character-cell mode (monospaced text, `pdftotext -layout`): the width of one character cell, or
    # None for a PDF's words. pdftotext puts each word at the character cell nearest its place on the
    # page, so a right-aligned column's figures end a few cells apart, and one space is no column gap.
    "char_width": None,
    "cell_edge_tolerance": 2.5,  # x char_width: figures ending this close are one column
    "cell_merge_gap": 6,         # x char_width: two edges no line fills both, this close, may be one column
}

_AMOUNT = re.compile(r"^[(]?[-−–+]?[(]?\d[\d.,]*[)]?\s?%?\*{0,3}$")     # `0,0**`: a footnote's stars
_GROUP = re.compile(r"^\d{3}([.,]\d+)?[)]?%?\*{0,3}$")
_LEAD = re.compile(r"^[(]?[-−–+]?[(]?\d{1,3}( \d{3})*$")
_YEAR = re.compile(r"^[(]?(19|20)\d\d[)]?$")       # `2024`, and `(2024)` beside a figure: the year it is of
_DASH = {"-", "–", "—", "−", "x", "X", "..", "…", "–––"}
_CONTINUES = ("-", "/", ",", " och", " samt", " för", " i", " av", " till", " inkl", " exkl", "&")


def is_amount(text: str) -> bool:
    return bool(_AMOUNT.match(text)) and not _YEAR.match(text)


def _is_unit(text: str) -> bool:
    from kommunrapport.normalize.units import find_unit
    unit = find_unit(text)
    return unit is not None and unit.raw.lower() == text.strip(".,").lower()


# ---- pieces and lines -------------------------------------------------------------------------


@dataclass
class Piece:
    words: list[Word]
    kind: str                    # "amount", "text", "dash"

    @property
    def text(self) -> str:
        out = self.words[0].text
        for a, b in zip(self.words, self.words[1:], strict=False):
            touching = abs(b.top - a.top) < 0.3 * a.size and b.x0 - a.x1 < 0.12 * a.size
            out += b.text if touching else " " + b.text
        return out

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        return self.words[0].size or 10.0

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def is_value(self) -> bool:
        return self.kind in ("amount", "dash")


@dataclass
class GLine:
    pieces: list[Piece]
    col: dict[int, list[Piece]] = field(default_factory=dict)   # column -> pieces, once placed
    phrases: list[Piece] | None = None     # a header line's pieces before its words were placed one by one

    @property
    def top(self) -> float:
        return min(p.top for p in self.pieces)

    @property
    def bottom(self) -> float:
        return max(p.bottom for p in self.pieces)

    @property
    def size(self) -> float:
        return self.pieces[0].size

    @property
    def amounts(self) -> list[Piece]:
        return [p for p in self.pieces if p.kind == "amount"]

    @property
    def has_values(self) -> bool:
        return any(p.kind == "amount" for p in self.pieces)

    @property
    def bold(self) -> bool:
        return all(w.bold for p in self.pieces for w in p.words if any(c.isalpha() for c in w.text))


def group_lines(words: list[Word], settings: dict) -> list[list[Word]]:
    """Words -> lines by their tops, each line left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        tol = settings["line_tolerance"] * (w.size or 10.0)
        for line in reversed(lines[-3:]):
            if abs(line[0].top - w.top) <= tol:
                line.append(w)
                break
        else:
            lines.append([w])
    return [sorted(ws, key=lambda w: w.x0) for ws in lines]


def make_pieces(words: list[Word], settings: dict) -> list[Piece]:
    """A line's words -> amounts (thousands groups joined) and text phrases."""
    out: list[Piece] = []
    for w in words:
        text = w.text
        kind = "amount" if is_amount(text) else ("dash" if text in _DASH else "text")
        prev = out[-1] if out else None
        gap = w.x0 - prev.x1 if prev else 0.0
        size = w.size or 10.0
        if prev is not None and prev.kind == "amount" and (
                (kind == "amount" and _GROUP.match(text) and _LEAD.match(prev.text)
                 and gap <= settings["thousands_gap"] * size)
                or (text in ("%", "*") and gap <= settings["thousands_gap"] * size)):
            prev.words.append(w)
            continue
        if prev is not None and prev.kind == "text" and kind != "dash" and gap <= settings["phrase_gap"] * size:
            prev.words.append(w)
            continue
        if prev is not None and prev.kind == "text" and kind == "amount" and settings.get("char_width") \
                and gap <= 1.5 * settings["char_width"]:
            prev.words.append(w)         # monospaced text: a figure one space after a word is the text's
            continue
        if prev is not None and prev.kind == "amount" and kind == "text" and gap <= settings["phrase_gap"] * size \
                and _is_unit(text):
            prev.words.append(w)         # `2,1 mnkr`: the unit written in the cell stays with its figure
            continue
        if prev is not None and prev is out[0] and prev.kind == "amount" and kind == "text" \
                and gap <= 0.4 * size and text[:1].islower():
            prev.words.append(w)         # a label that starts with a figure (`100 % av enheterna ...`)
            prev.kind = "text"
            continue
        if prev is not None and prev.kind == "dash" and kind == "text" and gap <= 0.3 * size:
            prev.words.append(w)
            prev.kind = "text"
            continue
        out.append(Piece([w], kind))
    return out


# ---- columns ------------------------------------------------------------------------------------


@dataclass
class Column:
    x0: float
    x1: float
    kind: str                    # "value" (right-aligned amounts) or "text"
    edge: float | None = None    # the right edge the amounts share

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2


def _cluster(values: list[float], tol: float) -> list[list[float]]:
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return groups


def value_edges(lines: list[GLine], settings: dict) -> list[float]:
    """Right edges shared by amounts on several lines (one line's amounts count when the table has
    fewer lines with values than two)."""
    if settings.get("columns"):
        return sorted(settings["columns"])
    if settings.get("char_width"):
        return [hi for _, hi in cell_value_spans(lines, settings)]
    amounts = [p for ln in lines for p in ln.amounts]
    if not amounts:
        return []
    size = amounts[0].size
    rows = sum(1 for ln in lines if ln.has_values)
    need = 2 if rows >= 2 else 1
    groups = _cluster([p.x1 for p in amounts], settings["edge_tolerance"] * size)
    strong = [max(g) for g in groups if len(g) >= need]
    for g in groups:        # a column filled in only one row: kept where no strong column is near
        if len(g) < need and all(abs(max(g) - e) > 2 * size for e in strong):
            strong.append(max(g))
    return sorted(strong)


def cell_value_spans(lines: list[GLine], settings: dict) -> list[tuple[float, float]]:
    """Monospaced text: the (lowest, highest) right edge of each value column. pdftotext rounds each
    figure to a character cell, so a right-aligned column's figures end a few cells apart: right
    edges within `cell_edge_tolerance` cells are one column (dashes too, they stand in the columns).
    A line gives a column one value at most: while more columns remain than the fullest line has
    values, the two nearest that no line fills both are one column (a `0` set off its column)."""
    cw = settings["char_width"]
    values = [[p for p in ln.pieces if p.is_value] for ln in lines]
    values = [v for v in values if v]
    if not values:
        return []
    need = 2 if sum(1 for ln in lines if ln.has_values) >= 2 else 1
    groups = _cluster([p.x1 for v in values for p in v], settings["cell_edge_tolerance"] * cw)
    strong = [g for g in groups if len(g) >= need]
    weak = [g for g in groups if len(g) < need and all(abs(max(g) - max(s)) > 2 * settings["cell_edge_tolerance"] * cw
                                                       for s in strong)]
    spans = sorted([min(g), max(g)] for g in strong + weak)
    most = max(len(v) for v in values)

    def fills(v: list[Piece], span: list[float]) -> bool:
        return any(span[0] <= p.x1 <= span[1] for p in v)

    while len(spans) > most:
        pairs = [(spans[j + 1][0] - spans[j][1], j) for j in range(len(spans) - 1)
                 if not any(fills(v, spans[j]) and fills(v, spans[j + 1]) for v in values)]
        pairs = [(gap, j) for gap, j in pairs if gap <= settings["cell_merge_gap"] * cw]
        if not pairs:
            break
        _, j = min(pairs)
        spans[j:j + 2] = [[spans[j][0], spans[j + 1][1]]]
    return [(a, b) for a, b in spans]


def split_glued(lines: list[GLine], edges: list[float], settings: dict, boxes: list | None = None) -> bool:
    """Amounts that run together in the text layer (`25 501` over two columns) split where an inner
    group ends on another column's edge and both halves are amounts, unless a drawn cell holds the
    amount alone (`3 187` centred in its cell). Returns whether any was split."""
    tol = settings["edge_tolerance"]
    changed = False
    for ln in lines:
        out: list[Piece] = []
        for p in ln.pieces:
            cut = None
            if p.kind == "amount" and len(p.words) >= 2 and _cell_of(p, ln, boxes or []) is None:
                for k in range(1, len(p.words)):
                    left, right = p.words[:k], p.words[k:]
                    if any(abs(left[-1].x1 - e) <= tol * p.size for e in edges) and \
                            any(abs(right[-1].x1 - e) <= tol * p.size for e in edges) and \
                            abs(left[-1].x1 - right[-1].x1) > 2 * tol * p.size:
                        cut = k
                        break
            if cut is None:
                out.append(p)
            else:
                out.extend([Piece(p.words[:cut], "amount"), Piece(p.words[cut:], "amount")])
                changed = True
        ln.pieces = out
    return changed


def _cell_of(p: Piece, ln: GLine, boxes: list, mates: frozenset[int] = frozenset()) -> tuple | None:
    """The smallest drawn box that holds the piece, where it holds no other amount of the line but
    its `mates`: the piece's own cell (a box over the whole row, a row's shading, is no cell)."""
    held = [b for b in boxes if b[0] - 1 <= p.x0 and p.x1 <= b[2] + 1 and b[1] - 1 <= p.top and p.bottom <= b[3] + 1]
    if not held:
        return None
    box = min(held, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    others = [q for q in ln.amounts if q is not p and id(q) not in mates]
    if any(box[0] - 1 <= q.x0 and q.x1 <= box[2] + 1 for q in others):
        return None
    return box


def _one_drawn_column(edges: list[float], body: list[GLine], settings: dict, boxes: list) -> list[float]:
    """Amounts centred in drawn cells share no right edge: neighbouring edges whose amounts all sit
    in cells drawn over one common span are one column (the right edge kept); cells of two columns
    share no span."""
    if not boxes or len(edges) < 2:
        return edges
    tol = settings["edge_tolerance"]

    def members(e: float) -> list[tuple[GLine, Piece]]:
        return [(ln, p) for ln in body for p in ln.amounts if abs(p.x1 - e) <= tol * p.size]

    out = [edges[0]]
    group = members(edges[0])
    for e in edges[1:]:
        both = group + members(e)
        mates = frozenset(id(p) for _, p in both)
        cells = [_cell_of(p, ln, boxes, mates) for ln, p in both]
        if any(c is None for c in cells) or max(c[0] for c in cells) >= min(c[2] for c in cells):
            out.append(e)
            group = members(e)
            continue
        out[-1] = e
        group = both
    return out


def find_columns(lines: list[GLine], body: list[GLine], settings: dict, boxes: list | None = None) -> list[Column]:
    """Value columns from the amounts' right edges (amounts centred in drawn cells: one column per
    cell); text columns from the text pieces of the body whose extents overlap; then columns that
    overlap merged."""
    edges = value_edges(body, settings)
    if edges and split_glued(body, edges, settings, boxes):
        edges = value_edges(body, settings)
    edges = _one_drawn_column(edges, body, settings, boxes or [])
    cols: list[Column] = []
    reach = {hi: hi - lo for lo, hi in cell_value_spans(body, settings)} if settings.get("char_width") else {}
    for e in edges:
        members = [p for ln in body for p in ln.amounts
                   if -settings["edge_tolerance"] * p.size <= e - p.x1 <= reach.get(e, 0) + settings["edge_tolerance"] * p.size]
        x0 = min((p.x0 for p in members), default=e - 10)
        cols.append(Column(x0=x0, x1=e, kind="value", edge=e))
    texts = [p for ln in body for p in ln.pieces if not p.is_value and not _inside_value(p, cols)]
    if cols:        # labels left of every value column, on any line (a header's `Tkr`, a `Summa` row)
        left = min(c.x0 for c in cols)
        # ... but not a header set at the left of a wide figure column's cell (`Budget 2027` over
        # right-aligned figures): it starts right of where every label of the body ends
        labels_end = max((p.x1 for p in texts), default=None)
        texts += [p for ln in lines if not ln.has_values for p in ln.pieces
                  if not p.is_value and p.x1 < left - 0.5 * p.size
                  and (labels_end is None or p.x0 <= labels_end + p.size)]
    spans: list[list[float]] = []
    for p in sorted(texts, key=lambda p: p.x0):
        if spans and p.x0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], p.x1)
        else:
            spans.append([p.x0, p.x1])
    for a, b in spans:
        if any(c.x0 - 1 <= a and b <= c.x1 + 1 for c in cols):
            continue
        cols.append(Column(x0=a, x1=b, kind="text"))
    cols.sort(key=lambda c: c.x0)
    merged: list[Column] = []
    for c in cols:
        if merged and c.x0 < merged[-1].x1 - 0.5 and not (c.kind == merged[-1].kind == "value"):
            m = merged[-1]
            if c.kind == "value" and m.kind == "text" and c.x1 > m.x1:
                # a label column running into the amounts is the label's overlong line: the amounts win
                m.x1 = min(m.x1, c.x0 - 0.5)
                merged.append(c)
                continue
            m.x0, m.x1 = min(m.x0, c.x0), max(m.x1, c.x1)
            if c.kind == "value":
                m.kind, m.edge = "value", c.edge
            continue
        merged.append(c)
    return merged


def empty_columns(head: list[GLine], cols: list[Column]) -> list[Column]:
    """Columns that only the header shows, right of every column the body fills (a column left
    empty throughout: `Orsak` and `Åtgärd` over no rows)."""
    if not cols:
        return []
    right = max(c.x1 for c in cols)
    spans: list[list[float]] = []
    for p in sorted((p for ln in head for p in ln.pieces if p.x0 > right + p.size), key=lambda p: p.x0):
        if spans and p.x0 <= spans[-1][1] + 0.5 * p.size:
            spans[-1][1] = max(spans[-1][1], p.x1)
        else:
            spans.append([p.x0, p.x1])
    return [Column(x0=a, x1=b, kind="text") for a, b in spans]


def stacked_empty_columns(head: list[GLine], body: list[GLine], cols: list[Column]) -> list[Column]:
    """Monospaced text: a header stacked over two or more lines (`Pro-` / `gnos/` / `utfall`) between
    the value columns, clear of every piece of the body, is a value column left empty throughout."""
    values = [c for c in cols if c.kind == "value"]
    if not values:
        return []
    start = min(c.x0 for c in values)
    lines = [ln for ln in head if len(ln.pieces) >= 2]
    if len(lines) < 2:
        return []
    taken = [(p.x0, p.x1) for ln in body for p in ln.pieces[1:]]
    spans: list[list] = []
    for x0, x1, k in sorted((p.x0, p.x1, k) for k, ln in enumerate(lines) for p in ln.pieces[1:] if p.x0 >= start):
        if spans and x0 < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], x1)
            spans[-1][2].add(k)
        else:
            spans.append([x0, x1, {k}])
    right = max(c.x1 for c in cols)
    return [Column(x0=a, x1=b, kind="value", edge=b) for a, b, ks in spans
            if len(ks) >= 2 and b < right and not any(x0 < b and a < x1 for x0, x1 in taken)
            and not any(c.x0 < b and a < c.x1 for c in cols)]


def _inside_value(p: Piece, cols: list[Column]) -> bool:
    return any(c.x0 - p.size <= p.x0 and p.x1 <= c.x1 + 0.5 * p.size for c in cols)


def boundaries(cols: list[Column]) -> list[float]:
    """Where one column's zone ends and the next begins: after a text column, just before the next
    column's words; before a right-aligned value column, just after the previous column's words."""
    out = []
    for a, b in zip(cols, cols[1:], strict=False):
        if b.kind == "value":
            out.append(a.x1 + 0.5 * max(0.0, b.x0 - a.x1) if a.kind == "value" else a.x1 + 1)
        else:
            out.append(b.x0 - 1)
    return out


def column_of(p: Piece, cols: list[Column], bounds: list[float]) -> int:
    """The column a piece belongs to: an amount by its right edge, text by the zone it overlaps most."""
    if p.is_value:
        for j, c in enumerate(cols):
            if c.kind == "value" and c.edge is not None and abs(p.x1 - c.edge) <= 0.55 * p.size:
                return j
        return _zone(p.x1 - 0.1, bounds)
    best, best_j = -1.0, _zone(p.x0 + 0.1, bounds)
    zones = list(zip([-1e9, *bounds], [*bounds, 1e9], strict=True))
    for j, (a, b) in enumerate(zones):
        ov = min(b, p.x1) - max(a, p.x0)
        if ov > best + 0.01:
            best, best_j = ov, j
    return best_j


def _zone(x: float, bounds: list[float]) -> int:
    return next((j for j, b in enumerate(bounds) if x <= b), len(bounds))


def overlapped_columns(p: Piece, cols: list[Column], bounds: list[float], share: float = 0.3) -> list[int]:
    """The columns whose zone the piece covers a good part of."""
    out = []
    zones = list(zip([cols[0].x0 if cols else 0, *bounds], [*bounds, cols[-1].x1 if cols else 0], strict=True))
    for j, (a, b) in enumerate(zones):
        ov = min(b, p.x1) - max(a, p.x0)
        if ov > 0 and ov >= share * min(b - a, p.x1 - p.x0):
            out.append(j)
    return out


# ---- the table ----------------------------------------------------------------------------------


@dataclass
class GridCell:
    text: str = ""
    bbox: tuple[float, float, float, float] | None = None
    span: int = 1                # columns this cell covers; 0 for a column a cell to its left covers


@dataclass
class GridRow:
    cells: list[GridCell]
    header: bool = False
    bbox: tuple[float, float, float, float] | None = None
    lines: list[int] = field(default_factory=list)     # the text lines (layout) it was read from


@dataclass
class Grid:
    columns: list[Column]
    rows: list[GridRow]
    rest: list[Word] = field(default_factory=list)     # words below the table (a footnote, prose)
    value_share: float = 0.0      # the share of the body's lines that hold amounts

    @property
    def is_money(self) -> bool:
        """A table of figures: value columns, and amounts on at least half the body's lines."""
        return any(c.kind == "value" for c in self.columns) and self.value_share >= 0.5


def _box(pieces: list[Piece]) -> tuple[float, float, float, float] | None:
    if not pieces:
        return None
    return (round(min(p.x0 for p in pieces), 1), round(min(p.top for p in pieces), 1),
            round(max(p.x1 for p in pieces), 1), round(max(p.bottom for p in pieces), 1))


def find_grid(words: list[Word], settings: dict | None = None, h_rules: list[float] | None = None,
              boxes: list[tuple[float, float, float, float]] | None = None) -> Grid | None:
    """The table the words make, or None where they make no grid of two columns."""
    settings = {**GRID_SETTINGS, **(settings or {})}
    words = [w for w in words if w.text.strip()]
    if not words:
        return None
    lines = [GLine(make_pieces(ws, settings)) for ws in group_lines(words, settings)]
    left = min(w.x0 for w in words)
    for ln in lines:    # a figure where the labels start is a label's (`(6155)` wrapped under its project)
        p = ln.pieces[0]
        if (p.kind == "amount" or (p.kind == "dash" and settings.get("char_width"))) \
                and p.x0 <= left + p.size and len(ln.pieces) > 0 and any(
                q.kind == "text" and q.x0 <= left + p.size for other in lines for q in other.pieces[:1]):
            p.kind = "text"
    first = next((i for i, ln in enumerate(lines) if ln.has_values), None)
    if first is None:
        return text_grid(lines, settings, h_rules or [])
    body = [ln for ln in lines[first:] if ln.has_values]
    cols = find_columns(lines, body, settings, boxes)
    cols += empty_columns(lines[:first], cols)
    if settings.get("char_width"):
        cols = sorted(cols + stacked_empty_columns(lines[:first], body, cols), key=lambda c: c.x0)
    if len(cols) < 2:
        return None
    bounds = boundaries(cols)
    for ln in lines:
        place(ln, cols, bounds)
    for ln in lines[:first]:
        if settings.get("char_width"):
            ln.phrases = list(ln.pieces)
            place_header_words(ln, cols, settings["char_width"])
            continue
        _split_at_edges(ln, cols)
        place(ln, cols, bounds)
        _place_by_boxes(ln, cols, boxes or [])
    value_cols = {j for j, c in enumerate(cols) if c.kind == "value"}
    first_value = min(value_cols) if value_cols else len(cols)
    head_end = header_end(lines, first, first_value)
    if h_rules:     # a drawn table: its frame is where it ends
        end, rest = len(lines), []
    else:
        end, rest = table_end(lines, head_end, cols, first_value, settings)
    header = header_rows(lines[:head_end], cols, bounds, first_value, settings, boxes or [], h_rules)
    rows = body_rows(lines[head_end:end], cols, first_value, settings, h_rules or [])
    share = sum(1 for ln in lines[head_end:end] if ln.has_values) / max(1, end - head_end)
    return Grid(columns=cols, rows=header + rows, rest=[w for ln in rest for p in ln.pieces for w in p.words],
                value_share=share)


def place(ln: GLine, cols: list[Column], bounds: list[float]) -> None:
    ln.col = {}
    for p in ln.pieces:
        ln.col.setdefault(column_of(p, cols, bounds), []).append(p)


def _split_at_edges(ln: GLine, cols: list[Column]) -> None:
    """Header words set close in tight columns (`Budget 2025 Utfall`) parted where a value column's
    right edge runs through the gap between two of them."""
    edges = [c.edge for c in cols if c.kind == "value" and c.edge is not None]
    out: list[Piece] = []
    for p in ln.pieces:
        cur = [p.words[0]]
        for a, b in zip(p.words, p.words[1:], strict=False):
            if any(a.x1 <= e + 1 < b.x0 for e in edges):
                out.append(Piece(cur, p.kind))
                cur = [b]
            else:
                cur.append(b)
        out.append(Piece(cur, p.kind))
    ln.pieces = out


def place_header_words(ln: GLine, cols: list[Column], cw: float) -> None:
    """Monospaced text: header words word by word, each to the first column whose right end its
    middle does not pass (a right-aligned column's header ends at or before the figures' edge), and
    the words of one column on the line one piece again. pdftotext may set the headers of two tight
    columns one space apart (`2023 2022`), so a phrase is no evidence; a phrase over k columns that
    holds k measure headings (`Prognos helår Budget 2018`) is cut before each heading's first word,
    one heading to each column."""
    ends = [c.edge if c.kind == "value" and c.edge is not None else c.x1 for c in cols]
    ends[-1] = float("inf")

    def zone(w: Word) -> int:
        inside = next((k for k, c in enumerate(cols) if c.kind == "value" and c.x0 <= w.x0 <= ends[k]
                       and (k + 1 == len(cols) or w.x1 <= cols[k + 1].x0)), None)
        if inside is not None:
            return inside       # a header wider than its narrow column of figures, set from the column's start
        return next(k for k, e in enumerate(ends) if (w.x0 + w.x1) / 2 <= e + cw)

    ln.col = {}
    pieces: list[Piece] = []
    last = -1
    for p in ln.pieces:
        zones = [zone(w) for w in p.words]
        parts = measure_headings([w.text for w in p.words]) if zones[0] > 0 and zones[-1] > zones[0] else []
        targets = list(range(zones[0], zones[-1] + 1))
        if parts and len(parts) == len(targets):
            k = 0
            for j, n in zip(targets, parts, strict=True):
                pieces.append(Piece(p.words[k:k + n], "text"))
                ln.col.setdefault(j, []).append(pieces[-1])
                k += n
            last = targets[-1]
            continue
        for w, j in zip(p.words, zones, strict=True):
            if j == last and pieces and w.x0 - pieces[-1].x1 <= 1.5 * cw:
                pieces[-1].words.append(w)
            else:
                pieces.append(Piece([w], "text"))
                ln.col.setdefault(j, []).append(pieces[-1])
            last = j
    ln.pieces = pieces


def measure_headings(words: list[str]) -> list[int]:
    """How many words each measure heading of the phrase has, cut before every word that begins a
    heading of its own (`Prognos helår` | `Budget 2018`: [2, 2]); [] when it holds fewer than two."""
    cuts = [0]
    for k in range(1, len(words)):
        if measure_of(words[k]) is not None and measure_of(" ".join(words[cuts[-1]:k])) is not None:
            cuts.append(k)
    bounds = [*cuts, len(words)]
    parts = [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
    if len(parts) < 2 or not all(measure_of(p) for p in parts):
        return []
    return [b - a for a, b in zip(bounds, bounds[1:], strict=False)]


def _place_by_boxes(ln: GLine, cols: list[Column], boxes: list[tuple[float, float, float, float]]) -> None:
    """A header word inside a drawn cell that stands over exactly one column belongs to that column
    (a header wider than its figures reaches over the gap into the next column's zone)."""
    if not boxes:
        return
    moved: dict[int, list[Piece]] = {}
    for j, ps in ln.col.items():
        for p in ps:
            box = next((b for b in boxes if b[0] - 1 <= p.x0 and p.x1 <= b[2] + 1 and b[1] - 1 <= p.top
                        and p.bottom <= b[3] + 1), None)
            under = [k for k, c in enumerate(cols) if box is not None and box[0] <= c.mid <= box[2]] if box else []
            moved.setdefault(under[0] if len(under) == 1 else j, []).append(p)
    ln.col = moved


def header_end(lines: list[GLine], first: int, first_value: int) -> int:
    """The header band ends after the last line above the first line with values that has words
    over the value columns; label-only lines after it are the body's (a group row, a wrapped label)."""
    end = 0
    for i in range(first):
        if any(j >= first_value for j in lines[i].col):
            end = i + 1
    return end


def table_end(lines: list[GLine], start: int, cols: list[Column], first_value: int,
              settings: dict) -> tuple[int, list[GLine]]:
    """A line without values whose text reaches over value columns ends the table (a footnote
    or the prose after it), as does anything after the last line with values that is not close."""
    last = max((i for i, ln in enumerate(lines) if ln.has_values), default=len(lines) - 1)
    for i in range(start, len(lines)):
        ln = lines[i]
        if ln.has_values:
            continue
        reach = [c for c in cols[first_value:] if any(p.x1 > c.x0 + 1 and not p.is_value and (
            not settings.get("char_width") or p.x0 < c.x1) for p in ln.pieces)]
        text_only = all(not p.is_value for p in ln.pieces)
        if text_only and len(reach) > settings["footnote_reach"] and i > last:
            return i, lines[i:]
        if text_only and len(reach) > settings["footnote_reach"] and len(ln.pieces) == 1:
            return i, lines[i:]
    end = len(lines)
    while end > last + 1:
        ln = lines[end - 1]
        prev = lines[end - 2]
        if ln.top - prev.bottom > 1.5 * ln.size:
            end -= 1
            continue
        break
    return end, lines[end:]


# ---- header band --------------------------------------------------------------------------------

def _bands(lines: list[GLine], settings: dict) -> list[list[GLine]]:
    """Header lines parted at a wider gap. Rules are no evidence here: shading drawn one rectangle
    per text line inside a header cell puts an edge between the lines of one header."""
    bands: list[list[GLine]] = []
    for ln in lines:
        if bands and ln.top - bands[-1][-1].bottom <= settings["band_gap"] * ln.size:
            bands[-1].append(ln)
        else:
            bands.append([ln])
    return bands


def header_rows(lines: list[GLine], cols: list[Column], bounds: list[float], first_value: int,
                settings: dict, boxes: list[tuple[float, float, float, float]],
                h_rules: list[float] | None = None) -> list[GridRow]:
    """Header lines -> header rows: lines of group labels (fewer pieces over the value columns than a
    line below them has, each standing over several columns) are rows of spanning cells; the other
    lines of a band stack into one row, each column's words joined."""
    if not lines:
        return []
    n = len(cols)
    n_value = n - first_value
    rows: list[GridRow] = []
    cells = bool(settings.get("char_width"))
    bands = _bands(lines, settings)
    for b, band in enumerate(bands):
        nxt = bands[b + 1] if b + 1 < len(bands) else []
        whole = _merged(band)
        if nxt and (_cell_groups(band, nxt, first_value, n_value) if cells else
                    _groups(whole, nxt, first_value, n_value, n, cols, boxes)):
            rows.append(_cell_group_row(band, n, first_value) if cells else
                        _group_row(whole, cols, bounds, first_value, boxes))
            continue
        stack: list[GLine] = []
        for k, ln in enumerate(band):
            if cells and _interleaved(band, k, first_value):
                stack.append(ln)
                continue
            if band[k + 1:] and (_groups(ln, band[k + 1:], first_value, n_value, n, cols, boxes)
                                 or (cells and _cell_groups([ln], band[k + 1:], first_value, n_value))):
                if stack:
                    rows.append(_stacked(stack, n))
                    stack = []
                rows.append(_cell_group_row([ln], n, first_value) if cells else
                            _group_row(ln, cols, bounds, first_value, boxes))
            else:
                stack.append(ln)
        if stack:
            rows.append(_stacked(stack, n))
    for r in rows:
        r.header = True
    # a band of only a first cell above the others stays a row of its own (a title, a unit line)
    return rows


def _groups(ln: GLine, later: list[GLine], first_value: int, n_value: int, n: int, cols: list[Column],
            boxes: list[tuple[float, float, float, float]]) -> bool:
    """Whether the line holds group labels over the columns of the lines below it: fewer labels than
    half the value columns, standing over columns the lines below fill, or drawn cells over several."""
    values = [p for j, ps in ln.col.items() if j >= first_value for p in ps]
    if not values:
        return False
    if later and later[0].top < ln.bottom - 0.2 * ln.size:
        return False        # lines that interleave are one header row whose cells are centred apart

    below = [len({j for j in x.col if j >= first_value}) for x in later]
    counted = len(values) * 2 <= n_value and max(below) > len(values) and _reaches_over(ln, later, first_value, n)
    return counted or any(len(_box_columns(p, cols, first_value, boxes)) >= 2 for p in values)


def _interleaved(band: list[GLine], k: int, first_value: int) -> bool:
    """Monospaced text: a header line filling only value columns that the lines above and below it
    leave empty is one line of header cells centred apart vertically (pdftotext sets each on a line
    of its own), not a row of group labels."""
    mine = {j for j in band[k].col if j >= first_value}
    around = band[k - 1:k] + band[k + 1:k + 2] if k else []
    return bool(mine) and bool(around) and all(not mine & {j for j in o.col if j >= first_value} for o in around)


def _cell_groups(top: list[GLine], later: list[GLine], first_value: int, n_value: int) -> bool:
    """Monospaced text: phrases standing only over value columns, fewer than the line below them
    fills, and that line fills every value column: group labels, however pdftotext set them over
    their groups."""
    labels = [p for ln in top for p in _value_phrases(ln, first_value)]
    below = max(len({j for j in x.col if j >= first_value}) for x in later)
    broken = all(p.text.endswith("-") for p in labels)     # `Prognos-` over `avvikelse`: one word's top
    return 0 < len(labels) < below == n_value and not broken


def _value_phrases(ln: GLine, first_value: int) -> list[Piece]:
    """The line's phrases whose words all stand over value columns."""
    where = {id(p): j for j, ps in ln.col.items() for p in ps}
    column = {id(w): where[id(p)] for p in ln.pieces for w in p.words}
    return [p for p in ln.phrases or ln.pieces if all(column.get(id(w), -1) >= first_value for w in p.words)]


def _cell_group_row(band: list[GLine], n: int, first_value: int) -> GridRow:
    """Monospaced text: group labels set anywhere over their groups (pdftotext keeps their place on
    the page, not their span). Labels that each group as many value columns go one to each group;
    otherwise each spans from its column to the next label's, the first from the first value column
    (no value column goes without its group label)."""
    cells = [GridCell() for _ in range(n)]
    label = [p for ln in band for j, ps in ln.col.items() if j < first_value for p in ps]
    if label:
        cells[0] = GridCell(text=join_header(_line_texts(sorted(label, key=lambda p: (p.top, p.x0)))),
                            bbox=_box(label))
    groups = sorted((p for ln in band for p in _value_phrases(ln, first_value)), key=lambda p: p.x0)
    n_value = n - first_value
    if not groups:
        return GridRow(cells=cells)
    if n_value % len(groups) == 0:
        width = n_value // len(groups)
        starts = [first_value + i * width for i in range(len(groups))]
    else:
        where = {id(w): j for ln in band for j, ps in ln.col.items() for p in ps for w in p.words}
        starts = [first_value] + [where[id(p.words[0])] for p in groups[1:]]
    for k, (lo, p) in enumerate(zip(starts, groups, strict=True)):
        hi = starts[k + 1] - 1 if k + 1 < len(starts) else n - 1
        if lo >= n or cells[lo].span == 0 or hi < lo:
            continue
        cells[lo] = GridCell(text=p.text, bbox=_box([p]), span=hi - lo + 1)
        for j in range(lo + 1, hi + 1):
            cells[j] = GridCell(span=0)
    lines = sorted({w.line for ln in band for p in ln.pieces for w in p.words if w.line})
    return GridRow(cells=cells, bbox=_box([p for ln in band for p in ln.pieces]), lines=lines)


def _merged(band: list[GLine]) -> GLine:
    """A band's lines as one line: the words of each column stacked into one piece."""
    if len(band) == 1:
        return band[0]
    pieces: list[Piece] = []
    col: dict[int, list[Piece]] = {}
    for j in sorted({j for ln in band for j in ln.col}):
        words = [w for ln in band for p in ln.col.get(j, []) for w in p.words]
        words.sort(key=lambda w: (w.top, w.x0))
        piece = Piece(words, "text")
        pieces.append(piece)
        col[j] = [piece]
    return GLine(pieces, col)


def _reaches_over(ln: GLine, below: list[GLine], first_value: int, n: int) -> bool:
    """Whether a label of the line stands over two or more columns that the lines below fill, its
    own among them, each label reaching from its own column to the next label's (a header cell
    standing over two lines, `Antal` beside `Orsak (kort` / `beskrivning)`, groups nothing)."""
    starts = sorted(j for j in ln.col if j >= first_value)
    filled = {j for b in below for j in b.col if j >= first_value}
    for k, lo in enumerate(starts):
        hi = starts[k + 1] if k + 1 < len(starts) else n
        if lo in filled and sum(1 for j in range(lo, hi) if j in filled) >= 2:
            return True
    return False


def _stacked(lines: list[GLine], n: int) -> GridRow:
    cells = []
    for j in range(n):
        pieces = [p for ln in lines for p in ln.col.get(j, [])]
        pieces.sort(key=lambda p: (p.top, p.x0))
        cells.append(GridCell(text=join_header(_line_texts(pieces)), bbox=_box(pieces)))
    return GridRow(cells=cells, bbox=_box([p for ln in lines for p in ln.pieces]),
                   lines=sorted({w.line for ln in lines for p in ln.pieces for w in p.words if w.line}))


def _line_texts(pieces: list[Piece]) -> list[str]:
    """Pieces of one cell top to bottom, those on one line joined left to right."""
    out: list[tuple[float, str]] = []
    for p in pieces:
        if out and abs(out[-1][0] - p.top) <= 0.3 * p.size:
            out[-1] = (out[-1][0], out[-1][1] + " " + p.text)
        else:
            out.append((p.top, p.text))
    return [t for _, t in out]


def _group_row(ln: GLine, cols: list[Column], bounds: list[float], first_value: int,
               boxes: list[tuple[float, float, float, float]]) -> GridRow:
    """Group labels over the value columns: each spans the columns its drawn cell covers where one
    is drawn, else from the column under it to the column before the next label."""
    n = len(cols)
    cells = [GridCell() for _ in range(n)]
    label = [p for j, ps in ln.col.items() if j < first_value for p in ps]
    if label:
        cells[0] = GridCell(text=" ".join(p.text for p in label), bbox=_box(label))
    groups = sorted((p for j, ps in ln.col.items() if j >= first_value for p in ps), key=lambda p: p.x0)
    starts: list[tuple[int, int, Piece]] = []
    for p in groups:
        inside = _box_columns(p, cols, first_value, boxes)
        if inside:
            starts.append((inside[0], inside[-1], p))
            continue
        lo = max(first_value, min(overlapped_columns(p, cols, bounds) or [column_of(p, cols, bounds)]))
        starts.append((lo, -1, p))
    for k, (lo, hi, p) in enumerate(starts):
        if hi < 0:
            nxt = starts[k + 1][0] if k + 1 < len(starts) else n
            hi = max(lo, nxt - 1)
        if lo >= n or cells[lo].span == 0:
            continue
        cells[lo] = GridCell(text=p.text, bbox=_box([p]), span=hi - lo + 1)
        for j in range(lo + 1, min(hi + 1, n)):
            cells[j] = GridCell(span=0)
    return GridRow(cells=cells, bbox=_box(ln.pieces),
                   lines=sorted({w.line for p in ln.pieces for w in p.words if w.line}))


def _box_columns(p: Piece, cols: list[Column], first_value: int,
                 boxes: list[tuple[float, float, float, float]]) -> list[int]:
    """The value columns under the drawn cell (or shading) that holds the piece."""
    box = next((b for b in boxes if b[0] - 1 <= p.x0 and p.x1 <= b[2] + 1 and b[1] - 1 <= p.top
                and p.bottom <= b[3] + 1 and b[2] - b[0] > (p.x1 - p.x0) + 4), None)
    if box is None:
        return []
    return [j for j, c in enumerate(cols) if j >= first_value and box[0] - 1 <= c.mid <= box[2] + 1]


# ---- body rows ------------------------------------------------------------------------------------


def _label(ln: GLine, first_value: int) -> str:
    return " ".join(p.text for j in sorted(ln.col) if j < first_value for p in ln.col[j])


def _label_only(ln: GLine, first_value: int) -> bool:
    return all(j < first_value for j in ln.col) and not ln.has_values


def _gap(a: GLine, b: GLine) -> float:
    """Vertical gap from line a down to line b (negative where they overlap)."""
    return b.top - a.bottom


def body_rows(lines: list[GLine], cols: list[Column], first_value: int, settings: dict,
              h_rules: list[float]) -> list[GridRow]:
    """Lines -> rows: each line with values is a row; a label line without values joins the row it
    wraps into (above or below), else it is a row of its own (a group row)."""
    groups: list[list[GLine]] = []
    anchored: list[bool] = []
    attach = settings["attach_gap"]
    spaced = _spaced(lines, attach)
    stacked = _stacked_bands(lines, first_value, h_rules)
    cells = bool(settings.get("char_width"))
    for i, ln in enumerate(lines):
        # a band between two rules that holds several lines of values is rows drawn in one box
        rules = [] if id(ln) in stacked else h_rules
        if cells and groups and _wraps_cells(groups[-1], ln, lines[i + 1] if i + 1 < len(lines) else None, cols,
                                             first_value, attach):
            groups[-1].append(ln)
            anchored[-1] = True
            continue
        if groups and spaced and anchored[-1] and _label_only(ln, first_value) \
                and _gap(groups[-1][-1], ln) <= attach * ln.size:
            groups[-1].append(ln)            # rows parted by blank lines: what follows without one is the row's
            continue
        if groups and rules and _ruled_between(groups[-1][-1], ln, rules) is False \
                and _gap(groups[-1][-1], ln) <= attach * ln.size:
            groups[-1].append(ln)            # no rule between them: one drawn row
            anchored[-1] = anchored[-1] or not _label_only(ln, first_value)
            continue
        if not _label_only(ln, first_value):
            if groups and not anchored[-1] and _joins_below(groups[-1][-1], ln, first_value, attach, rules):
                groups[-1].append(ln)
                anchored[-1] = True
            else:
                groups.append([ln])
                anchored.append(True)
        elif groups and anchored[-1] and _continues_above(groups[-1], ln, first_value, attach, rules):
            groups[-1].append(ln)
        elif groups and not anchored[-1] and _gap(groups[-1][-1], ln) <= attach * ln.size \
                and _label(ln, first_value)[:1].islower():
            groups[-1].append(ln)            # a group label wrapped over two lines
        else:
            groups.append([ln])
            anchored.append(False)
    return [_row(g, len(cols)) for g in groups]


def _stacked_bands(lines: list[GLine], first_value: int, h_rules: list[float]) -> set[int]:
    """The lines of each band between two rules that holds two or more lines with values: an
    Excel range drawn as one box around several rows (every line its own figures), not one drawn
    row whose label wraps."""
    bands: dict[int, list[GLine]] = {}
    for ln in lines:
        middle = (ln.top + ln.bottom) / 2
        bands.setdefault(sum(1 for y in h_rules if y < middle), []).append(ln)
    return {id(ln) for band in bands.values() if sum(1 for b in band if not _label_only(b, first_value)) >= 2
            for ln in band}


def _wraps_cells(group: list[GLine], ln: GLine, nxt: GLine | None, cols: list[Column], first_value: int,
                 attach: float) -> bool:
    """Monospaced text: a line of words only, directly under a row with values (no blank line
    between), in text columns only, is the row's text cells wrapped onto the next line, whatever its
    case (pdftotext gives no other sign of it) - unless it is the first half of the label of a row
    directly below whose label column is empty (`Kommuninterna` / figures / `bidrag`), or a label in
    upper case under a label closed by a bracket or a full stop (`... andel (%)` / `Missbruksvård`:
    a group row)."""
    if ln.has_values or not any(g.has_values for g in group) or _gap(group[-1], ln) > attach * ln.size:
        return False
    if any(cols[j].kind != "text" for j in ln.col):
        return False
    label = " ".join(_label(g, first_value) for g in group).strip()
    if set(ln.col) == {0} and _label(ln, first_value)[:1].isupper() and label.endswith((")", ".")):
        return False
    below_label = nxt is not None and nxt.has_values and _gap(ln, nxt) <= attach * ln.size \
        and not _label(nxt, first_value)
    return not (below_label and set(ln.col) == {0})


def _spaced(lines: list[GLine], attach: float) -> bool:
    """Whether the table parts its rows by blank space: most lines with values stand apart from
    the line before them."""
    gaps = [_gap(a, b) > attach * b.size for a, b in zip(lines, lines[1:], strict=False) if b.has_values]
    return len(gaps) >= 2 and sum(gaps) * 4 >= len(gaps) * 3


def _continues_above(group: list[GLine], ln: GLine, first_value: int, attach: float, h_rules: list[float]) -> bool:
    last = group[-1]
    label = " ".join(_label(g, first_value) for g in group).strip()
    text = _label(ln, first_value)
    if not text or _gap(last, ln) > (2 * attach if text[:1].islower() else attach) * ln.size:
        return False
    if _ruled_between(last, ln, h_rules) is False and h_rules:
        return True                # no rule between them in a ruled table: one cell
    if text[:1].islower() or text[:1] in "(&":
        return True
    if label.endswith(_CONTINUES):
        return True
    # the second half of a label whose values stand between its halves
    return len(group) >= 2 and not _label(group[-1], first_value) and group[-1].has_values


def _joins_below(ln: GLine, nxt: GLine, first_value: int, attach: float, h_rules: list[float]) -> bool:
    """A label line whose values stand on the next line (set at the label's last line or centred)."""
    if not nxt.has_values:
        return False
    gap = _gap(ln, nxt)
    below = _label(nxt, first_value)
    if gap < 0:
        return not below or below[:1].islower()
    if gap > attach * ln.size:
        return False
    return (not below and _label(ln, first_value).strip() != "") or below[:1].islower() \
        or _label(ln, first_value).endswith(_CONTINUES)


def _ruled_between(a: GLine, b: GLine, h_rules: list[float]) -> bool | None:
    if not h_rules:
        return None
    ma, mb = (a.top + a.bottom) / 2, (b.top + b.bottom) / 2
    return any(ma < y < mb and a.bottom - 2 <= y <= b.top + 2 for y in h_rules)


def _row(group: list[GLine], n: int) -> GridRow:
    cells = []
    for j in range(n):
        pieces = [p for ln in group for p in ln.col.get(j, [])]
        pieces.sort(key=lambda p: (p.top, p.x0))
        cells.append(GridCell(text=_join_cell(_line_texts(pieces)), bbox=_box(pieces)))
    return GridRow(cells=cells, bbox=_box([p for ln in group for p in ln.pieces]),
                   lines=sorted({w.line for ln in group for p in ln.pieces for w in p.words if w.line}))


def _join_cell(parts: list[str]) -> str:
    out = ""
    for part in parts:
        if not out:
            out = part
        elif out.endswith("-") and part[:1].islower() and not out.endswith(" -"):
            out = out[:-1] + part
        elif out.endswith("/"):
            out += part
        else:
            out += " " + part
    return out


# ---- tables of text (no amounts) ----------------------------------------------------------------


def text_grid(lines: list[GLine], settings: dict, h_rules: list[float]) -> Grid | None:
    """A table of text (goals and their comments): columns where the pieces' extents leave gaps
    on every line; a line whose first column is empty or goes on in lower case continues its row."""
    if len(lines) < 2:
        return None
    pieces = [p for ln in lines for p in ln.pieces]
    spans: list[list[float]] = []
    for p in sorted(pieces, key=lambda p: p.x0):
        if spans and p.x0 <= spans[-1][1] + 0.5 * p.size:
            spans[-1][1] = max(spans[-1][1], p.x1)
        else:
            spans.append([p.x0, p.x1])
    if len(spans) < 2:
        return None
    cols = [Column(x0=a, x1=b, kind="text") for a, b in spans]
    bounds = boundaries(cols)
    for ln in lines:
        place(ln, cols, bounds)
    groups: list[list[GLine]] = []
    for ln in lines:
        first = _label(ln, 1)
        if groups and (not first or first[:1].islower()) and _gap(groups[-1][-1], ln) <= 1.0 * ln.size \
                and _ruled_between(groups[-1][-1], ln, h_rules) is not True:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    rows = [_row(g, len(cols)) for g in groups]
    return Grid(columns=cols, rows=rows)
