"""Indicators: key-figure tables (`Nyckeltal | Mål 31 dec 2023 | Utfall 31 aug 2023 | ...`), indicator
tables with a second header row (`Socialnämndens indikatorer | 2016 | 2017 | 2018` over
`Utfall per 31 aug. | Målvärde | Prognos`), the indicator column of a goal table, and lists of
measures under a goal (`Mått`). Each value keeps its kind (target, outcome, forecast), period and raw
text; `≥81` is a target of 81, `Utfall saknas` and `-` are no value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from kommunrapport.find.context import Context
from kommunrapport.find.goal_mentions import Mention
from kommunrapport.find.goal_tables import GoalTableResult, Layout, leaves_goals
from kommunrapport.models import (
    Block,
    BlockKind,
    Indicator,
    IndicatorUnit,
    IndicatorValue,
    Period,
    Provenance,
    Row,
    SectionKind,
)
from kommunrapport.normalize.assessments import (
    column_role,
    goal_level_of_heading,
    is_indicator_head,
    is_indicator_list_head,
    number_of,
    unit_of,
    value_kind,
)
from kommunrapport.normalize.nlp import sentences
from kommunrapport.normalize.numbers import parse_number, table_decimal_mark

MAX_NAME_CHARS = 300
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_SOURCE = re.compile(r"\s*\bKälla\s*:.*$", re.S | re.I)
_NO_VALUE = re.compile(r"^(-|–|—|saknas|utfall saknas|ej tillgängligt|uppgift saknas)$", re.I)


@dataclass
class ValueColumn:
    index: int
    kind: str
    header: str
    period: Period


def read_indicators(ctx: Context, mentions: list[Mention], tables: GoalTableResult) -> list[Indicator]:
    out: list[Indicator] = []
    blocks = ctx.doc.blocks
    previous: tuple[int, list[ValueColumn], int, int] | None = None    # block, columns, name column, n_cols
    embedded = {e.block: e for e in tables.embedded}
    for i, block in enumerate(blocks):
        if block.kind is not BlockKind.table or block.table is None or not block.table.rows:
            continue
        rows = block.table.rows
        if i in embedded:
            e = embedded[i]
            out.extend(_table(ctx, i, rows[e.first_row:], e.goal.goal_id if e.goal else None, "table:key_figures"))
            previous = None
            continue
        if i in tables.goal_tables:
            out.extend(_goal_table_column(ctx, i, rows, tables.goal_tables[i], mentions))
            previous = None
            continue
        first = rows[0].cells[0].text if rows[0].cells else ""
        names_col = _names_column(rows[0])
        if is_indicator_head(first) or names_col is not None or (previous and previous[0] == i - 1 and _own_periods(rows[0])):
            found = _table(ctx, i, rows, None, "table:indicators", names_col or 0)
            _link(ctx, found, i, mentions)
            out.extend(found)
            previous = (i, _value_columns(ctx, _header_rows(rows)), names_col or 0, len(rows[0].cells))
            continue
        if previous and _continues(rows, previous[3]) and not _separated(ctx, previous[0], i):
            found = _rows(ctx, i, rows, previous[1], previous[2], "table:indicators")
            _link(ctx, found, i, mentions)
            out.extend(found)
            continue
        previous = None
    out.extend(_measure_lists(ctx, mentions))
    return _numbered(_merged(out))


def _merged(found: list[Indicator]) -> list[Indicator]:
    """An indicator a goal table names without values and a key-figure table gives values for (the
    same name, the same goal or none): one indicator, stated where the goal names it."""
    out: list[Indicator] = []
    named: dict[str, int] = {}
    for ind in found:
        key = " ".join(ind.name.lower().split())
        n = named.get(key)
        if n is not None and not out[n].values and ind.values and ind.goal_id in (None, out[n].goal_id):
            out[n] = out[n].model_copy(update={"values": ind.values, "unit": out[n].unit or ind.unit})
            continue
        if not ind.values and key not in named:
            named[key] = len(out)
        out.append(ind)
    return out


def _numbered(found: list[Indicator]) -> list[Indicator]:
    return [ind.model_copy(update={"id": f"i{n}"}) for n, ind in enumerate(found, start=1)]


def _names_column(header: Row) -> int | None:
    """A table of named measures whose name column is not the first (`Verksamhet | Verksamhetsmått`)."""
    for j, cell in enumerate(header.cells[1:], start=1):
        if column_role(cell.text)[0] == "indicator" and not _YEAR.search(cell.text):
            return j
    return None


def _header_rows(rows: list[Row]) -> list[Row]:
    """The first row and the rows under it with an empty first cell and no numbers (`| | Utfall per 31 aug.`)."""
    out = [rows[0]]
    for row in rows[1:3]:
        texts = row.texts
        if texts and not texts[0].strip() and any(t.strip() for t in texts[1:]) and not any(
                parse_number(t).value is not None and not _YEAR.fullmatch(t.strip()) for t in texts[1:]):
            out.append(row)
        else:
            break
    return out


def _value_columns(ctx: Context, headers: list[Row]) -> list[ValueColumn]:
    top = _carried(headers[0].texts)
    sub = headers[1].texts if len(headers) > 1 else []
    cols = []
    for j in range(1, max(len(top), len(sub))):
        upper = top[j] if j < len(top) else ""
        lower = sub[j] if j < len(sub) else ""
        header, above = (lower, upper or None) if lower.strip() else (upper, None)
        if column_role(header)[0] in ("comment", "indicator"):
            continue
        kind = value_kind(header) or value_kind(above or "") or ("outcome" if _YEAR.search(header or "")
                                                                  or _YEAR.search(above or "") else None)
        if kind is None:
            continue
        cols.append(ValueColumn(j, kind, header, _period(ctx, header, above)))
    return cols


def _carried(texts: list[str]) -> list[str]:
    """A top header cell spans the empty cells to its right (`2018` over `Utfall per 31 aug. | Målvärde`)."""
    out, last = [], ""
    for n, t in enumerate(texts):
        if t.strip():
            last = t
        out.append(t if t.strip() or n == 0 else last)
    return out + [last] * 3


def _period(ctx: Context, header: str, above: str | None) -> Period:
    from kommunrapport.normalize.periods import parse_period

    try:
        found = parse_period(header, report=ctx.report, above=above)
    except NotImplementedError:
        found = None
    if found is not None:
        return found
    m = _YEAR.search(f"{above or ''} {header}")
    return Period(year=int(m.group(0)) if m else None, raw=" ".join(filter(None, [above, header])))


def _table(ctx: Context, index: int, rows: list[Row], goal_id: str | None, method: str,
           name_col: int = 0) -> list[Indicator]:
    headers = _header_rows(rows)
    columns = _value_columns(ctx, headers) if name_col == 0 else []
    found = _rows(ctx, index, rows[len(headers):], columns, name_col, method)
    return [ind.model_copy(update={"goal_id": goal_id}) for ind in found]


def _rows(ctx: Context, index: int, rows: list[Row], columns: list[ValueColumn], name_col: int,
          method: str, keep_empty: bool = False) -> list[Indicator]:
    mark = table_decimal_mark(c.text for r in rows for c in r.cells[1:])
    out = []
    for row in rows:
        texts = row.texts
        name = _name(texts[name_col] if name_col < len(texts) else "")
        if not name:
            continue
        values = []
        for col in columns:
            raw = texts[col.index] if col.index < len(texts) else ""
            value = _value(ctx, raw, col, mark, row.provenance)
            if value is not None:
                values.append(value)
        if columns and not values and not keep_empty:
            continue            # a group row ('Social barn och ungdomsvård')
        header_text = " ".join(c.header for c in columns)
        unit = unit_of(name) or ("percent" if any("%" in v.raw for v in values) else None) or unit_of(header_text)
        out.append(Indicator(id="", name=name, unit=IndicatorUnit(unit) if unit else None, values=values,
                             provenance=row.provenance.with_method(method, block=index)))
    return out


def _name(text: str) -> str | None:
    first = _SOURCE.sub("", text or "").strip()
    first = " ".join(first.split())
    if not first or first.lower().startswith("källa") or len(first) > MAX_NAME_CHARS:
        return None
    if re.fullmatch(r"[\d\s.,%-]+", first):
        return None
    return first


def _value(ctx: Context, raw: str, col: ValueColumn, mark: str | None, prov: Provenance) -> IndicatorValue | None:
    text = " ".join((raw or "").split("\n")[0].split())
    if not text:
        return None
    if _NO_VALUE.match(text):
        return IndicatorValue(kind=col.kind, period=col.period, value=None, raw=raw.strip())
    parsed = parse_number(text, decimal_mark=mark)
    if parsed.value is None:
        if re.search(r"\d", text):
            ctx.warn("unreadable_indicator_value", f"'{text}' is not one number; left out", prov)
        return None
    return IndicatorValue(kind=col.kind, period=col.period, value=parsed.value, raw=raw.strip())


def _own_periods(header: Row) -> bool:
    """A table after an indicator table that heads its value columns with periods of its own (a
    second table stacked under the first): read under its own header, not the first one's."""
    return header.is_header and sum(1 for t in header.texts[1:] if _YEAR.search(t)) >= 2


