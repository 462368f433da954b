"""Lines and tables of all pages -> the blocks of the document model.

Paragraphs are runs of lines of one style without a wider gap; headings are short paragraphs set
larger or bolder than the body text that do not read as sentences (`Målet är uppnått` stays a bold
paragraph, as in the text rendition), or numbered, or named in the table of contents or outline;
a bold field label recurring under every goal is a paragraph too; levels come
from the PDF outline, the table of contents, numbering and, failing those, the font size.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kommunrapport.models import Block, BlockKind, Colour, Provenance, Table
from kommunrapport.normalize.vocab import match_section
from kommunrapport.read.pdf_layout import BULLETS, Line, join_lines
from kommunrapport.read.pdf_tables import PageTable, region_of
from kommunrapport.read.textblocks import key, vocab

BLOCK_SETTINGS = {
    "heading_size_ratio": 1.12,     # a line this much larger than the body text is a heading
    "heading_max_chars": 200,
    "heading_max_lines": 3,
    "bold_heading_max_chars": 150,  # a bold paragraph of body size and at most this long is a heading
    "paragraph_gap_extra": 0.35,    # x font size: a gap this much wider than the usual line gap ends a paragraph
    "max_level": 6,
    # `Diagram 3`, `Figur 2: ...`: a caption naming a figure, set in bold, is a paragraph, not a heading
    # a bold line of body size repeated this often is a form's field label (`Planeringskommentar`,
    # `Kommentar`) that recurs under every goal: a paragraph, or it would cut each goal's section in two;
    # a recurring heading the section vocabulary knows (`Ekonomi` under every unit) stays a heading
    "recurring_label_min": 3,
    "caption_words": ("diagram", "figur", "figure", "tabell", "table", "bild", "graf"),
}

TOC_TITLES = re.compile(r"^\s*(innehåll|innehållsförteckning|innehall|table of contents|contents)\s*$", re.I)
NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(?P<title>\S.*)$")
LEADERS = re.compile(r"(\s*[.…·_]{2,}\s*|\s+\.(?:\s*\.)+\s*)")
TOC_PAGE = re.compile(r"^(?P<title>.+?)\s+(?P<page>\d{1,3})$")
# `Indikator: ...`, `Kommentar: ...`: a labelled line set in a heading style is still a paragraph
LABELLED = re.compile(r"^[A-ZÅÄÖ][\w-]{2,20}(?:\s[\w-]{1,20}){0,2}:\s+\S")
SENTENCE_END = (".", ":", "!", "?", ";")
# a font heading ending so is a sentence or a label set in bold (`Kommentar:`), not a heading;
# `t.o.m.`-like abbreviations at the end are rare in headings and read as sentences too
STATEMENT_END = (".", "!", "?", ";", ",", ":")


@dataclass
class Para:
    lines: list[Line]
    kind: BlockKind = BlockKind.paragraph
    colours: list[Colour] = field(default_factory=list)

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def last(self) -> Line:
        return self.lines[-1]

    @property
    def text(self) -> str:
        return join_lines([_line_text(ln) for ln in self.lines])


def _line_text(line: Line) -> str:
    """The line's words; a line with several markers (a legend) is written as its labels joined by
    ` | `, one label per marker, as the text renditions write a legend row."""
    if len(line.markers) < 2:
        return line.text
    starts = sorted(m.x1 for m in line.markers)
    groups: list[list[dict]] = []
    for w in line.words:
        k = sum(1 for x in starts if x <= w["x0"] + 1)
        if not groups or k != groups[-1][0]:
            groups.append([k, []])
        groups[-1][1].append(w)
    return " | ".join(Line(line.page, ws).text for _, ws in groups)


def _union(lines: list[Line]) -> tuple[float, float, float, float]:
    return (round(min(ln.x0 for ln in lines), 1), round(min(ln.top for ln in lines), 1),
            round(max(ln.x1 for ln in lines), 1), round(max(ln.bottom for ln in lines), 1))


# ---- document statistics -------------------------------------------------------------------


def body_size(contents) -> float:
    sizes: Counter = Counter()
    for c in contents:
        for ln in c.lines:
            for w in ln.words:
                sizes[round(w.get("size", 0) * 2) / 2] += len(w["text"])
    return sizes.most_common(1)[0][0] if sizes else 10.0


def usual_gap(contents, size: float) -> float:
    gaps: Counter = Counter()
    for c in contents:
        for a, b in zip(c.lines, c.lines[1:], strict=False):
            if abs(a.size - size) < 0.6 and abs(b.size - size) < 0.6 and a.column == b.column:
                gap = b.top - a.bottom
                if 0 <= gap < 2 * size:
                    gaps[round(gap)] += 1
    return float(gaps.most_common(1)[0][0]) if gaps else 0.3 * size


# ---- lines -> paragraphs ----------------------------------------------------------------------


def _leading_marker(line: Line) -> Colour | None:
    """The colour of a single marker standing before the line's first word (a coloured bullet)."""
    if len(line.markers) != 1:
        return None
    m = line.markers[0]
    return m.colour if m.x1 <= line.x0 + 1 else None


