"""The command line on the corpus: extract (json, table), blocks, schema, --version, python -m."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import TEXT, text_path

from kommunrapport import __version__
from kommunrapport.cli import cli
from kommunrapport.models.report import Extraction

CORPUS = sorted(TEXT.glob("*.txt"))


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="kommunrapport")


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_extract_json_validates_against_the_contract(path):
    result = run("extract", "--format", "json", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\n") == 1
    extraction = Extraction.model_validate_json(result.stdout)
    assert extraction.source.path == str(path) and extraction.source.format.value == "text"
    assert len(extraction.source.sha256) == 64
    assert extraction.sections


def test_extract_several_files_gives_one_object_per_line():
    result = run("extract", *map(str, CORPUS))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(CORPUS)
    assert [Extraction.model_validate_json(ln).source.path for ln in lines] == [str(p) for p in CORPUS]


def test_extract_writes_the_output_file(tmp_path):
    out = tmp_path / "alingsas.json"
    result = run("extract", str(text_path("alingsas")), "-o", str(out), "--indent", "2")
    assert result.exit_code == 0 and result.stdout == ""
    extraction = Extraction.model_validate_json(out.read_text(encoding="utf-8"))
    assert extraction.report.municipality.name == "Alingsås"
    assert json.loads(out.read_text(encoding="utf-8"))["source"]["format"] == "text"


def test_extract_table_prints_the_summary():
    result = run("extract", "--format", "table", str(text_path("alingsas")), str(text_path("ale")))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for word in ["municipality", "Alingsås (1489)", "document type", "fiscal year", "goals", "financial lines",
                 "sick leave", "sections"]:
        assert word in out
    assert out.count("municipality") == 2


def test_extract_reads_every_rendition():
    renditions = TEXT.parent / "renditions"
    paths = [text_path("alingsas"), renditions / "alingsas-sn-delarsbokslut-2023.md",
             renditions / "alingsas-sn-delarsbokslut-2023.layout.txt"]
    result = run("extract", *map(str, paths))
    assert result.exit_code == 0, result.stderr
    extractions = [Extraction.model_validate_json(ln) for ln in result.stdout.splitlines()]
    assert [e.source.pages for e in extractions] == [None, None, 18]
    personnel = [{f.amount_sek for f in e.financial_lines if f.label == "Personalkostnader"} for e in extractions]
    assert all(-137_901_000 in p for p in personnel)


def test_blocks_prints_the_block_list():
    result = run("blocks", str(text_path("ale")))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(" toc " in ln and "3 Mål och uppdrag" in ln for ln in lines)
    assert any(" heading " in ln and "l62 " in ln and "3 Mål och uppdrag" in ln for ln in lines)
    assert any(" table " in ln and "Besluts/verksamhetsområden" in ln for ln in lines)


def test_blocks_shows_pages_for_a_layout_rendition():
    result = run("blocks", str(TEXT.parent / "renditions" / "alingsas-sn-delarsbokslut-2023.layout.txt"))
    assert result.exit_code == 0, result.stderr
    assert any(" table " in ln and " p12 " in ln for ln in result.stdout.splitlines())


def test_schema_prints_a_json_schema():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["type"] == "object" and "$defs" in schema
    assert {"source", "report", "goals", "financial_lines", "sick_leave"} <= set(schema["properties"])


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.stdout and "kommunrapport" in result.stdout


def test_python_dash_m_help():
    proc = subprocess.run([sys.executable, "-m", "kommunrapport", "--help"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0
    assert "extract" in proc.stdout and "blocks" in proc.stdout and "schema" in proc.stdout
