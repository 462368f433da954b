"""Table meaning on real tables: the header grammar, rows that carry their measure, the unit and the
decimal mark, signs from the table's own evidence, and the `tables` summary. Every value is read by
hand from the page named in the test."""
from __future__ import annotations

from kommunrapport.models import Measure


def lines(extraction, label: str, measure: str, year: int, **where):
    return [f for f in extraction.financial_lines
            if f.label == label and f.measure.value == measure and f.period.year == year
            and all(getattr(f, k) == v or getattr(getattr(f, k), "value", None) == v for k, v in where.items())]


def one(extraction, label: str, measure: str, year: int, **where):
    hits = lines(extraction, label, measure, year, **where)
    assert len(hits) == 1, (label, measure, year, hits)
    return hits[0]


# ---- rows that carry the measure under year columns --------------------------------------------


def test_budget_row_under_outcome_columns_gives_budget_lines(real_extraction):
    """Kungsbacka VO, Tabell 5-1: `Utfall 2022 | Utfall 2023 | Utfall 2024`, then the rows `Netto`,
    `Budget, netto` and `Avvikelse`: the rows name the measure of their cells."""
    vo = real_extraction("kungsbacka_vo")
    budget = one(vo, "Budget, netto", "budget", 2024)
    assert (budget.amount_sek, budget.category.value) == (-1_159_700_000, "net_cost")
    assert not lines(vo, "Budget, netto", "outcome", 2024)
    deviation = one(vo, "Avvikelse", "deviation", 2024, table="operating")
    assert (deviation.amount_sek, deviation.category.value) == (19_400_000, "net_cost")


def test_investment_part_stacked_under_the_net_cost(real_extraction):
    """Simrishamn p. 13, `Ekonomi (tkr) | 2024 | 2025`: Nettokostnader, Budget, Budgetavvikelse, then
    Nettoinvesteringar 2 329, Budget 4 259, Budgetavvikelse -1 930 (outlays printed positive, the
    deviation computed on them: it turns with them)."""
    sim = real_extraction("simrishamn")
    assert one(sim, "Budget", "budget", 2024, table="operating").amount_sek == -59_689_000
    assert one(sim, "Budgetavvikelse", "deviation", 2025, table="operating").amount_sek == 1_070_000
    outlay = one(sim, "Nettoinvesteringar", "outcome", 2024)
    assert (outlay.table.value, outlay.category.value, outlay.amount_sek) == ("investment", "investment_total",
                                                                              -2_329_000)
    assert one(sim, "Budget", "budget", 2025, table="investment").amount_sek == -10_525_000
    turned = one(sim, "Budgetavvikelse", "deviation", 2024, table="investment")
    assert (turned.amount_sek, turned.sign_flipped) == (1_930_000, True)


# ---- prognossäkerhet ------------------------------------------------------------------------------


def test_prognossakerhet_is_forecasts_and_an_outcome_from_its_own_header(real_extraction):
    """Kungsbacka VO, Tabell 32-1 `Prognos delår april | Prognos delår augusti | Bokslut 2024`, printed
    after the page's text, so that the line above it is the next section's `Investeringar (belopp
    mkr)`: the table's own header decides; results against budget stand as printed."""
    vo = real_extraction("kungsbacka_vo")
    forecasts = lines(vo, "Vård & Omsorg", "forecast", 2024)
    assert sorted(f.amount_sek for f in forecasts) == [27_000_000, 28_000_000]
    settled = one(vo, "Vård & Omsorg", "outcome", 2024)
    assert (settled.table.value, settled.category.value, settled.amount_sek, settled.sign_flipped) == \
        ("other", "result", 19_400_000, False)


