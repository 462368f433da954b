"""An Extraction as the review page lists it: one entry per fact, with what to show and where.

A fact is a financial line, a goal, a goal's assessment, a sick-leave figure or an indicator. Each
keeps its place (page and bbox, or line), the words to show on hover and click, the warnings that
name it and its status: `warning`, `reconciled` (its table's arithmetic holds), `unreconciled`
(it does not) or `unchecked`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kommunrapport.models.provenance import Provenance
from kommunrapport.models.report import (
    Extraction,
    FinancialLine,
    Goal,
    Indicator,
    Period,
    SickLeaveFigure,
    TableSummary,
    Warning,
)
from kommunrapport.review.numbers import number_keys

KINDS = ("financial", "goal", "assessment", "sick_leave", "indicator")
KIND_LABELS = {"financial": "financial line", "goal": "goal", "assessment": "assessment",
               "sick_leave": "sick leave", "indicator": "indicator"}
# a table's `skipped` reason or `reconciled` value -> the status its facts and its box show
TABLE_STATUS = {"yes": "reconciled", "no": "unreconciled", "unchecked": "unchecked"}

Box = tuple[float, float, float, float]


@dataclass
class ReviewFact:
    id: str
    kind: str
    title: str                                  # one line for the list and the tooltip
    provenance: Provenance
    fields: list[tuple[str, str]]               # what the detail panel shows, in order
    keys: set[str]                              # the numbers the fact was read from (to find it on the page)
    table_id: str | None = None
    period_raw: str = ""
    warnings: list[Warning] = field(default_factory=list)
    status: str = "unchecked"
    box: Box | None = None                      # where it is drawn (its bbox, or its own number in the row)
    box_source: str = "none"                    # 'bbox', 'number' (found in its row), 'row' or 'none'
    amount: str = ""                            # the amount in kronor as shown, for financial lines
    column: tuple = ()                          # (table, measure, period) of a table cell: its column

    @property
    def page(self) -> int | None:
        return self.provenance.page

    @property
    def line(self) -> int | None:
        return self.provenance.line


@dataclass
class ReviewTable:
    id: str
    summary: TableSummary
    status: str                                 # reconciled / unreconciled / unchecked / skipped
    title: str
    fields: list[tuple[str, str]]
    columns: list[tuple[str, str, str]]         # header, measure, period


def collect_facts(ex: Extraction) -> list[ReviewFact]:
    """Every fact of the extraction in document order of kind: lines, goals, assessments, sick leave, indicators."""
    tables = {t.id: t for t in ex.tables}
    facts: list[ReviewFact] = []
    for line in ex.financial_lines:
        facts.append(_financial(line, tables.get(line.table_id or "")))
    goals = {g.id: g for g in ex.goals}
    for goal in ex.goals:
        facts.append(_goal(goal, goals))
        if goal.assessment is not None:
            facts.append(_assessment(goal))
    for figure in ex.sick_leave:
        facts.append(_sick_leave(figure, tables.get(figure.table_id or "")))
    for indicator in ex.indicators:
        facts.append(_indicator(indicator, goals, tables.get(indicator.table_id or "")))
    for n, fact in enumerate(facts, start=1):
        fact.id = f"f{n}"
        table = tables.get(fact.table_id or "")
        if table is not None:
            fact.status = TABLE_STATUS.get(table.reconciled.value, "unchecked")
    return facts


def collect_tables(ex: Extraction) -> list[ReviewTable]:
    return [_table(t) for t in ex.tables]


def attach_warnings(facts: list[ReviewFact], warnings: list[Warning]) -> list[Warning]:
    """Give each warning to the facts it names at its place; return the warnings that name none.

    A warning names a fact when it stands at the fact's place (same page and bbox, or same line) and
    quotes the fact's number, or, where the row has several facts, also its column. A warning about a
    cell that was left out names no fact of its row and stays on its own, at the row."""
    at_place: dict[tuple, list[ReviewFact]] = {}
    for fact in facts:
        at_place.setdefault(_place(fact.provenance), []).append(fact)
    alone = []
    for warning in warnings:
        place = _place(warning.provenance) if warning.provenance else None
        named = [f for f in at_place.get(place, []) if _names(warning.message, f)] if place else []
        if len(named) > 1:
            named = [f for f in named if f.period_raw and f"'{f.period_raw}" in warning.message] or named
        for fact in named:
            fact.warnings.append(warning)
            fact.status = "warning"
        if not named:
            alone.append(warning)
    return alone


def _place(p: Provenance) -> tuple:
    if p.page is None and p.line is None:
        return ("nowhere",)
    return (p.page, p.line, tuple(p.bbox) if p.bbox else None)


def _names(message: str, fact: ReviewFact) -> bool:
    """Whether the message quotes one of the fact's numbers as a whole number, or its label."""
    if fact.kind in ("goal", "assessment"):
        return True
    quoted = number_keys(message)
    return bool(fact.keys & quoted)


