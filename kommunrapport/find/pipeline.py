"""extract(path) -> Extraction: read the document, then run each domain extractor over it."""
from __future__ import annotations

from pathlib import Path

from kommunrapport.find.context import Context
from kommunrapport.models import Document
from kommunrapport.models.report import Extraction, Source, SourceFormat
from kommunrapport.read.dispatch import read_document
from kommunrapport.read.errors import UnreadableDocument


def extract(path: str | Path, pages: list[int] | None = None) -> Extraction:
    return extract_document(read_document(path, pages=pages))


def extract_or_unreadable(path: str | Path, pages: list[int] | None = None) -> Extraction:
    """extract(), with any failure turned into UnreadableDocument: one line for the user, never a traceback.
    A bad vocabulary file is the user's vocabulary's fault, not the report's: VocabError passes."""
    from kommunrapport.normalize.vocab import VocabError

    try:
        return extract(path, pages=pages)
    except (UnreadableDocument, VocabError):
        raise
    except Exception as exc:  # noqa: BLE001 - a user's file must never end in a traceback
        raise UnreadableDocument(str(path), f"could not be read ({type(exc).__name__}: {exc})") from exc


def extract_document(doc: Document) -> Extraction:
    from kommunrapport.find import finance, goals, metadata, sections, sick_leave, table_summary
    from kommunrapport.tables.build import build_tables

    doc = build_tables(doc)
    ctx = Context(doc=doc, warnings=list(doc.warnings))
    ctx.sections, ctx.section_of = sections.find_sections(ctx)
    ctx.report = metadata.extract_report(ctx)
    goal_list, indicators = goals.extract_goals(ctx)
    lines = finance.extract_financial_lines(ctx)
    sick = sick_leave.extract_sick_leave(ctx)
    tables = table_summary.summarise_tables(ctx, lines, sick, indicators, goal_list)
    return Extraction(
        source=Source(path=doc.path, sha256=doc.sha256, format=SourceFormat(doc.format), pages=doc.pages),
        report=ctx.report,
        sections=ctx.sections,
        goals=goal_list,
        indicators=indicators,
        financial_lines=lines,
        sick_leave=sick,
        tables=tables,
        warnings=ctx.warnings,
    )
