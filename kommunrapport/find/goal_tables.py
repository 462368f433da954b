"""Goal tables -> goal mentions.

A goal table has a header row with a goal column (`Nämndens mål`, `Nämndmål`, `Fullmäktiges
övergripande mål`) and at least one more known column (assessment, comment, indicator, another goal
level). A table without such a header that follows one (the rest of the goal table after a page
or paragraph break) is read with the same columns. Rows with an empty council cell belong to the
council goal above; an empty perspective cell carries the perspective above. The numbered heading
just above a table of committee goals is their council goal (`2. I Alingsås finns goda ...`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kommunrapport.find.assessments import cell_assessment
from kommunrapport.find.context import Context
from kommunrapport.find.goal_mentions import Mention, clean_goal_text
from kommunrapport.find.legends import Legend, legend_before
from kommunrapport.models import BlockKind, Cell, GoalLevel, Provenance, Row, SectionKind
from kommunrapport.normalize.assessments import (
    column_role,
    decided_by_level,
    ends_dangling,
    is_focus_area_head,
    is_generic_goal_term,
    is_grouping_heading,
    is_indicator_head,
    is_status_line,
    is_structure_heading,
    number_of,
    strip_status_noise,
    words_of,
)
from kommunrapport.normalize.vocab import derived

GOAL_ROLES = {"council_goal": GoalLevel.council, "committee_goal": GoalLevel.committee,
              "assignment": GoalLevel.assignment}
_NUMBERED_GOAL = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+\S")


@dataclass
class Layout:
    """The columns of one goal table (and of the tables that continue it)."""

    roles: dict[int, str]
    headers: dict[int, str]
    n_cols: int
    council: Mention | None = None          # the council goal of the table (caption) or of the row above
    perspective: str | None = None
    last_goal: Mention | None = None


@dataclass
class EmbeddedIndicators:
    """Rows of a goal table that are a key-figure table of their own (`Nyckeltal | Mål 2023 | ...`)."""

    block: int
    first_row: int
    goal: Mention | None


@dataclass
class GoalTableResult:
    mentions: list[Mention] = field(default_factory=list)
    embedded: list[EmbeddedIndicators] = field(default_factory=list)
    goal_tables: dict[int, Layout] = field(default_factory=dict)   # block -> its layout
    headers: list[str] = field(default_factory=list)               # the column header of each goal mention


def read_goal_tables(ctx: Context, legends: list[Legend]) -> GoalTableResult:
    result = GoalTableResult()
    layout: Layout | None = None
    indicator_rows_next = False
    for i, block in enumerate(ctx.doc.blocks):
        if block.kind is BlockKind.heading:
            if leaves_goals(ctx, i):
                layout = None
            continue
        if block.kind is not BlockKind.table:
            indicator_rows_next = _opens_indicator_table(block.text)   # the table just below is its rows
            continue
        if block.kind is not BlockKind.table or block.table is None or not block.table.rows:
            continue
        rows = block.table.rows
        found = _layout(rows[0])
        start = 1
        if found is None and layout is None:
            found = _layout_from_line(ctx, i, rows)
            start = 0
        if found is not None:
            caption = _caption_council(ctx, i, found, result)
            if caption is None and layout is not None and _repeats_header(found, layout, rows):
                found.council, found.perspective, found.last_goal = layout.council, layout.perspective, layout.last_goal
            else:
                found.council = caption
            layout = found
        elif layout is None or indicator_rows_next or not _continues(rows, layout):
            first = rows[0].cells[0].text if rows[0].cells else ""
            if layout is not None and not indicator_rows_next and not is_indicator_head(first):
                layout = None
            indicator_rows_next = False
            continue
        else:
            start = 0
        indicator_rows_next = False
        result.goal_tables[i] = layout
        _read_rows(i, rows[start:], start, layout, legend_before(legends, i), result, _caption_indicator(ctx, i))
    _contrast_levels(result)
    return result


def _contrast_levels(result: GoalTableResult) -> None:
    """A document that heads some goal columns `Nämndmål` and others `Verksamhetsmål` tells two
    kinds of goals apart: the generic term is then the council's (the goals fullmäktige sets for the
    whole municipality's activities), not a second name for the committee's own."""
    table_goals = [(m, h) for m, h in zip(result.mentions, result.headers, strict=False)
                   if m.provenance.method == "table:goal"]
    generic = [m for m, h in table_goals if m.level is GoalLevel.committee and is_generic_goal_term(h)]
    named = [m for m, h in table_goals if m.level is GoalLevel.committee and not is_generic_goal_term(h)]
    if generic and named:
        for m in generic:
            m.level = GoalLevel.council
            m.parent = None


def leaves_goals(ctx: Context, index: int) -> bool:
    """A heading that opens a section of another kind (internal control, finance) ends a goal table;
    a heading inside the goal follow-up ('Koppling Agenda 2030') does not."""
    section = ctx.section_at(index)
    kind = section.canonical if section else None
    return kind is not None and kind not in (SectionKind.goals, SectionKind.indicators)


def _layout(row: Row) -> Layout | None:
    if not row.cells or is_indicator_head(row.cells[0].text):
        return None
    roles, headers = {}, {}
    for j, cell in enumerate(row.cells):
        role, _ = column_role(cell.text)
        headers[j] = cell.text
        if role and role not in roles.values():
            roles[j] = role
    goal_cols = [j for j, r in roles.items() if r in GOAL_ROLES]
    if not goal_cols and "indicator" in roles.values():
        # a scorecard (styrkort): its focus areas are the goals, its indicator rows their indicators
        focus = [j for j, cell in enumerate(row.cells) if is_focus_area_head(cell.text)]
        if focus:
            roles[focus[0]] = "committee_goal"
            goal_cols = focus[:1]
    others = [j for j, r in roles.items() if r not in GOAL_ROLES and r != "perspective"]
    if not goal_cols or not (others or len(goal_cols) > 1):
        return None
    return Layout(roles=roles, headers=headers, n_cols=len(row.cells))


def _repeats_header(found: Layout, layout: Layout, rows: list[Row]) -> bool:
    """The goal table's header printed again at the top of the next page: the table goes on, and a
    row cut by the page break goes on with the last goal (see `_wraps_on`)."""
    last = layout.last_goal
    page = rows[0].provenance.page
    return found.headers == layout.headers and last is not None and page is not None \
        and last.provenance.page is not None and page > last.provenance.page


def _layout_from_line(ctx: Context, index: int, rows: list[Row]) -> Layout | None:
    """A header row that a text rendition left as a line above the table ('Nämndens mål Aktiviteter
    Kommentar Prognos måluppfyllelse'): split into as many known column headers as the table has."""
    if index == 0 or ctx.doc.blocks[index - 1].kind is BlockKind.table:
        return None
    words = ctx.doc.blocks[index - 1].text.split()
    n = len(rows[0].cells)
    if not 2 <= n <= len(words) <= 3 * n:
        return None
    parts = _segment(tuple(words), n)
    return _layout(Row(cells=[Cell(text=p) for p in parts])) if parts else None


@derived
def _segment(words: tuple[str, ...], n: int) -> tuple[str, ...] | None:
    """`words` cut into `n` runs that are each a known column header, or None."""
    if n == 1:
        text = " ".join(words)
        return (text,) if column_role(text)[0] else None
    for cut in range(1, min(4, len(words) - n + 1) + 1):
        head = " ".join(words[:cut])
        if column_role(head)[0]:
            rest = _segment(words[cut:], n - 1)
            if rest:
                return (head, *rest)
    return None


def _continues(rows: list[Row], layout: Layout) -> bool:
    """A headerless table read with the columns of the goal table above."""
    first = rows[0]
    if is_indicator_head(first.cells[0].text if first.cells else ""):
        return False
    if len(first.cells) > layout.n_cols + 1:
        return False
    goal_cols = [j for j, r in layout.roles.items() if r in GOAL_ROLES]
    texts = [first.cells[j].text for j in goal_cols if j < len(first.cells)]
    # a goal starts a sentence; a lower-case start is the tail of a line wrapped in the table above
    return any(len(words_of(t)) >= 2 and not re.match(r"^[\d\s.,%-]+$", t) and not t.strip()[:1].islower()
               for t in texts)


def _caption_council(ctx: Context, index: int, layout: Layout, result: GoalTableResult) -> Mention | None:
    """The numbered heading just above a table of committee goals: their council goal. A heading
    with prose between it and the table is a theme the prose introduces ('10 Hälsa och
    välbefinnande'), and a heading naming a dimension or perspective only groups the goals."""
    roles = set(layout.roles.values())
    if "council_goal" in roles or "committee_goal" not in roles:
        return None
    for j in range(index - 1, max(index - 3, -1), -1):
        block = ctx.doc.blocks[j]
        if block.kind is BlockKind.table:
            return None
        text = block.text.strip()
        if not text:
            continue
        if block.kind is BlockKind.paragraph and _is_prose(text):
            return None
        if block.kind is BlockKind.heading or (_NUMBERED_GOAL.match(text) and not text.endswith(".")):
            if number_of(text) is None or len(text) > 250 or is_grouping_heading(text) \
                    or is_structure_heading(text):
                return None
            mention = Mention(clean_goal_text(text), GoalLevel.council, j,
                              block.provenance.with_method("table:caption_council", block=j))
            result.mentions.append(mention)
            return mention
    return None


def _is_prose(text: str) -> bool:
    """Running text (sentences), not a caption, a legend or a label line."""
    return len(text.split()) > 8 and text.rstrip().endswith((".", "!", "?"))


def _caption_indicator(ctx: Context, index: int) -> str | None:
    """'Indikator: X' just above a goal table: the indicator its goal is followed up by."""
    if index == 0 or ctx.doc.blocks[index - 1].kind is BlockKind.table:
        return None
    text = ctx.doc.blocks[index - 1].text.strip()
    return text.split(":", 1)[1].strip() if _is_indicator_caption(text) else None


def _read_rows(index: int, rows: list[Row], offset: int, layout: Layout, legend: Legend | None,
               result: GoalTableResult, caption: str | None = None) -> None:
    pending_caption: str | None = caption
    last_in_table: Mention | None = None
    # a report system prints each goal as one cell over several lines, its marker on the first line and
    # a 'Kommentar:' note under it: where the reader gives each line as a row, a row without an
    # assessment continues the goal above (a wrapped line) or its note
    notes_open = False
    for r, row in enumerate(rows, start=offset):
        first = row.cells[0].text.strip() if row.cells else ""
        if _is_indicator_caption(first) and not any(c.text.strip() for c in row.cells[1:]):
            pending_caption = first.split(":", 1)[1].strip()
            continue
        if is_indicator_head(first) and len(row.cells) > 1:
            result.embedded.append(EmbeddedIndicators(index, r, layout.last_goal))
            break
        prov = row.provenance.with_method("table:goal", block=index)
        row = _without_repeated_header(row, layout)
        if row is None:
            continue
        if not _assessed(row, layout):
            line = _goal_cell_text(row, layout)
            if _is_note_label(line):
                notes_open = layout.last_goal is not None
                rest = line.split(":", 1)[1].strip()
                if notes_open and rest:
                    layout.last_goal.notes.append((rest, prov.with_method("table:comment")))
                continue
            if line and layout.last_goal is not None and notes_open:
                layout.last_goal.notes.append((line, prov.with_method("table:comment")))
                continue
            if line and layout.last_goal is not None and _same_column(row, layout) \
                    and _wraps_on(layout.last_goal.text, line):
                layout.last_goal.text = clean_goal_text(f"{layout.last_goal.text} {line}")
                _attach_cells(row, layout.last_goal, layout, legend, prov)
                continue
        notes_open = False
        row_goals = _row_goals(row, r, index, prov, layout, pending_caption)
        if not row_goals:
            continue
        pending_caption = None
        _attach_cells(row, row_goals[-1], layout, legend, prov)
        result.mentions.extend(row_goals)
        result.headers.extend(layout.headers.get(m.sub // 10, "") for m in row_goals)
        layout.last_goal = last_in_table = row_goals[-1]
    if last_in_table is not None:
        last_in_table.reads_following = True


def _without_repeated_header(row: Row, layout: Layout) -> Row | None:
    """A row that repeats the table's header (printed again after a page break, where a reader may
    have run the first lines of the cut row into it): the rest of its cells, or None where nothing
    is left."""
    heads = {j: " ".join(h.split()) for j, h in layout.headers.items() if h.strip()}
    texts = {j: " ".join(c.text.split()) for j, c in enumerate(row.cells)}
    if len(heads) < 2 or not all(texts.get(j, "") == h or texts.get(j, "").startswith(h + " ")
                                 for j, h in heads.items()):
        return row
    cells = [c.model_copy(update={"text": texts[j][len(heads[j]):].strip() if j in heads else c.text})
             for j, c in enumerate(row.cells)]
    rest = row.model_copy(update={"cells": cells})
    return None if _empty(rest) else rest


def _empty(row: Row) -> bool:
    return not any(c.text.strip() or c.colour is not None for c in row.cells)


def _assessed(row: Row, layout: Layout) -> bool:
    """The row has its assessment cell filled (a word, a marker or a colour)."""
    return any(j < len(row.cells) and (row.cells[j].text.strip() or row.cells[j].colour is not None)
               for j, role in layout.roles.items() if role == "assessment")


def _goal_cell_text(row: Row, layout: Layout) -> str:
    return " ".join(row.cells[j].text.strip() for j, role in sorted(layout.roles.items())
                    if role in GOAL_ROLES and j < len(row.cells) and row.cells[j].text.strip())


def _same_column(row: Row, layout: Layout) -> bool:
    """The row's goal text stands in the column of the last goal only (a council goal in a row of
    its own is a new goal, not the tail of the committee goal above)."""
    filled = [j for j, role in layout.roles.items()
              if role in GOAL_ROLES and j < len(row.cells) and row.cells[j].text.strip()]
    return layout.last_goal is not None and filled == [layout.last_goal.sub // 10]


def _is_note_label(text: str) -> bool:
    """'Kommentar:', 'Analys: ...': a note under the goal above, never a goal."""
    head, sep, _ = text.partition(":")
    return bool(sep) and len(words_of(head)) <= 3 and column_role(head)[0] == "comment"


def _wraps_on(goal: str, line: str) -> bool:
    """A line of a goal cell wrapped onto the next row: it starts in lower case, or the line before
    ends on a word no clause ends on ('och', 'i', 'för')."""
    return line[:1].islower() or ends_dangling(goal)


def _row_goals(row: Row, r: int, index: int, prov: Provenance, layout: Layout, caption: str | None) -> list[Mention]:
    """The goals of one row, council before committee; an empty council cell keeps the one above."""
    out: list[Mention] = []
    for j, role in sorted(layout.roles.items()):
        text = row.cells[j].text if j < len(row.cells) else ""
        if role == "perspective" and text.strip():
            layout.perspective = " ".join(text.split())
        if role not in GOAL_ROLES or not text.strip():
            continue
        level = GOAL_ROLES[role]
        by_body = _decided_by(row, layout)
        if by_body is not None and level is not GoalLevel.assignment:
            level = by_body          # a 'Beslutad av' column: KF -> council, Nämnd -> committee
        for k, part in enumerate(_split_goals(text)):
            m = Mention(part, level, index, prov, row=r, sub=j * 10 + k,
                        parent=layout.council if level is not GoalLevel.council and by_body is None else None,
                        perspective=layout.perspective, indicator_caption=caption)
            if level is GoalLevel.council and by_body is None:
                layout.council = m
            out.append(m)
    return out


def _decided_by(row: Row, layout: Layout) -> GoalLevel | None:
    for j, role in layout.roles.items():
        if role == "decided_by" and j < len(row.cells):
            level = decided_by_level(row.cells[j].text)
            if level:
                return GoalLevel(level)
    return None


def _attach_cells(row: Row, target: Mention, layout: Layout, legend: Legend | None, prov: Provenance) -> None:
    """The assessment cell and the comment cells of a row go to its last (most specific) goal."""
    for j, role in layout.roles.items():
        if j >= len(row.cells):
            continue
        if role == "assessment" and target.cell_assessment is None:
            target.cell_assessment = cell_assessment(row.cells[j], layout.headers.get(j, ""), legend, prov)
        elif role == "comment" and row.cells[j].text.strip():
            target.notes.append((row.cells[j].text, prov.with_method("table:comment")))


def _opens_indicator_table(text: str) -> bool:
    """'Indikator Resultat 2023 Resultat/prognos 2024' left as a line: the header of an indicator table
    (unlike the caption 'Indikator: X', which names the indicator of the goal below)."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    return bool(first) and not first.endswith(":") and is_indicator_head(first.rstrip("/")) and len(text.split()) > 2


def _is_indicator_caption(text: str) -> bool:
    head, sep, rest = text.partition(":")
    return bool(sep) and bool(rest.strip()) and is_indicator_head(head)


def _split_goals(text: str) -> list[str]:
    """A cell may hold several goals, one per paragraph; a goal wrapped over lines is one. The status,
    due date and 'Uppdragsår' lines of a record table's uppdrag cell are no part of the text."""
    lines = [p for p in text.split("\n") if p.strip() and not is_status_line(p)]
    parts = [clean_goal_text(strip_status_noise(p)) for p in lines]
    if len(parts) > 1 and all(p[:1].isupper() and len(words_of(p)) >= 2 for p in parts):
        return parts
    joined = clean_goal_text(strip_status_noise("\n".join(lines)))
    return [joined] if joined else []
