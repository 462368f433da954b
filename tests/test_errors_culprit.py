"""Errors name the culprit: a bad vocabulary file is blamed (not the report), an unknown vocabulary
key or metric lists the valid ones, DuckDB's hints stay in `corpus query` errors."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import text_path
from corpus_helpers import made_extraction, year_period

from kommunrapport.cli import cli
from kommunrapport.corpus.store import CorpusStore
from kommunrapport.normalize.vocab import VocabError, add_user_vocab, reset_user_vocab


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], prog_name="kommunrapport", env=env)


@pytest.fixture(autouse=True)
def _no_user_vocabulary():
    yield
    reset_user_vocab()


@pytest.mark.parametrize("content, expected", [
    ("[sections.kinds.goals\n", "is not valid TOML"),
    ('[sectionz.kinds.goals]\nsynonyms = ["x"]\n', "no vocabulary 'sectionz' (the vocabularies: assessments,"),
    ('[sections.kindz.goals]\nsynonyms = ["x"]\n', "[sections] has no key 'kindz' (valid keys: settings, kinds)"),
    ('[sections.kinds.goalz]\nsynonyms = ["x"]\n', "[sections.kinds] has no key 'goalz' (valid keys: summary, goals,"),
    ('[sections.settings]\nscore_cutoff = "high"\n', "sections.settings.score_cutoff: input should be a valid number"),
    ('[finance.categories]\nfees = "avgifter"\n', "finance.categories.fees: input should be a valid list"),
])
def test_a_bad_vocabulary_file_is_blamed_not_the_report(tmp_path, content, expected):
    vocab = tmp_path / "mina-ord.toml"
    vocab.write_text(content, encoding="utf-8")
    report = text_path("sala")
    result = run("extract", report, env={"KOMMUNRAPPORT_VOCAB": str(vocab)})
    assert result.exit_code == 1 and result.stdout == ""
    line, = result.stderr.strip().splitlines()
    assert line.startswith(f"kommunrapport: error: vocabulary file {vocab}") and expected in line
    assert str(report) not in line and "Traceback" not in result.stderr


def test_the_extensions_a_user_file_may_make_are_accepted(tmp_path):
    vocab = tmp_path / "mina-ord.toml"
    vocab.write_text('[sections.kinds.goals]\nsynonyms = ["fokusområden"]\n'
                     '[compare.committee_kinds]\nval = ["valnämnd"]\n'
                     '[assessments.tokens]\nmina_ord = ["x"]\n'
                     '[kolada.kpi]\n"sick_leave.total" = "N99999"\n', encoding="utf-8")
    add_user_vocab(vocab)
    result = run("extract", text_path("sala"), "--format", "table")
    assert result.exit_code == 0, result.stderr


def test_headings_vocab_with_an_unknown_key_lists_the_valid_ones(tmp_path):
    vocab = tmp_path / "h.toml"
    vocab.write_text('[sections.kinds."mål"]\nsynonyms = ["x"]\n', encoding="utf-8")
    result = run("headings", text_path("sala"), "--vocab", vocab)
    assert result.exit_code == 1 and "has no key 'mål'" in result.stderr and "sick_leave" in result.stderr
    with pytest.raises(VocabError, match="valid keys"):
        add_user_vocab(vocab)


def test_a_corpus_build_with_a_bad_vocabulary_stops_before_any_file(tmp_path):
    vocab = tmp_path / "v.toml"
    vocab.write_text('[periodz]\nx = 1\n', encoding="utf-8")
    result = run("corpus", "build", text_path("sala"), "--db", tmp_path / "c.duckdb", "-q",
                 env={"KOMMUNRAPPORT_VOCAB": str(vocab)})
    assert result.exit_code == 1 and "no vocabulary 'periodz'" in result.stderr
    assert not (tmp_path / "c.duckdb").exists()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("err") / "c.duckdb"
    with CorpusStore(path) as store:
        store.write_document(made_extraction("Sala", "1981", sick=[(7.1, year_period(2023))]))
    return path


def test_an_unknown_metric_lists_the_valid_ones(db):
    result = run("compare", "--db", db, "--metric", "sick_leave.totalt")
    assert result.exit_code == 1
    assert "unknown metric 'sick_leave.totalt'" in result.stderr and "sick_leave.total," in result.stderr
    assert "sick_leave.age_30_49" in result.stderr
    other = run("compare", "--db", db, "--metric", "kostnad")
    assert "financial.net_cost" in other.stderr and "goals.share_fulfilled" in other.stderr


def test_duckdb_hints_are_kept_in_query_errors(db):
    column = run("corpus", "query", "--db", db, "SELECT municipalty FROM documents")
    assert column.exit_code == 1 and 'Candidate bindings: "municipality"' in column.stderr
    table = run("corpus", "query", "--db", db, "SELECT * FROM document")
    assert 'Did you mean "documents"' in table.stderr
    assert len(table.stderr.strip().splitlines()) == 1
