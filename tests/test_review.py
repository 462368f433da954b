"""The review page: every fact on its page, each on its own number, the silent numbers counted,
warnings at the facts they name, a corpus sample; one self-contained file."""
from __future__ import annotations

import csv
import re
import shutil

import pytest
from click.testing import CliRunner
from conftest import real_path, text_path
from review_helpers import payload_of, plain, with_bbox

from kommunrapport.cli import cli
from kommunrapport.models.provenance import Provenance
from kommunrapport.models.report import TableSummary, Warning
from kommunrapport.review import ReviewError, review_extraction
from kommunrapport.review.build import parse_pages
from kommunrapport.review.numbers import tokens
from kommunrapport.review.page import fill, script_json
from kommunrapport.review.pdf_pages import read_pages

TN = "alingsas_tn"          # a real monthly report: 11 pages, three money tables a page


@pytest.fixture(scope="module")
def tn(real_extraction):
    ex = real_extraction(TN)
    html = review_extraction(ex, real_path(TN)).html
    return ex, payload_of(html), html


def fact_by_raw(payload: dict, label: str, raw: str) -> dict:
    return next(f for f in payload["facts"] if f["kind"] == "financial"
                and dict(f["fields"])["Label"] == label and dict(f["fields"])["Raw text"] == raw)


# ---- numbers on a line ---------------------------------------------------------------------------


@pytest.mark.parametrize("line, expected", [
    ("Intäkter 10 135 11 251", [("10 135", True), ("11 251", True)]),
    ("Budgetavvikelse 93 1 070", [("93", True), ("1 070", True)]),          # a short number in a row of amounts
    ("överskott mot budget med 1,07 mnkr för året.", [("1,07", True)]),     # a money word makes an amount
    ("under 12 veckor", [("12", False)]),                                     # a count in a sentence
    ("Sjukfrånvaro 8,2 % och 10 procent", [("8,2", False), ("10", False)]),  # percentages
    ("Ekonomi (tkr) 2024 2025 Utfall 201711", [("2024", False), ("2025", False), ("201711", False)]),
    ("2025 ÅRSBOKSLUT 2026-02-01.DOCX", [("2025", False)]),                  # a date is no number
    ("Kostnader −69\u00a0731 -73 300", [("−69\u00a0731", True), ("-73 300", True)]),
])
def test_numbers_of_a_line_and_which_are_amount_shaped(line, expected):
    assert [(t.text, t.amount_shaped) for t in tokens(line)] == expected


def test_a_pdf_page_gives_each_printed_number_with_its_box_and_column_gaps_part_numbers():
    page = read_pages(str(real_path("simrishamn")), pages={13})[0]
    found = {t.text: box for box, t in page.numbers}
    # the Ekonomi table: 'Intäkter 10 135 11 251' is two amounts, 'Budgetavvikelse 93 1 070' too
    assert 425 < found["10 135"][0] < found["10 135"][2] < 462
    assert 490 < found["11 251"][0] < found["11 251"][2] < 523
    assert "93" in found and "1 070" in found
    assert page.image.startswith("data:image/jpeg;base64,") and page.error is None


# ---- facts on their page ---------------------------------------------------------------------------


def test_every_fact_with_a_bbox_is_drawn_once(tn):
    ex, payload, _ = tn
    drawn = [f for f in payload["facts"] if f["box"]]
    assert len(drawn) == with_bbox(ex) > 100
    boxes = [tuple(f["box"]) for f in drawn]
    assert len(set(boxes)) == len(boxes)          # no box hides another


def test_a_fact_of_a_shared_row_box_is_drawn_on_its_own_printed_number(tn):
    ex, payload, _ = tn
    fact = fact_by_raw(payload, "Verksamhetens intäkter", "37 201")
    page = read_pages(str(real_path(TN)), pages={fact["page"]})[0]
    printed = next(box for box, t in page.numbers if t.text == "37 201")
    x0, top, x1, bottom = fact["box"]
    assert x0 < printed[0] and printed[2] < x1 and top < printed[1] and printed[3] < bottom
    assert x1 - x0 < 40                           # the number, not the row (76.6 .. 550.9)
    assert plain(fact["amount"]) == "37 201 000 kr"


def test_a_zero_printed_in_several_columns_is_drawn_in_its_own_column(tn):
    _, payload, _ = tn
    first = fact_by_raw(payload, "Verksamhetens intäkter", "37 201")
    same_column = [f for f in payload["facts"] if f["kind"] == "financial" and f["page"] == first["page"]
                   and dict(f["fields"])["Label"] == "Avskrivningar"
                   and dict(f["fields"])["Measure"] == dict(first["fields"])["Measure"]
                   and dict(f["fields"])["Period"] == dict(first["fields"])["Period"]]
    assert same_column and dict(same_column[0]["fields"])["Raw text"] == "0"
    assert abs(same_column[0]["box"][2] - first["box"][2]) < 3     # right-aligned under 37 201


