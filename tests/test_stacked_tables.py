"""Two tables stacked without a gap, the second under a header row of its own periods, and captions
that belong to the table's own page."""
from pathlib import Path

from kommunrapport.api import extract
from kommunrapport.models import Block, BlockKind, Provenance, Row
from kommunrapport.models.document import Cell
from kommunrapport.read.textblocks import caption_above, inner_header_rows

PAGES = Path(__file__).parent / "data" / "pages"


def _rows(*lines: list[str]) -> list[Row]:
    return [Row(cells=[Cell(text=t) for t in line]) for line in lines]


def test_a_key_figure_table_with_a_second_header_row_reads_each_part_under_its_own_years():
    # Alingsås SN genomlysning p. 7: `Nyckeltal | Alingsås 2025 | Liknande kommuner 2024 | ...` and,
    # shaded as a header inside the same drawn table, `Nyckeltal, Alingsås | 2023 | 2024 | 2025`
    result = extract(PAGES / "alingsas_sn_genomlysning_2026-2027_p7.pdf")
    by_name = {i.name: i for i in result.indicators}
    assert "Nyckeltal, Alingsås" not in by_name          # a header, not an indicator valued 2023, 2024, 2025
    avslut = by_name["Totalt antal avslut, enhet arbetsmarknad"]
    assert [(v.period.year, v.value) for v in avslut.values] == [(2023, 110), (2024, 161), (2025, 211)]
    ledighet = by_name["Arbetslöshet i Alingsås, andel (%)"]
    assert [(v.period.year, v.value) for v in ledighet.values] == [(2023, 4.4), (2024, 4.7), (2025, 5)]
    first = by_name["Nettokostnad arbetsmarknadsåtgärder, kr/inv."]
    assert [v.value for v in first.values] == [334, 476, 624]
    assert first.values[0].period.raw == "Alingsås 2025"


def test_a_chart_axis_figure_is_no_caption():
    # the same page: the chart's axis labels (`400` ... `100`) stand above the labels of its x axis
    result = extract(PAGES / "alingsas_sn_genomlysning_2026-2027_p7.pdf")
    assert not any(t.title and not any(ch.isalpha() for ch in t.title) for t in result.tables)


def test_only_rows_of_periods_head_a_stacked_table():
    rows = _rows(["Nyckeltal", "2023", "2024"], ["Kostnad", "3 187", "3 481"],
                 ["Placerade barn", "20 (2024)", "21 (2024)"],        # values with their year: data
                 ["Antal", "79", "59"],
                 ["Utfall", "Uppfyllt", "Delvis"],                    # words, no periods: data
                 ["Nöjdhet", "81", "77"],
                 ["Nyckeltal, kommunen", "Utfall 2023", "Utfall 2024"],  # a second header
                 ["Avslut", "110", "161"])
    rows[0].is_header = True
    assert inner_header_rows(rows) == [6]


def test_a_paragraph_on_the_page_before_is_no_caption_but_a_heading_there_is():
    note = Block(kind=BlockKind.paragraph, text="Källa: egen statistik", provenance=Provenance(page=6))
    heading = Block(kind=BlockKind.heading, text="5.4 Effektmått", provenance=Provenance(page=6))
    assert caption_above([note], page=7) is None
    assert caption_above([note], page=6) == "Källa: egen statistik"
    assert caption_above([heading], page=7) == "5.4 Effektmått"
