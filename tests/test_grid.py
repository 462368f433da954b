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


# ---- character-cell mode: `pdftotext -layout` text (read.layout's monospace grid) ----------------

RENDITIONS = real_path(GBG).parent.parent / "renditions"


def _layout_grid(name: str, text: str) -> Grid:
    """The grid of the layout table region that holds `text`, read in character-cell mode."""
    from kommunrapport.read.layout import LAYOUT_GRID
    pages = split_pages((RENDITIONS / name).read_text(encoding="utf-8"))
    for page in pages:
        for a, b in table_regions(page).items():
            if any(text in r.text for r in page[a:b]):
                words = layout_words([r for r in page[a:b] if not r.blank])
                return find_grid(words, {"char_width": LAYOUT_GRID["char_width"]})
    raise AssertionError(text)


def test_character_cells_ragged_right_edges_and_a_group_label_set_anywhere_over_its_group():
    # pdftotext ends a column's figures a few cells apart (`-11 507` / `-148 510`): one column, and
    # `-11 507` stays one figure; `2023` stands over the second of its two columns, `2024` over one
    grid = _layout_grid("ale-sn-namndplan-2024.layout.txt", "Besluts/verksamhetsområden")
    rows = _rows(grid)
    assert rows[0][:2] == ["Besluts/verksamhetsområden", "2023"] and grid.rows[0].cells[1].span == 2
    assert rows[0][3] == "2024"
    assert rows[1] == ["", "Prognos", "Budget", "Budget"]
    assert rows[2] == ["Centralt socialtjänstförvaltningen", "-10 882", "-11 507", "-19 094"]


def test_character_cells_one_space_is_no_phrase_in_a_header_over_tight_columns():
    # `2023 2022` over two columns; `Diffe-` / `rens` one word broken in its column
    rows = _rows(_layout_grid("alingsas-sn-delarsbokslut-2023.layout.txt", "Sjukfrånvaro* (%)"))
    assert rows[0] == ["Sjukfrånvaro* (%)", "2023", "2022", "Differens"]
    assert rows[-1] == ["Dag 59>", "5,3", "6,7", "-1,4"]
    # `Prognos helår Budget 2018` over two columns: cut before each measure heading
    rows = _rows(_layout_grid("linkoping-sn-delarsrapport-2018.layout.txt", "Prognos helår Budget 2018"))
    assert rows[0][1:3] == ["Prognos helår", "Budget 2018"]


def test_character_cells_header_stacked_over_a_column_left_empty_and_wrapped_text_cells():
    grid = _layout_grid("strangnas-sn-arsrapport-2023.layout.txt", "Åtgärdsplan för")
    rows = _rows(grid)
    assert rows[1][3:] == ["Planerad årseffekt", "Prognos/utfall", "Planerad årseffekt", "Prognos/utfall",
                           "Planerad effekt", "Prognos/utfall"]
    row = next(r for r in rows if r[0].startswith("Uppsagt avtal"))
    assert row == ["Uppsagt avtal inom administration och digitalisering", "2023-05-22",
                   "Verksamhetschef administration och digitalisering", "-500", "-530", "-840", "", "-1 340", "-530"]
    # a comment column after the figures, its lines wrapped under the row: one cell
    rows = _rows(_layout_grid("sala-san-delarsrapport-2024.layout.txt", "Kontinuerlig"))
    row = next(r for r in rows if r[0].startswith("Kontinuerlig"))
    assert row[:3] == ["Kontinuerlig sjukstatistik från HR", "7,7 %", "8,1%"]
    assert row[3].startswith("Resultatet Delår avser") and row[3].endswith("resultatet som redovisas.")
