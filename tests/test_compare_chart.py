"""compare charts that do not mislead: one bar per row, municipality, committee and year on every
label, Swedish titles and units, filters, and no chart of mixed years or kinds of committee without
--allow-mixed. The PNG itself is opened and its bars counted."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner
from corpus_helpers import made_extraction, year_period
from PIL import Image

from kommunrapport.cli import cli
from kommunrapport.corpus.chart import BAR_COLOUR, bar_labels, swedish_number
from kommunrapport.corpus.compare import committee_kind, compare_table
from kommunrapport.corpus.store import CorpusStore
from kommunrapport.models.report import Committee


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """Alingsås twice in 2023 (an interim report for Jan-Jul and an annual report), Strängnäs 2023,
    Sala 2024, and Alingsås's technical committee 2023."""
    path = tmp_path_factory.mktemp("chart") / "c.duckdb"
    technical = made_extraction("Alingsås", "1489", path="/c/alingsas-tn-2023.pdf", sick=[(5.1, year_period(2023))])
    technical.report.committee = Committee(name="Tekniska nämnden", raw="Tekniska nämnden")
    with CorpusStore(path) as store:
        store.write_document(made_extraction("Alingsås", "1489", document_type="interim_report",
                                             path="/c/alingsas-delar-2023.txt",
                                             sick=[(8.2, year_period(2023, 7, 31))]))
        store.write_document(made_extraction("Alingsås", "1489", path="/c/alingsas-ar-2023.pdf",
                                             sick=[(8.9, year_period(2023))]))
        store.write_document(made_extraction("Strängnäs", "0486", path="/c/strangnas-2023.txt",
                                             sick=[(9.4, year_period(2023))]))
        store.write_document(made_extraction("Sala", "1981", year=2024, path="/c/sala-2024.txt",
                                             sick=[(7.1, year_period(2024))]))
        store.write_document(technical)
    return path


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], prog_name="kommunrapport")


def bars_in(png) -> int:
    """The bars of the chart: runs of pixel rows that hold a stretch of the bar colour."""
    colour = tuple(int(BAR_COLOUR[i:i + 2], 16) for i in (1, 3, 5))
    image = Image.open(png).convert("RGB")
    width, height = image.size
    pixels = image.load()
    rows = [sum(pixels[x, y] == colour for x in range(0, width, 2)) > 10 for y in range(height)]
    return sum(1 for y in range(height) if rows[y] and (y == 0 or not rows[y - 1]))


def test_per_document_chart_draws_one_bar_per_row_with_the_year_in_every_label(db, tmp_path):
    png = tmp_path / "sjuk.png"
    done = run("compare", "--db", db, "--metric", "sick_leave.total", "--year", 2023, "--per-document",
               "--committee", "social", "--chart", png, "--format", "csv")
    assert done.exit_code == 0, done.output
    table = pd.read_csv(pd.io.common.StringIO(done.stdout))
    assert len(table) == 3 and list(table["municipality"]).count("Alingsås") == 2
    assert bars_in(png) == 3          # the two Alingsås reports are two bars, not one merged bar
    info = Image.open(png).info
    assert info["Title"] == "Sjukfrånvaro totalt (%) 2023"
    labels = info["Description"].splitlines()
    assert len(labels) == 3 and all("2023" in label and "Socialnämnden" in label for label in labels)
    assert "Alingsås · Socialnämnden · 2023 · delårsrapport jan–jul" in labels
    assert "Alingsås · Socialnämnden · 2023 · årsredovisning" in labels


def test_a_chart_of_mixed_years_is_refused_without_allow_mixed(db, tmp_path):
    png = tmp_path / "mixed.png"
    refused = run("compare", "--db", db, "--metric", "sick_leave.total", "--committee", "socialnämnden",
                  "--chart", png)
    assert refused.exit_code == 1 and not png.exists()
    assert "mix years (2023, 2024)" in refused.stderr and "--allow-mixed" in refused.stderr
    allowed = run("compare", "--db", db, "--metric", "sick_leave.total", "--committee", "socialnämnden",
                  "--chart", png, "--allow-mixed")
    assert allowed.exit_code == 0 and "warning: the rows mix years" in allowed.stderr
    assert Image.open(png).info["Title"] == "Sjukfrånvaro totalt (%) 2023–2024"


def test_a_chart_of_mixed_kinds_of_committee_is_refused(db, tmp_path):
    png = tmp_path / "kinds.png"
    refused = run("compare", "--db", db, "--metric", "sick_leave.total", "--year", 2023, "--per-document",
                  "--chart", png)
    assert refused.exit_code == 1 and not png.exists()
    assert "kinds of committee (samhallsbyggnad, social)" in refused.stderr
    technical = run("compare", "--db", db, "--metric", "sick_leave.total", "--committee", "tekniska",
                    "--chart", png)
    assert technical.exit_code == 0 and bars_in(png) == 1
    assert Image.open(png).info["Description"] == "Alingsås · Tekniska nämnden · 2023"


def test_filters_narrow_the_documents_before_the_choice(db):
    annual = compare_table(db, "sick_leave.total", year=2023, document_type="annual_report", committee="social")
    assert dict(zip(annual["municipality"], annual["value"], strict=True)) == {"Alingsås": 8.9, "Strängnäs": 9.4}
    interim = compare_table(db, "sick_leave.total", document_type="interim_report")
    assert list(interim["value"]) == [8.2]
    by_code = compare_table(db, "sick_leave.total", municipality=["0486", "sala"])
    assert sorted(by_code["municipality"]) == ["Sala", "Strängnäs"]
    assert set(by_code["municipality_code"]) == {"0486", "1981"} and set(by_code["gender"]) == {"T"}


def test_kinds_of_committee_come_from_the_vocabulary():
    assert committee_kind("Socialnämnden") == committee_kind("Social- och arbetsmarknadsnämnden") == "social"
    assert committee_kind("Vård- och omsorgsnämnden") == "omsorg"
    assert committee_kind("Barn- och utbildningsnämnden") == "utbildning"
    assert committee_kind(None) == "kommun"
    assert committee_kind("Nämnden för Intraservice") == "service"
    assert committee_kind("Valnämnden") == "valnämnden"       # of no listed kind: its own


def test_labels_are_unique_and_numbers_swedish():
    table = pd.DataFrame({"municipality": ["A", "A"], "committee": ["X", "X"], "year": [2023, 2023],
                          "document": ["a.pdf", "b.pdf"], "document_type": ["annual_report", "annual_report"],
                          "period_start": [pd.NaT, pd.NaT], "period_end": [pd.NaT, pd.NaT]})
    assert bar_labels(table) == ["A · X · 2023 · årsredovisning (a.pdf)", "A · X · 2023 · årsredovisning (b.pdf)"]
    assert swedish_number(8.2) == "8,2" and swedish_number(-226_500_000) == "−226\u00a0500\u00a0000"
