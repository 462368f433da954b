"""Logical lines of any text rendition -> blocks.

Each rendition reader (tabbed, Markdown, pdftotext -layout) turns its file into `Line`s: a text line,
a table row of cells, or a blank. `assemble` makes the blocks from them with the same rules for every
rendition: the table of contents, headings and their levels, tables with header rows and captions,
list items and paragraphs.
"""
from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

from kommunrapport.models import Block, BlockKind, Cell, Provenance, Row, Table
from kommunrapport.read.furniture import leading_glyphs

READER_VOCAB = Path(__file__).resolve().parent.parent / "normalize" / "data" / "reader.toml"


@cache
def vocab() -> dict:
    with READER_VOCAB.open("rb") as fh:
        return tomllib.load(fh)["reader"]


@dataclass
class Line:
    """One logical line of a text rendition."""

    number: int                          # 1-based line of the file
    text: str = ""                       # the clean text; for a row its cells joined by tabs
    cells: list[str] | None = None       # set for a table row
    level: int | None = None             # an explicit heading level (Markdown `#`)
    page: int | None = None
    indent: int = 0                      # leading spaces (layout)
    header: bool | None = None           # a row the rendition itself marks as header (or not)
    table_start: bool = False            # a row that starts a new table even without a blank line
    extra: dict = field(default_factory=dict)

    @property
    def blank(self) -> bool:
        return self.cells is None and not self.text

    @property
    def prov(self) -> Provenance:
        return Provenance(line=self.number, page=self.page)


# ---- clean text --------------------------------------------------------------------------------

_BREAK_TAGS = re.compile(r"</p>\s*<p[^>]*>|<br\s*/?>|</li>\s*<li[^>]*>|</?(?:p|ul|ol|li|div|tr|table)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u00ad": None})


def clean_text(raw: str) -> str:
    """Emphasis markers and odd spaces out; one line of text."""
    raw = raw.translate(_SPACES)
    raw = _BOLD.sub(r"\2", raw)
    raw = _ITALIC.sub(r"\1", raw)
    return " ".join(raw.split())


def is_bold(raw: str) -> bool:
    """A line written wholly in bold; a list item whose text is wholly bold too (`- **Uppdrag**`)."""
    s = re.sub(r"^(?:[-•–*+]|\d{1,3}[.)])\s+", "", raw.strip())
    return bool(s) and bool(re.fullmatch(r"(\*\*|__)(?=\S).+(?<=\S)\1", s))


def clean_cell(raw: str) -> str:
    """HTML fragments -> plain text; paragraph and list breaks kept as newlines."""
    if "<" in raw:
        raw = _BREAK_TAGS.sub("\n", raw)
        raw = _ANY_TAG.sub("", raw)
    raw = html.unescape(raw)
    lines = [clean_text(part) for part in raw.split("\n")]
    return "\n".join(line for line in lines if line)


# ---- shapes of lines ---------------------------------------------------------------------------

NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,5})(?P<dot>\.?)\s+(?P<title>\S.*)$")
_NUMBERISH = re.compile(r"^[●•○◦\s]*[<>≥≤~]?[-−–+]?\s?\d[\d\s.,]*\s?%?\s?\*{0,3}$")
_YEARISH = re.compile(r"^(19|20)\d\d(\s*[-–/]\s*(19|20)?\d\d)?\s*[¹²³*]?$")
_YEARS = re.compile(r"((19|20)\d\d\s+)+(19|20)\d\d")
_TOC_LEADER = re.compile(r"^(?P<title>.*?\S)\s*(?:\.\s?){2,}\s*(?P<page>\d{1,3})?\s*$")
_TOC_SPACED = re.compile(r"^(?P<title>.*?\S)\s{2,}(?P<page>\d{1,3})\s*$")


def numberish(text: str) -> bool:
    """A figure (`-137 901`, `8,2`, `● 0.1`, `95 %`) but not a year."""
    t = text.strip()
    return bool(_NUMBERISH.match(t)) and not _YEARISH.match(t) and not _YEARS.fullmatch(t)


