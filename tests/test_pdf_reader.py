"""The PDF reader on real pages of the Alingsås PDF rendition, and on bad PDFs built here."""
from __future__ import annotations

import pytest
from conftest import pdf_path
from PIL import Image

from kommunrapport.models import BlockKind
from kommunrapport.read import pdf as pdf_reader
from kommunrapport.read.errors import UnreadableDocument
from kommunrapport.read.pdf_colours import colour_of, dominant_colour, pixels_of, to_rgb
from kommunrapport.read.pdf_layout import Line, fix_text, join_lines, split_columns
from kommunrapport.tables.build import read_tables as read_document


@pytest.fixture(scope="module")
def alingsas(document_of):
    return document_of("alingsas", kind="pdf")


def _table_starting(doc, text):
    return next(b.table for _, b in doc.tables() if b.table.rows[0].cells[0].text.startswith(text)
                or any(r.cells[0].text.startswith(text) for r in b.table.rows[:2]))


def test_document_shape(alingsas):
    assert alingsas.format == "pdf" and alingsas.rendition == "pdf" and alingsas.pages == 18
    assert all(b.provenance.page for b in alingsas.blocks)
    assert all(b.provenance.bbox for b in alingsas.blocks)


def test_headings_have_levels_from_toc_and_fonts(alingsas):
    heads = {b.text: b.level for _, b in alingsas.headings()}
    assert heads["Ekonomi"] == 1
    assert heads["Drift"] == 2
    assert heads["Sjukfrånvaro"] == 2
    toc = [b for b in alingsas.blocks if b.kind is BlockKind.toc]
    assert [b.text for b in toc[:3]] == ["Verksamhet", "Måluppföljning", "Koppling till Agenda 2030"]
    assert [b.level for b in toc[:3]] == [1, 1, 2]


def test_running_header_footer_and_page_numbers_left_out(alingsas):
    texts = [b.text for b in alingsas.blocks]
    assert not any("Sida 6 av 18" in t or t.startswith("Socialnämnden Delårsbokslut 2023") for t in texts)
    assert not any(t.strip() == "Alingsås kommun Sida 3 av 18" for t in texts)


def test_ruled_money_table_cells_as_in_text(alingsas):
    table = _table_starting(alingsas, "Belopp i tkr")
    assert table.caption == "Drift"
    assert table.rows[0].is_header and not table.rows[1].is_header
    personnel = next(r for r in table.rows if r.texts[0] == "Personalkostnader")
    assert personnel.texts[1] == "-137 901"
    assert table.rows[0].texts[3] == "Avv. prognos/budget 2023"


def test_unruled_table_by_text_alignment_with_wrapped_header(alingsas):
    block = next(b for _, b in alingsas.tables() if b.table.rows[0].texts[0].startswith("Sjukfrånvaro"))
    assert block.provenance.method == "table:unruled"
    assert block.table.rows[0].texts == ["Sjukfrånvaro* (%)", "2023", "2022", "Differens"]  # `Diffe-` + `rens`
    assert block.table.rows[1].texts == ["Total sjukfrånvaro", "8,2", "11,2", "-3,0"]
    assert len(block.table.rows) == 10


def test_table_continued_on_next_page_is_joined_with_cut_row_made_whole(alingsas):
    table = _table_starting(alingsas, "Att socialnämnden har samordnade insatser")
    assert len(table.rows) == 1
    analysis = table.rows[0].cells[1].text
    assert analysis.startswith("Genom att insatser aktivt samordnas")
    assert analysis.endswith("institutioner på alla nivåer")          # the last word stands on page 8
    assert "\n" in analysis                                               # paragraphs kept


def test_assessment_dots_read_as_colours(alingsas):
    green = _table_starting(alingsas, "Att socialnämnden har samordnade insatser").rows[0].cells[2]
    assert green.colour.name == "green" and green.text == "●"
    red = _table_starting(alingsas, "De som tar kontakt med socialförvaltningen via e-post och får").rows[0].cells[2]
    assert red.colour.name == "red"
    assert red.colour.raw == "(0.85, 0.1, 0.1)"


def test_legend_line_has_one_colour_per_label(alingsas):
    legend = next(b for b in alingsas.blocks if b.text.startswith("Ej uppfyllt |"))
    assert legend.text == "Ej uppfyllt | Delvis uppfyllt | I hög grad uppfyllt | Helt uppfyllt"
    assert [c.name for c in legend.colours] == ["red", "yellow", "green", "green"]


