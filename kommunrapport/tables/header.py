"""One table's structure: header rows -> column meaning (measure, period), row labels, totals.

Works on the reader's Table (text and PDF alike) and knows nothing of units or signs; finance.py
turns the structure into FinancialLines. The words it looks for are in normalize/data/finance.toml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz, process

from kommunrapport.models import (
    DocumentType,
    FinanceCategory,
    FinanceTable,
    Measure,
    Period,
    Provenance,
    Report,
    Row,
    Table,
)
from kommunrapport.normalize.measure_words import finance_vocab, has_word, measure_of, words_of  # noqa: F401 (the header grammar's words)
from kommunrapport.normalize.numbers import ParsedNumber, parse_number, table_decimal_mark
from kommunrapport.normalize.periods import parse_period
from kommunrapport.normalize.units import find_unit

YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def names_outcome_or_forecast(text: str | None) -> bool:
    """`Prognos/ utfall`: a header that names both a forecast and an outcome; `Resultat helår`: a
    header naming a figure of a period with no measure word of its own."""
    measures = finance_vocab()["measures"]
    pairs = measures.get("either_outcome_or_forecast", [])
    return any(all(has_word(text, [w]) for w in pair) for pair in pairs)


def names_a_result(text: str | None) -> bool:
    """`Resultat period`, `Resultat helår`: the committee's result, an outcome of a period that has
    ended by the report's date and a forecast of one that has not (a word of `result_by_period`)."""
    return has_word(text, finance_vocab()["measures"].get("result_by_period", []))


def column_category(text: str | None) -> FinanceCategory | None:
    for name, entries in finance_vocab()["column_categories"].items():
        if has_word(text, entries):
            return FinanceCategory(name)
    return None


@dataclass(frozen=True)
class TableKind:
    kind: FinanceTable
    category: FinanceCategory | None = None
    measure: Measure | None = None
    all_columns: bool = False       # the measure holds for every column (a matrix of deviations)
    word: str = ""
    weak: bool = False
    series: bool = False            # forecasts at several points of the year and the settled outcome
    printed_signs: bool = False     # the signs stand as printed (balance sheet, cash flow, results)


def table_kind(*texts: str | None) -> TableKind | None:
    """The first text (caption, header, heading ...) that names a kind of money table decides; a
    `weak` entry's words only where no text names a kind otherwise."""
    entries = finance_vocab()["table_kinds"]
    for weak in (False, True):
        for text in texts:
            hit = _kind_in(text, [e for e in entries if bool(e.get("weak")) is weak])
            if hit:
                return hit
    return None


def _kind_in(text: str | None, entries: list[dict]) -> TableKind | None:
    tokens = set(words_of(text))
    for entry in entries:
        for w in entry["words"]:
            if has_word(text, [w]):
                return kind_of_entry(entry, w)
        for w in entry.get("exact_words", []):
            if w in tokens:
                return kind_of_entry(entry, w)
    return None


def kind_of_entry(entry: dict, word: str = "") -> TableKind:
    measure = entry.get("measure")
    return TableKind(FinanceTable(entry["kind"]),
                     FinanceCategory(entry["category"]) if entry.get("category") else None,
                     Measure(measure) if measure else None,
                     entry["kind"] == "other" and measure == "deviation", word, bool(entry.get("weak")),
                     bool(entry.get("series")), bool(entry.get("printed_signs") or entry.get("series")))


def series_kind() -> TableKind:
    """The kind of a prognossäkerhet table, for a table that has its shape but not its name."""
    entry = next(e for e in finance_vocab()["table_kinds"] if e.get("series"))
    return kind_of_entry(entry, "")


def choose_kind(own: TableKind | None, near: TableKind | None, columns: list[Column]) -> TableKind | None:
    """The table's kind from its own caption and header before any neighbouring text (a converter may
    print a page's tables after its text, so the line above may belong to the next section): a kind
    the table's own words name; a prognossäkerhet shape (forecasts of the year, then its outcome);
    a kind the text above names where the columns agree with it; a weak word."""
    if own is not None and not own.weak:
        return own
    if is_forecast_series(columns):
        return series_kind()
    if near is not None and not near.weak and _fits(near, columns):
        return near
    return own or near


