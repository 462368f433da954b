"""Headings onto SectionKind: the vocabulary, the cleaning, the corpus's tables of contents, the CLI."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kommunrapport.cli import cli
from kommunrapport.find.sections import heading_matches
from kommunrapport.models import BlockKind, SectionKind
from kommunrapport.normalize.vocab import (
    add_user_vocab,
    best_match,
    clean_heading,
    load_vocab,
    match_section,
    reset_user_vocab,
)

TEXT = Path(__file__).parent / "data" / "text"
CORPUS = ["ale", "alingsas", "linkoping", "sala", "strangnas"]


def _text(name: str) -> Path:
    return next(TEXT.glob(f"{name}*.txt"))


@pytest.mark.parametrize("raw, clean", [
    ("3 Mål och uppdrag\t7", "Mål och uppdrag"),
    ("3.2.1 Hållbar kompetensförsörjning", "Hållbar kompetensförsörjning"),
    ("Uppföljning av internkontroll.....\t9", "Uppföljning av internkontroll"),
    ("Måluppföljning.....", "Måluppföljning"),
    ("2. I Alingsås finns goda livsmiljöer", "I Alingsås finns goda livsmiljöer"),
    ("Bilaga 1. Uppföljning av internkontrollplan 2023", "Bilaga 1. Uppföljning av internkontrollplan 2023"),
    ("Investeringar.....12", "Investeringar"),
])
def test_clean_heading(raw, clean):
    assert clean_heading(raw) == clean


@pytest.mark.parametrize("heading, kind", [
    ("Verksamhet\t1", SectionKind.summary),                                  # Alingsås
    ("Perioden som gått", SectionKind.summary),                              # Sala
    ("Händelser av väsentlig betydelse", SectionKind.summary),               # Strängnäs
    ("Förvaltningschefens/nämndansvarig tjänstemans bedömning och analys", SectionKind.summary),  # Linköping
    ("Måluppföljning.....\t3", SectionKind.goals),
    ("3 Mål och uppdrag\t7", SectionKind.goals),                             # Ale
    ("Uppföljning av Kommunfullmäktiges utvecklingsmål", SectionKind.goals),
    ("Måluppfyllelseanalys", SectionKind.goals),
    ("Indikatorer", SectionKind.indicators),
    ("5.3 Verksamhetsmätt", SectionKind.indicators),                         # Ale's own spelling
    ("Uppföljning av intern kontroll.....\t13", SectionKind.internal_control),
    ("Uppföljning av internkontroll", SectionKind.internal_control),
    ("4 Ekonomisk sammanfattning\t14", SectionKind.finance),
    ("Ekonomisk analys", SectionKind.finance),
    ("Drift.....\t10", SectionKind.operating_budget),
    ("Driftsammandrag", SectionKind.operating_budget),
    ("Driftredovisning per verksamhet (mkr)", SectionKind.operating_budget),
    ("Investeringsredovisning (mkr)", SectionKind.investments),
    ("4.2 Investeringsplan", SectionKind.investments),
    ("Åtgärdsplan.....\t26", SectionKind.action_plan),
    ("Väsentliga personalförhållanden", SectionKind.personnel),
    ("Rekryteringsbehov och kompetensförsörjning.....\t13", SectionKind.personnel),
    ("Arbetsmiljö", SectionKind.personnel),
    ("Sjukfrånvaro\t14", SectionKind.sick_leave),
    ("Framtiden", SectionKind.outlook),
    ("Förväntad utveckling", SectionKind.outlook),
    ("Bilagor", SectionKind.appendix),
    ("Innehållsförteckning", SectionKind.toc),
    ("INNEHÅLL", SectionKind.toc),
])
def test_match_section(heading, kind):
    got, score = match_section(heading)
    assert got is kind and score >= 85


@pytest.mark.parametrize("heading", [
    "I Alingsås finns goda livsmiljöer genom en långsiktig ekologisk, social och ekonomisk hållbar utveckling",
    "Att leverantören har en stabil ekonomisk situation",
    "Ett tryggare Ale",
    "SALA KOMMUN",
    "",
])
def test_goal_titles_and_furniture_take_no_kind(heading):
    assert match_section(heading)[0] is None


def test_corpus_tables_of_contents_nine_in_ten(document_of):
    entries = [m for name in CORPUS for m in heading_matches(document_of(name)) if m.source == "toc"]
    assert len(entries) >= 50
    mapped = [m for m in entries if m.kind is not None]
    assert len(mapped) / len(entries) >= 0.9


def test_sections_of_alingsas(document_of):
    from kommunrapport.find.context import Context
    from kommunrapport.find.sections import find_sections

    sections, section_of = find_sections(Context(document_of("alingsas")))
    assert len(section_of) == len(document_of("alingsas").blocks)
    kinds = {s.heading: s.canonical for s in sections}
    assert kinds["Sjukfrånvaro"] is SectionKind.sick_leave
    assert kinds["Drift"] is SectionKind.operating_budget
    assert all(s.score > 0 for s in sections)


def test_user_vocabulary_extends(tmp_path):
    extra = tmp_path / "my.toml"
    extra.write_text('[sections.kinds.goals]\nsynonyms = ["fokus på kundnytta"]\n', encoding="utf-8")
    try:
        assert match_section("Fokus på kundnytta i Ale")[0] is None
        add_user_vocab(extra)
        assert match_section("Fokus på kundnytta i Ale")[0] is SectionKind.goals
        assert "fokus på kundnytta" in load_vocab("sections")["kinds"]["goals"]["synonyms"]
        assert "måluppföljning" in load_vocab("sections")["kinds"]["goals"]["synonyms"]
    finally:
        reset_user_vocab()
    assert match_section("Fokus på kundnytta i Ale")[0] is None


def test_best_match_with_choices():
    key, score = best_match("Personalkostnader", [("personalkostnader", "personnel_costs"), ("lokalhyror", "premises")])
    assert key == "personnel_costs" and score == 100
    assert best_match("Något helt annat", [("lokalhyror", "premises")])[0] is None


def test_headings_command_lists_and_reports_unmatched():
    runner = CliRunner()
    result = runner.invoke(cli, ["headings", str(_text("alingsas")), str(_text("sala"))])
    assert result.exit_code == 0, result.output
    assert "sick_leave" in result.output and "Sjukfrånvaro" in result.output
    assert "table-of-contents entries mapped to a kind" in result.output
    assert "headings no kind took" in result.output and "SALA KOMMUN" in result.output


def test_headings_command_bad_input(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["headings", str(tmp_path / "missing.txt")])
    assert result.exit_code != 0 and "Traceback" not in result.output
    bad = tmp_path / "bad.toml"
    bad.write_text("[sections\n", encoding="utf-8")
    result = runner.invoke(cli, ["headings", str(_text("sala")), "--vocab", str(bad)])
    assert result.exit_code != 0 and "not valid TOML" in result.output
    reset_user_vocab()


def test_toc_blocks_exist(document_of):
    assert any(b.kind is BlockKind.toc for b in document_of("strangnas").blocks)
