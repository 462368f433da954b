"""Indicators: key-figure tables under goals, indicator tables with two header rows, measure lists."""
from kommunrapport.find.goal_mentions import goal_key


def indicator(extraction, start):
    return next(i for i in extraction.indicators if i.name.startswith(start))


def values(ind, kind):
    return [v for v in ind.values if v.kind.value == kind]


def test_alingsas_key_figures_of_long_term_recipients(extraction_of):
    e = extraction_of("alingsas")
    ind = indicator(e, "Antal vuxna biståndsmottagare med långvarigt ekonomiskt bistånd")
    assert ind.unit.value == "count"
    assert values(ind, "target")[0].value == 135 and str(values(ind, "target")[0].period.end) == "2023-12-31"
    outcome = values(ind, "outcome")[0]
    assert outcome.value == 166 and str(outcome.period.end) == "2023-08-31"
    goal = next(g for g in e.goals if g.id == ind.goal_id)
    assert goal_key(goal.text) == goal_key("Antal personer som blir självförsörjande ska öka")
    assert ind.id in goal.indicator_ids


def test_alingsas_comparator_target_and_missing_outcome(extraction_of):
    e = extraction_of("alingsas")
    ind = indicator(e, "Ej återaktualiserade vuxna personer")
    assert values(ind, "target")[0].value == 81 and values(ind, "target")[0].raw == "≥81"
    assert ind.unit.value == "percent"
    missing = indicator(e, "Andel invånare som upplever")
    assert values(missing, "outcome")[0].value is None and values(missing, "outcome")[0].raw == "Utfall saknas"


def test_alingsas_indicator_linked_by_the_goal_rows_indicator_caption(extraction_of):
    e = extraction_of("alingsas")
    ind = indicator(e, "Nöjd med bemötandet via telefoni")
    goal = next(g for g in e.goals if g.id == ind.goal_id)
    assert "nöjda med bemötandet" in goal.text
    assert ind.unit.value == "index"


def test_linkoping_indicator_table_with_second_header_row(extraction_of):
    ind = indicator(extraction_of("linkoping"), "Anmälningar till socialtjänsten om barn som far illa")
    assert [(v.period.year, v.value) for v in values(ind, "outcome")] == [(2016, 3331), (2017, 3691), (2018, 2490)]
    assert str(values(ind, "outcome")[2].period.end) == "2018-08-31"
    assert values(ind, "forecast")[0].value == 3735 and values(ind, "forecast")[0].period.year == 2018
    assert ind.goal_id is None


def test_sala_indicator_per_goal_row(extraction_of):
    e = extraction_of("sala")
    ind = indicator(e, "Kontinuerlig sjukstatistik från HR")
    goal = next(g for g in e.goals if g.id == ind.goal_id)
    assert goal.text == "Minska sjukfrånvaron med 1%-enhet."
    assert values(ind, "outcome")[0].value == 7.7 and ind.unit.value == "percent"


def test_ale_measure_list_under_its_goal(extraction_of):
    e = extraction_of("ale")
    ind = indicator(e, "Andel utbildade undersköterskor (tillsvidareanställda) i hemtjänsten")
    goal = next(g for g in e.goals if g.id == ind.goal_id)
    assert goal.text == "Hållbar kompetensförsörjning" and ind.unit.value == "percent"
