"""Every table the reader found -> one TableSummary: what was made of it, and why nothing where nothing.

The finders say what they made of a table through `Context.note_table` (finance notes every table it
looks at: its kind, unit, columns, reconciliation, or why it left it out); facts name their table in
`table_id`. Facts that only carry their provenance (a block index, or a row of the table) are given
their `table_id` here, so that every finder's facts count without each finder knowing of summaries.
A table that holds amount-shaped numbers and gave no facts always says why (`skipped`) and is
reported as a `table_skipped` warning on its page: nothing is left out in silence.
"""
from __future__ import annotations

import re
from collections import Counter

from kommunrapport.find.context import Context
from kommunrapport.models import (
    FinancialLine,
    Goal,
    Indicator,
    Provenance,
    SickLeaveFigure,
    TableKind,
    TableSummary,
)

# amount-shaped: '-1 234', '12,5', '0,800', '4711' (a year alone is not an amount)
AMOUNT = re.compile(r"(?<![\w,.])[-−–]?\s?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?![\w,.])"
                    r"|(?<![\w,.])[-−–]?\d+[.,]\d+(?![\w,.])"
                    r"|(?<![\w,.])[-−–]?\d{3,}(?![\w,.])")
YEAR = re.compile(r"^[-−–]?(19|20)\d\d$")


def _row_key(p: Provenance) -> tuple:
    return (p.page, p.line, p.bbox)


def _amounts(texts: list[str]) -> int:
    n = 0
    for text in texts:
        for m in AMOUNT.finditer(text or ""):
            if not YEAR.match(m.group(0).replace(" ", "")):
                n += 1
    return n


def summarise_tables(ctx: Context, lines: list[FinancialLine], sick: list[SickLeaveFigure],
                     indicators: list[Indicator], goals: list[Goal]) -> list[TableSummary]:
    rows_of: dict[tuple, int] = {}
    for index, block in ctx.doc.tables():
        for row in block.table.rows if block.table else []:
            if row.provenance.page is not None or row.provenance.line is not None:
                rows_of.setdefault(_row_key(row.provenance), index)

    def block_of(p: Provenance) -> int | None:
        if p.block is not None and ctx.table_id(p.block):
            return p.block
        return rows_of.get(_row_key(p)) if p.method.startswith("table") else None

    def attach(item) -> str | None:
        if item.table_id is None and (b := block_of(item.provenance)) is not None:
            item.table_id = ctx.table_id(b)
        return item.table_id

    counts: Counter[str] = Counter()
    kinds: dict[str, TableKind] = {}
    for line in lines:
        if tid := attach(line):
            counts[tid] += 1
    for fig in sick:
        if tid := attach(fig):
            counts[tid] += 1
            kinds.setdefault(tid, TableKind.sick_leave)
    for ind in indicators:
        if tid := attach(ind):
            counts[tid] += len(ind.values)
            kinds.setdefault(tid, TableKind.indicators)
    goal_tables = {ctx.table_id(b) for g in goals for p in [g.provenance, *g.also_at]
                   if (b := block_of(p)) is not None}

    out: list[TableSummary] = []
    for index, block in ctx.doc.tables():
        tid = ctx.table_id(index)
        note = dict(ctx.table_notes.get(index, {}))
        facts = counts.get(tid, 0)
        table = block.table
        texts = [c.text for r in (table.rows if table else []) for c in r.cells[1:]]
        kind = note.pop("kind", None)
        if facts and tid in kinds and kind in (None, TableKind.not_money):
            kind = kinds[tid]
        elif kind is None and tid in goal_tables:
            kind = TableKind.goals
        skipped = note.pop("skipped", None)
        holds_numbers = _amounts(texts) > 0
        if facts or tid in goal_tables or not holds_numbers:
            skipped = None              # a reason is owed only for numbers that gave nothing
        elif skipped is None:
            skipped = "no_finder"       # numbers no finder took: said, never silent
        summary = TableSummary(
            id=tid, kind=kind, title=note.pop("title", None) or (table.caption if table else None),
            rows=note.pop("rows", len(table.rows) if table else 0), facts=facts, skipped=skipped,
            provenance=block.provenance.with_method("table", block=index), **note)
        out.append(summary)
        if skipped and not skipped.startswith("joined"):
            ctx.warn("table_skipped", f"table {tid} '{summary.title or '?'}' holds numbers but gave no facts: "
                     f"{skipped}", summary.provenance)
    return out