def _continues(rows: list[Row], n_cols: int) -> bool:
    first = rows[0]
    if not first.cells or not first.cells[0].text.strip():
        return False
    return abs(len(first.cells) - n_cols) <= 1 and not is_indicator_head(first.cells[0].text)


def _goal_table_column(ctx: Context, index: int, rows: list[Row], layout: Layout,
                       mentions: list[Mention]) -> list[Indicator]:
    """The indicator column of a wide goal table: one indicator per row, for the goal of that row."""
    ind_cols = [j for j, r in layout.roles.items() if r == "indicator"]
    if not ind_cols:
        return []
    header_row = next((r for r in rows if r.texts and any(column_role(t)[0] == "indicator" for t in r.texts)), None)
    columns: list[ValueColumn] = []
    if header_row is not None:
        at = rows.index(header_row)
        headers = _header_rows(rows[at:])
        columns = [c for c in _value_columns(ctx, headers) if c.index not in layout.roles]
    row_goal = {m.row: m for m in mentions if m.block == index and m.creates}
    out = []
    current: str | None = _last_goal_before(mentions, index)
    for r, row in enumerate(rows):
        if r in row_goal:
            current = row_goal[r].goal_id
        j = ind_cols[0]
        if j >= len(row.cells) or row is header_row or column_role(row.cells[j].text)[0] == "indicator":
            continue
        found = _rows(ctx, index, [_only(row, j, columns)], columns, 0, "table:goal_indicator", keep_empty=True)
        out.extend(ind.model_copy(update={"goal_id": current}) for ind in found)
    return out


