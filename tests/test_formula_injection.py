"""A report is untrusted input: text from it reaches Excel as text, never as a formula. The only
formulas in what the tool writes are its own =SUM totals (the template)."""
from __future__ import annotations

from openpyxl import load_workbook

from kommunrapport.corpus.excel import FORMULA_START
from kommunrapport.corpus.export import export
from kommunrapport.corpus.store import CorpusStore
from kommunrapport.corpus.template import write_template

PAYLOADS = [
    '=HYPERLINK("http://example.invalid/x","Mål 1")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "=1+1",
    "\t=1+1",
    "\r=1+1",
]


def poisoned(extraction):
    """The extraction with report text replaced by injection payloads wherever a sheet shows text."""
    ex = extraction.model_copy(deep=True)
    for i, goal in enumerate(ex.goals):
        goal.text = PAYLOADS[i % len(PAYLOADS)]
        if goal.assessment is not None:
            goal.assessment.raw = PAYLOADS[(i + 1) % len(PAYLOADS)]
    for i, indicator in enumerate(ex.indicators):
        indicator.name = PAYLOADS[i % len(PAYLOADS)]
    labels = sorted({line.label for line in ex.financial_lines})
    renamed = {label: f"{PAYLOADS[i % len(PAYLOADS)]} {i}" for i, label in enumerate(labels)}
    for line in ex.financial_lines:
        line.label = renamed[line.label]
    ex.source.path = "=HYPERLINK(\"http://example.invalid\",\"rapport\").txt"
    return ex


def shown(payload: str) -> str:
    """How the payload reads back: an XML reader turns a carriage return into a line feed."""
    return payload.replace("\r", "\n")


def cells(path):
    wb = load_workbook(path)
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]


def test_the_template_holds_no_formula_but_its_own_sums(extraction_of, tmp_path):
    ex = poisoned(extraction_of("alingsas"))
    found = cells(write_template(ex, 2024, tmp_path / "utkast.xlsx"))
    formulas = [c.value for c in found if c.data_type == "f"]
    assert formulas and all(f.startswith("=SUM(") for f in formulas), formulas[:5]
    texts = {c.value for c in found if c.data_type == "s"}
    for payload in PAYLOADS:
        assert any(t.startswith(shown(payload)) for t in texts), repr(payload)
    assert ex.source.path in texts
    for c in found:
        if c.data_type == "s" and c.value.startswith(FORMULA_START) and c.value != "-":
            assert c.quotePrefix, (c.coordinate, c.value)      # stays text when someone edits the cell


def test_the_xlsx_export_holds_no_formula_at_all(extraction_of, tmp_path):
    db = tmp_path / "c.duckdb"
    ex = poisoned(extraction_of("alingsas"))
    with CorpusStore(db) as store:
        store.write_document(ex)
    [workbook] = export(db, "xlsx", tmp_path / "out")
    found = cells(workbook)
    assert not [c.value for c in found if c.data_type == "f"]
    texts = {c.value for c in found if isinstance(c.value, str)}
    for payload in PAYLOADS:
        assert any(t.startswith(shown(payload)) for t in texts), repr(payload)


def test_numbers_stay_numbers(extraction_of, tmp_path):
    """Defusing text leaves the amounts as numbers, not text."""
    ex = extraction_of("alingsas")
    found = cells(write_template(ex, 2024, tmp_path / "utkast.xlsx"))
    assert 16_924 in {c.value for c in found if c.data_type == "n"}     # Verksamhetens intäkter, budget 2023
