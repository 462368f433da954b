"""Bad input: one line on stderr naming the file and what is wrong, exit 1 (2 for a usage error),
no traceback, nothing on stdout, and no output file."""
from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import text_path

from kommunrapport.cli import cli
from kommunrapport.read.dispatch import read_document
from kommunrapport.read.errors import UnreadableDocument


def random_bytes(n: int = 4096, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(n)


def make_bad(tmp_path: Path, kind: str) -> tuple[Path, str]:
    """A bad input file of one kind, and a word its error message must contain."""
    if kind == "missing":
        return tmp_path / "finns-inte.txt", "no such file"
    if kind == "directory":
        d = tmp_path / "en-mapp"
        d.mkdir()
        return d, "directory"
    files = {
        "empty": ("tom.txt", b"", "empty"),
        "whitespace": ("blank.txt", b"  \n\r\n\t\n", "empty"),
        "random .txt": ("brus.txt", random_bytes(), "not a text report"),
        "random small .txt": ("brus2.txt", random_bytes(64, seed=3), "not a text report"),
        "random .pdf": ("brus.pdf", random_bytes(), "not a PDF"),
        "text named .pdf": ("rapport.pdf", "Årsrapport 2023\n".encode(), "not a PDF"),
        "nul bytes .txt": ("nul.txt", b"Rapport\x00\x00\x00\x00 text", "not a text report"),
        "unsupported .docx": ("rapport.docx", b"PK\x03\x04" + random_bytes(200), "unsupported file type"),
        "unsupported .xlsx": ("budget.xlsx", b"PK\x03\x04" + random_bytes(200), "unsupported file type"),
    }
    name, data, word = files[kind]
    path = tmp_path / name
    path.write_bytes(data)
    return path, word


KINDS = ["missing", "directory", "empty", "whitespace", "random .txt", "random small .txt", "random .pdf",
         "text named .pdf", "nul bytes .txt", "unsupported .docx", "unsupported .xlsx"]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="kommunrapport")


def assert_one_line_error(result, path: Path, word: str) -> None:
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0] and word in lines[0]
    assert "Traceback" not in result.stderr
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("kind", KINDS)
def test_extract_refuses_bad_input_in_one_line(tmp_path, kind):
    path, word = make_bad(tmp_path, kind)
    assert_one_line_error(run("extract", str(path)), path, word)


@pytest.mark.parametrize("kind", KINDS)
def test_no_output_file_is_written_for_bad_input(tmp_path, kind):
    path, word = make_bad(tmp_path, kind)
    out = tmp_path / "out.json"
    assert_one_line_error(run("extract", str(path), "-o", str(out)), path, word)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("kind", ["missing", "directory", "empty", "random .pdf", "unsupported .docx"])
def test_blocks_refuses_bad_input_in_one_line(tmp_path, kind):
    path, word = make_bad(tmp_path, kind)
    assert_one_line_error(run("blocks", str(path)), path, word)


@pytest.mark.parametrize("kind", KINDS)
def test_reader_raises_unreadable_document(tmp_path, kind):
    path, word = make_bad(tmp_path, kind)
    with pytest.raises(UnreadableDocument) as err:
        read_document(path)
    assert err.value.path == str(path) and word in err.value.reason


def test_one_bad_file_among_good_ones_writes_the_good_ones_and_names_the_bad(tmp_path):
    from kommunrapport.models.report import Extraction

    bad, word = make_bad(tmp_path, "empty")
    out = tmp_path / "all.json"
    result = run("extract", str(text_path("sala")), str(bad), "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [f"kommunrapport: error: {bad}: the file is empty"]
    assert Extraction.model_validate_json(out.read_text(encoding="utf-8")).report.municipality.code == "1981"
    result = run("extract", str(text_path("sala")), str(bad))
    assert result.exit_code == 1 and word in result.stderr and str(bad) in result.stderr
    assert Extraction.model_validate_json(result.stdout).source.path == str(text_path("sala"))


def test_only_bad_files_write_nothing(tmp_path):
    bad, _ = make_bad(tmp_path, "empty")
    missing, _ = make_bad(tmp_path, "missing")
    out = tmp_path / "all.json"
    result = run("extract", str(bad), str(missing), "-o", str(out))
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 2
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_unwritable_output_is_one_line(tmp_path):
    out = tmp_path / "saknas" / "out.json"
    result = run("extract", str(text_path("sala")), "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and str(out) in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("args", [["extract"], ["blocks"], ["extract", "--format", "xml", "x.txt"],
                                  ["nosuchcommand"]])
def test_usage_errors_exit_2_without_traceback(args):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "Error" in result.stderr


def test_console_script_on_bad_input(tmp_path):
    """The installed entry point, as a user runs it: one line on stderr, exit 1, nothing on stdout."""
    path, _ = make_bad(tmp_path, "random .pdf")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run([sys.executable, "-m", "kommunrapport", "extract", str(path)], capture_output=True,
                          text=True, env=env, timeout=120)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [f"kommunrapport: error: {path}: not a PDF (no %PDF header)"]
    proc = subprocess.run([sys.executable, "-m", "kommunrapport", "extract"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 2 and proc.stdout == "" and "Traceback" not in proc.stderr
