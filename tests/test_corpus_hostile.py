"""A batch against hostile files and broken stores: every file bounded and recorded, workers ending
with the build, a --db that is not this tool's refused untouched, a full disk retried."""
from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from corpus_helpers import copies_of_texts, made_extraction
from hostile_pdfs import HOSTILE, write_all

from kommunrapport.cli import cli
from kommunrapport.corpus import build as build_module
from kommunrapport.corpus.build import build
from kommunrapport.corpus.executors import Outcome, Task, extract_one
from kommunrapport.corpus.store import STORE_SCHEMA, CorpusError, CorpusStore, connect

DATA = Path(__file__).parent / "data"


def rows(db: Path, sql: str) -> list[tuple]:
    con = connect(db, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="kommunrapport")


def one_line_error(result, *words: str) -> str:
    assert result.exit_code == 1, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert all(w in lines[0] for w in words), lines[0]
    return lines[0]


# --- extract functions the worker processes run (module level: they are sent to the workers) --------

def hang_or_hog(task: Task) -> Outcome:
    """'hang' loops in Python, 'stuck' sleeps in C (no interrupt lands), 'hog' eats memory."""
    name = Path(task.path).name
    if "hang" in name:
        while True:
            pass
    if "stuck" in name:
        time.sleep(3600)
    if "hog" in name:
        hoard = []
        while True:
            hoard.append(bytearray(16 * 2**20))
            time.sleep(0.01)
    return extract_one(task)


def wrapped_extract(task: Task) -> Outcome:
    """hang_or_hog inside the task's bounds, as extract_one keeps them."""
    from kommunrapport.read.errors import UnreadableDocument
    from kommunrapport.read.limits import bounded

    try:
        with bounded(task.path, timeout_s=task.timeout_s, memory_mb=task.memory_mb):
            return hang_or_hog(task)
    except UnreadableDocument as exc:
        return Outcome(task, error_type=exc.kind, error=exc.reason)


def disk_full_once(task: Task) -> Outcome:
    marker = Path(task.path).with_name(".disk-was-full")
    if "full" in Path(task.path).name and not marker.exists():
        marker.write_text("")
        return Outcome(task, error_type="disk_full", error="[Errno 28] No space left on device")
    return extract_one(task)


# --- bounds in a batch ---------------------------------------------------------------------------

def test_a_batch_of_hostile_and_good_files_ends_within_its_bounds(tmp_path):
    """Hostile PDFs, a file that loops, one stuck in C and one that eats memory, among good reports:
    the batch ends within files x timeout, the good ones stored, each bad one recorded by its kind."""
    folder = tmp_path / "mixed"
    copies_of_texts(folder, 2)
    write_all(folder)
    for name in ("hang.txt", "stuck.txt", "hog.txt"):
        (folder / name).write_text(f"Rubrik\n\n{name}\n")
    files = len(list(folder.iterdir()))
    timeout = 10.0
    started = time.perf_counter()
    summary = build([folder], tmp_path / "c.duckdb", jobs=2, extract_fn=wrapped_extract, timeout_s=timeout,
                    memory_mb=600)
    took = time.perf_counter() - started
    assert took < files * timeout, took
    failed = {Path(f.path).name: f.error_type for f in summary.failures}
    assert failed["hang.txt"] == "timeout" and failed["stuck.txt"] == "timeout"
    assert failed["hog.txt"] == "memory"
    errors = {n for n, (_, kind) in HOSTILE.items() if kind == "error"}
    assert {f"{n}.pdf" for n in errors} <= set(failed)
    stored = {Path(p).name: w for p, w in rows(tmp_path / "c.duckdb", "SELECT d.path, list(w.code) FROM documents d "
                                              "LEFT JOIN warnings w USING (sha256) GROUP BY d.path")}
    for name, (_, kind) in HOSTILE.items():       # the others: stored, with the guard's warning
        if kind != "error":
            assert kind in stored[f"{name}.pdf"], (name, stored.get(f"{name}.pdf"))
    assert len([n for n in stored if "-copy" in n]) == 2
    recorded = dict(rows(tmp_path / "c.duckdb", "SELECT regexp_extract(path, '[^/]+$'), error_type FROM failures"))
    assert recorded == failed


def test_the_time_bound_holds_in_the_worker_itself(tmp_path):
    """extract_one keeps its task's bound (the serial and Dask executors have nothing else)."""
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "hang.txt").write_text("Rubrik\n")
    summary = build([folder], tmp_path / "c.duckdb", executor="serial", extract_fn=wrapped_extract, timeout_s=0.5)
    assert [(Path(f.path).name, f.error_type) for f in summary.failures] == [("hang.txt", "timeout")]


