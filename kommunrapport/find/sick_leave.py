"""-> SickLeaveFigure, from tables, indicator rows and prose.

Three places a report states sick leave:
- a sick-leave table (`Sjukfrånvaro* (%) | 2023 | 2022 | Differens`): every row a category, every
  column with a year a figure; difference and target columns are not figures;
- an indicator row in another table whose label is about sick leave (`Kontinuerlig sjukstatistik
  från HR | 7,7 % | 8,1%`);
- prose, read with the spaCy Matcher patterns of `normalize/data/sick_leave.toml`: a percentage, the
  category words around it, and its year (`9,4 procent (10,2 procent 2022)`).

Row labels land in a category by their band (`<29 år`, `Dag 59>`) or by rapidfuzz onto the
vocabulary's spellings. A figure whose category or year the text does not settle is left out with a
warning.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from kommunrapport.find.context import Context
from kommunrapport.models import (
    Block,
    BlockKind,
    DocumentType,
    Period,
    Provenance,
    Row,
    SectionKind,
    SickLeaveCategory,
    SickLeaveFigure,
    Table,
    TableKind,
)
from kommunrapport.normalize.numbers import parse_number
from kommunrapport.normalize.periods import month_number, month_pattern, parse_period
from kommunrapport.normalize.sick_leave_words import (
    LONG_TERM,
    SPECIFIC,
    YEAR,
    Mention,
    category_of_label,
    category_of_mentions,
    is_about_sick_leave,
    label_is_about_sick_leave,
    mentions_in,
    nlp_doc,
    vocabulary,
)
from kommunrapport.normalize.vocab import derived

OTHER_WINDOW = 5                 # tokens between 'riket', 'målet' ... and a figure that is theirs
CHART_RUN = 3                    # bare figures in a row that are a chart's labels, not a sentence
MAX_LEVEL = 40.0                 # a sick-leave level above this is something else; shares go to 100
_SENTENCE_END = (".", "!", "?", ":")

Coverage = tuple[tuple[int, int | None], tuple[int, int | None]]   # ((month, day), (month, day))


@dataclass
class Found:
    """A figure before it becomes a SickLeaveFigure (its category may still be LONG_TERM)."""

    category: str
    year: int
    percent: float
    raw: str
    provenance: Provenance
    period_raw: str = ""
    coverage: Coverage | None = None
    report_span: bool = False        # covers the report's own part of the year (interim tables)
    table_id: str | None = None      # the TableSummary it came from; None for prose


def extract_sick_leave(ctx: Context) -> list[SickLeaveFigure]:
    found: list[Found] = []
    for index, block in ctx.doc.tables():
        found.extend(figures_of_table(ctx, index, block))
    found.extend(figures_of_prose(ctx))
    found = settle_long_term(ctx, found)
    return [to_figure(ctx, f) for f in without_repeats(ctx, found)]


# ---- prose: paragraphs and sentences ------------------------------------------------------------


def paragraphs(ctx: Context) -> list[tuple[str, list[tuple[int, int]]]]:
    """Running text joined across blocks that break a sentence ('36,5 procent (35,3' / 'procent 2022)'),
    with (char offset, block index) of each block's start."""
    runs: list[tuple[str, list[tuple[int, int]]]] = []
    text, starts = "", []
    for index, block in enumerate(ctx.doc.blocks):
        if block.kind not in (BlockKind.paragraph, BlockKind.list_item):
            if text:
                runs.append((text, starts))
            text, starts = "", []
            continue
        piece = " ".join(block.text.split())
        if text and _continues(text, piece):
            starts.append((len(text) + 1, index))
            text = f"{text} {piece}"
        else:
            if text:
                runs.append((text, starts))
            text, starts = piece, [(0, index)]
    if text:
        runs.append((text, starts))
    return runs


def _continues(previous: str, piece: str) -> bool:
    return not previous.rstrip().endswith(_SENTENCE_END) and bool(re.match(r"[a-zåäö0-9)(%]", piece))


def figures_of_prose(ctx: Context) -> list[Found]:
    found: list[Found] = []
    for text, starts in paragraphs(ctx):
        if not is_about_sick_leave(text):
            continue
        doc = nlp_doc(text)
        for sentence in doc.sents:
            if not is_about_sick_leave(sentence.text):
                continue
            def where(token: int, doc=doc, starts=starts) -> Provenance:
                return _block_at(ctx, starts, doc[token].idx).provenance.with_method("prose:sick_leave")

            found.extend(figures_of_sentence(ctx, sentence, where))
    return found


