"""Markdown from PDF-to-Markdown converters -> Document.

Read as converters (pdfplumber- or Docling-based) write it, in small steps:

- `split_front_matter`: a YAML block at the top (`---` ... `---`) is the metadata of the file
  (`Document.front_matter`), not the title page: its `datum:` dates the meeting, not the report;
- `source_lines`: HTML comments dropped; a comment that marks a page (`<!-- sida 34 -->`,
  `<!-- page 12 -->`) gives every later line its page; fenced blocks (any info string) kept verbatim;
- `drop_running_lines`: the running header and footer that recur at the pages' edges, and page
  numbers, dropped (only where page markers show the pages);
- tables: space-aligned ones (fenced, or label and figure lines under a header; md_space) and pipe
  tables as converters leave them (md_pipes), a row that spills past the table as a plain line
  joined back to it;
- text: a paragraph's lines joined however many there are, a line ending its paragraph by being
  short (as the converter broke the page's lines, not the text's); a numbered heading starts a
  block even with no blank line before it, and a heading wrapped onto the next line is one heading;
  list items from bullets, escaped markers (`\\- `, `1\\. `) and symbol-font glyphs.

The blocks are then made as for every text rendition (textblocks.assemble).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kommunrapport.models import Document, Provenance, Warning
from kommunrapport.read import md_space
from kommunrapport.read.furniture import is_page_number
from kommunrapport.read.md_pipes import PipeRow, Repair, repair
from kommunrapport.read.md_words import trailing_figures, vocabulary
from kommunrapport.read.textblocks import (
    Line,
    assemble,
    clean_cell,
    clean_text,
    is_bold,
    join_wrapped,
    key,
    list_marker,
    numbered_level,
    vocab,
)

# Settings of the Markdown reader (defaults documented here; `read_markdown(settings=...)` overrides).
SETTINGS = {
    "edge_lines": 3,            # lines at a page's top and bottom that may be running header or footer
    "running_share": 0.5,       # ... dropped when they recur on at least this share of the pages
    "paragraph_end": 0.75,      # a line shorter than this share of the text width ends its paragraph
    "spill_label_chars": 60,    # a row written after its table: a label of at most this many characters
}

_ATX = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_LINK_LINE = re.compile(r"!?\[[^\]]*\]\([^)]*\)")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_FENCE = re.compile(r"^\s{0,3}(?P<mark>`{3,}|~{3,})\s*(?P<info>[^`]*?)\s*$")
_ORDERED = re.compile(r"^\d{1,3}[.)]\s+\S")
_ESCAPED_ITEM = re.compile(r"^(?:\\[-*+]|\d{1,3}\\[.)])\s+(?=\S)")
_TOC_LINE = re.compile(r"(\.\s?){3,}\s*\d{0,3}\s*$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
_SENTENCE_END = (".", "!", "?", ":", ";")


@dataclass
class Src:
    """One line of the file as written, with the page it is on."""

    number: int
    text: str
    page: int | None = None
    fence: str | None = None            # the info string of the fenced block holding the line
    dropped: bool = False               # running header/footer or page number

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class Parsed:
    lines: list[Line]
    pages: int | None
    front_matter: dict
    warnings: list[Warning] = field(default_factory=list)
    running_lines: list[str] = field(default_factory=list)   # one of each running header/footer dropped


def read_markdown(text: str, path: str, settings: dict | None = None) -> Document:
    parsed = parse(text, {**SETTINGS, **(settings or {})})
    return Document(path=path, format="text", rendition="markdown", pages=parsed.pages,
                    blocks=assemble(parsed.lines), front_matter=parsed.front_matter, warnings=parsed.warnings,
                    running_lines=parsed.running_lines)


def parse(text: str, settings: dict | None = None) -> Parsed:
    cfg = {**SETTINGS, **(settings or {})}
    front, body = split_front_matter(text)
    src = source_lines(body)
    pages = sorted({s.page for s in src if s.page is not None})
    if len(pages) >= 2:
        drop_running_lines(src, cfg)
    running = list(dict.fromkeys(" ".join(s.text.split()) for s in src if s.dropped and not is_page_number(s.text)))
    src = [s for s in src if not s.dropped]
    repairs: list[Repair] = []
    lines = markdown_lines(src, cfg, repairs)
    warnings = [Warning(code=r.code, message=r.message, provenance=Provenance(line=r.number, page=r.page,
                                                                             method="read:markdown"))
                for r in repairs]
    return Parsed(lines=lines, pages=len(pages) or None, front_matter=front, warnings=warnings,
                  running_lines=running)


# ---- front matter, comments, page markers, fences ---------------------------------------------------------


def split_front_matter(text: str) -> tuple[dict, str]:
    """The YAML block opening the file (after any HTML comments) as a dict of strings, and the text with
    its lines blanked, so that line numbers stay those of the file."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) and (not lines[i].strip() or _COMMENT.fullmatch(lines[i].strip())):
        i += 1
    if i >= len(lines) or lines[i].strip() != "---":
        return {}, text
    end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() in ("---", "...")), None)
    if end is None:
        return {}, text
    meta = _yaml(lines[i + 1:end])
    if meta is None:
        return {}, text
    return meta, "\n".join(lines[:i] + [""] * (end + 1 - i) + lines[end + 1:])


