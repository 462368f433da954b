"""Sick-leave figures: every figure of every corpus document with its period, the vocabulary's
spellings, and the prose patterns sentence by sentence."""
from __future__ import annotations

from datetime import date

import pytest

from kommunrapport.find.context import Context
from kommunrapport.find.sick_leave import coverage_of, extract_sick_leave
from kommunrapport.models import (
    Block,
    BlockKind,
    Cell,
    Document,
    DocumentType,
    Provenance,
    Report,
    Row,
    Table,
)
from kommunrapport.normalize.sick_leave_words import band_category, category_of_label, vocabulary


def figures(extraction) -> dict[tuple[str, int], tuple[float, date | None, date | None]]:
    return {(f.category.value, f.period.year): (f.percent, f.period.start, f.period.end)
            for f in extraction.sick_leave}


# ---- the corpus ---------------------------------------------------------------------------------

JAN_JUL_2023, JAN_JUL_2022 = (date(2023, 1, 1), date(2023, 7, 31)), (date(2022, 1, 1), date(2022, 7, 31))
ALINGSAS = {
    ("total", 2023): 8.2, ("total", 2022): 11.2, ("women", 2023): 9.8, ("women", 2022): 12.7,
    ("men", 2023): 4.0, ("men", 2022): 4.6, ("age_29_or_younger", 2023): 3.2, ("age_29_or_younger", 2022): 5.0,
    ("age_30_49", 2023): 10.4, ("age_30_49", 2022): 14.5, ("age_50_or_older", 2023): 6.9,
    ("age_50_or_older", 2022): 7.7, ("days_1_14", 2023): 2.2, ("days_1_14", 2022): 3.1,
    ("days_15_59", 2023): 1.1, ("days_15_59", 2022): 1.4, ("days_60_plus", 2023): 5.3,
    ("days_60_plus", 2022): 6.7,
}


@pytest.mark.parametrize("kind", ["text", "pdf"])
def test_alingsas_table_with_its_footnote_period(extraction_of, kind):
    found = figures(extraction_of("alingsas", kind=kind))
    assert found == {key: (value, *(JAN_JUL_2023 if key[1] == 2023 else JAN_JUL_2022))
                     for key, value in ALINGSAS.items()}
    total = next(f for f in extraction_of("alingsas", kind=kind).sick_leave if f.category.value == "total")
    assert total.provenance.method == "table:sick_leave"
    assert total.raw == "8,2"
    if kind == "text":
        assert total.provenance.line == 278


def test_strangnas_prose_whole_years(extraction_of):
    found = figures(extraction_of("strangnas"))
    year = {y: (date(y, 1, 1), date(y, 12, 31)) for y in (2022, 2023)}
    assert found == {
        ("total", 2023): (9.4, *year[2023]), ("total", 2022): (10.2, *year[2022]),
        ("long_term_share", 2023): (36.5, *year[2023]), ("long_term_share", 2022): (35.3, *year[2022]),
        ("short_term", 2023): (4.9, *year[2023]), ("short_term", 2022): (5.21, *year[2022]),
    }
    share = next(f for f in extraction_of("strangnas").sick_leave if f.category.value == "long_term_share")
    assert share.provenance.method == "prose:sick_leave"
    assert share.provenance.line == 630
    assert "långtidssjukfrånvaro" in share.raw


def test_sala_indicator_row_to_end_of_july(extraction_of):
    found = figures(extraction_of("sala"))
    assert found == {("total", 2023): (7.7, date(2023, 1, 1), date(2023, 7, 31)),
                     ("total", 2024): (8.1, date(2024, 1, 1), date(2024, 7, 31))}
    assert {f.provenance.method for f in extraction_of("sala").sick_leave} == {"indicator:sick_leave"}


@pytest.mark.parametrize("name", ["ale", "linkoping"])
def test_reports_without_sick_leave_figures(extraction_of, name):
    assert extraction_of(name).sick_leave == []


