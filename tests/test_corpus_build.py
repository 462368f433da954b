"""Batch builds: every table as the extractor gives it, incremental, resumable after kill -9,
failures recorded and the batch going on, a newer extractor re-extracting, the Dask path."""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from corpus_helpers import PDF, TEXT, copies_of_texts, one_page_pdf

from kommunrapport.cli import cli
from kommunrapport.corpus import schema
from kommunrapport.corpus.build import build, find_report_files
from kommunrapport.corpus.executors import Outcome, Task, extract_one
from kommunrapport.corpus.store import connect, table_counts

VOLATILE = {"extracted_at", "extract_seconds", "failed_at"}


def table_contents(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, without the columns that record when or how long."""
    con = connect(db, read_only=True)
    try:
        found = {}
        for table in schema.EXPORT_TABLES:
            columns = [f'"{c}"' for c, _ in schema.TABLES[table] if c not in VOLATILE]
            found[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()
        return found
    finally:
        con.close()


def counts(db: Path) -> dict[str, int]:
    con = connect(db, read_only=True)
    try:
        return table_counts(con)
    finally:
        con.close()


@pytest.fixture(scope="module")
def text_build(tmp_path_factory):
    """One build over the corpus texts with two worker processes, shared by the read-only tests."""
    db = tmp_path_factory.mktemp("corpus") / "texts.duckdb"
    started = time.perf_counter()
    summary = build([TEXT], db, jobs=2)
    return db, summary, time.perf_counter() - started


def test_a_build_stores_every_text_with_the_rows_of_its_extraction(text_build, extraction_of):
    db, summary, _ = text_build
    assert summary.ok and summary.stored == 5 and summary.files == 5
    con = connect(db, read_only=True)
    try:
        for name in ["ale", "alingsas", "linkoping", "sala", "strangnas"]:
            ex = extraction_of(name)
            sha = ex.source.sha256
            stored = {t: con.execute(f"SELECT count(*) FROM {t} WHERE sha256 = ?", [sha]).fetchone()[0]
                      for t in schema.DOCUMENT_TABLES}
            assert stored == {
                "documents": 1, "sections": len(ex.sections), "goals": len(ex.goals),
                "indicators": len(ex.indicators), "indicator_values": sum(len(i.values) for i in ex.indicators),
                "financial_lines": len(ex.financial_lines), "sick_leave": len(ex.sick_leave),
                "tables": len(ex.tables), "warnings": len(ex.warnings)}, name
    finally:
        con.close()
    assert counts(db)["sections"] > 0


def test_a_second_build_stores_nothing_and_is_ten_times_faster(text_build):
    db, _, first_seconds = text_build
    before = table_contents(db)
    started = time.perf_counter()
    again = build([TEXT], db, jobs=2)
    seconds = time.perf_counter() - started
    assert (again.stored, again.skipped) == (0, 5)
    assert table_contents(db) == before
    assert seconds * 10 <= first_seconds, (seconds, first_seconds)


def test_force_and_a_newer_extractor_version_extract_again(text_build, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copy(text_build[0], db)
    before = table_contents(db)
    con = duckdb.connect(str(db))
    con.execute("UPDATE documents SET extractor_version = '0.0.1' WHERE file_name LIKE 'sala%'")
    con.close()
    assert build([TEXT], db, executor="serial").stored == 1
    assert build([TEXT], db, executor="serial", force=True).stored == 5
    assert table_contents(db) == before


def test_the_same_content_twice_is_stored_once(tmp_path):
    folder = tmp_path / "dup"
    folder.mkdir()
    shutil.copy(TEXT / "sala-san-delarsrapport-2024.txt", folder / "a.txt")
    shutil.copy(TEXT / "sala-san-delarsrapport-2024.txt", folder / "b.txt")
    summary = build([folder], tmp_path / "c.duckdb", executor="serial")
    assert (summary.stored, summary.duplicates) == (1, 1)


def test_folders_are_walked_for_pdfs_and_texts_only(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "hidden").mkdir()
    for name in ["a.pdf", "sub/b.txt", "sub/c.md", "notes.docx", ".hidden.txt", "sub/d.PDF"]:
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in find_report_files([tmp_path])]
    assert found == ["a.pdf", "sub/b.txt", "sub/c.md", "sub/d.PDF"]


def test_bad_files_are_recorded_and_the_rest_is_built(tmp_path):
    folder = tmp_path / "mixed"
    copies_of_texts(folder, 2)
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n\x00\xff garbage")
    (folder / "empty.txt").write_bytes(b"")
    db = tmp_path / "c.duckdb"
    result = CliRunner().invoke(cli, ["corpus", "build", str(folder), "--db", str(db), "-j", "2", "-q"])
    assert result.exit_code == 1, result.output
    assert "2 stored" in result.output and "2 failed" in result.output
    assert "FAILED" in result.output and "corrupt.pdf" in result.output and "empty.txt" in result.output
    con = connect(db, read_only=True)
    failed = dict(con.execute("SELECT regexp_extract(path, '[^/]+$'), error_type FROM failures").fetchall())
    con.close()
    assert set(failed) == {"corrupt.pdf", "empty.txt"}
    assert failed["empty.txt"] == "unreadable"
    # a second run names the known failures again and still says so in its exit status
    again = CliRunner().invoke(cli, ["corpus", "build", str(folder), "--db", str(db), "-q"])
    assert again.exit_code == 1 and "recorded earlier" in again.output and "0 stored" in again.output


def crash_on_marked_files(task: Task) -> Outcome:
    """An extractor whose worker process dies (not an exception) on a file named *crash*."""
    if "crash" in Path(task.path).name:
        os._exit(3)
    return extract_one(task)


def test_a_worker_that_dies_fails_only_its_own_file(tmp_path):
    folder = tmp_path / "crashy"
    copies_of_texts(folder, 1)
    (folder / "crash.txt").write_text("Rubrik\n\nText\n")
    summary = build([folder], tmp_path / "c.duckdb", jobs=1, extract_fn=crash_on_marked_files)
    assert summary.stored == 1
    assert [Path(f.path).name for f in summary.failures] == ["crash.txt"]
    assert summary.failures[0].error_type == "WorkerCrashed"


def test_a_build_killed_half_way_resumes_to_exactly_a_clean_build(tmp_path):
    folder = tmp_path / "copies"
    copies_of_texts(folder, 8)
    clean_db, killed_db = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    command = [sys.executable, "-m", "kommunrapport", "corpus", "build", str(folder), "--db", str(killed_db),
               "--jobs", "1"]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    try:
        stored = 0
        for line in proc.stderr:
            stored += " stored " in line
            if stored == 2:
                break
    finally:
        with contextlib.suppress(ProcessLookupError):   # the build, its fork server and its worker at once
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the build ended before it could be killed"
    assert 2 <= counts(killed_db)["documents"] < 8

    assert build([folder], killed_db, executor="serial").ok
    assert build([folder], clean_db, executor="serial").stored == 8
    assert table_contents(killed_db) == table_contents(clean_db)


def test_the_dask_executor_builds_on_a_local_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    folder = tmp_path / "dask"
    copies_of_texts(folder, 3)
    (folder / "empty.txt").write_bytes(b"")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        summary = build([folder], tmp_path / "dask.duckdb", executor="dask", scheduler=cluster.scheduler_address)
    assert summary.stored == 3
    assert [Path(f.path).name for f in summary.failures] == ["empty.txt"]
    serial = tmp_path / "serial.duckdb"
    build([folder], serial, executor="serial")
    assert table_contents(tmp_path / "dask.duckdb") == table_contents(serial)


def test_pdfs_and_texts_build_together_with_their_pages(tmp_path):
    folder = tmp_path / "mixed"
    copies_of_texts(folder, 1)
    one_page_pdf(folder / "sala-kort.pdf", ["Sala kommun", "Delårsrapport 2024", "Sjukfrånvaro",
                                            "Sjukfrånvaron var 7,7 procent under 2023."])
    summary = build([folder], tmp_path / "c.duckdb", jobs=2)
    assert (summary.stored, summary.pages, summary.failures) == (2, 1, [])
    con = connect(tmp_path / "c.duckdb", read_only=True)
    assert con.execute("SELECT format, pages FROM documents ORDER BY format").fetchall() == [("pdf", 1), ("text", None)]
    con.close()


@pytest.mark.skipif(not os.environ.get("KOMMUNRAPPORT_SLOW_TESTS"), reason="set KOMMUNRAPPORT_SLOW_TESTS=1: minutes")
def test_the_whole_corpus_fills_every_table(tmp_path):
    db = tmp_path / "corpus.duckdb"
    summary = build([TEXT, PDF], db)
    assert summary.ok and summary.stored == len(list(TEXT.glob("*.txt"))) + len(list(PDF.glob("*.pdf")))
    assert all(n > 0 for t, n in counts(db).items() if t != "failures")