def _block_at(ctx: Context, starts: list[tuple[int, int]], char: int) -> Block:
    index = starts[0][1]
    for offset, block_index in starts:
        if offset <= char:
            index = block_index
    return ctx.doc.blocks[index]


@dataclass
class _Figure:
    start: int
    end: int
    value: float
    year: int | None = None
    category: str | None = None


def figures_of_sentence(ctx: Context, sentence, where: Callable[[int], Provenance]) -> list[Found]:
    """The sick-leave figures of one sentence (a spaCy span), each with its category and year;
    `where(token)` is the provenance of a token of the sentence's doc."""
    mentions = mentions_in(sentence)
    figures = _figures(mentions, sentence)
    if not figures:
        return []
    if _chart_labels(sentence):
        ctx.warn("sick_leave_chart", "a chart's axis or data labels read as text (a run of bare figures): its "
                                     f"numbers are left out: {' '.join(sentence.text.split())[:160]}",
                 where(figures[0].start))
        return []
    _assign_categories(figures, [m for m in mentions if m.label in SPECIFIC | {"TOTAL", "TOPIC"}])
    _assign_years(ctx, figures, mentions, sentence)
    raw = " ".join(sentence.text.split())
    same_period = names_same_period(raw)
    out = []
    for f in figures:
        if f.category is None or f.year is None:
            what = "category" if f.category is None else "year"
            ctx.warn("sick_leave_unsure", f"sick-leave figure {f.value} left out: the sentence does not settle "
                                          f"its {what}: {raw[:160]}", where(f.start))
            continue
        if not plausible(f.category, f.value):
            ctx.warn("sick_leave_implausible", f"{f.value} % is no plausible {f.category} sick-leave level: left "
                                               f"out: {raw[:160]}", where(f.start))
            continue
        out.append(Found(f.category, f.year, f.value, raw, where(f.start), period_raw=str(f.year),
                         coverage=coverage_of(raw), report_span=same_period))
    return out


def _chart_labels(sentence) -> bool:
    """'Sjukfrånvaro 2021 2022 2023 6,1% 5,8% 5,2%': a chart's labels run together as text; a sentence never
    writes three bare figures or years in a row."""
    run = 0
    for token in sentence:
        if token.text in ("%",):
            continue
        run = run + 1 if re.fullmatch(r"[-−]?\d{1,4}(?:[,.]\d{1,2})?%?", token.text) else 0
        if run >= CHART_RUN:
            return True
    return False


def names_same_period(text: str) -> bool:
    """'jämfört med samma period 2022': the earlier figure covers the same part of its year."""
    return any(re.search(p, text, re.I) for p in vocabulary()["prose"].get("same_period", []))


def _figures(mentions: list[Mention], sentence) -> list[_Figure]:
    doc = sentence.doc
    changes = [(m.start, m.end) for m in mentions if m.label == "CHANGE"]
    figures: dict[int, _Figure] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if m.label not in ("FIGURE", "BARE", "PAIR") or any(s <= m.start < e or s < m.end <= e for s, e in changes):
            continue
        # PAIR '6,8 (7,1) procent': two figures, the first and the one in brackets after it
        numbers_at = {"FIGURE": [m.start], "PAIR": [m.start, m.start + 2]}.get(m.label, [m.end - 1])
        for number_at in numbers_at:
            parsed = parse_number(doc[number_at].text.rstrip("%"), decimal_mark=",")
            if parsed.value is None or not 0 <= parsed.value <= 100:
                continue
            figures.setdefault(number_at, _Figure(number_at, number_at + 1, parsed.value))
            if m.label == "FIGURE":
                figures[number_at].end = max(figures[number_at].end, m.end)
    has_percent = any(m.label in ("FIGURE", "PAIR") for m in mentions)
    others = [m.start for m in mentions if m.label == "OTHER"]
    ordered = sorted(figures.values(), key=lambda f: f.start)
    return [f for i, f in enumerate(ordered) if has_percent and not _someone_elses(f, others, ordered[:i])]


def _someone_elses(f: _Figure, others: list[int], before: list[_Figure]) -> bool:
    """A figure a few words after 'riket', 'genomsnittet', 'målet' is theirs, not the report's."""
    last = before[-1].end if before else -1
    return any(max(last, f.start - OTHER_WINDOW) <= o < f.start for o in others)