def _yaml(lines: list[str]) -> dict | None:
    import yaml

    try:
        data = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    return {str(k): _plain(v) for k, v in data.items()}


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)          # dates and times as written (ISO)


def page_marker(comment: str) -> int | None:
    """The page an HTML comment marks (`sida 34`, `page 12`, `Sida 3 av 40`), else None."""
    words = "|".join(re.escape(w) for w in vocab()["page_marker_words"])
    m = re.fullmatch(rf"\s*(?:{words})\s*[:#]?\s*(\d{{1,5}})(?:\s*(?:av|of|/)\s*\d{{1,5}})?\s*", comment, re.I)
    return int(m.group(1)) if m else None


def source_lines(text: str) -> list[Src]:
    """The file's lines with comments out, each with its page; fenced blocks marked and kept as written."""
    marks: dict[int, int] = {}

    def blank(m: re.Match) -> str:
        page = page_marker(m.group(1))
        if page is not None:
            marks[text.count("\n", 0, m.start()) + 1] = page
        return "\n" * m.group(0).count("\n")

    body = _COMMENT.sub(blank, text)
    out: list[Src] = []
    page: int | None = None
    fence: tuple[str, str] | None = None          # (mark, info) of the open fence
    for number, raw in enumerate(body.split("\n"), start=1):
        page = marks.get(number, page)
        m = _FENCE.match(raw)
        if fence is None and m:
            fence = (m.group("mark"), m.group("info"))
            out.append(Src(number, "", page))
            continue
        if fence is not None:
            if m and m.group("mark").startswith(fence[0][0]) and len(m.group("mark")) >= len(fence[0]) \
                    and not m.group("info"):
                fence = None
                out.append(Src(number, "", page))
            else:
                out.append(Src(number, raw.expandtabs(8).rstrip(), page, fence=fence[1]))
            continue
        out.append(Src(number, raw.rstrip(), page))
    return out


# ---- running headers and footers ----------------------------------------------------------------------------


def _shape(text: str) -> str:
    return " ".join(re.sub(r"\d+", "#", text).split()).lower()


def drop_running_lines(src: list[Src], cfg: dict) -> None:
    """Text lines at a page's top or bottom that recur on many pages, and page numbers there."""
    by_page: dict[int, list[Src]] = {}
    for s in src:
        if s.page is not None and not s.blank and s.fence is None and not is_pipe_row(s.text.strip()) \
                and not _ATX.match(s.text.strip()):
            by_page.setdefault(s.page, []).append(s)
    n = cfg["edge_lines"]
    edges = {p: (ls[:n] + ls[-n:] if len(ls) > n else ls) for p, ls in by_page.items()}
    counts = Counter(sh for ls in edges.values() for sh in {_shape(s.text) for s in ls})
    needed = max(2, int(len(by_page) * cfg["running_share"] + 0.5))
    for page, ls in edges.items():
        if len(by_page[page]) <= n and not any(is_page_number(s.text) for s in ls):
            continue            # a cover: its title is the title, even where the running header repeats it
        for s in ls:
            if counts[_shape(s.text)] >= needed or is_page_number(s.text):
                s.dropped = True


