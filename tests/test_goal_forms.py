"""The forms real reports state goals in, each tested on the real page that showed it
(tests/data/real/), and the things on those pages that look like goals and are none."""
import pytest

from kommunrapport.find.goal_mentions import goal_key
from kommunrapport.models import Cell, Row


def goal(extraction, start):
    hits = [g for g in extraction.goals if goal_key(g.text).startswith(goal_key(start))]
    assert hits, f"no goal starting {start!r}"
    return hits[0]


def no_goal(extraction, start):
    assert not [g.text for g in extraction.goals if goal_key(g.text).startswith(goal_key(start))]


# ---- a goal printed as a record: heading, then `Beslutats av` / body, `... bedömning` / verdict -------

def test_level_from_the_decided_by_label_under_a_generic_goal_chapter(real_extraction):
    e = real_extraction("kungsbacka_ifo")
    kf = goal(e, "En attraktiv kommun att bo, verka och vistas i")        # 'Beslutats av Kommunfullmäktige'
    assert kf.level.value == "council"
    own = goal(e, "Rätt kompetens i rätt tid")                            # '3.1.1 Fokusområde: ...', 'Nämnd'
    assert own.level.value == "committee" and own.parent_id == kf.id
    assert own.text == "Rätt kompetens i rätt tid"                        # no number, no 'Fokusområde:' label


def test_a_directive_is_an_assignment_whoever_decided_it(real_extraction):
    e = real_extraction("kungsbacka_ifo")
    assert goal(e, "DIREKTIV - INNOVATION OCH OMSTÄLLNING TILL NYA ARBETSSÄTT").level.value == "assignment"
    assert goal(e, "Digitalt först").level.value == "assignment"          # 'Beslutats av Nämnd', under 'Uppföljning direktiv'
    # the directive's parts, 4.1.1-4.1.6, carry no label of their own: no goals
    no_goal(e, "Kompetensutveckling och förstärkning med nya kompetenser")
    no_goal(e, "Utveckling och spridning av nya arbetssätt")


def test_the_verdict_on_the_line_after_its_label(real_extraction):
    e = real_extraction("kungsbacka_ifo")
    for text in ("En attraktiv kommun att bo", "Hållbar socialtjänst", "Ett medskapande samhälle och öppen attityd"):
        a = goal(e, text).assessment            # 'Kommunövergripande/Nämndens bedömning' / 'Vi har inte nått målet ...'
        assert a.level.value == "not_fulfilled" and not a.is_forecast
        assert a.raw == "Vi har inte nått målet"


def test_fokusomraden_under_a_council_goal_are_no_goals(real_extraction):
    e = real_extraction("kungsbacka_ifo")
    no_goal(e, "Kungsbacka har välkomnande och trygga miljöer")
    no_goal(e, "I Kungsbacka finns attraktiva bostäder för olika behov")


def test_where_the_document_judges_a_level_under_a_label_a_goal_without_one_is_not_judged(real_extraction):
    e = real_extraction("kungsbacka_vo")
    # 3.4's summary says 'Målet är nu uppnått' of an operational target; KF goals are judged under
    # 'Kommunövergripande bedömning', and 3.4 has none
    assert goal(e, "I Kungsbacka utvecklas vi hela livet").assessment is None
    # the committee goals have no verdict label in this report: their analysis judges them
    a = goal(e, "Antalet personal som en hemtjänstmottagare möter").assessment
    assert a.level.value == "not_fulfilled" and a.raw == "målet är inte uppnått"


def test_a_report_without_verdicts_gives_none(real_extraction):
    e = real_extraction("kungsbacka_ga")
    assert goal(e, "Direktiv - Civil beredskap").level.value == "assignment"
    assert goal(e, "Hälsofrämjande livsstil").level.value == "committee"
    # 'hög måluppfyllelse' in a goal's title, 'Brukarbedömning' in indicator names: no verdicts
    assert all(g.assessment is None for g in e.goals)


# ---- goals as bullets under a goal label -----------------------------------------------------------

def test_bullets_under_a_goal_label_are_goals_of_its_level(real_extraction):
    e = real_extraction("kungsbacka_vo")          # 'Kommunens övergripande mål för arbetsmiljöarbetet' / '• ...'
    for text in ("Ingen ska drabbas av ohälsa eller skadas på grund av sitt arbete.", "Sjukfrånvaron ska minska.",
                 "Medarbetarna upplever balans mellan krav och resurser i arbetet."):
        g = goal(e, text)
        assert g.level.value == "council" and g.text == text