def _assign_categories(figures: list[_Figure], mentions: list[Mention]) -> None:
    """Figures with no category words between them form a group; each group takes the words of the
    gap before it (where the sentence names the category first) or after it, else the sentence's."""
    specific = [m for m in mentions if m.label in SPECIFIC]
    groups: list[list[_Figure]] = [[figures[0]]]
    for f in figures[1:]:
        between = [m for m in specific if groups[-1][-1].end <= m.start < f.start]
        if between:
            groups.append([f])
        else:
            groups[-1].append(f)
    whole = category_of_mentions(mentions)
    bounds = [0] + [g[0].start for g in groups[1:]] + [10**9]
    precedes = bool(specific) and specific[0].start < figures[0].start
    for i, group in enumerate(groups):
        if len(groups) == 1:
            owned = mentions
        elif precedes:
            lo = groups[i - 1][-1].end if i else 0
            hi = group[0].start if i < len(groups) - 1 else 10**9
            owned = [m for m in mentions if lo <= m.start < hi]
        else:
            owned = [m for m in mentions if group[-1].end <= m.start < bounds[i + 1]]
        category = category_of_mentions(owned) if len(groups) > 1 else whole
        if category in (None, "total") and len(groups) > 1 and not any(m.label in SPECIFIC for m in owned):
            category = whole
        for f in group:
            f.category = category


_FORWARD_SKIP = {"under", "år", "året", "i", "för", "(", ")", ",", "hela", "helåret", "procent", "%", "samma", "t1", "t2", "t3",
                 "motsvarande", "period", "perioden", "tid", "tidpunkt"}
_TIME_WORDS = {"under", "år", "i", "för", "året", "helåret", "t1", "t2", "t3", "tertial", "kvartal"}


def _assign_years(ctx: Context, figures: list[_Figure], mentions: list[Mention], sentence) -> None:
    doc = sentence.doc
    years = {m.start: int(m.text) for m in mentions if m.label == "YEAR"}
    previous = {m.start for m in mentions if m.label == "PREVIOUS"}
    figure_starts = {f.start for f in figures}
    for f in figures:
        f.year = _year_after(doc, f, years, figure_starts, sentence.end)
    for i, f in enumerate(figures):
        if f.year is None and i and _bracketed_after(doc, figures[i - 1], f, sentence.end):
            # '7,9 % (8,4 %)': a level in brackets right after another is the same figure a year before
            f.year = figures[i - 1].year - 1 if figures[i - 1].year else None
            f.year = f.year or (ctx.report.fiscal_year - 1 if ctx.report.fiscal_year else None)
    for f in figures:
        if f.year is None and _previous_after(doc, f, previous, figure_starts, sentence.end):
            anchor = next((g.year for g in figures if g.year is not None and g is not f), ctx.report.fiscal_year)
            f.year = anchor - 1 if anchor else None
        if f.year is None:
            f.year = _year_before(doc, f, years, figure_starts, sentence.start)
    for f in figures:
        if f.year is None:
            f.year = None if _starts_a_change(doc, f, figures) else _default_year(ctx, f, figures)


def _year_after(doc, f: _Figure, years: dict[int, int], figure_starts: set[int], end: int) -> int | None:
    for i in range(f.end, min(f.end + 4, end)):
        if i in years:
            return years[i] if doc[i - 1].text != "(" or _closes(doc, i + 1, end) else None
        if i in figure_starts or doc[i].lower_ not in _FORWARD_SKIP:
            return None
    return None


def _bracketed_after(doc, before: _Figure, f: _Figure, end: int) -> bool:
    """'7,9 % (8,4 %)': `f` alone in the brackets that follow the figure before it."""
    return (f.start == before.end + 1 and doc[before.end].text == "("
            and _closes(doc, f.end, end) and before.category == f.category)


def _closes(doc, i: int, end: int) -> bool:
    """'8,2 % (2022)': the year alone in brackets dates the figure; '8,2 % (2022: 9,1 %)' does not."""
    return i < end and doc[i].text == ")"


def _previous_after(doc, f: _Figure, previous: set[int], figure_starts: set[int], end: int) -> bool:
    """'6,8 % föregående år', '6,8 % för samma period förra året': only time words between."""
    for i in range(f.end, min(f.end + 5, end)):
        if i in previous:
            return True
        if i in figure_starts or doc[i].lower_ not in _FORWARD_SKIP:
            return False
    return False