def test_a_number_no_fact_was_read_from_is_counted_silent_on_its_page(tn):
    ex, payload, _ = tn
    fact = fact_by_raw(payload, "Verksamhetens intäkter", "37 201")
    page = next(p for p in payload["pages"] if p["n"] == fact["page"])
    assert "37 201" not in [s["text"] for s in page["silent"]]
    # without the fact its printed number is silent, at its place
    index = int(fact["id"][1:]) - 1
    fewer = ex.model_copy(update={"financial_lines": ex.financial_lines[:index] + ex.financial_lines[index + 1:]})
    again = payload_of(review_extraction(fewer, real_path(TN)).html)
    silent = [s for p in again["pages"] if p["n"] == fact["page"] for s in p["silent"] if s["text"] == "37 201"]
    assert len(silent) == 1 and not silent[0]["explained"]
    assert silent[0]["box"][0] >= fact["box"][0] and silent[0]["box"][2] <= fact["box"][2]
    assert again["counts"]["silent"] == payload["counts"]["silent"] + 1


def test_a_warning_is_given_to_the_fact_it_names_and_no_other(tn):
    ex, _, _ = tn
    # TN p. 2 reconciles everywhere; a mismatch warning in the finder's words, naming the deviation 408 of
    # 'Utdebitering personalkostnader' (table, row and column), stands in for a misprint
    fact = next(f for f in ex.financial_lines if f.label == "Utdebitering personalkostnader" and f.raw == "408")
    column = next(c.header for t in ex.tables if t.id == fact.table_id for c in t.columns
                  if c.measure is not None and c.measure.value == "deviation")
    warning = Warning(code="total_mismatch", provenance=fact.provenance,
                      message=f"table '{fact.table_title}': row '{fact.label}', column '{column}': printed 408 "
                              "but 'Prognos helår 2026' - 'Budget 2026' gives -408 (canonical signs)")
    payload = payload_of(review_extraction(ex.model_copy(update={"warnings": [*ex.warnings, warning]}),
                                           real_path(TN)).html)
    warned = [f for f in payload["facts"] if f["warnings"]]
    mismatch = next(w for w in payload["warnings"] if "printed 408 " in w["message"])
    assert len(mismatch["facts"]) == 1
    fact = next(f for f in warned if f["id"] == mismatch["facts"][0])
    assert dict(fact["fields"])["Raw text"] == "408" and fact["status"] == "warning"
    assert payload["counts"]["warned"] == len(warned)


def test_the_tables_of_a_real_report_are_drawn_with_their_summaries(real_extraction):
    ex = real_extraction("simrishamn")
    pages = [33, 34, 35, 36]
    payload = payload_of(review_extraction(ex, real_path("simrishamn"), {"pages": pages}).html)
    shown = {t["id"]: t for t in payload["tables"]}
    assert set(shown) == {t.id for t in ex.tables}
    # a table that holds numbers and gave no facts: drawn as skipped, its warning on its own at the table,
    # the numbers in it silent but explained
    skipped = [t for t in ex.tables if t.skipped and t.provenance.page in pages]
    assert skipped, "the report has tables that give no facts (no unit stated, not money)"
    for table in skipped:
        drawn = shown[table.id]
        assert drawn["status"] == "skipped" and drawn["box"] == list(table.provenance.bbox)
        assert dict(drawn["fields"])["Skipped"] == table.skipped
        page = next(p for p in payload["pages"] if p["n"] == table.provenance.page)
        inside = [s for s in page["silent"] if _centre_in(s["box"], table.provenance.bbox)]
        assert all(s["explained"] for s in inside)
    said = [w for w in payload["warnings"] if w["code"] == "table_skipped" and w["page"] in pages]
    assert said and all(w["facts"] == [] and w["table"] in shown for w in said)   # shown with its table
    # the facts of a table whose arithmetic holds show it
    for table in ex.tables:
        if table.reconciled.value == "yes" and table.provenance.page in pages:
            mine = [f for f in payload["facts"] if f["table"] == table.id]
            assert mine and all(f["status"] in ("reconciled", "warning") for f in mine)


def _centre_in(box, outer) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


