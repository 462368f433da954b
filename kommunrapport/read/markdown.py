"""Markdown from PDF-to-Markdown converters -> Document.

Pipe tables (`| a | b |`, the `|---|` rule dropped), ATX headings (`## Title`: level = number of #)
and setext headings, list items, emphasis and links reduced to their text. Lines of one paragraph
are joined; the rest is shared with the other renditions (textblocks.assemble).
"""
from __future__ import annotations

import re

from kommunrapport.models import Document
from kommunrapport.read.textblocks import Line, assemble, clean_cell, clean_text, is_bold, list_marker

_ATX = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ORDERED = re.compile(r"^\d{1,3}[.)]\s+\S")
_TOC_LINE = re.compile(r"(\.\s?){3,}\s*\d{0,3}\s*$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")


def read_markdown(text: str, path: str) -> Document:
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return Document(path=path, format="text", rendition="markdown", blocks=assemble(markdown_lines(text)))


def markdown_lines(text: str) -> list[Line]:
    raw = text.split("\n")
    out: list[Line] = []
    in_table = False
    for n, line in enumerate(raw, start=1):
        stripped = line.strip()
        nxt = raw[n].strip() if n < len(raw) else ""
        if is_pipe_row(stripped):
            if _PIPE_RULE.match(stripped):
                if out and out[-1].cells is not None:
                    out[-1].header = True
                continue
            cells = [_inline(clean_cell(c)) for c in split_pipe_row(stripped)]
            out.append(Line(number=n, text="\t".join(cells), cells=cells, table_start=not in_table))
            in_table = True
            continue
        in_table = False
        if not stripped or _RULE.match(stripped) and not (out and out[-1].text and _SETEXT.match(stripped)):
            out.append(Line(number=n))
            continue
        if _SETEXT.match(stripped) and out and out[-1].text and out[-1].cells is None and out[-1].level is None:
            out[-1].level = 1 if stripped.startswith("=") else 2
            continue
        atx = _ATX.match(stripped)
        if atx:
            title = _inline(clean_text(atx.group("title")))
            out.append(Line(number=n, text=title, level=len(atx.group("hashes"))) if title else Line(number=n))
            continue
        _add_text_line(out, n, stripped, nxt)
    return out


def _add_text_line(out: list[Line], n: int, stripped: str, nxt: str) -> None:
    """A paragraph's lines are joined; a list item or a short standalone line stays on its own."""
    marker = list_marker(stripped, markdown=True)
    starts_item = marker is not None or bool(_ORDERED.match(stripped))
    text = _inline(clean_cell(stripped) if "<" in stripped else clean_text(stripped))
    if not text:
        return
    prev = out[-1] if out else None
    if prev is not None and not starts_item and prev.cells is None and prev.level is None and prev.text \
            and not prev.extra.get("item_start") and prev.number == n - 1 \
            and not _TOC_LINE.search(prev.text) and not _TOC_LINE.search(text):
        prev.text = prev.text + " " + text
        return
    extra = {"bold": True} if is_bold(stripped) else {}
    if starts_item:
        extra["item_start"] = True
        if marker:
            extra["list"] = True
            text = _inline(clean_text(stripped[len(marker):]))
    out.append(Line(number=n, text=text, extra=extra))


def is_pipe_row(stripped: str) -> bool:
    return stripped.startswith("|") and stripped.count("|") >= 2


def split_pipe_row(stripped: str) -> list[str]:
    body = stripped[1:] if stripped.startswith("|") else stripped
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [c.replace("\\|", "|").strip() for c in re.split(r"(?<!\\)\|", body)]


def _inline(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return _ESCAPE.sub(r"\1", text).strip()