def _starts_a_change(doc, f: _Figure, figures: list[_Figure]) -> bool:
    """'ökat från 2,4 procent till 2,9 procent': the 'från' figure is an earlier level of no stated
    period; the 'till' figure is the report's."""
    return f.start > 0 and doc[f.start - 1].lower_ == "från" and any(
        g.start > f.start and doc[g.start - 1].lower_ in ("till", "mot") for g in figures)


def _year_before(doc, f: _Figure, years: dict[int, int], figure_starts: set[int], start: int) -> int | None:
    for i in range(f.start - 1, max(f.start - 5, start) - 1, -1):
        if i in figure_starts:
            return None
        if i in years and i > start and _names_time(doc[i - 1].lower_):
            return years[i]
        if i in years and (doc[i + 1].text == ":" and i + 2 == f.start or is_about_sick_leave(doc[i - 1].text)):
            return years[i]      # '2022: 9,1 %', 'Sjukfrånvaron 2023 var 8,2 procent'

    return None


def _names_time(word: str) -> bool:
    """'under 2022', 'år 2022', 'januari–juli 2023': a year that dates what follows (not 'jämfört med 2022')."""
    return word in _TIME_WORDS or any(month_number(part) for part in re.split(r"[-–—.]", word) if part)


def _default_year(ctx: Context, f: _Figure, figures: list[_Figure]) -> int | None:
    """A figure without a year of its own is the report's year, unless another of the sentence's
    figures of the same category already is."""
    year = ctx.report.fiscal_year
    if year is None:
        return None
    if any(g is not f and g.year == year and g.category == f.category for g in figures):
        return None
    return year


# ---- tables -------------------------------------------------------------------------------------


@dataclass
class _Line:
    """One category's cells of a table: a row (years across) or a column (years down)."""

    label: str
    cells: list[tuple[int, str, str, Row]]      # (year, cell text, header text, row it stands in)
    note: str                                   # the row's other cells (a comment that may set months)
    provenance: Provenance


def figures_of_table(ctx: Context, index: int, block: Block) -> list[Found]:
    table = block.table
    if table is None or not table.rows:
        return []
    header, body = _header_and_body(table)
    whole_table = _is_sick_leave_table(ctx, index, table, header)
    columns = _figure_columns(header)
    if columns:
        lines = _row_lines(body, header, columns)
    elif whole_table:
        lines = _column_lines(body, header)
    else:
        return []
    note = _note_below(ctx, index)
    percent_table = whole_table or "%" in " ".join(header) or "procent" in " ".join(header).lower()
    method = "table:sick_leave" if whole_table else "indicator:sick_leave"
    found = []
    for line in lines:
        if not line.label or (not whole_table and not label_is_about_sick_leave(line.label)):
            continue
        if not (percent_table or _names_percent(line.label)
                or any(parse_number(cell).is_percent for _, cell, _, _ in line.cells)):
            continue
        category = category_of_label(line.label)
        if category is None:
            ctx.warn("sick_leave_unmapped", f"sick-leave row '{line.label}' names no category of the contract: "
                                            "left out", line.provenance.with_method(method))
            continue
        coverage_text = line.note if coverage_of(line.note) else note
        for year, cell, head, row in line.cells:
            found.extend(_cell_figure(ctx, category, year, cell, head, coverage_text, row, method))
    if whole_table:
        # a sick-leave table says what it is, and why it gave nothing where it gave nothing
        ctx.note_table(index, kind=TableKind.sick_leave,
                       **({} if found else {"skipped": "no_sick_leave_category"}))
    return [replace(f, table_id=ctx.table_id(index)) for f in found]


def _names_percent(label: str) -> bool:
    """'Total sjukfrånvaro (%)', 'Sjukfrånvaro i procent': the row states its unit, not the header."""
    return re.search(r"%|\bprocent\b", label or "", re.I) is not None


def _row_lines(body: list[Row], header: list[str], columns: list[tuple[int, int]]) -> list[_Line]:
    used = {0} | {c for c, _ in columns}
    lines = []
    for row in body:
        texts = row.texts
        cells = [(year, texts[c], header[c], row) for c, year in columns if c < len(texts) and texts[c].strip()]
        note = " ".join(t for i, t in enumerate(texts) if i not in used)
        if texts and cells:
            lines.append(_Line(texts[0], cells, note, row.provenance))
    return lines


def _column_lines(body: list[Row], header: list[str]) -> list[_Line]:
    """A table with the years down its first column ('År | Totalt | Kvinnor | Män')."""
    years = [(row, YEAR.fullmatch(row.texts[0].strip())) for row in body if row.texts]
    years = [(row, int(m.group(0))) for row, m in years if m]
    lines = []
    for c, label in enumerate(header[1:], start=1):
        cells = [(year, row.texts[c], row.texts[0], row) for row, year in years
                 if c < len(row.texts) and row.texts[c].strip()]
        if cells:
            lines.append(_Line(label, cells, "", cells[0][3].provenance))
    return lines


