"""The corpus store: every table filled from one extraction, re-storing replaces, failures recorded."""
from __future__ import annotations

import duckdb
import pytest
from corpus_helpers import made_extraction, year_period

from kommunrapport.corpus import schema
from kommunrapport.corpus.store import CorpusError, CorpusStore, Failure, connect


@pytest.fixture
def store(tmp_path):
    with CorpusStore(tmp_path / "c.duckdb") as s:
        yield s


def alingsas():
    return made_extraction("Alingsås", "1489", sick=[(8.2, year_period(2023, 7, 31))],
                           net_cost=[(-224_047_000, "budget", year_period(2023), True)],
                           goal_levels=["fulfilled", "not_fulfilled", ""])


def test_one_document_fills_every_document_table(store):
    store.write_document(alingsas(), size_bytes=123, seconds=0.5)
    counts = store.counts()
    assert {t: counts[t] for t in schema.DOCUMENT_TABLES} == {
        "documents": 1, "sections": 1, "goals": 3, "indicators": 1, "indicator_values": 2,
        "financial_lines": 1, "sick_leave": 1, "tables": 0, "warnings": 2}


def test_columns_keep_values_provenance_and_lists(store):
    ex = alingsas()
    store.write_document(ex)
    con = store.con
    doc = con.execute("SELECT municipality, municipality_code, committee, document_type, fiscal_year, pages, "
                      "extractor_version FROM documents").fetchone()
    assert doc == ("Alingsås", "1489", "Socialnämnden", "annual_report", 2023, 12, store.extractor_version)
    line = con.execute("SELECT category, measure, amount_sek, is_total, period_year, page, x0, bottom, method "
                       "FROM financial_lines").fetchone()
    assert line == ("net_cost", "budget", -224_047_000, True, 2023, 3, 10.0, 40.0, "test:made")
    sick = con.execute("SELECT percent, period_start, period_end, method FROM sick_leave").fetchone()
    assert sick[0] == 8.2 and str(sick[2]) == "2023-07-31" and sick[3] == "table:sick_leave"
    goal = con.execute("SELECT assessment, scale_labels, indicator_ids FROM goals WHERE goal_id = 'g1'").fetchone()
    assert goal == ("fulfilled", ["bra", "mellan", "dålig"], ["i1"])
    assert con.execute("SELECT count(*) FROM warnings WHERE page IS NULL").fetchone()[0] == 1
    stored_json = con.execute("SELECT extraction_json FROM documents").fetchone()[0]
    assert type(ex).model_validate_json(stored_json) == ex


def test_storing_again_replaces_rather_than_adds(store):
    store.write_document(alingsas())
    before = store.counts()
    store.write_document(alingsas())
    assert store.counts() == before


def test_a_changed_file_at_the_same_path_replaces_the_old_content(store):
    store.write_document(made_extraction("Sala", "1981", path="/c/sala.pdf", year=2023))
    newer = made_extraction("Sala", "1981", path="/c/sala.pdf", year=2024)
    newer.source.sha256 = "f" * 64
    store.write_document(newer)
    assert store.con.execute("SELECT sha256, fiscal_year FROM documents").fetchall() == [("f" * 64, 2024)]
    assert store.counts()["sections"] == 1


def test_a_failure_is_recorded_once_and_cleared_by_a_later_success(store):
    ex = alingsas()
    failure = Failure(ex.source.path, ex.source.sha256, "unreadable", "the file is empty")
    store.write_failure(failure)
    store.write_failure(failure)
    assert store.failure_messages([ex.source.path]) == [failure]
    store.write_document(ex)
    assert store.counts()["failures"] == 0


def test_a_failed_write_leaves_nothing_half_written(store):
    ex = alingsas()
    ex.sick_leave[0].percent = float("nan")
    store.write_document(ex)
    before = store.counts()
    broken = made_extraction("Trasig", "0000")
    broken.sections[0].level = 2**40   # does not fit the INTEGER column: the insert fails mid-document
    with pytest.raises((duckdb.Error, OverflowError, ValueError)):
        store.write_document(broken)
    assert store.counts() == before


def test_a_store_of_another_schema_is_refused(tmp_path):
    db = tmp_path / "c.duckdb"
    CorpusStore(db).close()
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '0' WHERE key = 'store_schema'")
    con.close()
    with pytest.raises(CorpusError, match="store schema 0"):
        CorpusStore(db)


def test_reading_a_missing_store_is_one_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="no such corpus database"):
        connect(tmp_path / "missing.duckdb", read_only=True)


def test_the_tables_table_says_what_was_made_of_each_table(store, real_extraction):
    """Alingsås TN (real PDF): its drift table is stored with its columns, measures and arithmetic,
    and every financial line names it, so a query can join a fact to the table it came from."""
    ex = real_extraction("alingsas_tn")
    store.write_document(ex)
    con = store.con
    assert con.execute("SELECT count(*) FROM tables").fetchone()[0] == len(ex.tables)
    table_id, columns, measures, reconciled = con.execute(
        "SELECT t.table_id, t.columns, t.measures, t.reconciled FROM financial_lines f "
        "JOIN tables t ON t.sha256 = f.sha256 AND t.table_id = f.table_id "
        "WHERE f.label = 'Verksamhetens intäkter' AND f.measure = 'budget'").fetchone()
    assert reconciled == "yes"
    assert "Budget 2026" in columns and "budget" in measures
    budget = con.execute("SELECT amount_sek FROM financial_lines WHERE table_id = ? AND "
                         "label = 'Verksamhetens intäkter' AND measure = 'budget'", [table_id]).fetchone()[0]
    assert budget == 34_956_000
    assert con.execute("SELECT count(*) FROM financial_lines WHERE table_id IS NULL").fetchone()[0] == 0