# ---- lines ----------------------------------------------------------------------------------------------


def is_pipe_row(stripped: str) -> bool:
    return stripped.startswith("|") and stripped.count("|") >= 2


def split_pipe_row(stripped: str) -> list[str]:
    body = stripped[1:] if stripped.startswith("|") else stripped
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [c.replace("\\|", "|").strip() for c in re.split(r"(?<!\\)\|", body)]


def text_width(src: list[Src]) -> int:
    """The usual length of a full line of running text (the 90th percentile of the text lines)."""
    lengths = sorted(len(s.text.strip()) for s in src if not s.blank and s.fence is None
                     and not is_pipe_row(s.text.strip()) and not _TOC_LINE.search(s.text))
    return max(40, lengths[int(len(lengths) * 0.9)]) if lengths else 80


def toc_keys(src: list[Src]) -> set[str]:
    """The titles the table of contents names (dot-leader lines): evidence for a wrapped heading."""
    out = set()
    for s in src:
        t = clean_text(s.text)
        if _TOC_LINE.search(t):
            out.add(key(re.sub(r"(\.\s?){2,}\s*\d{0,3}\s*$", "", t)))
    return out


def markdown_lines(src: list[Src], cfg: dict | None = None, repairs: list[Repair] | None = None) -> list[Line]:
    cfg = {**SETTINGS, **(cfg or {})}
    repairs = repairs if repairs is not None else []
    words = vocabulary([s.text for s in src if s.fence is None and not is_pipe_row(s.text.strip())])
    regions = md_space.find_regions(src)
    reader = _TextReader(text_width(src), toc_keys(src), cfg)
    out = reader.out
    i = 0
    while i < len(src):
        s = src[i]
        if i in regions:
            end = regions[i]
            reader.close()
            out.extend(md_space.table_lines(src[i:end], repairs))
            i = end
            continue
        stripped = s.text.strip()
        if s.fence is not None:          # a fenced block that is no table: its lines as text
            reader.add(s, stripped)
            i += 1
            continue
        if is_pipe_row(stripped):
            j = i
            while j < len(src) and is_pipe_row(src[j].text.strip()):
                j += 1
            reader.close()
            table = pipe_table(src[i:j], words, repairs)
            i = attach_spilled_rows(table, src, j, cfg)
            out.extend(table)
            continue
        reader.add(s, stripped)
        i += 1
    reader.close()
    return out


def pipe_table(block: list[Src], words: Counter, repairs: list[Repair]) -> list[Line]:
    rows: list[PipeRow] = []
    for s in block:
        stripped = s.text.strip()
        if _PIPE_RULE.match(stripped):
            for r in rows:
                r.header = True
            continue
        rows.append(PipeRow(s.number, s.page, split_pipe_row(stripped)))
    out: list[Line] = []
    for r in repair(rows, words, repairs):
        cells = [_inline(clean_cell(c)) for c in r.cells]
        out.append(Line(number=r.number, page=r.page, text="\t".join(cells), cells=cells, header=r.header))
    if out:
        out[0].table_start = True
    return out


