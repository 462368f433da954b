"""Tables of a PDF page -> the document model's Table: ruled tables by their lines, unruled ones
by the alignment of their text, chosen per table; spanning cells kept as one cell; a table that
goes on over a page break joined into one.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from kommunrapport.models import Cell, Colour, Provenance, Region, Row, Table
from kommunrapport.models import Mark as ColourMark
from kommunrapport.models import Word as PositionedWord
from kommunrapport.read.pdf_colours import Marker
from kommunrapport.read.pdf_layout import Line, group_lines, join_lines
from kommunrapport.read.textblocks import mark_header_rows, rows_below_repeated_header

RULED_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "intersection_tolerance": 3,
}
UNRULED_SETTINGS = {
    "vertical_strategy": "text",
    "horizontal_strategy": "text",
    "min_words_vertical": 3,
    "min_words_horizontal": 1,
    "text_x_tolerance": 2,
    "text_keep_blank_chars": True,   # "224 615" stays one word, so thousands groups do not make columns
}
TABLE_SETTINGS = {
    "min_filled_share": 0.4,        # a ruled grid with fewer filled cells is decoration, not a table
    "sliver_factor": 0.8,           # x font size: a cell narrower or lower than this holds no text (the strip
                                    # between a cell's frame and the shading drawn a few points inside it)
    "min_unruled_rows": 3,          # lines of aligned text needed to call them a table
    "max_header_lines": 6,          # lines of column heads taken in above an unruled table
    "header_gap_factor": 0.8,       # a header line above an unruled table may have narrower gaps
    "paragraph_gap_factor": 0.2,    # inside a cell: a gap this x font size wider than the usual starts a paragraph
    "join_x_tolerance": 4.0,        # pt: column edges of two table parts must agree this closely
    "join_gap": 12.0,               # pt: two parts on one page this close, with nothing between, are one table
    "marker_glyph": "●",            # the text of a cell whose only content is a drawn marker
}

NUMBERISH = re.compile(r"^[●•\s]*[-−–+]?\s?\d[\d\s.,]*%?$")
YEAR = re.compile(r"(19|20)\d\d")


@dataclass
class PageTable:
    """A table found on one page, before it is joined with its continuation."""

    page: int
    bbox: tuple[float, float, float, float]
    rows: list[Row]
    col_edges: list[float] = field(default_factory=list)
    method: str = "ruled"
    bottom: float = 0.0          # of the last part, once parts are joined
    words: list = field(default_factory=list)        # the page's words inside it (pdf_layout.Word)
    h_rules: list[float] = field(default_factory=list)
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    marks: list[Marker] = field(default_factory=list)

    def __post_init__(self):
        self.bottom = self.bottom or self.bbox[3]

    @property
    def top(self) -> float:
        return self.bbox[1]

    @property
    def n_cols(self) -> int:
        return max((sum(c.col_span for c in r.cells) for r in self.rows), default=0)


# ---- ruled tables ---------------------------------------------------------------------------


def ruled_tables(page, settings: dict = RULED_SETTINGS) -> list:
    """pdfplumber tables found from drawn lines; single-cell boxes (frames, shaded notes) left out."""
    if not (page.lines or page.rects):
        return []
    closing = closing_lines(page.edges)
    if closing:
        settings = {**settings, "explicit_horizontal_lines": closing}
    found = page.find_tables(settings)
    return [t for t in found if len(t.cells) >= 2]


def closing_lines(edges: list[dict], tol: float = 1.5) -> list[dict]:
    """Horizontal lines where a table is cut open by a page break: two or more vertical rules end
    (or start) at the same height with no horizontal rule there to close the cells."""
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal: dict[int, list[dict]] = {}
    for e in edges:
        if e["orientation"] == "h":
            horizontal.setdefault(round(e["top"]), []).append(e)
    out = []
    for end in ("top", "bottom"):
        groups: dict[int, list[dict]] = {}
        for e in vertical:
            groups.setdefault(round(e[end]), []).append(e)
        for y, group in groups.items():
            x0, x1 = min(e["x0"] for e in group), max(e["x0"] for e in group)
            if len(group) < 2 or x1 - x0 < 20:
                continue
            near = [h for dy in (-2, -1, 0, 1, 2) for h in horizontal.get(y + dy, ())]
            if any(abs(h["top"] - y) <= tol and h["x0"] <= x0 + tol and h["x1"] >= x1 - tol for h in near):
                continue
            out.append({"x0": x0, "x1": x1, "top": float(y), "bottom": float(y), "width": x1 - x0, "height": 0.0,
                        "object_type": "line", "orientation": "h"})
    return out


def is_real_table(table: PageTable, settings: dict = None) -> bool:
    """Rules drawn as a page background or a chart frame make grids that are mostly empty. Slivers
    too narrow or too low for a letter do not count: a second shading rectangle drawn a few points
    inside each cell cuts the grid into cells and thin strips, and the strips are always empty."""
    settings = settings or TABLE_SETTINGS
    sizes = sorted(w["size"] for w in table.words if w.get("size"))
    least = settings["sliver_factor"] * (sizes[len(sizes) // 2] if sizes else 10.0)
    cells = [c for r in table.rows for c in r.cells if c.bbox]
    cells = [c for c in cells if c.text or (c.bbox[2] - c.bbox[0] >= least and c.bbox[3] - c.bbox[1] >= least)]
    filled = sum(1 for c in cells if c.text)
    return bool(cells) and filled / len(cells) >= settings["min_filled_share"]


def edges_of(values: list[float], tol: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _span(edges: list[float], lo: float, hi: float, tol: float = 1.5) -> int:
    return max(1, sum(1 for e in edges if lo - tol < e < hi - tol) if edges else 1)


def table_from_pdfplumber(table, words: list[dict], markers: list[Marker], page_no: int) -> PageTable:
    words = WordsByHeight(words_in(table.bbox, words))   # every cell lies in the table: its words are among these
    xs = edges_of([c[0] for c in table.cells] + [c[2] for c in table.cells])
    ys = edges_of([c[1] for c in table.cells] + [c[3] for c in table.cells])
    rows: list[Row] = []
    for prow in table.rows:
        cells: list[Cell] = []
        reach = -1.0
        covered = 0
        for box in prow.cells:
            if box is None:
                if covered:
                    covered -= 1         # a column of a shaded row box already given its own cell
                    continue
                # covered by a spanning cell: to its left (col_span 0) or from the row above (row_span 0),
                # so that every row has one entry per column, as the text renditions have
                cells.append(Cell(col_span=0) if reach > 0 and cells else Cell(row_span=0))
                continue
            parts = column_parts(box, words, xs)
            if parts:
                cells.extend(make_cell(part, words, markers, 1, _span(ys, box[1], box[3])) for part in parts)
                covered = len(parts) - 1
            else:
                cells.append(make_cell(box, words, markers, _span(xs, box[0], box[2]), _span(ys, box[1], box[3])))
            reach = box[2]
        if not any(c.bbox for c in cells):
            continue
        top = min(c.bbox[1] for c in cells if c.bbox)
        rows.append(Row(cells=cells, provenance=Provenance(page=page_no, bbox=_row_box(cells, top))))
    rows = [r for r in rows if any(c.text for c in r.cells)]
    _trim_trailing_empty(rows)
    return PageTable(page=page_no, bbox=tuple(round(v, 1) for v in table.bbox), rows=rows, col_edges=xs,
                     words=list(words), h_rules=full_rules(table.cells, ys, table.bbox),
                     boxes=[tuple(c) for c in table.cells], marks=[m for m in markers if _centre_in(m, table.bbox)])


def column_parts(box, words: list[dict], xs: list[float], tol: float = 1.0) -> list[tuple] | None:
    """A box drawn over several columns whose words stand apart in two or more of them, none
    reaching over a column edge, is a row's shading, not a cell spanning them (a report system
    shades each record of an uppdrag table, its text in one column and its comment in another):
    the box cut at the column edges, one part per column. None where the box is one cell."""
    inner = [e for e in xs if box[0] + tol < e < box[2] - tol]
    if not inner:
        return None
    inside = words_in(box, words)
    if any(w["x0"] < e - tol and w["x1"] > e + tol for w in inside for e in inner):
        return None
    edges = [box[0], *inner, box[2]]
    filled = {next(k for k in range(len(edges) - 1) if (w["x0"] + w["x1"]) / 2 <= edges[k + 1])
              for w in inside}
    if len(filled) < 2:
        return None
    return [(a, box[1], b, box[3]) for a, b in zip(edges, edges[1:], strict=False)]


def full_rules(cells: list, ys: list[float], bbox, share: float = 0.8) -> list[float]:
    """The row edges drawn across (nearly) the whole table: a box drawn inside one cell is no row edge."""
    width = max(bbox[2] - bbox[0], 1.0)
    out = []
    for y in ys:
        spans = sorted((c[0], c[2]) for c in cells if abs(c[1] - y) <= 1.5 or abs(c[3] - y) <= 1.5)
        covered, reach = 0.0, bbox[0]
        for a, b in spans:
            if b > reach:
                covered += b - max(a, reach)
                reach = b
        if covered >= share * width:
            out.append(y)
    return out


def _centre_in(m: Marker, box) -> bool:
    cx, cy = m.centre
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def region_of(pt: PageTable) -> Region:
    """What the table layer needs of a table seen on a page: its words and the drawn evidence."""
    from kommunrapport.read.pdf_layout import is_bold
    words = [PositionedWord.model_construct(text=w.text, x0=w.x0, x1=w.x1, top=w.top, bottom=w.bottom,
                                            size=w.size or 10.0, bold=is_bold(w.fontname), page=pt.page, line=None)
             for w in pt.words]
    marks = [ColourMark.model_construct(bbox=(m.x0, m.top, m.x1, m.bottom), colour=m.colour) for m in pt.marks]
    return Region(page=pt.page, bbox=pt.bbox, words=words, v_rules=pt.col_edges, h_rules=pt.h_rules,
                  boxes=pt.boxes, marks=marks, method=pt.method)


def _row_box(cells: list[Cell], top: float) -> tuple[float, float, float, float]:
    cells = [c for c in cells if c.bbox]
    return (min(c.bbox[0] for c in cells), top, max(c.bbox[2] for c in cells), max(c.bbox[3] for c in cells))


def _trim_trailing_empty(rows: list[Row]) -> None:
    """As the text reader does: empty cells at the end of a row are dropped."""
    for row in rows:
        while len(row.cells) > 1 and not row.cells[-1].text and row.cells[-1].colour is None:
            row.cells.pop()


class WordsByHeight(list):
    """Words (a list, in their order) that also know their vertical centres in sorted order, so that
    `words_in` finds a box's words by bisection: a table of drawn cells asks for each cell's words."""

    def __init__(self, words: list[dict]):
        super().__init__(words)
        mid = [(w["top"] + w["bottom"]) / 2 for w in self]
        self._order = sorted(range(len(self)), key=mid.__getitem__)
        self._mid = [mid[i] for i in self._order]
        self._centre = [(w["x0"] + w["x1"]) / 2 for w in self]

    def inside(self, box) -> list[dict]:
        x0, top, x1, bottom = box
        band = self._order[bisect_left(self._mid, top - 1):bisect_right(self._mid, bottom + 1)]
        return [self[i] for i in sorted(i for i in band if x0 - 1 <= self._centre[i] <= x1 + 1)]


def words_in(box, words: list[dict]) -> list[dict]:
    """The words whose centre stands in the box (1 pt of slack), in their order."""
    if isinstance(words, WordsByHeight):
        return words.inside(box)
    x0, top, x1, bottom = box
    return [w for w in words
            if x0 - 1 <= (w["x0"] + w["x1"]) / 2 <= x1 + 1 and top - 1 <= (w["top"] + w["bottom"]) / 2 <= bottom + 1]


def cell_text(words: list[dict], settings: dict = TABLE_SETTINGS) -> str:
    """Words of a cell -> text: wrapped lines joined, paragraphs (a wider gap than the cell's
    usual line gap) kept as newlines."""
    if not words:
        return ""
    lines = group_lines(words, 0)
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:], strict=False)]
    usual = min(gaps) if gaps else 0.0
    paragraphs: list[list[Line]] = [[lines[0]]]
    for line, gap in zip(lines[1:], gaps, strict=False):
        prev = paragraphs[-1][-1]
        if gap > usual + settings["paragraph_gap_factor"] * prev.size:
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return "\n".join(join_lines([ln.text for ln in p]) for p in paragraphs)


def make_cell(box, words: list[dict], markers: list[Marker], col_span: int = 1, row_span: int = 1) -> Cell:
    inside = words_in(box, words)
    text = cell_text(inside)
    colour = marker_in(box, markers)
    if colour is not None and not text:
        text = TABLE_SETTINGS["marker_glyph"]
    return Cell(text=text, colour=colour, col_span=col_span, row_span=row_span,
                bbox=tuple(round(v, 1) for v in box))


def marker_in(box, markers: list[Marker]) -> Colour | None:
    x0, top, x1, bottom = box
    for m in markers:
        cx, cy = m.centre
        if x0 <= cx <= x1 and top <= cy <= bottom:
            return m.colour
    return None


# ---- unruled tables ------------------------------------------------------------------------


def _is_row_line(line: Line, gap: float) -> bool:
    segs = line.segments(gap)
    return len(segs) >= 2 and all(NUMBERISH.match(w["text"]) for w in segs[-1])


def unruled_runs(lines: list[Line], settings: dict = TABLE_SETTINGS, gap: float = 1.5) -> list[tuple[int, int]]:
    """(start, end) index ranges of lines that form an unruled table: runs of lines whose last segment,
    far to the right of the rest, is a number, with label lines between them (a label wrapped round
    its numbers); the header lines just above are taken in."""
    runs = []
    i = 0
    n = len(lines)
    while i < n:
        if not _is_row_line(lines[i], gap):
            i += 1
            continue
        j, rows = i, 1
        while True:
            nxt = None
            for m in range(j + 1, min(j + 4, n)):
                if not _close(lines[m - 1], lines[m]):
                    break
                if _is_row_line(lines[m], gap):
                    nxt = m
                    break
                if not _label_line(lines[m], lines[i:j + 1], gap):
                    break
            if nxt is None:
                break
            j, rows = nxt, rows + 1
        if j + 1 < n and _close(lines[j], lines[j + 1]) and _label_line(lines[j + 1], lines[i:j + 1], gap) \
                and lines[j + 1].text[:1].islower():
            j += 1          # the end of the last label, below its numbers
        if rows >= settings["min_unruled_rows"]:
            start = i
            left = min(ln.x0 for ln in lines[i:j + 1])
            while start > 0 and i - start < settings["max_header_lines"] and _close(lines[start - 1], lines[start]) \
                    and _header_line(lines[start - 1], left, settings):
                start -= 1
            runs.append((start, j + 1))
        i = j + 1
    return runs


def _label_line(line: Line, rows: list[Line], gap: float) -> bool:
    """A line of one piece standing left of every figure of the rows: part of a label."""
    if len(line.segments(gap)) != 1:
        return False
    figures = [seg[0]["x0"] for r in rows for seg in r.segments(gap)[1:]]
    return bool(figures) and line.x1 < min(figures)


def _close(a: Line, b: Line) -> bool:
    return a.page == b.page and a.column == b.column and b.top >= a.top - 0.5 and b.top - a.bottom <= 2.0 * a.size


def _header_line(line: Line, left: float, settings: dict) -> bool:
    """A line of column heads (several segments), or the wrapped end of one (`rens` under `Diffe-`),
    which does not start at the table's left edge as a caption would."""
    return len(line.segments(settings["header_gap_factor"])) >= 2 or (line.bold and line.x0 > left + 20)


