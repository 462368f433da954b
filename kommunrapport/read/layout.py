"""`pdftotext -layout` output -> Document.

Pages are split at form feeds (`Provenance.page`, `Document.pages`); running headers and footers
that repeat on the pages, and page numbers, are dropped. Tables are found where lines carry figures
in columns aligned by runs of spaces: the columns come from the right edges of the figures, header
lines wrapped inside a cell are joined, and a label wrapped onto the next line is joined to its row.
Prose lines are joined into paragraphs (hyphenation undone); short lines stay lines of their own so
that headings can be recognised (textblocks.assemble).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kommunrapport.models import Document, Region, Word
from kommunrapport.normalize.measure_words import join_header, measure_of
from kommunrapport.read.furniture import is_page_number
from kommunrapport.read.layout_tables import hanging_marker, text_table_lines, text_table_regions
from kommunrapport.read.textblocks import (
    Line,
    assemble,
    clean_text,
    join_wrapped,
    list_marker,
    mark_numbered_lists,
    numbered_level,
    numberish,
)

_GAP = re.compile(r"\s{2,}")
_GLUED = re.compile(r"([-−–+]?\d{1,3}(?: \d{3})*(?:[.,]\d+)? ?%?) ([A-ZÅÄÖ]\S*(?: \S+){2,})$")
_LEADER = re.compile(r"(\.\s?){3,}\s*\d{0,3}\s*$")
# how many lines at the top and bottom of a page may be a running header or footer
EDGE_LINES = 3


@dataclass
class Raw:
    number: int                 # 1-based line of the file
    page: int
    text: str                   # the line, tabs expanded, right-stripped

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip())

    def segments(self) -> list[tuple[int, int, str]]:
        """(start, end, text) of the pieces between runs of two or more spaces."""
        out, pos = [], 0
        for piece in _GAP.split(self.text):
            start = self.text.find(piece, pos) if piece else pos
            if piece.strip():
                out.append((start, start + len(piece), piece))
            pos = start + len(piece)
        return out

    def tokens(self) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", self.text)]


def read_layout(text: str, path: str) -> Document:
    pages = split_pages(text)
    running = drop_running_lines(pages)
    width = prose_width([r for page in pages for r in page])
    lines: list[Line] = []
    for page in pages:
        lines.extend(page_lines(page, width))
    lines = join_across_pages(lines)
    mark_numbered_lists(lines)
    return Document(path=path, format="text", rendition="layout", pages=len(pages), blocks=assemble(lines),
                    running_lines=running)


# ---- pages ---------------------------------------------------------------------------------------


def split_pages(text: str) -> list[list[Raw]]:
    pages: list[list[Raw]] = [[]]
    for number, line in enumerate(text.split("\n"), start=1):
        parts = line.split("\f")
        for k, part in enumerate(parts):
            if k:
                pages.append([])
            if part.strip() or k == 0:
                pages[-1].append(Raw(number=number, page=len(pages), text=part.expandtabs(8).rstrip()))
    while len(pages) > 1 and all(r.blank for r in pages[-1]):
        pages.pop()
    return pages


def _edge(page: list[Raw]) -> list[Raw]:
    filled = [r for r in page if not r.blank]
    return filled[:EDGE_LINES] + filled[-EDGE_LINES:] if len(filled) > EDGE_LINES else filled


def _shape(text: str) -> str:
    return " ".join(re.sub(r"\d+", "#", text).split()).lower()


def drop_running_lines(pages: list[list[Raw]]) -> list[str]:
    """Lines at a page's top or bottom that recur on at least half the pages, and page numbers; returns
    one text of each running line (for the report's metadata)."""
    counts = Counter(s for page in pages for s in {_shape(r.text) for r in _edge(page)})
    needed = max(2, (len(pages) + 1) // 2)
    running: dict[str, str] = {}
    for page in pages:
        for r in _edge(page):
            if (len(pages) > 1 and counts[_shape(r.text)] >= needed) or is_page_number(r.text):
                if not is_page_number(r.text) and r.text.strip():
                    running.setdefault(_shape(r.text), " ".join(r.text.split()))
                r.text = ""
    return list(running.values())


def prose_width(raws: list[Raw]) -> int:
    """The usual length of a full line of running text (the 90th percentile of single-column lines)."""
    lengths = sorted(len(r.text.strip()) for r in raws if not r.blank and len(r.segments()) == 1)
    return lengths[int(len(lengths) * 0.9)] if lengths else 80


# ---- one page ------------------------------------------------------------------------------------


def page_lines(page: list[Raw], width: int) -> list[Line]:
    regions = {start: (end, region_line) for start, end in table_regions(page).items()}
    taken = {k for start, (end, _) in regions.items() for k in range(start, end)}
    regions |= {start: (end, text_table_lines) for start, end in text_table_regions(page, taken).items()}
    out: list[Line] = []
    i = 0
    prose: list[Raw] = []
    while i < len(page):
        if i in regions:
            end, make_rows = regions[i]
            out.extend(prose_lines(prose, width))
            prose = []
            out.extend(make_rows(page[i:end]))
            out.append(Line(number=page[end - 1].number, page=page[i].page))
            i = end
            continue
        prose.append(page[i])
        i += 1
    out.extend(prose_lines(prose, width))
    return out


# ---- tables --------------------------------------------------------------------------------------

# A character column and a text line placed on a nominal 10 pt monospace grid, so that the table
# layer reads a `pdftotext -layout` table with the same tolerances (in font sizes) as a PDF's words:
# a character is half a font size wide, a line 1.2 font sizes high.
LAYOUT_GRID = {"size": 10.0, "char_width": 5.0, "line_height": 12.0, "text_height": 9.0}


def layout_words(region: list[Raw], grid: dict = LAYOUT_GRID) -> list[Word]:
    """The tokens of a table region as positioned words (x = character column, y = text line)."""
    out = []
    for r in region:
        top = r.number * grid["line_height"]
        for start, end, text in r.tokens():
            out.append(Word.model_construct(text=clean_text(text), x0=start * grid["char_width"],
                                            x1=end * grid["char_width"], top=top, bottom=top + grid["text_height"],
                                            size=grid["size"], bold=False, page=r.page, line=r.number))
    return out



def region_line(region: list[Raw]) -> list[Line]:
    """A table region as positioned words for the table layer (tables.grid, in its character-cell
    mode): blank lines stay as vertical gaps, as the grid parts rows and header bands by them."""
    words = layout_words([r for r in region if not r.blank])
    first = next(r for r in region if not r.blank)
    found = Region(page=first.page, words=words, method="layout", char_width=LAYOUT_GRID["char_width"])
    return [Line(number=first.number, page=first.page, text="\n".join(r.text for r in region), cells=None,
                 extra={"region": found})]


def is_figure_row(r: Raw) -> bool:
    segs = r.segments()
    return len(segs) >= 2 and sum(1 for s in segs[1:] if numberish(s[2])) >= max(1, (len(segs) - 1) // 2)


def _header_like(r: Raw, label_indent: int) -> bool:
    segs = r.segments()
    if not segs or _LEADER.search(r.text) or numbered_level(clean_text(r.text)):
        return False
    if len(segs) >= 2:
        return all(len(s[2]) <= 40 for s in segs)
    start, _, text = segs[0]
    return len(text) <= 25 and start >= label_indent + 12


def _loose_fragment(page: list[Raw], k: int) -> bool:
    """A single short piece with a blank line under it: above a header already found, it is text of
    something above the table, not a header row."""
    return len(page[k].segments()) == 1 and (k + 1 >= len(page) or page[k + 1].blank)


def _label_continuation(r: Raw, label_indent: int) -> bool:
    segs = r.segments()
    return len(segs) == 1 and len(segs[0][2]) <= 45 and abs(segs[0][0] - label_indent) <= 2 \
        and not _LEADER.search(r.text)


def table_regions(page: list[Raw]) -> dict[int, int]:
    """start index -> end index (exclusive) of each table on the page: two or more figure rows."""
    regions: dict[int, int] = {}
    i = 0
    while i < len(page):
        if not is_figure_row(page[i]):
            i += 1
            continue
        label_indent = page[i].indent
        start = _extend_up(page, i, label_indent, set().union(*[range(a, b) for a, b in regions.items()]))
        end, figures = _extend_down(page, i, label_indent)
        if figures >= 2:
            regions[start] = end
            i = end
        else:
            i += 1
    return regions


# lines a header (and the label lines between it and the first figure row) may take: a header of
# narrow columns broken over seven lines above a wrapped group label
MAX_HEADER_LINES = 10


def _extend_up(page: list[Raw], i: int, label_indent: int, taken: set[int]) -> int:
    """Header lines above the first figure row; a label line between them and the figures (a row
    without figures, `Investering, namn`) only when a header line stands above it."""
    start = i
    k = i - 1
    blanks = 0
    while k >= 0 and k not in taken and sum(not r.blank for r in page[k + 1:i]) < MAX_HEADER_LINES:
        r = page[k]
        if r.blank:
            blanks += 1
            if blanks > 1:
                break
        elif _header_like(r, label_indent) and not (start != i and _loose_fragment(page, k)):
            start = k
            blanks = 0
        elif _label_continuation(r, label_indent) and start != i and k > 0 \
                and len(page[k - 1].segments()) >= 2 and _header_like(page[k - 1], label_indent):
            start = k       # a header's first cell wrapped onto the next line (`Åtgärdsplan för` / `nämnden`)
        elif not _label_continuation(r, label_indent) or start != i:
            break
        else:
            blanks = 0
        k -= 1
    return start


def _extend_down(page: list[Raw], i: int, label_indent: int) -> tuple[int, int]:
    figures = 0
    k = i
    while k < len(page):
        r = page[k]
        if is_figure_row(r):
            figures += 1
        elif r.blank:
            nxt = next((j for j in range(k + 1, min(k + 1 + BLANKS_BEFORE_ROW, len(page))) if not page[j].blank), None)
            if nxt is not None and is_figure_row(page[nxt]) and (nxt == k + 1 or _same_figures(page[nxt], page[i])):
                k = nxt
                continue
            break
        elif not (_label_continuation(r, label_indent) and _label_belongs_to_table(page, k)) \
                and not _wraps_cells(page, k):
            break
        k += 1
    return k, figures


# blank lines a table's last row (a total after a spacer) may stand below the rows above it
BLANKS_BEFORE_ROW = 2


def _same_figures(r: Raw, first: Raw) -> bool:
    """A row after more than one blank line goes on with the table when it has as many figures as the
    table's first row: a total set apart, not a table of its own."""
    return _n_figures(r) == _n_figures(first)


def _n_figures(r: Raw) -> int:
    return sum(1 for s in r.segments() if numberish(s[2]))


def _anchor_row(page: list[Raw], k: int) -> Raw | None:
    """The figure row a line without figures directly below it (no blank between) would go on."""
    while k > 0 and not page[k - 1].blank:
        k -= 1
        if is_figure_row(page[k]):
            return page[k]
    return None


def _wraps_cells(page: list[Raw], k: int) -> bool:
    """A line of words only, directly under a figure row (or its wrapped lines), each piece starting
    under one of that row's text cells: the text cells wrapped onto the next line."""
    anchor = _anchor_row(page, k)
    if anchor is None or _label_over_figures(page, k):
        return False
    cells = anchor.segments()
    texts = [(a, b, _next_start(cells, b)) for a, b, t in cells if not numberish(t)]
    segs = page[k].segments()
    return all(not numberish(t) and any(a - 1 <= s <= b and e < nxt for a, b, nxt in texts) for s, e, t in segs)


def _next_start(segments: list[tuple[int, int, str]], end: int) -> int:
    """Where the anchor row's next cell starts: a wrapped piece stays short of it (a line reaching
    over the figure columns is a footnote, not the cell's second line)."""
    return min((a for a, _, _ in segments if a > end), default=10**6)


def _label_over_figures(page: list[Raw], k: int) -> bool:
    """A label alone on its line directly above a figure row whose label column is empty: the first
    half of that row's label (`Kommuninterna` / figures / `bidrag`), not a wrap of the row above."""
    segs = page[k].segments()
    nxt = page[k + 1] if k + 1 < len(page) else None
    return len(segs) == 1 and nxt is not None and is_figure_row(nxt) and numberish(nxt.segments()[0][2])


def _label_belongs_to_table(page: list[Raw], k: int) -> bool:
    """A label line belongs to the table if a figure row follows it or it continues the row above."""
    prev = page[k - 1] if k else None
    nxt = page[k + 1] if k + 1 < len(page) else None
    text = page[k].text.strip()
    continues = prev is not None and is_figure_row(prev) and (text[0].islower() or prev.segments()[0][2].endswith("-"))
    return continues or (nxt is not None and is_figure_row(nxt))


def table_lines(region: list[Raw]) -> list[Line]:
    """The rows of a table region as Lines of cells (one header row or two, then the body)."""
    first_fig = next(k for k, r in enumerate(region) if is_figure_row(r))
    edges, label_end = column_edges([r for r in region if is_figure_row(r)])
    edges = header_columns([r for r in region[:first_fig] if not r.blank],
                           [r for r in region if is_figure_row(r)], edges, label_end)
    while first_fig > 0 and (region[first_fig - 1].blank or _label_continuation(region[first_fig - 1], region[
            first_fig].indent)):
        first_fig -= 1
    n = len(edges) + 1
    rows: list[Line] = []
    for cells, number in header_groups(region[:first_fig], edges, label_end, n):
        rows.append(Line(number=number, page=region[0].page, cells=cells, header=True))
    n_header = len(rows)
    body = region[first_fig:]
    for k, r in enumerate(body):
        if r.blank:
            continue
        cells = cells_of(r, edges, label_end)
        prev = rows[-1].cells if len(rows) > n_header else None
        if prev is not None and not is_figure_row(r) and _wraps_cells(body, k):
            cells = wrapped_cells(r, _anchor_row(body, k), edges, label_end)
            rows[-1].cells = [join_wrapped(a, b) for a, b in zip(prev, cells, strict=False)]
        elif prev is not None and not any(cells[1:]) and _continues_label(prev, cells[0]):
            prev[0] = join_wrapped(prev[0], cells[0])
        elif prev is not None and not any(cells[1:]) and not any(prev[1:]) and prev[0] and cells[0][:1].islower() \
                and not body[k - 1].blank:
            prev[0] = join_wrapped(prev[0], cells[0])      # a group label wrapped over two lines
        elif prev is not None and not cells[0] and not any(prev[1:]):
            prev[1:] = cells[1:]        # the figures of a label printed on the line above
        else:
            rows.append(Line(number=r.number, page=r.page, cells=cells))
    if n_header >= 2:
        spread_spanning_row(rows[0], region[:first_fig], rows[n_header:], label_end)
    for row in rows:
        row.text = "\t".join(row.cells or [])
    if rows:
        rows[0].table_start = True
    return rows


def spread_spanning_row(top: Line, header: list[Raw], body: list[Line], label_end: int) -> None:
    """A top header row whose pieces (`2023`, `2024`, `Totalt 2023-2024`) each group the same number
    of figure columns: pdftotext sets such a piece anywhere over its group, so each goes to the first
    column of its group, as a table's spanning cell would."""
    line = next((r for r in header if not r.blank), None)
    if line is None or not body:
        return
    pieces = [t for a, _, t in line.segments() if a > label_end]
    n = len(top.cells or [])
    columns = [[row.cells[j] for row in body if row.cells] for j in range(n)]
    first = next((j for j in range(1, n) if _mostly_figures(columns[j])), None)
    if first is None:
        return
    figure_cols = list(range(first, n))     # an empty column among them is a figure column left empty
    if not pieces or not all(_mostly_figures(columns[j]) or not any(columns[j]) for j in figure_cols):
        return
    if len(figure_cols) % len(pieces):
        _reach_first_column(top, first)
        return
    width = len(figure_cols) // len(pieces)
    cells = [top.cells[0] if top.cells else ""] + [""] * (n - 1)
    for i, piece in enumerate(pieces):
        cells[figure_cols[0] + i * width] = clean_text(piece)
    top.cells = cells


def _reach_first_column(top: Line, first: int) -> None:
    """The groups are uneven (`2023` over Prognos and Budget, `2024` over Budget): the first piece
    still groups the first figure column, as no figure column goes without a top header."""
    cells = top.cells or []
    filled = next((j for j in range(first, len(cells)) if cells[j]), None)
    if filled is not None and filled > first:
        cells[first], cells[filled] = cells[filled], ""


def _mostly_figures(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and sum(numberish(c) for c in filled) * 2 > len(filled)


def wrapped_cells(r: Raw, anchor: Raw, edges: list[int], label_end: int) -> list[str]:
    """A wrapped line's pieces, each whole to the column of the anchor row's text cell above it."""
    bounds = [label_end, *edges]
    cells = [""] * len(bounds)
    texts = [(a, b) for a, b, t in anchor.segments() if not numberish(t)]
    for start, _, text in r.segments():
        a, b = next((a, b) for a, b in texts if a - 1 <= start <= b)
        col = _zone((a + b) / 2, bounds)
        if col == 0 and label_end and a > label_end:
            col = 1
        cells[col] = join_wrapped(cells[col], clean_text(text))
    return cells


def _continues_label(prev: list[str], text: str) -> bool:
    label = prev[0]
    return bool(text) and bool(label) and any(prev[1:]) and (text[0].islower() or label.endswith("-"))


def column_edges(figure_rows: list[Raw]) -> tuple[list[int], int]:
    """The right edge of each figure column, and where the label column ends."""
    label_end = 0
    values: list[list[tuple[int, int, str]]] = []
    for r in figure_rows:
        segs = r.segments()
        if segs and not numberish(segs[0][2]):
            label_end = max(label_end, segs[0][1])
            segs = segs[1:]
        values.append(segs)
    most = max(len(v) for v in values)
    full = [v for v in values if len(v) == most]
    merged = _one_figure_per_column(_merge([[start, end] for v in full for start, end, _ in v]), full, most)
    return sorted({m[1] for m in merged} | set(glued_figure_edges(values))), label_end


def _one_figure_per_column(spans: list[list[int]], full: list[list[tuple[int, int, str]]], most: int) -> list[list[int]]:
    """Rows that fill every column can give no more columns than they have figures: where their
    figures spread over more spans (a `0` set a few characters right of the column's other figures),
    the two nearest spans that no row fills both of are one column."""
    spans = [list(s) for s in spans]
    while len(spans) > most:
        pairs = [(spans[j + 1][0] - spans[j][1], j) for j in range(len(spans) - 1)
                 if not any(_fills(v, spans[j]) and _fills(v, spans[j + 1]) for v in full)]
        if not pairs:
            break
        _, j = min(pairs)
        spans[j:j + 2] = [[spans[j][0], max(spans[j][1], spans[j + 1][1])]]
    return spans


def _fills(row: list[tuple[int, int, str]], span: list[int]) -> bool:
    return any(span[0] <= a and b <= span[1] for a, b, _ in row)


def glued_figure_edges(values: list[list[tuple[int, int, str]]]) -> list[int]:
    """Where a right-aligned figure column ends that a text column follows after only one space
    (`8,1% Resultatet Delår avser ...`): the text is a column of its own, so the figures' right
    edge is a column edge too. Needs two rows that show it."""
    ends = [start + m.end(1) for v in values for start, _, text in v if (m := _GLUED.match(text))]
    return [max(ends)] if len(ends) >= 2 else []


def _merge(spans: list[list[int]]) -> list[list[int]]:
    merged: list[list[int]] = []
    for s in sorted(spans):
        if merged and s[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], s[1])
        else:
            merged.append(list(s))
    return merged


def header_columns(header: list[Raw], figure_rows: list[Raw], edges: list[int], label_end: int) -> list[int]:
    """Edges plus the columns the header shows over figures no row fills (a column left empty
    throughout): stacked header pieces (`Pro-`/`gnos/`/`utfall`) clear of every piece of the body."""
    lines = [r for r in header if len(r.segments()) >= 2]
    if len(lines) < 2:
        return edges
    body = _merge([[a, b] for r in figure_rows for a, b, _ in r.segments()[1:]])
    stacks = _merge([[a, b] for r in lines for a, b, _ in r.segments()[1:] if a > label_end])
    clear = [b for a, b in stacks if not any(a <= y and b >= x for x, y in body)]
    return sorted({*edges, *clear})


def cells_of(r: Raw, edges: list[int], label_end: int) -> list[str]:
    """Each figure to the column whose right edge it reaches, each word to the column whose zone
    (right of the previous column's edge) holds its middle."""
    bounds = [label_end, *edges]
    cells = [""] * len(bounds)
    for start, end, word in figures_and_words(r, bounds):
        pos = end if numberish(word) else (start + end) / 2
        col = _zone(pos, bounds)
        if col == 0 and label_end and start > label_end:
            col = 1
        cells[col] = f"{cells[col]} {word}".strip()
    return [clean_text(c) for c in cells]


def _zone(pos: float, bounds: list[int]) -> int:
    return next((j for j, e in enumerate(bounds) if pos <= e + 1), len(bounds) - 1)


def figures_and_words(r: Raw, bounds: list[int]) -> list[tuple[int, int, str]]:
    """The line's tokens with thousands groups (`2 000`) joined, piece by piece: a piece spanning k
    columns must give k figures, so `2 000 2 000` is two figures and `500 500` is two as well."""
    out: list[tuple[int, int, str]] = []
    for seg_start, seg_end, _ in r.segments():
        tokens = [t for t in r.tokens() if seg_start <= t[0] < seg_end]
        grouped = group_thousands(tokens)
        spans = _zone(seg_end, bounds) - _zone(seg_start + 1, bounds) + 1
        figures = sum(1 for t in grouped if numberish(t[2]))
        out.extend(grouped if figures == spans or spans <= 1 else tokens)
    return out


def group_thousands(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for tok in tokens:
        if out and re.fullmatch(r"\d{3}([.,]\d+)?%?", tok[2]) and tok[0] == out[-1][1] + 1 \
                and re.fullmatch(r"[-−–+]?\d{1,3}( \d{3})*", out[-1][2]):
            out[-1] = (out[-1][0], tok[1], f"{out[-1][2]} {tok[2]}")
        else:
            out.append(tok)
    return out


def header_groups(raws: list[Raw], edges: list[int], label_end: int, n: int) -> list[tuple[list[str], int]]:
    """Header lines -> header rows; blank lines part the rows when the header has them."""
    groups: list[list[Raw]] = [[]]
    for r in raws:
        if r.blank:
            if groups[-1]:
                groups.append([])
        else:
            groups[-1].append(r)
    groups = [g for g in groups if g]
    if len(groups) <= 1:
        lines = [r for g in groups for r in g]
        return header_rows([header_cells(r, edges, label_end) for r in lines], [r.number for r in lines], n)
    out = []
    for g in groups:
        cells = [""] * n
        for r in g:
            cells = [join_header_words(a, b) for a, b in zip(cells, header_cells(r, edges, label_end), strict=False)]
        out.append((cells, g[0].number))
    return out


def header_cells(r: Raw, edges: list[int], label_end: int) -> list[str]:
    """A header line's cells. A piece over k figure columns that holds k measure headings
    (`Prognos helår Budget 2018`, printed one space apart) is split at each heading's first word,
    one heading to each column, instead of word by word."""
    bounds = [label_end, *edges]
    split: list[tuple[int, list[str]]] = []
    text = r.text
    for start, end, piece in r.segments():
        first, last = _zone(start + 1, bounds), _zone(end, bounds)
        parts = measure_headings(piece) if first > 0 and last > first else []
        if len(parts) == last - first + 1:
            split.append((first, parts))
            text = text[:start] + " " * (end - start) + text[end:]
    cells = cells_of(Raw(number=r.number, page=r.page, text=text), edges, label_end)
    for first, parts in split:
        for j, part in enumerate(parts):
            cells[first + j] = clean_text(f"{cells[first + j]} {part}")
    return cells


def measure_headings(piece: str) -> list[str]:
    """The piece cut before every word that begins a measure heading of its own, when each part
    names a measure (`Prognos helår` | `Budget 2018`); [] when it holds fewer than two."""
    words = piece.split()
    cuts = [0]
    for k in range(1, len(words)):
        if measure_of(words[k]) is not None and measure_of(" ".join(words[cuts[-1]:k])) is not None:
            cuts.append(k)
    parts = [" ".join(words[a:b]) for a, b in zip(cuts, [*cuts[1:], len(words)], strict=False)]
    return parts if len(parts) >= 2 and all(measure_of(p) for p in parts) else []


def header_rows(lines: list[list[str]], numbers: list[int], n: int) -> list[tuple[list[str], int]]:
    """Header lines -> header rows: a first line that spans columns (`2023      2024`) is a row of its
    own; the other lines are one header wrapped inside its cells (`Pro-`, `gnos`, `helår`)."""
    if not lines:
        return []
    groups: list[tuple[list[list[str]], int]] = [([lines[0]], numbers[0])]
    broken = all(c.endswith("-") for c in lines[0][1:] if c)     # `Prognos-` over `avvikelse`: one word's top
    if len(lines) > 1 and not broken and _filled(lines[0][1:]) < max(_filled(ln[1:]) for ln in lines[1:]):
        groups.append((lines[1:], numbers[1]))
    else:
        groups[0][0].extend(lines[1:])
    out = []
    for group, number in groups:
        cells = [""] * n
        for ln in group:
            cells = [join_header_words(a, b) for a, b in zip(cells, ln, strict=False)]
        out.append((cells, number))
    return out


def join_header_words(first: str, second: str) -> str:
    """Two lines of one header cell: a word broken inside a narrow column (`Avvik` / `else`) is
    glued as the table layer glues it (normalize.measure_words.join_header), else the lines are one wrapped text."""
    if first and second[:1].islower() and not first.endswith(("-", "/")):
        return join_header([first, second])
    return join_wrapped(first, second)


def _filled(cells: list[str]) -> int:
    return sum(1 for c in cells if c)


# ---- prose ---------------------------------------------------------------------------------------


def prose_lines(raws: list[Raw], width: int) -> list[Line]:
    """Running text -> one Line per paragraph, list item or short standalone line."""
    out: list[Line] = []
    open_line: Line | None = None
    prev_text = ""
    for r in raws:
        if r.blank:
            if out and not out[-1].blank:
                out.append(Line(number=r.number, page=r.page))
            open_line = None
            continue
        text = clean_text(r.text)
        if open_line is not None and not _starts_block(r, text) and not _ended(prev_text, text, width) \
                and not (open_line.extra.get("heading") and _heading_ended(prev_text, text)):
            open_line.text = join_wrapped(open_line.text, text)
        else:
            open_line = Line(number=r.number, page=r.page, text=text, indent=r.indent)
            level = numbered_level(text) or 0
            open_line.extra["heading"] = level >= 2 or (level == 1 and hanging_marker(r))
            out.append(open_line)
        open_line.extra["open"] = not _ended(text, "", width)
        prev_text = text
    return out


# a heading's line that ends so goes on on the next line even where that starts in upper case
HEADING_GOES_ON = (",", "-", "–", "/", " och", " samt", " i", " av", " för", " med", " till", " inom", " om", " på")


def _heading_ended(prev: str, nxt: str) -> bool:
    """A numbered heading (`2.2.1 Göteborg ska ...`, its number in the gutter or not) wraps only onto
    a line that goes on with it (lower case, or after `och`, a comma ...): a line in upper case is
    the first line of the body, however long the heading's last line was."""
    return not nxt[:1].islower() and not prev.endswith(HEADING_GOES_ON)


def _starts_block(r: Raw, text: str) -> bool:
    return list_marker(text) is not None or _LEADER.search(r.text) is not None


def _ended(prev: str, nxt: str, width: int) -> bool:
    """Whether a line ends its paragraph: a line well short of the text width (unless cut at a comma
    or a hyphen), a TOC line, or a sentence end where the next line's first word would have fitted."""
    if _LEADER.search(prev):
        return True
    if nxt[:1].islower() and not prev.endswith((".", "!", "?", ":", ";")):
        return False
    if len(prev) < 0.75 * width and not prev.endswith((",", "-", "–", "/", " och", " samt", " i", " av")):
        return True
    if prev.endswith((".", "!", "?", ":")) and nxt and (nxt[0].isupper() or nxt[0].isdigit()):
        return len(prev) + 1 + len(nxt.split()[0]) < width
    return False


def join_across_pages(lines: list[Line]) -> list[Line]:
    """A paragraph cut by a page break: the next page goes on in lower case."""
    out: list[Line] = []
    for ln in lines:
        prev = next((p for p in reversed(out) if not p.blank), None)
        gap_blank = all(p.blank for p in out[out.index(prev) + 1:]) if prev is not None else False
        if prev is not None and gap_blank and ln.cells is None and prev.cells is None and ln.text \
                and ln.page != prev.page and prev.extra.get("open") and ln.text[0].islower():
            prev.text = join_wrapped(prev.text, ln.text)
            prev.extra["open"] = ln.extra.get("open")
            del out[out.index(prev) + 1:]
            continue
        out.append(ln)
    return out
