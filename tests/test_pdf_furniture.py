"""Page furniture and pictures of real PDFs: a table pasted as an image is reported, symbol-font
bullets are list items, page numbers are never headings or captions."""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from conftest import DATA, real_path
from PIL import Image, ImageDraw

from kommunrapport.read import pdf as pdf_reader
from kommunrapport.read.pdf_images import image_only, is_graphic

PAGES = DATA / "pages"


def page_path(name: str) -> Path:
    """A single real page cut out of a corpus document (tests/data/pages)."""
    return sorted(PAGES.glob(f"{name}*.pdf"))[0]


# ---- a table that is a picture ----------------------------------------------------------------


def test_a_table_pasted_as_an_image_is_an_image_only_warning_with_its_box():
    # Alingsås BUN lokalförsörjningsplan p. 12: the first capacity table is a picture, the second
    # one below it has a text layer; the municipality's logo in the corner is no table
    doc = pdf_reader.read_pdf(page_path("alingsas_bun_lokalforsorjningsplan"))
    pictures = [w for w in doc.warnings if w.code == "image_only"]
    assert len(pictures) == 1
    prov = pictures[0].provenance
    assert prov.page == 1 and prov.method == "reader:pdf_images"
    assert prov.bbox == pytest.approx((76.5, 113.4, 518.6, 171.0), abs=1)
    assert "no OCR" in pictures[0].message
    assert any("Förskola" in b.text for b in doc.blocks)     # the text of the page is read as before


@pytest.mark.parametrize("page, expected", [
    (4, 1),     # an organisation chart pasted as a picture, nothing of it in the text layer
    (7, 0),     # a photograph
    (1, 0),     # three photographs across the cover
])
def test_photographs_are_not_reported_but_a_chart_picture_is(page, expected):
    with pdfplumber.open(real_path("simrishamn")) as pdf:
        content = pdf_reader.read_page(pdf.pages[page - 1])
    assert len(content.pictures) == expected


@pytest.mark.parametrize("page", [2, 5])
def test_a_dark_cover_illustration_and_a_background_under_text_are_not_reported(page):
    # Göteborg Stadsrevisionen 2023: p. 2 a dark line-art cover, p. 5 a photo with the text set over it
    with pdfplumber.open(real_path("goteborg_revisorskollegiet_arsrapport_2023")) as pdf:
        p = pdf.pages[page - 1]
        assert p.images and image_only(p, p.extract_words()) == []


def test_flat_colours_on_white_are_a_graphic_and_spread_colours_are_a_photograph():
    table = Image.new("RGB", (200, 80), "white")
    draw = ImageDraw.Draw(table)
    for y in range(0, 80, 16):
        draw.line([(0, y), (199, y)], fill=(30, 30, 30))
    draw.rectangle([0, 0, 199, 15], fill=(47, 84, 150))
    assert is_graphic(table)
    photo = Image.new("RGB", (64, 64))
    photo.putdata([((x * 37 + y * 11) % 256, (x * 5 + y * 29) % 256, (x * y) % 256) for y in range(64) for x in range(64)])
    assert not is_graphic(photo)
    dark = Image.new("RGB", (100, 100), (55, 65, 80))
    ImageDraw.Draw(dark).line([(0, 50), (99, 50)], fill="white")
    assert not is_graphic(dark)


# ---- symbol-font bullets ----------------------------------------------------------------------
# No document of the corpus has them (its Symbol-font bullets map to U+2022), so the PDF is made
# here the way Word writes one: a font whose ToUnicode map sends the bullet's code to U+F0B7.

_TO_UNICODE = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def "
               b"/CMapType 2 def 1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <95> <F0B7> "
               b"endbfchar endcmap CMapName currentdict /CMap defineresource pop end end")


def _symbol_bullet_pdf(path: Path) -> Path:
    from test_pdf_reader import build_pdf

    def line(font: bytes, size: int, y: int, text: bytes) -> bytes:
        return b"BT /%s %d Tf 72 %d Td (%s) Tj ET\n" % (font, size, y, text)

    content = (line(b"F2", 14, 760, b"M\xe5l f\xf6r n\xe4mnden")
               + line(b"F1", 11, 730, b"N\xe4mnden arbetar mot tre m\xe5l under \xe5ret, och de f\xf6ljs upp varje tertial.")
               + line(b"F1", 11, 710, b"\x95   Minska sjukfr\xe5nvaron bland medarbetarna")
               + line(b"F1", 11, 692, b"\x95Alla barn ska erbjudas plats i f\xf6rskolan")
               + line(b"F2", 11, 674, b"\x95   Uppdrag")
               + line(b"F1", 11, 650, b"Arbetet f\xf6ljs upp i n\xe4sta rapport."))
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding /ToUnicode 7 0 R >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        font % b"Helvetica",
        font % b"Helvetica-Bold",
        b"<< /Length %d >>\nstream\n" % len(_TO_UNICODE) + _TO_UNICODE + b"\nendstream",
    ]
    path.write_bytes(build_pdf(objects))
    return path


def test_symbol_font_bullets_of_a_pdf_are_list_items_not_headings(tmp_path):
    path = _symbol_bullet_pdf(tmp_path / "bullets.pdf")
    with pdfplumber.open(path) as pdf:
        assert "\uf0b7" in pdf.pages[0].extract_text()           # the text layer holds the private-use glyph
    doc = pdf_reader.read_pdf(path)
    kinds = [(b.kind.value, b.text) for b in doc.blocks]
    assert ("list_item", "Minska sjukfrånvaron bland medarbetarna") in kinds
    assert ("list_item", "Alla barn ska erbjudas plats i förskolan") in kinds    # glyph glued to its text
    assert ("list_item", "Uppdrag") in kinds                                     # bold, short: still an item
    assert not any("\uf0b7" in b.text or "•" in b.text for b in doc.blocks)
    assert [b.text for b in doc.blocks if b.kind.value == "heading"] == ["Mål för nämnden"]


