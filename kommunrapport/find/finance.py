"""Money tables -> FinancialLine: one line per number of every money table.

For each table (continuations across pages joined): what stands around it (table_context.py), its
kind from its own caption and header before the text above, its layout and column meaning
(tables/header.py), whether it holds money and in which unit (table_units.py); then the table's
rows, totals, signs and reconciliation (money_table.py). What was made of every table, or why
nothing, is noted for its TableSummary.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from kommunrapport.find.context import Context
from kommunrapport.find.money_table import TableReader
from kommunrapport.find.table_context import TableContext, in_finance_section, table_context
from kommunrapport.find.table_units import names_money, unit_and_source, unit_from_prose
from kommunrapport.models import (
    Block,
    BlockKind,
    FinanceTable,
    FinancialLine,
    Measure,
    Provenance,
    Table,
    TableColumn,
    UnitSource,
)
from kommunrapport.models import TableKind as SummaryKind
from kommunrapport.normalize.numbers import parse_number
from kommunrapport.tables import header as T
from kommunrapport.tables import solve


def extract_financial_lines(ctx: Context) -> list[FinancialLine]:
    year = ctx.report.fiscal_year or _most_common_header_year(ctx)
    lines: list[FinancialLine] = []
    for block_index, table, joined in joined_tables(ctx.doc.blocks):
        lines += lines_of_table(ctx, block_index, table, year)
        for j in joined:
            ctx.note_table(j, skipped=f"joined to {ctx.table_id(block_index)} (continued across a page)",
                           kind=ctx.table_notes.get(block_index, {}).get("kind"))
    return lines


# ---- tables across pages -------------------------------------------------------------------


def joined_tables(blocks: list[Block]) -> list[tuple[int, Table, list[int]]]:
    """Every table block, with the blocks joined to it: a table continued on the next page (no
    header, or the same header repeated, with the same columns) is joined to the one it continues."""
    out: list[tuple[int, Table, list[int]]] = []
    last_table_block: int | None = None
    for i, b in enumerate(blocks):
        if b.kind is not BlockKind.table or b.table is None:
            continue
        if out and last_table_block is not None and _continues(blocks, last_table_block, i, out[-1][1], b.table):
            prev_index, prev, joined = out[-1]
            body = b.table.rows[_n_leading_rows(b.table):]
            out[-1] = (prev_index, prev.model_copy(update={"rows": [*prev.rows, *body]}), [*joined, i])
        else:
            out.append((i, b.table, []))
        last_table_block = i
    return out


def _n_leading_rows(table: Table) -> int:
    """Title and header rows (a header repeated on the next page) before the first body row."""
    _, _, body = T.split_rows(table)
    return len(table.rows) - len(body)


def _continues(blocks: list[Block], prev_i: int, i: int, prev: Table, table: Table) -> bool:
    """On the next page with nothing but page furniture between, the same columns, and no header
    of its own or the same header repeated. Without page numbers (a text rendition) only a repeated
    header after a few short lines (a page header, a page number) counts."""
    between = blocks[prev_i + 1:i]
    if table.n_cols != prev.n_cols or len(between) > 3 or any(
            b.kind is BlockKind.table or len(b.text) > 80 for b in between):
        return False
    _, prev_header, _ = T.split_rows(prev)
    titles, header, _ = T.split_rows(table)
    prev_page, page = blocks[prev_i].provenance.page, blocks[i].provenance.page
    if prev_page is None or page is None:
        return bool(header) and header == prev_header and not titles
    return page == _last_page(prev, prev_page) + 1 and (not header and not titles or header == prev_header)


def _last_page(table: Table, default: int) -> int:
    pages = [r.provenance.page for r in table.rows if r.provenance.page]
    return max(pages) if pages else default


# ---- one table -------------------------------------------------------------------------------


def lines_of_table(ctx: Context, block_index: int, table: Table, year: int | None) -> list[FinancialLine]:
    """The table's lines; what was made of it (or why nothing) is noted for its TableSummary."""
    tc = table_context(ctx, block_index)
    titles, header, _ = T.split_rows(table)
    header_texts = [t for row in header for t in row if t]
    own = _own_kind(ctx, table, year, [*titles, tc.caption, tc.caption_below], header_texts)
    near = T.table_kind(*tc.near, tc.heading)
    layout = T.read_layout(table, ctx.report, year, own)
    kind = T.choose_kind(own, near, layout.columns)
    if (kind is None or kind.weak) and any(T.names_investment_money(r.label) for r in layout.rows):
        # its rows name investment money (`Utgifter`, `Inkomster`): income and outlays printed as the money
        # goes, income positive, so nothing says the printed signs are turned
        kind = T.TableKind(FinanceTable.investment, printed_signs=True)
    labelled = [r.label for r in layout.rows if r.label.strip()]
    if (own is None or own.weak) and len(labelled) >= 2 and 2 * sum(T.names_balance_item(x) for x in labelled) >= len(labelled):
        # most rows name stocks (`Ingående eget kapital`, `Utgående eget kapital`): a balance of the
        # year, whatever kind the heading above names; its signs stand as printed
        kind = T.TableKind(FinanceTable.balance_sheet, printed_signs=True)
    if kind != own:
        layout = T.read_layout(table, ctx.report, year, kind)
    if not any(c.measure for c in layout.columns[1:]) and (shared := _caption_measure(tc, layout)) is not None:
        # a matrix (departments by kinds of money) whose caption names the one measure of every cell
        kind = replace(kind or T.TableKind(FinanceTable.operating), measure=shared)
        layout = T.read_layout(table, ctx.report, year, kind)
    T.fill_missing_periods(layout.columns, year)
    title = tc.title or (layout.titles[0] if layout.titles else None)
    note = dict(title=title, rows=len(layout.rows), columns=_summary_columns(layout))
    money = _money_verdict(layout, tc)
    if money is not None:
        ctx.note_table(block_index, kind=SummaryKind.not_money if money == "not_money" else None,
                       skipped=money, **note)
        return []
    for col in layout.columns:
        if col.skip and col.skip.startswith(T.AMBIGUOUS):
            ctx.warn("ambiguous_column", f"table '{tc.title or '?'}': column '{col.header}' left out ({col.skip})",
                     Provenance(line=table.rows[0].provenance.line, page=table.rows[0].provenance.page,
                                block=block_index, method="table:columns"))
    unit, source = unit_and_source(ctx, block_index, layout, tc)
    if source is UnitSource.section and not names_money(layout):
        unit = source = None    # a unit stated for the chapter's money tables, not for a table of counts
    if source is UnitSource.section and (prose := unit_from_prose(layout, tc.prose)) is not None \
            and prose.factor != unit.factor:
        unit, source = prose, UnitSource.prose      # the text around the table outweighs a sibling's unit
    if unit is None:
        where = Provenance(line=table.rows[0].provenance.line, page=table.rows[0].provenance.page,
                           block=block_index, method="table:unit")
        if not in_finance_section(tc) or not any(T.measure_of(c.header) for c in layout.value_columns):
            ctx.note_table(block_index, skipped="no_unit", **note)
            return []
        unit, source = unit_from_prose(layout, tc.prose), UnitSource.prose
        if unit is None:
            ctx.warn("unknown_unit", f"table '{title or '?'}': no unit (tkr, mkr ...) stated; amounts left out", where)
            ctx.note_table(block_index, skipped="no_unit", **note)
            return []
        ctx.warn("inferred_unit", f"table '{title or '?'}': no unit stated; {unit.raw} inferred from an amount "
                 "the text around it gives", where)
    layout.decimal_mark = solve.decimal_mark([r.cells[c.index] for r in layout.rows for c in layout.value_columns],
                                             unit.factor, layout.decimal_mark)
    reader = TableReader(ctx, block_index, layout, kind, unit, title)
    lines = reader.lines()
    note["columns"] = _summary_columns(layout)      # as the arithmetic settled them
    ctx.note_table(block_index, kind=SummaryKind(reader.kind.kind.value), unit_raw=unit.raw, unit_source=source,
                   sign_flipped=any(f.sign_flipped for f in lines), reconciled=reader.reconciled,
                   skipped=None if lines else "no_amounts", **{**note, "rows": len(reader.rows)})
    return lines


