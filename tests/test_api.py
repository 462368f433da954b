"""The Python API used the way the README's notebook section shows it: its code block is run as
written, then the values it shows are checked."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import kommunrapport
from kommunrapport.corpus.build import build

ROOT = Path(__file__).resolve().parent.parent


def readme_notebook_code() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## In a notebook", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


@pytest.fixture(scope="module")
def notebook(tmp_path_factory):
    """The README's notebook code run in a folder holding the bundled example and its corpus."""
    folder = tmp_path_factory.mktemp("notebook")
    shutil.copytree(ROOT / "examples", folder / "examples")
    build([folder / "examples"], folder / "corpus.duckdb", executor="serial")
    namespace: dict = {}
    cwd = Path.cwd()
    try:
        import os

        os.chdir(folder)
        exec(compile(readme_notebook_code(), "README.md", "exec"), namespace)   # noqa: S102 - the README's own code
    finally:
        os.chdir(cwd)
    return namespace


def test_the_readme_extraction_gives_the_alingsas_report(notebook):
    ex = notebook["ex"]
    assert isinstance(ex, kommunrapport.Extraction)
    assert (ex.report.municipality.name, ex.report.municipality.code, ex.report.fiscal_year) == ("Alingsås", "1489", 2023)


def test_frames_are_tidy_keyed_and_snake_case(notebook):
    frames = notebook["frames"]
    assert {"goals", "indicators", "financial_lines", "sick_leave", "tables"} <= set(frames)
    for name, frame in frames.items():
        assert isinstance(frame, pd.DataFrame)
        assert list(frame.columns[:4]) == ["document", "sha256", "municipality", "municipality_code"], name
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", c) for c in frame.columns), name
        assert frame.columns.is_unique, name
    budget = notebook["budget"]
    assert budget[["municipality", "period_year", "amount_sek"]].values.tolist() == [["Alingsås", 2023, -137_901_000]]
    sick = notebook["sick"]
    assert ["1489", 2023, "T", 8.2] in sick[["municipality_code", "year", "gender", "percent"]].values.tolist()
    goals = frames["goals"]
    assert len(goals) == len(notebook["ex"].goals) and goals["fiscal_year"].eq(2023).all()
    indicators = frames["indicators"]      # one row per value
    assert len(indicators) == sum(max(1, len(i.values)) for i in notebook["ex"].indicators)


def test_the_corpus_opens_as_duckdb_relations(notebook):
    import duckdb

    db = notebook["db"]
    relation = db.sick_leave
    assert isinstance(relation, duckdb.DuckDBPyRelation)
    totals = relation.filter("category = 'total'").df()
    assert set(totals["municipality"]) == {"Alingsås"} and 8.2 in set(totals["percent"])
    assert list(totals.columns[:4]) == ["document", "sha256", "municipality", "municipality_code"]
    frame_columns = list(notebook["frames"]["sick_leave"].columns)
    assert frame_columns == list(totals.columns)   # the export's columns
    assert db.financial_lines.filter("label = 'Personalkostnader' AND measure = 'budget'").df()[
        "amount_sek"].tolist() == [-137_901_000]


def test_load_and_extract_many(notebook, tmp_path):
    saved = tmp_path / "a.json"
    saved.write_text(notebook["ex"].to_json(), encoding="utf-8")
    again = kommunrapport.load(saved)
    assert again.to_frames()["financial_lines"]["amount_sek"].sum() == \
        notebook["frames"]["financial_lines"]["amount_sek"].sum()
    batch = kommunrapport.extract_many([str(ROOT / "examples"), str(tmp_path / "saknas.pdf")])
    assert len(batch.extractions) == 1 and batch.failures == [(str(tmp_path / "saknas.pdf"), "no such file")]
    with pytest.raises(kommunrapport.UnreadableDocument, match="no such file"):
        kommunrapport.extract(tmp_path / "saknas.pdf")
