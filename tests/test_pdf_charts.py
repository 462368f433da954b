"""Charts drawn in vectors on real pages: one `chart` warning each, their axis ticks, data labels,
category labels and legend are neither tables nor prose; the tables beside them are read as before."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from conftest import DATA, real_path

from kommunrapport.tables.build import read_tables

PAGES = DATA / "pages"


@cache
def read(name: str):
    return read_tables(sorted(PAGES.glob(f"{name}*.pdf"))[0])


def texts(doc) -> list[str]:
    return [b.text for b in doc.blocks]


def words(doc) -> set[str]:
    out = set()
    for b in doc.blocks:
        out.update(b.text.split())
        if b.table is not None:
            out.update(word for r in b.table.rows for c in r.cells for word in c.text.split())
    return out


def test_a_line_chart_is_one_chart_warning_and_its_key_figure_table_is_still_read():
    # Alingsås SN genomlysning p. 7: a line chart (value axis 100..400, `januari` / year labels,
    # a legend of municipalities) above a ruled table of key figures
    doc = read("alingsas_sn_genomlysning_2026-2027_p7")
    charts = [w for w in doc.warnings if w.code == "chart"]
    assert len(charts) == 1
    prov = charts[0].provenance
    assert prov.page == 1 and prov.method == "reader:pdf_charts"
    assert prov.bbox == pytest.approx((76.5, 94.0, 520.9, 249.9), abs=1)
    assert "not read as a table" in charts[0].message and "Antal biståndshushåll" in charts[0].message
    assert not any(t.strip() in ("400", "300", "januari") for t in texts(doc))
    assert not {"januari", "Falkenberg", "Ängelholm"} & words(doc)
    assert "Antal biståndshushåll" in texts(doc)        # the chart's title stays text
    rows = [r for b in doc.blocks if b.kind == "table" for r in b.table.rows]
    row = next(r for r in rows if r.cells[0].text.startswith("Nettokostnad arbetsmarknadsåtgärder"))
    assert [c.text for c in row.cells] == ["Nettokostnad arbetsmarknadsåtgärder, kr/inv.", "334", "476", "624"]


@pytest.mark.parametrize("name, title", [
    ("goteborg_revisionsberattelse_2024_p24", "Har du möjlighet till kompetensutveckling?"),
    ("goteborg_revisionsberattelse_2024_p28", "Har du sammantaget de förutsättningar du behöver"),
])
def test_a_bar_chart_in_its_frame_is_one_chart_and_no_table_of_data_labels(name, title):
    # a Word bar chart: ticks 0..100 by 20, data labels over the bars (`71`, `45`), categories
    # `Ja Delvis Nej`, a legend and the axis title `Procent` set letter by letter
    doc = read(name)
    charts = [w for w in doc.warnings if w.code == "chart"]
    assert len(charts) == 1 and title in charts[0].message
    assert not [b for b in doc.blocks if b.kind == "table"]
    assert not {"Delvis", "Nej", "Rektorer", "Bitr"} & words(doc)
    assert not any(t.strip() in ("e", "c", "o", "0 Ja Delvis Nej") for t in texts(doc))
    assert any(t.startswith(title) for t in texts(doc))
    assert any("kompetensutveckling" in t or "förutsättningar" in t for t in texts(doc)
               if len(t) > 200)                       # the prose around the chart is read as before


def test_a_drawn_money_table_is_never_a_chart():
    # ruled tables of figures with rects as cell borders (a budget over several pages)
    for path in sorted(PAGES.glob("*.pdf")):
        if "genomlysning" in path.name or "revisionsberattelse_2024" in path.name:
            continue
        doc = read_tables(Path(path))
        assert not [w for w in doc.warnings if w.code == "chart"], path.name


def test_a_ruled_money_table_with_even_steps_in_a_column_is_not_a_chart():
    # Alingsås TN månadsuppföljning pp. 3 and 10: investment tables whose columns hold runs such
    # as 700 / 500 / 300 on evenly spaced rows; the row rules cross the column and the row labels
    # stand left of it, so it is no value axis
    from kommunrapport.read import pdf as pdf_reader
    doc = pdf_reader.read_pdf(real_path("alingsas_tn_manadsuppfoljning"), pages=[3, 10])
    assert not [w for w in doc.warnings if w.code == "chart"]
    assert sum(1 for b in doc.blocks if b.kind == "table") >= 2
