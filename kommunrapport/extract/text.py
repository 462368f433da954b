"""Text renditions of a report -> Document.

The rendition is told from the content: tab-separated tables ("tabbed", as the corpus has it),
Markdown from PDF-to-Markdown converters, and `pdftotext -layout` output.
"""
from __future__ import annotations

import html
import re

from kommunrapport.extract.errors import UnreadableDocument
from kommunrapport.models import Block, BlockKind, Cell, Document, Provenance, Row, Table

TOC_TITLES = re.compile(r"^\s*(innehåll|innehållsförteckning|innehall)\s*$", re.I)
TOC_ENTRY = re.compile(r"^(?P<title>.+?)(?:\s*\.{2,}\s*|\t+\s*|\s{2,})(?P<page>\d{1,3})?\s*$")
NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(?P<title>\S.*)$")
SEPARATOR_ROW = re.compile(r"^[\s\-–—:|]*$")


def decode(data: bytes, path: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, cp1252 as a fallback."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if "\x00" in text or _binary_share(text) > 0.05:
        raise UnreadableDocument(path, "not a text report (binary content)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _binary_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    return bad / len(sample)


def read_text_bytes(data: bytes, path: str) -> Document:
    text = decode(data, path)
    if not text.strip():
        raise UnreadableDocument(path, "the file is empty")
    return read_tabbed(text, path)


# ---- cell text -------------------------------------------------------------------------

_BREAK_TAGS = re.compile(r"</p>\s*<p[^>]*>|<br\s*/?>|</li>\s*<li[^>]*>|</?(?:p|ul|ol|li|div)[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]+>")


def clean_cell(raw: str) -> str:
    """HTML fragments -> plain text; paragraph and list breaks kept as newlines."""
    if "<" in raw:
        raw = _BREAK_TAGS.sub("\n", raw)
        raw = _ANY_TAG.sub("", raw)
    raw = html.unescape(raw)
    lines = [" ".join(part.split()) for part in raw.split("\n")]
    return "\n".join(line for line in lines if line)


# ---- the tabbed rendition -------------------------------------------------------------


def read_tabbed(text: str, path: str) -> Document:
    lines = text.split("\n")
    blocks: list[Block] = []
    toc_titles: dict[str, int | None] = {}
    i = 0
    in_toc = False
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        if TOC_TITLES.match(stripped):
            blocks.append(Block(kind=BlockKind.heading, text=stripped, level=1, provenance=Provenance(line=i + 1)))
            in_toc = True
            i += 1
            continue
        if in_toc:
            entry = _toc_entry(line)
            if entry:
                title, level = entry
                toc_titles[_key(title)] = level
                blocks.append(Block(kind=BlockKind.toc, text=title, level=level, provenance=Provenance(line=i + 1)))
                i += 1
                continue
            in_toc = False
        if "\t" in line:
            start = i
            rows: list[Row] = []
            while i < len(lines) and "\t" in lines[i]:
                cells = [clean_cell(c) for c in lines[i].split("\t")]
                while cells and not cells[-1]:
                    cells.pop()
                if cells and not SEPARATOR_ROW.match(lines[i].replace("\t", "")):
                    rows.append(Row(cells=[Cell(text=c) for c in cells], provenance=Provenance(line=i + 1)))
                i += 1
            if rows:
                _mark_header_rows(rows)
                table = Table(rows=rows, caption=_caption(blocks))
                blocks.append(Block(kind=BlockKind.table, text="\n".join("\t".join(r.texts) for r in rows),
                                    table=table, provenance=Provenance(line=start + 1)))
            continue
        blocks.append(_text_block(stripped, i + 1, toc_titles))
        i += 1
    return Document(path=path, format="text", rendition="tabbed", blocks=blocks)


def _key(title: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", title.lower()).split())


def _toc_entry(line: str) -> tuple[str, int | None] | None:
    m = TOC_ENTRY.match(line.strip("\n"))
    if not m or not ("\t" in line or ".." in line):
        return None
    title = m.group("title").strip().rstrip(".").strip()
    num = NUMBERED.match(title)
    level = num.group("num").count(".") + 1 if num else None
    return title, level


def _text_block(text: str, line_no: int, toc_titles: dict[str, int | None]) -> Block:
    prov = Provenance(line=line_no)
    key = _key(text)
    if key in toc_titles:
        level = toc_titles[key]
        return Block(kind=BlockKind.heading, text=text, level=level or _numbered_level(text), provenance=prov)
    level = _numbered_level(text)
    if level and len(text) <= 120 and not text.endswith((".", ":", ";", ",")):
        return Block(kind=BlockKind.heading, text=text, level=level, provenance=prov)
    if _is_upper_heading(text):
        return Block(kind=BlockKind.heading, text=text, level=1, provenance=prov)
    if re.match(r"^([-•*–]|\d+\.)\s+\S", text) and not level:
        return Block(kind=BlockKind.list_item, text=re.sub(r"^[-•*–]\s+", "", text), provenance=prov)
    return Block(kind=BlockKind.paragraph, text=text, provenance=prov)


def _numbered_level(text: str) -> int | None:
    m = NUMBERED.match(text)
    if not m or re.match(r"^\d{4}\b", text):
        return None
    return m.group("num").count(".") + 1


def _is_upper_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return 3 <= len(letters) and len(text) <= 80 and all(c.isupper() for c in letters)


def _mark_header_rows(rows: list[Row]) -> None:
    """Leading rows with no number-shaped cell after the first are header rows."""
    for row in rows[:3]:
        values = row.texts[1:]
        if any(_numberish(v) for v in values):
            break
        if not any(values):
            break
        row.is_header = True
        if len(rows) > 1 and row is rows[0] and not _continues_header(rows[1]):
            break


def _continues_header(row: Row) -> bool:
    """A second header row: its first cell empty and the rest words or years (`\tPrognos\tBudget`)."""
    return not row.texts[0] and any(row.texts[1:]) and not any(
        _numberish(v) and not re.fullmatch(r"(19|20)\d\d", v) for v in row.texts[1:])


_NUMBERISH = re.compile(r"^[●•\s]*[-−–+]?\s?\d[\d\s.,]*%?$")


def _numberish(text: str) -> bool:
    return bool(_NUMBERISH.match(text.strip())) and not re.fullmatch(r"(19|20)\d\d", text.strip())


def _caption(blocks: list[Block]) -> str | None:
    """The short line just above a table (`Driftredovisning (tkr)`), if the last block is one."""
    if blocks and blocks[-1].kind in (BlockKind.paragraph, BlockKind.heading) and len(blocks[-1].text) <= 120:
        return blocks[-1].text
    return None
