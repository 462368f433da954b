"""Markdown as PDF-to-Markdown converters write it: each construct on the real Kungsbacka lines
(tests/data/real, pdfplumber-based conversions) and on small made-up Markdown in other
municipalities' words, showing that the rule is the converter's, not the report's."""
from __future__ import annotations

import pytest

from kommunrapport.models import BlockKind
from kommunrapport.read.markdown import item_marker, page_marker, read_markdown
from kommunrapport.read.md_pipes import PipeRow, split_names
from kommunrapport.read.md_words import trailing_figures, vocabulary
from kommunrapport.read.text import detect_rendition, read_text
from kommunrapport.tables.build import build_tables
from kommunrapport.tables.build import read_tables as read_document
from tests.conftest import real_path


@pytest.fixture(scope="module")
def vo():
    return read_document(real_path("kungsbacka_vo"))


@pytest.fixture(scope="module")
def ifo():
    return read_document(real_path("kungsbacka_ifo"))


@pytest.fixture(scope="module")
def ga():
    return read_document(real_path("kungsbacka_ga"))


def md(text: str):
    """The reader's blocks with the space-aligned tables given rows by the table layer, as the finders see them."""
    return build_tables(read_markdown(text, "x.md"))


def table_with(doc, text: str) -> list[list[str]]:
    for _, block in doc.tables():
        rows = [r.texts for r in block.table.rows]
        if any(text == c for row in rows for c in row):
            return rows
    raise AssertionError(f"no table with a cell {text!r}")


def row(rows: list[list[str]], label: str) -> list[str]:
    return next(r[1:] for r in rows if r and r[0] == label)


def block_at(doc, line: int):
    return next(b for b in doc.blocks if b.provenance.line is not None and b.provenance.line >= line)


# ---- front matter --------------------------------------------------------------------------------------


def test_front_matter_is_file_metadata_not_text(vo):
    assert vo.front_matter["datum"] == "2025-02-20"
    assert vo.front_matter["kommun"] == "kungsbacka"
    assert vo.front_matter["sidor"] == 157
    assert not any("kallnyckel" in b.text or "sha256" in b.text for b in vo.blocks)
    assert vo.blocks[0].text == "TJÄNSTESKRIVELSE"


def test_front_matter_date_is_not_the_report_year(real_extraction):
    # `datum: 2025-02-20` dates the meeting; the report is the annual report on 2024
    report = real_extraction("kungsbacka_vo").report
    assert report.fiscal_year == 2024
    assert report.document_type.value == "annual_report"


def test_front_matter_of_another_converter():
    doc = md("---\ntitle: Delårsrapport augusti 2022\ndatum: 2022-10-04\ntaggar: [bun, lerum]\n---\n\n"
             "# Barn- och utbildningsnämnden\n\nText om året.\n")
    assert doc.front_matter == {"title": "Delårsrapport augusti 2022", "datum": "2022-10-04",
                                "taggar": ["bun", "lerum"]}
    assert [b.text for b in doc.blocks] == ["Barn- och utbildningsnämnden", "Text om året."]
    assert doc.blocks[0].provenance.line == 7


def test_a_rule_line_that_opens_no_yaml_is_not_front_matter():
    doc = md("---\n\n# Rubrik\n\nText.\n\n## Mer\n")
    assert doc.front_matter == {}
    assert [b.text for b in doc.blocks] == ["Rubrik", "Text.", "Mer"]


# ---- page markers and running lines -----------------------------------------------------------------------


def test_page_marker_gives_the_next_block_its_page(vo):
    after = block_at(vo, 1489)                       # `<!-- sida 34 -->` is line 1488
    assert after.provenance.page == 34
    assert after.text == "[Avsnitt 8 Hållbarhetsbokslut utelämnat]"
    assert vo.pages == 34


@pytest.mark.parametrize("comment,page", [(" sida 34 ", 34), ("page 12", 12), ("Sida 3 av 40", 3),
                                          ("source: x", None), ("p. 7", 7)])
def test_page_marker_words(comment, page):
    assert page_marker(comment) == page