# ---- goal tables of report systems (Stratsys) ------------------------------------------------------

def test_a_goal_wrapped_over_several_rows_of_one_cell_is_one_goal(real_extraction):
    e = real_extraction("simrishamn")
    assert len(e.goals) == 11
    g = goal(e, "Skapa goda förutsättningar för barn och unga")
    assert g.text.endswith("delaktighet och ökad känsla av sammanhang.")
    no_goal(e, "demokratiska medborgare i syfte att skapa")


def test_a_kommentar_row_is_a_note_not_a_goal(real_extraction):
    e = real_extraction("simrishamn")
    no_goal(e, "Kommentar")
    no_goal(e, "Nämnden har under året påbörjat en bredare samverkan")


def test_the_marker_of_a_goal_row_is_its_assessment(real_extraction):
    e = real_extraction("simrishamn")       # a green marker, no legend: the contract's default
    a = goal(e, "Verka för kunskapsspridning och beteendeförändring").assessment
    assert a.level.value == "fulfilled" and a.basis.value == "colour"


def test_theme_headings_that_introduce_goal_tables_are_no_goals(real_extraction):
    e = real_extraction("simrishamn")       # '10 Hälsa och välbefinnande', prose, then a 'Nämndmål' table
    no_goal(e, "Hälsa och välbefinnande")
    no_goal(e, "Partnerskap och samverkan")
    assert goal(e, "Motverka ofrivillig ensamhet och psykisk ohälsa.").parent_id is None


def test_a_generic_goal_term_beside_the_committees_own_is_the_councils(real_extraction):
    e = real_extraction("simrishamn")       # 'Verksamhetsmål' tables beside 'Nämndmål' tables
    assert goal(e, "Kommunen ska skapa förutsättningar för ett varierat").level.value == "council"
    assert goal(e, "Arbeta för en livskraftig landsbygd.").level.value == "committee"


def test_a_units_remit_is_no_assignment(real_extraction):
    e = real_extraction("simrishamn")       # 'ENHETERNAS UPPDRAG', and 'Uppdrag' bullets of the remit
    assert all(g.level.value != "assignment" for g in e.goals)


@pytest.mark.parametrize("chapter", ["5.2 Nämndens mål", "5.2 Mål"])
def test_goals_two_levels_down_under_dimension_headings(tmp_path, chapter):
    """'5.2 Mål' -> '5.2.1 Sociala dimensionen' -> '5.2.1.1 <goal>' with 'Bedömning:' lines (the form
    the issue names; no real report of it in the corpus yet). The dimensions are the perspective."""
    from kommunrapport.find.pipeline import extract

    path = tmp_path / "sn-arsredovisning-2024.txt"
    path.write_text(
        f"Socialnämnden\n\nÅrsredovisning 2024\n\n5 Måluppföljning\n\n{chapter}\n\n5.2.1 Sociala dimensionen\n\n"
        "5.2.1.1 Fler barn och unga ska få stöd i tid\n\nBedömning: Delvis uppfyllt\n\n"
        "Väntetiderna har minskat men målet nås inte fullt ut.\n\n"
        "5.2.2 Ekonomiska dimensionen\n\n5.2.2.1 Nämnden ska ha en budget i balans\n\nBedömning: Ej uppfyllt\n\n"
        "6 Ekonomi\n\nNämnden redovisar ett underskott om 2,1 mnkr.\n", encoding="utf-8")
    e = extract(path)
    assert [(g.text, g.level.value, g.perspective, g.assessment.level.value) for g in e.goals] == [
        ("Fler barn och unga ska få stöd i tid", "committee", "Sociala dimensionen", "partially_fulfilled"),
        ("Nämnden ska ha en budget i balans", "committee", "Ekonomiska dimensionen", "not_fulfilled")]


def test_a_judged_heading_that_names_its_level_keeps_it(tmp_path):
    from kommunrapport.find.pipeline import extract

    path = tmp_path / "sn-arsredovisning-2024.txt"
    path.write_text(
        "Socialnämnden\n\nÅrsredovisning 2024\n\n3 Måluppföljning\n\n"
        "3.1 Kommunfullmäktiges mål: En attraktiv kommun att leva i\n\nNämndens bedömning: Delvis uppfyllt\n\n"
        "3.1.1 Fler personer ska bli självförsörjande\n\nNämndens bedömning: Uppfyllt\n\n"
        "4 Ekonomi\n\nNämnden redovisar ett underskott om 2,1 mnkr.\n", encoding="utf-8")
    kf, own = extract(path).goals
    assert (kf.text, kf.level.value, kf.assessment.level.value) == (
        "En attraktiv kommun att leva i", "council", "partially_fulfilled")
    assert (own.level.value, own.parent_id, own.assessment.level.value) == ("committee", kf.id, "fulfilled")


