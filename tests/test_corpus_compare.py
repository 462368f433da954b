"""compare, query and export over a store of hand-made extractions (and over the real texts)."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner
from corpus_helpers import TEXT, made_extraction, year_period

from kommunrapport.cli import cli
from kommunrapport.corpus import schema
from kommunrapport.corpus.build import build
from kommunrapport.corpus.compare import compare_table
from kommunrapport.corpus.export import export
from kommunrapport.corpus.store import CorpusError, CorpusStore


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """Three municipalities; Alingsås twice (an interim and an annual report of 2023)."""
    path = tmp_path_factory.mktemp("compare") / "c.duckdb"
    with CorpusStore(path) as store:
        store.write_document(made_extraction(
            "Alingsås", "1489", document_type="interim_report", path="/c/alingsas-delar-2023.txt",
            sick=[(8.2, year_period(2023, 7, 31)), (11.2, year_period(2022, 7, 31))],
            net_cost=[(-150_000_000, "outcome", year_period(2023, 8, 31), True),
                      (-224_041_000, "forecast", year_period(2023), True)],
            goal_levels=["fulfilled", "partially_fulfilled", "not_assessed"]))
        store.write_document(made_extraction(
            "Alingsås", "1489", path="/c/alingsas-ar-2023.pdf",
            sick=[(8.9, year_period(2023))],
            net_cost=[(-5_000_000, "outcome", year_period(2023), False),
                      (-226_500_000, "outcome", year_period(2023), True)],
            goal_levels=["fulfilled", "fulfilled", "not_fulfilled", "not_fulfilled"]))
        store.write_document(made_extraction(
            "Strängnäs", "0486", path="/c/strangnas-2023.txt", sick=[(9.4, year_period(2023))],
            net_cost=[(-412_000_000, "outcome", year_period(2023), True)], goal_levels=["fulfilled"]))
        store.write_document(made_extraction(
            "Sala", "1981", year=2024, path="/c/sala-2024.txt", document_type="interim_report",
            sick=[(7.7, year_period(2023)), (7.1, year_period(2024, 6, 30))]))
    return path


def values(table: pd.DataFrame) -> dict[str, float]:
    return dict(zip(table["municipality"], table["value"], strict=True))


def test_sick_leave_per_municipality_prefers_the_whole_year(db):
    table = compare_table(db, "sick_leave.total", year=2023)
    assert values(table) == {"Alingsås": 8.9, "Sala": 7.7, "Strängnäs": 9.4}
    row = table.set_index("municipality").loc["Alingsås"]
    assert (row["municipality_code"], row["document"], row["unit"]) == ("1489", "alingsas-ar-2023.pdf", "percent")
    assert row["provenance"] == "page 3, table:sick_leave"
    assert list(table.columns)[:5] == ["municipality", "municipality_code", "committee", "committee_kind", "document"]
    assert (row["fiscal_year"], row["year"], row["gender"]) == (2023, 2023, "T")


def test_per_document_gives_every_document_its_row(db):
    table = compare_table(db, "sick_leave.total", year=2023, per_document=True)
    assert sorted(table["value"]) == [7.7, 8.2, 8.9, 9.4]


def test_without_a_year_each_municipality_gives_its_latest(db):
    assert values(compare_table(db, "sick_leave.total"))["Sala"] == 7.1


def test_net_cost_takes_the_total_row_of_the_measure_asked_for(db):
    assert values(compare_table(db, "financial.net_cost", year=2023)) == {
        "Alingsås": -226_500_000, "Strängnäs": -412_000_000}
    forecast = compare_table(db, "financial.net_cost", year=2023, measure="forecast")
    assert values(forecast) == {"Alingsås": -224_041_000}


def test_goal_shares_count_only_the_assessed_goals(db):
    shares = compare_table(db, "goals.share_fulfilled", year=2023, per_document=True)
    assert dict(zip(shares["document"], shares["value"], strict=True)) == {
        "alingsas-ar-2023.pdf": 50.0, "alingsas-delar-2023.txt": 50.0, "strangnas-2023.txt": 100.0}
    assert "1 of 2 assessed goals" in set(shares["raw"])
    assert values(compare_table(db, "goals.count", year=2023)) == {"Alingsås": 4, "Strängnäs": 1}


def test_an_unknown_metric_or_measure_is_one_clear_error(db):
    with pytest.raises(CorpusError, match="unknown metric"):
        compare_table(db, "sick_leave.everything")
    with pytest.raises(CorpusError, match="unknown measure"):
        compare_table(db, "financial.net_cost", measure="guess")


def test_compare_command_writes_csv_parquet_and_a_chart(db, tmp_path):
    runner = CliRunner()
    csv = runner.invoke(cli, ["compare", "--db", str(db), "--metric", "sick_leave.total", "--year", "2023",
                              "--format", "csv"])
    assert csv.exit_code == 0, csv.output
    assert csv.output.splitlines()[0].startswith("municipality,municipality_code,committee,committee_kind,document")
    assert "Strängnäs,0486" in csv.output
    parquet, chart = tmp_path / "sick.parquet", tmp_path / "sick.png"
    done = runner.invoke(cli, ["compare", "--db", str(db), "--metric", "sick_leave.total", "--year", "2023",
                               "--format", "parquet", "-o", str(parquet), "--chart", str(chart)])
    assert done.exit_code == 0, done.output
    assert len(pd.read_parquet(parquet)) == 3
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = runner.invoke(cli, ["compare", "--db", str(db), "--metric", "sick_leave.total", "--year", "2023"])
    assert "Alingsås" in table.output and "8.9" in table.output
    bad = runner.invoke(cli, ["compare", "--db", str(db), "--metric", "nonsense"])
    assert bad.exit_code == 1 and "unknown metric" in bad.output and "Traceback" not in bad.output


def test_query_command_prints_a_table_or_csv(db):
    runner = CliRunner()
    sql = "SELECT municipality, count(*) AS n FROM documents GROUP BY 1 ORDER BY 1"
    out = runner.invoke(cli, ["corpus", "query", "--db", str(db), sql, "--format", "csv"])
    assert out.exit_code == 0 and out.output.splitlines() == ["municipality,n", "Alingsås,2", "Sala,1", "Strängnäs,1"]
    assert "Strängnäs" in runner.invoke(cli, ["corpus", "query", "--db", str(db), sql]).output
    bad = runner.invoke(cli, ["corpus", "query", "--db", str(db), "SELEC nonsense"])
    assert bad.exit_code == 1 and "query failed" in bad.output
    written = runner.invoke(cli, ["corpus", "query", "--db", str(db), "DELETE FROM documents"])
    assert written.exit_code == 1   # the store is opened read-only


@pytest.mark.parametrize("fmt", ["parquet", "csv", "xlsx"])
def test_export_writes_every_table(db, tmp_path, fmt):
    written = export(db, fmt, tmp_path / fmt)
    if fmt == "xlsx":
        sheets = pd.read_excel(written[0], sheet_name=None)
        assert set(sheets) == set(schema.EXPORT_TABLES)
        assert len(sheets["goals"]) == 8 and "extraction_json" not in sheets["documents"]
        assert "bra; mellan; dålig" in set(sheets["goals"]["scale_labels"])
        return
    assert sorted(p.name for p in written) == sorted(f"{t}.{fmt}" for t in schema.EXPORT_TABLES)
    read = pd.read_parquet if fmt == "parquet" else pd.read_csv
    assert len(read(tmp_path / fmt / f"sick_leave.{fmt}")) == 6
    assert len(read(tmp_path / fmt / f"indicator_values.{fmt}")) == 8


def test_compare_sick_leave_2023_over_the_real_texts(tmp_path):
    """Once metadata and sick leave are extracted: the municipalities that report 2023 sick leave."""
    db = tmp_path / "texts.duckdb"
    build([TEXT], db, executor="serial")
    table = compare_table(db, "sick_leave.total", year=2023, per_document=True)
    if table.empty:
        pytest.skip("no 2023 sick-leave figures extracted from the texts yet")
    found = dict(zip(table["document"], table["value"], strict=True))
    assert found.get("alingsas-sn-delarsbokslut-2023.txt") == 8.2
    assert found.get("strangnas-sn-arsrapport-2023.txt") == 9.4
    assert found.get("sala-san-delarsrapport-2024.txt") == 7.7


def test_an_output_that_is_not_a_regular_file_is_written_into_not_replaced(tmp_path):
    import os
    import stat
    import threading

    from kommunrapport.corpus.output import write_frame

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    write_frame(pd.DataFrame({"a": [1]}), "csv", str(fifo))
    reader.join(timeout=10)
    assert received == ["a\n1\n"] and stat.S_ISFIFO(fifo.stat().st_mode)