def _fits(kind: TableKind, columns: list[Column]) -> bool:
    """Whether the columns can be of a table of this kind: an action plan or a prognossäkerhet table
    has no budget and outcome columns side by side (that is a follow-up of the year)."""
    measures = {c.measure for c in columns[1:] if c.measure is not None and c.skip is None}
    follow_up = {Measure.budget, Measure.outcome} <= measures or Measure.deviation in measures
    if kind.kind is FinanceTable.action_plan or kind.series:
        return not follow_up
    return True


def is_forecast_series(columns: list[Column]) -> bool:
    """Forecasts made at several points of the year, then the settled outcome (`Prognos delår april |
    Prognos delår augusti | Bokslut 2024`): at least two forecast columns and an outcome, nothing else."""
    live = [c for c in columns[1:] if c.measure is not None and c.skip is None]
    forecasts = [c for c in live if c.measure is Measure.forecast]
    outcomes = [c for c in live if c.measure is Measure.outcome]
    return len(forecasts) >= 2 and len(outcomes) == 1 and len(forecasts) + 1 == len(live) \
        and live[-1].measure is Measure.outcome


def names_no_money(*texts: str | None) -> bool:
    return any(has_word(t, finance_vocab()["money"]["not_money_words"]) for t in texts)


def label_names_no_money(label: str) -> bool:
    """A row of another unit inside a money table: 'Arbetad tid (årsarbetare)', 'Kostnad per invånare'."""
    money = finance_vocab()["money"]
    bracketed = " ".join(re.findall(r"\(([^)]*)\)", label))
    words = words_of(label)
    return "%" in label or bool(set(words) & set(money["rate_words"])) or any(
        t in money["row_not_money_words"] for t in words_of(bracketed)) or (
        bool(words) and words[0] in money["count_label_words"])


# ---- row labels ------------------------------------------------------------------------------


def clean_label(label: str) -> str:
    s = label.lower()
    s = re.sub(r"(\w)- (\w)", r"\1\2", s)            # a hyphenated line break: 'huvudverk- samhet'
    s = re.sub(r"[*¹²³⁴⁵]+|\(\d\)", " ", s)
    s = re.sub(r"\b(tkr|mkr|mnkr|kr)\b", " ", s)
    s = re.sub(r"[^\w\s/-]", " ", s)
    return " ".join(s.split())


def is_breakdown(label: str) -> bool:
    """'varav personalkostnader', '- varav exploatering', 'därav: ...': a part of the row above."""
    words = clean_label(label).lstrip("-– ").split(" ") if label.strip() else [""]
    return words[0] in finance_vocab()["categories"].get("breakdown_prefixes", [])


@cache
def _category_choices() -> tuple[list[str], list[FinanceCategory]]:
    phrases, cats = [], []
    for name, entries in finance_vocab()["categories"].items():
        if name == "breakdown_prefixes":
            continue
        for e in entries:
            phrases.append(clean_label(e))
            cats.append(FinanceCategory(name))
    return phrases, cats


def _label_score(label: str, phrase: str, **_) -> float:
    """Whole-label similarity; a vocabulary phrase standing as words inside a longer label
    ('Lönekostnad exkl. arvoden') scores about 90, below any closer match, and the earlier it stands
    the higher (the head of 'Nettokostnad exkl. kapitalkostnader' is its first word)."""
    whole = max(fuzz.ratio(label, phrase), fuzz.token_sort_ratio(label, phrase))
    at = f" {label} ".find(f" {phrase} ")
    inside = 90.0 - min(at, 100) * 0.01 if at >= 0 else 0.0
    return max(whole, inside)


def label_category(label: str) -> tuple[FinanceCategory | None, float]:
    """The category a row label names, with the rapidfuzz score; (None, 0) where none is close."""
    text = clean_label(label)
    if is_breakdown(label):
        text = " ".join(text.split(" ")[1:])
    if not text or text in finance_vocab()["totals"]["words"]:
        return None, 0.0
    phrases, cats = _category_choices()
    hit = process.extractOne(text, phrases, scorer=_label_score,
                             score_cutoff=finance_vocab().get("category_cutoff", 86))
    if hit is None:
        return None, 0.0
    return cats[hit[2]], float(hit[1])