def test_coloured_bullets_are_list_items(alingsas):
    items = [b for b in alingsas.blocks if b.kind is BlockKind.list_item and b.text.startswith("Kontrollen är")]
    assert [b.colour.name for b in items] == ["green", "yellow"]


def test_hyphenation_repaired_in_paragraphs(alingsas):
    text = next(b.text for b in alingsas.blocks if b.text.startswith("Pulsmätningen är"))
    assert "arbetsmiljön" in text and "arbetsmil-" not in text


def test_join_lines_keeps_shared_suffix_dash():
    assert join_lines(["Arbets-", "marknadsnämnden"]) == "Arbetsmarknadsnämnden"
    assert join_lines(["Social-", "och arbetsmarknadsnämnden"]) == "Social- och arbetsmarknadsnämnden"
    assert join_lines(["Covid-", "19"]) == "Covid-19"


def test_ligatures_expanded():
    assert fix_text("ﬁnansiering ﬂöde") == "finansiering flöde"


def test_two_columns_read_column_by_column():
    def word(text, x0, top):
        return {"text": text, "x0": x0, "x1": x0 + 200, "top": top, "bottom": top + 10, "size": 10, "fontname": "F"}

    lines = [Line(1, [word(f"L{i}", 50, 100 + 14 * i), word(f"R{i}", 320, 100 + 14 * i)]) for i in range(12)]
    ordered = split_columns(lines, 595)
    assert [ln.text for ln in ordered] == [f"L{i}" for i in range(12)] + [f"R{i}" for i in range(12)]


@pytest.mark.parametrize("value, name", [
    ((0.0, 0.6, 0.2), "green"), ((0.85, 0.1, 0.1), "red"), ((1.0, 0.8, 0.0), "yellow"),
    (0.5, "grey"), ((0, 0, 0, 1), "black"), ((0.9, 0.0, 0.9, 0.0), "green"), ((0.0, 0.5, 0.9), "blue"),
    ([0.0, 0.6, 0.2, "P0"], "green"), (1, "white"),
])
def test_colour_names_for_grey_rgb_cmyk_and_pattern_values(value, name):
    assert colour_of(value).name == name


def test_colour_value_without_numbers_is_none():
    assert to_rgb(("P0",)) is None and colour_of(None) is None


def test_marker_image_dominant_colour():
    image = Image.new("RGB", (11, 11), "white")
    for x in range(2, 9):
        for y in range(2, 9):
            image.putpixel((x, y), (0, 153, 51))
    assert dominant_colour(pixels_of(image)).name == "green"


# ---- bad PDFs ---------------------------------------------------------------------------------


def build_pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A minimal PDF: numbered objects, a correct xref table and trailer."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra
    out += b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _page(resources: bytes, content: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources + b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]


