"""The pages of a PDF as the review page shows them: an image, and every printed number with its box.

pypdfium2 renders a page and reads its text with a box per character in a fraction of the time
pdfplumber takes, so the review costs less than the extraction it shows. Boxes are given in
pdfplumber's frame (x from the MediaBox's left edge, top from its top edge, /Rotate applied), the
frame of every fact's `provenance.bbox`, so facts and numbers land on the image alike.
"""
from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, field

from kommunrapport.review.numbers import NumberToken, tokens

# How pages are drawn, with their documented defaults.
RENDER_SETTINGS: dict = {
    "scale": 1.5,            # image pixels per PDF point: an A4 page is 893 px wide, small print stays legible
    "max_pixels": 4_000_000, # a larger page (a poster, a drawing) is drawn smaller so the file stays small
    "format": "JPEG",        # a page scan in JPEG is a third of its PNG and encodes faster
    "quality": 80,
    # digits one space apart are one number ('10 135') when the gap between them is below this share of
    # the digits' height; a wider gap is a column gap ('93   1 070')
    "group_gap": 1.0,
}

Box = tuple[float, float, float, float]


@dataclass
class PageView:
    number: int                        # 1-based
    frame: Box                         # the rendered region in pdfplumber coordinates
    image: str = ""                    # data: URI
    numbers: list[tuple[Box, NumberToken]] = field(default_factory=list)
    error: str | None = None           # why the page could not be drawn or read


def read_pages(path: str, settings: dict | None = None, pages: set[int] | None = None) -> list[PageView]:
    """Every page of the PDF at `path` (or only the 1-based `pages`), drawn and with its numbers."""
    import pypdfium2 as pdfium

    cfg = {**RENDER_SETTINGS, **(settings or {})}
    pdf = pdfium.PdfDocument(path)
    try:
        views = []
        for index in range(len(pdf)):
            if pages is not None and index + 1 not in pages:
                continue
            views.append(_read_page(pdf, index, cfg))
        return views
    finally:
        pdf.close()


def _read_page(pdf, index: int, cfg: dict) -> PageView:
    try:
        page = pdf[index]
    except Exception as exc:  # noqa: BLE001 - one broken page must not stop the review of the others
        return PageView(index + 1, (0, 0, 595, 842), error=f"page could not be loaded ({exc})")
    try:
        to_frame = _frame_transform(page)
        frame = _bbox_of(to_frame, page.get_cropbox())
        view = PageView(index + 1, frame)
        try:
            view.image = _render(page, frame, cfg)
        except Exception as exc:  # noqa: BLE001
            view.error = f"page could not be drawn ({exc})"
        try:
            view.numbers = _numbers(page, to_frame, cfg)
        except Exception as exc:  # noqa: BLE001
            view.error = f"page text could not be read ({exc})"
        return view
    finally:
        page.close()


def _render(page, frame: Box, cfg: dict) -> str:
    width, height = frame[2] - frame[0], frame[3] - frame[1]
    scale = cfg["scale"]
    if width * height * scale * scale > cfg["max_pixels"]:
        scale = (cfg["max_pixels"] / (width * height)) ** 0.5
    image = page.render(scale=scale).to_pil()
    if image.mode != "RGB":
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, cfg["format"], quality=cfg["quality"])
    mime = "image/jpeg" if cfg["format"].upper() in ("JPEG", "JPG") else f"image/{cfg['format'].lower()}"
    return f"data:{mime};base64,{base64.b64encode(buffer.getvalue()).decode('ascii')}"


def _frame_transform(page):
    """PDF user space (x, y up) -> pdfplumber's frame (x, top) for this page's MediaBox and /Rotate."""
    left, bottom, right, top = page.get_mediabox()
    width, height = right - left, top - bottom
    rotation = page.get_rotation() % 360

    def to_frame(x: float, y: float) -> tuple[float, float]:
        u, v = x - left, y - bottom
        if rotation == 90:
            return v, u
        if rotation == 180:
            return width - u, v
        if rotation == 270:
            return height - v, width - u
        return u, height - v

    return to_frame


def _bbox_of(to_frame, box) -> Box:
    x0, y0, x1, y1 = box
    (ax, at), (bx, bt) = to_frame(x0, y0), to_frame(x1, y1)
    return (min(ax, bx), min(at, bt), max(ax, bx), max(at, bt))


_GROUP_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009](?=\d{3}(?!\d))")


def _numbers(page, to_frame, cfg: dict) -> list[tuple[Box, NumberToken]]:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        if len(text) != textpage.count_chars():
            return []                  # offsets would not map onto characters: no numbers rather than wrong ones
        out = []
        for start, line in _lines(text):
            line = _split_wide_groups(textpage, start, line, cfg["group_gap"])
            for tok in tokens(line):
                boxes = [textpage.get_charbox(start + i) for i in range(tok.start, tok.end)
                         if not line[i].isspace()]
                if boxes:
                    out.append((_union(to_frame, boxes), _shift(tok, start)))
        return out
    finally:
        textpage.close()


def _lines(text: str):
    start = 0
    for piece in re.split(r"(\r\n|\n|\r)", text):
        if piece and piece not in ("\r\n", "\n", "\r"):
            yield start, piece
        start += len(piece)


def _split_wide_groups(textpage, start: int, line: str, group_gap: float) -> str:
    """A space between digits that is really a column gap becomes a tab, so the numbers part there."""
    chars = list(line)
    for m in _GROUP_SPACE.finditer(line):
        i = m.start()
        left, right = textpage.get_charbox(start + i - 1), textpage.get_charbox(start + i + 1)
        digit_height = max(left[3] - left[1], right[3] - right[1], 1.0)
        if right[0] - left[2] > group_gap * digit_height:
            chars[i] = "\t"
    return "".join(chars)


def _union(to_frame, boxes) -> Box:
    framed = [_bbox_of(to_frame, b) for b in boxes]
    return (round(min(b[0] for b in framed), 1), round(min(b[1] for b in framed), 1),
            round(max(b[2] for b in framed), 1), round(max(b[3] for b in framed), 1))


def _shift(tok: NumberToken, start: int) -> NumberToken:
    return NumberToken(tok.start + start, tok.end + start, tok.text.replace("\t", " "), tok.key,
                       tok.amount_shaped)