def _own_kind(ctx: Context, table: Table, year: int | None, outer: list[str | None],
              header_texts: list[str]) -> T.TableKind | None:
    """The kind the table's own words name. A word that makes every cell one measure
    (`Prognosavvikelse`) names the whole table from its caption; in one column's header, beside
    columns that name measures of their own (`Prognos intäkter | Budget kostnader |
    Prognosavvikelse mot budget`), it is that column's measure only."""
    own = T.table_kind(*outer, *header_texts)
    if own is None or not own.all_columns or T.table_kind(*outer) == own:
        return own
    rest = [t for t in header_texts if not T.has_word(t, [own.word])]
    other = T.table_kind(*outer, *rest)
    plain = T.read_layout(table, ctx.report, year, other)
    if len({c.measure for c in plain.value_columns if c.measure is not None}) >= 2:
        return other
    return own


def _caption_measure(tc: TableContext, layout: T.Layout) -> Measure | None:
    """The one measure a caption of the table names ('Tabellen visar budgetavvikelse per avdelning',
    'Prognos per verksamhet'), where its header names none."""
    for text in (tc.caption_below, tc.caption, *layout.titles, *tc.near[:1]):
        measures = {m for m in Measure if T.has_word(text, T.finance_vocab()["measures"].get(m.value, []))}
        if len(measures) == 1:
            return measures.pop()
        if measures:
            return None
    return None


def _summary_columns(layout: T.Layout) -> list[TableColumn]:
    return [TableColumn(header=c.header, measure=c.measure if c.skip is None else None,
                        period=c.period if c.skip is None else None) for c in layout.columns[1:]]


def _money_verdict(layout: T.Layout, tc: TableContext) -> str | None:
    """None for a money table, else why it is not read as one."""
    cols = layout.value_columns
    if not layout.rows:
        return "no_body"
    if not cols:
        return "unreadable_header" if any(c.skip for c in layout.columns[1:]) else "no_measure"
    if T.names_no_money(*layout.titles, tc.caption, *[row[0] for row in layout.header]):
        return "not_money"
    parsed = [parse_number(r.cells[c.index], layout.decimal_mark) for r in layout.rows for c in cols]
    numbers = [p for p in parsed if p.value is not None]
    if not numbers:
        return "no_amounts"
    if sum(p.is_percent for p in numbers) * 3 > len(numbers):
        return "not_money"
    return None


def _most_common_header_year(ctx: Context) -> int | None:
    years = Counter()
    for _, b in ctx.doc.tables():
        _, header, _ = T.split_rows(b.table)
        for row in header:
            for text in row[1:]:
                years.update(int(y) for y in T.YEAR.findall(text))
    return years.most_common(1)[0][0] if years else None
