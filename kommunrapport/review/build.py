"""One report -> its review page: every fact on the page it came from.

    review_html(path)                       extract the report, then draw it
    review_extraction(extraction, path)     draw an extraction already made (or stored) over its file

The PDF pages are drawn with pypdfium2 and every fact boxed where it was read; a text rendition is
shown line by line with each fact in its line's gutter. The payload (the JSON the page script
reads) is built here; page.py turns it into the file.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kommunrapport import __version__
from kommunrapport.models.report import Extraction, Warning
from kommunrapport.review.facts import (
    KIND_LABELS,
    KINDS,
    ReviewFact,
    ReviewTable,
    attach_warnings,
    collect_facts,
    collect_tables,
    place,
)
from kommunrapport.review.numbers import NumberToken, tokens
from kommunrapport.review.page import render_page
from kommunrapport.review.pdf_pages import RENDER_SETTINGS, read_pages
from kommunrapport.review.place import (
    Silent,
    place_pdf_facts,
    place_text_facts,
    silent_in_text,
    silent_on_pdf,
)

BOX_NOTES = {
    "bbox": "the fact's own box",
    "number": "its number, found in the row the reader gave as its box",
    "tag": "a tag at the right end of its goal's row (the reader gave the row)",
    "row": "its row (its number was not found in the row)",
    "line": "its line",
    "line number": "its number in its line",
    "none": "nowhere: the reader recorded no box for it",
    "page not drawn": "nowhere: its page was not drawn (--pages)",
}


class ReviewError(Exception):
    """A review that cannot be made (the file is gone or changed); one line for the user."""


@dataclass
class ReviewResult:
    html: str
    facts: int
    placed: int              # facts drawn on a page (PDF: a box; text: a line)
    pages: int
    silent: int              # amount-shaped numbers with no fact
    silent_unexplained: int  # of those, with no warning or skipped table at them


def review_report(path: str | Path, extraction: str | Path | None = None, pages: str | None = None,
                  settings: dict | None = None) -> ReviewResult:
    """The review page of the report at `path`: extracted now, or read from a saved extraction JSON.

    `pages` ('1-5,12') draws only those pages; the facts of the others are still listed."""
    cfg = {**(settings or {})}
    if pages:
        cfg["pages"] = parse_pages(pages)
    if extraction is None:
        return review_html(path, cfg)
    return review_extraction(load_extraction(extraction, path), path, cfg)


def load_extraction(saved: str | Path, path: str | Path) -> Extraction:
    """A saved `extract --format json` of the file at `path` (ReviewError if it is not, or not of it)."""
    from pydantic import ValidationError

    try:
        ex = Extraction.model_validate_json(Path(saved).read_bytes())
    except OSError as exc:
        raise ReviewError(f"{saved}: cannot be read ({exc.strerror or exc})") from None
    except ValidationError as exc:
        raise ReviewError(f"{saved}: not an extraction of kommunrapport ({exc.error_count()} errors, "
                          f"first: {exc.errors()[0]['msg']})") from None
    try:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        raise ReviewError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if ex.source.sha256 and ex.source.sha256 != digest:
        raise ReviewError(f"{saved}: is the extraction of another file than {path} (sha256 differs)")
    return ex


def parse_pages(spec: str) -> list[int]:
    """'1-5,12' -> [1, 2, 3, 4, 5, 12]."""
    out: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        m = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", part)
        if not m or int(m.group(1)) < 1 or (m.group(2) and int(m.group(2)) < int(m.group(1))):
            raise ReviewError(f"--pages: '{part}' is not a page or a range of pages like 1-5,12")
        first = int(m.group(1))
        out.update(range(first, int(m.group(2) or first) + 1))
    return sorted(out)


def review_html(path: str | Path, settings: dict | None = None) -> ReviewResult:
    """Extract the report at `path` and draw its review page (UnreadableDocument if it cannot be read)."""
    from kommunrapport.find.pipeline import extract_or_unreadable

    return review_extraction(extract_or_unreadable(path), path, settings)


def review_extraction(ex: Extraction, path: str | Path, settings: dict | None = None) -> ReviewResult:
    """The review page of `ex`, drawn over the file at `path` it was extracted from."""
    cfg = {**RENDER_SETTINGS, **(settings or {})}
    path = str(path)
    facts = collect_facts(ex)
    tables = collect_tables(ex)
    attach_warnings(facts, ex.warnings)
    if ex.source.format.value == "pdf":
        payload, silent = _pdf_payload(path, facts, tables, ex.warnings, cfg)
    else:
        payload, silent = _text_payload(path, facts, ex.warnings)
    placed = sum(1 for f in facts if f.box is not None or f.line is not None)
    off_pages = sum(1 for f in facts if f.box_source == "page not drawn")
    payload.update(
        doc=_doc(ex, path),
        kinds=[{"id": k, "label": KIND_LABELS[k], "count": sum(f.kind == k for f in facts)} for k in KINDS],
        facts=[_fact_json(f) for f in facts],
        tables=[_table_json(t, facts) for t in tables],
        warnings=_warnings_json(ex.warnings, facts, tables),
        counts={
            "facts": len(facts), "boxed": sum(f.box is not None for f in facts),
            "unplaced": len(facts) - placed - off_pages, "off_pages": off_pages, "warned": sum(bool(f.warnings) for f in facts),
            "silent": len(silent), "silent_unexplained": sum(not s.explained for s in silent),
        },
    )
    title = f"Review · {Path(path).name}"
    return ReviewResult(render_page(payload, title), len(facts), placed, len(payload.get("pages", [])),
                        len(silent), sum(not s.explained for s in silent))


# ---- PDF ---------------------------------------------------------------------------------------------


def _pdf_payload(path: str, facts: list[ReviewFact], tables: list[ReviewTable], warnings: list[Warning],
                 cfg: dict) -> tuple[dict, list[Silent]]:
    wanted = cfg.get("pages")
    views = {v.number: v for v in read_pages(path, cfg, set(wanted) if wanted else None)}
    place_pdf_facts(facts, views)
    silent = silent_on_pdf(views, facts, warnings, tables)
    on_page: dict[int, list[Silent]] = {}
    for s in silent:
        on_page.setdefault(s.page or 0, []).append(s)
    pages = []
    for n, view in sorted(views.items()):
        here = on_page.get(n, [])
        pages.append({
            "n": n, "frame": [round(v, 2) for v in view.frame], "img": view.image, "error": view.error,
            "facts": sum(1 for f in facts if f.page == n),
            "silent": [{"box": s.box, "text": s.text, "explained": s.explained} for s in here],
            "silent_unexplained": sum(not s.explained for s in here),
        })
    if wanted:   # facts on pages not drawn are listed, not boxed
        for f in facts:
            if f.page is not None and f.page not in views:
                f.box, f.box_source = None, "page not drawn"
    return {"pages": pages, "lines": []}, silent


# ---- text renditions -----------------------------------------------------------------------------------


def _text_payload(path: str, facts: list[ReviewFact], warnings: list[Warning]) -> tuple[dict, list[Silent]]:
    from kommunrapport.read.text import decode

    try:
        text = decode(Path(path).read_bytes(), path)
    except OSError as exc:
        raise ReviewError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    raw_lines = text.split("\n")
    marked = _markdown_pages(text)
    numbers: dict[int, list[NumberToken]] = {}
    line_pages: dict[int, int | None] = {}
    page = 1 if "\f" in text else None
    lines = []
    for n, raw in enumerate(raw_lines, start=1):
        if page is not None and "\f" in raw:
            page += raw.count("\f")
        shown = raw.replace("\f", "")
        line_pages[n] = marked.get(n, page)
        found = [t for t in tokens(shown) if not _in_comment(shown, t)]
        if found:
            numbers[n] = found
        lines.append((n, line_pages[n], shown))
    spans = place_text_facts(facts, numbers)
    silent = silent_in_text(numbers, line_pages, facts, warnings)
    silent_at: dict[int, list[Silent]] = {}
    for s in silent:
        silent_at.setdefault(s.line or 0, []).append(s)
    span_at: dict[int, list] = {}
    for f in facts:
        if f.id in spans and f.line is not None:
            span_at.setdefault(f.line, []).append([*spans[f.id], f.id])
    warned = {w.provenance.line for w in warnings if w.provenance and w.provenance.line}
    payload_lines = [{
        "n": n, "page": pg, "text": shown, "warned": n in warned,
        "spans": span_at.get(n, []),
        "silent": [[*s.span, s.explained] for s in silent_at.get(n, []) if s.span],
    } for n, pg, shown in lines]
    pages = _text_pages(lines, facts, silent)
    return {"pages": pages, "lines": payload_lines}, silent


_COMMENT = re.compile(r"<!--.*?-->")


def _in_comment(line: str, tok: NumberToken) -> bool:
    """A number inside an HTML comment (a converter's page marker `<!-- sida 105 -->`) is not printed text."""
    return any(m.start() <= tok.start < m.end() for m in _COMMENT.finditer(line))


def _markdown_pages(text: str) -> dict[int, int | None]:
    """The page of each line of a converter's Markdown, from its page markers (the reader's own rule)."""
    from kommunrapport.read.text import detect_rendition

    if detect_rendition(text) != "markdown":
        return {}
    from kommunrapport.read.markdown import source_lines

    return {src.number: src.page for src in source_lines(text)}


def _text_pages(lines, facts: list[ReviewFact], silent: list[Silent]) -> list[dict]:
    """The page list of a text rendition: its pages (form feeds, page markers), or the whole file as one.
    Lines before the first page marker are a page of their own, `n` null."""
    paged = {pg for _, pg, _ in lines}
    if paged == {None}:
        return [_text_page(1, facts, silent)]
    order = sorted(paged - {None}) + ([None] if None in paged else [])
    return [_text_page(pg, [f for f in facts if f.page == pg], [s for s in silent if s.page == pg]) for pg in order]


def _text_page(n: int | None, facts: list[ReviewFact], silent: list[Silent]) -> dict:
    return {"n": n, "frame": None, "img": "", "error": None,
            "facts": sum(1 for f in facts if f.line is not None),
            "silent": [{"box": None, "text": s.text, "explained": s.explained} for s in silent],
            "silent_unexplained": sum(not s.explained for s in silent)}


# ---- JSON of the payload --------------------------------------------------------------------------------


def _doc(ex: Extraction, path: str) -> dict:
    r = ex.report
    bits = [
        r.municipality.name if r.municipality else None,
        r.committee.name if r.committee else None,
        r.document_type.value,
        str(r.fiscal_year) if r.fiscal_year else None,
        f"{r.period_start} – {r.period_end}" if r.period_start and r.period_end else None,
        f"{ex.source.pages} pages" if ex.source.pages else None,
        f"sha256 {ex.source.sha256[:12]}",
        f"kommunrapport {__version__}",
        f"made {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
    ]
    return {"name": Path(path).name, "path": path, "format": ex.source.format.value,
            "sha256": ex.source.sha256, "summary": " · ".join(b for b in bits if b)}


def _fact_json(f: ReviewFact) -> dict:
    return {
        "id": f.id, "kind": f.kind, "status": f.status, "title": f.title,
        "page": f.page, "line": f.line, "box": list(f.box) if f.box else None,
        "placed": f.box is not None or f.line is not None, "offPage": f.box_source == "page not drawn",
        "boxNote": BOX_NOTES.get(f.box_source, f.box_source),
        "fields": [list(x) for x in f.fields], "warnings": [[w.code, w.message] for w in f.warnings],
        "table": f.table_id, "amount": f.amount,
    }


def _table_json(t: ReviewTable, facts: list[ReviewFact]) -> dict:
    p = t.summary.provenance
    page, box, box_note = p.page, list(p.bbox) if p.bbox else None, "the table's own box"
    if box is None:     # a summary without a box: drawn round its facts, where it has facts on one page
        mine = [f.provenance for f in facts if f.table_id == t.id and f.provenance.bbox and f.provenance.page]
        page = page or (mine[0].page if mine else None)
        boxes = [m.bbox for m in mine if m.page == page]
        if boxes:
            box = [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                   max(b[3] for b in boxes)]
            box_note = "round its facts (the table's summary gives no box)"
    return {"id": t.id, "status": t.status, "title": t.title, "kind": t.summary.kind.value if t.summary.kind else None,
            "skipped": t.summary.skipped, "page": page, "line": p.line, "box": box, "boxNote": box_note,
            "fields": [list(x) for x in t.fields], "columns": [list(c) for c in t.columns]}


def _warnings_json(warnings: list[Warning], facts: list[ReviewFact], tables: list[ReviewTable]) -> list[dict]:
    """Every warning, with the facts it names; one that names no fact but stands at a table's place
    (a table that gave no facts says why) belongs to that table and is shown with its summary."""
    named: dict[int, list[str]] = {}
    for f in facts:
        for w in f.warnings:
            named.setdefault(id(w), []).append(f.id)
    at_table = {_table_place(t.summary.provenance): t.id for t in tables}
    out = []
    for w in warnings:
        p = w.provenance
        facts_named = named.get(id(w), [])
        table = at_table.get(_table_place(p)) if p and not facts_named else None
        out.append({"code": w.code, "message": w.message, "page": p.page if p else None,
                    "line": p.line if p else None, "box": list(p.bbox) if p and p.bbox else None,
                    "facts": facts_named, "table": table, "place": place(p) if p else "the whole document"})
    return out


def _table_place(p) -> tuple | None:
    if p is None or (p.bbox is None and p.line is None):
        return None
    return (p.page, p.line, tuple(p.bbox) if p.bbox else None)