def test_a_table_summary_is_drawn_at_its_table_and_a_skipped_table_explains_its_numbers(real_extraction):
    ex = real_extraction(TN)
    first = ex.financial_lines[0]
    page = first.provenance.page
    at = Provenance(page=page, bbox=(70.0, 230.0, 560.0, 420.0), method="table:operating")
    tables = [TableSummary(id="t1", title="Driftredovisning", kind="operating", unit_raw="tkr",
                           unit_source="caption", columns=[], rows=8, facts=16, reconciled="yes", provenance=at),
              TableSummary(id="t2", title="Nyckeltal", kind="not_money", rows=3, skipped="not_money",
                           provenance=Provenance(page=page, bbox=(70.0, 600.0, 560.0, 700.0), method="table")),
              ]
    lines = [line.model_copy(update={"table_id": "t1"}) if line.provenance.page == page else line
             for line in ex.financial_lines]
    payload = payload_of(review_extraction(ex.model_copy(update={"tables": tables, "financial_lines": lines}),
                                           real_path(TN), {"pages": [page]}).html)
    shown = {t["id"]: t for t in payload["tables"]}
    assert shown["t1"]["status"] == "reconciled" and shown["t2"]["status"] == "skipped"
    assert dict(shown["t1"]["fields"])["Unit"] == "tkr (from the caption)"
    on_page = [f for f in payload["facts"] if f["page"] == page]
    assert {f["status"] for f in on_page} <= {"reconciled", "warning"}
    unit = dict(next(f for f in on_page if f["status"] == "reconciled")["fields"])["Unit"]
    assert unit == "tkr (from the caption)"
    inside = [s for s in payload["pages"][0]["silent"] if 600 <= s["box"][1] <= 700]
    assert all(s["explained"] for s in inside)


def test_a_text_rendition_marks_each_fact_on_its_own_number_in_its_line(extraction_of):
    ex = extraction_of("alingsas")
    payload = payload_of(review_extraction(ex, text_path("alingsas")).html)
    assert payload["doc"]["format"] == "text" and payload["counts"]["unplaced"] == 0
    fact = fact_by_raw(payload, "Verksamhetens intäkter", "16 924")
    line = next(ln for ln in payload["lines"] if ln["n"] == fact["line"])
    start, end, fid = next(s for s in line["spans"] if s[2] == fact["id"])
    assert line["text"][start:end] == "16 924"
    assert plain(fact["amount"]) == "16 924 000 kr"


def test_a_converters_markdown_is_counted_by_its_own_pages(real_extraction):
    ex = real_extraction("kungsbacka_ifo")
    payload = payload_of(review_extraction(ex, real_path("kungsbacka_ifo")).html)
    pages = {p["n"]: p for p in payload["pages"]}
    assert len(pages) > 40                         # the page markers (<!-- sida 72 -->), not one page
    for fact in payload["facts"]:
        assert fact["line"] is not None and pages[fact["page"]]["facts"] > 0
    assert sum(p["facts"] for p in pages.values()) == len(payload["facts"])
    markers = [ln for ln in payload["lines"] if ln["text"].startswith("<!-- sida")]
    assert markers and all(ln["silent"] == [] for ln in markers)     # a page marker is no printed number


# ---- one file, nothing fetched ------------------------------------------------------------------------


def test_the_page_is_one_file_that_fetches_nothing(tn):
    _, payload, html = tn
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<link" not in html and not re.search(r"<script[^>]+src=", html)
    assert all(p["img"].startswith("data:image/") for p in payload["pages"])


def test_text_from_the_document_cannot_close_the_script_it_travels_in():
    hostile = {"label": "</script><script>alert(1)</script><!--"}
    text = script_json(hostile)
    assert "<" not in text and "alert(1)" in text


def test_a_template_slot_without_a_value_is_an_error():
    with pytest.raises(ValueError):
        fill("<p>{{title}} {{missing}}</p>", {"title": "x"})


@pytest.mark.parametrize("spec, pages", [("1-3,7", [1, 2, 3, 7]), (" 2 ", [2])])
def test_pages_option(spec, pages):
    assert parse_pages(spec) == pages


@pytest.mark.parametrize("spec", ["0", "3-1", "a", "1-"])
def test_pages_option_refuses_what_is_no_page(spec):
    with pytest.raises(ReviewError):
        parse_pages(spec)


# ---- the command line ------------------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="kommunrapport")


def test_facts_on_pages_not_drawn_are_listed_as_such(real_extraction):
    ex = real_extraction(TN)
    payload = payload_of(review_extraction(ex, real_path(TN), {"pages": [2]}).html)
    off = [f for f in payload["facts"] if f["offPage"]]
    assert off and all(f["page"] != 2 and f["box"] is None for f in off)
    assert payload["counts"]["off_pages"] == len(off) and payload["counts"]["unplaced"] == 0
    assert all(f["box"] for f in payload["facts"] if f["page"] == 2)


