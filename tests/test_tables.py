"""tables/header.py: header rows -> column meaning, row labels -> categories, totals."""
from __future__ import annotations

from kommunrapport.models import Cell, FinanceCategory, FinanceTable, Measure, Report, Row, Table
from kommunrapport.normalize.numbers import parse_number
from kommunrapport.tables import header as T


def table(*rows: list[str]) -> Table:
    return Table(rows=[Row(cells=[Cell(text=c) for c in r]) for r in rows])


def test_grouped_two_row_header():
    # Ale: '2023' over 'Prognos | Budget', '2024' over 'Budget'
    t = table(["Besluts/verksamhetsområden", "2023", "", "2024"], ["", "Prognos", "Budget", "Budget"],
              ["Funktionsstöd", "-217 231", "-209 491", "-224 748"])
    layout = T.read_layout(t, Report(fiscal_year=2024), 2024, None)
    got = [(c.measure.value, c.period.year) for c in layout.value_columns]
    assert got == [("forecast", 2023), ("budget", 2023), ("budget", 2024)]
    assert [r.label for r in layout.rows] == ["Funktionsstöd"]


def test_three_row_action_plan_header():
    t = table(["Åtgärdsplan för socialnämnden", "", "", "2023", "", "2024", "", "Totalt 2023-2024", ""],
              ["Belopp i tkr", "Datum (1)", "Ansvarig (2)", "Planerad årseffekt", "Prognos/ utfall",
               "Planerad årseffekt", "Prognos/ utfall", "Planerad effekt", "Prognos/ utfall"],
              ["Pågående åtgärder"],
              ["Vakanshållna tjänster", "2023-05-22", "Socialchef", "-450", "-600", "", "", "-450", "-600"],
              ["Summa årseffekt", "", "", "-6 955", "-5 905", "-6 640", "0", "-13 595", "-5 905"])
    kind = T.table_kind("Åtgärdsplan för socialnämnden")
    assert kind.kind is FinanceTable.action_plan and kind.category is FinanceCategory.action
    layout = T.read_layout(t, Report(fiscal_year=2023), 2023, kind)
    got = [(c.measure.value, c.period.year) for c in layout.value_columns]
    assert got == [("planned_effect", 2023), ("outcome", 2023), ("planned_effect", 2024), ("forecast", 2024)]
    assert [c.skip for c in layout.columns[7:]] == ["spans several years"] * 2
    assert [r.label for r in layout.rows] == ["Pågående åtgärder", "Vakanshållna tjänster", "Summa årseffekt"]


def test_title_row_above_the_header():
    t = table(["Ramprotokoll, mkr"], ["Kategori", "Beslut", "Budget 2023"],
              ["Flerårsplan 2023", "KF 2022-12-12, § 281", "857,3"])
    layout = T.read_layout(t, Report(), 2023, T.table_kind("Ramprotokoll, mkr"))
    assert layout.titles == ["Ramprotokoll, mkr"]
    assert [(c.index, c.measure.value) for c in layout.value_columns] == [(2, "budget")]
    assert layout.columns[1].skip is not None      # the decision column holds no amounts


def test_measure_words():
    assert T.measure_of("Avv. prognos/budget 2023") is Measure.deviation
    assert T.measure_of("Diff. utfall 2022/2023") is Measure.change
    assert T.measure_of("Helårsprognos 2024") is Measure.forecast
    assert T.measure_of("Delårsbokslut 2022") is Measure.outcome
    assert T.measure_of("Redovisning 31/8 2018") is Measure.outcome
    assert T.measure_of("Ansökt belopp") is Measure.budget
    assert T.measure_of("Återstår t.o.m. 2023") is Measure.deviation
    assert T.measure_of("Mars") is None


def test_row_labels_to_categories():
    C = FinanceCategory
    assert T.label_category("Personalkostnader")[0] is C.personnel_costs
    assert T.label_category("Köp av huvudverk- samhet, bidrag")[0] is C.purchased_services
    assert T.label_category("Summa nettokostnader, tkr")[0] is C.net_cost
    assert T.label_category("varav intäkter")[0] is C.revenue
    assert T.label_category("Lönekostnad exkl. arvoden")[0] is C.personnel_costs
    assert T.label_category("Övriga kostnader*")[0] is C.other_costs
    for activity in ("HVB unga", "Ekonomiskt bistånd", "Äldreomsorg", "IFO", "Socialnämnden", "Summa"):
        assert T.label_category(activity) == (None, 0.0), activity


def facts(*rows: tuple[str, list[str]]) -> list[T.RowFacts]:
    return [T.RowFacts(label=label, category=T.label_category(label)[0], values=[parse_number(v) for v in values])
            for label, values in rows]


def test_totals_by_words_categories_groups_and_sums():
    rows = facts(("Personalkostnader", ["-100"]), ("Övriga kostnader", ["-50"]),
                 ("Verksamhetens kostnader", ["-150"]), ("varav kostnader", ["-150"]))
    T.mark_totals(rows)
    assert [r.is_total for r in rows] == [False, False, True, False]
    rows = facts(("Reinvestering", ["600"]), ("Inventarier", ["400"]), ("IT-utrustning", ["200"]),
                 ("Totala utgifter", ["600"]))
    T.mark_totals(rows)
    assert [r.is_total for r in rows] == [True, False, False, True]
    assert rows[0].group_items == [1, 2]
    assert T.check_totals(rows) == []
    rows = facts(("Myndighet", ["-27.0"]), ("Äldreomsorg", ["-17.0"]), ("Socialkontoret", ["29.5"]),
                 ("Socialnämnden", ["-14.5"]))
    T.mark_totals(rows)
    assert rows[-1].is_total


def test_check_totals_names_the_column_that_does_not_add_up():
    rows = facts(("A", ["10", "5"]), ("B", ["20", "5"]), ("Summa", ["30", "13"]))
    T.mark_totals(rows)
    [m] = T.check_totals(rows)
    assert (m.row, m.column, m.expected, m.printed) == (2, 1, 10, 13)


def test_rounding_within_half_a_unit_per_row_is_not_a_mismatch():
    rows = facts(("A", ["-7.5"]), ("B", ["-6.2"]), ("Summa", ["-13.6"]))
    T.mark_totals(rows)
    assert T.check_totals(rows) == []


def test_spanned_cells_in_a_pdf_row():
    # the PDF reader gives a label spanning three columns followed by zero-span placeholders
    row = Row(cells=[Cell(text="Intäkter", col_span=3), Cell(text="", col_span=0), Cell(text="", col_span=0),
                     Cell(text="5 214"), Cell(text="5 110")])
    assert T.grid_row(row, 5, fill=False) == ["Intäkter", "", "", "5 214", "5 110"]
    assert T.grid_row(row, 5) == ["Intäkter", "Intäkter", "Intäkter", "5 214", "5 110"]