def test_table_kind_from_own_header_before_the_text_above(real_extraction):
    """Kungsbacka GA, Tabell 134-1 (Bokslut 2024 | Budget 2025 | Bokslut 2025 | Budgetavvikelse 2025)
    under a paragraph on `Omställningsåtgärder`: a follow-up of the year, not an action plan, and its
    activities are printed as net costs already."""
    ga = real_extraction("kungsbacka_ga")
    school = one(ga, "Gymnasieverksamhet", "outcome", 2025)
    assert (school.table.value, school.amount_sek, school.sign_flipped) == ("operating", -499_200_000, False)
    assert one(ga, "Etablering", "deviation", 2025).amount_sek == 7_600_000
    prognos = lines(ga, "Gymnasium& Arbetsmarknad", "forecast", 2025)
    assert sorted(f.amount_sek for f in prognos) == [2_700_000, 6_400_000]


# ---- unit and decimal mark ----------------------------------------------------------------------


def test_three_decimals_in_mnkr_are_decimals(real_extraction):
    """Simrishamn p. 21, Investeringsredovisning (mnkr): `0,800`, `-0,092` have an integer part of 0,
    which no thousands grouping writes; investment outlays turned negative, deviations as printed."""
    sim = real_extraction("simrishamn")
    budget = one(sim, "Inventarier, löpande", "budget", 2025)
    assert (budget.amount_sek, budget.unit_raw, budget.table.value) == (-800_000, "mnkr", "investment")
    assert one(sim, "Inventarier, löpande", "outcome", 2025).amount_sek == -617_000
    assert one(sim, "Inventarier, löpande", "deviation", 2025).amount_sek == 183_000
    summa = lines(sim, "Summa investeringsprojekt", "deviation", 2025)
    assert sorted(f.amount_sek for f in summa) == [4_938_000, 5_124_000]
    assert not [w for w in sim.warnings if w.code == "ambiguous_number"]


# ---- signs from the table's evidence ------------------------------------------------------------


def test_grants_paid_out_keep_their_printed_signs(real_extraction):
    """Simrishamn p. 34 `Bidrag, tkr`: grants the committee pays out, printed negative, are costs."""
    sim = real_extraction("simrishamn")
    grant = one(sim, "Driftbidrag", "outcome", 2023)
    assert (grant.table.value, grant.category.value, grant.amount_sek, grant.sign_flipped) == \
        ("other", "grants", -563_000, False)


def test_no_evidence_leaves_the_printed_signs(real_extraction):
    """Simrishamn p. 36 `Projekt, tkr`: `Överskott överfört 226`, revenue 0, costs 0, `Totalt 226`:
    an unknown label and a bare total do not vote; the surplus stands positive."""
    sim = real_extraction("simrishamn")
    total = one(sim, "Totalt", "outcome", 2025, raw="226")
    assert (total.amount_sek, total.sign_flipped) == (226_000, False)


def test_revenue_printed_negative_in_a_cost_positive_table(extraction_of):
    """Sala (text), `Externa intäkter -16 173` in a table of positive costs: turned to +16 173 000; its
    deviations were computed so that positive is better, and stand."""
    sala = extraction_of("sala")
    revenue = one(sala, "Externa intäkter", "budget", 2024, raw="-16 173")
    assert (revenue.amount_sek, revenue.sign_flipped) == (16_173_000, True)
    assert one(sala, "Externa intäkter", "deviation", 2024, raw="-2 940").amount_sek == -2_940_000
    # a deviation whose sign disagrees with its column (a misprint) is kept as printed
    assert one(sala, "Interna intäkter", "deviation", 2024, raw="94").amount_sek == 94_000


# ---- the tables summary -------------------------------------------------------------------------


def test_every_table_is_summarised(real_extraction):
    sim = real_extraction("simrishamn")
    assert [t.id for t in sim.tables] == [f"t{n}" for n in range(1, len(sim.tables) + 1)]
    money = [t for t in sim.tables if t.facts and t.kind and t.kind.value in
             ("operating", "investment", "other", "action_plan", "balance_sheet")]
    assert money and all(t.reconciled.value in ("yes", "no") for t in money)
    ekonomi = next(t for t in sim.tables if t.title == "Ekonomi")
    assert (ekonomi.kind.value, ekonomi.unit_raw, ekonomi.unit_source.value) == ("operating", "tkr", "header")
    assert [c.measure for c in ekonomi.columns] == [Measure.outcome, Measure.outcome]
    assert ekonomi.facts == len([f for f in sim.financial_lines if f.table_id == ekonomi.id])
    # tables that hold numbers and gave nothing say why, and are named in a warning
    for t in sim.tables:
        if not t.facts and t.skipped and not t.skipped.startswith("joined"):
            assert any(w.code == "table_skipped" and t.id in w.message for w in sim.warnings)


