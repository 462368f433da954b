"""A column header (with the report's own period as context) -> Period.

INTERFACE (the normalize work fills it in; extend, don't rename):
    parse_period(header: str, report: Report | None = None, above: str | None = None) -> Period | None
        header: 'Utfall 31 aug 2023', 'Budget jan- aug 2024', 'Delårsbokslut 2022' ...
        report: the document's Report (fiscal_year, period_start, period_end) for headers that
                only say 'Prognos helår' or 'Delårsbokslut 2022' (= same day as the report, a year before)
        above: a header cell above it in a two-row header ('2018' above 'Utfall per 31 aug.')
        None where the header names no period.

Period.year is the year the figure is about: the header's year, the later of two ('Diff. utfall
2022/2023' -> 2023), the year above it, or the report's year for 'Prognos helår'. start/end are set
where the header determines them: a date ('31 aug 2023', '31/8 2018', '2022-12-31') ends a period
that starts on 1 January; a month range ('jan-aug 2024') or one month ('juli månad 2024') is itself;
a year alone is the whole year; an interim word ('Delårsbokslut 2022') ends on the report's day.
The words are data: normalize/data/periods.toml.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from kommunrapport.models import DocumentType, Period, Report
from kommunrapport.normalize.vocab import derived, load_vocab

_YEAR = r"(?:19[89]\d|20\d\d)"
_DASH = r"[-–—‐‑]"


@dataclass(frozen=True)
class _Words:
    months: dict[str, int]
    full_year: frozenset[str]
    to_report_date: frozenset[str]
    cumulative: tuple[str, ...]
    single_month: frozenset[str]
    until_month: tuple[str, ...]
    previous_year: tuple[str, ...]
    month_re: str


@derived
def _words() -> _Words:
    vocab = load_vocab("periods")
    months = {w.lower(): int(n) for n, ws in vocab.get("months", {}).items() for w in ws}
    month_re = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))

    def group(name: str) -> list[str]:
        return [w.lower() for w in vocab.get(name, {}).get("words", [])]

    return _Words(months, frozenset(group("full_year")), frozenset(group("to_report_date")),
                  tuple(sorted(group("cumulative"), key=len, reverse=True)), frozenset(group("single_month")),
                  tuple(sorted(group("until_month"), key=len, reverse=True)),
                  tuple(sorted(group("previous_year"), key=len, reverse=True)), month_re)


def month_number(word: str) -> int | None:
    """'aug', 'augusti', 'Aug.' -> 8."""
    return _words().months.get(word.lower().rstrip("."))


def month_pattern() -> str:
    """A regex alternation of every month word, longest first (lower case)."""
    return _words().month_re


def _clean(text: str | None) -> str:
    s = re.sub(r"<[^>]+>", " ", text or "")
    s = re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹⁰*]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"[a-zåäöé]+", text.lower()))


def month_end(year: int, month: int) -> date:
    """The last day of the month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_period(header: str, report: Report | None = None, above: str | None = None) -> Period | None:
    raw = _plain(header)
    above_raw = _plain(above)
    if not raw and not above_raw:
        return None
    text, above_text = _clean(header), _clean(above)
    found = None
    used_above = False
    if above_text and not re.search(_YEAR, text):
        # a two-row header: the cell above gives the year this one lacks ('2018' above 'Utfall per 31 aug.')
        found = _from_text(f"{above_text} {text}".strip(), report)
        used_above = found is not None
    if found is None:
        found = _from_text(text, report)
    if found is None:
        return None
    year, start, end = found
    return Period(year=year, start=start, end=end,
                  raw=f"{above_raw} {raw}".strip() if used_above else raw)


def _plain(text: str | None) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text or "")).strip()


def _from_text(text: str, report: Report | None) -> tuple[int | None, date | None, date | None] | None:
    w = _words()
    low = text.lower()
    years = [int(y) for y in re.findall(rf"(?<!\d){_YEAR}(?!\d)", low)]
    month = re.search(rf"(?<!\d)({_YEAR})(0[1-9]|1[0-2])(?!\d)", low)
    if month and not years:
        # 'Utfall 201711': year and month run together, the year to that month's end
        year, m = int(month.group(1)), int(month.group(2))
        return year, date(year, 1, 1), month_end(year, m)
    if not years:
        relative = next((p for p in w.previous_year
                         if re.search(rf"(?<![a-zåäö]){re.escape(p)}(?![a-zåäö])", low)), None)
        if relative and _report_year(report):
            # 'Utfall fg år': the year before the report's; the words of the part of the year still count
            low = low.replace(relative, " ")
            years = [_report_year(report) - 1]
            found = _from_text(f"{low} {years[0]}", report)
            if found is not None:
                return found
    for parse in (_iso_dates, _day_month_range, _day_month, _month_range, _until_month, _part_of_year,
                  _single_month):
        hit = parse(low, years, report, w)
        if hit is not None:
            return hit
    pair = re.search(rf"(?<!\d)({_YEAR})\s*(?:/|{_DASH})\s*({_YEAR})(?!\d)", low)
    if pair:
        return max(int(pair.group(1)), int(pair.group(2))), None, None
    tokens = _tokens(low)
    year = years[-1] if years else None
    if any(c in low for c in w.cumulative if "." in c) or tokens & {c for c in w.cumulative if "." not in c}:
        year = year or _report_year(report)
        return (year, None, date(year, 12, 31)) if year else None
    if tokens & w.to_report_date:
        return _to_report_date(year, report)
    if year is not None:
        return year, date(year, 1, 1), date(year, 12, 31)
    if tokens & w.full_year:
        year = _report_year(report)
        return (year, date(year, 1, 1), date(year, 12, 31)) if year else None
    return None