def test_a_decided_by_column_gives_each_goal_its_level(tmp_path):
    from kommunrapport.find.pipeline import extract

    path = tmp_path / "sn-arsredovisning-2024.txt"
    path.write_text(
        "Socialnämnden\n\nÅrsredovisning 2024\n\nMåluppföljning\n\nMål\tBeslutad av\tBedömning\n"
        "En attraktiv kommun att leva i\tKommunfullmäktige\tDelvis uppfyllt\n"
        "Fler personer ska bli självförsörjande\tNämnd\tUppfyllt\n\n"
        "Ekonomi\n\nNämnden redovisar ett underskott om 2,1 mnkr.\n", encoding="utf-8")
    assert [(g.level.value, g.parent_id, g.assessment.level.value) for g in extract(path).goals] == [
        ("council", None, "partially_fulfilled"), ("committee", None, "fulfilled")]


# ---- labels that name a level --------------------------------------------------------------------

@pytest.mark.parametrize("line, expected", [
    ("Fokusområde 2 ”Trygg och säker vård”", ("committee", "Trygg och säker vård")),    # a committee's målbild
    ("Fokusområde 3: Hållbar socialtjänst", ("committee", "Hållbar socialtjänst")),
    ("Kommunfullmäktiges budgetmål: Budget i balans", ("council", "Budget i balans")),
    # unnumbered, under a council goal: 'Fokusområde' / 'Nämndmålet är kopplat till fokusområdet ...'
    ("Fokusområde Nämndmålet är kopplat till fokusområdet ”I Kungsbacka är man trygg”", None),
    ("Fokusområden - I Kungsbacka finns attraktiva bostäder för olika behov", None),
])
def test_a_label_names_the_level_of_the_goal_it_introduces(line, expected):
    from kommunrapport.normalize.assessments import goal_label

    assert goal_label(line) == expected


def test_a_scorecards_focus_areas_are_its_goals_and_its_rows_their_indicators(tmp_path):
    """A styrkort in the form report systems print it (no real one in the corpus yet)."""
    from kommunrapport.find.pipeline import extract

    path = tmp_path / "styrkort-kfn-delarsrapport-2024.txt"
    path.write_text(
        "Kultur- och fritidsnämnden\n\nDelårsrapport 2024\n\nStyrkort\n\n"
        "Fokusområde\tIndikator\tMålvärde 2024\tUtfall aug 2024\n"
        "Fler unga är aktiva på fritiden\tAndel unga som deltar i föreningsaktiviteter, %\t60\t54\n"
        "\tAntal besök på fritidsgårdarna\t12000\t13100\n"
        "Ett rikt kulturliv för alla\tAntal besökare på biblioteken\t150000\t138000\n\n"
        "Ekonomi\n\nNämnden redovisar ett överskott om 1,1 mnkr.\n", encoding="utf-8")
    e = extract(path)
    assert [(g.text, g.level.value, g.assessment) for g in e.goals] == [
        ("Fler unga är aktiva på fritiden", "committee", None), ("Ett rikt kulturliv för alla", "committee", None)]
    first = e.goals[0]
    values = {i.name: [(v.kind.value, v.value) for v in i.values] for i in e.indicators if i.goal_id == first.id}
    assert values["Antal besök på fritidsgårdarna"] == [("target", 12000.0), ("outcome", 13100.0)]


# ---- non-goals ------------------------------------------------------------------------------------

def test_a_report_structure_heading_under_a_goal_chapter_is_no_goal(real_extraction):
    e = real_extraction("goteborg_revisorskollegiet_arsrapport_2023")     # '1.3.1 Uppföljning'
    no_goal(e, "Uppföljning")
    assert len(e.goals) == 8


def test_audit_conclusions_about_other_bodies_are_no_goals_and_no_verdicts(real_extraction):
    e = real_extraction("goteborg_revisorskollegiet_arsrapport_2023")
    assert all(g.assessment is None for g in e.goals)
    no_goal(e, "verksamheten endast delvis har bedrivits")


