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