def attach_spilled_rows(table: list[Line], src: list[Src], j: int, cfg: dict) -> int:
    """A row of the table written after it as a plain line (`Summa nettoinvesteringar -4,9 -18,9 -5,5
    13,4`), on the next page or just below: a label and as many figures as the table has figure columns.
    Returns the index after the last line taken."""
    width = max((len(ln.cells or []) for ln in table), default=0)
    has_figures = any(trailing_figures(c) for ln in table if not ln.header for c in (ln.cells or [])[1:] if c)
    if width < 3 or not has_figures:
        return j
    k = j
    while k < len(src):
        if src[k].blank:
            k += 1
            continue
        s = src[k]
        text = _inline(clean_text(s.text))
        found = trailing_figures(text, width - 1) if s.fence is None and not is_pipe_row(s.text.strip()) else None
        if not found or not found[0] or len(found[0]) > cfg["spill_label_chars"] or found[0][-1] in ".:;":
            break
        cells = [found[0], *(f.text for f in found[1])]
        table.append(Line(number=s.number, page=s.page, text="\t".join(cells), cells=cells, header=False))
        j = k = k + 1
    return j


# ---- text --------------------------------------------------------------------------------------------


class _TextReader:
    """Text lines -> Lines: paragraphs joined, headings and list items on their own."""

    def __init__(self, width: int, toc: set[str], cfg: dict) -> None:
        self.width = width
        self.toc = toc
        self.cfg = cfg
        self.out: list[Line] = []
        self.open: Line | None = None        # the block the next line may continue
        self.last_raw = ""                   # the last line added to it, as cleaned

    def close(self) -> None:
        if self.open is not None:
            self.out.append(Line(number=self.open.number, page=self.open.page))
        self.open = None

    def add(self, s: Src, stripped: str) -> None:
        if not stripped or (_RULE.match(stripped) and not (self.open and _SETEXT.match(stripped))):
            self._blank(s)
            return
        if _SETEXT.match(stripped) and self.open is not None and self.open.level is None \
                and self.last_raw == self.open.text and not self.open.extra.get("item_start"):
            self.open.level = 1 if stripped.startswith("=") else 2
            self.open = None
            return
        atx = _ATX.match(stripped)
        if atx:
            title = _inline(clean_text(atx.group("title")))
            self.open = None
            self.out.append(Line(number=s.number, page=s.page, text=title, level=len(atx.group("hashes")))
                            if title else Line(number=s.number, page=s.page))
            return
        marker, body = item_marker(stripped)
        text = _inline(clean_cell(body) if "<" in body else clean_text(body))
        if not text:
            return
        link = bool(_LINK_LINE.fullmatch(stripped))
        if marker is None and not link and self._continues(text, s):
            self.open.text = join_wrapped(self.open.text, text)
            self.last_raw = text
            return
        extra = {"bold": True} if is_bold(stripped) else {}
        if link:
            extra["link"] = True             # `[Tabell 5-1](tabeller/5-1.csv)`: a line of its own
        if marker is not None:
            extra["item_start"] = True
            if marker != "ordered":
                extra["list"] = True
        line = Line(number=s.number, page=s.page, text=text, extra=extra)
        self.out.append(line)
        self.open, self.last_raw = line, text

    def _blank(self, s: Src) -> None:
        if self.out and not self.out[-1].blank:
            self.out.append(Line(number=s.number, page=s.page))
        self.open = None

    def _continues(self, text: str, s: Src) -> bool:
        prev = self.open
        if prev is None:
            prev = self._resumable(text, s)
            if prev is None:
                return False
            while self.out[-1] is not prev:         # the blanks between the pieces go
                self.out.pop()
            self.open = prev
            return True
        if prev.cells is not None or prev.level is not None:
            return False
        if self._heading_continues(prev, text):
            return True
        if starts_block(text) or _TOC_LINE.search(prev.text) or _TOC_LINE.search(text) or prev.extra.get("link"):
            return False
        if numbered_level(prev.text) and len(prev.text) <= 200:
            return False                             # a heading that is not wrapped ends at its line end
        if prev.text == self.last_raw and is_field_value(prev.text, text):
            return True
        return not self._ended(self.last_raw, text)

    def _resumable(self, text: str, s: Src) -> Line | None:
        """The block a line continues across blank lines: a heading wrapped onto the next line the
        table of contents names whole, or a sentence that goes on in lower case (a page break, a
        converter's stray blank line)."""
        back = next((k for k in range(1, min(4, len(self.out) + 1)) if not self.out[-k].blank), None)
        if back is None:
            return None
        prev = self.out[-back]
        if prev.cells is not None or prev.level is not None or starts_block(text):
            return None
        if numbered_level(prev.text):
            return prev if self._heading_continues(prev, text) else None
        label = _connects(prev.text) and len(prev.text) < self.cfg["paragraph_end"] * self.width
        if (text[:1].islower() or label) and not prev.text.endswith(_SENTENCE_END) \
                and not _TOC_LINE.search(prev.text) and not prev.extra.get("item_start") \
                and not prev.extra.get("link"):
            return prev
        return None

    def _heading_continues(self, prev: Line, text: str) -> bool:
        """`3.1.1 Antalet personal ... ska årligen` + `minska och ...`: a numbered heading cut at the line's
        end goes on in lower case, or ends in a word that cannot end it; the TOC naming it whole decides."""
        if not numbered_level(prev.text) or numbered_level(text) or starts_block(text):
            return False
        if key(f"{prev.text} {text}") in self.toc:
            return True
        if key(prev.text) in self.toc:
            return False                                      # the contents name it as it stands
        return text[:1].islower() or _connects(prev.text)        # a body paragraph opens with a capital

    def _ended(self, prev: str, nxt: str) -> bool:
        """Whether `prev` ends its paragraph: a line well short of the text width (unless it breaks at a
        word that goes on), a short label line after it, or a sentence end where the next line's first
        word would have fitted on it."""
        if nxt[:1].islower() and not prev.endswith(_SENTENCE_END):
            return False
        if _connects(prev):
            return False
        short = self.cfg["paragraph_end"] * self.width
        if len(prev) < short:
            return True
        if len(nxt) < short and not nxt.endswith((*_SENTENCE_END, ",")) and (nxt[:1].isupper() or nxt[:1].isdigit()) \
                and len(nxt.split()) <= 8:
            return True
        if prev.endswith(_SENTENCE_END) and (nxt[:1].isupper() or nxt[:1].isdigit()):
            return len(prev) + 1 + len(nxt.split()[0]) < self.width
        return False