def test_page_markers_of_another_converter():
    body = ["Förskolan har haft fler barn än planerat.", "Grundskolans resultat har förbättrats.",
            "Gymnasiet har färre elever än budgeterat.", "Vuxenutbildningen har vuxit under året."]
    pages = "\n\n".join(f"<!-- page {p} -->\n\nHärryda kommun  Årsredovisning {2020 + 3}\n\n# Avsnitt {p}\n\n"
                        f"{body[p - 1]}\n\n{p}" for p in range(1, 5))
    doc = build_tables(read_text("# Årsredovisning\n\n" + pages, "x.md"))
    texts = [(b.text, b.provenance.page) for b in doc.blocks]
    assert ("Gymnasiet har färre elever än budgeterat.", 3) in texts and ("Avsnitt 3", 3) in texts
    # the running header and the page numbers recur at the pages' edges: dropped
    assert not any(t.startswith("Härryda kommun") or t.isdigit() for t, _ in texts)


def test_running_header_and_page_numbers_are_dropped_but_the_cover_kept(vo, ga):
    assert not any(b.text.startswith("Nämnden för Vård & Omsorg Kungsbacka kommun") for b in vo.blocks)
    assert not any(b.text in ("4", "5", "26") for b in vo.blocks)
    # the cover page repeats the running header's words: it is the title, kept
    assert ga.blocks[0].text == "Nämndens årsredovisning 2025"
    assert ga.blocks[0].provenance.page == 102


# ---- lines ------------------------------------------------------------------------------------------------


def test_paragraph_lines_are_joined_however_many(vo):
    para = next(b for b in vo.blocks if b.text.startswith("Statsbidrag har tillförts verksamheten 20 mkr"))
    assert para.text.endswith("brevidgångar och introduktion av vikarier.")
    assert "God & Nära Vård stöder olika projekt inom hela Kungsbacka kommun." in para.text
    # a short line after a sentence's end is a line of its own (`Investeringar`)
    assert any(b.text == "Investeringar" for b in vo.blocks)


def test_paragraph_lines_of_another_municipality():
    doc = md("# Verksamhet\n\n"
             "Socialnämnden i Mölndal redovisar ett underskott om 4,2 mkr för perioden, vilket främst\n"
             "beror på ökade kostnader för placeringar av barn och unga samt för ekonomiskt bistånd\n"
             "under våren.\n"
             "Ekonomi\n\n"
             "Beslutats av\nKommunstyrelsen\n")
    texts = [b.text for b in doc.blocks]
    assert texts[1].startswith("Socialnämnden i Mölndal") and texts[1].endswith("under våren.")
    assert "Ekonomi" in texts and "Beslutats av Kommunstyrelsen" in texts


def test_a_field_label_and_its_value_line_are_one_line(vo):
    assert any(b.text == "Diarienummer VO VO-2024-00167" for b in vo.blocks)
    assert any(b.text == "Datum 2025-01-30" for b in vo.blocks)


def test_a_heading_and_a_line_opening_with_a_year_stay_apart():
    doc = md("# Rapport\n\nDatum\n2023-09-19\nEkonomi\n2024 års resultat blev bättre än väntat.\n")
    assert [b.text for b in doc.blocks][1:] == ["Datum 2023-09-19", "Ekonomi",
                                                "2024 års resultat blev bättre än väntat."]


def test_numbered_heading_with_no_blank_line_before_it(vo):
    heading = block_at(vo, 423)
    assert (heading.kind, heading.level, heading.text) == (
        BlockKind.heading, 2, "3.2 En hållbar utveckling och en hälsosam miljö")
    before = vo.blocks[vo.blocks.index(heading) - 1]
    assert before.text.endswith("dokumentationssystemet.")


