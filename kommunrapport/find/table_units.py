"""The money unit of a table and where it was read: its header, a caption or line around it, every
cell, once for its section or numbered chapter (a line, or a sibling table's header), or an amount
the text around the table states that only one unit makes a cell of the table."""
from __future__ import annotations

import re

from kommunrapport.find.context import Context
from kommunrapport.find.table_context import SHORT_TEXT, TableContext, chapter_number, only_states_unit
from kommunrapport.models import BlockKind, Measure, Table, UnitSource
from kommunrapport.normalize.numbers import parse_number
from kommunrapport.normalize.units import MoneyUnit, find_unit
from kommunrapport.tables import header as T

INFERRED_UNITS = {1: "kr", 1000: "tkr", 1_000_000: "mkr"}
MIN_MATCHED = 100
SPACE_GROUPED = re.compile(r"\d[ \u00a0\u202f\u2009]\d{3}(?!\d)")
PROSE_AMOUNT = re.compile(
    r"(?<![\d,.])([-−–]?\s?\d{1,3}(?:[ \u00a0]\d{3})*(?:[.,]\d+)?)\s*"
    r"(miljoner kronor|miljarder kronor|tusen kronor|mnkr|mkr|tkr|kronor|kr)\b", re.I)


def unit_and_source(ctx: Context, block_index: int, layout: T.Layout,
                     tc: TableContext) -> tuple[MoneyUnit | None, UnitSource | None]:
    """The unit the table states, and where: its header, a caption or line around it, every cell, or
    once for its section."""
    tries = [
        (UnitSource.header, lambda: find_unit(*layout.titles, *[r[0] for r in layout.header], *layout.header_texts)),
        (UnitSource.caption, lambda: find_unit(tc.caption, tc.caption_below, *tc.near, tc.heading, *tc.below)),
        (UnitSource.header, lambda: _unit_of_cells(layout)),
        (UnitSource.section, lambda: _unit_of_section(ctx, block_index)),
    ]
    for source, find in tries:
        if (unit := find()) is not None:
            return unit, source
    return None, None


def groups_thousands_with_spaces(layout: T.Layout) -> bool:
    """Whether some amount of the table writes its thousands with a space ('12 000'): then a lone '1,250'
    or '1.250' is a decimal."""
    return any(SPACE_GROUPED.search(r.cells[c.index] or "") for r in layout.rows for c in layout.value_columns)


def _unit_of_section(ctx: Context, i: int) -> MoneyUnit | None:
    """The unit stated once for the table's section or chapter: a line earlier in the table's section
    (or the money sections just before it, or the sections of its numbered chapter) that states the unit
    of all its tables ('Samtliga belopp i tabellerna anges i miljoner kronor'), or the header of a
    sibling table there ('Belopp i mnkr'): the nearest such."""
    section = ctx.section_at(i)
    money_sections = T.finance_vocab()["money"]["finance_sections"]

    def money(sec) -> bool:
        return bool(sec and sec.canonical and sec.canonical.value in money_sections)

    chapter = chapter_number(ctx, i)
    for j in range(i - 1, -1, -1):
        here = ctx.section_at(j)
        same_chapter = chapter is not None and chapter_number(ctx, j) == chapter
        if here is not section and not (money(section) and money(here)) and not same_chapter:
            return None     # back through the table's own section and, from a money section, the ones before
        b = ctx.doc.blocks[j]
        if b.kind is not BlockKind.table and len(b.text) <= SHORT_TEXT and only_states_unit(b.text):
            return find_unit(b.text)
        if b.kind is BlockKind.table and b.table is not None and (unit := _stated_unit_of(b.table)):
            return unit
    return None


def names_money(layout: T.Layout) -> bool:
    """Whether the table itself says it holds money: a column naming a kind of money (`Utfall intäkter`)
    or a deviation, or a row label of the money vocabulary (`Personalkostnader`)."""
    if any(c.category is not None or c.measure is Measure.deviation for c in layout.value_columns):
        return True
    return any(T.label_category(r.label)[0] is not None for r in layout.rows if r.label)


def _stated_unit_of(table: Table) -> MoneyUnit | None:
    titles, header, _ = T.split_rows(table)
    return find_unit(table.caption, *titles, *[t for row in header for t in row if t])


def _unit_of_cells(layout: T.Layout) -> MoneyUnit | None:
    """The unit every amount states in its own cell ('-12,0 mkr'), where they all state the same one."""
    parsed = [parse_number(r.cells[c.index], layout.decimal_mark) for r in layout.rows for c in layout.value_columns]
    units = [find_unit(p.qualifier) if p.qualifier else None for p in parsed if p.value is not None]
    factors = {u.factor for u in units if u is not None}
    if not units or None in units or len(factors) != 1:
        return None
    return units[0]


def unit_from_prose(layout: T.Layout, prose: list[str]) -> MoneyUnit | None:
    """The one factor under which an amount the text around the table states (`ett underskott om
    7 Mkr`) is a cell of the table or the difference of two cells of a row; None if none or several."""
    stated = list(_prose_amounts(prose))
    if not stated:
        return None
    values = [[(p.value, bool(re.search(r"\d[.,]\d{1,2}$", p.raw.strip())))
               for c in layout.value_columns
               if (p := parse_number(r.cells[c.index], layout.decimal_mark)).value is not None]
              for r in layout.rows]
    # a one- or two-digit match may be chance, unless its decimals match too ('18,1' and '18,1 miljoner')
    candidates = {abs(v) for row in values for v, dec in row if abs(v) >= MIN_MATCHED or dec}
    candidates |= {abs(a - b) for row in values for a, da in row for b, db in row
                   if a != b and (abs(a - b) >= MIN_MATCHED or (da and db))}
    fits = {f for f in INFERRED_UNITS for sek, tol in stated
            if any(abs(c * f - sek) <= tol for c in candidates if c)}
    if len(fits) != 1:
        return None
    factor = fits.pop()
    return MoneyUnit(raw=INFERRED_UNITS[factor], factor=factor)


def _prose_amounts(prose: list[str]):
    """(amount in kr, tolerance in kr) for every amount with a unit in the paragraphs."""
    for text in prose:
        for m in PROSE_AMOUNT.finditer(text):
            unit = find_unit(m.group(2))
            p = parse_number(m.group(1))
            if unit is None or p.value is None:
                continue
            dec = re.search(r"[.,](\d+)$", m.group(1).strip())
            step = 10.0 ** -len(dec.group(1)) if dec else 1.0
            yield abs(p.value) * unit.factor, 0.5 * step * unit.factor