def unruled_table(lines: list[Line], markers: list[Marker], page_no: int) -> PageTable:
    """Aligned text lines -> a table region: its words, for the table layer to find the columns."""
    words = [w for ln in lines for w in ln.words]
    box = (min(ln.x0 for ln in lines), min(ln.top for ln in lines), max(ln.x1 for ln in lines),
           max(ln.bottom for ln in lines))
    return PageTable(page=page_no, bbox=tuple(round(v, 1) for v in box), rows=[], method="unruled", words=words,
                     marks=[m for m in markers if _centre_in(m, box)])


def _merge_wrapped_rows(grid: list[list[Cell]]) -> list[list[Cell]]:
    """Rows that are only the wrapped rest of the row above, joined to it: in the header, a row
    whose texts all stand under texts of the row above (`Diffe-` / `rens`); in the body, a row
    with an empty first cell and no number, or only a first cell that goes on in lower case."""
    out: list[list[Cell]] = []
    in_header = True
    for cells in grid:
        texts = [c.text for c in cells]
        numeric = any(NUMBERISH.match(t) and not YEAR.fullmatch(t) for t in texts[1:] if t)
        if out and len(out[-1]) == len(cells) and not numeric and _wraps(out[-1], texts, in_header):
            for prev, cell in zip(out[-1], cells, strict=False):
                if cell.text:
                    prev.text = join_lines([prev.text, cell.text])
            continue
        in_header = in_header and not numeric
        out.append(cells)
    return out


