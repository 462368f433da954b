"""A column header (with the report's own period as context) -> Period.

INTERFACE (the normalize work fills it in; extend, don't rename):
    parse_period(header: str, report: Report | None = None, above: str | None = None) -> Period | None
        header: 'Utfall 31 aug 2023', 'Budget jan- aug 2024', 'Delårsbokslut 2022' ...
        report: the document's Report (fiscal_year, period_start, period_end) for headers that
                only say 'Prognos helår' or 'Delårsbokslut 2022' (= same day as the report, a year before)
        above: a header cell above it in a two-row header ('2018' above 'Utfall per 31 aug.')
        None where the header names no period.
"""
from __future__ import annotations

from kommunrapport.models import Period, Report


def parse_period(header: str, report: Report | None = None, above: str | None = None) -> Period | None:
    raise NotImplementedError
