"""Goals, assessments, indicators, sections and metadata on reports written in the styles of other
municipalities and years than the development corpus (tests/data/unseen_goals/). Each test is the
gold of one document: what a reader of it would annotate, nothing tuned to the corpus."""
from datetime import date
from pathlib import Path

import pytest

from kommunrapport.normalize.assessments import verdicts

UNSEEN = Path(__file__).parent / "data" / "unseen_goals"


@pytest.fixture(scope="module")
def unseen():
    from kommunrapport.find.pipeline import extract

    cache = {}

    def get(prefix: str):
        if prefix not in cache:
            cache[prefix] = extract(next(UNSEEN.glob(f"{prefix}*.txt")))
        return cache[prefix]

    return get


def assessed(report) -> list[tuple[str, str | None, bool | None]]:
    return [(g.text, g.assessment.level.value if g.assessment else None,
             g.assessment.is_forecast if g.assessment else None) for g in report.goals]


def meta(report) -> tuple:
    r = report.report
    return (r.municipality.name if r.municipality else None, r.committee.name if r.committee else None,
            r.document_type.value, r.fiscal_year, r.period_start, r.period_end, r.decision_date,
            r.registration_number)


def kinds(report) -> dict[str, str | None]:
    return {s.heading: s.canonical.value if s.canonical else None for s in report.sections}


def test_harnosand_verksamhetsberattelse_other_columns_words_and_bare_diarienummer(unseen):
    x = unseen("harnosand")
    assert meta(x) == ("Härnösand", "Kultur- och fritidsnämnden", "annual_report", 2019, date(2019, 1, 1),
                       date(2019, 12, 31), date(2020, 2, 18), "KFN 2019.045")
    assert assessed(x) == [
        ("Fler barn och unga deltar i kulturskolans verksamhet", "fulfilled", False),
        ("Besökarna upplever biblioteken som trygga och tillgängliga", "partially_fulfilled", False),
        ("Idrottsanläggningarna används av fler föreningar", "not_fulfilled", False),
        ("Kulturlivet i hela kommunen stärks", "not_assessed", False),
    ]
    scales = [(g.assessment.scale.size, g.assessment.scale.position) if g.assessment.scale else None for g in x.goals]
    assert scales == [(3, 1), (3, 2), (3, 3), None]
    assert {k: v for k, v in kinds(x).items() if k != "VERKSAMHETSBERÄTTELSE 2019"} == {
        "Innehåll": "toc", "Väsentliga händelser": "summary", "Måluppföljning": "goals",
        "Ekonomiskt utfall": "finance", "Personalredovisning": "personnel", "Framtida utmaningar": "outlook"}


def test_kungsbacka_tertial_forecast_cells(unseen):
    x = unseen("kungsbacka")
    assert meta(x) == ("Kungsbacka", "Barn- och utbildningsnämnden", "interim_report", 2024, date(2024, 1, 1),
                       date(2024, 4, 30), None, "BUN 2024-00012")
    assert assessed(x) == [
        ("Alla elever ska nå kunskapskraven i samtliga ämnen", "partially_fulfilled", True),
        ("Barn och elever känner sig trygga i förskola och skola", "fulfilled", True),
        ("Personalen har en god arbetsmiljö", "not_fulfilled", True),
    ]
    assert kinds(x)["Uppföljning av internkontrollplan"] == "internal_control"
    assert kinds(x)["Driftredovisning"] == "operating_budget"


def test_ornskoldsvik_inriktningsmal_label_effektmal_table_and_linked_key_figures(unseen):
    x = unseen("ornskoldsvik")
    assert meta(x) == ("Örnsköldsvik", "Omsorgsnämnden", "annual_report", 2021, date(2021, 1, 1),
                       date(2021, 12, 31), date(2022, 2, 15), "KS 2022/123")
    assert [(g.text, g.level.value) for g in x.goals] == [
        ("Örnsköldsvik är en trygg kommun att åldras i", "council"),
        ("Fler äldre upplever god kvalitet i hemtjänsten", "committee"),
        ("Väntetiden till särskilt boende ska minska", "committee"),
    ]
    assert [a[1] for a in assessed(x)] == ["fulfilled", "partially_fulfilled", "not_fulfilled"]
    assert kinds(x)["Effektmål"] == "goals"
    # the indicator column and the key-figure table name the same two indicators; the money table is none
    assert [(i.name, i.goal_id, [v.value for v in i.values]) for i in x.indicators] == [
        ("Andel nöjda brukare i hemtjänsten (%)", "g2", [90.0, 84.0, 86.0]),
        ("Genomsnittlig väntetid (dagar)", "g3", [60.0, 74.0, 70.0]),
    ]