# ---- one fact of each kind ---------------------------------------------------------------------------


def _financial(line: FinancialLine, table: TableSummary | None) -> ReviewFact:
    amount = sek(line.amount_sek)
    unit = line.unit_raw
    if table is not None and table.unit_source is not None:
        unit = f"{unit} (from the {table.unit_source.value})"
    fields = [
        ("Label", line.label),
        ("Category", line.category.value + (f" (match {line.category_score:.0f})"
                                             if line.category_score is not None else "")),
        ("Measure", line.measure.value),
        ("Period", period(line.period)),
        ("Amount (kr)", amount),
        ("Raw text", line.raw),
        ("Unit", unit),
        ("Total row", "yes" if line.is_total else "no"),
        ("Sign turned", "yes" if line.sign_flipped else "no"),
        ("Table", _table_name(line.table.value, line.table_title, line.table_id)),
        ("Rule", line.provenance.method),
        ("Place", place(line.provenance)),
    ]
    title = f"{line.label} · {line.measure.value} {line.period.raw or line.period.year or ''} · {amount}"
    column = (line.provenance.page, line.provenance.block, line.measure.value, line.period.raw)
    return ReviewFact("", "financial", title, line.provenance, fields, number_keys(line.raw),
                      line.table_id, line.period.raw, amount=amount, column=column)


def _goal(goal: Goal, goals: dict[str, Goal]) -> ReviewFact:
    parent = goals.get(goal.parent_id or "")
    fields = [
        ("Goal", goal.text),
        ("Level", goal.level.value),
        ("Perspective", goal.perspective or "–"),
        ("Serves", f"{parent.id}: {parent.text}" if parent else "–"),
        ("Assessment", f"{goal.assessment.level.value} ({goal.assessment.raw})" if goal.assessment else "none"),
        ("Indicators", ", ".join(goal.indicator_ids) or "–"),
        ("Rule", goal.provenance.method),
        ("Place", place(goal.provenance)),
        ("Also stated at", "; ".join(place(p) for p in goal.also_at) or "–"),
    ]
    return ReviewFact("", "goal", f"{goal.id} ({goal.level.value}): {goal.text}", goal.provenance, fields,
                      number_keys(goal.text))


def _assessment(goal: Goal) -> ReviewFact:
    a = goal.assessment
    assert a is not None
    fields = [
        ("Assessment", a.level.value + (" (forecast)" if a.is_forecast else "")),
        ("Of goal", f"{goal.id}: {goal.text}"),
        ("Raw", a.raw),
        ("Basis", a.basis.value),
        ("Scale", f"step {a.scale.position} of {a.scale.size}: {' / '.join(a.scale.labels)}" if a.scale else "–"),
        ("Rule", a.provenance.method),
        ("Place", place(a.provenance)),
    ]
    title = f"{a.level.value}{' (forecast)' if a.is_forecast else ''} ← {goal.id}: {goal.text}"
    return ReviewFact("", "assessment", title, a.provenance, fields, number_keys(a.raw))


