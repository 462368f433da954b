"""Exports keyed for researchers: every exported row carries municipality, SCB code, committee,
document type, fiscal year and period; sick leave joins with a Kolada-shaped frame on (municipality
code, year, gender); a whole municipality's figure carries the Kolada KPI id, a committee's none."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import text_path
from corpus_helpers import made_extraction, year_period

from kommunrapport.cli import cli
from kommunrapport.corpus import schema
from kommunrapport.corpus.build import build
from kommunrapport.corpus.export import KEYED_TABLES, export
from kommunrapport.corpus.keys import KEY_COLUMNS
from kommunrapport.corpus.store import CorpusStore
from kommunrapport.models.report import Committee
from kommunrapport.normalize.vocab import add_user_vocab, reset_user_vocab

TEXTS = ["alingsas", "sala", "strangnas"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keyed")
    db = folder / "c.duckdb"
    build([text_path(n) for n in TEXTS], db, executor="serial")
    return db


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_every_exported_row_carries_the_keys(corpus, tmp_path, fmt):
    written = export(corpus, fmt, tmp_path)
    if fmt == "xlsx":
        tables = pd.read_excel(written[0], sheet_name=None, dtype={"municipality_code": str})
    else:
        read = pd.read_parquet if fmt == "parquet" else (lambda p: pd.read_csv(p, dtype={"municipality_code": str}))
        tables = {p.stem: read(p) for p in written}
    for table in KEYED_TABLES:
        frame = tables[table]
        assert list(frame.columns[:len(KEY_COLUMNS)]) == KEY_COLUMNS, table
        assert frame[["municipality", "municipality_code", "document_type", "fiscal_year"]].notna().all().all(), table
    lines = tables["financial_lines"]
    sala = lines[(lines.municipality == "Sala")]
    assert set(sala.municipality_code) == {"1981"} and set(sala.committee) == {"Social- och arbetsmarknadsnämnden"}
    assert set(sala.fiscal_year) == {2024} and set(pd.to_datetime(sala.report_period_end).dt.date.astype(str)) == \
        {"2024-08-31"}
    assert "sha256" in tables["documents"] and set(schema.EXPORT_TABLES) == set(tables)


def test_sick_leave_joins_with_a_kolada_shaped_frame_without_sql(corpus, tmp_path):
    export(corpus, "csv", tmp_path)
    sick = pd.read_csv(tmp_path / "sick_leave.csv", dtype={"municipality_code": str})
    kolada = pd.DataFrame({     # Kolada's shape: kpi, municipality (SCB code), period (year), gender, value
        "kpi": ["N00000"] * 4, "municipality": ["1489", "1489", "0486", "1981"], "period": [2023, 2023, 2023, 2023],
        "gender": ["T", "K", "T", "T"], "value": [7.9, 9.0, 8.6, 7.3]})
    joined = sick.merge(kolada, left_on=["municipality_code", "year", "gender"],
                        right_on=["municipality", "period", "gender"], suffixes=("", "_kolada"))
    pairs = {(r.municipality_code, r.gender, r.category): (r.percent, r.value) for r in joined.itertuples()}
    assert pairs[("1489", "T", "total")] == (8.2, 7.9)      # Alingsås's committee 8,2 % beside Kolada's figure
    assert pairs[("1489", "K", "women")] == (9.8, 9.0)
    assert pairs[("0486", "T", "total")] == (9.4, 8.6)
    assert pairs[("1981", "T", "total")] == (7.7, 7.3)
    assert sick.loc[sick.category == "age_30_49", "gender"].isna().all()
    assert sick["kolada_kpi"].isna().all()                  # committees' figures: no municipal KPI id


def test_a_whole_municipality_figure_carries_the_kpi_id_a_committee_figure_none(tmp_path):
    vocab = tmp_path / "kolada.toml"
    vocab.write_text('[kolada.kpi]\n"sick_leave.total" = "TEST01"\n"sick_leave.women" = "TEST01"\n', encoding="utf-8")
    whole = made_extraction("Sala", "1981", path="/c/sala-ks.pdf", sick=[(6.5, year_period(2023))])
    whole.report.committee = Committee(name="Kommunstyrelsen", raw="Kommunstyrelsen")
    own = made_extraction("Sala", "1981", path="/c/sala-ar.pdf", sick=[(6.5, year_period(2023))])
    own.report.committee = None
    committee = made_extraction("Sala", "1981", path="/c/sala-san.pdf", sick=[(7.7, year_period(2023))])
    db = tmp_path / "c.duckdb"
    try:
        add_user_vocab(vocab)
        with CorpusStore(db) as store:
            for ex in (whole, own, committee):
                store.write_document(ex)
        export(db, "parquet", tmp_path / "out")
        sick = pd.read_parquet(tmp_path / "out" / "sick_leave.parquet")
        kpis = dict(zip(sick.document, sick.kolada_kpi, strict=True))
        assert (kpis["sala-ks.pdf"], kpis["sala-ar.pdf"]) == ("TEST01", "TEST01") and pd.isna(kpis["sala-san.pdf"])
        from kommunrapport.corpus.frames import extraction_frames

        assert extraction_frames(whole)["sick_leave"]["kolada_kpi"].tolist() == ["TEST01"]
        assert extraction_frames(committee)["sick_leave"]["kolada_kpi"].isna().all()
    finally:
        reset_user_vocab()


def test_extract_csv_and_compare_rows_carry_the_keys(corpus, tmp_path):
    out = tmp_path / "fin.csv"
    done = CliRunner().invoke(cli, ["extract", str(text_path("alingsas")), "-o", str(out)])
    assert done.exit_code == 0, done.stderr
    fin = pd.read_csv(out, dtype={"municipality_code": str})
    row = fin[(fin.label == "Personalkostnader") & (fin.measure == "budget")].iloc[0]
    assert (row.municipality, row.municipality_code, row.committee, row.document_type, row.fiscal_year,
            row.period_year, row.amount_sek) == ("Alingsås", "1489", "Socialnämnden", "interim_report", 2023,
                                                 2023, -137_901_000)
    compared = CliRunner().invoke(cli, ["compare", "--db", str(corpus), "--metric", "sick_leave.total",
                                        "--year", "2023", "--format", "csv"])
    table = pd.read_csv(pd.io.common.StringIO(compared.stdout), dtype={"municipality_code": str})
    assert {"municipality", "municipality_code", "committee", "document_type", "fiscal_year", "year", "period",
            "gender", "kolada_kpi"} <= set(table.columns)
    assert set(table.municipality_code) >= {"1489", "0486"}