def test_vaxjo_plan_adjective_committee_adoption_date_and_no_assessments(unseen):
    x = unseen("vaxjo")
    assert meta(x) == ("Växjö", "Tekniska nämnden", "plan", 2025, None, None, date(2025, 3, 12), "TN 2025/0031")
    assert assessed(x) == [("Andelen förnybart bränsle i fordonsflottan ska öka", None, None),
                           ("Invånarna är nöjda med snöröjningen", None, None)]
    assert [(i.goal_id, i.values[0].kind.value, i.values[0].value) for i in x.indicators] == [
        ("g1", "target", 95.0), ("g2", "target", 60.0)]


def test_eskilstuna_monthly_prose_verdicts_and_accumulated_period(unseen):
    x = unseen("eskilstuna")
    assert meta(x) == ("Eskilstuna", "Vård- och omsorgsnämnden", "monthly_report", 2022, date(2022, 1, 1),
                       date(2022, 3, 31), None, None)
    assert assessed(x) == [("Brukarna är nöjda med hemtjänsten", "not_fulfilled", True),
                           ("Medarbetarna har en hållbar arbetssituation", "not_assessed", False)]


def test_lerum_five_step_scale_keeps_each_step(unseen):
    x = unseen("lerum")
    assert meta(x) == ("Lerum", "Kommunstyrelsen", "interim_report", 2023, date(2023, 1, 1), date(2023, 8, 31),
                       date(2023, 9, 27), "KS 2023/456")
    assert [(g.level.value, g.parent_id) for g in x.goals] == [
        ("council", None), ("committee", "g1"), ("committee", "g1"), ("council", None), ("committee", "g4")]
    steps = [(g.assessment.level.value, g.assessment.scale.position) for g in x.goals if g.assessment]
    assert steps == [("fulfilled", 2), ("partially_fulfilled", 3), ("not_fulfilled", 4)]
    assert x.goals[0].assessment is None and x.goals[3].assessment is None


def test_ludvika_samverkan_host_wins_and_prose_sentences_about_indicators_do_not_assess(unseen):
    x = unseen("ludvika")
    assert meta(x)[:3] == ("Ludvika", "Överförmyndarnämnden", "interim_report")
    assert meta(x)[7] == "ÖFN 2022/0087"
    assert assessed(x) == [
        ("Handläggningen är rättssäker och effektiv", "fulfilled", False),
        ("Ställföreträdare får ett gott stöd", "not_assessed", False),
        ("Nämnden har en ekonomi i balans", "not_fulfilled", True),
        ("Fler ställföreträdare rekryteras", None, None),       # 'Processen ... är uppfylld' is no verdict
    ]


def test_motala_colour_words_through_a_legend_whose_not_assessed_is_no_step(unseen):
    x = unseen("motala")
    assert meta(x) == ("Motala", "Utbildnings- och arbetsmarknadsnämnden", "annual_report", 2020,
                       date(2020, 1, 1), date(2020, 12, 31), date(2021, 2, 24), "UAN 2021/12")
    got = [(g.level.value, g.assessment.level.value if g.assessment else None,
            g.assessment.scale.position if g.assessment and g.assessment.scale else None) for g in x.goals]
    assert got == [("council", None, None), ("committee", "fulfilled", 1), ("committee", "not_fulfilled", 4),
                   ("committee", "not_assessed", None), ("council", None, None), ("committee", "largely_fulfilled", 2)]
    assert {g.assessment.scale.size for g in x.goals if g.assessment and g.assessment.scale} == {4}


