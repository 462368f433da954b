"""Money units from captions, header rows and the sentence above a table (forms of the corpus)."""
from __future__ import annotations

import pytest

from kommunrapport.normalize.units import MoneyUnit, find_unit


@pytest.mark.parametrize("text, raw, factor", [
    ("Belopp i tkr", "tkr", 1000),                                  # Alingsås drift
    ("Tkr", "Tkr", 1000),                                            # Sala resultaträkning
    ("Driftsammandrag, netto tkr Verksamhet", "tkr", 1000),          # Linköping
    ("(belopp i tkr)", "tkr", 1000),                                 # Ale investeringsplan
    ("Ramprotokoll, mkr", "mkr", 1_000_000),                         # Strängnäs
    ("Driftredovisning (mkr)", "mkr", 1_000_000),
    ("Belopp i mnkr", "mnkr", 1_000_000),
    ("Mkr", "Mkr", 1_000_000),
    ("Belopp i miljoner kronor", "miljoner kronor", 1_000_000),
    ("Belopp i tusen kronor", "tusen kronor", 1000),
    ("kr", "kr", 1),
    ("Belopp i kronor", "kronor", 1),
])
def test_units(text, raw, factor):
    assert find_unit(text) == MoneyUnit(raw, factor)


@pytest.mark.parametrize("text", [
    "Kronoberg",                       # 'kr' inside a word
    "Strängnäs kommun",
    "Underskottet blev 7 Mkr",         # an amount in prose, not the table's unit
    "Kostnad kr per vårddygn",         # a rate
    "Lönekostnad tkr/årsarbetare",
    "Budget 2023",
    "",
    None,
])
def test_no_unit(text):
    assert find_unit(text) is None


def test_first_text_that_states_a_unit_decides():
    assert find_unit(None, "Budget 2023", "Belopp i tkr", "mkr").raw == "tkr"
    assert find_unit("Ekonomisk sammanställning", "Prognos Budget") is None


def test_to_sek():
    assert MoneyUnit("tkr", 1000).to_sek(-137901) == -137_901_000
    assert MoneyUnit("mkr", 1_000_000).to_sek(-902.6) == -902_600_000
    assert MoneyUnit("mkr", 1_000_000).to_sek(0.7) == 700_000