def test_goteborg_pdf_prose(extraction_of):
    found = figures(extraction_of("goteborg_revisorskollegiet", kind="pdf"))
    year = {y: (date(y, 1, 1), date(y, 12, 31)) for y in (2021, 2022)}
    # 'Den långa sjukfrånvaron (över 15 dagar)' has no category of the contract: left out
    assert found == {("total", 2022): (2.8, *year[2022]), ("total", 2021): (5.0, *year[2021]),
                     ("days_1_14", 2022): (1.3, *year[2022]), ("days_1_14", 2021): (0.9, *year[2021])}
    assert all(f.provenance.page == 45 for f in extraction_of("goteborg_revisorskollegiet", kind="pdf").sick_leave)


# ---- the vocabulary -----------------------------------------------------------------------------


def test_every_spelling_of_the_vocabulary_lands_in_its_category():
    for category, entry in vocabulary()["categories"].items():
        for spelling in entry["synonyms"]:
            assert category_of_label(spelling) == category, spelling


@pytest.mark.parametrize("label, category", [
    ("<29 år", "age_29_or_younger"), ("-29 år", "age_29_or_younger"), ("29 år och yngre", "age_29_or_younger"),
    ("30-49 år", "age_30_49"), ("50 år>", "age_50_or_older"), ("50- år", "age_50_or_older"),
    ("Dag 1-14", "days_1_14"), ("Dag 15-59", "days_15_59"), ("Dag 59>", "days_60_plus"),
    ("60 dagar eller mer", "days_60_plus"), ("Total sjukfrånvaro", "total"), ("Kvinnor", "women"),
    ("Män", "men"), ("Kontinuerlig sjukstatistik från HR", "total"), ("Korttidssjukfrånvaro", "short_term"),
])
def test_labels_of_the_corpus_and_the_law(label, category):
    assert category_of_label(label) == category


@pytest.mark.parametrize("label", ["Socialkontoret", "Äldreomsorg", "Summa", "Mantal", "Hälso- och sjukvård",
                                   "Antal sjukdagar per anställd", "Andel medarbetare med sjukfrånvaro",
                                   "Sjuklönekostnader"])
def test_labels_that_name_no_category(label):
    assert category_of_label(label) is None


@pytest.mark.parametrize("band", ["över 15 dagar", "15 dagar eller mer", "40 år", "Dag 1-30"])
def test_bands_outside_the_categories_have_none(band):
    assert band_category(band) is None


def test_notes_that_set_the_part_of_the_year():
    assert coverage_of("*Avser perioden 1 januari - 31 juli") == ((1, 1), (7, 31))
    assert coverage_of("Resultatet Delår avser jämförelse till och med juli månad.") == ((1, 1), (7, None))
    assert coverage_of("Avser jan-aug") == ((1, 1), (8, None))
    assert coverage_of("Redovisad statistik avser personal i tjänst.") is None


# ---- prose, sentence by sentence ----------------------------------------------------------------


def context_of(*blocks: Block, year: int = 2023, kind: DocumentType = DocumentType.annual_report) -> Context:
    doc = Document(path="test.txt", format="text", blocks=list(blocks))
    report = Report(document_type=kind, fiscal_year=year,
                    period_end=date(year, 12, 31) if kind is DocumentType.annual_report else date(year, 8, 31))
    return Context(doc=doc, report=report, section_of=[None] * len(blocks))


def paragraph(text: str, line: int = 1) -> Block:
    return Block(kind=BlockKind.paragraph, text=text, provenance=Provenance(line=line))


def prose(*texts: str, year: int = 2023) -> set[tuple[str, int, float]]:
    ctx = context_of(*(paragraph(t, i + 1) for i, t in enumerate(texts)), year=year)
    return {(f.category.value, f.period.year, f.percent) for f in extract_sick_leave(ctx)}