def test_kalmar_plan_goal_levels_named_by_plain_lines(unseen):
    x = unseen("kalmar")
    assert meta(x) == ("Kalmar", "Socialnämnden", "plan", 2023, None, None, date(2022, 12, 14), "SN 2022/0412")
    assert [(g.level.value, g.text) for g in x.goals] == [
        ("council", "Kalmar ska vara en trygg och inkluderande kommun för alla"),
        ("committee", "Fler hushåll med ekonomiskt bistånd blir självförsörjande"),
        ("committee", "Barn och unga får stöd i ett tidigt skede"),
        ("assignment", "Socialnämnden får i uppdrag att ta fram en plan för hemlöshet"),
    ]
    assert all(g.assessment is None for g in x.goals)
    assert kinds(x)["Nämndens uppdrag"] == "summary"          # the remit, not assignments


@pytest.mark.parametrize("sentence", [
    "Målet för indikatorn är 90 %.",
    "Indikatorn är därmed uppfylld.",
    "Processen för introduktion är uppfylld enligt plan.",
    "Målet uppnås när detta gäller samtliga enheter.",
    "Målet är uppnått om 90 % av ärendena handläggs i tid.",
    "Målet ska uppnås genom att fler fordon byts ut.",
    "Målet nås genom samverkan med regionen.",
    "Målet för indikatorn är uppfyllt.",
    "Verksamheten arbetar för att nå målet.",
    "För att nämnden ska nå målet krävs fler platser.",
])
def test_sentences_that_assess_no_goal(sentence):
    assert verdicts(sentence) == []


@pytest.mark.parametrize(("sentence", "level", "forecast"), [
    ("Sammantaget bedöms målet vara uppfyllt.", "fulfilled", False),
    ("Nämndens bedömning är att målet inte kommer att nås under året.", "not_fulfilled", True),
    ("Målet bedöms delvis uppnås.", "partially_fulfilled", True),
    ("Det går därför inte att bedöma målet vid delåret.", "not_assessed", False),
    ("Målet har uppnåtts genom samverkan.", "fulfilled", False),
    ("Nämnden har inte nått målet om budget i balans.", "not_fulfilled", False),
    ("Socialnämnden har delvis uppnått målet.", "partially_fulfilled", False),
    ("Målet för 2023 är uppnått.", "fulfilled", False),
])
def test_verdict_sentences(sentence, level, forecast):
    found = verdicts(sentence)
    assert [(v.level.value, v.is_forecast) for v in found] == [(level, forecast)]


def test_molndal_numbered_goal_labels_and_labelled_status_lines(unseen):
    x = unseen("molndal")
    assert meta(x) == ("Mölndal", "Individ- och familjeomsorgsnämnden", "interim_report", 2021, date(2021, 1, 1),
                       date(2021, 8, 31), None, "IFN 2021/0155")
    assert assessed(x) == [
        ("Barn och unga växer upp under trygga förhållanden", "partially_fulfilled", False),
        ("Fler invånare blir självförsörjande", "fulfilled", False),
        ("Verksamheten bedrivs med god ekonomisk hushållning", "not_fulfilled", True),
    ]
    assert [g.assessment.scale.position for g in x.goals] == [2, 1, 3]


def test_sundsvall_colour_pairs_legend_and_key_figures_under_their_own_heading(unseen):
    x = unseen("sundsvall")
    assert meta(x) == ("Sundsvall", "Miljönämnden", "annual_report", 2023, date(2023, 1, 1), date(2023, 12, 31),
                       date(2024, 2, 20), "MN-2024-00031")
    got = [(g.level.value, g.parent_id, g.assessment.level.value if g.assessment else None,
            g.assessment.scale.position if g.assessment and g.assessment.scale else None) for g in x.goals]
    assert got == [("council", None, None, None), ("committee", "g1", "fulfilled", 1),
                   ("committee", "g1", "not_fulfilled", 3), ("council", None, None, None),
                   ("committee", "g4", "partially_fulfilled", 2)]
    # the internal-control table ('Kontrollmoment | Resultat | Status') holds no goals
    assert not any("Delegationsbeslut" in g.text or "Jäv" in g.text for g in x.goals)
    # a 'Nyckeltal' section of its own follows up the whole report, not the last goal above it
    assert [(i.name, i.goal_id) for i in x.indicators] == [("Andel genomförda tillsynsbesök (%)", None),
                                                           ("Handläggningstid anmälningar (dagar)", None)]
    assert kinds(x)["Uppföljning av internkontrollplan"] == "internal_control"
    assert kinds(x)["Ekonomiskt resultat"] == "finance"


