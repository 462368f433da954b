"""The review page in a real browser: Chromium (Debian's package) driven by Playwright.

Opens the page of a real corpus PDF, counts the boxes, clicks one and reads the amount shown, and
keeps a screenshot in tests/artifacts/ (KOMMUNRAPPORT_ARTIFACTS elsewhere). Skipped, with the reason,
only where Playwright or Chromium is not installed (.ci/run installs both)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import real_path, text_path
from review_helpers import payload_of, plain, provenances, with_bbox

from kommunrapport.models.report import Warning
from kommunrapport.review import review_extraction

ARTIFACTS = Path(os.environ.get("KOMMUNRAPPORT_ARTIFACTS", Path(__file__).parent / "artifacts"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed "
                                   "(pip install -e '.[dev]'); the review page is not tested in a browser")
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); the review page is not tested in a browser")
    with sync_api.sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(profile, executable_path=executable, args=FLAGS,
                                                       headless=True, viewport={"width": 1600, "height": 1000})
        yield context
        context.close()


def open_page(browser, html: str, where: Path):
    where.write_text(html, encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(where.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    return page, errors, requests


def test_the_pdf_review_page_in_a_browser(browser, real_extraction, tmp_path):
    ex = real_extraction("alingsas_tn")
    # the TN tables reconcile everywhere: one mismatch warning naming a fact stands in for a misprint
    fact = next(f for f in ex.financial_lines if f.label == "Utdebitering personalkostnader" and f.raw == "408")
    ex = ex.model_copy(update={"warnings": [*ex.warnings, Warning(
        code="total_mismatch", provenance=fact.provenance,
        message=f"table '{fact.table_title}': row '{fact.label}', column 'Avv. prognos/budget 2026': printed 408 "
                "but 'Prognos helår 2026' - 'Budget 2026' gives -408 (canonical signs)")]})
    html = review_extraction(ex, real_path("alingsas_tn")).html
    payload = payload_of(html)
    page, errors, requests = open_page(browser, html, tmp_path / "review.html")
    try:
        # one box per fact with a bbox, on the page images
        assert page.locator(".sheet .box").count() == with_bbox(ex) > 100
        assert page.locator(".sheet img").count() == 11
        # click the box of one fact: the panel shows its amount in kronor
        fact = next(f for f in payload["facts"] if dict(f["fields"]).get("Raw text") == "37 201")
        box = page.locator(f'.box[data-id="{fact["id"]}"]')
        box.scroll_into_view_if_needed()
        box.click()
        amount = page.locator('#detail tr[data-field="amount-kr"] td').inner_text()
        assert plain(amount) == "37 201 000 kr"
        assert page.locator('#detail tr[data-field="label"] td').inner_text() == "Verksamhetens intäkter"
        assert page.locator(f'#fact-list li[data-id="{fact["id"]}"]').get_attribute("class").count("selected") == 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-alingsas-tn.png"))
        # the filters: warnings only, then no financial lines
        page.check("#only-warnings")
        assert page.locator("#fact-list li:not([hidden])").count() == payload["counts"]["warned"] > 0
        page.uncheck("#only-warnings")
        page.uncheck('input[data-kind="financial"]')
        financial = sum(1 for f in payload["facts"] if f["kind"] == "financial")
        assert page.locator("#fact-list li:not([hidden])").count() == len(payload["facts"]) - financial
        assert page.locator(".sheet .box.filtered").count() == financial
        # a fact of the list brings its box into view and selects it
        page.check('input[data-kind="financial"]')
        other = payload["facts"][-1]
        page.locator(f'#fact-list li[data-id="{other["id"]}"]').click()
        assert "selected" in page.locator(f'.box[data-id="{other["id"]}"]').get_attribute("class")
        # the per-page count of numbers with no fact is on every page's heading
        counts = page.locator("section.page h2 .silent-count")
        assert counts.count() == 11
        assert sum(int(counts.nth(i).get_attribute("data-silent")) for i in range(11)) == payload["counts"]["silent"]
        assert errors == []
        assert all(url.startswith(("file:", "data:", "blob:")) for url in requests)
    finally:
        page.close()


def test_a_reviewers_verdicts_are_kept_and_exported_as_csv(browser, real_extraction, tmp_path):
    ex = real_extraction("alingsas_sn")
    html = review_extraction(ex, real_path("alingsas_sn")).html
    page, errors, _ = open_page(browser, html, tmp_path / "review.html")
    try:
        page.evaluate("localStorage.clear()")
        page.reload()
        page.wait_for_selector("body[data-ready='1']")
        page.locator('.box[data-id="f1"]').click()
        page.locator("#detail .verdict button.wrong").click()
        page.locator("#detail .verdict input.note").fill("budget is 218 033, the column is right")
        page.locator("#detail .verdict input.note").press("Enter")
        page.locator('.box[data-id="f2"]').click()
        page.locator("#detail .verdict button.right").click()
        assert f"2 of {len(payload_of(html)['facts'])}: 1 right, 1 wrong" in page.locator("#verdicts").inner_text()
        page.reload()
        page.wait_for_selector("body[data-ready='1']")
        assert page.locator('#fact-list li[data-verdict="wrong"]').count() == 1   # kept in this browser
        with page.expect_download() as download:
            page.locator("#verdicts button").click()
        rows = download.value.path().read_text(encoding="utf-8").splitlines()
        assert rows[0].startswith("document,sha256,fact,kind")
        assert len(rows) == 3 and "wrong" in rows[1] and "the column is right" in rows[1]
        assert errors == []
    finally:
        page.close()


def test_table_summaries_are_drawn_at_their_tables(browser, real_extraction, tmp_path):
    from kommunrapport.models.provenance import Provenance
    from kommunrapport.models.report import Period, TableColumn, TableSummary

    ex = real_extraction("alingsas_sn")
    lines = [line.model_copy(update={"table_id": "t1"}) for line in ex.financial_lines]
    tables = [TableSummary(id="t1", title="Månadsuppföljning", kind="operating", unit_raw="tkr", unit_source="header",
                           columns=[TableColumn(header="Budget 2017", measure="budget", period=Period(year=2017,
                                                                                                     raw="2017"))],
                           rows=10, facts=len(lines), reconciled="no", provenance=Provenance(page=1, method="table")),
              TableSummary(id="t2", title="Per verksamhet", kind="operating", rows=9, skipped="unreadable_header",
                           provenance=Provenance(page=1, bbox=(60.0, 480.0, 560.0, 620.0), method="table"))]
    html = review_extraction(ex.model_copy(update={"financial_lines": lines, "tables": tables}),
                             real_path("alingsas_sn")).html
    page, errors, _ = open_page(browser, html, tmp_path / "review.html")
    try:
        assert page.locator(".sheet .tbl").count() == 2
        assert page.locator(".sheet .tbl.st-skipped").count() == 1
        page.locator('.sheet .tbl[data-table="t1"] .tab').click()
        detail = page.locator("#detail").inner_text()
        assert "unreconciled" in detail and "Budget 2017" in detail and "tkr (from the header)" in detail
        page.locator('.box[data-id="f1"]').click()     # a fact shows its table's summary too
        assert "Månadsuppföljning" in page.locator("#detail").inner_text()
        assert page.locator('.box[data-id="f1"]').get_attribute("data-status") == "unreconciled"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-tables.png"))
        assert errors == []
    finally:
        page.close()


def test_the_text_review_page_in_a_browser(browser, extraction_of, tmp_path):
    ex = extraction_of("alingsas")
    html = review_extraction(ex, text_path("alingsas")).html
    page, errors, _ = open_page(browser, html, tmp_path / "review.html")
    try:
        on_a_line = sum(1 for p in provenances(ex) if p.line is not None)
        assert page.locator(".tline .box").count() == on_a_line == len(provenances(ex))
        hit = page.locator(".tline .txt .hit", has_text="16 924").first
        hit.scroll_into_view_if_needed()
        hit.click()
        assert plain(page.locator('#detail tr[data-field="amount-kr"] td').inner_text()) == "16 924 000 kr"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-alingsas-text.png"))
        assert errors == []
    finally:
        page.close()


def test_a_table_that_gave_no_facts_says_why_at_the_table(browser, real_extraction, tmp_path):
    ex = real_extraction("simrishamn")
    skipped = [t for t in ex.tables if t.skipped and t.provenance.bbox]
    assert skipped
    table = skipped[0]
    html = review_extraction(ex, real_path("simrishamn"), {"pages": [table.provenance.page]}).html
    page, errors, _ = open_page(browser, html, tmp_path / "review.html")
    try:
        drawn = page.locator(f'.sheet .tbl[data-table="{table.id}"]')
        drawn.scroll_into_view_if_needed()
        drawn.click()
        detail = page.locator("#detail").inner_text()
        assert f"skipped: {table.skipped}" in detail and "table_skipped" in detail
        assert errors == []
    finally:
        page.close()