def test_review_command_writes_the_page_and_says_what_is_in_it(tmp_path):
    out = tmp_path / "review.html"
    result = run("review", str(real_path("alingsas_sn")), "-o", str(out), "--pages", "1")
    assert result.exit_code == 0, result.output
    payload = payload_of(out.read_text(encoding="utf-8"))
    assert [p["n"] for p in payload["pages"]] == [1]
    counts = payload["counts"]
    assert f"{counts['facts']} facts" in result.output and "1 pages" in result.output
    assert f"{counts['silent']} amount-shaped numbers with no fact" in result.output


def test_review_command_draws_a_saved_extraction_and_refuses_one_of_another_file(tmp_path):
    saved = tmp_path / "x.json"
    assert run("extract", str(real_path("alingsas_sn")), "-o", str(saved)).exit_code == 0
    ok = run("review", str(real_path("alingsas_sn")), "--extraction", str(saved), "-o", str(tmp_path / "a.html"))
    assert ok.exit_code == 0 and (tmp_path / "a.html").exists()
    bad = run("review", str(text_path("sala")), "--extraction", str(saved), "-o", str(tmp_path / "b.html"))
    assert bad.exit_code == 1 and "another file" in bad.output and not (tmp_path / "b.html").exists()


@pytest.mark.parametrize("args, message", [
    (["/no/such/report.pdf"], "no such file"),
    ([str(real_path("alingsas_sn")), "--pages", "x"], "--pages"),
])
def test_review_command_bad_input_is_one_line_and_exit_1(tmp_path, args, message):
    result = run("review", *args, "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "r.html").exists()


# ---- a corpus sample --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory, extraction_of, real_extraction):
    """A store of three documents (two texts, one PDF) whose files lie in a folder of their own."""
    from kommunrapport.corpus.store import CorpusStore

    folder = tmp_path_factory.mktemp("corpus")
    db = folder / "corpus.duckdb"
    with CorpusStore(db) as store:
        for ex, source in [(extraction_of("alingsas"), text_path("alingsas")),
                           (extraction_of("sala"), text_path("sala")),
                           (real_extraction("alingsas_sn"), real_path("alingsas_sn"))]:
            copy = folder / source.name
            shutil.copy(source, copy)
            store.write_document(ex.model_copy(update={"source": ex.source.model_copy(update={"path": str(copy)})}))
    return db, folder


def test_corpus_review_draws_a_seeded_sample_with_an_index_and_a_csv(small_corpus, tmp_path):
    db, _ = small_corpus
    result = run("corpus", "review", "--db", str(db), "--sample", "2", "--seed", "7", "-o", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    assert "2 of 3 documents (seed 7)" in result.output
    rows = list(csv.DictReader((tmp_path / "a" / "sample.csv").open(encoding="utf-8")))
    assert len(rows) == 2 and all((tmp_path / "a" / r["review"]).exists() for r in rows)
    for r in rows:
        payload = payload_of((tmp_path / "a" / r["review"]).read_text(encoding="utf-8"))
        assert payload["counts"]["facts"] == int(r["facts"]) > 0
    index = (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    assert payload_of(index)["seed"] == 7
    again = run("corpus", "review", "--db", str(db), "--sample", "2", "--seed", "7", "-o", str(tmp_path / "b"))
    assert again.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "a").glob("*.html")) == \
        sorted(p.name for p in (tmp_path / "b").glob("*.html"))


def test_corpus_review_names_a_document_whose_file_has_changed_and_exits_1(small_corpus, tmp_path):
    db, folder = small_corpus
    changed = folder / text_path("sala").name
    original = changed.read_bytes()
    try:
        changed.write_bytes(original + b"\nen rad till\n")
        result = run("corpus", "review", "--db", str(db), "--sample", "3", "--seed", "1", "-o", str(tmp_path))
    finally:
        changed.write_bytes(original)
    assert result.exit_code == 1
    rows = list(csv.DictReader((tmp_path / "sample.csv").open(encoding="utf-8")))
    problem = [r for r in rows if r["problem"]]
    assert len(problem) == 1 and "changed" in problem[0]["problem"] and problem[0]["file_name"].startswith("sala")
    assert len([r for r in rows if r["review"]]) == 2


def test_corpus_review_of_no_database_is_one_line(tmp_path):
    result = run("corpus", "review", "--db", str(tmp_path / "none.duckdb"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and "no such corpus database" in result.output
