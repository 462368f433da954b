"""The sheets that are lists rather than money tables: report, goals, indicators, sick leave."""
from __future__ import annotations

from kommunrapport.corpus.template.labels import labels, name_of, word
from kommunrapport.corpus.template.periods import period_text
from kommunrapport.corpus.template.skeleton import Cell, Sheet
from kommunrapport.models import Assessment, AssessmentBasis, Extraction, Period


def _period(p: Period, shift: int = 0) -> str:
    return period_text(p.year, p.start, p.end, p.raw, shift=shift)


def _plain_number(raw: str) -> bool:
    from kommunrapport.normalize.numbers import parse_number

    n = parse_number(raw)
    return n.value is not None and n.ok and n.comparator is None and n.marker is None and raw.strip()[-1:].isdigit()


def report_sheet(ex: Extraction, name: str, old_year: int | None, new_year: int) -> Sheet:
    r = ex.report
    sheet = Sheet(name=name, title=word("title", year=new_year), subtitle=ex.source.path,
                  columns=[word("key"), word("value")])
    facts = [
        (word("municipality"), r.municipality.name if r.municipality else None),
        (word("committee"), r.committee.name if r.committee else None),
        (word("document_type"), r.document_type_raw or str(r.document_type)),
        (word("fiscal_year"), str(old_year) if old_year else None),
        (word("new_year"), str(new_year)),
        (word("source"), ex.source.path),
        (word("sha256"), ex.source.sha256),
    ]
    for key, value in facts:
        sheet.add_row([Cell(value=key), Cell(value=value)])
    return sheet


def assessment_words(a: Assessment) -> str:
    """What an assessment was read from, in words: a colour marker as the document's own label for
    it (its legend), else the level's Swedish name; text and symbols as written."""
    if a.basis is not AssessmentBasis.colour:
        return a.raw
    scale = a.scale
    label = (scale.labels[scale.position - 1] if scale and 0 < scale.position <= len(scale.labels)
             else name_of("assessment", a.level))
    return word("colour_assessment", label=label)


def goals_sheet(ex: Extraction, name: str, old_year: int | None, new_year: int) -> Sheet:
    old = old_year if old_year is not None else word("previous_year").lower()
    columns = [word("id"), word("level"), word("parent"), word("perspective"), word("goal"),
               word("assessment", year=old), word("assessment_raw", year=old), word("forecast_flag"),
               word("indicators"), word("assessment", year=new_year), word("comment", year=new_year)]
    choices = list(labels()["assessment"].values())
    sheet = Sheet(name=name, title=word("goal"), subtitle=ex.source.path, columns=columns,
                  choices={9: choices})
    text_of = {g.id: g.text for g in ex.goals}
    for g in ex.goals:
        a = g.assessment
        parent = f"{g.parent_id}: {text_of[g.parent_id]}" if g.parent_id in text_of else g.parent_id
        sheet.add_row([
            Cell(value=g.id), Cell(value=name_of("goal_level", g.level)), Cell(value=parent),
            Cell(value=g.perspective), Cell(value=g.text, source=g.provenance, raw=g.text),
            Cell(value=name_of("assessment", a.level), source=a.provenance, raw=assessment_words(a)) if a else Cell(),
            Cell(value=assessment_words(a)) if a else Cell(),
            Cell(value=word("yes") if a and a.is_forecast else None),
            Cell(value=", ".join(g.indicator_ids) or None),
        ])
    return sheet


def _indicator_columns(ex: Extraction) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    for ind in ex.indicators:
        for v in ind.values:
            key = (str(v.kind), _period(v.period))
            if key not in seen:
                seen.append(key)
    return seen


def indicators_sheet(ex: Extraction, name: str, new_year: int) -> Sheet:
    """Last year's targets and outcomes; a target the old report already set for the new year
    stands in the new year's column."""
    new_columns = [(kind, str(new_year)) for kind in ("target", "outcome")]
    old_columns = [key for key in _indicator_columns(ex) if key not in new_columns]
    columns = [word("id"), word("indicator"), word("unit"), word("goal")]
    columns += [f"{name_of('indicator_value', kind)} {period}".strip() for kind, period in old_columns + new_columns]
    sheet = Sheet(name=name, title=word("indicators"), subtitle=ex.source.path, columns=columns)
    for ind in ex.indicators:
        cells = [Cell(value=ind.id), Cell(value=ind.name, source=ind.provenance, raw=ind.name),
                 Cell(value=name_of("indicator_unit", ind.unit) if ind.unit else None), Cell(value=ind.goal_id)]
        by_column = {}
        for v in ind.values:
            value = v.value if v.value is not None and _plain_number(v.raw) else (v.raw or v.value)
            by_column.setdefault((str(v.kind), _period(v.period)), Cell(value=value, source=ind.provenance, raw=v.raw))
        cells += [by_column.get(key, Cell()) for key in old_columns + new_columns]
        sheet.add_row(cells)
    return sheet


def _sick_leave_periods(ex: Extraction) -> list[str]:
    periods: list[str] = []
    def newest_first(f):
        day = f.period.end or f.period.start
        return (f.period.year or 0, day.toordinal() if day else 0)

    for f in sorted(ex.sick_leave, key=newest_first, reverse=True):
        if (p := _period(f.period)) not in periods:
            periods.append(p)
    return periods


def sick_leave_sheet(ex: Extraction, name: str, new_year: int) -> Sheet:
    periods = _sick_leave_periods(ex)
    columns = [word("category"), word("code")]
    columns += [word("percent_of", period=p) for p in periods]
    columns += [word("percent_of", period=new_year)]
    sheet = Sheet(name=name, title=name, subtitle=ex.source.path, columns=columns)
    figures = {(str(f.category), _period(f.period)): f for f in ex.sick_leave}
    present = {str(f.category) for f in ex.sick_leave}
    law = labels()["sick_leave_law"]["categories"]
    for category in labels()["sick_leave"]:
        if category not in law and category not in present:
            continue
        cells = [Cell(value=name_of("sick_leave", category)), Cell(value=category)]
        for p in periods:
            f = figures.get((category, p))
            cells.append(Cell(value=f.percent, source=f.provenance, raw=f.raw) if f else Cell())
        sheet.add_row(cells)
    return sheet