@pytest.mark.parametrize("sentence", [
    "Den totala sjukfrånvaron har minskat jämfört med år 2022 genomgående i samtliga kategorier som följs upp.",
    "Sjukfrånvaron på totalen samt korttidsfrånvaron har minskat i jämförelse med 2022.",
    "Precis som tidigare år har kvinnor högre sjukskrivningstal än män.",
    "För närvarande har förvaltningen 17 aktiva rehabiliteringsärenden, varav fyra har startats upp under "
    "året, vid sjukfrånvaro.",
    "Minska sjukfrånvaron med 1%-enhet.",
    "Sjukfrånvaron har minskat med 1,2 procent jämfört med 2022.",
    "Målet syftar även till att sänka personalomsättning samt sjuktalet.",
    "Andelen undersköterskor var 60 procent under 2023.",
    "Som frånvaro räknas semester, sjukdom och vård av sjukt barn; frånvaron var 12 procent 2023.",
    "Den långa sjukfrånvaron (över 15 dagar) har minskat till 1,5 procent från 4,2 procent 2021.",
    "Sjukfrånvaron är låg i jämförelse med riket (7,1 procent) och målet på 6 procent.",
    "Frisknärvaron var 45 procent.",
    "Andelen medarbetare med sjukfrånvaro var 45 procent under 2023.",
])
def test_sentences_without_a_sick_leave_level_give_nothing(sentence):
    assert prose(sentence) == set()


def test_a_figure_the_year_in_brackets_and_the_report_year():
    assert prose("Den totala sjukfrånvaron i snitt under året var 9,4 procent (10,2 procent 2022), se bilaga1.") \
        == {("total", 2023, 9.4), ("total", 2022, 10.2)}


def test_share_of_long_term_across_a_broken_paragraph():
    assert prose("Av den totala sjukfrånvaron utgjorde i snitt under året 36,5 procent (35,3",
                 "procent 2022) långtidssjukfrånvaro, det vill säga hade pågått längre än 59 dagar.") \
        == {("long_term_share", 2023, 36.5), ("long_term_share", 2022, 35.3)}


def test_year_before_the_figure_and_previous_year():
    assert prose("Den totala sjukfrånvaron låg under 2022 på 2,8% jämfört med 5,0% under 2021. "
                 "Den korta sjukfrånvaron (1–14 dagar) har ökat från 0,9 föregående år till 1,3 procent 2022.",
                 year=2022) == {("total", 2022, 2.8), ("total", 2021, 5.0),
                                ("days_1_14", 2021, 0.9), ("days_1_14", 2022, 1.3)}


@pytest.mark.parametrize("sentence, expected", [
    ("Sjukfrånvaron 2023: 8,2 % (2022: 9,1 %).", {("total", 2023, 8.2), ("total", 2022, 9.1)}),
    ("Den totala sjukfrånvaron uppgick till 7,9 procent för 2023 jämfört med 8,4 procent för 2022.",
     {("total", 2023, 7.9), ("total", 2022, 8.4)}),
    ("Sjukfrånvaron var 9,1 procent för kvinnor och 4,2 procent för män.", {("women", 2023, 9.1), ("men", 2023, 4.2)}),
    ("Långtidssjukfrånvaron (60 dagar eller mer) utgjorde 45,2 procent av den totala sjukfrånvaron.",
     {("long_term_share", 2023, 45.2)}),
    ("Sjukfrånvaron för medarbetare 29 år och yngre var 5,1 procent, för 30–49 år 7,2 procent och för 50 år "
     "och äldre 8,3 procent.", {("age_29_or_younger", 2023, 5.1), ("age_30_49", 2023, 7.2),
                               ("age_50_or_older", 2023, 8.3)}),
    ("Korttidssjukfrånvaron (dag 1–14) var 3,1 procent.", {("days_1_14", 2023, 3.1)}),
    ("Sjukfrånvaron minskade med 0,5 procent till 8,7 procent.", {("total", 2023, 8.7)}),
])
def test_sentences_in_other_words(sentence, expected):
    assert prose(sentence) == expected


def test_two_categories_in_one_sentence():
    assert prose("Kvinnornas sjukfrånvaro var 9,8 % och männens 4,0 % under 2023.") \
        == {("women", 2023, 9.8), ("men", 2023, 4.0)}


