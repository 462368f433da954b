"""PDF -> Document with pdfplumber: the same blocks as the text reader gives for the same report.

Each page is read once and closed at once (`read_page`): its lines, tables and coloured markers
are kept as small plain objects. The document-wide steps come after: running headers and footers
found by their repetition and left out, the body font size, headings and their levels (outline,
table of contents, numbering, font size), paragraphs, list items, and tables joined across pages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kommunrapport.models import Document, Provenance
from kommunrapport.models.report import Warning
from kommunrapport.read import pdf_colours as colours
from kommunrapport.read import pdf_guard
from kommunrapport.read.boxes import within
from kommunrapport.read.errors import UnreadableDocument
from kommunrapport.read.furniture import is_page_number
from kommunrapport.read.pdf_blocks import TOC_TITLES, build_blocks
from kommunrapport.read.pdf_charts import Chart, chart_warnings, find_charts, without_charts
from kommunrapport.read.pdf_fonts import FontWeights
from kommunrapport.read.pdf_images import IMAGE_SETTINGS, Picture, image_only
from kommunrapport.read.pdf_layout import (
    LAYOUT_SETTINGS,
    Line,
    attach_markers,
    dedupe_chars,
    fix_text,
    furniture_key,
    furniture_keys,
    group_lines,
    in_margin,
    is_furniture,
    keep_line_glyphs,
    page_words,
    settle_chars,
    split_columns,
)
from kommunrapport.read.pdf_render import Renderer
from kommunrapport.read.pdf_tables import (
    PageTable,
    is_real_table,
    ruled_tables,
    table_from_pdfplumber,
    unruled_runs,
    unruled_table,
    words_in,
)


@dataclass
class PageContent:
    """What is kept of one page once it is closed."""

    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)          # body lines in reading order
    margin_lines: list[Line] = field(default_factory=list)   # lines in the top/bottom margin
    tables: list[PageTable] = field(default_factory=list)
    n_chars: int = 0
    n_images: int = 0
    pictures: list[Picture] = field(default_factory=list)    # pictures with no text layer (not read)
    charts: list[Chart] = field(default_factory=list)        # charts drawn in vectors (their words not read)


def read_pdf(path: Path, pages: list[int] | None = None) -> Document:
    """`pages` (1-based) reads only those pages; the Document still counts all of them."""
    import pdfplumber

    warnings: list[Warning] = []
    contents: list[PageContent] = []
    with pdf_guard.watching() as guard, pdf_guard.closing(_open(path, pdfplumber)) as pdf, Renderer(pdf) as renderer:
        outline = read_outline(pdf)
        all_pages = _pages(pdf, path)
        logos = colours.RepeatedImages()
        fonts = FontWeights()
        for page in _chosen(all_pages, pages, path):
            try:
                contents.append(read_page(page, logos=logos, renderer=renderer, fonts=fonts))
            except Exception as exc:  # noqa: BLE001 - one broken page must not stop the others
                warnings.append(Warning(code="page_failed", message=f"page {page.page_number} could not be read: "
                                        f"{type(exc).__name__}: {exc}"[:300],
                                        provenance=Provenance(page=page.page_number, method="reader:pdf")))
            finally:
                page.close()
        n_pages = len(all_pages)
        _check_text_layer(path, contents, n_pages)
    warnings += [Warning(code=code, message=message, provenance=Provenance(page=page, method="reader:pdf_guard"))
                 for page, code, message in guard.events]
    warnings += picture_warnings(contents) + chart_warnings(contents)
    running = _drop_furniture(contents)
    blocks = build_blocks(contents, outline)
    return Document(path=str(path), format="pdf", rendition="pdf", pages=n_pages, blocks=blocks, warnings=warnings,
                    running_lines=running)


def _open(path: Path, pdfplumber):
    try:
        return pdfplumber.open(path)
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds; each becomes one clear line
        raise UnreadableDocument(str(path), _open_error(exc)) from None


def _open_error(exc: Exception) -> str:
    # pdfplumber wraps pdfminer's error: name the one inside
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc.__context__
    if isinstance(inner, Exception):
        exc = inner
    name = type(exc).__name__
    if "Password" in name or "Encrypt" in name:
        return "the PDF is encrypted (password protected) and cannot be read"
    if "Syntax" in name or "EOF" in name:
        return f"not a readable PDF (damaged or truncated: {name}: {exc})"[:200]
    return f"the PDF cannot be opened ({name}: {exc})"[:200]


def _pages(pdf, path: Path) -> list:
    try:
        pages = pdf.pages
    except Exception as exc:  # noqa: BLE001
        raise UnreadableDocument(str(path), f"the PDF's pages cannot be read (damaged or truncated: "
                                            f"{type(exc).__name__})") from None
    if not pages:
        raise UnreadableDocument(str(path), "the PDF has no pages (damaged or truncated?)")
    return pages


def _chosen(pages: list, wanted: list[int] | None, path: Path) -> list:
    if not wanted:
        return pages
    missing = [n for n in wanted if n > len(pages)]
    if missing:
        raise UnreadableDocument(str(path), f"has {len(pages)} page(s); no page {missing[0]}")
    return [pages[n - 1] for n in sorted(wanted)]


def _check_text_layer(path: Path, contents: list[PageContent], n_pages: int) -> None:
    if not contents:
        raise UnreadableDocument(str(path), f"none of the {n_pages} pages could be read")
    if sum(c.n_chars for c in contents) == 0:
        if any(c.n_images for c in contents):
            raise UnreadableDocument(str(path), "the PDF has no text layer (scanned images); OCR is not done")
        raise UnreadableDocument(str(path), "the PDF has no text")


def read_outline(pdf) -> list[tuple[int, str]]:
    """The PDF's bookmarks as (level, title); empty where it has none."""
    try:
        return [(level, fix_text(title).strip()) for level, title, *_ in pdf.doc.get_outlines() if title]
    except Exception:  # noqa: BLE001 - no outline, or a broken one: headings come from the fonts then
        return []