def test_dimension_headings_and_a_decisions_chapter_are_no_goals(real_extraction):
    e = real_extraction("goteborg_intraservice_delarsrapport_2026-03.pdf")
    no_goal(e, "Sociala dimensionen")          # groups the 'Centrala uppdrag' tables under it
    no_goal(e, "Effektivisering genom minskad administration")   # under 'Uppföljning av särskilda beslut och uppdrag'


def test_indicator_names_are_no_goals(real_extraction):
    e = real_extraction("kungsbacka_vo")          # 'Indikatorer  Utfall 2021 ...' under each goal
    no_goal(e, "Antal påbörjade bostäder")
    no_goal(e, "Personalkontinuitet, antal personal som en hemtjänstmottagare möter")
    no_goal(e, "Brukarbedömning")


@pytest.mark.parametrize("sentence, level, forecast", [
    ("Målet bedöms ha uppnåtts.", "fulfilled", False),                  # a judgement of the past, no forecast
    ("Målet har inte i sin helhet uppnåtts.", "partially_fulfilled", False),
    ("Vi har inte nått målet men är på rätt väg", "not_fulfilled", False),
    ("Målet bedöms uppnås under året.", "fulfilled", True),
])
def test_verdicts_in_prose(sentence, level, forecast):
    from kommunrapport.normalize.assessments import verdicts

    (v,) = verdicts(sentence)
    assert (v.level.value, v.is_forecast) == (level, forecast)


@pytest.mark.parametrize("sentence", [
    "Revisorerna bedömer att nämnden inte har nått målen för verksamheten.",      # an audit of another body
    "Kommunen redovisar måluppfyllelse för tre av de fyra finansiella målen.",
])
def test_audit_summary_sentences_give_no_verdict(sentence):
    from kommunrapport.normalize.assessments import verdicts

    assert verdicts(sentence) == []


# ---- Uppdrag record tables -------------------------------------------------------------------------

@pytest.mark.parametrize("cell, text", [
    # the uppdrag cell of a record table holds status, due period and year lines beside the text
    ("Pågår\nNämnden för Intraservice får i uppdrag att halvårsvis redovisa sin roll.\nUppdragsår 2025",
     "Nämnden för Intraservice får i uppdrag att halvårsvis redovisa sin roll."),
    ("Halvår 1 2026 Utökat kommunbidrag för utökat beställarstöd", "Utökat kommunbidrag för utökat beställarstöd"),
    ("Avslutad\n2025-06-30\nAlla nämnder och bolag får i uppdrag att stärka arbetet med att förebygga avfall.",
     "Alla nämnder och bolag får i uppdrag att stärka arbetet med att förebygga avfall."),
    # a year or a status word that belongs to the text stays
    ("Alla nämnder och bolagsstyrelser får i uppdrag att understödja och bidra till Framtidenkoncernens strategi "
     "för utvecklingsområden 2020–2030", "Alla nämnder och bolagsstyrelser får i uppdrag att understödja och bidra "
     "till Framtidenkoncernens strategi för utvecklingsområden 2020–2030"),
    ("Nämnden får i uppdrag att utreda kompetenscenter, som ska vara klart", "Nämnden får i uppdrag att utreda "
     "kompetenscenter, som ska vara klart"),
])
def test_uppdrag_cell_without_its_status_lines(cell, text):
    from kommunrapport.find.goal_tables import _split_goals

    assert _split_goals(cell) == [text]


def test_an_uppdrag_record_table_gives_assignments_and_its_comment_is_a_note():
    """Göteborg Intraservice 5.2.1 as a reader that splits its two columns gives it."""
    from kommunrapport.find.goal_tables import GoalTableResult, _layout, _read_rows

    header = Row(cells=[Cell(text="Centrala uppdrag"), Cell(text="Kommentar")])
    body = [Row(cells=[Cell(text="Förvaltningen för Intraservice får i\nuppdrag att halvårsvis redovisa sin roll\n"
                                 "och sina ambitioner inom området AI."),
                       Cell(text="Halvår 1 2026\nFörvaltningen redovisar uppdraget för nämnden i maj\n"
                                 "samt november alt. december.")])]
    layout = _layout(header)
    assert sorted(layout.roles.values()) == ["assignment", "comment"]
    result = GoalTableResult()
    _read_rows(0, body, 1, layout, None, result)
    (m,) = result.mentions
    assert m.level.value == "assignment"
    assert m.text == "Förvaltningen för Intraservice får i uppdrag att halvårsvis redovisa sin roll och sina " \
                     "ambitioner inom området AI."
    assert m.cell_assessment is None and "Förvaltningen redovisar uppdraget" in m.notes[0][0]
