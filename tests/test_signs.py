"""normalize/signs.py: which tables are turned round, and which rows keep their printed signs."""
from __future__ import annotations

from kommunrapport.models import FinanceCategory as C
from kommunrapport.models import Measure as M
from kommunrapport.normalize.signs import SignCell, row_factors, table_is_turned, to_canonical


def cells(*rows):
    return [SignCell(r, cat, measure, v) for r, (cat, measure, values) in enumerate(rows) for v in values]


def test_canonical_table_is_left_alone():
    # Alingsås: revenue positive, costs negative
    cs = cells((C.revenue, M.budget, [16924]), (C.personnel_costs, M.budget, [-137901]),
               (C.net_cost, M.budget, [-224047]), (C.municipal_allocation, M.budget, [224047]))
    assert not table_is_turned(cs)
    assert set(row_factors(cs).values()) == {1}


def test_costs_positive_revenues_negative_is_turned():
    # Sala: Externa intäkter -16 173, Personalkostnader 67 385, Resultat 105 756
    cs = cells((C.external_revenue, M.budget, [-16173, -13233]), (C.personnel_costs, M.budget, [67385, 63383]),
               (C.result, M.budget, [105756]))
    assert table_is_turned(cs)
    assert row_factors(cs) == {0: -1, 1: -1, 2: -1}


def test_netto_table_of_positive_costs_keeps_rows_printed_canonically():
    # Linköping: activities positive, 'varav kostnader' negative and 'varav intäkter' positive
    cs = cells((C.activity, M.forecast, [224615, 226615]), (C.activity, M.forecast, [92424]),
               (C.activity, M.forecast, [12012]), (C.activity, M.forecast, [71310]),
               (C.activity, M.outcome, [0, -94904]), (C.net_cost, M.forecast, [475169]),
               (C.total_costs, M.forecast, [-665169]), (C.revenue, M.forecast, [190000]))
    factors = row_factors(cs)
    assert factors == {0: -1, 1: -1, 2: -1, 3: -1, 4: -1, 5: -1, 6: 1, 7: 1}


def test_deviations_never_vote_and_never_turn():
    cs = cells((C.personnel_costs, M.deviation, [4002, 4767]), (C.revenue, M.deviation, [-2940]))
    assert not table_is_turned(cs)
    assert to_canonical(4002, M.deviation, -1) == (4002, False)
    assert to_canonical(14593, M.change, -1) == (-14593, True)


def test_investments_printed_positive_are_turned_negative():
    cs = cells((C.investment, M.budget, [400, 400]), (C.investment_total, M.outcome, [372]))
    assert table_is_turned(cs)
    cs = cells((C.investment, M.outcome, [-7.5, -7.4]), (C.investment_total, M.outcome, [-13.6]))
    assert not table_is_turned(cs)


def test_action_plan_savings_printed_negative_become_positive():
    cs = cells((C.action, M.planned_effect, [-1300]), (C.action, M.outcome, [-1300]), (C.action, M.planned_effect, [-500]))
    assert table_is_turned(cs)
    assert to_canonical(-1300, M.planned_effect, row_factors(cs)[0]) == (1300, True)


def test_allocation_table_with_one_negative_component_stays():
    cs = cells((C.municipal_allocation, M.budget, [857.3]), (C.municipal_allocation, M.budget, [-0.6]),
               (C.municipal_allocation, M.budget, [2.2]))
    assert not table_is_turned(cs)


def test_no_evidence_means_as_printed():
    assert row_factors(cells((C.other, M.budget, [5]), (C.result, M.outcome, [0]))) == {0: 1, 1: 1}
