"""The category of a money table's rows, decided by the table's structure as much as by the label's word:
real tables of the corpus documents."""
from __future__ import annotations


def lines(extraction, label: str, measure: str, **where):
    out = [f for f in extraction.financial_lines if f.label == label and f.measure.value == measure]
    for key, value in where.items():
        out = [f for f in out if getattr(f, key) == value or getattr(getattr(f, key), "value", None) == value]
    return out


def test_investment_money_rows_are_investment_totals_and_name_the_kind(real_extraction):
    # Tabell 5-2 (`Utgifter | Inkomster | Netto` by year, no caption word): an investment summary
    e = real_extraction("kungsbacka_vo")
    net = lines(e, "Netto", "outcome", amount_sek=-5_600_000)
    outlays = lines(e, "Utgifter", "outcome", amount_sek=-5_600_000)
    assert [(f.table.value, f.category.value) for f in net + outlays] == [("investment", "investment_total")] * 2


def test_investment_income_table_items_and_total(real_extraction):
    # a table of investment income under a misleading heading: items are investments, income kept positive
    e = real_extraction("alingsas_tn")
    total = lines(e, "Totala inkomster", "budget", amount_sek=8_250_000)
    item = lines(e, "Gång- och cykelvägar", "budget")
    part = lines(e, "- varav exploatering", "budget")
    assert [(f.table.value, f.category.value) for f in total] == [("investment", "investment_total")]
    assert [(f.category.value, f.amount_sek) for f in item] == [("investment", 8_000_000)]
    assert [f.category.value for f in part] == ["investment"]


def test_a_head_word_of_charging_on_is_internal_revenue(real_extraction):
    e = real_extraction("alingsas_tn")
    f = lines(e, "Utdebitering personalkostnader", "budget")
    assert [(x.category.value, x.amount_sek) for x in f] == [("internal_revenue", 12_659_000)]


def test_the_rows_own_revenue_word_refines_the_columns_kind(real_extraction):
    # `Utfall intäkter period` over the row `Kommunbidrag`: the allocation; its costs stay total costs
    e = real_extraction("goteborg_intraservice_delarsrapport_2026-03.pdf")
    revenue = lines(e, "Kommunbidrag", "outcome", amount_sek=10_600_000)
    costs = lines(e, "Kommunbidrag", "outcome", amount_sek=-8_800_000)
    assert [f.category.value for f in revenue] == ["municipal_allocation"]
    assert [f.category.value for f in costs] == ["total_costs"]


def test_resultat_under_a_net_cost_row_is_the_result(real_extraction):
    # a matrix of forecast deviations by department: `Resultat` follows `Verksamhetens nettokostn`
    e = real_extraction("alingsas_sn")
    f = lines(e, "Resultat", "deviation", amount_sek=-45_749_000)
    assert [x.category.value for x in f] == ["result"]


def test_a_series_table_of_one_committee_is_its_result(real_extraction):
    # prognossäkerhet with the committee's row alone and its total: the result (not broken down by units)
    e = real_extraction("kungsbacka_vo")
    f = lines(e, "Vård & Omsorg", "forecast", table="other")
    assert f and {x.category.value for x in f} == {"result"}


def test_a_row_under_the_result_adjusts_it(real_extraction):
    # `Årets resultat före reglering`, `Reglering abonnentkollektivet ...`, `Årets resultat efter reglering`
    e = real_extraction("alingsas_tn")
    f = [x for x in e.financial_lines if x.label.startswith("Reglering abonnentkollektivet")]
    assert f and {x.category.value for x in f} == {"other"}


def test_an_investment_subtotal_is_an_investment(real_extraction):
    # `Summa pågående projekt` above `Summa investeringsprojekt`: the subtotal of a group, not the total
    e = real_extraction("simrishamn")
    sub = lines(e, "Summa pågående projekt", "outcome")
    total = lines(e, "Summa investeringsprojekt", "outcome")
    assert sub and {x.category.value for x in sub} == {"investment"}
    assert total and {x.category.value for x in total} == {"investment_total"}
