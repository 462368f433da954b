"""Uppdrag tables of running text: a table whose cells are paragraphs, the assignment's text in one
column and the committee's comment (with its status line) in another, each record shaded or set
apart over many lines, the table going on over page breaks under a repeated header."""
from __future__ import annotations

import pytest

from tests.conftest import real_path

GBG = "goteborg_intraservice_delarsrapport_2026-03"


@pytest.fixture(scope="module")
def gbg_pdf_page23():
    from kommunrapport.read.dispatch import read_document
    return read_document(real_path(f"{GBG}.pdf"), pages=[23])


def test_a_shaded_record_box_over_the_columns_is_cut_at_the_column_edges(gbg_pdf_page23):
    """Each record is one drawn box over the whole width; its words stand apart in the text column
    and the comment column, so it is two cells, not one spanning cell holding both, line by line."""
    table = next(b.table for b in gbg_pdf_page23.blocks if b.table is not None)
    assert [c.text for c in table.rows[0].cells if c.text] == ["Centrala uppdrag", "Kommentar"]
    first = [c.text for c in table.rows[1].cells if c.text]
    assert first[0] == ("Kommunstyrelsen får i uppdrag att i samverkan med samtliga nämnder utveckla det "
                        "systematiska arbetsmiljöarbetet. Metoder ska tas fram och spridas för att förebygga "
                        "sjukskrivningar.")
    assert first[1].startswith("Halvår 1 2026\nDet bidrag som hittills efterfrågats från SLK")
    assert all(c.col_span == 1 for c in table.rows[1].cells)