def test_gavle_title_in_lines_bulleted_goals_and_prose_verdicts(unseen):
    x = unseen("gavle")
    assert meta(x) == ("Gävle", "Kultur- och fritidsnämnden", "interim_report", 2022, date(2022, 1, 1),
                       date(2022, 8, 31), None, None)
    assert assessed(x) == [
        ("Fler unga deltar i fritidsaktiviteter", "fulfilled", True),
        ("Biblioteken når nya målgrupper", "partially_fulfilled", True),
        ("Idrottsanläggningarna är tillgängliga för alla", "not_assessed", True),
    ]


def test_uppsala_wide_goal_table_with_indicator_values(unseen):
    x = unseen("uppsala")
    assert meta(x) == ("Uppsala", "Gatu- och samhällsmiljönämnden", "interim_report", 2023, date(2023, 1, 1),
                       date(2023, 8, 31), None, "GSN-2023-01234")
    assert [(g.level.value, g.parent_id) for g in x.goals] == [
        ("council", None), ("committee", "g1"), ("committee", "g1"), ("council", None), ("committee", "g4")]
    assert [a[1:] for a in assessed(x)] == [(None, None), ("partially_fulfilled", True), ("fulfilled", True),
                                            (None, None), ("not_fulfilled", True)]
    assert [(i.goal_id, [(v.kind.value, v.value) for v in i.values]) for i in x.indicators] == [
        ("g2", [("target", 70.0), ("outcome", 66.0)]), ("g2", [("target", 500.0), ("outcome", 420.0)]),
        ("g3", [("target", 75.0), ("outcome", 78.0)]), ("g5", [("target", 0.0), ("outcome", -12.0)])]


def test_short_lines_after_a_goal_table_are_no_goals(tmp_path):
    from kommunrapport.find.pipeline import extract

    text = (
        "Båstads kommun\n\nSocialnämnden\n\nÅrsredovisning 2022\n\nInnehåll\n\nMåluppföljning\t2\nEkonomi\t4\n\n"
        "Måluppföljning\n\nNämndmål\n\n"
        "Nämndmål\tKommentar\tBedömning\n"
        "Fler brukare är nöjda med hemtjänsten\tBrukarundersökningen visar 91 % nöjda.\tUppfyllt\n\n"
        "Koppling Agenda 2030\n\nMål 3 Hälsa och välbefinnande\n\n"
        "Resultatet i brukarundersökningen är det högsta hittills och arbetet fortsätter under nästa år.\n\n"
        "Ekonomi\n\nNämnden redovisar ett överskott om 1,1 mnkr.\n")
    path = tmp_path / "bastad-sn-arsredovisning-2022.txt"
    path.write_text(text, encoding="utf-8")
    x = extract(path)
    assert assessed(x) == [("Fler brukare är nöjda med hemtjänsten", "fulfilled", False)]


@pytest.mark.parametrize(("lines", "year", "expected"), [
    (["Beslutad i nämnd: 2024-05-22"], 2024, date(2024, 5, 22)),
    (["Godkänd av nämnden § 45, 2024-05-22"], 2024, date(2024, 5, 22)),
    (["Antagen av kommunfullmäktige 2024-11-20"], 2025, None),          # the council's budget decision
    (["Handlingsplanen antagen av nämnden 2019-05-12 gäller.", "Datum för beslut: 2024-02-20"], 2023,
     date(2024, 2, 20)),                                                  # an older paper's date skipped
])
def test_decision_dates(lines, year, expected):
    from kommunrapport.find.metadata import decision_date

    assert decision_date(lines, year) == expected