def _report_year(report: Report | None) -> int | None:
    if report is None:
        return None
    if report.fiscal_year:
        return report.fiscal_year
    return report.period_end.year if report.period_end else None


def _to_report_date(year: int | None, report: Report | None):
    year = year or _report_year(report)
    if year is None:
        return None
    end = report.period_end if report is not None else None
    if end is None:
        return year, None, None
    start = report.period_start or date(end.year, 1, 1)
    if report.document_type is DocumentType.monthly_report:
        start = date(end.year, 1, 1)    # a monthly follow-up reports the year to date
    return (year, _safe_date(year, start.month, start.day),
            _safe_date(year, end.month, end.day) or month_end(year, end.month))


def _iso_dates(low, years, report, w):
    dates = [d for y, m, dd in re.findall(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)", low)
             if (d := _safe_date(int(y), int(m), int(dd)))]
    if not dates:
        return None
    if len(dates) >= 2:
        return dates[-1].year, dates[0], dates[-1]
    return dates[0].year, date(dates[0].year, 1, 1), dates[0]


def _day_month_matches(low, w):
    pattern = rf"(?<![\d/])(\d{{1,2}})\s*(?:/\s*(\d{{1,2}})(?![\d/])|\.?\s*({w.month_re})\b\.?)(?:\s*({_YEAR})(?!\d))?"
    out = []
    for m in re.finditer(pattern, low):
        month = int(m.group(2)) if m.group(2) else w.months[m.group(3)]
        out.append((int(m.group(1)), month, int(m.group(4)) if m.group(4) else None, m))
    return [x for x in out if 1 <= x[1] <= 12 and 1 <= x[0] <= 31]


def _day_month_range(low, years, report, w):
    found = _day_month_matches(low, w)
    if len(found) < 2:
        return None
    (d1, m1, y1, _), (d2, m2, y2, _) = found[0], found[-1]
    year = y2 or y1 or (years[-1] if years else _report_year(report))
    if year is None:
        return None
    return year, _safe_date(y1 or year, m1, d1), _safe_date(year, m2, d2)


def _day_month(low, years, report, w):
    found = _day_month_matches(low, w)
    if len(found) != 1:
        return None
    day, month, year, _ = found[0]
    year = year or (years[-1] if years else _report_year(report))
    if year is None:
        return None
    end = _safe_date(year, month, day)
    return (year, date(year, 1, 1), end) if end else None


def _month_range(low, years, report, w):
    m = re.search(rf"\b({w.month_re})\b\.?\s*(?:{_DASH}|till|t\.o\.m\.?)\s*({w.month_re})\b\.?", low)
    if not m:
        return None
    year = years[-1] if years else _report_year(report)
    if year is None:
        return None
    first, last = w.months[m.group(1)], w.months[m.group(2)]
    return year, date(year, first, 1), month_end(year, last)


def _until_month(low, years, report, w):
    """'Utfall t.o.m. april', 'Ack. utfall mars 2023', 'per augusti': from 1 January to the month's end."""
    words = "|".join(re.escape(u) for u in w.until_month)
    m = re.search(rf"(?<![\wåäö])(?:{words})\.?\s+(?:\w+\s+)?({w.month_re})\b\.?", low) if words else None
    if not m:
        return None
    year = years[-1] if years else _report_year(report)
    if year is None:
        return None
    return year, date(year, 1, 1), month_end(year, w.months[m.group(1)])


def _part_of_year(low, years, report, w):
    """'Kvartal 2 2023', 'Kv 1', 'Tertial 2', 'Halvår 1', 'första halvåret': that part of the year."""
    for part in load_vocab("periods").get("parts", {}).values():
        words = "|".join(re.escape(x) for x in sorted(part["words"], key=len, reverse=True))
        m = re.search(rf"(?<![a-zåäö])(?:{words})\.?\s*([1-4])(?!\d)", low)
        ordinal = next((n for n, ws in enumerate(part.get("ordinals", []), 1)
                        if any(re.search(rf"(?<![a-zåäö]){re.escape(x)}(?![a-zåäö])", low) for x in ws)), None)
        n = int(m.group(1)) if m else ordinal
        months = int(part["months"])
        if n is None or n > 12 // months:
            continue
        year = years[-1] if years else _report_year(report)
        if year is None:
            return None
        return year, date(year, months * (n - 1) + 1, 1), month_end(year, months * n)
    return None


def _single_month(low, years, report, w):
    m = re.search(rf"\b({w.month_re})\b\.?", low)
    if not m:
        return None
    month = w.months[m.group(1)]
    if years:
        year = years[-1]
    elif _tokens(low) & w.single_month:
        year = _report_year(report)
    else:
        return None  # 'Mars' alone, a column of a month-by-month table: the caller knows its year
    if year is None:
        return None
    return year, date(year, month, 1), month_end(year, month)