def test_long_term_alone_is_settled_against_the_total():
    # below the total: a level of a band whose threshold is not stated (Kungsbacka's Korttid 5 + Långtid 5 =
    # Totalt 10 is not the 60-day band): no category of the contract, left out
    assert prose("Sjukfrånvaron var totalt 8,0 procent 2023.", "Långtidssjukfrånvaron var 4,1 procent 2023.") \
        == {("total", 2023, 8.0)}
    assert prose("Sjukfrånvaron var totalt 8,0 procent 2023.", "Långtidssjukfrånvaron var 41,0 procent 2023.") \
        == {("total", 2023, 8.0), ("long_term_share", 2023, 41.0)}
    assert prose("Långtidssjukfrånvaron var 41,0 procent 2023.") == set()


# ---- tables -------------------------------------------------------------------------------------


def table_block(rows: list[list[str]], caption: str | None = None, line: int = 10) -> Block:
    table = Table(rows=[Row(cells=[Cell(text=t) for t in r], is_header=i == 0, provenance=Provenance(line=line + i))
                        for i, r in enumerate(rows)], caption=caption)
    return Block(kind=BlockKind.table, text="", table=table, provenance=Provenance(line=line))


def test_difference_and_target_columns_are_not_figures():
    ctx = context_of(table_block([["Sjukfrånvaro (%)", "Utfall 2023", "Mål 2023", "Differens", "Utfall 2022"],
                                  ["Totalt", "7,1", "6,0", "-0,5", "7,6"],
                                  ["Socialkontoret", "9,0", "", "", "8,0"]]))
    found = {(f.category.value, f.period.year, f.percent) for f in extract_sick_leave(ctx)}
    assert found == {("total", 2023, 7.1), ("total", 2022, 7.6)}
    assert any(w.code == "sick_leave_unmapped" for w in ctx.warnings)


def test_interim_table_covers_the_report_period_of_each_year():
    ctx = context_of(table_block([["Sjukfrånvaro i procent", "2024", "2023"], ["Kvinnor", "9,1", "9,5"]]),
                     year=2024, kind=DocumentType.interim_report)
    periods = {f.period.year: (f.period.start, f.period.end) for f in extract_sick_leave(ctx)}
    assert periods == {2024: (date(2024, 1, 1), date(2024, 8, 31)), 2023: (date(2023, 1, 1), date(2023, 8, 31))}


def test_years_down_the_first_column():
    ctx = context_of(table_block([["År", "Totalt", "Kvinnor", "Män"], ["2023", "7,5", "8,9", "3,1"],
                                  ["2022", "8,0", "9,2", "3,6"]], caption="Sjukfrånvaro, procent"))
    found = {(f.category.value, f.period.year, f.percent) for f in extract_sick_leave(ctx)}
    assert found == {("total", 2023, 7.5), ("women", 2023, 8.9), ("men", 2023, 3.1),
                     ("total", 2022, 8.0), ("women", 2022, 9.2), ("men", 2022, 3.6)}


def test_a_month_range_in_the_sentence_sets_the_period():
    ctx = context_of(paragraph("Sjukfrånvaron för januari–juli 2023 var 8,2 procent (8,9 procent 2022)."),
                     year=2024, kind=DocumentType.interim_report)
    periods = {f.period.year: (f.percent, f.period.start, f.period.end) for f in extract_sick_leave(ctx)}
    assert periods == {2023: (8.2, date(2023, 1, 1), date(2023, 7, 31)),
                       2022: (8.9, date(2022, 1, 1), date(2022, 7, 31))}


# ---- real tables as converters and report systems print them ------------------------------------

