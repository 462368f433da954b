"""A money table's signs -> the canonical convention of CONTRACT.md.

Canonical: revenue and allocations positive, costs negative (so a net cost is negative and a
surplus positive), investment expenditure negative, an action plan's planned effect positive
where it improves the result. A `deviation` already means "positive is better" and is never
turned; a `change` turns with the amounts.

INTERFACE:
    SignCell(row, category, measure, value)   one printed number of a table
    row_factors(cells, evidence) -> dict[row, +1 | -1]  how to turn each row's amounts into canonical signs
                                              (evidence: rows the table's arithmetic says are turned)
    to_canonical(value, measure, factor) -> (value, flipped)

The decision is made from the values: every row whose category says which sign it should
have (a cost, a revenue, an activity's net cost, an investment ...) votes whether the table
agrees with the convention. A table that disagrees is turned round as a whole, except its
rows of a definite kind of money (`varav kostnader -665 169` under a `netto` table of positive
costs) that are already printed canonically: those keep their signs. Likewise in a table that
agrees, a row of a definite kind printed the other way (`Kostnader 142 500` above `Nettokostnad
-118 500`) is turned alone.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kommunrapport.models import FinanceCategory as C
from kommunrapport.models import Measure

# +1: printed positive in the canonical convention, -1: printed negative
REVENUE_LIKE = {C.revenue, C.external_revenue, C.internal_revenue, C.grants, C.fees, C.municipal_allocation}
COST_LIKE = {C.personnel_costs, C.premises_costs, C.purchased_services, C.other_costs, C.internal_costs,
             C.depreciation, C.total_costs}
EXPECTED_SIGN: dict[C, int] = {
    **{c: 1 for c in REVENUE_LIKE},
    **{c: -1 for c in COST_LIKE},
    C.net_cost: -1, C.activity: -1, C.investment: -1, C.investment_total: -1, C.action: 1,
}
# rows of these categories are a definite kind of money: their printed sign can be trusted row by row
DEFINITE = REVENUE_LIKE | COST_LIKE

NEVER_TURNED = {Measure.deviation}
VOTING_MEASURES = {Measure.budget, Measure.outcome, Measure.forecast, Measure.planned_effect}


@dataclass(frozen=True)
class SignCell:
    row: int
    category: C
    measure: Measure
    value: float


def row_votes(cells: list[SignCell], evidence: dict[int, int] | None = None) -> dict[int, int]:
    """Per row: +1 where its printed values agree with the convention, -1 where they disagree, 0 unknown.
    `evidence`: rows the table's own arithmetic says are printed turned (-1) or as the convention (+1);
    it outweighs the row's kind."""
    score: dict[int, float] = defaultdict(float)
    for c in cells:
        expected = EXPECTED_SIGN.get(c.category)
        if expected is None or c.measure not in VOTING_MEASURES or c.value == 0:
            continue
        score[c.row] += expected * (1 if c.value > 0 else -1)
    for row, vote in (evidence or {}).items():
        score[row] = vote * (abs(score[row]) + 1)
    return {row: (s > 0) - (s < 0) for row, s in score.items()}


def table_is_turned(cells: list[SignCell], evidence: dict[int, int] | None = None) -> bool:
    """True where more rows disagree with the canonical convention than agree with it."""
    votes = row_votes(cells, evidence).values()
    return sum(votes) < 0


def row_factors(cells: list[SignCell], evidence: dict[int, int] | None = None) -> dict[int, int]:
    """+1 (as printed) or -1 (turn round) for every row that has a cell (or arithmetic evidence)."""
    rows = {c.row for c in cells} | set(evidence or {})
    votes = row_votes(cells, evidence)
    definite = {c.row for c in cells if c.category in DEFINITE}
    if not table_is_turned(cells, evidence):
        # a row of a definite kind printed against the table ('Kostnader 142 500' over 'Nettokostnad
        # -118 500'): turned alone where a row of the other sign agrees (the table does use signs)
        expected = {c.row: EXPECTED_SIGN[c.category] for c in cells if c.category in EXPECTED_SIGN}
        agreeing = {expected[r] for r, v in votes.items() if v > 0 and r in expected}
        return {r: -1 if (r in definite and votes.get(r, 0) < 0 and -expected[r] in agreeing) else 1
                for r in rows}
    return {r: 1 if (r in definite and votes.get(r, 0) > 0) else -1 for r in rows}


def to_canonical(value: float, measure: Measure, factor: int) -> tuple[float, bool]:
    """The value in canonical signs and whether it was turned round."""
    if factor == 1 or measure in NEVER_TURNED:
        return value, False
    return -value, True