def test_wrapped_numbered_headings_are_one_heading(vo):
    headings = {b.text for _, b in vo.headings()}
    assert ("3.1.1 Antalet personal som en hemtjänstmottagare möter under 14 dagar ska årligen minska och 2025 "
            "uppgå till maximalt 14 medarbetare") in headings
    # broken by a blank line, and going on in capitals: the table of contents names it whole
    assert "4.1 DIREKTIV - INNOVATION OCH OMSTÄLLNING TILL NYA ARBETSSÄTT" in headings
    assert ("3.5.1 Andelen medarbetare och chefer som väljer att avsluta sin anställning hos Vård & Omsorg ska "
            "2025 uppgå till maximalt 12 procent") in headings
    # a heading the contents name as it stands takes no more words (`... och vistas i` / `Beslutats av`)
    assert "3.1 En attraktiv kommun att bo, verka och vistas i" in headings


def test_numbered_headings_of_another_report():
    doc = md("# Delårsrapport\n\n"
             "Arbetet fortsätter under hösten med att följa upp resultaten.\n"
             "2.3 Kultur- och fritidsnämndens mål om ökad delaktighet bland unga i\n"
             "föreningslivet\n"
             "Målet bedöms vara delvis uppfyllt.\n")
    blocks = [(b.kind, b.text) for b in doc.blocks]
    assert (BlockKind.heading, "2.3 Kultur- och fritidsnämndens mål om ökad delaktighet bland unga i "
                               "föreningslivet") in blocks
    assert (BlockKind.paragraph, "Målet bedöms vara delvis uppfyllt.") in blocks


def test_escaped_list_markers_are_list_items(vo, ifo):
    items = [b.text for b in vo.blocks if b.kind is BlockKind.list_item]
    assert "I Kungsbacka finns attraktiva bostäder för olika behov, generationer och livsstilar." in items
    assert "Ingen ska drabbas av ohälsa eller skadas på grund av sitt arbete." in items
    # an escaped full stop after a year is a sentence's end, no list
    para = next(b for b in ifo.blocks if "hantera denna typ av brottslighet" in b.text)
    assert para.kind is BlockKind.paragraph and para.text.endswith("ska utvecklas under 2025.")


@pytest.mark.parametrize("line,marker,text", [
    ("\\- Trygg och säker skolmiljö", "\\-", "Trygg och säker skolmiljö"),
    ("1\\. Ökad måluppfyllelse i grundskolan", "1\\.", "Ökad måluppfyllelse i grundskolan"),
    ("\uf0b7 Fler barn i förskolan", "\uf0b7", "Fler barn i förskolan"),
    ("\uf0a7\tHållbar ekonomi", "\uf0a7", "Hållbar ekonomi"),
    ("2025\\.", None, "2025\\."),
])
def test_item_markers(line, marker, text):
    assert item_marker(line) == (marker, text)


def test_escaped_and_symbol_font_items_of_another_municipality():
    doc = md("# Mål\n\nNämndens mål:\n\\- Alla elever ska nå kunskapskraven\n1\\. Ökad närvaro\n"
             "\uf0b7 Fler behöriga lärare\n")
    assert [(b.kind, b.text) for b in doc.blocks[2:]] == [
        (BlockKind.list_item, "Alla elever ska nå kunskapskraven"), (BlockKind.list_item, "Ökad närvaro"),
        (BlockKind.list_item, "Fler behöriga lärare")]


def test_front_matter_or_page_markers_make_markdown():
    assert detect_rendition("---\nkommun: lerum\n---\n\nText\n\nMer text\n") == "markdown"
    assert detect_rendition("<!-- sida 1 -->\n\nText\n\n<!-- sida 2 -->\n\nMer\n") == "markdown"


# ---- pipe tables ---------------------------------------------------------------------------------------------


def test_first_data_row_merged_into_the_header(vo):
    rows = table_with(vo, "Intäkter")
    assert rows[0] == ["Utfall (miljoner kronor)", "Utfall 2022", "Utfall 2023", "Utfall 2024"]
    assert rows[1] == ["Intäkter", "756,4", "879,9", "858,1"]
    assert row(rows, "Avvikelse") == ["42,3", "12,4", "19,4"]


