"""Räddningstjänsten Alingsås-Vårgårda, budget 2027, pp. 3-4: fonts renamed `CIDFont+F1` / `F2` (the
weight is in the font program only), headers set at the left of wide figure columns, and a table of
equity held over the years."""
from pathlib import Path

import pdfplumber
import pytest

from kommunrapport.api import extract
from kommunrapport.models import BlockKind
from kommunrapport.normalize.measure_words import measure_of
from kommunrapport.read.pdf import read_pdf
from kommunrapport.read.pdf_fonts import FontWeights

PAGES = Path(__file__).parent / "data" / "pages" / "alingsas_raddningstjanst_budget_2027_p3-4.pdf"


@pytest.fixture(scope="module")
def result():
    return extract(PAGES)


def test_the_weight_of_a_renamed_font_comes_from_its_program():
    with pdfplumber.open(PAGES) as pdf:
        bold = FontWeights().of(pdf.pages[0])
        names = {c["fontname"] for c in pdf.pages[0].chars}
    assert bold == {"CIDFont+F2": True}          # Calibri Bold by its OS/2 table; F1 is Calibri Regular
    assert names == {"CIDFont+F1", "CIDFont+F2"}


def test_a_bold_line_of_body_size_in_a_renamed_font_is_a_heading():
    doc = read_pdf(PAGES)
    headings = [b.text for b in doc.blocks if b.kind is BlockKind.heading]
    assert "Investeringsbudget" in headings


def test_the_investment_table_under_that_heading_is_an_investment_table(result):
    lines = {(f.label, f.period.raw): f for f in result.financial_lines if f.provenance.page == 1}
    assert lines[("Fordon", "2027")].table.value == "investment"
    assert lines[("Fordon", "2027")].category.value == "investment"
    assert lines[("Totalt", "2031")].category.value == "investment_total"
    assert abs(lines[("Totalt", "2031")].amount_sek) == 3_525_000


def test_headers_set_at_the_left_of_wide_figure_columns_head_those_columns(result):
    # `Budget 2027 | Ram 2028 | Ram 2029`, each header at its cell's left, the figures right-aligned
    equity = {(f.label, f.period.raw): f for f in result.financial_lines if f.provenance.page == 2
              and "kapital" in f.label}
    assert equity[("Ingående eget kapital", "Budget 2027")].amount_sek == 9_279_000
    assert equity[("Utgående eget kapital", "Budget 2027")].amount_sek == 10_259_000
    # `Ram` (a budget frame) names a budget standing whole, never as the end of `program`
    assert equity[("Utgående eget kapital", "Ram 2029")].amount_sek == 12_340_000
    assert equity[("Utgående eget kapital", "Ram 2028")].measure.value == "budget"
    assert measure_of("Antal elever introduktionsprogram") is None


def test_rows_of_equity_are_a_balance_kept_as_printed(result):
    # the heading above names a result budget too, but the rows name stocks: their signs stand
    page2 = [f for f in result.financial_lines if f.provenance.page == 2 and f.table_id == "t3"]
    assert {f.table.value for f in page2} == {"balance_sheet"}
    assert {f.category.value for f in page2 if "kapital" in f.label} == {"equity"}
    resultat = [f for f in page2 if f.label == "Årets resultat"]
    assert [f.amount_sek for f in resultat] == [980_000, 1_021_000, 1_060_000]
    assert {f.category.value for f in resultat} == {"result"}