def test_workers_end_with_a_build_killed_with_kill_9(tmp_path):
    folder = tmp_path / "slow"
    folder.mkdir()
    for i in range(2):           # two files that keep both workers busy for minutes
        (folder / f"hang-{i}.txt").write_text(f"Rubrik {i}\n")
    script = ("import sys; from kommunrapport.corpus.build import build; import test_corpus_hostile as t; "
              "build([sys.argv[1]], sys.argv[2], jobs=2, extract_fn=t.hang_or_hog, timeout_s=600)")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), *sys.path])}
    proc = subprocess.Popen([sys.executable, "-c", script, str(folder), str(tmp_path / "c.duckdb")], env=env,
                            start_new_session=True)
    try:
        workers = _wait_for_workers(proc.pid, 2, within=90)
        os.kill(proc.pid, signal.SIGKILL)             # the build alone, not its process group
        proc.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_running(pid) for pid in workers):
            time.sleep(0.1)
        assert not [pid for pid in workers if _running(pid)], "workers outlived the build"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def _wait_for_workers(build_pid: int, n: int, within: float) -> list[int]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        workers = [w for child in _children(build_pid) for w in _children(child)]   # forked by the fork server
        if len(workers) >= n:
            time.sleep(0.5)          # and busy with their files
            return workers
        time.sleep(0.2)
    pytest.fail("the workers never started")


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


# --- file names of any bytes ---------------------------------------------------------------------

def test_file_names_of_any_bytes_are_stored_in_their_printable_form(tmp_path):
    folder = tmp_path / "names"
    copies_of_texts(folder, 1)
    good = Path(os.fsdecode(bytes(folder) + b"/rapport-\xff.txt"))
    good.write_bytes(next(folder.glob("*.txt")).read_bytes() + b"\n")
    Path(os.fsdecode(bytes(folder) + b"/tom-\xe5.txt")).write_bytes(b"")
    db = tmp_path / "c.duckdb"
    result = run("corpus", "build", str(folder), "--db", str(db), "-q", "-j", "1")
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    names = [Path(p).name for (p,) in rows(db, "SELECT path FROM documents ORDER BY path")]
    assert "rapport-\\xff.txt" in names
    assert [Path(p).name for (p,) in rows(db, "SELECT path FROM failures")] == ["tom-\\xe5.txt"]
    again = run("corpus", "build", str(folder), "--db", str(db), "-q")
    assert again.exit_code == 1 and "recorded earlier" in again.output and "0 stored" in again.output


def test_a_named_pipe_in_the_paths_is_a_failure_not_a_hang(tmp_path):
    fifo = tmp_path / "rapport.txt"
    os.mkfifo(fifo)
    summary = build([fifo], tmp_path / "c.duckdb", executor="serial")
    assert [(f.error_type, "not a regular file" in f.message) for f in summary.failures] == [("unreadable", True)]


# --- a --db that is not this tool's database -------------------------------------------------------