def _item_text_x(line: Line) -> float:
    if _leading_marker(line) is None and len(line.words) > 1:
        return line.words[1]["x0"]
    return line.x0


def _starts_item(line: Line) -> bool:
    return line.words[0]["text"] in BULLETS and len(line.words) > 1 or _leading_marker(line) is not None


def _same_style(a: Line, b: Line) -> bool:
    return abs(a.size - b.size) < 0.6 and a.bold == b.bold


def _continues_para(para: Para, line: Line, gap_limit: float) -> bool:
    prev = para.last
    if not _same_style(prev, line) or _starts_item(line):
        return False
    if para.kind is BlockKind.list_item and line.x0 < _item_text_x(para.first) - 2:
        return False
    if prev.page != line.page or prev.column != line.column or line.top < prev.top:
        # a page or column break inside a sentence
        return not prev.text.endswith(SENTENCE_END) and line.text[:1].islower()
    return line.top - prev.bottom <= gap_limit


def paragraphs(lines: list[Line], gap: float, settings: dict) -> list[Para]:
    out: list[Para] = []
    for line in lines:
        limit = gap + settings["paragraph_gap_extra"] * line.size
        if out and _continues_para(out[-1], line, limit):
            out[-1].lines.append(line)
            continue
        para = Para([line])
        if _starts_item(line):
            para.kind = BlockKind.list_item
        out.append(para)
    for p in out:
        p.colours = [m.colour for ln in p.lines for m in sorted(ln.markers, key=lambda m: m.x0)]
    return out


# ---- classification ---------------------------------------------------------------------------


@dataclass
class Heading:
    index: int          # into the block list
    size: float
    bold: bool
    page: int
    level: int | None = None


def _is_heading(p: Para, body: float, settings: dict) -> bool:
    """Set apart by size or weight, short, and not a sentence."""
    text = p.text
    if p.kind is BlockKind.list_item or not text or len(p.lines) > settings["heading_max_lines"]:
        return False
    if not any(c.isalpha() for c in text) or is_sentence(text) or is_caption(text, settings):
        return False
    if p.first.size >= body * settings["heading_size_ratio"]:
        return len(text) <= settings["heading_max_chars"]
    return (p.first.bold and len(p.lines) <= 2 and len(text) <= settings["bold_heading_max_chars"]
            and p.first.size >= body * 0.9)


def is_sentence(text: str) -> bool:
    """A line that reads as a statement, not a title: it ends as a sentence, starts lower-case, is a
    label with its text (`Kommentar: ...`) or holds a finite verb of the statement vocabulary
    (`Målet är uppnått`, `Budgeten ska vara i balans`)."""
    text = text.strip()
    if text.endswith(STATEMENT_END) or LABELLED.match(text) or " = " in text:
        return True
    if text[:1].islower():          # `2024 i korthet` is a title: only a first letter counts
        return True
    words = {w.lower().strip(",.;:()") for w in text.split()}
    return bool(words & set(vocab()["statement_words"]))


def is_caption(text: str, settings: dict) -> bool:
    """`Diagram 3`, `Tabell 2: Nettokostnad`: a figure's or table's number, with or without its title."""
    words = "|".join(map(re.escape, settings["caption_words"]))
    return bool(re.match(rf"^(?:{words})\s+\d{{1,3}}[a-z]?(?:$|\s*[:.–-])", text.strip(), re.I))


def numbered_level(text: str) -> int | None:
    m = NUMBERED.match(text)
    if not m or re.match(r"^\d{4}\b", text):
        return None
    return m.group("num").count(".") + 1


def _is_upper_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return 3 <= len(letters) and len(text) <= 160 and all(c.isupper() for c in letters)