# Kungsbacka VO 2024, Tabell 27-2 and 28-1 (tests/data/real/kungsbacka_vo_arsredovisning_2024.md, lines
# 1206-1239) as the Markdown reader gives them once it splits the converter's collapsed rows (issue 14)
KUNGSBACKA_HEADER = ["Namn", "Bokslut 2020", "Bokslut 2021", "Bokslut 2022", "Bokslut 2023", "Bokslut 2024"]
KUNGSBACKA_ROWS = [
    ["Frisknärvaro", "34,4 %", "41,3 %", "36,8 %", "38,9 %", "39,9 %"],
    ["Frisknärvaro Kvinnor", "33,4 %", "40,6 %", "35,5 %", "37,6 %", "39,7 %"],
    ["Korttidssjukfrånvaro", "5,5 %", "4,8 %", "5,5 %", "5,2 %", "5 %"],
    ["Korttidssjukfrånvaro Kvinnor", "5,5 %", "4,8 %", "5,6 %", "5,2 %", "5 %"],
    ["Korttidssjukfrånvaro Män", "4,9 %", "4,4 %", "4,8 %", "5,1 %", "4,5 %"],
    ["Långtidssjukfrånvaro", "5 %", "4,8 %", "4,6 %", "4,8 %", "5 %"],
    ["Långtidssjukfrånvaro Kvinnor", "5,2 %", "5 %", "4,9 %", "5,1 %", "5,4 %"],
    ["Personalomsättning", "13,4 %", "12,6 %", "14,1 %", "16,4 %", "14,3 %"],
    ["Sjukfrånvaro Kvinnor", "10,7 %", "9,8 %", "10,5 %", "10,3 %", "10,5 %"],
    ["Sjukfrånvaro Män", "8 %", "7 %", "6,4 %", "7,5 %", "6,9 %"],
    ["Sjukfrånvaro Totalt", "10,5 %", "9,6 %", "10,1 %", "10 %", "10 %"],
    ["Sjukfrånvaro, andel av sjukfrånvaro 60 dagar eller mer", "34,2 %", "36,9 %", "34 %", "34,8 %", "35,8 %"],
    ["Sjukfrånvaro, andel av sjukfrånvaro 60 dagar eller mer Kvinnor", "34,6 %", "37,6 %", "35,2 %", "36,1 %",
     "37,1 %"],
    ["Sjukfrånvaro, anställda i åldrarna 29 år eller yngre", "10,5 %", "8,3 %", "8,2 %", "9,6 %", "8,9 %"],
    ["Sjukfrånvaro, anställda i åldrarna 30-49 år", "9,1 %", "9,5 %", "9,9 %", "8,7 %", "8,6 %"],
    ["Sjukfrånvaro, anställda i åldrarna 50 år eller äldre", "11,8 %", "10 %", "10,9 %", "11,3 %", "11,8 %"],
    ["Sjukfrånvarodagar i snitt per anställd", "35,8", "32,3", "34,6", "34", "34,5"],
]


def test_years_as_columns_with_breakdowns_that_have_no_category():
    ctx = context_of(table_block([KUNGSBACKA_HEADER] + KUNGSBACKA_ROWS, caption="Tabell 27-2"), year=2024)
    found = extract_sick_leave(ctx)
    by_key = {(f.category.value, f.period.year): f.percent for f in found}
    assert {c for c, _ in by_key} == {"short_term", "women", "men", "total", "long_term_share",
                                      "age_29_or_younger", "age_30_49", "age_50_or_older"}
    assert by_key[("total", 2020)] == 10.5 and by_key[("total", 2024)] == 10.0
    assert by_key[("short_term", 2024)] == 5.0 and by_key[("long_term_share", 2021)] == 36.9
    assert by_key[("age_29_or_younger", 2023)] == 9.6 and by_key[("age_50_or_older", 2020)] == 11.8
    assert len(found) == 8 * 5
    # whole years, each figure with its table
    total = next(f for f in found if (f.category.value, f.period.year) == ("total", 2022))
    assert (total.period.start, total.period.end) == (date(2022, 1, 1), date(2022, 12, 31))
    assert total.table_id == "t1" and total.raw == "10,1 %"
    # Korttid Kvinnor, Långtid (no threshold, below the total), 60+ share Kvinnor, Frisknärvaro, days: left out
    rows = {r[0]: r[1:] for r in KUNGSBACKA_ROWS}
    kept = {"Korttidssjukfrånvaro": "short_term", "Sjukfrånvaro Kvinnor": "women", "Sjukfrånvaro Män": "men",
            "Sjukfrånvaro Totalt": "total",
            "Sjukfrånvaro, andel av sjukfrånvaro 60 dagar eller mer": "long_term_share",
            "Sjukfrånvaro, anställda i åldrarna 29 år eller yngre": "age_29_or_younger",
            "Sjukfrånvaro, anställda i åldrarna 30-49 år": "age_30_49",
            "Sjukfrånvaro, anställda i åldrarna 50 år eller äldre": "age_50_or_older"}
    assert {(f.category.value, f.period.year, f.raw) for f in found} == {
        (category, 2020 + i, cell) for label, category in kept.items() for i, cell in enumerate(rows[label])}
    unmapped = " ".join(w.message for w in ctx.warnings)
    assert "Korttidssjukfrånvaro Kvinnor" in unmapped and "andel av sjukfrånvaro 60 dagar eller mer Kvinnor" in unmapped
    assert any("long-term sick leave 4.6 (2022)" in w.message for w in ctx.warnings)