def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _sqlite(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE documents (x)")
    con.commit()
    con.close()
    return path


def _other_duckdb(path: Path) -> Path:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE orders (id INTEGER, amount DOUBLE)")
    con.execute("INSERT INTO orders VALUES (1, 9.5)")
    con.close()
    return path


def _other_schema(path: Path) -> Path:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('store_schema', ?)", [STORE_SCHEMA])
    con.execute("CREATE TABLE documents (sha256 VARCHAR, title VARCHAR)")
    con.close()
    return path


@pytest.mark.parametrize("make, words", [
    (_sqlite, "is a SQLite database"),
    (_other_duckdb, "DuckDB database of another program (tables: orders)"),
    (_other_schema, "lacks the column"),
    (lambda p: (p.write_bytes(b""), p)[1], "is an empty file"),
    (lambda p: (p.write_bytes(os.urandom(3000)), p)[1], "not a DuckDB database"),
    (lambda p: (p.write_bytes(b"%PDF-1.7\n" + os.urandom(300)), p)[1], "is a PDF"),
])
def test_a_db_that_is_not_a_corpus_is_refused_untouched(tmp_path, make, words):
    db = make(tmp_path / "other.db")
    before = _fingerprint(db)
    folder = tmp_path / "texts"
    copies_of_texts(folder, 1)
    one_line_error(run("corpus", "build", str(folder), "--db", str(db), "-q", "--executor", "serial"), str(db), words)
    for args in (["corpus", "query", "--db", str(db), "SELECT 1"], ["corpus", "export", str(tmp_path / "out"),
                 "--db", str(db)], ["compare", "--db", str(db), "--metric", "sick_leave.total"]):
        line = one_line_error(run(*args), str(db))
        assert "INSTALL" not in line and "xtension" not in line       # DuckDB never reaches for an extension
    assert _fingerprint(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db", "texts"]


def test_a_truncated_corpus_is_one_line(tmp_path):
    db = tmp_path / "c.duckdb"
    folder = tmp_path / "texts"
    copies_of_texts(folder, 2)
    assert build([folder], db, executor="serial").ok
    with db.open("r+b") as f:
        f.truncate(db.stat().st_size // 3)
    for args in (["corpus", "build", str(folder), "--db", str(db), "-q", "--force", "--executor", "serial"],
                 ["corpus", "query", "--db", str(db), "SELECT * FROM financial_lines"],
                 ["corpus", "export", str(tmp_path / "out"), "--db", str(db), "--format", "csv"]):
        result = run(*args)
        assert result.exit_code == 1 and "Traceback" not in result.output, (args, result.output)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_duckdb_of_our_own_that_is_empty_becomes_a_corpus(tmp_path):
    db = tmp_path / "c.duckdb"
    duckdb.connect(str(db)).close()
    folder = tmp_path / "texts"
    copies_of_texts(folder, 1)
    assert build([folder], db, executor="serial").stored == 1


# --- a full disk -----------------------------------------------------------------------------------

def test_a_full_disk_stops_the_build_and_the_next_build_stores_the_rest(tmp_path, monkeypatch):
    folder = tmp_path / "texts"
    copies_of_texts(folder, 3)
    db = tmp_path / "c.duckdb"
    writes = []
    real_write = CorpusStore.write_document

    def fill_up(self, ex, **kwargs):
        writes.append(ex.source.path)
        if len(writes) == 2:
            raise duckdb.IOException('IO Error: Could not write file "c.duckdb.wal": No space left on device')
        return real_write(self, ex, **kwargs)

    monkeypatch.setattr(CorpusStore, "write_document", fill_up)
    with pytest.raises(CorpusError, match="the disk is full"):
        build([folder], db, executor="serial")
    assert rows(db, "SELECT count(*) FROM documents") == [(1,)]
    assert rows(db, "SELECT count(*) FROM failures") == [(0,)]      # nothing held against the document
    summary = build([folder], db, executor="serial")
    assert summary.ok and summary.stored == 2 and summary.skipped == 1


def test_the_cli_says_the_disk_is_full_in_one_line(tmp_path, monkeypatch):
    folder = tmp_path / "texts"
    copies_of_texts(folder, 1)

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(CorpusStore, "write_document", full)
    db = tmp_path / "c.duckdb"
    one_line_error(run("corpus", "build", str(folder), "--db", str(db), "-q", "--executor", "serial"),
                   "the disk is full", "run the build again")


def test_a_disk_full_failure_of_a_worker_is_tried_again_without_asking(tmp_path):
    folder = tmp_path / "texts"
    copies_of_texts(folder, 1)
    (folder / "full.txt").write_bytes(next(folder.glob("*.txt")).read_bytes() + b"\n")
    db = tmp_path / "c.duckdb"
    first = build([folder], db, executor="serial", extract_fn=disk_full_once)
    assert [(Path(f.path).name, f.error_type) for f in first.failures] == [("full.txt", "disk_full")]
    second = build([folder], db, executor="serial", extract_fn=disk_full_once)
    assert second.ok and second.stored == 1


def test_a_value_the_store_refuses_fails_only_its_document(tmp_path):
    db = tmp_path / "c.duckdb"
    ok = made_extraction("Sala", "1907")
    assert ok.financial_lines
    with CorpusStore(db) as store:
        broken = ok.model_copy(deep=True)
        broken.financial_lines[0].amount_sek = 10**30          # past BIGINT: pyarrow refuses it
        outcome = build_module._store_outcome(store, Outcome(Task(broken.source.path, broken.source.sha256, 1),
                                                             extraction=broken))
        assert outcome.failed and outcome.error_type == "StoreError"
        assert build_module._store_outcome(store, Outcome(Task("x", "y", 1), extraction=made_extraction(
            "Ale", "1440"))).extraction is not None
