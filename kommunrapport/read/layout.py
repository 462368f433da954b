"""`pdftotext -layout` output -> Document.

Pages are split at form feeds (`Provenance.page`, `Document.pages`); running headers and footers
that repeat on the pages, and page numbers, are dropped. Tables are found where lines carry figures
in columns aligned by runs of spaces (`table_regions`); their words, placed on a nominal monospace
grid (`layout_words`), go to the one table recogniser (tables.grid, in its character-cell mode) as a
PDF's words do, so that both renditions of one report give the same tables.
Prose lines are joined into paragraphs (hyphenation undone); short lines stay lines of their own so
that headings can be recognised (textblocks.assemble).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kommunrapport.models import Document, Region, Word
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
            after = _rows_after_group_label(page, i, k, nxt, label_indent)
            if after is not None:
                k = after
                continue
            break
        elif not (_label_continuation(r, label_indent) and _label_belongs_to_table(page, k)) \
                and not _wraps_cells(page, k):
            break
        k += 1
    return k, figures


# blank lines a table's last row (a total after a spacer) may stand below the rows above it
BLANKS_BEFORE_ROW = 2
# characters a figure's right end may stand off the right end of its column's figures above
FIGURE_END_SLACK = 3


def _rows_after_group_label(page: list[Raw], i: int, k: int, nxt: int | None, label_indent: int) -> int | None:
    """A group label set apart by blank lines (`Förslag till åtgärder`) and a figure row under it
    whose figures all end on the columns of the rows above: the table goes on past the group label
    (the index of that figure row), as the PDF's one table does."""
    if nxt is None or not _label_continuation(page[nxt], label_indent):
        return None
    row = next((j for j in range(nxt + 1, min(nxt + 1 + BLANKS_BEFORE_ROW, len(page))) if not page[j].blank), None)
    if row is None or not is_figure_row(page[row]):
        return None
    ends = {e for r in page[i:k] if is_figure_row(r) for _, e, t in r.segments()[1:] if numberish(t)}
    mine = [e for _, e, t in page[row].segments()[1:] if numberish(t)]
    if mine and all(any(abs(e - x) <= FIGURE_END_SLACK for x in ends) for e in mine):
        return row
    return None


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