def names_investment_money(label: str) -> bool:
    """`Utgifter`, `Totala inkomster`, `Investeringsutgifter`: the outlays or income of investments, where an
    operating table speaks of costs and revenues (a word of `investment_money`)."""
    return has_word(label, finance_vocab()["investment_money"]["words"])


BALANCE_CATEGORIES = ("assets", "liabilities", "equity")


def names_balance_item(label: str) -> bool:
    """`Ingående eget kapital`, `Kortfristiga skulder`: a stock the balance sheet holds, not a flow of
    the year (its sign is as printed)."""
    cats = finance_vocab()["categories"]
    return any(has_word(label, cats.get(c, [])) for c in BALANCE_CATEGORIES)


def is_investment_total(label: str, category: FinanceCategory | None) -> bool:
    """Within an investment table a row naming a kind of money (`Utgifter`, `Netto`, `Totala inkomster`)
    is a total of the investments, never an item."""
    totals = finance_vocab()["investment_money"]["total_categories"]
    return names_investment_money(label) or (category is not None and category.value in totals)


def refines(row: FinanceCategory | None, column: FinanceCategory) -> bool:
    """Whether a row's own category is a member of the kind of money its column names (`Kommunbidrag`
    under `Utfall intäkter`), so that the row's is the finer word (`category_families`)."""
    return row is not None and row.value in finance_vocab().get("category_families", {}).get(column.value, [])


def row_measure(label: str) -> Measure | None:
    """The measure a row label names and nothing else (`Budget`, `Budget, netto`, `Budgetavvikelse`):
    such a row under year columns carries the measure of its cells."""
    text = " ".join(words_of(label))
    for name, entries in finance_vocab().get("row_measures", {}).items():
        if text in {" ".join(words_of(e)) for e in entries}:
            return Measure(name)
    return None


def is_sum_label(label: str) -> bool:
    tokens = words_of(label)
    return bool(tokens) and tokens[0] in finance_vocab()["totals"]["words"]


def is_group_label(label: str) -> bool:
    tokens = words_of(label)
    return len(tokens) == 1 and any(tokens[0].endswith(s) and tokens[0] != s
                                    for s in finance_vocab()["totals"]["group_suffixes"])


def names_the_whole(label: str, committee: str | None = None) -> bool:
    text = clean_label(label)
    if committee and fuzz.ratio(text, clean_label(committee)) >= 90:
        return True
    return any(text.endswith(s) for s in finance_vocab()["totals"]["whole_suffixes"])


# ---- layout ----------------------------------------------------------------------------------


@dataclass
class Column:
    index: int
    header: str                       # every header row's text of this column, top to bottom
    measure: Measure | None = None
    period: Period | None = None
    category: FinanceCategory | None = None   # where the column names the kind of money
    skip: str | None = None           # why the column holds no amounts to extract
    bare_year: bool = False           # the measure was read from a year alone (a guess by rule)


@dataclass
class BodyRow:
    label: str
    cells: list[str]                  # one per column, spans expanded
    provenance: Provenance


@dataclass
class Layout:
    titles: list[str]                 # rows above the header with only a first cell ('Ramprotokoll, mkr')
    header: list[list[str]]
    columns: list[Column]
    rows: list[BodyRow]
    decimal_mark: str | None = None

    @property
    def header_texts(self) -> list[str]:
        return [t for row in self.header for t in row if t]

    @property
    def value_columns(self) -> list[Column]:
        return [c for c in self.columns if c.index > 0 and c.measure is not None and c.skip is None]


def grid_row(row: Row, n_cols: int, fill: bool = True) -> list[str]:
    """The row's texts, one per column: a cell spanning columns fills them (`fill`) or only its
    first; a span of 0 is a placeholder the reader left and takes no column."""
    cells: list[str] = []
    for cell in row.cells:
        text = cell.text.strip()
        span = max(cell.col_span, 0)
        cells.extend([text] * span if fill else ([text] + [""] * (span - 1))[:span])
    return (cells + [""] * n_cols)[:n_cols]


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(19|20)\d\d", text.strip()))


def _has_amount(cells: list[str]) -> bool:
    return any(parse_number(c).value is not None and not _is_year(c) for c in cells[1:])


