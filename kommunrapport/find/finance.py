"""Money tables -> FinancialLine: one line per number of every money table.

For each table (continuations across pages joined): read its layout (tables.py), decide whether
it holds money and in which unit, classify rows, mark totals, turn signs into the canonical
convention (normalize/signs.py) and reconcile: totals against their rows, budget against outcome
and deviation, two outcomes against their change. A mismatch is a `total_mismatch` warning,
never a silent fix.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from kommunrapport.find.context import Context
from kommunrapport.models import (
    Block,
    BlockKind,
    FinanceCategory,
    FinanceTable,
    FinancialLine,
    Measure,
    Provenance,
    Reconciled,
    Table,
    TableColumn,
    UnitSource,
)
from kommunrapport.models import TableKind as SummaryKind
from kommunrapport.normalize import signs
from kommunrapport.normalize.numbers import ParsedNumber, parse_number
from kommunrapport.normalize.units import MoneyUnit, find_unit
from kommunrapport.tables import header as T
from kommunrapport.tables import solve

SHORT_TEXT = 150          # a paragraph this short above a table may state its unit ('Belopp i tkr')
INFERRED_UNITS = {1: "kr", 1000: "tkr", 1_000_000: "mkr"}
MIN_MATCHED = 100
AMBIGUOUS_MARK = re.compile(r"^[-−–+]?\s?\d{1,3}[.,]\d{3}$")      # '1.250': 1250 or 1,25?
SPACE_GROUPED = re.compile(r"\d[ \u00a0\u202f\u2009]\d{3}(?!\d)")
PROSE_AMOUNT = re.compile(
    r"(?<![\d,.])([-−–]?\s?\d{1,3}(?:[ \u00a0]\d{3})*(?:[.,]\d+)?)\s*"
    r"(miljoner kronor|miljarder kronor|tusen kronor|mnkr|mkr|tkr|kronor|kr)\b", re.I)


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


@dataclass
class TableContext:
    caption: str | None
    heading: str | None
    near: list[str] = field(default_factory=list)   # short lines between the heading and the table
    below: list[str] = field(default_factory=list)  # a short note just under it ('Belopp i tkr')
    caption_below: str | None = None                # 'Tabellen visar prognosavvikelse per avdelning'
    prose: list[str] = field(default_factory=list)  # paragraphs around the table, same section
    section_kind: str | None = None

    @property
    def title(self) -> str | None:
        return self.caption or self.heading


def table_context(ctx: Context, i: int) -> TableContext:
    blocks = ctx.doc.blocks
    heading, near, headings = None, [], 0
    # back to the heading above, or the one above that where the first is a caption-like line
    # ('Ansvar: ... Konto: Investeringsprojekt' under 'Investeringsredovisning (mkr)')
    for j in range(i - 1, max(i - 5, -1), -1):
        b = blocks[j]
        if b.kind is BlockKind.table or len(b.text) > SHORT_TEXT:
            break
        if b.kind is BlockKind.heading and _only_states_unit(b.text):
            near.append(b.text)         # 'Belopp i mkr' set as a heading: a caption line, not the heading
            continue
        if b.kind is BlockKind.heading:
            heading = heading or b.text
            headings += 1
            if headings == 2 or find_unit(*near, b.text) or T.table_kind(b.text):
                near.append(b.text)
                break
        near.append(b.text)
    section = ctx.section_at(i)
    if heading is None and section is not None:
        heading = section.heading
    prose = [blocks[j].text for j in range(max(i - 4, 0), min(i + 5, len(blocks)))
             if j != i and blocks[j].kind is BlockKind.paragraph and ctx.section_at(j) is section]
    kind = section.canonical.value if section is not None and section.canonical else _inherited_kind(ctx, i)
    below = [b.text for b in blocks[i + 1:i + 2]
             if b.kind is BlockKind.paragraph and len(b.text) <= SHORT_TEXT and T.table_kind(b.text) is None]
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    caption_below = nxt.text if nxt is not None and nxt.kind is BlockKind.paragraph and \
        len(nxt.text) <= 2 * SHORT_TEXT and _starts_as_caption(nxt.text) else None
    return TableContext(caption=blocks[i].table.caption if blocks[i].table else None, heading=heading,
                        near=near, below=below, prose=prose, section_kind=kind, caption_below=caption_below)


def _starts_as_caption(text: str) -> bool:
    """'Tabellen visar ...', 'Tabell 3. ...': a line under a table that says what the table holds."""
    words = " ".join(T.words_of(text)[:3])
    return any(words.startswith(" ".join(T.words_of(p))) for p in T.finance_vocab()["money"]["caption_words"])


def _only_states_unit(text: str) -> bool:
    """'Belopp i mkr', '(tkr)', 'Tusentals kronor': a line that says nothing but the unit."""
    unit = find_unit(text)
    if unit is None:
        return False
    rest = re.sub(re.escape(unit.raw), " ", text, count=1, flags=re.I)
    return set(T.words_of(rest)) <= set(T.finance_vocab()["money"]["unit_filler_words"])


def lines_of_table(ctx: Context, block_index: int, table: Table, year: int | None) -> list[FinancialLine]:
    """The table's lines; what was made of it (or why nothing) is noted for its TableSummary."""
    tc = table_context(ctx, block_index)
    titles, header, _ = T.split_rows(table)
    header_texts = [t for row in header for t in row if t]
    own = T.table_kind(*titles, tc.caption, tc.caption_below, *header_texts)
    near = T.table_kind(*tc.near, tc.heading)
    layout = T.read_layout(table, ctx.report, year, own)
    kind = T.choose_kind(own, near, layout.columns)
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
    unit, source = _unit_and_source(ctx, block_index, layout, tc)
    if source is UnitSource.section and not _names_money(layout):
        unit = source = None    # a unit stated for the chapter's money tables, not for a table of counts
    if source is UnitSource.section and (prose := _unit_from_prose(layout, tc.prose)) is not None \
            and prose.factor != unit.factor:
        unit, source = prose, UnitSource.prose      # the text around the table outweighs a sibling's unit
    if unit is None:
        where = Provenance(line=table.rows[0].provenance.line, page=table.rows[0].provenance.page,
                           block=block_index, method="table:unit")
        if not _in_finance_section(tc) or not any(T.measure_of(c.header) for c in layout.value_columns):
            ctx.note_table(block_index, skipped="no_unit", **note)
            return []
        unit, source = _unit_from_prose(layout, tc.prose), UnitSource.prose
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