_FIELD_VALUE = re.compile(r"^\S*\d")


def is_field_value(label: str, value: str) -> bool:
    """`Diarienummer` / `VO-2024-00167`, `Datum` / `2025-01-30`: a field's label on one line and its value,
    a few words with figures, on the next, as a form's two cells are written line by line."""
    lw, vw = label.split(), value.split()
    return 0 < len(lw) <= 3 and not any(ch.isdigit() for ch in label) and not label.endswith((".", ",", ";")) \
        and 0 < len(vw) <= 3 and any(_FIELD_VALUE.match(w) for w in vw) and not value.endswith(".") \
        and all(_FIELD_VALUE.match(w) or w.isupper() for w in vw)         # a date, a number, a code


def _connects(text: str) -> bool:
    """A line that breaks at a word the text goes on from (`för`, `och`, `&`, a comma, a hyphen)."""
    last = text.split()[-1].lower() if text.split() else ""
    return text.endswith((",", "-", "–", "/", "&")) or last in vocab()["line_end_connectors"]


def starts_block(text: str) -> bool:
    """A line that opens a block of its own: a list item or a numbered heading."""
    level = numbered_level(text)
    return list_marker(text, markdown=True) is not None or (level is not None and level >= 2)


def item_marker(stripped: str) -> tuple[str | None, str]:
    """(marker, text after it) of a list item: a bullet, an escaped marker (`\\- `, `1\\. `: converters
    escape the markers of the PDF's own lists), a symbol-font glyph; `ordered` for `1. text`."""
    m = _ESCAPED_ITEM.match(stripped)
    if m:
        return m.group(0).strip(), stripped[m.end():]
    marker = list_marker(stripped, markdown=True)
    if marker is not None:
        return marker, stripped[len(marker):].strip()
    if _ORDERED.match(stripped):
        return "ordered", stripped
    return None, stripped


def _inline(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return _ESCAPE.sub(r"\1", text).strip()