def _text_kind(text: str, toc: dict[str, int | None]) -> BlockKind:
    """The text reader's rules for a line that the fonts do not make a heading."""
    if key(text) in toc:
        return BlockKind.heading
    level = numbered_level(text)
    if level and len(text) <= 200 and (level > 1 or len(text) <= 120 and not text.endswith((".", ":", ";", ","))):
        return BlockKind.heading
    if _is_upper_heading(text):
        return BlockKind.heading
    return BlockKind.paragraph


def _strip_bullet(text: str) -> str:
    first, _, rest = text.partition(" ")
    return rest if first in BULLETS and rest else text


# ---- table of contents ------------------------------------------------------------------------


def toc_entry(line: Line) -> tuple[str, bool]:
    """A table-of-contents line -> (title, has a page number)."""
    text = LEADERS.sub(" ", line.text).strip()
    m = TOC_PAGE.match(text)
    if m:
        return m.group("title").strip().rstrip(".").strip(), True
    return text, False


def toc_levels(entries: list[tuple[Block, float]]) -> None:
    """Levels of entries from their indentation: the leftmost are level 1."""
    xs: list[float] = []
    for _, x0 in sorted(entries, key=lambda e: e[1]):
        if not xs or x0 - xs[-1] > 4:
            xs.append(x0)
    for block, x0 in entries:
        block.level = next((i + 1 for i, x in enumerate(xs) if abs(x0 - x) <= 4), None)


# ---- the whole document ----------------------------------------------------------------------


def page_items(content) -> list[Line | PageTable]:
    """Lines and tables of a page in reading order: each table before the first line below its top."""
    items: list[Line | PageTable] = list(content.lines)
    for table in sorted(content.tables, key=lambda t: t.top):
        at = next((i for i, it in enumerate(items)
                   if isinstance(it, Line) and it.top > table.top and _overlaps(it, table)), len(items))
        items.insert(at, table)
    return items


def _overlaps(line: Line, table: PageTable) -> bool:
    return line.column == 0 or (line.x0 < table.bbox[2] and line.x1 > table.bbox[0])


