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


@pytest.fixture(scope="module")
def gbg_layout_pages():
    from kommunrapport.read.dispatch import read_document
    return read_document(real_path(f"{GBG}.txt"), pages=[23, 24])


def test_records_told_by_a_first_line_indent_in_a_layout_text_table(gbg_layout_pages):
    """pdftotext -layout keeps each record's first line set in (`   Kommunstyrelsen får i uppdrag att i`
    over `samverkan med samtliga nämnder`), its records parted by one or two blank lines, and a
    sentence of the text may start a line flush left: the indent, not the sentence, starts a record."""
    tables = [b.table for b in gbg_layout_pages.blocks if b.table is not None]
    first = tables[0]
    assert first.rows[0].texts == ["Centrala uppdrag", "Kommentar"]
    texts = [r.cells[0].text for r in first.rows[1:]]
    assert texts[0] == ("Kommunstyrelsen får i uppdrag att i samverkan med samtliga nämnder utveckla det "
                        "systematiska arbetsmiljöarbetet. Metoder ska tas fram och spridas för att förebygga "
                        "sjukskrivningar.")
    assert texts[1].endswith("Lokala arbetstagarrepresentanter ska involveras i genomförandet. "
                             "Återrapporteringen ska ske till respektive nämnd/bolagsstyrelse.")
    assert len(texts) == 6
    assert first.rows[1].cells[1].text.startswith("Halvår 1 2026 Det bidrag som hittills efterfrågats")
    # the next page repeats the header; its first row is the rest of the record cut by the break
    assert tables[1].rows[0].texts == ["Centrala uppdrag", "Kommentar"]
    assert tables[1].rows[1].cells[0].text.startswith("digitala produkter och tjänster som")


@pytest.mark.parametrize("suffix", [".pdf", ".txt"])
def test_uppdrag_table_records_are_assignments_in_both_renditions(real_extraction, suffix):
    goals = real_extraction(f"{GBG}{suffix}").goals
    assert len(goals) == 18
    assert {g.level.value for g in goals} == {"assignment"}
    assert all(g.assessment is None for g in goals)       # 'Halvår 1 2026' is a due date, no verdict
    texts = [g.text for g in goals]
    assert texts[0] == ("Kommunstyrelsen får i uppdrag att i samverkan med samtliga nämnder utveckla det "
                        "systematiska arbetsmiljöarbetet. Metoder ska tas fram och spridas för att förebygga "
                        "sjukskrivningar.")
    # a record cut by a page break, the header printed again above its rest
    assert ("Nämnden för intraservice får i uppdrag att utreda alternativ till tredjelandsbaserade leverantörer "
            "av digitala produkter och tjänster som intraservice upphandlar för stadens räkning och nyttjar. "
            "Utredningen ska kartlägga vilka möjliga andra leverantörer som finns, uppskattad kostnad och tid för "
            "övergång till dessa leverantörer. Återrapportering i samband med ordinarie rapportering men i separat "
            "rapportering.") in texts
    assert ("Utred möjligheten att utveckla och koppla samman befintliga inköps-, leasing-, beställnings- och "
            "återbrukssystem, för att möjliggöra bättre överblick, ökad nyttjandegrad av befintliga resurser samt "
            "cirkulär anskaffning och avyttring.") in texts
    assert texts[-1] == ("Utreda Intraservices handlingsutrymme till att påverka leverantörers möjlighet att "
                         "undvika grävningar i redan befintlig infrastruktur")
    # not goals: the repeated header, the status line, the comment column
    assert not any(t.startswith(("Centrala uppdrag", "Halvår", "Kommentar", "Det bidrag", "digitala")) for t in texts)


def _w(text, x0, x1, top):
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 8}


def test_a_box_whose_words_reach_over_a_column_edge_stays_one_cell():
    """A full-width note row (its prose runs over the column edges) is one spanning cell; a record
    whose words stand apart in two columns is cut at the edges."""
    from kommunrapport.read.pdf_tables import column_parts
    xs = [100.0, 300.0, 500.0]
    box = (100.0, 50.0, 500.0, 80.0)
    note = [_w("Kommentar:", 102, 150, 52), _w("arbetet", 290, 320, 52)]
    assert column_parts(box, note, xs) is None
    one_side = [_w("Endast", 102, 140, 52), _w("vänster", 150, 190, 62)]
    assert column_parts(box, one_side, xs) is None
    record = [_w("Utred", 102, 130, 52), _w("möjligheten", 135, 200, 52), _w("Pågår", 305, 340, 52)]
    assert column_parts(box, record, xs) == [(100.0, 50.0, 300.0, 80.0), (300.0, 50.0, 500.0, 80.0)]


def test_plain_text_table_rows_still_start_at_a_finished_sentence():
    """Without first-line indents the rows of a layout text table are told as before: a line that
    starts afresh after a finished sentence is a new row."""
    from kommunrapport.read.layout import Raw
    from kommunrapport.read.layout_tables import text_table_lines
    lines = ["Nämndens mål                 Kommentar",
             "Fler ska gå vidare till      Arbetet pågår.",
             "studier.",
             "Alla barn ska känna sig      Enkäten visar",
             "trygga.                      förbättring."]
    rows = text_table_lines([Raw(number=n, page=1, text=t) for n, t in enumerate(lines, start=1)])
    assert [r.cells[0] for r in rows] == ["Nämndens mål", "Fler ska gå vidare till studier.",
                                          "Alla barn ska känna sig trygga."]


def test_records_set_in_by_their_first_line_keep_sentences_that_start_flush():
    from kommunrapport.read.layout import Raw
    from kommunrapport.read.layout_tables import text_table_lines, text_table_regions
    lines = ["    Uppdrag                          Kommentar",
             "",
             "       Alla nämnder får i uppdrag    Pågår",
             "    att minska avfallet.             Arbetet har",
             "    Återrapportering sker i          startat.",
             "    respektive nämnd.",
             "",
             "",
             "       Nämnden får i uppdrag att     Avslutad",
             "    utreda lokalbehovet.             Klart i mars."]
    raws = [Raw(number=n, page=1, text=t) for n, t in enumerate(lines, start=1)]
    assert text_table_regions(raws, set()) == {0: len(lines)}      # one table over the two blank lines
    rows = text_table_lines(raws)
    assert [r.cells[0] for r in rows] == [
        "Uppdrag",
        "Alla nämnder får i uppdrag att minska avfallet. Återrapportering sker i respektive nämnd.",
        "Nämnden får i uppdrag att utreda lokalbehovet."]
