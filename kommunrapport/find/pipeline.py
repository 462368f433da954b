"""extract(path) -> Extraction: read the document, then run each domain extractor over it."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kommunrapport.find.context import Context
from kommunrapport.models import Document
from kommunrapport.models.report import Extraction, FinancialLine, Source, SourceFormat
from kommunrapport.normalize.numbers import plausible_amount
from kommunrapport.read.dispatch import read_document
from kommunrapport.read.errors import UnreadableDocument
from kommunrapport.read.limits import LIMIT_SETTINGS, bounded


def extract(path: str | Path, pages: list[int] | None = None) -> Extraction:
    return extract_document(read_document(path, pages=pages))


def extract_or_unreadable(path: str | Path, pages: list[int] | None = None, *,
                          timeout_s: float | None = LIMIT_SETTINGS["timeout_s"],
                          memory_mb: float | None = LIMIT_SETTINGS["memory_mb"],
                          hard_stop: Callable[[str], None] | None = None) -> Extraction:
    """extract() within the time and memory bounds (read/limits.py), with any failure turned into
    UnreadableDocument: one line for the user, never a traceback. A bad vocabulary file is the
    user's vocabulary's fault, not the report's: VocabError passes."""
    from kommunrapport.normalize.vocab import VocabError

    try:
        with bounded(path, timeout_s=timeout_s, memory_mb=memory_mb, hard_stop=hard_stop):
            return extract(path, pages=pages)
    except (UnreadableDocument, VocabError):
        raise
    except Exception as exc:  # noqa: BLE001 - a user's file must never end in a traceback
        said = " ".join(str(exc).split())      # one line, whatever the exception's text holds
        raise UnreadableDocument(path, f"could not be read ({type(exc).__name__}: {said})"[:300]) from exc


def extract_document(doc: Document) -> Extraction:
    from kommunrapport.find import finance, goals, metadata, prose_money, sections, sick_leave, table_summary
    from kommunrapport.tables.build import build_tables

    doc = build_tables(doc)
    ctx = Context(doc=doc, warnings=list(doc.warnings))
    ctx.sections, ctx.section_of = sections.find_sections(ctx)
    ctx.report = metadata.extract_report(ctx)
    goal_list, indicators = goals.extract_goals(ctx)
    lines = plausible_lines(ctx, finance.extract_financial_lines(ctx))
    sick = sick_leave.extract_sick_leave(ctx)
    tables = table_summary.summarise_tables(ctx, lines, sick, indicators, goal_list)
    prose_money.note_prose_money(ctx, {f.provenance.page for f in [*lines, *sick, *indicators]})
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


def plausible_lines(ctx: Context, lines: list[FinancialLine]) -> list[FinancialLine]:
    """Amounts no budget holds are left out with a warning (normalize.numbers.MAX_AMOUNT_SEK)."""
    kept = []
    for line in lines:
        if plausible_amount(line.amount_sek):
            kept.append(line)
        else:
            ctx.warn("implausible_amount", f"'{line.raw}' in row '{line.label}' reads as {line.amount_sek:.3g} kr, "
                     "more than any budget; left out", line.provenance)
    return kept
