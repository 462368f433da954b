"""What a small run loads: `--help` and the extract of a one-page text stay clear of spaCy, pandas,
DuckDB and pdfplumber (their times are in benchmarks/bench_startup.py; this guards the imports)."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import TEXT

HEAVY = ("spacy", "pandas", "duckdb", "pdfplumber", "matplotlib", "pyarrow", "dask")

PROBE = """
import json, sys
from kommunrapport.cli import cli
try:
    cli(sys.argv[1:], prog_name="kommunrapport")
except SystemExit:
    pass
print(json.dumps([m for m in {heavy!r} if m in sys.modules]), file=sys.stderr)
"""


def loaded_by(*args: str) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], capture_output=True,
                          text=True, timeout=300)
    return json.loads(proc.stderr.strip().splitlines()[-1])


def test_help_loads_nothing_heavy():
    assert loaded_by("--help") == []
    assert loaded_by("extract", "--help") == []


def test_a_one_page_text_without_verdicts_is_extracted_without_spacy_or_pandas(tmp_path):
    page = tmp_path / "title-page.txt"
    lines = (TEXT / "alingsas-sn-delarsbokslut-2023.txt").read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join(lines[:37]) + "\n", encoding="utf-8")
    assert loaded_by("extract", str(page), "-o", str(tmp_path / "out.json")) == []
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["report"]["municipality"]["code"] == "1489"