def test_merged_header_row_of_another_table():
    doc = md("| Driftredovisning (tkr)<br>Intäkter | Budget 2023<br>12 400 | Utfall 2023<br>13 100 |\n"
             "| --- | --- | --- |\n| Kostnader | -98 200 | -99 750 |\n")
    table = doc.tables()[0][1].table
    assert [(r.is_header, r.texts) for r in table.rows] == [
        (True, ["Driftredovisning (tkr)", "Budget 2023", "Utfall 2023"]),
        (False, ["Intäkter", "12 400", "13 100"]), (False, ["Kostnader", "-98 200", "-99 750"])]


def test_numbered_columns_are_no_merged_data_row():
    doc = md("| Belopp (tkr) | Kvartal<br>1 | Kvartal<br>2 |\n| --- | --- | --- |\n| Intäkter | 310 | 295 |\n")
    rows = [(r.is_header, r.texts) for r in doc.tables()[0][1].table.rows]
    assert rows == [(True, ["Belopp (tkr)", "Kvartal\n1", "Kvartal\n2"]), (False, ["Intäkter", "310", "295"])]


def test_collapsed_table_is_split_back_into_columns(vo):
    rows = table_with(vo, "Sjukfrånvaro Totalt")
    assert rows[0] == ["Namn", "Bokslut 2020", "Bokslut 2021", "Bokslut 2022", "Bokslut 2023", "Bokslut 2024"]
    assert row(rows, "Sjukfrånvaro Totalt") == ["10,5 %", "9,6 %", "10,1 %", "10 %", "10 %"]
    assert row(rows, "Sjukfrånvaro Kvinnor")[0] == "10,7 %"
    # the label's lines above and below its figures, and a number ending the label's first part
    assert row(rows, "Sjukfrånvaro, andel av sjukfrånvaro 60 dagar eller mer")[4] == "35,8 %"
    assert row(rows, "Korttidssjukfrånvaro Kvinnor") == ["5,5 %", "4,8 %", "5,6 %", "5,2 %", "5 %"]


def test_collapsed_table_thousands_and_other_words():
    rows = table_with(read_document(real_path("kungsbacka_vo")), "Anställda totalt")
    assert row(rows, "Anställda totalt") == ["1 243", "1 300", "1 397", "1 429", "1 422"]
    doc = md("|  | Nyckeltal Utfall 2022 Utfall 2023 Utfall 2024 |\n| --- | --- |\n"
             "| Antal<br>1 204 1 187 1 215<br>årsarbetare |  |\n| Sjuktal totalt 6,1 % 6,4 % 5,9 % |  |\n")
    rows = [r.texts for r in doc.tables()[0][1].table.rows]
    assert rows == [["Nyckeltal", "Utfall 2022", "Utfall 2023", "Utfall 2024"],
                    ["Antal årsarbetare", "1 204", "1 187", "1 215"], ["Sjuktal totalt", "6,1 %", "6,4 %", "5,9 %"]]


def test_split_names_by_years_or_words():
    assert split_names("Namn Bokslut 2020 Bokslut 2021 Bokslut 2022", 3) == [
        "Namn", "Bokslut 2020", "Bokslut 2021", "Bokslut 2022"]
    assert split_names("Verksamhet 2022 2023", 2) == ["Verksamhet", "2022", "2023"]
    assert split_names("Mått Budget Utfall Prognos", 3) == ["Mått", "Budget", "Utfall", "Prognos"]


def test_one_column_split_in_two_is_one_column(vo, ifo):
    rows = table_with(vo, "Distrikt Syd")
    assert rows[0] == ["Uppföljningsnivå (belopp i\nmkr)", "Bokslut 2023", "Budget 2024", "Bokslut 2024",
                       "Budgetavvikelse 2024"]
    assert row(rows, "Nämnd") == ["-1,2", "-1,4", "-1,3", "0,1"]
    assert row(rows, "Förvaltning Gemensamt") == ["-5,8", "-10,4", "1,7", "12,1"]
    assert row(rows, "Summa") == ["-1 070,3", "-1 159,7", "-1 140,3", "19,4"]
    assert row(table_with(ifo, "Daglig verksamhet"), "Daglig verksamhet") == ["-51,6", "-54,2", "-54,9", "-0,7"]


