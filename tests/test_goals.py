"""Goals from the five development documents: goal tables, wide tables, headed and labelled prose, plans."""
import pytest

from kommunrapport.find.goal_mentions import goal_key


def goal(extraction, start):
    hits = [g for g in extraction.goals if goal_key(g.text).startswith(goal_key(start))]
    assert hits, f"no goal starting {start!r}"
    return hits[0]


def test_alingsas_council_goal_from_numbered_heading_parents_its_committee_goals(extraction_of):
    e = extraction_of("alingsas")
    council = goal(e, "I Alingsås finns goda livsmiljöer")
    assert council.level.value == "council"
    assert not council.text.startswith("2")
    child = goal(e, "Att socialnämnden har samordnade insatser")
    assert child.level.value == "committee" and child.parent_id == council.id


def test_alingsas_goals_are_the_two_council_and_nine_committee_goals(extraction_of):
    e = extraction_of("alingsas")
    levels = sorted(g.level.value for g in e.goals)
    assert levels.count("council") == 2
    assert levels.count("committee") == 9
    assert goal(e, "Att socialnämnden aktivt arbetar för en god kompetensförsörjning").level.value == "committee"


def test_linkoping_wide_table_continued_rows_belong_to_the_council_goal_above(extraction_of):
    e = extraction_of("linkoping")
    council = goal(e, "En kommun med höga kunskapsambitioner")
    assert goal(e, "Rättssäker och effektiv handläggning").parent_id == council.id
    assert goal(e, "En kommun med ett växande näringsliv").level.value == "council"
    # two committee goals in one cell are two goals
    assert goal(e, "Tidig medverkan i samhällsplaneringen").id != goal(e, "Förvaltningens bemötande, service").id
    assert sum(g.level.value == "assignment" for g in e.goals) == 11


def test_linkoping_analysis_restatement_is_the_same_goal(extraction_of):
    g = goal(extraction_of("linkoping"), "Professionellt bemötande och god tillgänglighet")
    assert any(p.method == "prose:restatement" for p in g.also_at)


def test_strangnas_summary_table_and_prose_are_one_goal_with_perspective(extraction_of):
    e = extraction_of("strangnas")
    assert len(e.goals) == 10
    g = goal(e, "Kommunens äldre ska ges stöd att fortsätta leva")
    assert g.perspective == "Invånare"
    assert g.also_at and g.also_at[0].line == 182
    assert goal(e, "Synliggöra och motverka våld").perspective == "Samhälle"


def test_sala_council_goals_in_capitals_and_committee_goals_from_table(extraction_of):
    e = extraction_of("sala")
    assert goal(e, "FOKUS PÅ MÄNNISKORS HÄLSA OCH VÄLMÅENDE GENOM LIVET").level.value == "council"
    assert goal(e, "Minska sjukfrånvaron med 1%-enhet.").level.value == "committee"
    assert len(e.goals) == 5


def test_ale_plan_goals_from_numbered_headings_without_assessments(extraction_of):
    e = extraction_of("ale")
    assert [g.level.value for g in e.goals].count("assignment") == 7
    assert goal(e, "Hållbar kompetensförsörjning").level.value == "council"
    assert goal(e, "Det salutogena förhållningssättet").level.value == "committee"
    assert goal(e, "Uppdrag kunddialog").level.value == "assignment"
    assert not any(g.text[0].isdigit() for g in e.goals)
    assert all(g.assessment is None for g in e.goals)


@pytest.mark.parametrize("name", ["ale", "alingsas", "linkoping", "sala", "strangnas"])
def test_goal_ids_are_unique_and_every_goal_has_provenance(extraction_of, name):
    e = extraction_of(name)
    assert len({g.id for g in e.goals}) == len(e.goals)
    assert all(g.provenance.line and g.provenance.method for g in e.goals)


def test_goteborg_pdf_goal_lists_and_a_goal_stated_in_a_sentence(extraction_of):
    e = extraction_of("goteborg_revisorskollegiet", kind="pdf")
    assert goal(e, "Stadsrevisionen ska vara oberoende").level.value == "committee"
    assert goal(e, "mer än hälften av stadsrevisionens yrkesrevisorer").level.value == "committee"
    assert goal(e, "Göteborg har en budget i balans").level.value == "council"
    assert goal(e, "Samtliga nämnder och styrelser får i uppdrag").level.value == "assignment"
    assert len(e.goals) == 8