def split_rows(table: Table) -> tuple[list[str], list[list[str]], list[tuple[list[str], Row]]]:
    """(title texts, header grid, body rows). The header is the run of leading rows with no amount;
    label-only rows before it are titles, label-only rows after it are section rows of the body."""
    n = table.n_cols
    grids = [(grid_row(r, n), r) for r in table.rows]
    bodies = [(grid_row(r, n, fill=False), r) for r in table.rows]
    zone = 0
    while zone < len(grids) and not _has_amount(bodies[zone][0]):
        zone += 1
    if zone == len(grids):
        return [], [g for g, _ in grids], []
    multi = [i for i in range(zone) if any(bodies[i][0][1:])]
    if not multi:
        return [], [], bodies
    titles = [bodies[i][0][0] for i in range(multi[0]) if bodies[i][0][0]]
    header = [grids[i][0] for i in range(multi[0], multi[-1] + 1)]
    return titles, header, bodies[multi[-1] + 1:]


def column_headers(header: list[list[str]], n_cols: int) -> list[tuple[str, str]]:
    """(above, own) per column: upper header rows fill forward over the columns they group."""
    out = []
    filled: list[list[str]] = []
    for r, row in enumerate(header):
        if r == len(header) - 1:
            filled.append(row)
            continue
        current, new = "", []
        for j, text in enumerate(row):
            if j == 0:
                new.append(text)
                continue
            current = text or current
            new.append(current)
        filled.append(new)
    for j in range(n_cols):
        own = filled[-1][j] if filled else ""
        above = " ".join(filled[r][j] for r in range(len(filled) - 1) if filled[r][j])
        out.append((above, own) if own else ("", above))   # a header cell standing over two rows
    return out


def read_layout(table: Table, report: Report, fiscal_year: int | None, kind: TableKind | None) -> Layout:
    titles, header, body = split_rows(table)
    n = table.n_cols
    mark = table_decimal_mark([t for g, _ in body for t in g[1:]])
    heads = column_headers(header, n) if header else [("", "")] * n
    heads = _join_unit_columns(heads, [g for g, _ in body])
    columns = [Column(index=j, header=" ".join(p for p in (above, own) if p)) for j, (above, own) in enumerate(heads)]
    for col in columns[1:]:
        _read_column(col, *heads[col.index], report, fiscal_year, kind)
    _changes_against_budget(columns)
    _deviation_categories(columns)
    _doubt_bare_year_outcomes(columns, heads)
    if kind is not None and kind.series:
        _one_year_for_the_series(columns)
    _inherit_periods(columns)
    label_at = _label_column(columns, [g for g, _ in body])
    rows = [BodyRow(label=g[label_at], cells=g, provenance=r.provenance) for g, r in body]
    for col in columns[1:]:
        if col.skip is None and col.measure and not any(
                parse_number(r.cells[col.index], mark).value is not None for r in rows):
            col.skip = "no numbers"
    return Layout(titles=titles, header=header, columns=columns, rows=rows, decimal_mark=mark)


def _join_unit_columns(heads: list[tuple[str, str]], body: list[list[str]]) -> list[tuple[str, str]]:
    """A column that holds nothing but a unit word (`2,1 | mnkr`) right of a column of numbers is that
    column's unit: its cells join the numbers ('2,1 mnkr') and its header pieces the header
    (`Bedömd` over both, `effekt 2017` over the unit): the two are one column, the second left empty."""
    heads = list(heads)
    for j in range(2, len(heads)):
        cells = [g[j] for g in body if g[j]]
        units = [find_unit(c) for c in cells]
        if not cells or any(u is None or u.raw.lower() != c.strip().lower() for u, c in zip(units, cells, strict=True)):
            continue
        if not any(parse_number(g[j - 1]).value is not None for g in body):
            continue
        for g in body:
            if g[j]:
                g[j - 1], g[j] = f"{g[j - 1]} {g[j]}".strip(), ""
        (above, own), (above_u, own_u) = heads[j - 1], heads[j]
        joined_above = " ".join(dict.fromkeys(t for t in (above, above_u) if t))
        heads[j - 1], heads[j] = (joined_above, " ".join(t for t in (own, own_u) if t)), ("", "")
    return heads


