"""`extract` over many files: folders, '-' for standard input, --pages, the format from the -o
suffix, and a progress bar only on a terminal."""
from __future__ import annotations

import io
import json
import shutil

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import DATA, text_path
from openpyxl import load_workbook

from kommunrapport.cli import cli
from kommunrapport.corpus.progress import file_progress
from kommunrapport.models.report import Extraction

LAYOUT = DATA / "renditions" / "alingsas-sn-delarsbokslut-2023.layout.txt"


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], prog_name="kommunrapport", input=input)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Two reports, one of them in a subfolder, and files a folder walk leaves out."""
    root = tmp_path_factory.mktemp("reports")
    (root / "2024").mkdir()
    (root / ".hidden").mkdir()
    shutil.copy(text_path("sala"), root / "sala.txt")
    shutil.copy(text_path("alingsas"), root / "2024" / "alingsas.txt")
    shutil.copy(text_path("ale"), root / ".hidden" / "ale.txt")
    (root / "notes.docx").write_bytes(b"PK\x03\x04")
    return root


def test_a_folder_gives_its_reports(folder, tmp_path):
    out = tmp_path / "all.jsonl"
    done = run("extract", folder, "-o", out)
    assert done.exit_code == 0, done.stderr
    found = [Extraction.model_validate_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(e.report.municipality.name for e in found) == ["Alingsås", "Sala"]


def test_standard_input_is_read_with_a_dash():
    done = run("extract", "-", input=text_path("sala").read_bytes())
    assert done.exit_code == 0, done.stderr
    ex = Extraction.model_validate_json(done.stdout)
    assert ex.source.path == "-" and ex.report.municipality.code == "1981"
    empty = run("extract", "-", input=b"")
    assert empty.exit_code == 1 and "kommunrapport: error: -: standard input is empty" in empty.stderr


def test_pages_keep_only_those_pages_and_their_line_numbers():
    whole = Extraction.model_validate_json(run("extract", LAYOUT).stdout)
    page = run("extract", LAYOUT, "--pages", "12")
    assert page.exit_code == 0, page.stderr
    part = Extraction.model_validate_json(page.stdout)
    assert {f.provenance.page for f in part.financial_lines} == {12} and not part.sick_leave
    line_of = {(f.label, f.measure, f.period.raw): f.provenance.line for f in whole.financial_lines}
    assert all(line_of[(f.label, f.measure, f.period.raw)] == f.provenance.line for f in part.financial_lines)
    staff = [f for f in part.financial_lines if f.label == "Personalkostnader" and f.measure.value == "budget"]
    assert staff[0].amount_sek == -137_901_000
    assert run("extract", LAYOUT, "--pages", "40").stderr.strip().endswith("has 18 page(s) (pages of a text are "
                                                                           "split by form feeds); no page 40")
    assert run("extract", LAYOUT, "--pages", "7-3").exit_code == 2


def test_pages_of_a_pdf(extraction_of):
    pdf = DATA / "pdf" / "alingsas-sn-delarsbokslut-2023.pdf"
    part = Extraction.model_validate_json(run("extract", pdf, "--pages", "12").stdout)
    assert part.source.pages == 18 and {f.provenance.page for f in part.financial_lines} == {12}
    assert -137_901_000 in {f.amount_sek for f in part.financial_lines if f.label == "Personalkostnader"}


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".csv", ".parquet", ".xlsx"])
def test_the_format_follows_the_output_suffix(folder, tmp_path, suffix):
    out = tmp_path / f"out{suffix}"
    done = run("extract", folder / "sala.txt", folder / "2024" / "alingsas.txt", "-o", out)
    assert done.exit_code == 0, done.stderr
    if suffix in (".json", ".jsonl"):
        assert len([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]) == 2
        return
    if suffix == ".xlsx":
        wb = load_workbook(out, read_only=True)
        assert {"goals", "indicators", "financial_lines", "sick_leave", "tables"} <= set(wb.sheetnames)
        frame = pd.read_excel(out, sheet_name="financial_lines", dtype={"municipality_code": str})
    else:
        frame = pd.read_parquet(out) if suffix == ".parquet" else pd.read_csv(out, dtype={"municipality_code": str})
    assert set(frame["municipality_code"]) == {"1981", "1489"} and "amount_sek" in frame


def test_table_picks_the_facts_and_an_unknown_suffix_is_refused(folder, tmp_path):
    out = tmp_path / "sick.csv"
    assert run("extract", folder / "sala.txt", "-o", out, "--table", "sick_leave").exit_code == 0
    assert set(pd.read_csv(out)["category"]) == {"total"}
    odd = run("extract", folder / "sala.txt", "-o", tmp_path / "out.docx")
    assert odd.exit_code == 1 and "no format is known for '.docx'" in odd.stderr
    assert run("extract", folder / "sala.txt", "--format", "parquet").exit_code == 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_on_a_terminal_only():
    terminal = _Terminal()
    with file_progress(stream=terminal) as advance:
        for n in (1, 2, 3):
            advance(n, 3, f"/r/rapport-{n}.pdf")
    assert "rapport-3.pdf" in terminal.getvalue() or "3/3" in terminal.getvalue()
    with file_progress(stream=io.StringIO()) as advance:
        assert advance is None
    with file_progress(stream=_Terminal(), quiet=True) as advance:
        assert advance is None


def test_a_text_opening_with_many_blank_lines_is_read_at_once(tmp_path):
    """A blank first page (or pages left out by --pages) is a run of empty lines: no regex may
    backtrack over it."""
    import time

    path = tmp_path / "blank-first.txt"
    path.write_bytes(b"\n" * 400 + text_path("sala").read_bytes())
    started = time.perf_counter()
    done = run("extract", path, "--format", "table")
    assert done.exit_code == 0 and "Sala (1981)" in done.stdout
    assert time.perf_counter() - started < 60
