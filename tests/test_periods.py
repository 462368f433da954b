"""Column headers of the corpus -> Period (year = the year the figure is about; see the gold notes)."""
from __future__ import annotations

from datetime import date

import pytest

from kommunrapport.models import Report
from kommunrapport.normalize.periods import parse_period

ALINGSAS = Report(fiscal_year=2023, period_start=date(2023, 1, 1), period_end=date(2023, 8, 31))
LINKOPING = Report(fiscal_year=2018, period_start=date(2018, 1, 1), period_end=date(2018, 8, 31))
D = date


@pytest.mark.parametrize("header, report, year, start, end", [
    ("Budget 2023", ALINGSAS, 2023, D(2023, 1, 1), D(2023, 12, 31)),
    ("Prognos helår 2023", ALINGSAS, 2023, D(2023, 1, 1), D(2023, 12, 31)),
    ("Utfall 31 aug 2023", ALINGSAS, 2023, D(2023, 1, 1), D(2023, 8, 31)),
    ("Utfall jan-aug 2024", None, 2024, D(2024, 1, 1), D(2024, 8, 31)),           # Sala
    ("Budget jan- aug 2024", None, 2024, D(2024, 1, 1), D(2024, 8, 31)),
    ("Redovisning 31/8 2018", LINKOPING, 2018, D(2018, 1, 1), D(2018, 8, 31)),
    ("Redovisning 31/8 2017", LINKOPING, 2017, D(2017, 1, 1), D(2017, 8, 31)),
    ("Delårsbokslut 2022", ALINGSAS, 2022, D(2022, 1, 1), D(2022, 8, 31)),        # same day as the report
    ("Delårsbokslut 2023", ALINGSAS, 2023, D(2023, 1, 1), D(2023, 8, 31)),
    ("Bokslut 2017", LINKOPING, 2017, D(2017, 1, 1), D(2017, 12, 31)),
    ("Mål 31 dec 2023", ALINGSAS, 2023, D(2023, 1, 1), D(2023, 12, 31)),
    ("Resultat juli månad 2024", None, 2024, D(2024, 7, 1), D(2024, 7, 31)),
    ("Diff. utfall 2022/2023", ALINGSAS, 2023, None, None),
    ("Förändring 2022 - 2023", None, 2023, None, None),                           # Strängnäs
    ("Totalt utfall t.o.m. 2023", None, 2023, None, D(2023, 12, 31)),
    ("Prognos helår", LINKOPING, 2018, D(2018, 1, 1), D(2018, 12, 31)),
    ("Helårsprognos 2024", None, 2024, D(2024, 1, 1), D(2024, 12, 31)),
    ("Avvik. mot periodiserad budget* 31/8 2018", LINKOPING, 2018, D(2018, 1, 1), D(2018, 8, 31)),
    ("Utfall 2017 ¹", None, 2017, D(2017, 1, 1), D(2017, 12, 31)),
    ("Utfall per 2022-12-31", None, 2022, D(2022, 1, 1), D(2022, 12, 31)),        # Göteborg
    ("<p>Utfall 31 augusti 2023</p>", None, 2023, D(2023, 1, 1), D(2023, 8, 31)),
    ("Utfall 30 april 2024", None, 2024, D(2024, 1, 1), D(2024, 4, 30)),
    ("Utfall januari–april 2024", None, 2024, D(2024, 1, 1), D(2024, 4, 30)),
    ("1 januari - 31 juli", ALINGSAS, 2023, D(2023, 1, 1), D(2023, 7, 31)),
])
def test_headers(header, report, year, start, end):
    period = parse_period(header, report)
    assert (period.year, period.start, period.end) == (year, start, end)
    assert period.raw == header.replace("<p>", "").replace("</p>", "")


def test_two_row_header():
    period = parse_period("Utfall per 31 aug.", LINKOPING, above="2018")
    assert (period.year, period.start, period.end) == (2018, D(2018, 1, 1), D(2018, 8, 31))
    assert period.raw == "2018 Utfall per 31 aug."
    # Ale: '2023' above 'Prognos'; a header's own year wins over the one above
    assert parse_period("Prognos", above="2023").year == 2023
    assert parse_period("Utfall 2022", ALINGSAS, above="2023").year == 2022


@pytest.mark.parametrize("header", ["Avvikelse", "Förändring", "Belopp i tkr", "", "Mars"])
def test_no_period(header):
    assert parse_period(header, LINKOPING) is None


def test_report_context_needed():
    assert parse_period("Prognos helår") is None
    assert parse_period("Delårsbokslut 2022").year == 2022