def _read_column(col: Column, above: str, own: str, report: Report, fiscal_year: int | None,
                 kind: TableKind | None) -> None:
    text = col.header
    measure = measure_of(own) or measure_of(above)
    if kind and kind.measure and (measure is None or kind.all_columns):
        measure = kind.measure
    if kind and kind.series and measure not in (Measure.forecast, Measure.outcome):
        measure = Measure.forecast      # 'Mars', 'Augusti' before 'Utfall' in a prognossäkerhet table
    if measure is None and _is_year(own) and not above:
        measure = _bare_year_measure(int(own), report, fiscal_year)
        col.bare_year = measure is not None
    if measure is None and [w for w in words_of(own) if w not in _UNIT_WORDS] == ["effekt"] and not above:
        measure = Measure.planned_effect    # 'Effekt 2024 (tkr)' beside the actions of a plan
    if measure is None and has_word(text, finance_vocab()["measures"].get("outcome_when_alone", [])):
        measure = Measure.outcome       # 'Delår 2025': the outcome of the year so far
    if measure is None and _is_date(own) and not above:
        measure = _dated_measure(own, report, fiscal_year)     # a balance at a date ('2024-12-31')
    by_period = measure is None and names_a_result(text)
    if by_period:
        measure = Measure.outcome       # settled below, once the column's period is known
    if measure is None and column_category(own) is not None and len(set(YEAR.findall(own))) == 1:
        # 'Nettokostnad 2024' beside 'Kommunbidrag 2024': a kind of money and a year, read as a bare year
        measure = _bare_year_measure(int(YEAR.findall(own)[0]), report, fiscal_year)
    col.measure = measure
    col.category = column_category(own)
    if measure is None:
        col.skip = "no measure"
        return
    if "%" in text or has_word(text, finance_vocab()["money"]["percent_words"]):
        col.skip = "a percentage"
        return
    if names_no_money(text):
        col.skip = "no money"       # 'Antal 2023', 'Nyckeltal utfall' beside the amounts
        return
    years = sorted(set(YEAR.findall(text)))
    if len(years) > 1 and measure is not Measure.change and not re.search(r"\d{4}\s*/\s*\d{4}", text):
        col.skip = "spans several years"
        return
    col.period = _period(own, above, report, fiscal_year)
    if names_outcome_or_forecast(text) or by_period:
        col.measure = Measure.forecast if _after_report(col.period, report, fiscal_year) else Measure.outcome


AMBIGUOUS = "ambiguous"


def _doubt_bare_year_outcomes(columns: list[Column], heads: list[tuple[str, str]]) -> None:
    """A year alone read as an outcome is left out (skip `ambiguous ...`) when a column of the table
    names the outcome of that year already, or when the header piece to its left ends in a measure
    word without a year: the year was torn from that header (`Prognos helår Budget` | `2018`)."""
    for col in columns[1:]:
        if not (col.bare_year and col.measure is Measure.outcome and col.skip is None):
            continue
        year = int(heads[col.index][1])
        named = any(c is not col and not c.bare_year and c.skip is None and c.measure is Measure.outcome
                    and c.period is not None and c.period.year == year for c in columns[1:])
        left = heads[col.index - 1][1] if col.index > 1 else ""
        words = left.split()
        torn = bool(words) and not YEAR.search(left) and measure_of(words[-1]) is not None
        if named or torn:
            col.skip = f"{AMBIGUOUS}: year {year} alone, " + (
                "beside a column naming its outcome" if named else f"torn from the header '{left}'")


def _one_year_for_the_series(columns: list[Column]) -> None:
    """The forecasts of a prognossäkerhet table (`Prognos delår april`) are of the year its outcome
    column names (`Bokslut 2024`), whatever the report's own year."""
    years = {int(y) for c in columns[1:] for y in YEAR.findall(c.header)}
    if len(years) != 1:
        return
    year = years.pop()
    for col in columns[1:]:
        if col.measure is not None and not YEAR.search(col.header):
            base = col.period or Period(raw=col.header)
            col.period = base.model_copy(update={
                "year": year, "start": base.start and base.start.replace(year=year),
                "end": base.end and base.end.replace(year=year)})