def _header_and_body(table: Table) -> tuple[list[str], list]:
    rows = table.rows
    n = table.n_cols
    header_rows = [r for r in rows if r.is_header] or rows[:1]
    header = [" ".join(r.texts[c] for r in header_rows if c < len(r.texts)).strip() for c in range(n)]
    body = [r for r in rows if r not in header_rows]
    return header, body


def _is_sick_leave_table(ctx: Context, index: int, table: Table, header: list[str]) -> bool:
    if is_about_sick_leave(table.caption or "") and not _is_goal_table(header):
        return True
    if header and is_about_sick_leave(header[0]):
        return True
    above = ctx.doc.blocks[index - 1] if index > 0 else None
    if above is not None and above.kind is BlockKind.heading and is_about_sick_leave(above.text):
        return True
    section = ctx.section_at(index)
    return section is not None and section.canonical is SectionKind.sick_leave


def _is_goal_table(header: list[str]) -> bool:
    return any(re.search(r"(?i)\bmål\b|indikator", h) for h in header[:1])


def _figure_columns(header: list[str]) -> list[tuple[int, int]]:
    """(column, year) of the columns that hold sick-leave levels."""
    words = vocabulary()["columns"]
    columns = []
    for col, text in enumerate(header):
        if col == 0:
            continue
        years = YEAR.findall(text)
        tokens = set(re.findall(r"[a-zåäö]+", text.lower()))
        if len(set(years)) != 1 or tokens & set(words["skip_words"]):
            continue
        if tokens & set(words["forecast_words"]) and not tokens & set(words["outcome_words"]):
            continue
        columns.append((col, int(years[0])))
    return columns


def _note_below(ctx: Context, index: int) -> str:
    """The footnote under a table ('*Avser perioden 1 januari - 31 juli') or its caption's note."""
    texts = []
    for block in ctx.doc.blocks[index + 1:index + 3]:
        if block.kind is BlockKind.table or block.kind is BlockKind.heading:
            break
        text = block.text.strip()
        if text.startswith("*") or re.match(r"(?i)avser\b", text):
            texts.append(text)
    return " ".join(texts)


def _cell_figure(ctx: Context, category: str, year: int, cell: str, header: str, note: str, row,
                 method: str) -> list[Found]:
    parsed = parse_number(cell, decimal_mark=None)
    prov = row.provenance.with_method(method)
    if not parsed.ok:
        ctx.warn("sick_leave_unreadable", f"sick-leave cell '{cell}' is not one number: left out", prov)
        return []
    if parsed.value is None:
        return []
    if not plausible(category, parsed.value):
        ctx.warn("sick_leave_implausible", f"sick-leave cell '{cell}' ({category}) is no plausible level: left out",
                 prov)
        return []
    coverage = coverage_of(header) or _whole_year(header) or _part_of_year(header, ctx) or coverage_of(note)
    period_raw = f"{header} ({note.strip()})" if coverage and note.strip() else header
    return [Found(category, year, parsed.value, cell.strip(), prov, period_raw, coverage, report_span=True)]


def _whole_year(header: str) -> Coverage | None:
    """'Bokslut 2023', 'T3 2018' in an interim report: the whole of that year, not the report's part of it."""
    if re.search(vocabulary()["columns"]["whole_year_regex"], header, re.I):
        return (1, 1), (12, 31)
    return None


def _part_of_year(header: str, ctx: Context) -> Coverage | None:
    """A column header naming less than a whole year ('Kvartal 1 2023', 'Jan–jun 2023') covers that part."""
    period = parse_period(header, ctx.report)
    if period is None or period.start is None or period.end is None:
        return None
    if (period.start.month, period.start.day, period.end.month, period.end.day) == (1, 1, 12, 31):
        return None
    return (period.start.month, period.start.day), (period.end.month, period.end.day)


def plausible(category: str, value: float) -> bool:
    limit = 100.0 if category in ("long_term_share", LONG_TERM) else MAX_LEVEL
    return 0 <= value <= limit


# ---- periods ------------------------------------------------------------------------------------


