"""Assessments: cells, verdict sentences (spaCy Matcher patterns), legends into scales."""
import pytest

from kommunrapport.find.goal_mentions import goal_key
from kommunrapport.find.legends import find_legends
from kommunrapport.normalize.assessments import label_verdict, verdicts


def assessment(extraction, start):
    g = next(g for g in extraction.goals if goal_key(g.text).startswith(goal_key(start)))
    return g.assessment


def test_strangnas_summary_cell(extraction_of):
    a = assessment(extraction_of("strangnas"), "Låg sjukfrånvaro hos medarbetarna")
    assert a.level.value == "partially_fulfilled" and a.basis.value == "table_cell" and a.raw == "Delvis uppfyllt"


def test_alingsas_verdict_from_the_analysis(extraction_of):
    a = assessment(extraction_of("alingsas"), "Att socialnämnden har samordnade insatser")
    assert a.level.value == "fulfilled" and a.basis.value == "text" and not a.is_forecast
    assert a.scale is not None and a.scale.size == 4 and a.scale.position == 1


def test_alingsas_forecast_and_negated_verdicts(extraction_of):
    e = extraction_of("alingsas")
    a = assessment(e, "Att samverkan i våld i nära ärenden ökar")
    assert a.level.value == "fulfilled" and a.is_forecast
    assert assessment(e, "De som tar kontakt med socialförvaltningen via e-post och får").level.value == "not_fulfilled"
    # a sentence about the key figure ('sannolikt inte kommer att uppnås') is no verdict on the goal
    assert assessment(e, "Antal personer som blir självförsörjande ska öka") is None


def test_sala_forecast_column(extraction_of):
    a = assessment(extraction_of("sala"), "Minska sjukfrånvaron med 1%-enhet.")
    assert a.level.value == "not_fulfilled" and a.is_forecast


def test_linkoping_bold_verdicts_and_split_verdicts(extraction_of):
    e = extraction_of("linkoping")
    assert assessment(e, "Barnperspektivet ska särskilt beaktas").level.value == "partially_fulfilled"
    assert assessment(e, "Stärkt samverkan").level.value == "fulfilled"
    assert assessment(e, "Rättssäker och effektiv handläggning") is None
    assert any(w.code == "conflicting_assessment" for w in e.warnings)


@pytest.mark.parametrize("text, level, forecast", [
    ("Målet är delvis uppnått", "partially_fulfilled", False),
    ("Vid tiden för delårsbokslutet bedöms målet därmed vara uppfyllt.", "fulfilled", False),
    ("Resultatet ligger under målnivån och bedöms därmed ej vara uppfyllt.", "not_fulfilled", False),
    ("Målet är ej uppnått beträffande handläggningstider.", "not_fulfilled", False),
    ("Målet bedöms kunna uppnås.", "fulfilled", True),
    ("Osäkert om målet kan uppnås", "partially_fulfilled", True),
    ("Målet bedöms inte kunna uppnås", "not_fulfilled", True),
    ("Målet har inte uppnåtts", "not_fulfilled", False),
    ("Målet är inte helt uppfyllt", "partially_fulfilled", False),
    ("Målet är i hög grad uppfyllt", "largely_fulfilled", False),
])
def test_verdict_patterns(text, level, forecast):
    found = verdicts(text)
    assert len(found) == 1 and found[0].level.value == level and found[0].is_forecast is forecast


@pytest.mark.parametrize("text", ["Nämndens mål ska uppnås genom kontinuerlig dialog.",
                                  "Målet är att genom samordning begränsa myndighetskontakter.",
                                  "Hemtjänstgrupperna uppnår inte målet på kontinuitet."])
def test_no_verdict(text):
    assert verdicts(text) == []


@pytest.mark.parametrize("text, level", [("Uppfyllt", "fulfilled"), ("Delvis uppfyllt", "partially_fulfilled"),
                                         ("I hög grad uppfyllt", "largely_fulfilled"), ("Ej uppfyllt", "not_fulfilled"),
                                         ("Mål ej uppfyllt, se nedan kommentar", "not_fulfilled"),
                                         ("Ej bedömt", "not_assessed"), ("Bedömning saknas", "not_assessed")])
def test_status_cells(text, level):
    assert label_verdict(text).level.value == level


def test_a_bare_marker_gives_no_level():
    assert label_verdict("●") is None


def test_alingsas_legend_is_a_four_step_scale(document_of):
    legend = find_legends(document_of("alingsas"))[0]
    assert legend.labels == ["Helt uppfyllt", "I hög grad uppfyllt", "Delvis uppfyllt", "Ej uppfyllt"]
    assert legend.item_for_colour("green").label == "Helt uppfyllt"


def test_linkoping_legend_of_forecasts(document_of):
    legends = find_legends(document_of("linkoping"))
    goal_legend = [lg for lg in legends if any("målet" in lab for lab in lg.labels)][0]
    assert len(goal_legend.items) == 4
    assert [i.level.value for i in goal_legend.items] == ["fulfilled", "partially_fulfilled", "not_fulfilled",
                                                          "not_assessed"]
    assert all(i.is_forecast for i in goal_legend.items)


def test_strangnas_three_step_legend(document_of):
    legends = find_legends(document_of("strangnas"))
    assert [lg.labels for lg in legends] == [["Uppfyllt", "Delvis uppfyllt", "Ej uppfyllt"]]


def test_alingsas_pdf_colours_read_through_the_four_step_legend(extraction_of):
    e = extraction_of("alingsas", kind="pdf")
    a = assessment(e, "De som tar kontakt med socialförvaltningen via telefon och enkelt")
    assert a.level.value == "not_fulfilled" and a.basis.value == "colour"
    assert a.scale.size == 4 and a.scale.labels[0] == "Helt uppfyllt"
    # dark green is 'Helt uppfyllt', not the lighter green of 'I hög grad uppfyllt'
    assert assessment(e, "Att socialnämnden har samordnade insatser").level.value == "fulfilled"


def test_ljungby_pupil_goal_attainment_charts_are_no_goals(extraction_of):
    e = extraction_of("ljungby", kind="pdf")
    assert e.goals == [] or all(g.assessment is None for g in e.goals)


def test_a_bare_marker_in_the_alingsas_text_gives_no_level(document_of):
    from kommunrapport.find.assessments import cell_assessment
    from kommunrapport.models import Cell, Provenance

    legend = find_legends(document_of("alingsas"))[0]
    assert cell_assessment(Cell(text="●"), "Bedömning", legend, Provenance()) is None


def test_a_legend_of_symbols_maps_each_symbol():
    from kommunrapport.find.assessments import cell_assessment
    from kommunrapport.models import Block, BlockKind, Cell, Document, Provenance

    doc = Document(path="x", format="text", blocks=[
        Block(kind=BlockKind.paragraph, text="Förklaring av symbolerna:"),
        Block(kind=BlockKind.list_item, text="● Målet är uppfyllt"),
        Block(kind=BlockKind.list_item, text="◐ Målet är delvis uppfyllt"),
        Block(kind=BlockKind.list_item, text="○ Målet är inte uppfyllt")])
    legend = find_legends(doc)[0]
    a = cell_assessment(Cell(text="◐"), "Bedömning", legend, Provenance())
    assert a.level.value == "partially_fulfilled" and a.basis.value == "symbol" and a.scale.position == 2