# ---- the header grammar: relative periods, results of a period, broken words, units per chapter ----


def test_relative_years_and_the_previous_forecast(real_extraction):
    """Göteborg Intraservice 2.3.1 (pdftotext -layout): `Period: Utfall | Budget | Avvik else | Utfall fg år`,
    `Helår: Prognos | Fg prognos | Budget | Bokslut fg år`, in a report on January-March 2026."""
    gbg = real_extraction("goteborg_intraservice_delarsrapport_2026-03.txt")
    before = one(gbg, "Intäkter", "outcome", 2025, raw="346,2")
    assert (before.amount_sek, before.period.end.isoformat()) == (346_200_000, "2025-03-31")
    assert one(gbg, "Kostnader", "outcome", 2025, raw="-1 444,8").period.end.isoformat() == "2025-12-31"
    assert sorted(f.amount_sek for f in lines(gbg, "Intäkter", "forecast", 2026)) == [1_506_800_000, 1_513_300_000]
    assert one(gbg, "Intäkter", "deviation", 2026).amount_sek == -2_100_000


def test_result_of_the_period_and_a_unit_stated_once_for_the_chapter(real_extraction):
    """Göteborg Intraservice 2.3.5 `Utfall intäkter period | Utfall kostnader period | Resultat period |
    Budget kostnader period | Budgetav vikelse`: no unit of its own (`Belopp i mnkr` heads the sibling
    table of 2.3.1 in the same chapter); `Resultat period` is the period's outcome; the deviation word
    is broken over two lines; the two misprinted deviations the table holds are named."""
    gbg = real_extraction("goteborg_intraservice_delarsrapport_2026-03.txt")
    result = one(gbg, "Digital infrastruktur", "outcome", 2026, raw="15,7")
    assert (result.amount_sek, result.category.value, result.unit_raw) == (15_700_000, "result", "mnkr")
    deviation = one(gbg, "Digital infrastruktur", "deviation", 2026, raw="11,1")
    assert (deviation.amount_sek, deviation.category.value) == (11_100_000, "total_costs")
    summary = next(t for t in gbg.tables if t.id == result.table_id)
    assert (summary.unit_source.value, summary.reconciled.value) == ("section", "no")
    misprints = [w.message for w in gbg.warnings if w.code == "total_mismatch" and "'Budgetavvikelse'" in w.message]
    assert any("'Förändringsinitiativ'" in m for m in misprints)
    assert any("'Direktförsäljning och övrigt'" in m for m in misprints)


# ---- action plans ---------------------------------------------------------------------------------


def test_action_plan_named_in_the_description_column(real_extraction):
    """Alingsås SN 2017-11 p. 3, `Handlingsplan 1`: `Verksamhet | Åtgärd | Bedömd effekt 2017` with unit
    codes (`EKB`, `FLG`) first and the action in the second column; `0,2 mnkr` in the cell; the last row
    has markers for a label and holds the sum (11,35 mnkr): the plan's total."""
    sn = real_extraction("alingsas_sn")
    effect = one(sn, "Förhandla ner priserna på de platser kommunen köper", "planned_effect", 2017)
    assert (effect.table.value, effect.category.value, effect.amount_sek) == ("action_plan", "action", 200_000)
    total = one(sn, "Handlingsplan 1", "planned_effect", 2017)
    assert (total.amount_sek, total.is_total) == (11_350_000, True)
    assert one(sn, "Handlingsplan 2", "planned_effect", 2017).amount_sek == 5_100_000