def _label_column(columns: list[Column], body: list[list[str]]) -> int:
    """The column whose text names the rows: the first, unless it holds short codes (`EKB`, `Alla`)
    and a later text column without amounts holds the descriptions (`Åtgärd`)."""
    def texts(j: int) -> list[str]:
        return [g[j] for g in body if g[j] and not re.fullmatch(r"[●•\W]*", g[j])]

    def wordy(j: int) -> bool:
        ts = texts(j)
        return bool(ts) and all(parse_number(t).value is None for t in ts)

    first = texts(0)
    if not first:
        return 0
    mean = sum(len(t) for t in first) / len(first)
    for col in columns[1:]:
        j = col.index
        if col.measure is None and wordy(j) and len(texts(j)) >= len(first) * 0.8:
            if sum(len(t) for t in texts(j)) / len(texts(j)) > max(2 * mean, 12):
                return j
    return 0


_UNIT_WORDS = {"tkr", "mkr", "mnkr", "kr", "belopp", "i"}


def _is_date(text: str) -> bool:
    return bool(re.fullmatch(r"\s*(19|20)\d\d-[01]\d-[0-3]\d\s*", text or ""))


def _dated_measure(text: str, report: Report, fiscal_year: int | None) -> Measure | None:
    """A column headed by a date alone (a balance sheet's `2024-12-31`): the outcome at that date where
    it is not after the report's own date."""
    year = int(text.strip()[:4])
    if report.period_end is not None:
        return Measure.outcome if text.strip() <= report.period_end.isoformat() else None
    return Measure.outcome if fiscal_year is None or year <= fiscal_year else None


def _bare_year_measure(year: int, report: Report, fiscal_year: int | None) -> Measure | None:
    """A column headed by a year alone: in a plan, a budget; in a report, an outcome for the years
    it reports on and a budget for later ones."""
    if fiscal_year is None:
        return None
    if report.document_type is DocumentType.plan or year > fiscal_year:
        return Measure.budget
    return Measure.outcome


def _period(own: str, above: str, report: Report, fiscal_year: int | None) -> Period | None:
    try:
        period = parse_period(own, report, above or None)
    except NotImplementedError:  # pragma: no cover - until the period parser lands
        period = None
    if period is None and above:
        try:
            period = parse_period(above, report)
        except NotImplementedError:  # pragma: no cover
            period = None
    if period is not None and period.year is None:
        years = YEAR.findall(f"{above} {own}")
        if years:
            period = period.model_copy(update={"year": int(max(years))})
    if period is None:
        years = YEAR.findall(f"{above} {own}")
        if years:
            period = Period(year=int(max(years)), raw=" ".join(p for p in (above, own) if p))
    return period


def _after_report(period: Period | None, report: Report, fiscal_year: int | None) -> bool:
    if period is None:
        return False
    if period.end and report.period_end:
        return period.end > report.period_end
    return bool(period.year and fiscal_year and period.year > fiscal_year)


def _deviation_categories(columns: list[Column]) -> None:
    """A deviation column that names no kind of money, right after a budget column that does (`Budget
    kostnader | Budgetavvikelse`), is the deviation of that kind of money."""
    for j, col in enumerate(columns[1:], start=1):
        if col.measure is not Measure.deviation or col.category is not None:
            continue
        before = [c for c in columns[1:j] if c.measure is not None and c.skip is None]
        if before and before[-1].measure is Measure.budget and before[-1].category is not None:
            col.category = before[-1].category


def _changes_against_budget(columns: list[Column]) -> None:
    """A `Diff` column (change words) in a table without two outcomes of different years to compare,
    but with a budget and an outcome or forecast, is the deviation from budget."""
    live = [c for c in columns[1:] if c.measure is not None and c.skip is None]
    outcome_years = {c.period.year for c in live if c.measure is Measure.outcome and c.period and c.period.year}
    has_budget = any(c.measure is Measure.budget for c in live)
    has_actual = any(c.measure in (Measure.outcome, Measure.forecast) for c in live)
    for col in live:
        if col.measure is Measure.change and len(outcome_years) < 2 and has_budget and has_actual \
                and len(set(YEAR.findall(col.header))) < 2:
            col.measure = Measure.deviation


def _inherit_periods(columns: list[Column]) -> None:
    """A column without its own period (`Avvikelse`, `Prognos helår`) takes its left neighbour's."""
    previous: Period | None = None
    for col in columns[1:]:
        if col.measure is None or col.skip:
            continue
        if col.period is None and col.measure is Measure.change:
            outcomes = [c.period for c in columns[1:col.index]
                        if c.measure is Measure.outcome and c.period and c.period.year]
            if outcomes:  # a change runs to the latest outcome
                latest = max(outcomes, key=lambda p: p.year)
                col.period = latest.model_copy(update={"raw": col.header})
        if col.period is None and previous is not None:
            col.period = previous.model_copy(update={"raw": col.header})
        previous = col.period or previous