def _wraps(above: list[Cell], texts: list[str], in_header: bool) -> bool:
    filled = [i for i, t in enumerate(texts) if t]
    if in_header:  # a row of only a first cell is a sub-header row ("Investering, namn"), not a wrap
        return bool(filled) and filled != [0] and all(above[i].text for i in filled)
    if not texts[0]:
        return True
    return filled == [0] and texts[0][:1].islower()


# ---- header rows and joining --------------------------------------------------------------


def continues(prev: PageTable, nxt: PageTable, settings: dict = TABLE_SETTINGS) -> bool:
    """nxt goes on with prev (nothing stands between them): same columns, and nxt either opens the
    next page or follows just below on the same page (a table drawn in two parts)."""
    if nxt.page == prev.page:
        if not 0 <= nxt.top - prev.bottom <= settings["join_gap"]:
            return False
    elif nxt.page != prev.page + 1:
        return False
    a, b = prev.col_edges, nxt.col_edges
    if len(a) != len(b):
        return False
    return all(abs(x - y) <= settings["join_x_tolerance"] for x, y in zip(a, b, strict=False))


def join(prev: PageTable, nxt: PageTable) -> PageTable:
    """nxt's rows appended to prev: a repeated header dropped, a row cut by the page break made whole."""
    rows = rows_below_repeated_header(prev.rows, nxt.rows)
    if nxt.page != prev.page and rows and prev.rows and _is_cut_row(rows[0], prev.rows[-1]):
        _append_cells(prev.rows[-1], rows.pop(0))
    prev.rows.extend(rows)
    prev.page, prev.bottom = nxt.page, nxt.bottom
    return prev


def _is_cut_row(row: Row, above: Row) -> bool:
    return not row.texts[0] and len(row.cells) <= len(above.cells)


def _append_cells(target: Row, rest: Row) -> None:
    for cell, more in zip(target.cells, rest.cells, strict=False):
        if more.text and more.text != TABLE_SETTINGS["marker_glyph"]:
            cell.text = join_lines([cell.text, more.text]) if cell.text else more.text
        if cell.colour is None and more.colour is not None:
            cell.colour = more.colour
            if not cell.text:
                cell.text = more.text


def to_table(pt: PageTable, caption: str | None) -> Table:
    """Header rows decided as the text reader decides them, so both readers agree."""
    for r in pt.rows:
        r.is_header = False
    mark_header_rows(pt.rows)
    return Table(rows=pt.rows, caption=caption)