def numbered_level(text: str) -> int | None:
    """`3.2.1 Hållbar kompetensförsörjning` -> 3; `3 Mål och uppdrag` -> 1; a list `1. text` -> None."""
    m = NUMBERED.match(text)
    if not m or not m.group("title")[0].isupper():
        return None
    depth = m.group("num").count(".") + 1
    if depth == 1 and m.group("dot"):
        return None
    return depth


def is_upper_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and len(text) <= 160 and all(c.isupper() for c in letters)


def key(title: str) -> str:
    """A title for matching: lower case, words only, line-break hyphens (`ARBETS- MARKNAD`) joined."""
    t = re.sub(r"(\w)- (\w)", r"\1\2", title.lower())
    t = re.sub(r"^\d{1,2}(\.\d{1,2})*\.?\s+", "", t)
    return " ".join(re.sub(r"[^\w]+", " ", t).split())


def is_toc_title(text: str) -> bool:
    return key(text) in {key(t) for t in vocab()["toc_titles"]}


def list_marker(text: str, markdown: bool = False) -> str | None:
    """The bullet that opens a list item, if the line is one: a bullet of the vocabulary followed by a
    space, or a symbol font's private-use glyph (with or without a space after it)."""
    glyphs = leading_glyphs(text)
    if glyphs and text[len(glyphs):].strip():
        return glyphs
    for b in vocab()["bullets"] + (vocab()["markdown_bullets"] if markdown else []):
        if text.startswith(b) and len(text) > len(b) + 1 and text[len(b)] in " \t":
            return b
    return None


def join_wrapped(first: str, second: str) -> str:
    """Two pieces of one wrapped line: `verksam-` + `heten` -> `verksamheten`, `prognos/` + `budget`."""
    if not first:
        return second
    if not second:
        return first
    if first.endswith("-") and len(first) > 1 and first[-2].isalpha():
        head_word = second.split()[0].lower().strip(",.")
        if second[0].islower() and head_word not in vocab()["hyphen_keepers"]:
            return first[:-1] + second
        return first + " " + second
    if first.endswith("/"):
        return first + second
    return first + " " + second


# ---- table of contents ---------------------------------------------------------------------------


@dataclass
class TocEntry:
    title: str
    level: int | None
    line: Line


def toc_entry(line: Line, after_entry: bool) -> tuple[str, str | None] | None:
    """(title, page) if the line reads as a table-of-contents entry."""
    if line.cells is not None:
        filled = [c for c in line.cells if c.strip()]
        if len(filled) == 2 and re.fullmatch(r"\d{1,3}", filled[1]) and not numberish(filled[0]):
            return _strip_leader(filled[0]), filled[1]
        if len(filled) == 1 and line.cells[0].strip() and len(filled[0]) <= 120:
            title = filled[0]
            m = _TOC_LEADER.match(title)
            if m:
                return m.group("title").rstrip(". "), m.group("page")
            return (title, None) if after_entry and not title.endswith((".", ":")) else None
        return None
    text = line.text
    m = _TOC_LEADER.match(text) or _TOC_SPACED.match(text)
    if m and (m.group("page") or re.search(r"(\.\s?){3,}\s*$", text)):
        return _strip_leader(m.group("title")), m.group("page")
    return None


def _strip_leader(title: str) -> str:
    return re.sub(r"(\s*\.){2,}\s*$", "", title).strip()


def read_toc(lines: list[Line], start: int) -> tuple[list[TocEntry], int]:
    """The entries after a TOC title at `start`; returns them and the index after the last one."""
    entries: list[TocEntry] = []
    i = start
    while i < len(lines):
        line = lines[i]
        if line.blank:
            if entries and not _entry_follows(lines, i):
                break
            i += 1
            continue
        if entries and line.page != entries[-1].line.page and line.page is not None:
            break
        found = toc_entry(line, after_entry=bool(entries))
        if not found and entries and line.cells is None and _bare_entry(line, lines, i):
            found = (line.text, None)
        if not found:
            break
        title, _ = found
        entries.append(TocEntry(title=title, level=numbered_depth(title), line=line))
        i += 1
    _levels_from_indent(entries)
    return entries, i


def numbered_depth(title: str) -> int | None:
    m = NUMBERED.match(title)
    return m.group("num").count(".") + 1 if m else None