@pytest.mark.parametrize("label, category", [
    ("Sjukfrånvaro, andel av sjukfrånvaro 60 dagar eller mer", "long_term_share"),
    ("Sjukfrånvaro Kvinnor", "women"), ("Sjukfrånvaro Män", "men"), ("Sjukfrånvaro Totalt", "total"),
    ("Sjukfrånvaro, anställda i åldrarna 29 år eller yngre", "age_29_or_younger"),
    ("Sjukfrånvaro, anställda i åldrarna 30-49 år", "age_30_49"),
    ("Sjukfrånvaro, anställda i åldrarna 50 år eller äldre", "age_50_or_older"),
    ("Total sjukfrånvaro (%)", "total"),
    # a label the converter broke inside a word, rejoined with a space
    ("Korttidssjukfrån varo", "short_term"),
])
def test_real_labels_of_categories(label, category):
    assert category_of_label(label) == category


@pytest.mark.parametrize("label", [
    "Korttidssjukfrånvaro Kvinnor", "Korttidssjukfrånvaro Män", "Långtidssjukfrånvaro Kvinnor",
    "Sjukfrånvaro, andel av sjukfrånvaro 60 dagar eller mer Män", "Frisknärvaro Kvinnor",
    "Sjukfrånvarodagar i snitt per anställd", "Sjukfrånvaroda gar i snitt per anställd", "Total frånvaro",
    "Ogiltig frånvaro elever (%)",
])
def test_breakdowns_and_other_measures_have_no_category(label):
    assert category_of_label(label) is None


def test_kungsbacka_real_document(real_extraction):
    """The three Kungsbacka reports against their gold, once the Markdown reader splits collapsed tables."""
    import json
    from pathlib import Path

    for name in ("kungsbacka_vo_arsredovisning_2024", "kungsbacka_ifo_arsredovisning_2024",
                 "kungsbacka_ga_arsredovisning_2025"):
        extraction = real_extraction(name)
        if not any(f.provenance.method == "indicator:sick_leave" and f.category.value == "short_term"
                   for f in extraction.sick_leave):
            pytest.skip("the Markdown reader does not yet split the converter's collapsed tables (issue 14)")
        gold = json.loads((Path(__file__).parent / "data" / "gold" / f"{name}.json").read_text())["sick_leave"]
        assert {(f.category.value, f.period.year, f.percent) for f in extraction.sick_leave} \
            == {(g["category"], g["year"], g["percent"]) for g in gold}


def test_percent_in_the_row_label_of_a_key_figure_table_that_mixes_units():
    ctx = context_of(table_block([["Nyckeltal", "2021", "2022", "2023"],
                                  ["Antal anställda", "512", "530", "541"],
                                  ["Total sjukfrånvaro (%)", "5,0", "5,7", "5,5"],
                                  ["Sjukfrånvaro, dagar per anställd", "18", "21", "20"],
                                  ["Personalomsättning (%)", "9,1", "8,4", "7,9"]], caption="Nyckeltal personal"))
    found = {(f.category.value, f.period.year, f.percent) for f in extract_sick_leave(ctx)}
    assert found == {("total", 2021, 5.0), ("total", 2022, 5.7), ("total", 2023, 5.5)}


def test_part_year_columns_keep_their_months():
    ctx = context_of(table_block([["Sjukfrånvaro (%)", "Utfall jan 2021-jun 2021", "Utfall jan 2024-jun 2024",
                                   "Utfall jan 2025-jun 2025"],
                                  ["Totalt", "6,1", "5,8", "5,2"]]), year=2025, kind=DocumentType.interim_report)
    periods = {f.period.year: (f.percent, f.period.start, f.period.end) for f in extract_sick_leave(ctx)}
    assert periods == {2021: (6.1, date(2021, 1, 1), date(2021, 6, 30)),
                       2024: (5.8, date(2024, 1, 1), date(2024, 6, 30)),
                       2025: (5.2, date(2025, 1, 1), date(2025, 6, 30))}
    assert next(f for f in extract_sick_leave(ctx)).period.raw.startswith("Utfall jan")


