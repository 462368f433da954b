"""Money tables of real PDFs that lost rows, columns or facts, on the real pages that showed each
construct: a grid of drawn cells with shading a few points inside each cell, a header of cells
whose words are centred apart (interleaved lines), a page number taken for a heading, and a
deviation word in one column's header."""
from functools import cache

import pdfplumber
import pytest
from conftest import real_path

from kommunrapport.find.table_context import _number_of
from kommunrapport.read.pdf import read_page
from kommunrapport.read.pdf_tables import region_of
from kommunrapport.tables.grid import find_grid

GBG = "goteborg_intraservice_delarsrapport_2026-03.pdf"


@cache
def _tables(name: str, page: int):
    with pdfplumber.open(real_path(name)) as pdf:
        return read_page(pdf.pages[page - 1]).tables


def _rows(name: str, page: int) -> list[list[str]]:
    t = next(t for t in _tables(name, page) if t.method == "ruled")
    region = region_of(t)
    grid = find_grid(region.words, h_rules=region.h_rules, boxes=region.boxes)
    return [[c.text for c in r.cells] for r in grid.rows]


def test_drawn_grid_with_shading_inside_each_cell_is_one_ruled_table():
    # each cell is drawn twice (frame, and shading a few points inside): the strips between are empty
    # cells too narrow for a letter and do not make the grid decoration
    tables = _tables(GBG, 14)
    assert [t.method for t in tables] == ["ruled"]
    rows = _rows(GBG, 14)
    labels = [r[0] for r in rows]
    assert labels[1:3] == ["Gemensamma tjänster", "- Ekonomi"]     # the group row stays in the table
    assert "Digital infrastruktur, Demokrati- och Medborgarservice (DM)" in labels    # a label over four lines
    assert rows[-1] == ["Totalt", "393,0", "-370,5", "22,5", "-396,6", "26,1"]     # after a spacer row


def test_header_cells_centred_apart_are_one_header_row():
    # `Resultat` and `Budgetav`/`vikelse` stand centred between the lines of their neighbours' three-line
    # headers: interleaved lines are one row, not a row of group labels over the columns right of them
    rows = _rows(GBG, 14)
    assert rows[0] == ["Tjänster", "Utfall intäkter period", "Utfall kostnader period", "Resultat period",
                       "Budget kostnader period", "Budgetavvikelse"]
    helar = _rows(GBG, 16)
    assert helar[0][-1] == "Prognosavvikelse mot budget helår"
    assert ["Överförd verksamhet till SLK - kommunbidrag", "-4,8", "4,8", "0", "4,8", "0"] in helar


@pytest.mark.parametrize("heading, number", [
    ("13 (26)", None), ("14", None), ("2.3.5 Resultatuppföljning tjänster", (2, 3, 5)), ("3 Ekonomi", (3,))])
def test_a_page_number_taken_for_a_heading_numbers_no_chapter(heading, number):
    assert _number_of(heading) == number


def _fact(e, page, label, measure, raw):
    return next(f.amount_sek for f in e.financial_lines if f.provenance.page == page
                and f.label.lstrip("- ") == label and f.measure.value == measure and f.period.raw == raw)


def test_service_tables_in_mnkr_of_their_chapter(real_extraction):
    e = real_extraction(GBG)
    # the period table: its unit stated once for chapter 2.3 (`Belopp i mnkr` of 2.3.1)
    assert _fact(e, 14, "Ekonomi", "outcome", "Utfall intäkter period") == 20_500_000
    assert _fact(e, 14, "Ekonomi", "outcome", "Utfall kostnader period") == -13_700_000
    assert _fact(e, 14, "Ekonomi", "deviation", "Budgetavvikelse") == 7_000_000
    assert _fact(e, 14, "Totalt", "budget", "Budget kostnader period") == -396_600_000
    t = next(t for t in e.tables if t.provenance.page == 14 and t.kind and t.kind.value == "operating")
    assert t.unit_raw == "mnkr" and t.unit_source.value == "section" and t.facts == 70


def test_a_deviation_word_in_one_columns_header_names_that_column_only(real_extraction):
    e = real_extraction(GBG)
    # `Prognosavvikelse mot budget helår` beside `Prognos intäkter helår` and `Budget kostnader helår`:
    # not a matrix of deviations, each column keeps its own measure
    assert _fact(e, 16, "Ekonomi", "forecast", "Prognos intäkter helår") == 82_200_000
    assert _fact(e, 16, "Ekonomi", "budget", "Budget kostnader helår") == -82_500_000
    assert _fact(e, 16, "Ekonomi", "deviation", "Prognosavvikelse mot budget helår") == 13_000_000
    assert _fact(e, 16, "HR", "forecast", "Prognos resultat helår") == -2_100_000


def test_figures_centred_in_drawn_cells_are_one_column_each():
    # `3 187` centred in its cell ends where no other figure of its column ends, and `20 (2024)` beside
    # it ends elsewhere again: the cells drawn round them make one column, and `3 187` is one figure
    rows = [r for r in _rows_of("wild_alingsas_sn_genomlysning_2026-2027", 5, "Kostnad HVB")]
    assert rows[0] == ["Nyckeltal", "Alingsås 2025", "Liknande kommuner 2024", "Kommungenomsnitt 2024"]
    assert ["Kostnad HVB för barn och unga kr/inv. 0–20 år", "3 187", "3 481", "3 992"] in rows
    assert ["Kostnad familjehemsvård barn och unga, kr/inv", "1 398", "1051", "1 398"] in rows
    label = "Antal barn och unga 0–20 år som har varit placerade på HVB någon gång under året"
    assert [label, "20 (2024)", "21 (2024)", "27 (2024)"] in rows


def _rows_of(name: str, page: int, text: str) -> list[list[str]]:
    for t in _tables(name, page):
        region = region_of(t)
        grid = find_grid(region.words, h_rules=region.h_rules, boxes=region.boxes)
        rows = [[c.text for c in r.cells] for r in grid.rows] if grid else []
        if any(text in c for r in rows for c in r):
            return rows
    return []