def _entry_follows(lines: list[Line], i: int) -> bool:
    """After a blank inside a TOC: is the next non-blank line another entry (within two blanks)?"""
    for j in range(i + 1, min(i + 3, len(lines))):
        if not lines[j].blank:
            return toc_entry(lines[j], after_entry=False) is not None
    return False


def _bare_entry(line: Line, lines: list[Line], i: int) -> bool:
    """A TOC entry printed without a page number (`Bilaga 1. Uppföljning ...`): short, then a blank."""
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    return len(line.text) <= 100 and not line.text.endswith((".", ":", ";")) and (nxt is None or nxt.blank)


def _levels_from_indent(entries: list[TocEntry]) -> None:
    """Unnumbered entries of a layout TOC: deeper indentation = deeper level."""
    indents = sorted({e.line.indent for e in entries if e.level is None})
    if len(indents) < 2:
        return
    for e in entries:
        if e.level is None:
            e.level = indents.index(e.line.indent) + 1


# ---- headings ------------------------------------------------------------------------------------


class HeadingIndex:
    """The headings the table of contents names, matched by exact key or by rapidfuzz."""

    def __init__(self) -> None:
        self.levels: dict[str, int | None] = {}

    def add(self, title: str, level: int | None) -> None:
        self.levels.setdefault(key(title), level)

    def match(self, text: str) -> tuple[bool, int | None]:
        k = key(text)
        if not k or len(text) > 200:
            return False, None
        if k in self.levels:
            return True, self.levels[k]
        if len(k) >= 12 and self.levels:
            best = process.extractOne(k, list(self.levels), scorer=fuzz.ratio, score_cutoff=94)
            if best:
                return True, self.levels[best[0]]
        return False, None


def heading_level(text: str, toc: HeadingIndex) -> tuple[bool, int | None]:
    """Whether a text line is a heading, and its level where known."""
    named, level = toc.match(text)
    depth = numbered_level(text)
    if named:
        return True, level or depth
    if depth and len(text) <= 200:
        if depth > 1 or (len(text) <= 120 and not text.rstrip().endswith((".", ":", ";", ","))):
            return True, depth
    if is_upper_heading(text) and not numberish(text):
        return True, None
    return False, None


# ---- tables --------------------------------------------------------------------------------------


def is_label_row(cells: list[str]) -> bool:
    """Short labels, no figures (years are labels): a header row's shape."""
    filled = [c for c in cells if c.strip()]
    if not filled:
        return False
    for c in filled:
        if numberish(c) or len(c) > 70 or len(c.split()) > 10 or "\n" in c and len(c) > 40:
            return False
    return True


def _n_filled(cells: list[str]) -> int:
    return sum(1 for c in cells if c.strip())


def _has_gaps(cells: list[str]) -> bool:
    """An empty cell between filled ones: a header spread over columns (`2023\t\t2024`)."""
    idx = [i for i, c in enumerate(cells) if c.strip()]
    return bool(idx) and any(not cells[i].strip() for i in range(idx[0], idx[-1]))


def _has_figures(cells: list[str]) -> bool:
    return any(numberish(c) for c in cells[1:])


def leading_header_rows(rows: list[list[str]]) -> int:
    """How many rows at the top are header rows (0, 1 or 2; 3 with a one-cell title row first)."""
    if len(rows) < 2 or not is_label_row(rows[0]):
        return 0
    first, second = rows[0], rows[1]
    if _n_filled(first) == 1:
        if first[0].strip() and is_label_row(second) and _n_filled(second) >= 2:
            return 1 + max(1, leading_header_rows(rows[1:]))
        return 0
    if len(rows) > 2 and is_label_row(second) and _n_filled(second[1:]) >= 1 \
            and (not second[0].strip() or _has_gaps(first)):
        return 2
    return 1


def rows_below_repeated_header(prev_rows: list, next_rows: list) -> list:
    """The rows of a table's next part with the header it repeats (over a page break) dropped: no
    row of the next part is a header any more, it goes on under the first part's."""
    rows = list(next_rows)
    for r in rows:
        r.is_header = False
    head = [r.texts for r in prev_rows if r.is_header]
    while rows and head and rows[0].texts in head:
        rows.pop(0)
    return rows


