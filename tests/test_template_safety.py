"""The template never destroys work: an existing draft is kept unless --force; a new draft gets
the usual permissions; assessments read from colour markers are written as words, not RGB values."""
from __future__ import annotations

import os
import re

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from kommunrapport.cli import cli
from kommunrapport.corpus.template import TemplateError, write_template

RGB = re.compile(r"\(\s*\d(?:\.\d+)?\s*,\s*\d(?:\.\d+)?\s*,\s*\d(?:\.\d+)?\s*\)")


@pytest.fixture(scope="module")
def alingsas_pdf(extraction_of):
    return extraction_of("alingsas", kind="pdf")


@pytest.fixture()
def saved(alingsas_pdf, tmp_path):
    path = tmp_path / "alingsas.json"
    path.write_text(alingsas_pdf.to_json(), encoding="utf-8")
    return path


def test_an_existing_draft_is_left_as_it_was_without_force(saved, tmp_path):
    out = tmp_path / "utkast.xlsx"
    out.write_bytes(b"my edited draft")
    before = out.stat()
    result = CliRunner().invoke(cli, ["template", str(saved), "-o", str(out)])
    assert result.exit_code == 1 and "--force" in result.output and len(result.output.strip().splitlines()) == 1
    assert out.read_bytes() == b"my edited draft" and out.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alingsas.json", "utkast.xlsx"]
    replaced = CliRunner().invoke(cli, ["template", str(saved), "-o", str(out), "--force"])
    assert replaced.exit_code == 0, replaced.output
    assert "Mål" in load_workbook(out).sheetnames


def test_the_api_refuses_too(alingsas_pdf, tmp_path):
    out = tmp_path / "utkast.md"
    out.write_text("mitt utkast", encoding="utf-8")
    with pytest.raises(TemplateError, match="exists"):
        write_template(alingsas_pdf, 2024, out)
    assert out.read_text(encoding="utf-8") == "mitt utkast"


def test_a_new_draft_gets_the_permissions_of_any_new_file(alingsas_pdf, tmp_path):
    old = os.umask(0o022)
    try:
        path = write_template(alingsas_pdf, 2024, tmp_path / "utkast.xlsx")
    finally:
        os.umask(old)
    assert oct(path.stat().st_mode & 0o777) == oct(0o644)
    os.chmod(path, 0o640)
    write_template(alingsas_pdf, 2024, path, force=True)
    assert oct(path.stat().st_mode & 0o777) == oct(0o640)     # replacing keeps the file's own mode


def test_colour_assessments_are_written_as_words(alingsas_pdf, tmp_path):
    coloured = [g for g in alingsas_pdf.goals if g.assessment and g.assessment.basis.value == "colour"]
    assert coloured and RGB.search(coloured[0].assessment.raw)      # the reader keeps the RGB value
    wb = load_workbook(write_template(alingsas_pdf, 2024, tmp_path / "utkast.xlsx"))
    texts = [str(c.value) for ws in (wb["Mål"], wb["Källor"]) for row in ws.iter_rows() for c in row if c.value]
    assert not [t for t in texts if RGB.search(t)]
    assert "Helt uppfyllt (färgmarkering)" in texts
    markdown = write_template(alingsas_pdf, 2024, tmp_path / "utkast.md").read_text(encoding="utf-8")
    assert not RGB.search(markdown) and "Helt uppfyllt (färgmarkering)" in markdown
