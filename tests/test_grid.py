"""The one table recogniser (tables/grid.py) on the real pages that showed each construct: the
PDF's words and the `pdftotext -layout` rendition's characters give the same table."""
from functools import cache

import pdfplumber
from conftest import real_path

from kommunrapport.models import Word
from kommunrapport.read.layout import layout_words, split_pages, table_regions
from kommunrapport.read.pdf import read_page
from kommunrapport.read.pdf_tables import region_of
from kommunrapport.tables.grid import Grid, find_grid, join_header


@cache
def _pdf_grids(name: str, page: int) -> list[Grid]:
    with pdfplumber.open(real_path(name)) as pdf:
        content = read_page(pdf.pages[page - 1])
    grids = []
    for t in content.tables:
        region = region_of(t)
        grids.append(find_grid(region.words, h_rules=region.h_rules, boxes=region.boxes))
    return grids


def _rows(grid: Grid) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in grid.rows]


def _grid_with(grids: list[Grid], text: str) -> Grid:
    return next(g for g in grids if g is not None and any(text in c for r in _rows(g) for c in r))


GBG = "goteborg_intraservice_delarsrapport_2026-03"
GBG_HEADER = ["", "Utfall", "Budget", "Avvikelse", "Utfall fg år", "Prognos", "Fg prognos", "Budget", "Bokslut fg år"]


def test_zebra_table_of_filled_rectangles_has_the_columns_a_reader_sees():
    grid = _grid_with(_pdf_grids("alingsas_tn_manadsuppfoljning_2026-04", 2), "Verksamhetens intäkter")
    rows = _rows(grid)
    assert rows[0] == ["Belopp i tkr", "Budget 2026", "Prognos helår 2026", "Avv. prognos/budget 2026"]
    assert grid.rows[0].header and not grid.rows[1].header
    assert ["Verksamhetens intäkter", "34 956", "37 201", "2 245"] in rows
    assert rows[-1] == ["Årets resultat", "0", "0", "0"]
    # every cell carries its own box: the figure's, not the row's
    cell = grid.rows[1].cells[1]
    assert cell.text == "34 956" and cell.bbox[2] - cell.bbox[0] < 40


def test_header_band_of_interleaved_lines_group_labels_and_label_round_its_numbers():
    grid = _grid_with(_pdf_grids(GBG, 11), "Kommuninterna")
    rows = _rows(grid)
    # `Period` and `Helår` each span four columns; `Avvik`/`else` is one word broken in a narrow column
    assert rows[0][:2] == ["Belopp i mnkr", "Period"] and grid.rows[0].cells[1].span == 4
    assert rows[0][5] == "Helår" and grid.rows[0].cells[5].span == 4
    assert rows[1] == GBG_HEADER
    body = rows[2:]
    assert [r[0] for r in body] == ["Intäkter", "Kostnader", "Kommunbidrag", "Kommuninterna bidrag", "Resultat"]
    assert body[0] == ["Intäkter", "373,6", "375,7", "-2,1", "346,2", "1 513,3", "1 506,8", "1 506,8", "1 413,5"]
    assert body[4] == ["Resultat", "22,5", "3,0", "19,5", "8,6", "0", "0", "0", "6,9"]
    # the note under the table is not glued to its last label
    assert not any("Ovan siffror" in c for r in rows for c in r)


def test_the_text_rendition_gives_the_same_table():
    pages = split_pages((real_path(GBG).with_suffix(".txt")).read_text(encoding="utf-8"))
    page = next(p for p in pages if any("Kommuninterna" in r.text for r in p))
    grids = [find_grid(layout_words(page[a:b])) for a, b in table_regions(page).items()]
    text_rows = _rows(_grid_with(grids, "Kommuninterna"))
    pdf_rows = _rows(_grid_with(_pdf_grids(GBG, 11), "Kommuninterna"))
    assert text_rows[1:] == pdf_rows[1:]
    assert text_rows[0][1] == "Period" and text_rows[0][5] == "Helår"


def test_a_column_only_the_header_shows_is_kept():
    grid = _grid_with(_pdf_grids(GBG, 10), "Dödsfall")
    rows = _rows(grid)
    assert rows[0][1:4] == ["Antal", "Orsak (kort beskrivning)",
                            "Åtgärd (beskriv kortfattat genomförd eller planerad åtgärd)"]
    assert ["Dödsfall på grund av arbetsolycka", "0", "", ""] in rows


def _w(text, x0, x1, top, size=10.0):
    return Word(text=text, x0=x0, x1=x1, top=top, bottom=top + 0.9 * size, size=size)


def test_numbers_run_together_are_split_by_the_columns_of_other_rows():
    # `25 501` in the text layer is 25 and 501: the other rows show a column ending where 25 ends
    words = [_w("Intäkter", 0, 40, 0), _w("-7", 112, 122, 0), _w("-3", 130, 140, 0),
             _w("Kostnader", 0, 45, 14), _w("25", 112, 122, 14), _w("501", 125, 140, 14),
             _w("Summa", 0, 30, 28), _w("8", 117, 122, 28), _w("12", 130, 140, 28)]
    rows = _rows(find_grid(words))
    assert rows == [["Intäkter", "-7", "-3"], ["Kostnader", "25", "501"], ["Summa", "8", "12"]]


def test_word_broken_in_a_narrow_column_is_joined():
    assert join_header(["Budgetav", "vikelse"]) == "Budgetavvikelse"
    assert join_header(["Progno", "s", "augusti"]) == "Prognos augusti"
    assert join_header(["Avv. prognos/", "budget 2026"]) == "Avv. prognos/budget 2026"
    assert join_header(["Utfall", "fg år"]) == "Utfall fg år"
