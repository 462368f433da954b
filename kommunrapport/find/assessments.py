"""Assessments of goals: from an assessment cell (words, colour, symbol) and from verdict sentences
in the analysis that goes with a goal."""
from __future__ import annotations

from kommunrapport.find.legends import Legend
from kommunrapport.models import Assessment, AssessmentBasis, AssessmentLevel, Cell, Provenance
from kommunrapport.normalize.assessments import (
    Verdict,
    colour_of,
    default_colour_level,
    is_symbol,
    label_verdict,
    labelled_verdict,
    mentions_forecast,
    verdicts,
)


def cell_assessment(cell: Cell, header: str, legend: Legend | None, prov: Provenance) -> Assessment | None:
    """An assessment cell -> Assessment: its words ('Delvis uppfyllt'), a colour word ('Grön'),
    or the colour of its marker (PDF). A bare '●' without colour gives none."""
    forecast_column = mentions_forecast(header)
    text = " ".join((cell.text or "").split())
    if not text or is_symbol(text):
        if cell.colour is None:
            return symbol_assessment(text, legend, prov, forecast_column)
        return colour_assessment(cell.colour.name, cell.colour.raw or cell.colour.name, legend, prov,
                                 forecast_column)
    word = colour_of(text.split()[0]) if len(text.split()) <= 2 else None
    if word:
        return colour_assessment(word, text, legend, prov, forecast_column)
    v = label_verdict(text)
    if v is None:
        if cell.colour is not None:
            return colour_assessment(cell.colour.name, cell.colour.raw or cell.colour.name, legend, prov,
                                     forecast_column)
        return None
    return Assessment(level=v.level, is_forecast=forecast_column or v.is_forecast, raw=text,
                      basis=AssessmentBasis.table_cell,
                      scale=legend.scale_for(v.level, text, v.is_forecast) if legend else None,
                      provenance=prov.with_method("table:assessment_cell"))


def symbol_assessment(symbol: str, legend: Legend | None, prov: Provenance,
                      is_forecast: bool = False) -> Assessment | None:
    """A marker without colour: a level only where the legend gives each label its own symbol."""
    item = legend.item_for_symbol(symbol) if legend and symbol else None
    if item is None:
        return None
    return Assessment(level=item.level, is_forecast=is_forecast or item.is_forecast, raw=symbol,
                      basis=AssessmentBasis.symbol, scale=legend.scale_for(item.level, item=item),
                      provenance=prov.with_method("legend:symbol"))


def colour_assessment(colour: str, raw: str, legend: Legend | None, prov: Provenance,
                      is_forecast: bool = False) -> Assessment | None:
    """A colour through the document's legend, else the contract's default mapping."""
    item = legend.item_for_colour(colour, raw) if legend else None
    if item is not None:
        return Assessment(level=item.level, is_forecast=is_forecast or item.is_forecast, raw=raw,
                          basis=AssessmentBasis.colour, scale=legend.scale_for(item.level, item=item),
                          provenance=prov.with_method("legend:colour"))
    level = default_colour_level(colour)
    if level is None or level is AssessmentLevel.not_assessed and colour_of(colour) != "grey":
        return None
    return Assessment(level=level, is_forecast=is_forecast, raw=raw, basis=AssessmentBasis.colour,
                      scale=legend.scale_for(level) if legend else None,
                      provenance=prov.with_method("colour:default"))


def prose_verdicts(text: str) -> list[Verdict]:
    """The verdicts of a paragraph; a labelled status line ('Bedömning: Delvis uppfyllt') is read as a cell."""
    labelled = labelled_verdict(text or "")
    return [labelled] if labelled else verdicts(text or "")


def verdict_assessment(v: Verdict, legend: Legend | None, prov: Provenance) -> Assessment:
    return Assessment(level=v.level, is_forecast=v.is_forecast, raw=v.raw, basis=AssessmentBasis.text,
                      scale=legend.scale_for(v.level, v.raw, v.is_forecast) if legend else None,
                      provenance=prov.with_method(f"prose:{v.rule}"))


def agree(found: list[tuple[Verdict, Provenance]]) -> tuple[Verdict, Provenance] | None | bool:
    """The verdict where every verdict found agrees on the level; False where they disagree
    ('Målet är ej uppnått ...' and '... är målet uppnått' about one goal); None for none."""
    if not found:
        return None
    judged = [f for f in found if f[0].level is not AssessmentLevel.not_assessed] or found
    levels = {v.level for v, _ in judged}
    if len(levels) > 1:
        return False
    return judged[0]