class _Builder:
    def __init__(self, contents, outline: list[tuple[int, str]], settings: dict):
        self.settings = settings
        self.body = body_size(contents)
        self.gap = usual_gap(contents, self.body)
        self.outline = {key(t): lvl for lvl, t in outline}
        self.blocks: list[Block] = []
        self.tables: dict[int, PageTable] = {}
        self.headings: list[Heading] = []
        self.toc: dict[str, int | None] = {}
        self.toc_entries: list[tuple[Block, float]] = []
        self.contents = contents

    def run(self) -> list[Block]:
        stream: list[Line | PageTable] = [it for c in self.contents for it in page_items(c)]
        lines: list[Line] = []
        toc_size: float | None = None
        toc_page = 0
        for item in stream:
            if isinstance(item, PageTable):
                self._flush(lines)
                lines = []
                self._table(item)
                continue
            if toc_size is not None:
                if item.size < toc_size * 0.95 and (item.page == toc_page or toc_entry(item)[1]) \
                        and item.page <= toc_page + 1:
                    self._flush(lines)
                    lines = []
                    self._toc_line(item)
                    toc_page = item.page
                    continue
                toc_size = None
            if TOC_TITLES.match(item.text):
                self._flush(lines)
                lines = []
                self._heading_block(Para([item]), level=1)
                toc_size, toc_page = item.size, item.page
                continue
            lines.append(item)
        self._flush(lines)
        toc_levels(self.toc_entries)
        self.toc = {key(b.text): b.level for b, _ in self.toc_entries}
        self._demote_recurring_labels()
        self._retype_toc_named()
        self._assign_levels()
        return self.blocks

    # -- emitting

    def _flush(self, lines: list[Line]) -> None:
        for p in paragraphs(lines, self.gap, self.settings):
            if _is_heading(p, self.body, self.settings):
                self._heading_block(p)
            elif p.kind is BlockKind.list_item:
                self._emit(Block(kind=BlockKind.list_item, text=_strip_bullet(p.text), bold=p.first.bold,
                                 colour=p.colours[0] if p.colours else None, colours=p.colours,
                                 provenance=Provenance(page=p.first.page, bbox=_union(p.lines))))
            else:
                kind = _text_kind(p.text, self.toc)
                if kind is BlockKind.heading and len(p.lines) <= self.settings["heading_max_lines"]:
                    self._heading_block(p)
                else:
                    self._emit(Block(kind=BlockKind.paragraph, text=p.text, bold=p.first.bold,
                                     colour=p.colours[0] if p.colours else None, colours=p.colours,
                                     provenance=Provenance(page=p.first.page, bbox=_union(p.lines))))

    def _heading_block(self, p: Para, level: int | None = None) -> None:
        block = Block(kind=BlockKind.heading, text=p.text, level=level, bold=p.first.bold,
                      colour=p.colours[0] if p.colours else None, colours=p.colours,
                      provenance=Provenance(page=p.first.page, bbox=_union(p.lines)))
        self.headings.append(Heading(len(self.blocks), p.first.size, p.first.bold, p.first.page, level))
        self._emit(block)

    def _toc_line(self, line: Line) -> None:
        title, _ = toc_entry(line)
        if not title:
            return
        block = Block(kind=BlockKind.toc, text=title, provenance=Provenance(page=line.page, bbox=line.bbox))
        self.toc_entries.append((block, line.x0))
        self._emit(block)

    def _table(self, table: PageTable) -> None:
        """A table region: its words and drawn evidence, for the table layer (tables.build) to give
        rows; a table of drawn cells also keeps the drawn grid's rows as evidence."""
        if not table.words:
            return
        drawn = Table(rows=table.rows) if table.method == "ruled" and table.rows else None
        self._emit(Block(kind=BlockKind.table, table=drawn, region=region_of(table),
                         provenance=Provenance(page=table.page, bbox=table.bbox, method=f"table:{table.method}")))

    def _emit(self, block: Block) -> None:
        self.blocks.append(block)

    # -- after the pass

    def _demote_recurring_labels(self) -> None:
        """Bold body-size headings whose text recurs (field labels) back to paragraphs."""
        def label_like(h: Heading) -> bool:
            text = self.blocks[h.index].text
            return (0 < h.size < self.body * self.settings["heading_size_ratio"] and not numbered_level(text)
                    and key(text) not in self.toc and key(text) not in self.outline)
        counts = Counter(key(self.blocks[h.index].text) for h in self.headings if label_like(h))
        recurring = {k for k, n in counts.items() if n >= self.settings["recurring_label_min"]}
        labels = {k for k in recurring if match_section(k)[0] is None}
        keep: list[Heading] = []
        for h in self.headings:
            if label_like(h) and key(self.blocks[h.index].text) in labels:
                self.blocks[h.index].kind = BlockKind.paragraph
                self.blocks[h.index].level = None
            else:
                keep.append(h)
        self.headings = keep

    def _retype_toc_named(self) -> None:
        """A paragraph that the table of contents or the outline names is a heading (as in the text reader)."""
        known = {h.index for h in self.headings}
        for i, b in enumerate(self.blocks):
            named = key(b.text) in self.toc or key(b.text) in self.outline
            if b.kind is BlockKind.paragraph and named and i not in known and len(b.text) <= 200:
                b.kind = BlockKind.heading
                self.headings.append(Heading(i, 0.0, bool(b.bold), b.provenance.page or 0))
        self.headings.sort(key=lambda h: h.index)

    def _assign_levels(self) -> None:
        learned: dict[tuple[float, bool], Counter] = {}
        for h in self.headings:
            b = self.blocks[h.index]
            k = key(b.text)
            h.level = h.level or self.outline.get(k) or numbered_level(b.text) or self.toc.get(k)
            if h.level and h.size and (k in self.outline or k in self.toc):
                learned.setdefault(_style(h), Counter())[h.level] += 1
        style_level = {s: c.most_common(1)[0][0] for s, c in learned.items()}
        styles = sorted({_style(h) for h in self.headings if h.size and h.page > 1}, reverse=True)
        for h in self.headings:
            if h.level is None:
                h.level = self._level_of(h, styles, style_level)
            self.blocks[h.index].level = min(h.level, self.settings["max_level"])

    def _level_of(self, h: Heading, styles: list, style_level: dict) -> int:
        s = _style(h)
        if s in style_level:
            return style_level[s]
        if not h.size or s not in styles:
            return 1
        if style_level:
            larger = [lvl for st, lvl in style_level.items() if st > s]
            return max(larger) + 1 if larger else 1
        return styles.index(s) + 1

def _style(h: Heading) -> tuple[float, bool]:
    return (round(h.size * 2) / 2, h.bold)


def build_blocks(contents, outline: list[tuple[int, str]], settings: dict = BLOCK_SETTINGS) -> list[Block]:
    return _Builder(contents, outline, settings).run()