def _only(row: Row, name_col: int, columns: list[ValueColumn]) -> Row:
    """The row with its indicator cell moved to the front (the value columns keep their places)."""
    cells = list(row.cells)
    cells[0] = cells[name_col]
    return row.model_copy(update={"cells": cells})


def _last_goal_before(mentions: list[Mention], index: int) -> str | None:
    before = [m for m in mentions if m.block < index and m.goal_id]
    return before[-1].goal_id if before else None


def _separated(ctx: Context, start: int, end: int) -> bool:
    """A heading between two blocks that opens a new part: numbered, naming a goal level, or a
    section of another kind. Labels such as 'Beskrivning' or 'Koppling Agenda 2030' are no break."""
    for k in range(start + 1, end):
        block = ctx.doc.blocks[k]
        if block.kind is BlockKind.heading and (number_of(block.text) or goal_level_of_heading(block.text)
                                                or leaves_goals(ctx, k) or _opens_indicator_section(ctx, k)):
            return True
    return False


def _opens_indicator_section(ctx: Context, index: int) -> bool:
    """A heading of its own for the key figures ('Nyckeltal'): they follow up the section, not the goal above."""
    section = ctx.section_at(index)
    return section is not None and section.canonical is SectionKind.indicators


def _link(ctx: Context, found: list[Indicator], index: int, mentions: list[Mention]) -> None:
    """An indicator table belongs to the goal stated above it (no heading between): by the name the
    goal row gave its indicator, by order where one row stands for each goal of the table above, else
    the last goal."""
    above = [m for m in mentions if m.block < index and m.goal_id]
    if not above:
        return
    last = above[-1]
    if _separated(ctx, last.block, index):
        return
    group = [m for m in above if m.block == last.block and m.creates]
    captions = [(m.indicator_caption, m.goal_id) for m in above if m.indicator_caption]
    for n, ind in enumerate(found):
        goal = last.goal_id
        if captions:
            hit = process.extractOne(ind.name, [c[0] for c in captions], scorer=fuzz.token_set_ratio, score_cutoff=85)
            if hit:
                goal = captions[hit[2]][1]
        elif len(group) == len(found) > 1:
            goal = group[n].goal_id
        found[n] = ind.model_copy(update={"goal_id": goal})


def _measure_lists(ctx: Context, mentions: list[Mention]) -> list[Indicator]:
    """`Mått` followed by one measure per line, under a goal."""
    blocks = ctx.doc.blocks
    out = []
    for i, block in enumerate(blocks):
        if block.kind in (BlockKind.table, BlockKind.heading):
            continue
        head, _, rest = block.text.strip().partition(" ")
        if is_indicator_list_head(block.text):
            names = [(j, blocks[j].text) for j in _list_after(blocks, i)]
        elif is_indicator_list_head(head) and rest[:1].isupper():
            names = [(i, s.text) for s in sentences(rest)]    # 'Mått Andel ... . Andel ... .' run together
        else:
            continue
        goal = _last_goal_before(mentions, i)
        last = [m for m in mentions if m.block < i and m.goal_id]
        if last and _separated(ctx, last[-1].block, i):
            goal = None
        for j, name in names:
            unit = unit_of(name)
            out.append(Indicator(id="", name=" ".join(name.split()), unit=IndicatorUnit(unit) if unit else None,
                                 goal_id=goal, provenance=blocks[j].provenance.with_method("list:measures", block=j)))
    return out


def _list_after(blocks: list[Block], index: int) -> list[int]:
    out = []
    for j in range(index + 1, len(blocks)):
        if blocks[j].kind not in (BlockKind.paragraph, BlockKind.list_item) or len(blocks[j].text) > MAX_NAME_CHARS:
            break
        out.append(j)
    return out
