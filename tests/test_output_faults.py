"""Every output that cannot be written: one line naming the path and the cause, exit 1, no
traceback, and nothing half-written left behind (the old file, if any, as it was)."""
from __future__ import annotations

import errno
import os
import shutil
import tempfile

import pytest
from click.testing import CliRunner
from conftest import text_path

from kommunrapport.cli import cli
from kommunrapport.corpus.build import build


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="kommunrapport")


def one_line_error(result, *words: str) -> str:
    assert result.exit_code == 1, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert all(w in lines[0] for w in words), lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("faults")
    db = folder / "c.duckdb"
    assert build([text_path("sala"), text_path("alingsas")], db, executor="serial").ok
    return db


@pytest.fixture()
def read_only_folders(monkeypatch):
    """As root a chmod'ed folder is still writable: the refusal is made where the tool meets it."""
    real = tempfile.mkstemp

    def refuse(*args, dir=None, **kwargs):
        if dir is not None and "readonly" in str(dir):
            raise PermissionError(errno.EACCES, "Permission denied", str(dir))
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refuse)


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.startswith("."))


def test_extract_into_a_file_used_as_a_folder(tmp_path):
    (tmp_path / "afile").write_text("x")
    one_line_error(run("extract", str(text_path("sala")), "-o", str(tmp_path / "afile" / "out.json")),
                   "afile/out.json", "Not a directory")


def test_extract_into_a_missing_folder(tmp_path):
    one_line_error(run("extract", str(text_path("sala")), "-o", str(tmp_path / "nosuch" / "out.json")),
                   "nosuch/out.json", "no such folder")


def test_extract_into_a_read_only_folder(tmp_path, read_only_folders):
    folder = tmp_path / "readonly"
    folder.mkdir()
    one_line_error(run("extract", str(text_path("sala")), "-o", str(folder / "out.json")), "Permission denied")
    assert not list(folder.iterdir())


def test_extract_onto_a_full_disk_keeps_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "out.json"
    out.write_text("last good output")
    real_write_text = type(out).write_text

    def full(self, *args, **kwargs):
        if self.name.startswith(".out.json."):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write_text(self, *args, **kwargs)

    monkeypatch.setattr(type(out), "write_text", full)
    one_line_error(run("extract", str(text_path("sala")), "-o", str(out)), str(out), "No space left on device")
    assert out.read_text() == "last good output" and not leftovers(tmp_path)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_extract_into_dev_full():
    one_line_error(run("extract", str(text_path("sala")), "-o", "/dev/full"), "/dev/full", "No space left on device")


def test_an_output_naming_the_input_is_refused_before_anything_is_read(tmp_path):
    report = tmp_path / "rapport.txt"
    shutil.copy(text_path("sala"), report)
    before = report.read_bytes()
    for target in (report, tmp_path / "." / "rapport.txt"):
        one_line_error(run("extract", str(report), "-o", str(target)), "is the input file")
    md = tmp_path / "rapport.md"
    shutil.copy(text_path("sala"), md)
    one_line_error(run("template", str(md), "-o", str(md)), "is the input file")
    assert report.read_bytes() == before and md.read_bytes() == before


def test_query_outputs(corpus, tmp_path, read_only_folders):
    (tmp_path / "afile").write_text("x")
    (tmp_path / "readonly").mkdir()
    for fmt, target, words in [
        ("csv", tmp_path / "nosuch" / "x.csv", ["nosuch/x.csv", "no such folder"]),
        ("parquet", tmp_path / "afile" / "x.parquet", ["afile/x.parquet", "Not a directory"]),
        ("json", tmp_path / "readonly" / "x.json", ["readonly/x.json", "Permission denied"]),
        ("parquet", tmp_path / "readonly" / "x.parquet", ["readonly/x.parquet", "Permission denied"]),
    ]:
        one_line_error(run("corpus", "query", "--db", str(corpus), "SELECT * FROM documents", "--format", fmt,
                           "-o", str(target)), *words)


def test_export_outputs(corpus, tmp_path, read_only_folders):
    (tmp_path / "afile").write_text("x")
    one_line_error(run("corpus", "export", str(tmp_path / "afile" / "out"), "--db", str(corpus)),
                   "afile/out", "cannot make the folder")
    folder = tmp_path / "readonly"
    folder.mkdir()
    for fmt in ("csv", "parquet", "xlsx"):
        one_line_error(run("corpus", "export", str(folder), "--db", str(corpus), "--format", fmt), "Permission denied")
    assert not list(folder.iterdir())


def test_compare_chart_outputs(corpus, tmp_path, read_only_folders):
    (tmp_path / "readonly").mkdir()
    for target, words in [(tmp_path / "nosuch" / "c.png", ["nosuch/c.png", "no such folder"]),
                          (tmp_path / "readonly" / "c.png", ["readonly/c.png", "Permission denied"])]:
        result = run("compare", "--db", str(corpus), "--metric", "sick_leave.total", "--chart", str(target))
        one_line_error(result, *words)


def test_template_outputs(extraction_of, tmp_path, read_only_folders):
    folder = tmp_path / "readonly"
    folder.mkdir()
    saved = tmp_path / "alingsas.json"
    saved.write_text(extraction_of("alingsas").model_dump_json())
    one_line_error(run("template", str(saved), "-o", str(folder / "utkast.xlsx")), "Permission denied")
    assert not list(folder.iterdir())


@pytest.mark.skipif(not os.path.isdir("/sys/kernel") or os.access("/sys/kernel", os.W_OK) and os.geteuid() != 0,
                    reason="needs a folder nobody may write (/sys)")
def test_a_truly_read_only_place(corpus):
    """/sys refuses even root: the real fault, not a stand-in."""
    for args in (["extract", str(text_path("sala")), "-o", "/sys/kernel/out.json"],
                 ["corpus", "export", "/sys/kernel", "--db", str(corpus), "--format", "csv"]):
        result = run(*args)
        if result.exit_code == 0:
            pytest.skip("/sys is writable here")
        one_line_error(result, "/sys/kernel")