def fill_missing_periods(columns: list[Column], year: int | None) -> None:
    """A measure column whose header names no period is of the report's year; with no year known
    either, it is left out (`ambiguous`), never given no period."""
    for col in columns[1:]:
        if col.measure is not None and col.skip is None and col.period is None:
            if year:
                col.period = Period(year=year, raw=col.header)
            else:
                col.skip = f"{AMBIGUOUS}: no period in the header and no year of the report"


# ---- totals ----------------------------------------------------------------------------------


@dataclass
class RowFacts:
    label: str
    category: FinanceCategory | None          # from the label (vocabulary), before table rules
    values: list[ParsedNumber | None]         # one per value column
    is_total: bool = False
    sum_word: bool = False                    # labelled as a sum (Summa, Totalt)
    group_items: list[int] = field(default_factory=list)   # for a group row: the rows it sums
    turned: bool = False                      # a total printed with the opposite sign of its rows
    adds_up: bool = False                     # a total its rows add up to exactly (set by check_totals)
    measure: Measure | None = None            # a row that names its measure (`Budget, netto`): its cells'
    anchor: int | None = None                 # the row above it that it compares with (`Nettokostnader`)


def mark_totals(rows: list[RowFacts], committee: str | None = None) -> None:
    """Sum rows by their words, by their category, group rows over their items, and a last row
    that is the sum of the rows above it (or names the whole committee)."""
    cats = {FinanceCategory(c) for c in finance_vocab()["totals"]["categories"]}
    for r in rows:
        r.sum_word = is_sum_label(r.label)
        r.is_total = r.sum_word or (r.category in cats and not is_breakdown(r.label))
    groups = [i for i, r in enumerate(rows) if is_group_label(r.label)]
    for i in groups:
        rows[i].is_total = True
        j = i + 1
        while j < len(rows) and j not in groups and not rows[j].is_total:
            rows[i].group_items.append(j)
            j += 1
        _nest(rows, i)
    if rows and not rows[-1].is_total and not is_breakdown(rows[-1].label):
        last = rows[-1]
        above = [r for r in rows[:-1] if not r.is_total and not is_breakdown(r.label)]
        if names_the_whole(last.label, committee) or (len(above) >= 2 and _sums_to(above, last) > 0.5):
            last.is_total = True


def _nest(rows: list[RowFacts], group: int) -> None:
    """Sub-groups inside a group (`Expansionsinvestering - VA 59 910` over the five rows that sum to it,
    then `Expansionsinvestering - Exploatering`): where the group does not add up over all its rows but
    does once each row that is the sum of the next rows is read as their sub-total, that reading holds."""
    items = rows[group].group_items
    if len(items) < 3 or not _column_mismatches(rows, group, items):
        return
    top: list[int] = []
    subs: dict[int, list[int]] = {}
    k = 0
    while k < len(items):
        run = next((items[k + 1:k + 1 + n] for n in range(len(items) - k - 1, 1, -1)
                    if not _column_mismatches(rows, items[k], items[k + 1:k + 1 + n])), None)
        top.append(items[k])
        if run:
            subs[items[k]] = run
            k += len(run)
        k += 1
    if subs and not _column_mismatches(rows, group, top):
        rows[group].group_items = top
        for sub, run in subs.items():
            rows[sub].is_total = True
            rows[sub].group_items = run


def _value(p: ParsedNumber | None) -> float | None:
    return p.value if p is not None and p.ok else None


def _decimals(p: ParsedNumber | None) -> int:
    if p is None:
        return 0
    m = re.search(r"[.,](\d+)\s*\**\s*$", p.raw.strip())
    return len(m.group(1)) if m and len(m.group(1)) != 3 else 0


def tolerance(parts: list[ParsedNumber | None], total: ParsedNumber | None) -> float:
    """Half a unit of the last printed digit per part, at least one unit."""
    unit = 10.0 ** -max([_decimals(p) for p in [*parts, total]] or [0])
    return max(unit, 0.5 * unit * len(parts)) + 1e-9