def test_split_column_of_another_table():
    # a note column beside the budget, both filled in one row: two columns
    doc = md("| Enhet (mnkr) |  | Budget 2024 | Utfall 2024 |\n| --- | --- | --- | --- |\n"
             "| Förskola | -210,5 | -212,0 | -208,0 |\n| Grundskola |  | -355,0 | -360,2 |\n")
    rows = [r.texts for r in doc.tables()[0][1].table.rows]
    assert rows[0] == ["Enhet (mnkr)", "", "Budget 2024", "Utfall 2024"]
    # the unnamed column filled exactly where the named one is empty: one column
    doc = md("| Enhet (mnkr) |  | Budget 2024 | Utfall 2024 |\n| --- | --- | --- | --- |\n"
             "| Förskola | -210,5 |  | -208,0 |\n| Grundskola | -350,1 |  | -360,2 |\n"
             "| Summa |  | -560,6 | -568,2 |\n")
    rows = [r.texts for r in doc.tables()[0][1].table.rows]
    assert rows[1:] == [["Förskola", "-210,5", "-208,0"], ["Grundskola", "-350,1", "-360,2"],
                        ["Summa", "-560,6", "-568,2"]]


def test_row_spilling_past_the_page_break(vo):
    rows = table_with(vo, "Summa investeringsutgifter")
    assert rows[-1] == ["Summa nettoinvesteringar", "-4,9", "-18,9", "-5,5", "13,4"]
    block = next(b for _, b in vo.tables() if b.table.rows[-1].texts[0] == "Summa nettoinvesteringar")
    assert block.table.rows[-1].provenance.page == 33


def test_row_written_just_after_the_table():
    doc = md("| Investeringar (tkr) | Budget 2024 | Utfall 2024 |\n| --- | --- | --- |\n"
             "| Inventarier | -1 500 | -1 210 |\n| IT-utrustning | -800 | -640 |\n\n"
             "Summa investeringar -2 300 -1 850\n\nKommentar till investeringarna.\n")
    rows = [r.texts for r in doc.tables()[0][1].table.rows]
    assert rows[-1] == ["Summa investeringar", "-2 300", "-1 850"]
    assert doc.blocks[-1].text == "Kommentar till investeringarna."


def test_words_broken_at_a_cell_line_end(vo):
    rows = table_with(vo, "Distrikt Syd")
    assert rows[0][-1] == "Budgetavvikelse 2024"
    sick = table_with(vo, "Sjukfrånvaro Totalt")
    labels = [r[0] for r in sick]
    assert "Korttidssjukfrånvaro" in labels and "Långtidssjukfrånvaro Män" in labels
    assert "Personalomsättning" in labels
    staff = table_with(vo, "Anställda totalt")
    assert "Anställda andel kvinnor" in [r[0] for r in staff]          # two words: kept two


def test_broken_words_with_the_documents_own_words():
    words = vocabulary(["Prognosavvikelsen för helåret är liten.", "Andel kvinnor ökar."])
    doc_text = ("Prognosavvikelsen för helåret är liten. Andel kvinnor ökar.\n\n"
                "| Enhet | Prognosavvik<br>else 2024 | Andel<br>kvinnor |\n| --- | --- | --- |\n| Vård | -1,2 | 84 % |\n")
    assert words["prognosavvikelsen"] == 1
    rows = [r.texts for r in md(doc_text).tables()[0][1].table.rows]
    assert rows[0] == ["Enhet", "Prognosavvikelse 2024", "Andel\nkvinnor"]


def test_two_rows_written_as_one(vo):
    rows = table_with(vo, "Olycksfall")
    assert row(rows, "Olycksfall") == ["97", "175", "172"]
    assert row(rows, "Total") == ["1168", "1676", "1273"]
    assert rows[0] == ["Namn", "2022", "2023", "2024"] and row(rows, "Riskobservation") == ["86", "135", "114"]


def test_pipe_row_model():
    assert PipeRow(3, None, ["a"]).header is False