def mark_header_rows(rows: list[Row]) -> None:
    texts = [r.texts for r in rows]
    for r in rows[:leading_header_rows(texts)]:
        r.is_header = True
    for i in range(1, len(rows) - 1):
        if rows[i].is_header:
            continue
        if _n_filled(texts[i]) >= 2 and is_label_row(texts[i]) and _has_figures(texts[i + 1]) \
                and not _has_figures(texts[i - 1]):
            rows[i].is_header = True


def inner_header_rows(rows: list[Row]) -> list[int]:
    """Rows inside a table's body that head a second table stacked under the first without a gap
    (`Nyckeltal, Alingsås | 2023 | 2024 | 2025` under rows of figures): every value cell a period
    (a year, or words and a year, no other figure) and figures in the row below."""
    texts = [r.texts for r in rows]
    return [i for i in range(1, len(rows) - 1)
            if not rows[i].is_header and _has_figures(texts[i - 1]) and _has_figures(texts[i + 1])
            and _period_cells(texts[i][1:])]


def _period_cells(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    return len(filled) >= 2 and len(set(filled)) == len(filled) and all(
        _YEAR_IN.search(c) and not re.search(r"\d", _YEAR_IN.sub("", c)) and len(c.split()) <= 4 for c in filled)


_YEAR_IN = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")


def is_separator_row(cells: list[str]) -> bool:
    """`---\t---\t---` or `|---|:--|`: a rule, not a row."""
    return all(re.fullmatch(r"\s*:?[-–—=]*:?\s*", c) for c in cells) and any(
        len(c.strip(" :")) >= 2 for c in cells)


def make_table(rows: list[Line], caption: str | None) -> Block:
    out: list[Row] = []
    marked: list[bool] = []            # the rendition itself calls the row a header (Markdown, layout)
    for ln in rows:
        cells = list(ln.cells or [])
        while cells and not cells[-1].strip():
            cells.pop()
        if cells:
            out.append(Row(cells=[Cell(text=c) for c in cells], provenance=ln.prov))
            marked.append(ln.header is True)
    mark_header_rows(out)
    for row, header in zip(out, marked, strict=True):
        row.is_header = row.is_header or (header and is_label_row(row.texts))
    table = Table(rows=out, caption=caption)
    return Block(kind=BlockKind.table, text="\n".join("\t".join(r.texts) for r in out), table=table,
                 provenance=rows[0].prov)


def caption_above(blocks: list[Block], page: int | None = None) -> str | None:
    """The short line just above a table (`Driftredovisning per verksamhet (mkr)`) on the table's
    `page`; a heading at the foot of the page before still titles it, a line of text there does not
    (it ends that page's prose: a source line, a note, a paragraph's last words)."""
    if not blocks:
        return None
    last = blocks[-1]
    if not any(ch.isalpha() for ch in last.text):
        return None                     # an axis's figures above a chart's labels name no table
    if last.kind is BlockKind.heading and len(last.text) <= 160:
        return last.text
    before = last.provenance.page if last.provenance is not None else None
    if last.kind is BlockKind.paragraph and len(last.text) <= 120 and (page is None or before in (None, page)):
        return last.text
    return None


# ---- assembly ------------------------------------------------------------------------------------


def assemble(lines: list[Line]) -> list[Block]:
    blocks: list[Block] = []
    toc = HeadingIndex()
    table_rows: list[Line] = []       # the rows of the last table, while a blank may still continue it
    table_end = -1
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.blank:
            i += 1
            continue
        if "region" in line.extra:       # a table seen by its words' positions: tables.build gives it rows
            blocks.append(Block(kind=BlockKind.table, region=line.extra["region"], provenance=line.prov))
            table_rows = []
            i += 1
            continue
        if line.cells is None and is_toc_title(line.text):
            blocks.append(Block(kind=BlockKind.heading, text=line.text, level=line.level or 1, provenance=line.prov))
            entries, i = read_toc(lines, i + 1)
            for e in entries:
                toc.add(e.title, e.level)
                blocks.append(Block(kind=BlockKind.toc, text=e.title, level=e.level, provenance=e.line.prov))
            continue
        if line.cells is not None:
            j = i + 1
            while j < len(lines) and lines[j].cells is not None and not lines[j].table_start:
                j += 1
            rows = [ln for ln in lines[i:j] if not is_separator_row(ln.cells or [])]
            if len(rows) == 1 and _n_filled(rows[0].cells or []) == 1 and (rows[0].cells or [""])[0].strip():
                # a lone line with a stray tab (`Ekonomi\t`) is text, not a table
                lone = rows[0]
                blocks.append(text_block(Line(number=lone.number, page=lone.page, text=lone.cells[0]), toc))
                i = j
                continue
            if rows and table_rows and continues_table(table_rows, rows, lines[table_end:i]):
                rows = table_rows + rows
                blocks.pop()
            if rows:
                blocks.append(make_table(rows, caption_above(blocks, rows[0].page)))
                table_rows, table_end = rows, j
            i = j
            continue
        blocks.append(text_block(line, toc))
        i += 1
    if not toc.levels and not any(ln.level is not None for ln in lines):
        promote_label_lines(blocks)
    return blocks


def promote_label_lines(blocks: list[Block]) -> None:
    """No table of contents to go by: a short label line above a long paragraph, a table or another
    heading is a heading (level unknown); a statement (`Målet är uppnått`) stays a paragraph."""
    for k in range(len(blocks) - 2, -1, -1):
        block, nxt = blocks[k], blocks[k + 1]
        follows = nxt.kind in (BlockKind.table, BlockKind.heading) or (nxt.kind is BlockKind.paragraph and (
            len(nxt.text) >= 150 or nxt.text.endswith(".") and len(nxt.text.split()) >= 8))
        if block.kind is BlockKind.paragraph and follows and is_label_line(block.text):
            block.kind = BlockKind.heading


def is_label_line(text: str) -> bool:
    words = text.split()
    return (0 < len(words) <= 8 and len(text) <= 70 and text[0].isupper() and "\n" not in text
            and not text.endswith((".", ",", ":", ";", "!", "?")) and ":" not in text
            and not any(w.lower().strip(",") in vocab()["statement_words"] for w in words)
            and not numberish(text))


def continues_table(before: list[Line], after: list[Line], between: list[Line]) -> bool:
    """One blank line inside a table (a page break in the source): the same columns, no new header."""
    if len(between) > 1 or any(not ln.blank for ln in between):
        return False
    width = max(len(ln.cells or []) for ln in before)
    first = after[0].cells or []
    return abs(len(first) - width) <= 1 and not is_label_row(first) and _has_figures(first) == _has_figures(
        before[-1].cells or [])


def text_block(line: Line, toc: HeadingIndex) -> Block:
    text, prov = line.text, line.prov
    bold = line.extra.get("bold")
    if line.level is not None:
        return Block(kind=BlockKind.heading, text=text, level=line.level, provenance=prov, bold=bold)
    if line.extra.get("list"):
        return Block(kind=BlockKind.list_item, text=text, provenance=prov, bold=bold)
    glyphs = leading_glyphs(text)
    if glyphs and text[len(glyphs):].strip():      # a symbol-font bullet: never a heading's first letter
        return Block(kind=BlockKind.list_item, text=text[len(glyphs):].strip(), provenance=prov, bold=bold)
    is_heading, level = heading_level(text, toc)
    if is_heading:
        return Block(kind=BlockKind.heading, text=text, level=level, provenance=prov, bold=bold)
    marker = list_marker(text)
    if marker:
        return Block(kind=BlockKind.list_item, text=text[len(marker):].strip(), provenance=prov, bold=bold)
    return Block(kind=BlockKind.paragraph, text=text, provenance=prov, bold=bold)


def mark_numbered_lists(lines: list[Line]) -> None:
    """`1. text` lines next to another `N. text` line are list items, not headings."""
    pat = re.compile(r"^\d{1,2}[.)]\s+\S")
    texts = [ln for ln in lines if not ln.blank]
    for k, ln in enumerate(texts):
        if ln.cells is not None or not pat.match(ln.text):
            continue
        near = [texts[m] for m in (k - 1, k + 1) if 0 <= m < len(texts)]
        if any(n.cells is None and pat.match(n.text) for n in near):
            ln.extra["list"] = True