def _sums_to(parts: list[RowFacts], total: RowFacts) -> float:
    """The share of columns (with a non-zero total) in which `parts` add up to `total`."""
    hits = tried = 0
    for c, tp in enumerate(total.values):
        t = _value(tp)
        if t is None or t == 0:
            continue
        vals = [_value(p.values[c]) for p in parts]
        tried += 1
        if abs(sum(v or 0 for v in vals) - t) <= tolerance([p.values[c] for p in parts], tp):
            hits += 1
    return hits / tried if tried else 0.0


@dataclass
class Mismatch:
    row: int
    column: int                 # index into the value columns
    expected: float             # the sum of the parts
    printed: float
    parts: list[int]


def check_totals(rows: list[RowFacts], turnable: list[bool] | None = None) -> list[Mismatch]:
    """Every total row against the rows it sums: group rows against their items, the others against
    the run of rows (and earlier totals) just above them that fits best. A total that is the sum
    of its rows with the sign turned in every `turnable` column (`Nettokostnad 200` under
    `Intäkter 100`, `Kostnader -300`) is marked `turned`, not a mismatch."""
    out: list[Mismatch] = []
    consumed: set[int] = set()
    items: list[int] = []
    for i, r in enumerate(rows):
        if i in consumed:
            continue
        if r.group_items:
            stack = [i]
            while stack:        # the group, and the sub-groups inside it, each against its own items
                g = stack.pop()
                out += _column_mismatches(rows, g, rows[g].group_items)
                consumed.update(rows[g].group_items)
                stack += [j for j in rows[g].group_items if rows[j].group_items]
            items.append(i)
            continue
        if not r.is_total:
            if not is_breakdown(r.label):       # 'varav ...' is part of the row above, not summed again
                items.append(i)
            continue
        k = _turned_suffix(rows, i, items, turnable)
        if k:
            r.turned = True
            items = items[:-k] + [i]
            continue
        k, misses = _best_suffix(rows, i, items)
        r.adds_up = bool(k) and not misses
        if k and (not misses or r.sum_word or len(misses) * 2 < _n_values(r)):
            out += misses
            items = items[:-k] + [i]
        elif r.sum_word and items:
            out += _column_mismatches(rows, i, items)
            items = [i]
        else:
            items.append(i)
    return out


def _n_values(r: RowFacts) -> int:
    return sum(1 for p in r.values if _value(p) is not None)


def _best_suffix(rows: list[RowFacts], i: int, items: list[int]) -> tuple[int, list[Mismatch]]:
    best: tuple[int, list[Mismatch]] | None = None
    for k in range(1, len(items) + 1):
        misses = _column_mismatches(rows, i, items[-k:])
        if not misses:
            return k, []
        matched = _n_values(rows[i]) - len(misses)
        if matched > 0 and (best is None or len(misses) < len(best[1])):
            best = (k, misses)
    return best if best else (0, [])


def _turned_suffix(rows: list[RowFacts], i: int, items: list[int], turnable: list[bool] | None) -> int:
    """The number of rows above that the total sums with its sign turned in the turnable columns, or 0."""
    if not turnable or not any(turnable) or not _column_mismatches(rows, i, items):
        return 0
    signs = [-1 if t else 1 for t in turnable]
    for k in range(1, len(items) + 1):
        if not _column_mismatches(rows, i, items[-k:]) :
            return 0
        if not _column_mismatches(rows, i, items[-k:], signs) and any(
                signs[c] == -1 and _value(p) for c, p in enumerate(rows[i].values)):
            return k
    return 0


def _column_mismatches(rows: list[RowFacts], i: int, parts: list[int],
                       signs: list[int] | None = None) -> list[Mismatch]:
    out = []
    total = rows[i]
    for c, tp in enumerate(total.values):
        t = _value(tp)
        if t is None:
            continue
        t = t * (signs[c] if signs else 1)
        vals = [_value(rows[p].values[c]) for p in parts]
        if all(v is None for v in vals):
            continue
        s = sum(v or 0 for v in vals)
        if abs(s - t) > tolerance([rows[p].values[c] for p in parts], tp):
            out.append(Mismatch(row=i, column=c, expected=s, printed=t, parts=list(parts)))
    return out