# ---- space-aligned tables -----------------------------------------------------------------------------------


def test_fenced_table_under_a_header_above_the_fence(ga):
    rows = table_with(ga, "Sjukfrånvaro Totalt")
    assert rows[0] == ["Namn", "Bokslut 2021", "Bokslut 2022", "Bokslut 2023", "Bokslut 2024", "Bokslut 2025"]
    assert row(rows, "Sjukfrånvaro Totalt") == ["4,6 %", "5,8 %", "5,1 %", "4,4 %", "4 %"]
    assert row(rows, "Korttidssjukfrånvaro") == ["1,4 %", "2 %", "1,9 %", "1,8 %", "2 %"]
    # the row after the fence: label fragments above and below its figures
    assert row(rows, "Sjukfrånvaro, andel av sjukfrånvaro 60 dagar eller mer") == [
        "57,1 %", "58,2 %", "55,6 %", "52,9 %", "47 %"]


def test_fenced_row_with_a_missing_value_keeps_its_columns(ga):
    rows = table_with(ga, "Antal påbörjade bostäder")
    assert rows[0] == ["Indikatorer", "Utfall 2022", "Utfall 2023", "Utfall 2024", "Utfall 2025"]
    assert row(rows, "Antal påbörjade bostäder") == ["848", "165", "213"]      # 2025 empty
    assert row(rows, "Brukarbedömning hemtjänst äldreomsorg, helhetssyn") == ["90 %", "91 %", "88 %", "88 %"]


def test_label_fragments_around_figure_lines_under_a_header_of_three_lines(ga):
    rows = table_with(ga, "Sjukfrånvaro, anställda i åldrarna 30-49 år")
    assert rows[0][1] == "Bokslut 2021"
    assert row(rows, "Sjukfrånvaro, anställda i åldrarna 30-49 år") == ["4,7 %", "5,6 %", "4,2 %", "4 %", "4 %"]
    assert row(rows, "Sjukfrånvaro, andel av sjukfrånvaro 60 dagar eller mer Kvinnor")[0] == "63,7 %"


def test_space_aligned_rows_in_the_vo_report(vo):
    rows = table_with(vo, "Antal timmar hemtjänst")
    assert rows[0] == ["Namn", "Utfall 2020", "Utfall 2021", "Utfall 2022", "Utfall 2023", "Utfall 2024"]
    assert row(rows, "Antal timmar hemtjänst") == ["580 297", "582 438", "537 632", "545 404", "548 528"]
    assert row(rows, "Beläggningsgrad vård- och omsorgsboende") == ["-", "92 %", "97 %", "96 %", "97 %"]
    # `88     98 ...` alone on its line, `Antal omsorgstagare i verksamheten` above and `under 65 år` below
    rows = table_with(vo, "Antal omsorgstagare i verksamheten under 65 år")
    assert row(rows, "Antal omsorgstagare i verksamheten under 65 år") == ["88", "98", "137", "166", "165"]
    rows = table_with(vo, "Personalkontinuitet, antal personal som en hemtjänstmottagare möter under 14 dagar, "
                          "medelvärde, egenregi")
    assert rows[1][1:] == ["17,3", "17,9", "19", "18,4"]


def test_figures_that_cannot_be_placed_are_left_out_with_a_warning(ga):
    rows = table_with(ga, "Kostnad per gymnasieelev folkbokförd i kommunen")
    assert row(rows, "Kostnad per gymnasieelev folkbokförd i kommunen") == []
    warned = [w for w in ga.warnings if w.code == "unplaced_figures"]
    assert any("Kostnad per gymnasieelev folkbokförd" in w.message and w.provenance.page == 126 for w in warned)


