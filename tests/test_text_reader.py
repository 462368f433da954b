"""The text reader on real reports: the tabbed corpus texts, a Markdown and a pdftotext -layout rendition."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from conftest import TEXT, text_path

from kommunrapport.models import BlockKind, Document, Table
from kommunrapport.read.text import detect_rendition, read_text
from kommunrapport.read.textblocks import clean_cell
from kommunrapport.tables.build import read_tables as read_document

RENDITIONS = Path(__file__).parent / "data" / "renditions"
ALINGSAS = "alingsas-sn-delarsbokslut-2023"
ALE = "ale-sn-namndplan-2024"
PERSONNEL = ["-137 901", "-133 941", "3 960", "-82 243", "-75 000", "-7 243"]
OPERATING_HEADER = ["Belopp i tkr", "Budget 2023", "Prognos helår 2023", "Avv. prognos/budget 2023",
                    "Delårsbokslut 2023", "Delårsbokslut 2022", "Diff. utfall 2022/2023"]


def table_starting(doc: Document, first_cell: str, containing: str) -> Table:
    """The first table whose first row starts with `first_cell` and names `containing`."""
    for _, block in doc.tables():
        texts = block.table.rows[0].texts
        if texts[0] == first_cell and containing in texts:
            return block.table
    raise AssertionError(f"no table starting {first_cell!r} in {doc.path}")


def table_at(doc: Document, line: int) -> Table:
    return next(b.table for _, b in doc.tables() if any(r.provenance.line == line for r in b.table.rows))


def row_of(table: Table, label: str) -> list[str]:
    return next(r.texts[1:] for r in table.rows if r.texts[0] == label)


@pytest.fixture(scope="module")
def renditions() -> dict[str, Document]:
    return {
        "tabbed": read_document(TEXT / f"{ALINGSAS}.txt"),
        "markdown": read_document(RENDITIONS / f"{ALINGSAS}.md"),
        "layout": read_document(RENDITIONS / f"{ALINGSAS}.layout.txt"),
    }


# ---- the tabbed corpus ---------------------------------------------------------------------------


def test_alingsas_operating_table_has_the_personnel_costs(document_of):
    table = table_starting(document_of("alingsas"), "Belopp i tkr", "Budget 2023")
    assert row_of(table, "Personalkostnader") == PERSONNEL
    assert table.rows[0].is_header and table.rows[0].texts == OPERATING_HEADER
    assert [r.is_header for r in table.rows[1:]] == [False] * 10
    assert table.caption == "Drift"


def test_ale_table_of_contents_and_headings_have_levels(document_of):
    doc = document_of("ale")
    toc = {b.text: b.level for b in doc.blocks if b.kind is BlockKind.toc}
    assert toc["3 Mål och uppdrag"] == 1
    assert len(toc) == 5 and set(toc.values()) == {1}
    headings = {b.text: b.level for _, b in doc.headings()}
    assert headings["3 Mål och uppdrag"] == 1
    assert headings["3.2 Av kommunfullmäktige fastställda mål"] == 2
    assert headings["3.2.1 Hållbar kompetensförsörjning"] == 3
    assert headings["4.1 Ekonomisk sammanställning"] == 2


def test_toc_names_the_unnumbered_headings_of_the_body(document_of):
    doc = document_of("alingsas")
    toc = [b.text for b in doc.blocks if b.kind is BlockKind.toc]
    assert toc[:3] == ["Verksamhet", "Måluppföljning", "Koppling till Agenda 2030"]
    assert toc[-1] == "Bilaga 1. Uppföljning av internkontrollplan 2023"
    headings = [b.text for _, b in doc.headings()]
    for title in ["Verksamhet", "Mål och nyckeltal", "Drift", "Investeringar", "Sjukfrånvaro"]:
        assert title in headings


def test_toc_matching_survives_a_hyphenated_line_break(document_of):
    # the TOC says ARBETSMARKNADSNÄMNDEN, the body ARBETS- MARKNADSNÄMNDEN
    headings = [b.text for _, b in document_of("sala").headings()]
    assert "VÅRD- OCH OMSORGSKONTORET, SOCIAL- OCH ARBETS- MARKNADSNÄMNDEN" in headings


@pytest.mark.parametrize("name, first, years, second", [
    ("ale", "Besluts/verksamhetsområden", ["2023", "", "2024"], ["", "Prognos", "Budget", "Budget"]),
    ("linkoping", "Socialnämndens indikatorer", ["2016", "2017", "2018"],
     ["", "", "", "Utfall per 31 aug.", "Målvärde", "Prognos"]),
])
def test_header_spread_over_two_lines_is_two_header_rows(document_of, name, first, years, second):
    table = table_starting(document_of(name), first, years[0])
    assert table.rows[0].texts == [first, *years]
    assert table.rows[1].texts == second
    assert table.rows[0].is_header and table.rows[1].is_header
    assert not table.rows[2].is_header


def test_ale_operating_rows_under_the_two_row_header(document_of):
    table = table_starting(document_of("ale"), "Besluts/verksamhetsområden", "2023")
    assert row_of(table, "Totalt") == ["-690 434", "-683 434", "-738 467"]
    assert len(table.body_rows) == 6


def test_a_one_row_goal_table_is_not_a_header(document_of):
    table = table_at(document_of("alingsas"), 98)          # the goal and its long analysis
    assert len(table.rows) == 1
    assert table.rows[0].texts[0] == "Att socialnämnden har samordnade insatser"
    assert not table.rows[0].is_header


def test_a_key_figure_header_inside_a_goal_table_is_marked(document_of):
    table = table_at(document_of("alingsas"), 107)
    assert [r.is_header for r in table.rows] == [False, True, False]
    assert table.rows[1].texts == ["Nyckeltal", "Mål 2023", "Utfall 31 aug 2023", "Utfall 2022"]


def test_continued_rows_keep_their_empty_first_cells(document_of):
    table = table_starting(document_of("strangnas"), "Perspektiv", "Målbedömning")
    assert table.rows[2].texts == ["", "Kommunens äldre ska ges stöd att fortsätta leva sin valda livsstil", "Uppfyllt"]


def test_html_in_cells_becomes_clean_text_with_paragraph_breaks(document_of):
    doc = document_of("alingsas")
    table = table_at(doc, 152)
    row = next(r for r in table.rows if r.provenance.line == 152)
    assert row.texts == ["Nöjd med bemötandet via telefoni, index 0-100\nKälla: Servicemätning Brilliant Future",
                         "82,2", "82,2 (vård, omsorg och sociala frågor)\n80,5 (hela kommunen)", "-"]
    for name in ["ale", "alingsas", "linkoping", "sala", "strangnas"]:
        for _, block in document_of(name).tables():
            for r in block.table.rows:
                assert not any("<p" in c or "</" in c or "<br" in c for c in r.texts), r.texts


def test_clean_cell_handles_lists_underline_italics_and_breaks():
    assert clean_cell("<ul><li>Ett</li><li>Två</li></ul>") == "Ett\nTvå"
    assert clean_cell("<u>Rubrik</u><br>text &amp; mer") == "Rubrik\ntext & mer"
    assert clean_cell("<i>varav kostnader</i>") == "varav kostnader"
    assert clean_cell("<p>a</p> <p>b</p>") == "a\nb"
    assert clean_cell("<29 år") == "<29 år"


def test_separator_rows_are_dropped(document_of):
    for name in ["alingsas", "strangnas"]:
        for _, block in document_of(name).tables():
            for r in block.table.rows:
                assert not all(set(c) <= set("-–— ") for c in r.texts), r.texts


def test_table_caption_is_the_short_line_above(document_of):
    table = table_starting(document_of("strangnas"), "", "Utfall intäkter 2023")
    assert table.caption == "Driftredovisning per verksamhet (mkr)"
    sick = table_starting(document_of("alingsas"), "Sjukfrånvaro* (%)", "2023")
    assert sick.caption == "Sjukfrånvaro"


def test_block_lines_point_at_the_real_lines():
    for path in sorted(TEXT.glob("*.txt")):
        raw = path.read_text(encoding="utf-8").split("\n")
        doc = read_document(path)
        for block in doc.blocks:
            if block.kind is BlockKind.table:
                for row in block.table.rows:
                    line = raw[row.provenance.line - 1]
                    assert "\t" in line and row.texts[0][:10] in clean_cell(line.split("\t")[0]), (path, row)
            elif block.kind in (BlockKind.heading, BlockKind.paragraph):
                assert block.text[:15] in clean_cell(raw[block.provenance.line - 1]), (path.name, block)


def test_personnel_row_is_on_line_180(document_of):
    table = table_starting(document_of("alingsas"), "Belopp i tkr", "Budget 2023")
    row = next(r for r in table.rows if r.texts[0] == "Personalkostnader")
    assert row.provenance.line == 180


def test_goal_statements_and_numbered_lists_are_not_headings(document_of):
    kinds = {b.text: b.kind for b in document_of("strangnas").blocks}
    assert kinds["1. godkänna årsrapport 2023 för socialnämnden"] is BlockKind.list_item
    assert kinds["Socialnämndens mål: Ökat inflytande och delaktighet för invånare och brukare"] \
        is BlockKind.paragraph
    assert kinds["Målet är uppnått"] is BlockKind.paragraph
    kinds = {b.text: b.kind for b in document_of("linkoping").blocks}
    assert kinds["Antal hushåll i Linköping som uppbär försörjningsstöd ska minska 2018"] is BlockKind.paragraph
    footnote = next(b for b in document_of("linkoping").blocks if b.text.startswith("* Periodiserad budget"))
    assert footnote.kind is BlockKind.paragraph                    # `* text` outside Markdown is a footnote


def test_a_paragraph_broken_by_a_blank_line_is_joined(document_of):
    block = next(b for b in document_of("alingsas").blocks if b.text.startswith("Utfallet under perioden januari"))
    assert block.kind is BlockKind.paragraph and block.provenance.line == 202
    assert "i linje med budget beaktat den aktuella semesterlöneskulden. Det finns" in block.text


def test_upper_case_lines_are_headings(document_of):
    headings = [b.text for _, b in document_of("sala").headings()]
    assert "PERIODENS RESULTAT" in headings and "EU-BIDRAG" in headings


def test_emphasis_markers_are_stripped(document_of):
    texts = [b.text for b in document_of("linkoping").blocks]
    assert not any("**" in t for t in texts)
    assert "Socialförvaltningen redovisar ett överskott med 1,9 mnkr per den siste augusti. Målet är uppnått." in texts


def test_corpus_texts_are_the_tabbed_rendition(document_of):
    for name in ["ale", "alingsas", "linkoping", "sala", "strangnas"]:
        doc = document_of(name)
        assert doc.rendition == "tabbed" and doc.format == "text" and doc.pages is None


# ---- the same report in three renditions ---------------------------------------------------------


def test_the_rendition_is_told_from_the_content(renditions, tmp_path):
    assert {k: d.rendition for k, d in renditions.items()} == {k: k for k in renditions}
    # not from the file name: the Markdown rendition saved as .txt is still Markdown
    copy = tmp_path / "report.txt"
    copy.write_bytes((RENDITIONS / f"{ALINGSAS}.md").read_bytes())
    assert read_document(copy).rendition == "markdown"


def test_operating_table_has_the_same_cells_in_every_rendition(renditions):
    tables = {k: table_starting(d, "Belopp i tkr", "Budget 2023") for k, d in renditions.items()}
    cells = {k: [r.texts for r in t.rows] for k, t in tables.items()}
    assert cells["markdown"] == cells["tabbed"]
    assert cells["layout"] == cells["tabbed"]
    for t in tables.values():
        assert row_of(t, "Personalkostnader") == PERSONNEL
        assert [r.is_header for r in t.rows] == [True] + [False] * 10
        assert t.caption == "Drift"


def test_sick_leave_and_investment_tables_agree_across_renditions(renditions):
    for first, containing in [("Sjukfrånvaro* (%)", "2023"), ("Belopp i tkr", "Prognos helår 2023")]:
        found = [table_starting(d, first, containing) for d in renditions.values()]
        assert all(t.rows[0].texts == found[0].rows[0].texts for t in found)
        assert all(len(t.body_rows) == len(found[0].body_rows) for t in found)
    sick = table_starting(renditions["layout"], "Sjukfrånvaro* (%)", "2023")
    assert sick.rows[0].texts == ["Sjukfrånvaro* (%)", "2023", "2022", "Differens"]
    assert row_of(sick, "Dag 59>") == ["5,3", "6,7", "-1,4"]


def test_layout_pages_and_running_headers(renditions):
    doc = renditions["layout"]
    assert doc.pages == 18
    assert all(b.provenance.page for b in doc.blocks)
    operating = next(b for _, b in doc.tables() if b.table.rows[0].texts[0] == "Belopp i tkr")
    assert operating.provenance.page == 12
    texts = [b.text for b in doc.blocks]
    assert not any("Sida" in t and " av 18" in t for t in texts)          # footer with the page number
    assert "Socialnämnden Delårsbokslut 2023" not in texts                 # running header


def test_layout_joins_wrapped_labels_and_hyphenated_words(renditions):
    table = table_starting(renditions["layout"], "Belopp i tkr", "Budget 2023")
    assert row_of(table, "Verksamhetens nettokostnader")[0] == "-224 047"
    investment = [t for _, b in renditions["layout"].tables() for t in [b.table]
                  if b.table.rows[0].texts[0] == "Belopp i tkr"][1]
    assert row_of(investment, "Anpassningsinvestering") == ["0"] * 6
    paragraph = next(b.text for b in renditions["layout"].blocks if b.text.startswith("Under året har nämnden"))
    assert "verksamheten för barn och unga" in paragraph                      # `verksam-` + `heten`


def test_layout_toc_levels_come_from_indentation(renditions):
    toc = {b.text: b.level for b in renditions["layout"].blocks if b.kind is BlockKind.toc}
    assert toc["Ekonomi"] == 1 and toc["Drift"] == 2 and toc["Sjukfrånvaro"] == 2
    headings = {b.text: b.level for _, b in renditions["layout"].headings()}
    assert headings["Ekonomi"] == 1 and headings["Drift"] == 2


def test_layout_ale_two_row_header_and_thousands(tmp_path):
    doc = read_document(RENDITIONS / f"{ALE}.layout.txt")
    assert doc.rendition == "layout" and doc.pages == 22
    toc = {b.text: b.level for b in doc.blocks if b.kind is BlockKind.toc}
    assert toc["3 Mål och uppdrag"] == 1
    table = table_starting(doc, "Besluts/verksamhetsområden", "2024")
    assert table.rows[1].texts == ["", "Prognos", "Budget", "Budget"]
    assert [r.is_header for r in table.rows[:3]] == [True, True, False]
    assert row_of(table, "Totalt") == ["-690 434", "-683 434", "-738 467"]
    plan = table_starting(doc, "(belopp i tkr)", "2024")
    assert row_of(plan, "Årsanslag") == ["2 000"] * 4           # printed `2 000 2 000 2 000 2 000`


def test_markdown_headings_tables_and_emphasis():
    md = "\n".join([
        "# Årsrapport", "", "## 1 Ekonomi", "", "Text med **fet** och *kursiv* stil,", "som fortsätter här.", "",
        "### Driftredovisning (tkr)", "", "| Verksamhet | Budget 2024 | Utfall 2024 |", "|---|---:|---:|",
        "| Äldreomsorg | -1 200 | -1 100 |", "| **Summa** | -1 200 | -1 100 |", "", "- en punkt", "* en till", "",
        "Rubrik", "======",
    ])
    assert detect_rendition(md) == "markdown"
    doc = read_text(md, "x.md")
    kinds = [(b.kind.value, b.level, b.text) for b in doc.blocks if b.kind is not BlockKind.table]
    assert kinds == [
        ("heading", 1, "Årsrapport"), ("heading", 2, "1 Ekonomi"),
        ("paragraph", None, "Text med fet och kursiv stil, som fortsätter här."),
        ("heading", 3, "Driftredovisning (tkr)"), ("list_item", None, "en punkt"), ("list_item", None, "en till"),
        ("heading", 1, "Rubrik"),
    ]
    table = next(b for _, b in doc.tables())
    assert [r.texts for r in table.table.rows] == [["Verksamhet", "Budget 2024", "Utfall 2024"],
                                                   ["Äldreomsorg", "-1 200", "-1 100"], ["Summa", "-1 200", "-1 100"]]
    assert [r.is_header for r in table.table.rows] == [True, False, False]
    assert table.table.caption == "Driftredovisning (tkr)"
    assert table.provenance.line == 10


def test_markdown_rendition_keeps_heading_levels(renditions):
    headings = {b.text: b.level for _, b in renditions["markdown"].headings()}
    assert headings["Ekonomi"] == 1 and headings["Drift"] == 2


def test_text_path_fixture_finds_the_corpus():
    assert text_path("alingsas").name == f"{ALINGSAS}.txt"


# ---- encodings -----------------------------------------------------------------------------------

ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8 with BOM": lambda t: t.encode("utf-8-sig"),
    "utf-16 LE with BOM": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16 BE with BOM": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "cp1252": lambda t: t.encode("cp1252"),
    "utf-8 CRLF": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "cp1252 CRLF": lambda t: t.replace("\n", "\r\n").encode("cp1252"),
    "utf-16 CRLF": lambda t: t.replace("\n", "\r\n").encode("utf-16"),
}


def _shape(doc: Document) -> list:
    return [(b.kind, b.level, b.text, b.provenance.line, b.table and [r.texts for r in b.table.rows])
            for b in doc.blocks]


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_every_encoding_reads_the_same_blocks(encoding, tmp_path, document_of):
    original = text_path("ale")
    variant = tmp_path / original.name
    variant.write_bytes(ENCODINGS[encoding](original.read_text(encoding="utf-8")))
    doc = read_document(variant)
    assert _shape(doc) == _shape(document_of("ale"))
    assert "3 Mål och uppdrag" in [b.text for _, b in doc.headings()]


def test_cp1252_fallback_keeps_swedish_letters(tmp_path):
    path = tmp_path / "rapport.txt"
    path.write_bytes("Innehåll\n\nÅrets resultat\t2023\nÖvriga kostnader\t-1 200\n".encode("cp1252"))
    doc = read_document(path)
    assert [r.texts for r in doc.tables()[0][1].table.rows] == [["Årets resultat", "2023"],
                                                                 ["Övriga kostnader", "-1 200"]]


def test_without_a_toc_label_lines_above_text_are_headings(tmp_path):
    # the covering letter of the Strängnäs report has no table of contents of its own
    head = "\n".join(text_path("strangnas").read_text(encoding="utf-8").split("\n")[:75])
    path = tmp_path / "skrivelse.txt"
    path.write_text(head, encoding="utf-8")
    kinds = {b.text: b.kind for b in read_document(path).blocks}
    for heading in ["Beskrivning av ärendet", "Ekonomiska konsekvenser för kommunen", "Barnkonsekvenser"]:
        assert kinds[heading] is BlockKind.heading
    for line in ["Annika Westin", "Kommunstyrelsen", "Socialnämnden beslutar att"]:
        assert kinds[line] is BlockKind.paragraph
    path.write_text("Uppföljning\n\nMålet är uppnått\n\nVerksamheten har under året arbetat med att stärka "
                    "samverkan mellan enheterna och resultatet syns i brukarundersökningen.\n", encoding="utf-8")
    kinds = {b.text: b.kind for b in read_document(path).blocks}
    assert kinds["Målet är uppnått"] is BlockKind.paragraph


@pytest.mark.parametrize("text, rendition", [
    ("Rubrik\n\nText\tmed\ttabbar\nRad\t1\t2\nRad\t3\t4\n", "tabbed"),
    ("# Rubrik\n\n## Under\n\nText.\n", "markdown"),
    ("Text\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", "markdown"),
    ("**Ekonomi**\n\nText.\n\n**Drift**\n\nMer text.\n\n**Personal**\n", "markdown"),
    ("Rubrik\n  Verksamhet        100     200\n\fSida 2\n", "layout"),
    ("Ej uppfyllt  | Delvis uppfyllt  | Helt uppfyllt\nA\tb\nC\td\nE\tf\n", "tabbed"),
    ("Bara en rad text.\n", "tabbed"),
])
def test_detect_rendition(text, rendition):
    assert detect_rendition(text) == rendition


def test_layout_tables_of_text_keep_their_rows(renditions):
    doc = renditions["layout"]
    goals = table_starting(doc, "Nämndens mål", "Bedömning")
    assert goals.rows[0].texts == ["Nämndens mål", "Kommentar/ analys", "Bedömning"]
    assert goals.rows[0].is_header
    assert goals.rows[1].texts[0].startswith("Indikator: Ej återaktualiserade vuxna personer")
    assert goals.rows[2].texts[0] == "Antal personer som blir självförsörjande ska öka"
    assert goals.rows[2].texts[1].startswith("Förvaltningens arbete med att stödja biståndsmottagare till att bli")
    tabbed = [b.table.rows[0].texts[0] for _, b in renditions["tabbed"].tables() if len(b.table.rows) == 1]
    layout = [b.table.rows[0].texts[0] for _, b in doc.tables()]
    assert "Att socialnämnden har samordnade insatser" in tabbed and "Att socialnämnden har samordnade insatser" in layout