@pytest.mark.parametrize("glyph", ["\uf0b7", "\uf0a7", "\uf0d8", "\uf076", "\uf0fc", "\ue000"])
def test_symbol_font_bullets_of_a_text_rendition_are_list_items(glyph):
    from kommunrapport.read.text import read_text

    doc = read_text("MÅL FÖR NÄMNDEN\n\nNämnden arbetar mot två mål under året.\n\n"
                    f"{glyph} MINSKAD SJUKFRÅNVARO\n{glyph}Alla barn ska erbjudas plats i förskolan\n", "rapport.txt")
    items = [b.text for b in doc.blocks if b.kind.value == "list_item"]
    assert items == ["MINSKAD SJUKFRÅNVARO", "Alla barn ska erbjudas plats i förskolan"]
    assert [b.text for b in doc.blocks if b.kind.value == "heading"] == ["MÅL FÖR NÄMNDEN"]


# ---- page numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["14 (26)", "Sida 3 av 12", "3/12", "SID 3 (36)", "Sidan 4 av 9", "Page 6 of 35",
                                  "- 3 -", "12"])
def test_page_number_shapes(text):
    from kommunrapport.read.furniture import is_page_number
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["Budget 2026", "3.2 Mål och uppdrag", "Sida", "14 (26) tkr", "Tabell 3 av 12 mål"])
def test_not_page_numbers(text):
    from kommunrapport.read.furniture import is_page_number
    assert not is_page_number(text)


def test_a_page_number_just_inside_the_margin_is_neither_heading_nor_the_next_tables_caption():
    # Göteborg Intraservice delårsrapport: `5 (26)` stands a point above the bottom margin band; it was
    # read as a numbered heading and as the caption of the table that opens page 6
    from kommunrapport.read.dispatch import read_document
    from kommunrapport.read.furniture import is_page_number
    from kommunrapport.tables.build import build_tables

    doc = build_tables(read_document(real_path("goteborg_intraservice_delarsrapport_2026-03.pdf"), pages=[3, 5, 6]))
    assert not [b.text for b in doc.blocks if is_page_number(b.text)]
    captions = [b.table.caption for b in doc.blocks if b.table is not None and b.table.caption]
    assert not [c for c in captions if is_page_number(c)]
    assert [b.text for b in doc.blocks if b.kind.value == "heading" and b.provenance.page == 3][0] == "1 Sammanfattning"


def test_page_numbers_of_the_layout_rendition_are_never_headings_or_captions():
    from kommunrapport.read.dispatch import read_document
    from kommunrapport.read.furniture import is_page_number
    from kommunrapport.tables.build import build_tables

    doc = build_tables(read_document(real_path("goteborg_intraservice_delarsrapport_2026-03.txt")))
    assert doc.rendition == "layout"
    assert not [b.text for b in doc.blocks if b.kind.value == "heading" and is_page_number(b.text)]
    assert not [b.table.caption for b in doc.blocks if b.table is not None and is_page_number(b.table.caption or "")]


def test_a_prognosavvikelse_column_names_its_own_measure_not_a_matrix_of_deviations(real_extraction):
    # Göteborg Intraservice p. 16 `Tjänster | Prognos intäkter helår | ... | Budget kostnader helår |
    # Prognosavvikelse mot budget helår`: once the page number above it no longer heads its section, the
    # table is read; its last header cell names that column's measure only
    e = real_extraction("goteborg_intraservice_delarsrapport_2026-03.pdf")
    ekonomi = {(f.measure.value, f.period.raw): f.amount_sek for f in e.financial_lines
               if f.provenance.page == 16 and f.label.endswith("Ekonomi")}
    assert ekonomi[("forecast", "Prognos intäkter helår")] == 82_200_000
    assert ekonomi[("budget", "Budget kostnader helår")] == -82_500_000
    assert ekonomi[("deviation", "Prognosavvikelse mot budget helår")] == 13_000_000


@pytest.mark.parametrize("text, expected", [
    ("Göteborgs Stad, [Funktionsstöd] protokollsutdrag 2 (2)", True),
    ("2025 ÅRSBOKSLUT 2026-02-01.DOCX SID 3 (36)", True),
    ("Delårsrapport mars Sida 3 av 12", True),
    ("Budget 2026", False),
    ("Kostnader 12/2024", False),
    ("Resultat 2025 (2026)", False),
])
def test_a_margin_line_ending_in_a_page_number_of_a_count_is_a_running_line(text, expected):
    # an enclosure of two pages (a protokollsutdrag in a revisionsberättelse) repeats its footer too
    # seldom to be found by repetition; its page number of a count says what it is
    from kommunrapport.read.furniture import ends_with_page_number
    assert ends_with_page_number(text) is expected


def test_the_footer_of_a_two_page_enclosure_is_no_text_and_no_caption():
    # Göteborg revisionsberättelse 2025 pp. 6-7: `Göteborgs Stad, [Funktionsstöd] protokollsutdrag 2 (2)` at
    # the foot of the enclosure's last page was read as a paragraph and as the caption of the next page's table
    from kommunrapport.tables.build import read_tables

    doc = read_tables(page_path("goteborg_revisionsberattelse_2025"))
    texts = [b.text for b in doc.blocks] + [b.table.caption or "" for b in doc.blocks if b.table is not None]
    assert not [t for t in texts if "protokollsutdrag 2 (2)" in t]
    assert any(b.kind.value == "heading" and b.text == "Protokollsutdrag" for b in doc.blocks)