def _sick_leave(figure: SickLeaveFigure, table: TableSummary | None) -> ReviewFact:
    fields = [
        ("Category", figure.category.value),
        ("Period", period(figure.period)),
        ("Percent", f"{figure.percent:g} %"),
        ("Raw text", figure.raw),
        ("Table", _table_name("sick_leave", table.title if table else None, figure.table_id)
         if figure.table_id else "– (prose)"),
        ("Rule", figure.provenance.method),
        ("Place", place(figure.provenance)),
    ]
    title = f"sick leave {figure.category.value} {figure.period.raw or figure.period.year or ''}: {figure.percent:g} %"
    column = (figure.provenance.page, figure.provenance.block, "percent", figure.period.raw)
    return ReviewFact("", "sick_leave", title, figure.provenance, fields, number_keys(figure.raw),
                      figure.table_id, figure.period.raw, column=column)


def _indicator(ind: Indicator, goals: dict[str, Goal], table: TableSummary | None) -> ReviewFact:
    values = "; ".join(f"{v.kind.value} {v.period.raw or v.period.year or ''}: "
                       f"{'–' if v.value is None else f'{v.value:g}'} ({v.raw})" for v in ind.values)
    goal = goals.get(ind.goal_id or "")
    fields = [
        ("Indicator", ind.name),
        ("Unit", ind.unit.value if ind.unit else "–"),
        ("Values", values or "–"),
        ("Goal", f"{goal.id}: {goal.text}" if goal else "–"),
        ("Table", _table_name("indicators", table.title if table else None, ind.table_id)
         if ind.table_id else "–"),
        ("Rule", ind.provenance.method),
        ("Place", place(ind.provenance)),
    ]
    keys = set().union(*(number_keys(v.raw) for v in ind.values)) if ind.values else set()
    return ReviewFact("", "indicator", f"{ind.id}: {ind.name}", ind.provenance, fields, keys, ind.table_id)


def _table(t: TableSummary) -> ReviewTable:
    status = "skipped" if t.skipped else TABLE_STATUS.get(t.reconciled.value, "unchecked")
    unit = t.unit_raw or "–"
    if t.unit_raw and t.unit_source:
        unit = f"{t.unit_raw} (from the {t.unit_source.value})"
    fields = [
        ("Table", t.title or "(no title)"),
        ("Kind", t.kind.value if t.kind else "–"),
        ("Unit", unit),
        ("Sign turned", "yes" if t.sign_flipped else "no"),
        ("Rows read", str(t.rows)),
        ("Facts", str(t.facts)),
        ("Reconciled", t.reconciled.value),
        ("Skipped", t.skipped or "–"),
        ("Rule", t.provenance.method),
        ("Place", place(t.provenance)),
    ]
    columns = [(c.header, c.measure.value if c.measure else "–", period(c.period) if c.period else "–")
               for c in t.columns]
    title = f"{t.id}: {t.title or t.kind or 'table'}"
    return ReviewTable(t.id, t, status, title, fields, columns)


# ---- words -------------------------------------------------------------------------------------------


def sek(amount: int | None) -> str:
    """10135000 -> '10 135 000 kr' (narrow no-break spaces); None -> an empty cell."""
    if amount is None:
        return "– (empty cell)"
    return f"{amount:,} kr".replace(",", "\u202f").replace("-", "−")


def period(p: Period) -> str:
    span = f"{p.start} – {p.end}" if p.start and p.end else (str(p.year) if p.year else "?")
    return f"{span} (printed: {p.raw})" if p.raw else span


def place(p: Provenance) -> str:
    where = []
    if p.page is not None:
        where.append(f"page {p.page}")
    if p.line is not None:
        where.append(f"line {p.line}")
    if p.bbox is not None:
        where.append("bbox " + ", ".join(f"{v:.1f}" for v in p.bbox))
    return ", ".join(where) or "no place recorded"


def _table_name(kind: str, title: str | None, table_id: str | None) -> str:
    return " · ".join(x for x in (table_id, kind, f"“{title}”" if title else None) if x)