def test_scanned_pdf_without_text_layer(tmp_path):
    image = (b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
             b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream")
    path = tmp_path / "scan.pdf"
    path.write_bytes(build_pdf(_page(b"<< /XObject << /Im1 5 0 R >> >>", b"q 200 0 0 200 100 500 cm /Im1 Do Q")
                               + [image]))
    with pytest.raises(UnreadableDocument, match="no text layer.*OCR is not done"):
        read_document(path)


def test_encrypted_pdf(tmp_path):
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> >>"
    objects = _page(b"<< /Font << /F1 5 0 R >> >>", b"BT /F1 12 Tf 72 720 Td (Hemlig) Tj ET")
    objects += [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", encrypt]
    path = tmp_path / "locked.pdf"
    path.write_bytes(build_pdf(objects, b"/Encrypt 6 0 R /ID [<00112233445566778899aabbccddeeff>"
                                        b"<00112233445566778899aabbccddeeff>] "))
    with pytest.raises(UnreadableDocument, match="encrypted"):
        read_document(path)


def test_truncated_pdf(tmp_path):
    data = pdf_path("alingsas").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(UnreadableDocument, match="damaged or truncated"):
        read_document(path)


def test_not_a_pdf(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not really a PDF\n")
    with pytest.raises(UnreadableDocument, match="not a readable PDF"):
        read_document(path)


def test_a_failing_page_is_a_warning_and_the_others_are_read(monkeypatch):
    real = pdf_reader.read_page

    def flaky(page, *args, **kwargs):
        if page.page_number == 2:
            raise ValueError("broken content stream")
        return real(page, *args, **kwargs)

    monkeypatch.setattr(pdf_reader, "read_page", flaky)
    doc = read_document(pdf_path("sala"))
    assert [w.code for w in doc.warnings] == ["page_failed"]
    assert doc.warnings[0].provenance.page == 2
    assert doc.pages == 11 and any(b.provenance.page == 5 for b in doc.blocks)


def test_outline_gives_heading_levels():
    import pdfplumber

    with pdfplumber.open(pdf_path("goteborg_revisorskollegiet")) as pdf:
        outline = pdf_reader.read_outline(pdf)
    assert outline[0] == (1, "Stadsrevisionen sammanfattargranskningen av verksamhetsåret 2022")
    assert (3, "Kritik riktas till grundskolenämnden") in outline


def test_an_image_repeated_at_one_place_is_a_logo_not_a_marker():
    from kommunrapport.read.pdf_colours import RepeatedImages

    logos = RepeatedImages()
    logo = {"x0": 40.0, "top": 30.0, "x1": 52.0, "bottom": 42.0}
    assert [logos.seen(logo, page) for page in (1, 2, 3, 4)] == [False, False, True, True]
    assert not logos.seen({**logo, "top": 300.0}, 4)


def test_cell_background_fill_is_a_colour_but_a_pastel_header_fill_is_not():
    from types import SimpleNamespace

    from kommunrapport.read.pdf_colours import background_fills

    def rect(colour, y):
        return {"x0": 400.0, "x1": 460.0, "top": y, "bottom": y + 30.0, "fill": True, "non_stroking_color": colour}

    page = SimpleNamespace(rects=[rect((0.86, 0.9, 0.95), 100.0), rect((0.0, 0.69, 0.31), 140.0)], curves=[])
    assert [m.colour.name for m in background_fills(page)] == ["green"]


# ---- headings: set apart by the fonts AND not a sentence ----------------------------------------


@pytest.mark.parametrize("text", ["Målet är uppnått", "Målet är delvis uppnått", "Kommentar:", "Kommentar: bra",
                                  "i grundskolan", "Budgeten ska vara i balans", "Resultatet blev bättre.",
                                  "Totalt utfall = utfall från projektets början"])
def test_statements_labels_and_sentences_are_not_headings(text):
    from kommunrapport.read.pdf_blocks import is_sentence

    assert is_sentence(text)


@pytest.mark.parametrize("text", ["Sjukfrånvaro", "Ekonomi och verksamhet", "Driftredovisning per verksamhet (tkr)",
                                  "Perspektiv Invånare", "Utfall, prognos och prognosförändring", "2024 i korthet"])
def test_titles_are_not_sentences(text):
    from kommunrapport.read.pdf_blocks import is_sentence

    assert not is_sentence(text)


def test_figure_and_table_numbers_are_captions():
    from kommunrapport.read.pdf_blocks import BLOCK_SETTINGS, is_caption

    assert is_caption("Diagram 5", BLOCK_SETTINGS) and is_caption("Tabell 2: Nettokostnad", BLOCK_SETTINGS)
    assert not is_caption("Diagrammet visar andel elever", BLOCK_SETTINGS)
    assert not is_caption("Bilaga 1. Nyckeltalsbilaga", BLOCK_SETTINGS)


@pytest.fixture(scope="module")
def strangnas(document_of):
    return document_of("strangnas", kind="pdf")


def _blocks_named(doc, text):
    return [b for b in doc.blocks if b.text == text]


def test_bold_verdict_is_a_bold_paragraph_as_in_the_text(strangnas, document_of):
    verdicts = _blocks_named(strangnas, "Målet är uppnått")
    assert len(verdicts) >= 5
    assert all(b.kind is BlockKind.paragraph and b.bold for b in verdicts)
    assert {b.kind for b in _blocks_named(document_of("strangnas"), "Målet är uppnått")} == {BlockKind.paragraph}


def test_bold_chart_number_is_a_paragraph_and_its_title_a_heading(strangnas):
    assert [b.kind for b in _blocks_named(strangnas, "Diagram 5")] == [BlockKind.paragraph]
    assert [b.kind for b in _blocks_named(strangnas, "Sjukfrånvaro totalen")] == [BlockKind.heading]


def test_recurring_bold_field_label_is_a_paragraph_but_a_numbered_goal_is_a_heading(document_of):
    ale = document_of("ale", kind="pdf")
    labels = _blocks_named(ale, "Planeringskommentar")
    assert len(labels) >= 3 and all(b.kind is BlockKind.paragraph and b.bold for b in labels)
    goal = next(b for b in ale.blocks if b.text.startswith("3.3.1 Det salutogena förhållningssättet ska"))
    assert goal.kind is BlockKind.heading and goal.level == 3