@derived
def _note_patterns() -> tuple[re.Pattern, re.Pattern]:
    """The note patterns of sick_leave.toml with MONTH standing for the month words of periods.toml."""
    notes = vocabulary()["notes"]
    alternation = f"(?<![a-zåäö])(?:{month_pattern()})(?![a-zåäö])"
    compile_ = lambda key: re.compile(notes[key].replace("MONTH", alternation), re.I)  # noqa: E731
    return compile_("range_regex"), compile_("until_regex")


def coverage_of(note: str) -> Coverage | None:
    """The part of the year a note sets: '1 januari - 31 juli' -> ((1, 1), (7, 31)); 'till och med juli'
    -> ((1, 1), (7, None))."""
    if not note:
        return None
    ranged, until = _note_patterns()
    m = ranged.search(note)
    if m:
        d1 = int(m.group("d1")) if m.group("d1") else 1
        d2 = int(m.group("d2")) if m.group("d2") else None
        return (month_number(m.group("m1")), d1), (month_number(m.group("m2")), d2)
    m = until.search(note)
    if m:
        d2 = int(m.group("d2")) if m.group("d2") else None
        return (1, 1), (month_number(m.group("m2")), d2)
    m = re.search(vocabulary()["notes"].get("until_numeric_regex", r"(?!x)x"), note, re.I)
    if m and 1 <= int(m.group("m2")) <= 12 and 1 <= int(m.group("d2")) <= 31:
        return (1, 1), (int(m.group("m2")), int(m.group("d2")))
    return None


def period_of(ctx: Context, found: Found) -> Period:
    """The period a figure covers: a note's months; a table of an interim report the report's part of
    each year; an annual report the whole year."""
    year, report = found.year, ctx.report
    if found.coverage:
        (m1, d1), (m2, d2) = found.coverage
        start = _safe_date(year, m1, d1 or 1)
        end = _safe_date(year, m2, d2 or calendar.monthrange(year, m2)[1])
        if start and end and start <= end:
            return Period(year=year, start=start, end=end, raw=found.period_raw)
    part_of_year = report.document_type in (DocumentType.interim_report, DocumentType.monthly_report)
    if part_of_year and report.period_end and (found.report_span or year == report.fiscal_year):
        start = report.period_start or date(report.period_end.year, 1, 1)
        start, end = _safe_date(year, start.month, start.day), _safe_date(year, report.period_end.month,
                                                                           report.period_end.day)
        if start and end:
            return Period(year=year, start=start, end=end, raw=found.period_raw)
    if report.document_type is DocumentType.annual_report or (part_of_year and year < (report.fiscal_year or 0)):
        return Period(year=year, start=date(year, 1, 1), end=date(year, 12, 31), raw=found.period_raw)
    return Period(year=year, raw=found.period_raw)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, min(day, calendar.monthrange(year, month)[1]))
    except ValueError:
        return None


# ---- the last pass ------------------------------------------------------------------------------


def settle_long_term(ctx: Context, found: list[Found]) -> list[Found]:
    """'Långtidssjukfrånvaro' with no stated threshold: above the total of its year it is a share of all
    sick leave, the law's share of 60 days or more (long_term_share); below it, a level of some long band
    whose threshold the report does not state (14, 15, 60 days: 'Korttid + Långtid = Totalt') and no
    category of the contract: left out with a warning, as it is where no total of its year is given."""
    totals = {f.year: f.percent for f in found if f.category == "total"}
    out = []
    for f in found:
        if f.category != LONG_TERM:
            out.append(f)
        elif f.year in totals and f.percent > totals[f.year]:
            out.append(replace(f, category="long_term_share"))
        else:
            why = ("a level below the total of its year, of a band whose threshold the report does not state"
                   if f.year in totals else "no total of its year tells a share of sick leave from a level")
            ctx.warn("sick_leave_unsure", f"long-term sick leave {f.percent} ({f.year}) is left out: {why}",
                     f.provenance)
    return out


def without_repeats(ctx: Context, found: list[Found]) -> list[Found]:
    """One figure per (category, year, percent): a table and the prose beside it often say the same."""
    seen: dict[tuple[str, int, float], Found] = {}
    out = []
    for f in found:
        key = (f.category, f.year, round(f.percent, 2))
        if key in seen:
            continue
        seen[key] = f
        out.append(f)
    return out


def to_figure(ctx: Context, found: Found) -> SickLeaveFigure:
    return SickLeaveFigure(category=SickLeaveCategory(found.category), period=period_of(ctx, found),
                           percent=found.percent, raw=found.raw, provenance=found.provenance,
                           table_id=found.table_id)