def read_page(page, settings: dict = LAYOUT_SETTINGS, logos: colours.RepeatedImages | None = None,
              renderer: Renderer | None = None, fonts: FontWeights | None = None) -> PageContent:
    """One page -> its lines (reading order), tables and markers; nothing of the page is kept
    (`renderer`: the read's, which opens the PDF for rendering once; else each render opens it;
    `fonts`: the read's weights of renamed fonts, each font read once)."""
    number = page.page_number
    content = PageContent(number=number, width=float(page.width), height=float(page.height),
                          n_images=len(page.images))
    drawn = page
    page = dedupe_chars(page)
    settle_chars(page, (fonts or FontWeights()).of(drawn))
    chars = page.chars
    content.n_chars = len(chars)
    if not chars:
        content.pictures = image_only(drawn, [], IMAGE_SETTINGS, renderer)
        return content
    logos = logos if logos is not None else colours.RepeatedImages()
    glyphs = colours.glyph_markers(chars)
    markers = colours.vector_markers(page) + glyphs + colours.image_markers(page, logos, renderer=renderer)
    fills = colours.background_fills(page)
    words = [w for w in page_words(page.extract_words(extra_attrs=["fontname", "size"])) if w.text.strip()]
    glyph_boxes = {(round(m.x0), round(m.top)) for m in glyphs}
    words = [w for w in words if not (w["text"] in colours.COLOUR_SETTINGS["marker_glyphs"]
                                      and (round(w["x0"]), round(w["top"])) in glyph_boxes)]
    content.pictures = image_only(drawn, words, IMAGE_SETTINGS, renderer)
    content.charts = find_charts(drawn, words)
    words = without_charts(words, content.charts)
    in_tables: set[int] = set()
    grid = ruled_tables(page) if pdf_guard.grid_is_readable(page) else []
    for t in sorted(grid, key=lambda t: -(t.bbox[2] - t.bbox[0]) * (t.bbox[3] - t.bbox[1])):
        if any(within(t.bbox, other.bbox) for other in content.tables):
            continue            # a box drawn inside a table's cell is part of that table
        table = table_from_pdfplumber(t, [w for w in words if not w.glyph], markers + fills, number)
        if not is_real_table(table):
            continue
        content.tables.append(table)
        in_tables.update(id(w) for w in words_in(t.bbox, words))
    free = [w for w in words if id(w) not in in_tables]
    lines = group_lines(free, number, settings)
    content.margin_lines = keep_line_glyphs([ln for ln in lines if in_margin(ln, content.height, settings)])
    body = split_columns([ln for ln in lines if not in_margin(ln, content.height, settings)], content.width, settings)
    body = keep_line_glyphs(body)
    attach_markers(body, [m for m in markers if not _inside_any(m, content.tables)], settings)
    content.lines = _take_unruled_tables(body, markers, content)
    content.tables.sort(key=lambda t: t.top)
    return content


