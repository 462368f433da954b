"""Swedish number formats as the corpus writes them, and property tests: every value in every style."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kommunrapport.normalize.numbers import parse_number, table_decimal_mark


@pytest.mark.parametrize("text, value", [
    ("16 924", 16924),                 # Alingsås Verksamhetens intäkter, budget 2023
    ("-137 901", -137901),             # Alingsås Personalkostnader
    ("1 125.1", 1125.1),               # Strängnäs mkr, point decimals
    ("857,3", 857.3),                  # Strängnäs Ramprotokoll
    ("−3,0", -3.0),                    # Unicode minus
    ("–0,5", -0.5),                    # en dash as minus
    ("16\u00a0924", 16924),            # no-break space
    ("16\u202f924", 16924),            # narrow no-break space
    ("16\u2009924", 16924),            # thin space
    ("- 137 901", -137901),
    ("1 125", 1125),                   # a thousands group is never a decimal
    ("1 234 567,89", 1234567.89),
    ("0.0*", 0.0),                     # footnote star
    ("0,0**", 0.0),
    ("<p>75</p>", 75),                 # the text rendition's cell markup
])
def test_plain_numbers(text, value):
    parsed = parse_number(text)
    assert parsed.ok and parsed.value == pytest.approx(value)
    assert parsed.raw == text


@pytest.mark.parametrize("text", ["8,1%", "8,1 %"])
def test_percent(text):
    parsed = parse_number(text)
    assert parsed.value == pytest.approx(8.1) and parsed.is_percent


def test_comparators():
    assert parse_number("≥81").comparator == ">=" and parse_number("≥81").value == 81
    assert parse_number(">19").comparator == ">" and parse_number(">19").value == 19


def test_qualifiers_and_markers():
    vard = parse_number("82,2 (vård, omsorg och sociala frågor)")
    assert vard.value == pytest.approx(82.2) and vard.qualifier == "(vård, omsorg och sociala frågor)"
    hush = parse_number("2 108 hushåll")
    assert hush.value == 2108 and hush.qualifier == "hushåll"
    dot = parse_number("● -55.3")
    assert dot.value == pytest.approx(-55.3) and dot.marker == "●"


@pytest.mark.parametrize("text", ["-", "", "   ", "Utfall saknas", "–", None, "Genomförd"])
def test_no_value(text):
    parsed = parse_number(text)
    assert parsed.value is None and parsed.ok and parsed.is_empty


@pytest.mark.parametrize("text", ["-7 73", "12 34 56", "5 10", "2023-05-22"])
def test_unreadable_is_not_ok(text):
    parsed = parse_number(text)
    assert parsed.value is None and not parsed.ok


def test_three_digit_fraction_follows_the_table():
    assert parse_number("1,125").value == pytest.approx(1.125)
    assert parse_number("1,125", decimal_mark=",").value == pytest.approx(1.125)
    assert parse_number("1,125", decimal_mark=".").value == 1125
    assert parse_number("1.125", decimal_mark=",").value == 1125


def test_table_decimal_mark():
    assert table_decimal_mark(["857,3", "0,7", "1,125"]) == ","
    assert table_decimal_mark(["-902.6", "1 125.1"]) == "."
    assert table_decimal_mark(["16 924", "1,125"]) is None
    assert table_decimal_mark(["1,5", "2.5"]) is None


# --- property tests: a value written in each style reads back as itself ---------------------------

THOUSANDS = [" ", "\u00a0", "\u202f", "\u2009", ""]
MINUS_SIGNS = ["-", "−", "–"]


def _group(digits: str, sep: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


def write(value: int, decimals: int, thousands: str, mark: str, minus: str) -> str:
    """value / 10**decimals written in one Swedish style."""
    digits = str(abs(value)).rjust(decimals + 1, "0")
    whole, frac = (digits[:-decimals], digits[-decimals:]) if decimals else (digits, "")
    text = _group(whole, thousands) + (mark + frac if decimals else "")
    return (minus if value < 0 else "") + text


@given(value=st.integers(-10**9, 10**9), decimals=st.sampled_from([0, 1, 2]),
       thousands=st.sampled_from(THOUSANDS), mark=st.sampled_from([",", "."]),
       minus=st.sampled_from(MINUS_SIGNS))
def test_every_style_reads_back(value, decimals, thousands, mark, minus):
    text = write(value, decimals, thousands, mark, minus)
    parsed = parse_number(text, decimal_mark=mark)
    assert parsed.ok, text
    assert parsed.value == pytest.approx(value / 10**decimals), text


@given(value=st.integers(-10**6, 10**6), decimals=st.sampled_from([0, 1]),
       space=st.sampled_from(["", " ", "\u00a0"]))
def test_percent_reads_back(value, decimals, space):
    text = write(value, decimals, " ", ",", "-") + space + "%"
    parsed = parse_number(text)
    assert parsed.is_percent and parsed.value == pytest.approx(value / 10**decimals), text


@given(value=st.integers(0, 10**7), marker=st.sampled_from(["●", "•", "■"]),
       comparator=st.sampled_from(["", "≥", ">", "<", "≤"]))
def test_markers_and_comparators_keep_the_value(value, marker, comparator):
    text = f"{marker} {comparator}{write(value, 0, ' ', ',', '-')}"
    parsed = parse_number(text)
    assert parsed.value == value and parsed.marker == marker, text


@given(value=st.integers(1, 999), frac=st.integers(0, 999))
def test_grouped_integer_never_decimal(value, frac):
    text = f"{value} {frac:03d}"
    assert parse_number(text).value == value * 1000 + frac
