"""Table regions of a Document -> Tables: the stage between the readers and the finders.

A reader marks where a table stands and keeps its positioned words and the drawn evidence
(`Block.region`); this stage gives it rows and cells through the one recogniser (`tables.grid`),
whichever reader saw it, and joins a table that goes on over a page break (same value columns,
nothing between). Words the grid leaves below the table (a footnote) become a paragraph again;
a region that makes no grid is a paragraph.
"""
from __future__ import annotations

from pathlib import Path

from kommunrapport.models import Block, BlockKind, Cell, Document, Provenance, Region, Row, Table, Word
from kommunrapport.read.textblocks import (
    caption_above,
    inner_header_rows,
    mark_header_rows,
    rows_below_repeated_header,
)
from kommunrapport.tables.grid import GRID_SETTINGS, Grid, find_grid, group_lines

BUILD_SETTINGS = {
    "join_edge_tolerance": 1.2,     # x size: value columns of two parts whose right edges agree this closely
    "join_gap": 1.5,                # x size: two parts on one page this close, nothing between, are one table
    "marker_glyph": "●",            # the text of a cell whose only content is a drawn marker
    "drawn_x_tolerance": 4.0,       # pt: column rules of two parts of a table of drawn cells agree this closely
    "drawn_join_gap": 12.0,         # pt: two such parts on one page this close are one table
}


def read_tables(path: str | Path) -> Document:
    """read_document(path) with its tables built: what the finders and the `blocks` command see."""
    from kommunrapport.read.dispatch import read_document
    return build_tables(read_document(path))


def build_tables(doc: Document, settings: dict | None = None, grid_settings: dict | None = None) -> Document:
    """Every table block with a region and no rows gets its rows; the document is changed in place."""
    settings = {**BUILD_SETTINGS, **(settings or {})}
    if any(b.region is not None for b in doc.blocks):
        _build_regions(doc, settings, grid_settings)
    doc.blocks = split_stacked_tables(doc.blocks)
    return doc


def _build_regions(doc: Document, settings: dict, grid_settings: dict | None) -> None:
    out: list[Block] = []
    drawn: set[int] = set()        # tables kept as the reader's drawn cells: headers decided once joined
    last: tuple[Block, Grid | None, Region] | None = None
    for block in doc.blocks:
        region = block.region
        if block.kind is not BlockKind.table or region is None:
            out.append(block)
            last = None if block.kind is not BlockKind.table else last
            continue
        block.region = None
        cells = {"char_width": region.char_width} if region.char_width else {}
        grid = find_grid(_with_marks(region, settings), {**(grid_settings or {}), **cells}, region.h_rules,
                         region.boxes)
        if block.table is not None and (grid is None or not grid.is_money):
            # a table of text in drawn cells: the drawn grid is the better evidence of its rows
            if last is not None and out and out[-1] is last[0] and last[1] is None \
                    and _continues_drawn(last[2], region, settings):
                _join_drawn(last[0].table, block.table, cut=region.page != last[2].page)
                last = (last[0], None, region)
                continue
            mark_header_rows(block.table.rows)
            block.table.caption = caption_above(out, region.page)
            drawn.add(id(block))
            out.append(block)
            last = (block, None, region)
            continue
        if grid is None or not grid.rows:
            out.extend(_as_paragraphs(region.words, region.page))
            last = None
            continue
        table = to_table(grid, region, settings)
        if last is not None and last[1] is not None and out and out[-1] is last[0] \
                and _continues(last[1], last[2], grid, region, settings):
            _join(last[0].table, table)
            last = (last[0], grid, region)
        else:
            block.table = table
            block.table.caption = caption_above(out, region.page)
            out.append(block)
            last = (block, grid, region)
        if grid.rest:
            out.extend(_as_paragraphs(grid.rest, region.page))
            last = None
    for block in out:
        if block.kind is BlockKind.table and block.table is not None:
            if id(block) in drawn:
                for r in block.table.rows:
                    r.is_header = False
            if not any(r.is_header for r in block.table.rows):
                mark_header_rows(block.table.rows)
            block.text = _text(block.table)
    doc.blocks = out


def split_stacked_tables(blocks: list[Block]) -> list[Block]:
    """A table whose body holds a second header row (two tables stacked without a gap, the second
    with its own periods) becomes two tables, so that each body row is read under its own header."""
    out: list[Block] = []
    for block in blocks:
        table = block.table
        cuts = inner_header_rows(table.rows) if block.kind is BlockKind.table and table is not None else []
        if not cuts:
            out.append(block)
            continue
        for a, b in zip([0, *cuts], [*cuts, len(table.rows)], strict=True):
            rows = table.rows[a:b]
            if a:
                rows[0].is_header = True
            part = Table(rows=rows, caption=table.caption)
            out.append(Block(kind=BlockKind.table, text=_text(part), table=part,
                             provenance=rows[0].provenance if a and rows[0].provenance else block.provenance))
    return out


def _with_marks(region: Region, settings: dict) -> list[Word]:
    """The region's words, and a marker glyph for each coloured marker that stands where no word does."""
    words = list(region.words)
    for m in region.marks:
        x0, top, x1, bottom = m.bbox
        if x1 - x0 > 24 or bottom - top > 24:
            continue                     # a cell's fill, not a marker: it colours the cell, it is no word
        if any(w.x0 <= x1 and w.x1 >= x0 and w.top <= bottom and w.bottom >= top for w in region.words):
            continue
        size = next((w.size for w in region.words), 10.0)
        words.append(Word(text=settings["marker_glyph"], x0=x0, x1=x1, top=top, bottom=max(bottom, top + 0.6 * size),
                          size=size, page=region.page))
    return words


