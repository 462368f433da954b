"""A table pasted from a spreadsheet: characters with rounding noise in their size and text matrix,
and ranges of rows drawn as one box. Alingsås BUN ekonomisk uppföljning maj 2026, pp. 1-2."""
from pathlib import Path

import pdfplumber
import pytest

from kommunrapport.api import extract
from kommunrapport.read.pdf_layout import settle_chars

PAGE = Path(__file__).parent / "data" / "pages" / "alingsas_bun_ekonomisk-uppfoljning_2026-05_p1-2.pdf"


@pytest.fixture(scope="module")
def result():
    return extract(PAGE)


def _lines(result, table_id):
    return {(f.label, f.measure.value): f.amount_sek for f in result.financial_lines if f.table_id == table_id}


def test_characters_with_a_rounding_skew_and_size_noise_make_whole_words():
    with pdfplumber.open(PAGE) as pdf:
        page = pdf.pages[1]
        assert not all(c["upright"] for c in page.chars)     # a skew of -8e-08 in the text matrix
        settle_chars(page)
        words = [w["text"] for w in page.extract_words(extra_attrs=["fontname", "size"])]
    assert "Förskoleklass" in words and "Kommunbidrag" in words and "-390" in words


def test_rows_drawn_in_one_box_are_rows_of_their_own(result):
    # `Personalkostnader` ... `Övriga kostnader`: four rows in one drawn box, each with its figures
    t1 = _lines(result, "t1")
    assert t1[("Personalkostnader", "budget")] == -717_828_000
    assert t1[("Lokalhyror", "forecast")] == -155_693_000
    assert t1[("Köp av tjänster", "deviation")] == -274_000
    assert t1[("Övriga kostnader", "forecast")] == -43_653_000
    assert t1[("Verksamhetens kostnader", "budget")] == -1_266_447_000
    assert t1[("Årets resultat", "forecast")] == 5_000_000


def test_a_box_of_rows_under_a_group_label_keeps_the_group_apart(result):
    # `Intäkter` and `Kostnader` are group rows above boxes of rows; each box ends in its `Summa`
    budget = [(f.label, f.amount_sek) for f in result.financial_lines if f.table_id == "t2" and f.measure.value == "budget"]
    assert budget[:3] == [("Politisk verksamhet", 0), ("Förskola", 49_033_000), ("Pedagogisk omsorg", 0)]
    assert ("Summa", 1_266_447_000) in budget and ("Summa", -1_266_447_000) in budget
    assert ("Förskola", -390_887_000) in budget and ("Resultat", 0) in budget
    assert not any("Intäkter" in label or "Kostnader" in label for label, _ in budget)
    assert {s.reconciled.value for s in result.tables if s.facts} == {"yes"}
