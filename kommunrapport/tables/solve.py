"""A money table's own arithmetic, used to choose among the few readings its words leave open.

Every money table carries a check: rows add up to their totals, outcome - budget = deviation, two
outcomes differ by the change. Where the header or the signs leave a choice (is `Diff` a change or a
deviation? is this table printed with costs positive? was its deviation computed on the printed
amounts? is `0,800` eight hundred or eight tenths?) the reading under which the identities hold is
the one kept; where nothing can be checked the printed form stands.

INTERFACE (tables/header.py gives the structure, find/finance.py the facts):
    Identity(target, plus, minus)           a cell that should equal plus - minus; cells are (row, column)
    decimal_mark(cells, unit_factor, mark) -> ',' | '.' | None
    difference_measure(values, target, outcomes, actuals, budgets) -> Measure | None
    sign_votes(values, identities) -> {row: -1}      rows whose deviation says the amounts are turned
    deviation_factors(printed, canonical, identities, tolerance, deviation_cells) -> {cell: +1 | -1}
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kommunrapport.models import Measure

Cell = tuple[int, int]          # (row, value column)
Values = dict[Cell, float]      # printed (or canonical) value of every readable cell

LEADING_ZERO_GROUP = re.compile(r"^[-−–+]?\s?0([.,])\d{3}$")     # '0,800', '-0,092': never thousands
THREE_DIGIT_GROUP = re.compile(r"^[-−–+]?\s?\d{1,3}([.,])\d{3}$")


@dataclass(frozen=True)
class Identity:
    """target = plus - minus: a deviation (actual - budget) or a change (outcome - outcome before)."""
    target: Cell
    plus: Cell
    minus: Cell
    measure: Measure            # the measure the target cell is read with
    what: str = ""              # how to name it in a warning


# ---- decimal mark --------------------------------------------------------------------------------


def decimal_mark(cells: list[str], unit_factor: int | None, mark: str | None) -> str | None:
    """The table's decimal mark where its cells leave it open ('1,250' alone): a leading zero before a
    three-digit group ('0,800') is a decimal in any table; in a table of millions a comma followed by
    three digits is a decimal too (Swedish groups thousands with spaces, and a committee's millions
    run to hundreds, not to hundreds of thousands)."""
    if mark is not None:
        return mark
    marks = {m.group(1) for c in cells if (m := LEADING_ZERO_GROUP.match((c or "").strip()))}
    if len(marks) == 1:
        return marks.pop()
    if unit_factor and unit_factor >= 1_000_000:
        marks = {m.group(1) for c in cells if (m := THREE_DIGIT_GROUP.match((c or "").strip()))}
        if marks == {","}:
            return ","
    return None


# ---- which difference a column holds -------------------------------------------------------------


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol


def difference_measure(values: Values, target: int, pairs: dict[Measure, list[tuple[int, int]]],
                       rows: list[int], tol: Callable[[Cell, Cell, Cell], float]) -> Measure | None:
    """The measure (`change` or `deviation`) whose pairs of columns give the target column's every
    value as plus - minus (in the printed signs or, for a table printed turned, the other way round);
    None where no pair or more than one kind of pair does."""
    fits: set[Measure] = set()
    for measure, candidates in pairs.items():
        for plus, minus in candidates:
            tried = held = 0
            for r in rows:
                t, p, m = (r, target), (r, plus), (r, minus)
                if t not in values or p not in values or m not in values:
                    continue
                if values[p] == values[m] and values[t] == 0:
                    continue        # a zero difference tells nothing
                tried += 1
                diff = values[p] - values[m]
                held += _close(diff, values[t], tol(t, p, m)) or _close(-diff, values[t], tol(t, p, m))
            if tried and held == tried:
                fits.add(measure)
    return fits.pop() if len(fits) == 1 else None


# ---- signs ---------------------------------------------------------------------------------------


def sign_votes(values: Values, identities: list[Identity],
               tol: Callable[[Identity], float]) -> dict[int, int]:
    """Rows whose printed deviation is budget - actual (a table that prints costs positive computes the
    deviation so that positive is better: `Budget 190,0 | Bokslut 188,1 | Avvikelse 1,9`): -1 (the
    amounts are printed turned). A deviation that is actual - budget says nothing here: it is what a
    canonical table prints, and also what a turned table prints when it computed the deviation on the
    printed amounts."""
    out: dict[int, int] = {}
    for ident in identities:
        if ident.measure is not Measure.deviation:
            continue
        cells = (ident.target, ident.plus, ident.minus)
        if any(c not in values for c in cells):
            continue
        d, a, b = (values[c] for c in cells)
        if a == b:
            continue
        if _close(b - a, d, tol(ident)) and not _close(a - b, d, tol(ident)):
            for r in {ident.plus[0], ident.minus[0]}:
                out[r] = -1
    return out


def deviation_factors(printed: Values, canonical: Values, identities: list[Identity],
                      tol: Callable[[Identity], float], group_of: dict[Cell, object]) -> dict[Cell, int]:
    """+1 or -1 for each deviation cell (the keys of `group_of`): the sign under which the deviations are
    (actual - budget) in canonical signs. A deviation computed on amounts printed turned
    (`Nettoinvesteringar 2 329 | Budget 4 259 | Budgetavvikelse -1 930`) turns with them. The decision
    is made for a group of deviations computed alike (a column, or a row that carries the measure) by
    the majority of its cells that an identity checks; a cell that disagrees with its group is a
    misprint and is kept as its group is; with no evidence the printed signs stand."""
    votes: dict[object, list[int]] = {}
    for ident in identities:
        if ident.measure is not Measure.deviation or ident.target not in group_of:
            continue
        if ident.target not in printed or ident.plus not in canonical or ident.minus not in canonical:
            continue
        expected = canonical[ident.plus] - canonical[ident.minus]
        d = printed[ident.target]
        if expected == 0 and d == 0:
            continue
        if _close(expected, d, tol(ident)):
            votes.setdefault(group_of[ident.target], []).append(1)
        elif _close(expected, -d, tol(ident)):
            votes.setdefault(group_of[ident.target], []).append(-1)
    turned = {g for g, vs in votes.items() if sum(vs) < 0}
    return {cell: -1 if g in turned else 1 for cell, g in group_of.items()}