def to_table(grid: Grid, region: Region, settings: dict) -> Table:
    rows: list[Row] = []
    for gr in grid.rows:
        cells = []
        for j, gc in enumerate(gr.cells):
            cell = Cell(text=gc.text, col_span=gc.span, bbox=gc.bbox)
            if gc.text and region.marks:
                cell.colour = _mark_colour(gc.bbox or _grid_box(grid, j, gr.bbox), region)
            cells.append(cell)
        while len(cells) > 1 and not cells[-1].text and cells[-1].colour is None and cells[-1].col_span == 1:
            cells.pop()
        line = gr.lines[0] if gr.lines else None
        rows.append(Row(cells=cells, is_header=gr.header,
                        provenance=Provenance(page=region.page, bbox=None if line else gr.bbox, line=line,
                                              method=f"table:{region.method}" if region.method else None)))
    return Table(rows=rows)


def _grid_box(grid: Grid, j: int, row_box) -> tuple[float, float, float, float] | None:
    if row_box is None or j >= len(grid.columns):
        return None
    c = grid.columns[j]
    return (c.x0, row_box[1], c.x1, row_box[3])


def _mark_colour(box, region: Region):
    if box is None:
        return None
    x0, top, x1, bottom = box
    for m in region.marks:
        cx, cy = (m.bbox[0] + m.bbox[2]) / 2, (m.bbox[1] + m.bbox[3]) / 2
        if x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1:
            return m.colour
    return None


def _text(table: Table) -> str:
    return "\n".join("\t".join(r.texts) for r in table.rows)


def _as_paragraphs(words: list[Word], page: int | None) -> list[Block]:
    lines = group_lines(words, GRID_SETTINGS)
    if not lines:
        return []
    text = " ".join(" ".join(w.text for w in ln) for ln in lines)
    first = lines[0][0]
    box = (min(w.x0 for w in words), min(w.top for w in words), max(w.x1 for w in words), max(w.bottom for w in words))
    prov = Provenance(page=page, line=first.line) if first.line else Provenance(page=page, bbox=tuple(
        round(v, 1) for v in box))
    return [Block(kind=BlockKind.paragraph, text=text, provenance=prov)]


# ---- tables over page breaks ----------------------------------------------------------------------


def _edges(grid: Grid) -> list[float]:
    return [c.x1 for c in grid.columns if c.kind == "value"]


def _continues(prev: Grid, prev_region: Region, nxt: Grid, region: Region, settings: dict) -> bool:
    """nxt goes on with prev: the same value columns, on the next page or just below on the same page."""
    size = next((w.size for w in region.words), 10.0)
    a, b = _edges(prev), _edges(nxt)
    if not a or len(a) != len(b) or len(prev.columns) != len(nxt.columns):
        return False
    if any(abs(x - y) > settings["join_edge_tolerance"] * size for x, y in zip(a, b, strict=True)):
        return False
    if region.page == prev_region.page:
        gap = min(w.top for w in region.words) - max(w.bottom for w in prev_region.words)
        return 0 <= gap <= settings["join_gap"] * size
    return region.page is not None and prev_region.page is not None and region.page == prev_region.page + 1


def _join(prev: Table, nxt: Table) -> None:
    """nxt's body appended to prev: a repeated header dropped."""
    head = [r.texts for r in prev.rows if r.is_header]
    for r in nxt.rows:
        if r.is_header and (r.texts in head or not any(r.texts[1:])):
            continue
        r.is_header = False
        prev.rows.append(r)


def _continues_drawn(prev: Region, region: Region, settings: dict) -> bool:
    """A table of drawn cells goes on: the same column rules, on the next page or just below."""
    a, b = prev.v_rules, region.v_rules
    if not a or len(a) != len(b) or any(abs(x - y) > settings["drawn_x_tolerance"] for x, y in zip(a, b, strict=True)):
        return False
    if region.page == prev.page:
        return prev.bbox is not None and region.bbox is not None and \
            0 <= region.bbox[1] - prev.bbox[3] <= settings["drawn_join_gap"]
    return region.page is not None and prev.page is not None and region.page == prev.page + 1


def _join_drawn(prev: Table, nxt: Table, cut: bool) -> None:
    """nxt's rows appended to prev: a repeated header dropped, a row cut by the page break made whole
    (`cut`: a part on the next page; a part drawn below on the same page starts with whole rows)."""
    rows = rows_below_repeated_header(prev.rows, nxt.rows)
    if cut and rows and prev.rows and not rows[0].texts[0] and len(rows[0].cells) <= len(prev.rows[-1].cells):
        cut = rows.pop(0)
        for cell, more in zip(prev.rows[-1].cells, cut.cells, strict=False):
            if more.text and more.text != BUILD_SETTINGS["marker_glyph"]:
                cell.text = f"{cell.text} {more.text}".strip()
            if cell.colour is None and more.colour is not None:
                cell.colour = more.colour
                cell.text = cell.text or more.text
    prev.rows.extend(rows)
