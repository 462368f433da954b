"""Text renditions of a report -> Document.

The rendition is told from the content, never from the file name: tab-separated tables ("tabbed",
as the corpus has it), Markdown from PDF-to-Markdown converters ("markdown") and `pdftotext -layout`
output ("layout"). Each reader makes `Line`s; `textblocks.assemble` makes the blocks.
"""
from __future__ import annotations

import re

from kommunrapport.models import Document
from kommunrapport.read.errors import UnreadableDocument
from kommunrapport.read.textblocks import (
    Line,
    assemble,
    clean_cell,
    clean_text,
    is_bold,
    join_wrapped,
    list_marker,
    mark_numbered_lists,
)

# the share of control characters (or undecodable bytes) above which a file is not text
BINARY_SHARE = 0.02


def decode(data: bytes, path: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, cp1252 as a fallback; newlines made `\\n`."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableDocument(path, "not a text report (broken UTF-16)") from None
    elif b"\x00" in data[:20000]:
        raise UnreadableDocument(path, "not a text report (binary content)")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if binary_share(text) > BINARY_SHARE or text[:20000].count("\ufffd") > 0.3 * len(text[:20000]):
        raise UnreadableDocument(path, "not a text report (binary content)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def binary_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\x7f")
    return bad / len(sample)


_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
_MD_HEADING = re.compile(r"^#{1,6}\s+\S")
_MD_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_LAYOUT_GAP = re.compile(r"\S {2,}\S")
_MD_PAGE_MARKER = re.compile(r"^\s*<!--\s*(?:sida|sidan|page|p\.|s\.)\s*\d{1,5}\b.*?-->\s*$", re.I)
# blank lines before front matter as [^\S\n]*\n, never \s*\n: \s also eats newlines, and a text
# opening with a few dozen blank lines (a blank first page) then backtracks exponentially
_MD_FRONT = re.compile(r"^(?:[^\S\n]*<!--.*?-->[^\S\n]*\n|[^\S\n]*\n)*---\s*\n(?:[\w-]+\s*:.*\n)+(?:---|\.\.\.)\s*(?:\n|$)")


def detect_rendition(text: str) -> str:
    """'markdown', 'layout' or 'tabbed', from what the lines look like."""
    lines = text.split("\n")
    if _MD_FRONT.match(text[:20000]) or sum(1 for ln in lines if _MD_PAGE_MARKER.match(ln)) >= 2:
        return "markdown"           # a converter's front matter, or its page markers
    tabbed = sum(1 for ln in lines if "\t" in ln and ln.strip())
    md_rules = sum(1 for ln in lines if _MD_TABLE_RULE.match(ln))
    md_headings = sum(1 for ln in lines if _MD_HEADING.match(ln))
    md_fences = sum(1 for ln in lines if _MD_FENCE.match(ln)) // 2
    if (md_rules or md_headings >= 2 or md_fences and md_headings) and md_rules + md_headings + md_fences >= tabbed:
        return "markdown"
    if not tabbed and sum(1 for ln in lines if is_bold(ln)) >= 3:
        return "markdown"           # a converter that marks headings bold only
    gapped = sum(1 for ln in lines if _LAYOUT_GAP.search(ln.strip()))
    if tabbed < 3 and ("\f" in text or gapped >= 5):
        return "layout"
    return "tabbed"


def read_text_bytes(data: bytes, path: str) -> Document:
    text = decode(data, path)
    if not text.strip():
        raise UnreadableDocument(path, "the file is empty")
    return read_text(text, path)


def read_text(text: str, path: str) -> Document:
    rendition = detect_rendition(text)
    if rendition == "markdown":
        from kommunrapport.read.markdown import read_markdown

        return read_markdown(text, path)
    if rendition == "layout":
        from kommunrapport.read.layout import read_layout

        return read_layout(text, path)
    return read_tabbed(text, path)


# ---- the tabbed rendition ------------------------------------------------------------------------


def read_tabbed(text: str, path: str) -> Document:
    lines = join_broken_paragraphs([tabbed_line(raw, n) for n, raw in enumerate(text.split("\n"), start=1)])
    mark_numbered_lists(lines)
    return Document(path=path, format="text", rendition="tabbed", blocks=assemble(lines))


def tabbed_line(raw: str, number: int) -> Line:
    """A line with a tab is a table row (a continued row keeps its empty first cells)."""
    if "\t" in raw and raw.strip(" \t"):
        cells = [clean_cell(c) for c in raw.split("\t")]
        if any(cells):
            return Line(number=number, text="\t".join(cells), cells=cells)
        return Line(number=number)
    stripped = raw.strip()
    text = clean_cell(stripped) if "<" in stripped else clean_text(stripped)
    return Line(number=number, text=text, extra={"bold": True} if is_bold(stripped) else {})


def join_broken_paragraphs(lines: list[Line]) -> list[Line]:
    """A paragraph broken by a blank line (`... beaktat den` / `aktuella semesterlöneskulden.`):
    the first part ends without punctuation and the next goes on in lower case."""
    out: list[Line] = []
    for line in lines:
        prev = next((p for p in reversed(out[-3:]) if not p.blank), None)
        if prev is not None and line.cells is None and prev.cells is None and line.text[:1].islower() \
                and prev.text and not prev.text.endswith((".", "!", "?", ":", ";")) \
                and list_marker(line.text) is None and list_marker(prev.text) is None:
            prev.text = join_wrapped(prev.text, line.text)
            while out[-1] is not prev:
                out.pop()
            continue
        out.append(line)
    return out