def test_a_tertial_report_compares_with_the_year_end():
    # 'T3 2018' in a report per T2 2019 is the whole of 2018; 'T2 2019' the report's own part of its year
    ctx = context_of(table_block([["Sjukfrånvaro", "T2 2019", "T3 2018"], ["Totalt", "7,1 %", "7,5 %"]]),
                     year=2019, kind=DocumentType.interim_report)
    periods = {f.period.year: (f.period.start, f.period.end) for f in extract_sick_leave(ctx)}
    assert periods == {2019: (date(2019, 1, 1), date(2019, 8, 31)), 2018: (date(2018, 1, 1), date(2018, 12, 31))}


@pytest.mark.parametrize("sentence, expected", [
    # a change is not a level
    ("Sjukfrånvaron har gått ner med 0,7 procent jämfört med föregående år och ligger nu på 6,4 procent.",
     {("total", 2023, 6.4)}),
    ("Sjukfrånvaron uppgick till 7,2 procent, +0,8 procentenheter jämfört med 2022.", {("total", 2023, 7.2)}),
    # a municipality-wide figure is not the committee's
    ("Förvaltningens sjukfrånvaro var 6,2 procent, lägre än Göteborgs Stads totala sjukfrånvaro (7,8 procent).",
     {("total", 2023, 6.2)}),
    ("Göteborgs Stads totala sjukfrånvaro (7,8 procent) är högre än förvaltningens.", set()),
    # a figure in brackets is a figure
    ("Korttidssjukfrånvaron (2,3 procent) har ökat något under året.", {("short_term", 2023, 2.3)}),
    # pupils' absence is not sick leave
    ("Total frånvaro bland eleverna var 8,5 procent och den ogiltiga frånvaron 1,2 procent, medan "
     "personalens sjukfrånvaro var 6,1 procent.", {("total", 2023, 6.1)}),
    # a chart's data labels read as text
    ("Sjukfrånvaro 2021 2022 2023 6,1% 5,8% 5,2%", set()),
])
def test_prose_of_unseen_reports(sentence, expected):
    assert prose(sentence) == expected


def test_t3_is_the_year_end_in_prose():
    ctx = context_of(paragraph("Sjukfrånvaron var 7,1 procent T2 2019 jämfört med 7,5 procent T3 2018."),
                     year=2019, kind=DocumentType.interim_report)
    found = {(f.percent, f.period.start, f.period.end) for f in extract_sick_leave(ctx)}
    assert found == {(7.1, date(2019, 1, 1), date(2019, 8, 31)), (7.5, date(2018, 1, 1), date(2018, 12, 31))}
    assert all(f.table_id is None for f in extract_sick_leave(ctx))


def test_labels_broken_inside_a_word_in_a_key_figure_table():
    # Kungsbacka's narrow label cells ('Korttidssjukfrån<br>5,5 % ...<br>varo') as a reader may rejoin them:
    # with a space, or with the hyphen of a line break; the table is no sick-leave table of its own
    ctx = context_of(table_block([["Namn", "Bokslut 2023", "Bokslut 2024"],
                                  ["Medelålder", "44", "44"],
                                  ["Korttidssjukfrån varo", "5,2 %", "5 %"],
                                  ["Sjukfrån- varo Kvinnor", "10,3 %", "10,5 %"],
                                  ["Korttidssjukfrån- varo Män", "5,1 %", "4,5 %"]], caption="6.5 Effektmått"),
                     year=2024)
    found = {(f.category.value, f.period.year, f.percent) for f in extract_sick_leave(ctx)}
    assert found == {("short_term", 2023, 5.2), ("short_term", 2024, 5.0),
                     ("women", 2023, 10.3), ("women", 2024, 10.5)}