def test_fenced_table_of_another_municipality():
    doc = md("## Personal\n\n"
             "Nyckeltal               Utfall   Utfall\n\n"
             "```text\n"
             "                         2023     2024\n"
             "Sjukfrånvaro totalt      7,9 %    7,2 %\n"
             "Antal anställda          1 412    1 398\n"
             "Andel heltid               88 %\n"
             "```\n\nSjuktalen minskar.\n")
    rows = [r.texts for r in doc.tables()[0][1].table.rows]
    assert rows == [["Nyckeltal", "Utfall 2023", "Utfall 2024"], ["Sjukfrånvaro totalt", "7,9 %", "7,2 %"],
                    ["Antal anställda", "1 412", "1 398"], ["Andel heltid", "88 %"]]
    assert doc.blocks[-1].text == "Sjuktalen minskar."


def test_unfenced_run_of_another_municipality():
    doc = md("### Effektmått\n\n"
             "Mått                 Bokslut Bokslut Bokslut\n"
             "2022   2023   2024\n"
             "Sjukfrånvaro, andel av\n"
             "38,1 %  40,2 %  41,0 %\n"
             "sjukfrånvaro 60 dagar\n"
             "Sjukfrånvaro totalt 6,9 % 7,4 % 7,0 %\n"
             "Korttidssjukfrånvaro,\n"
             "3,1 %  3,3 %  3,0 %\n"
             "dagar 1-14\n\n"
             "4.2 Kompetensförsörjning\n")
    rows = [r.texts for r in doc.tables()[0][1].table.rows]
    assert rows == [["Mått", "Bokslut 2022", "Bokslut 2023", "Bokslut 2024"],
                    ["Sjukfrånvaro, andel av sjukfrånvaro 60 dagar", "38,1 %", "40,2 %", "41,0 %"],
                    ["Sjukfrånvaro totalt", "6,9 %", "7,4 %", "7,0 %"],
                    ["Korttidssjukfrånvaro, dagar 1-14", "3,1 %", "3,3 %", "3,0 %"]]
    assert doc.blocks[-1].kind is BlockKind.heading


@pytest.mark.parametrize("text,k,label,figures", [
    ("Anställda totalt 1 243 1 300 1 397 1 429 1 422", 5, "Anställda totalt",
     ["1 243", "1 300", "1 397", "1 429", "1 422"]),
    ("216           848           165           141", 4, "", ["216", "848", "165", "141"]),
    ("sjukfrånvaro 60 34,6 % 37,6 % 35,2 % 36,1 % 37,1 %", 5, "sjukfrånvaro 60",
     ["34,6 %", "37,6 %", "35,2 %", "36,1 %", "37,1 %"]),
    ("Kostnad äldreomsorg, kr/inv 65+ 61 637 64 751 66 654 70 419", 5, None, None),
])
def test_trailing_figures(text, k, label, figures):
    found = trailing_figures(text, k)
    if label is None:
        assert found is None
    else:
        assert (found[0], [f.text for f in found[1]]) == (label, figures)


# ---- what the finders get ---------------------------------------------------------------------------------


def test_sick_leave_from_the_collapsed_table(real_extraction):
    figures = {(f.category.value, f.period.year): f.percent for f in real_extraction("kungsbacka_vo").sick_leave}
    assert figures[("total", 2024)] == 10.0 and figures[("total", 2020)] == 10.5
    assert figures[("women", 2020)] == 10.7
    assert figures[("age_50_or_older", 2024)] == 11.8


def test_money_from_the_repaired_pipe_tables(real_extraction):
    lines = {(f.label, f.measure.value, f.period.year if f.period else None): f.amount_sek
             for f in real_extraction("kungsbacka_vo").financial_lines}
    assert lines[("Intäkter", "outcome", 2022)] == 756_400_000
    assert lines[("Förvaltning Gemensamt", "outcome", 2023)] == -5_800_000
    assert lines[("Summa nettoinvesteringar", "outcome", 2024)] == -5_500_000


def test_blocks_command_shows_the_tables(tmp_path):
    from click.testing import CliRunner

    from kommunrapport.cli import cli

    out = CliRunner().invoke(cli, ["blocks", str(real_path("kungsbacka_ga"))], prog_name="kommunrapport").output
    tables = [ln for ln in out.splitlines() if " table " in ln]
    assert len(tables) >= 25
    assert any("Namn\tBokslut 2021" in ln for ln in tables)