def picture_warnings(contents: list[PageContent]) -> list[Warning]:
    """One `image_only` warning per picture that shows what the text layer does not have."""
    return [Warning(code="image_only",
                    message=f"page {c.number}: a picture with no text layer covers {p.share:.0%} of the page "
                            f"(a table, chart or scanned text as an image?); its content is not read (no OCR)",
                    provenance=Provenance(page=c.number, bbox=p.bbox, method="reader:pdf_images"))
            for c in contents for p in c.pictures]


def _inside_any(m: colours.Marker, tables: list[PageTable]) -> bool:
    cx, cy = m.centre
    return any(t.bbox[0] <= cx <= t.bbox[2] and t.bbox[1] <= cy <= t.bbox[3] for t in tables)


def _take_unruled_tables(lines: list[Line], markers, content: PageContent) -> list[Line]:
    """Runs of aligned lines become tables (text strategy); the other lines stay."""
    keep = list(lines)
    toc_at = next((i for i, ln in enumerate(lines) if TOC_TITLES.match(ln.text)), None)
    for start, end in reversed(unruled_runs(lines)):
        if toc_at is not None and start > toc_at:
            continue  # table-of-contents entries line up like a table; they are read as the contents
        content.tables.append(unruled_table(lines[start:end], markers, content.number))
        del keep[start:end]
    return keep


def _drop_furniture(contents: list[PageContent]) -> list[str]:
    """Running headers, footers and page numbers out; other margin lines back into the body. Returns one
    text of each running header and footer (for the report's metadata)."""
    keys = furniture_keys([(c.number, ln.text) for c in contents for ln in c.margin_lines], len(contents))
    running: dict[str, str] = {}
    for c in contents:
        for ln in c.margin_lines:
            if in_margin(ln, c.height) and furniture_key(ln.text) in keys:
                running.setdefault(furniture_key(ln.text), ln.text.strip())
        kept = [ln for ln in c.margin_lines if not is_furniture(ln, c.height, keys)]
        top = [ln for ln in kept if ln.top < c.height / 2]
        bottom = [ln for ln in kept if ln.top >= c.height / 2]
        c.lines = top + c.lines + bottom
        c.margin_lines = []
        outer = outer_page_numbers(c)
        c.lines = [ln for ln in c.lines if id(ln) not in outer]
    return list(running.values())


def outer_page_numbers(c: PageContent, settings: dict = LAYOUT_SETTINGS) -> set[int]:
    """Page numbers (`3 (26)`, `Sida 3 av 12`) set a little inside the margin band: a page-number line
    that is still the page's first or last line, with no table beyond it, in the outer band twice the
    margin's height. They are furniture too, never a heading or the caption of the next page's table.
    A bare year (`2024`) is a title there, not a page number."""
    if not c.lines:
        return set()
    band = 2 * settings["furniture_margin"] * c.height
    first = min(c.lines, key=lambda ln: ln.top)
    last = max(c.lines, key=lambda ln: ln.bottom)
    out = set()
    if first.bottom <= band and all(t.bbox[1] >= first.bottom for t in c.tables) and _page_number(first.text):
        out.add(id(first))
    if last.top >= c.height - band and all(t.bottom <= last.top for t in c.tables) and _page_number(last.text):
        out.add(id(last))
    return out


def _page_number(text: str) -> bool:
    bare = text.strip()
    return is_page_number(bare) and not (bare.isdigit() and len(bare) == 4 and bare[:2] in ("19", "20"))