def _unit_and_source(ctx: Context, block_index: int, layout: T.Layout,
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


def _groups_thousands_with_spaces(layout: T.Layout) -> bool:
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

    chapter = _chapter_number(ctx, i)
    for j in range(i - 1, -1, -1):
        here = ctx.section_at(j)
        same_chapter = chapter is not None and _chapter_number(ctx, j) == chapter
        if here is not section and not (money(section) and money(here)) and not same_chapter:
            return None     # back through the table's own section and, from a money section, the ones before
        b = ctx.doc.blocks[j]
        if b.kind is not BlockKind.table and len(b.text) <= SHORT_TEXT and _only_states_unit(b.text):
            return find_unit(b.text)
        if b.kind is BlockKind.table and b.table is not None and (unit := _stated_unit_of(b.table)):
            return unit
    return None


def _names_money(layout: T.Layout) -> bool:
    """Whether the table itself says it holds money: a column naming a kind of money (`Utfall intäkter`)
    or a deviation, or a row label of the money vocabulary (`Personalkostnader`)."""
    if any(c.category is not None or c.measure is Measure.deviation for c in layout.value_columns):
        return True
    return any(T.label_category(r.label)[0] is not None for r in layout.rows if r.label)


def _stated_unit_of(table: Table) -> MoneyUnit | None:
    titles, header, _ = T.split_rows(table)
    return find_unit(table.caption, *titles, *[t for row in header for t in row if t])


SECTION_NUMBER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?(?=\s|$)")


def _number_of(heading: str) -> tuple[int, ...] | None:
    m = SECTION_NUMBER.match(heading or "")
    return tuple(int(x) for x in m.group(1).split(".")) if m else None


def _numbered_sections(ctx: Context, i: int) -> list:
    """The numbered sections at or before block i, nearest first."""
    k = ctx.section_of[i] if 0 <= i < len(ctx.section_of) else None
    if k is None:
        return []
    return [sec for sec in reversed(ctx.sections[:k + 1]) if _number_of(sec.heading)]


def _chapter_number(ctx: Context, i: int) -> tuple[int, ...] | None:
    """The number of the chapter block i stands in: the parent of the nearest numbered heading
    (2.3 for a table under 2.3.5), or that heading itself where it has one number."""
    secs = _numbered_sections(ctx, i)
    if not secs:
        return None
    number = _number_of(secs[0].heading)
    return number[:-1] if len(number) > 1 else number


def _inherited_kind(ctx: Context, i: int) -> str | None:
    """A numbered sub-section without a kind of its own takes its parent's (2.3 Ekonomi -> 2.3.5)."""
    secs = _numbered_sections(ctx, i)
    if not secs:
        return None
    number = _number_of(secs[0].heading)
    for sec in secs:
        n = _number_of(sec.heading)
        if sec.canonical is not None and len(n) <= len(number) and number[:len(n)] == n:
            return sec.canonical.value
    return None


def _unit_of_cells(layout: T.Layout) -> MoneyUnit | None:
    """The unit every amount states in its own cell ('-12,0 mkr'), where they all state the same one."""
    parsed = [parse_number(r.cells[c.index], layout.decimal_mark) for r in layout.rows for c in layout.value_columns]
    units = [find_unit(p.qualifier) if p.qualifier else None for p in parsed if p.value is not None]
    factors = {u.factor for u in units if u is not None}
    if not units or None in units or len(factors) != 1:
        return None
    return units[0]


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


def _in_finance_section(tc: TableContext) -> bool:
    money = T.finance_vocab()["money"]
    if tc.section_kind in money["finance_sections"]:
        return True
    return any(T.has_word(t, money["finance_heading_words"]) for t in (tc.heading, tc.caption))


def _unit_from_prose(layout: T.Layout, prose: list[str]) -> MoneyUnit | None:
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


def _most_common_header_year(ctx: Context) -> int | None:
    years = Counter()
    for _, b in ctx.doc.tables():
        _, header, _ = T.split_rows(b.table)
        for row in header:
            for text in row[1:]:
                years.update(int(y) for y in T.YEAR.findall(text))
    return years.most_common(1)[0][0] if years else None


# ---- rows -> lines ---------------------------------------------------------------------------


class TableReader:
    """One money table, its layout read, its unit known -> FinancialLines and warnings.

    The steps: read the rows; find rows that carry their own measure (`Budget` under year columns)
    and parts stacked in one table (investments under operating); mark and check totals per part;
    categories; settle by arithmetic which difference a `Diff` column holds; decide signs per part
    from the rows' kinds and the deviations' arithmetic; turn deviations with the amounts they were
    computed on; check every identity (totals, deviations, changes) and say what did not hold."""

    def __init__(self, ctx: Context, block_index: int, layout: T.Layout, kind: T.TableKind | None,
                 unit: MoneyUnit, title: str | None):
        self.ctx, self.block_index, self.layout, self.unit, self.title = ctx, block_index, layout, unit, title
        self.kind = kind or T.TableKind(FinanceTable.operating)
        self.columns = layout.value_columns
        self.rows: list[T.BodyRow] = []
        self.facts: list[T.RowFacts] = []
        self.scores: list[float | None] = []
        self.unreadable: set[tuple[int, int]] = set()   # (row, value column) of cells left out as unreadable
        self.checked = self.failed = 0                  # identities tried and failed (totals, deviations)
        self.part_of: list[int] = []                    # per row: the part of the table it stands in
        self.part_kinds: list[FinanceTable] = []

    @property
    def reconciled(self) -> Reconciled:
        if self.failed:
            return Reconciled.no
        return Reconciled.yes if self.checked else Reconciled.unchecked

    @property
    def method(self) -> str:
        return f"table:{self.kind.kind.value}"

    def measure(self, r: int, c: int) -> Measure:
        return self.facts[r].measure or self.columns[c].measure

    def lines(self) -> list[FinancialLine]:
        self._read_rows()
        self._row_measures()
        self._parts()
        self._totals()
        categories = self._categories()
        printed = {(r, c): p.value for r, f in enumerate(self.facts)
                   for c, p in enumerate(f.values) if p is not None and p.value is not None}
        self._settle_differences(printed)
        identities = self._identities()
        factors = self._sign_factors(categories, printed, identities)
        canonical: dict[tuple[int, int], float] = {}
        flipped: dict[tuple[int, int], bool] = {}
        for (r, c), v in printed.items():
            canonical[(r, c)], flipped[(r, c)] = signs.to_canonical(v, self.measure(r, c), factors.get(r, 1))
        if not self.kind.printed_signs:
            for cell, factor in solve.deviation_factors(printed, canonical, identities, self._tol,
                                                        self._deviation_groups(printed)).items():
                canonical[cell], flipped[cell] = factor * printed[cell], factor == -1
        self._check(identities, canonical)
        return [self._line(r, self.columns[c], self.facts[r].values[c], canonical[(r, c)], flipped[(r, c)],
                           categories[r], self.measure(r, c))
                for (r, c) in sorted(printed)]

    # ---- rows ------------------------------------------------------------------------------------

    def _read_rows(self) -> None:
        mark = self.layout.decimal_mark
        ambiguous = mark is None and not _groups_thousands_with_spaces(self.layout)
        counts = False      # under a group row that counts ('Antal besökare'), rows count, not money
        for n, row in enumerate(self.layout.rows):
            label = " ".join(row.label.split())
            if label and not any(row.cells[c.index] for c in self.columns):
                counts = T.label_names_no_money(label)
            if (not label or re.fullmatch(r"[-–—.●•]+", label)) and n == len(self.layout.rows) - 1 and self.title:
                label = self._unlabelled_total(row, mark)
            if not label or re.fullmatch(r"[-–—.●•]+", label) or T.label_names_no_money(label) or counts:
                continue
            values: list[ParsedNumber | None] = []
            unreadable = set()
            for c, col in enumerate(self.columns):
                p = parse_number(row.cells[col.index], mark)
                if p.ok and ambiguous and AMBIGUOUS_MARK.match(p.raw.strip()):
                    self.ctx.warn("ambiguous_number", f"table '{self.title or '?'}': row '{label}', column "
                                  f"'{col.header}': '{p.raw}' may be {p.raw.strip().replace(',', '').replace('.', '')} "
                                  "or a decimal, and the table does not say which; left out", self._prov(row))
                    unreadable.add((len(self.facts), c))
                    p = None
                elif not p.ok:
                    unreadable.add((len(self.facts), c))
                    self.ctx.warn("unreadable_cell", f"table '{self.title or '?'}': row '{label}', column "
                                  f"'{col.header}': '{p.raw}' is not one number; left out", self._prov(row))
                    p = None
                elif p.value is None or p.is_percent:
                    p = None
                values.append(p)
            if all(v is None for v in values):
                continue
            category, score = T.label_category(label)
            self.unreadable |= unreadable
            self.rows.append(row)
            self.facts.append(T.RowFacts(label=label, category=category, values=values))
            self.scores.append(score or None)

    def _unlabelled_total(self, row: T.BodyRow, mark: str | None) -> str:
        """A last row with no label whose amounts are the sums of the rows above (`● | ● | 11,35 mnkr`
        under an action plan) is the table's total, named by the table's title; else no row."""
        tried = 0
        for c, col in enumerate(self.columns):
            total = parse_number(row.cells[col.index], mark)
            parts = [f.values[c] for f in self.facts if f.values[c] is not None]
            if total.value is None or not parts:
                continue
            tried += 1
            if abs(sum(p.value for p in parts) - total.value) > T.tolerance(parts, total):
                return ""
        return self.title if tried else ""

    def _row_measures(self) -> None:
        """Rows that name a measure (`Budget, netto`, `Avvikelse`) under columns that give only years or
        outcomes carry that measure for their cells; they are of the kind of money of the row above
        them they compare with (`Nettokostnader`, `Nettoinvesteringar`)."""
        if not self.columns or any(c.measure is not Measure.outcome for c in self.columns):
            return
        anchor: int | None = None
        for r, f in enumerate(self.facts):
            measure = T.row_measure(f.label)
            if measure is None or measure is Measure.outcome:
                anchor = r
                continue
            f.measure = measure
            f.anchor = anchor

    def _parts(self) -> None:
        """An investment block stacked under an operating one (`Nettoinvesteringar` after the net cost
        and its budget) is a part of its own, with its own kind and signs."""
        C = FinanceCategory
        kind = self.kind.kind
        part = 0
        self.part_kinds = [kind]
        for r, f in enumerate(self.facts):
            starts = (kind is FinanceTable.operating and not self.kind.category and r > 0 and f.measure is None
                      and f.category in (C.investment, C.investment_total)
                      and self.part_kinds[part] is not FinanceTable.investment)
            if starts:
                part += 1
                self.part_kinds.append(FinanceTable.investment)
            self.part_of.append(part)

    def _part_rows(self, part: int, with_measures: bool = False) -> list[int]:
        return [r for r in range(len(self.facts)) if self.part_of[r] == part
                and (with_measures or self.facts[r].measure is None)]

    # ---- totals ----------------------------------------------------------------------------------

    def _totals(self) -> None:
        """Mark and check the totals of every part (rows that carry their own measure stand apart)."""
        committee = self.ctx.report.committee.name if self.ctx.report.committee else None
        turnable = [col.measure not in signs.NEVER_TURNED for col in self.columns]
        for part in range(len(self.part_kinds)):
            rows = self._part_rows(part)
            facts = [self.facts[r] for r in rows]
            T.mark_totals(facts, committee)
            mismatches = T.check_totals(facts, turnable)
            self.checked += sum(1 for f in facts if f.is_total or f.group_items)
            for m in mismatches:
                m = T.Mismatch(row=rows[m.row], column=m.column, expected=m.expected, printed=m.printed,
                               parts=[rows[p] for p in m.parts])
                if not any((p, m.column) in self.unreadable for p in m.parts):   # already warned about
                    self._warn_total(m)
                    self.failed += 1

    def _sums_holding(self, negate: int | None = None) -> int:
        """How many totals add up, as printed or with one row's signs turned (on copies: nothing marked)."""
        turnable = [col.measure not in signs.NEVER_TURNED for col in self.columns]
        held = 0
        for part in range(len(self.part_kinds)):
            rows = self._part_rows(part)
            facts = [_copy(self.facts[r], turnable, negate=r == negate) for r in rows]
            T.check_totals(facts, turnable)
            held += sum(f.adds_up for f in facts)
        return held

    # ---- categories ------------------------------------------------------------------------------

    def _categories(self) -> list[FinanceCategory]:
        """Each row's category: the table's own (grants, allocations, actions), investments, the
        label's vocabulary match, else an activity; a bare total takes its items' category; a row
        that carries a measure takes the category of the row it compares with."""
        labelled = {f.category for f in self.facts}
        has_allocation = bool(labelled & {FinanceCategory.municipal_allocation, FinanceCategory.financial_net})
        out = [self._category(r, f, has_allocation) for r, f in enumerate(self.facts)]
        for r, f in enumerate(self.facts):
            if f.measure is not None:
                out[r] = out[f.anchor] if f.anchor is not None and out[f.anchor] in ANCHOR_CATEGORIES \
                    else FinanceCategory.net_cost
        return out

    def _category(self, r: int, f: T.RowFacts, has_allocation: bool) -> FinanceCategory:
        C = FinanceCategory
        if self.kind.category:
            return self.kind.category
        if self.kind.kind is FinanceTable.investment or self.part_kinds[self.part_of[r]] is FinanceTable.investment:
            return C.investment_total if (f.category is C.investment_total or f.sum_word) else C.investment
        if f.category in (C.assets, C.liabilities, C.equity) and self.kind.kind is not FinanceTable.balance_sheet:
            return C.other
        if f.category is C.result and not has_allocation:
            return C.net_cost       # costs less revenues with no allocation: a net cost, not a result
        if f.category is not None:
            return f.category
        return C.net_cost if f.is_total else C.activity

    def _cell_category(self, row_category: FinanceCategory, col: T.Column) -> FinanceCategory:
        if col.category is not None:
            return col.category
        if any(c.category for c in self.columns):
            # a deviation next to columns that carry the kind of money is the deviation of the net
            if any(c.category is FinanceCategory.net_cost for c in self.columns):
                return FinanceCategory.net_cost
        return row_category

    # ---- arithmetic --------------------------------------------------------------------------------

    def _tol(self, ident: solve.Identity) -> float:
        values = [self.facts[r].values[c] for r, c in (ident.plus, ident.minus)]
        return T.tolerance(values, self.facts[ident.target[0]].values[ident.target[1]])

    def _settle_differences(self, printed: dict[tuple[int, int], float]) -> None:
        """A `Diff`/`Förändring`/`Avvikelse` column whose every value is the difference of two outcome
        columns is a change; one whose values are actual - budget is a deviation, whatever its word."""
        cols = self.columns
        rows = [r for r, f in enumerate(self.facts) if f.measure is None]
        for d, col in enumerate(cols):
            if col.measure not in (Measure.deviation, Measure.change):
                continue
            same = [c for c in range(len(cols)) if c != d and cols[c].category == col.category]
            outcomes = [c for c in same if cols[c].measure is Measure.outcome]
            actuals = [c for c in same if cols[c].measure in (Measure.outcome, Measure.forecast)]
            budgets = [c for c in same if cols[c].measure is Measure.budget]
            pairs = {Measure.change: [(a, b) for a in outcomes for b in outcomes if a != b
                                      and _years(cols[a]) != _years(cols[b])],
                     Measure.deviation: [(a, b) for a in actuals for b in budgets]}

            def tol(t, p, m):
                return T.tolerance([self.facts[p[0]].values[p[1]], self.facts[m[0]].values[m[1]]],
                                   self.facts[t[0]].values[t[1]])

            found = solve.difference_measure(printed, d, pairs, rows, tol)
            if found is not None and found is not col.measure:
                col.measure = found
                if found is Measure.change and col.period is None:
                    col.period = max((cols[c].period for c in outcomes if cols[c].period),
                                     key=lambda p: p.year or 0, default=None)

    def _identities(self) -> list[solve.Identity]:
        """deviation = (outcome or forecast) - budget, change = outcome - outcome before: across the
        columns of a row, and down the rows that carry their own measure (`Budget`, `Avvikelse`)."""
        out: list[solve.Identity] = []
        checks = self._arithmetic_checks()
        for r, f in enumerate(self.facts):
            if f.measure is not None:
                continue
            for target, plus, minus, what in checks:
                measure = self.columns[target].measure
                out.append(solve.Identity((r, target), (r, plus), (r, minus), measure, what))
        for r, f in enumerate(self.facts):
            if f.measure is not Measure.deviation:
                continue
            budget = next((b for b in range(r - 1, -1, -1) if self.facts[b].measure is Measure.budget
                           and self.part_of[b] == self.part_of[r]), None)
            actual = self.facts[budget].anchor if budget is not None else f.anchor
            if budget is None or actual is None:
                continue
            what = f"'{self.facts[actual].label}' - '{self.facts[budget].label}'"
            out += [solve.Identity((r, c), (actual, c), (budget, c), Measure.deviation, what)
                    for c in range(len(self.columns))]
        return out

    def _deviation_groups(self, printed: dict[tuple[int, int], float]) -> dict[tuple[int, int], tuple]:
        """Each deviation cell -> the deviations computed alike: its column in its part, or its row
        where the row carries the measure."""
        return {(r, c): ("row", r) if self.facts[r].measure is not None else ("column", self.part_of[r], c)
                for (r, c) in printed if self.measure(r, c) is Measure.deviation}

    # ---- signs -------------------------------------------------------------------------------------

    def _sign_factors(self, categories: list[FinanceCategory], printed: dict[tuple[int, int], float],
                      identities: list[solve.Identity]) -> dict[int, int]:
        """Per part: signs.row_factors over the rows whose kind says which sign they should have (an
        unknown label or a bare total does not vote; an activity only in a table of net costs), with
        the deviations' arithmetic as evidence; the signs of a statement that keeps its own (balance
        sheet, cash flow, prognossäkerhet, grants) stand. A row turned alone against its table is kept
        as printed where its printed sign makes a total add up; a total printed turned against its
        own rows goes the other way from the table."""
        if self.kind.printed_signs:
            return {}
        net_table = T.has_word(" ".join([self.title or "", *self.layout.header_texts]),
                               T.finance_vocab()["column_categories"]["net_cost"])
        arithmetic = solve.sign_votes(printed, identities, self._tol)
        factors: dict[int, int] = {}
        for part in range(len(self.part_kinds)):
            rows = self._part_rows(part, with_measures=True)
            cells = [signs.SignCell(r, self._cell_category(categories[r], col), self.measure(r, c), p.value)
                     for r in rows if not self.facts[r].turned and self._votes(r, categories[r], net_table)
                     for c, (col, p) in enumerate(zip(self.columns, self.facts[r].values, strict=True))
                     if p is not None and p.value is not None]
            part_factors = signs.row_factors(cells, {r: v for r, v in arithmetic.items() if r in rows})
            table = Counter(part_factors.values()).most_common(1)[0][0] if part_factors else 1
            for r in rows:
                factor = part_factors.get(r, table)
                if factor != table and self._sums_holding(negate=r) < self._sums_holding():
                    factor = table      # its printed sign adds up: not turned alone
                factors[r] = -table if self.facts[r].turned else factor
        return factors

    def _votes(self, r: int, category: FinanceCategory, net_table: bool) -> bool:
        f = self.facts[r]
        if self.kind.category or f.measure is not None:
            return True
        if f.category is None and category is FinanceCategory.activity:
            return net_table
        if f.category is None and f.sum_word and self.part_kinds[self.part_of[r]] is not FinanceTable.investment:
            return False        # a bare 'Summa' says nothing of the sign
        return True

    # ---- facts -------------------------------------------------------------------------------------

    def _line(self, r: int, col: T.Column, p: ParsedNumber, value: float, flipped: bool,
              category: FinanceCategory, measure: Measure) -> FinancialLine:
        f, row = self.facts[r], self.rows[r]
        cell_category = self._cell_category(category, col)
        unit = (find_unit(p.qualifier) if p.qualifier else None) or self.unit   # '-1,1 mkr' in a tkr table
        return FinancialLine(
            table=self.part_kinds[self.part_of[r]], label=f.label, category=cell_category, measure=measure,
            period=col.period, amount_sek=unit.to_sek(value), raw=p.raw.strip(), unit_raw=unit.raw,
            is_total=f.is_total, sign_flipped=flipped, provenance=self._prov(row),
            table_title=self.title, category_score=self.scores[r] if cell_category is category else None,
            table_id=self.ctx.table_id(self.block_index))

    def _prov(self, row: T.BodyRow) -> Provenance:
        return row.provenance.with_method(self.method, block=self.block_index)

    # ---- reconciliation ----------------------------------------------------------------------

    def _warn_total(self, m: T.Mismatch) -> None:
        col = self.columns[m.column]
        parts = ", ".join(self.facts[p].label for p in m.parts[:6]) + (" ..." if len(m.parts) > 6 else "")
        self.ctx.warn("total_mismatch",
                      f"table '{self.title or '?'}': row '{self.facts[m.row].label}', column '{col.header}': "
                      f"printed {_fmt(m.printed)} but the rows it sums ({parts}) add up to {_fmt(m.expected)}",
                      self._prov(self.rows[m.row]))

    def _check(self, identities: list[solve.Identity], canonical: dict[tuple[int, int], float]) -> None:
        """Every deviation and change against the cells it is the difference of, in canonical signs."""
        for ident in identities:
            if any(c not in canonical for c in (ident.target, ident.plus, ident.minus)):
                continue
            expected = canonical[ident.plus] - canonical[ident.minus]
            self.checked += 1
            if abs(expected - canonical[ident.target]) > self._tol(ident):
                self.failed += 1
                r, c = ident.target
                self.ctx.warn("total_mismatch",
                              f"table '{self.title or '?'}': row '{self.facts[r].label}', column "
                              f"'{self.columns[c].header}': printed {_fmt(canonical[ident.target])} but "
                              f"{ident.what} gives {_fmt(expected)} (canonical signs)", self._prov(self.rows[r]))

    def _arithmetic_checks(self) -> list[tuple[int, int, int, str]]:
        cols = self.columns
        out = []
        for d, col in enumerate(cols):
            year = col.period.year if col.period else None
            same = [c for c in range(d) if cols[c].category == col.category]
            if col.measure is Measure.deviation:
                budget = _nearest(cols, same, year, {Measure.budget})
                actual = _nearest(cols, same, year, {Measure.outcome, Measure.forecast})
                if budget is not None and actual is not None:
                    out.append((d, actual, budget, f"'{cols[actual].header}' - '{cols[budget].header}'"))
            elif col.measure is Measure.change and year:
                outcomes = [c for c in range(len(cols)) if c != d and cols[c].measure is Measure.outcome
                            and cols[c].category == col.category]
                now = _nearest(cols, outcomes, year, {Measure.outcome})
                before = _nearest(cols, outcomes, year - 1, {Measure.outcome})
                if now is not None and before is not None:
                    out.append((d, now, before, f"'{cols[now].header}' - '{cols[before].header}'"))
        return out


# a row carrying its own measure compares with a row of one of these (else it is of the net cost)
ANCHOR_CATEGORIES = {FinanceCategory.net_cost, FinanceCategory.result, FinanceCategory.investment_total,
                     FinanceCategory.investment, FinanceCategory.total_costs, FinanceCategory.revenue}


def _years(col: T.Column) -> int | None:
    return col.period.year if col.period else None


def _copy(f: T.RowFacts, turnable: list[bool], negate: bool = False) -> T.RowFacts:
    values = [p if not negate or p is None or p.value is None or not t else replace(p, value=-p.value)
              for p, t in zip(f.values, turnable, strict=True)]
    return T.RowFacts(label=f.label, category=f.category, values=values, is_total=f.is_total,
                      sum_word=f.sum_word, group_items=list(f.group_items))


def _nearest(cols: list[T.Column], candidates: list[int], year: int | None, measures: set[Measure]) -> int | None:
    for c in sorted(candidates, reverse=True):
        if cols[c].measure in measures and (year is None or (cols[c].period and cols[c].period.year == year)):
            return c
    return None


def _fmt(value: float) -> str:
    text = f"{value:,.1f}".replace(",", " ")
    return text[:-2] if text.endswith(".0") else text
