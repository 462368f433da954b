"""Fuzzing the text path: corpus texts with lines and cells deleted, duplicated and shuffled, and
numbers written wrong. Whatever the text, no exception but UnreadableDocument escapes `extract`,
every amount is an int of plausible size, and every other number is finite."""
from __future__ import annotations

import math
import re
import tempfile
from pathlib import Path

from conftest import TEXT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kommunrapport.find.pipeline import extract_or_unreadable
from kommunrapport.normalize.numbers import MAX_AMOUNT_SEK, MAX_DIGITS, parse_number
from kommunrapport.read.errors import UnreadableDocument

TEXTS = {p.name: p.read_text(encoding="utf-8").splitlines() for p in sorted(TEXT.glob("*.txt"))}

MALFORMED = [
    "1 2 3,4,5", "--5", "- -5", "+-3", "1e308", "1E5", "2,5e3", "0x1F", "0XFF", "5%%", "12,5 %%", "−5", "−−3",
    "\u00a05\u00a0000", "1\u202f234", "1" * 400, "9" * 25, "12 345 678 901 234 567", "1.234.567,8.9", "1,2,3",
    "∞", "NaN", "inf", "-", "–", "..", "١٢٣", "１２３", "5 000 000 000 000 000 000", "0,000000000000000001",
    "(1 234)", "1 234-", "=SUM(A1:A3)", "+cmd|' /C calc'!A0", "\t", "",
]
NUMBER = re.compile(r"[-−–]?\d[\d \u00a0]*(?:[,.]\d+)?")


@st.composite
def mutated_texts(draw) -> str:
    lines = list(TEXTS[draw(st.sampled_from(sorted(TEXTS)))])
    start = draw(st.integers(0, max(0, len(lines) - 20)))
    window = lines[start:start + draw(st.integers(20, 150))] or ["Rapport"]
    for op, at, malformed in draw(st.lists(st.tuples(
            st.sampled_from(["delete", "duplicate", "swap", "shuffle_cells", "drop_cell", "number", "number",
                             "join"]),
            st.integers(0, 10**6), st.sampled_from(MALFORMED)), max_size=15)):
        i = at % len(window)
        line = window[i]
        if op == "delete" and len(window) > 1:
            del window[i]
        elif op == "duplicate":
            window.insert(i, line)
        elif op == "swap":
            j = (at // 7) % len(window)
            window[i], window[j] = window[j], window[i]
        elif op == "shuffle_cells":
            cells = line.split("\t")
            window[i] = "\t".join(cells[at % len(cells):] + cells[:at % len(cells)])
        elif op == "drop_cell":
            cells = line.split("\t")
            if len(cells) > 1:
                del cells[at % len(cells)]
            window[i] = "\t".join(cells)
        elif op == "number":
            found = list(NUMBER.finditer(line))
            if found:
                m = found[at % len(found)]
                window[i] = line[:m.start()] + malformed + line[m.end():]
            else:
                window[i] = f"{line}\t{malformed}"
        elif op == "join" and i + 1 < len(window):
            window[i:i + 2] = [line + "\t" + window[i + 1]]
    return "\n".join(window) + "\n"


def check(extraction) -> None:
    for line in extraction.financial_lines:
        assert type(line.amount_sek) is int or line.amount_sek is None, line
        assert line.amount_sek is None or abs(line.amount_sek) < MAX_AMOUNT_SEK, line
    for indicator in extraction.indicators:
        for value in indicator.values:
            assert value.value is None or math.isfinite(value.value), value
    for figure in extraction.sick_leave:
        assert math.isfinite(figure.percent), figure
    extraction.model_dump_json()       # the output can always be written


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=mutated_texts())
def test_no_exception_escapes_extract_and_every_amount_is_an_int(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.txt"
        path.write_text(text, encoding="utf-8")
        try:
            extraction = extract_or_unreadable(path, timeout_s=60)
        except UnreadableDocument as exc:
            assert "could not be read" not in exc.reason, exc.reason    # a crash dressed as a refusal
            return
    check(extraction)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(
    st.sampled_from(MALFORMED),
    st.text(alphabet="0123456789 ,.-−–+%eExX\u00a0()*≥<", max_size=40),
    st.text(max_size=30)))
def test_parse_number_never_raises_and_never_reads_an_implausible_number(text):
    parsed = parse_number(text)
    if parsed.value is not None:
        assert parsed.ok and math.isfinite(parsed.value)
        digits = re.sub(r"\D", "", parsed.raw.split(parsed.qualifier or "\0")[0]).lstrip("0")
        assert len(digits) <= MAX_DIGITS, parsed


def test_malformed_numbers_are_left_out_not_misread():
    for text in ["1e308", "0x1F", "5%%", "--5", "1" * 400, "9" * 25, "1 2 3,4,5"]:
        parsed = parse_number(text)
        assert parsed.value is None and not parsed.ok, text
    assert parse_number("1e308").problem == "an exponent form"
    assert parse_number("0x1F").problem == "a hex form"
    assert parse_number("5%%").problem == "a doubled percent mark"
    assert parse_number("--5").problem == "a doubled sign"
    assert parse_number("1" * 400).problem == f"more than {MAX_DIGITS} digits"


def test_a_malformed_cell_in_a_real_table_is_a_warning(tmp_path):
    """Alingsås' operating table with one cell of 400 digits and one '1e308': both left out with a
    warning, every other line of the table read as before."""
    source = next(p for p in TEXT.glob("alingsas*.txt"))
    text = source.read_text(encoding="utf-8")
    assert "16 924" in text and "-137 901" in text
    path = tmp_path / "alingsas.txt"
    path.write_text(text.replace("16 924", "1" * 400, 1).replace("-137 901", "1e308", 1), encoding="utf-8")
    before = extract_or_unreadable(source)
    after = extract_or_unreadable(path)
    raws = {line.raw for line in after.financial_lines}
    assert "1" * 400 not in raws and "1e308" not in raws
    unreadable = [w.message for w in after.warnings if w.code == "unreadable_cell"]
    assert any("1e308" in m for m in unreadable) and any("1111111111" in m for m in unreadable)
    kept = {(line.label, line.measure, line.raw) for line in before.financial_lines} - {
        (line.label, line.measure, line.raw) for line in after.financial_lines}
    assert {raw for _, _, raw in kept} <= {"16 924", "-137 901"}, kept
    check(after)


def test_a_measure_column_with_no_period_and_no_report_year_is_left_out():
    # found by the fuzz test above: a mutated report with no year anywhere and a `Ramprotokoll`
    # (a budget table by its title) whose one column has no header gave a line with no period
    from kommunrapport.models import Measure
    from kommunrapport.tables.header import Column, fill_missing_periods

    cols = [Column(index=0, header=""), Column(index=1, header="", measure=Measure.budget)]
    fill_missing_periods(cols, None)
    assert cols[1].period is None and cols[1].skip.startswith("ambiguous")
    extraction = extract_or_unreadable(Path(__file__).parent / "data" / "fuzz" / "no_year_ramprotokoll.txt")
    check(extraction)
    ram = next(t for t in extraction.tables if t.title == "Ramprotokoll")
    assert ram.facts == 0 and ram.skipped == "unreadable_header"
