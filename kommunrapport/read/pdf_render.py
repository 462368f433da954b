"""Boxes of a PDF page as pixels (pypdfium2), for the tests that read a colour or judge a picture.

`Renderer.box(page, bbox, resolution)` gives what pdfplumber's
`page.crop(bbox).to_image(resolution=...).original` gives, as a numpy RGB array, at a fraction of
the cost: pdfplumber opens the PDF again and renders the whole page for every call, while here the
document is opened once per read and only the box is drawn. pdfium places the page in the bitmap
at the same integer pixel offset and scale either way, with the same options (no anti-aliasing,
forms drawn); only where it resamples an embedded image may a few pixels of the box differ by a
shade (over the corpus: 78 of 1 882 boxes, a handful of pixels each). A box that reaches past the
page (which pdfplumber pads with black) is cut from a whole-page rendering, as pdfplumber does.

`commonest` counts pixel keys with numpy, breaking ties as `collections.Counter` does (the key
seen first wins), so that a colour test reads the same as the pixel loop it replaces.
"""
from __future__ import annotations

import math

import numpy as np

# pdfplumber's rendering options (pdfplumber.display.get_page_image, antialias off)
_RENDER_OPTIONS = {"no_smoothtext": True, "no_smoothpath": True, "no_smoothimage": True, "prefer_bgrx": True}


class Renderer:
    """Renders boxes of the pages of one pdfplumber PDF; opens the PDF in pypdfium2 on first use."""

    def __init__(self, pdf=None):
        self.pdf = pdf
        self._doc = None
        self._page = None
        self._page_number: int | None = None

    def box(self, page, bbox, resolution: float) -> np.ndarray:
        """RGB pixels (height x width x 3, uint8) of `bbox` on the pdfplumber `page`. Raises as
        pdfplumber's crop does for a box outside the page."""
        cropped = page.crop(bbox)
        pdfium_page = self._pdfium_page(page)
        scale = resolution / 72
        if cropped.bbox == cropped.cropbox:
            return _rgb(pdfium_page.render(scale=scale, **_RENDER_OPTIONS))
        src_w = math.ceil(pdfium_page.get_width() * scale)
        src_h = math.ceil(pdfium_page.get_height() * scale)
        box = _pixel_box(cropped, src_w)
        left, top, right, bottom = box
        cut = (left, src_h - bottom, src_w - right, top)        # pixels cut off: left, bottom, right, top
        crop = tuple(c / scale for c in cut)
        exact = all(math.ceil(c * scale) == n for c, n in zip(crop, cut, strict=True))
        if min(cut) < 0 or right <= left or bottom <= top or not exact:
            return _cut(_rgb(pdfium_page.render(scale=scale, **_RENDER_OPTIONS)), box)
        return _rgb(pdfium_page.render(scale=scale, crop=crop, **_RENDER_OPTIONS))

    def _pdfium_page(self, page):
        if self._page is not None and self._page_number == page.page_number:
            return self._page
        import pypdfium2

        if self._doc is None:
            pdf = self.pdf if self.pdf is not None else page.pdf
            if pdf.path is None:
                # a PDF read from a stream: pdfminer reads it too, so it is not shared (pdfplumber's way)
                pdf.stream.seek(0)
                self._doc = pypdfium2.PdfDocument(pdf.stream.read(), password=pdf.password)
            else:
                self._doc = pypdfium2.PdfDocument(pdf.path, password=pdf.password)
            self._doc.init_forms()      # filled form fields are drawn, as pdfplumber draws them
        if self._page is not None:
            self._page.close()
        self._page = self._doc.get_page(page.page_number - 1)
        self._page_number = page.page_number
        return self._page

    def close(self) -> None:
        if self._page is not None:
            self._page.close()
        if self._doc is not None:
            self._doc.close()
        self._doc = self._page = self._page_number = None

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _pixel_box(cropped, image_width: int) -> tuple[int, int, int, int]:
    """The pixel box that pdfplumber's PageImage cuts from the whole-page rendering for a cropped page."""
    cropbox = cropped.cropbox
    scale = image_width / (cropbox[2] - cropbox[0])
    view = cropped.bbox if cropped.bbox != cropped.mediabox else cropbox

    def at(x: float, y: float) -> tuple[int, int]:
        return int((x - view[0]) * scale), int((y - view[1]) * scale)

    c0, c1 = at(cropbox[0], cropbox[1])
    b0, b1 = at(view[0], view[1])
    b2, b3 = at(view[2], view[3])
    return (b0 - c0, b1 - c1, b2 - c0, b3 - c1)


def _rgb(bitmap) -> np.ndarray:
    pixels = bitmap.to_numpy()
    return np.ascontiguousarray(pixels[:, :, 2::-1]) if bitmap.n_channels >= 3 else np.repeat(pixels[:, :, None], 3, 2)


def _cut(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """PIL's crop: the box's pixels, black where it reaches past the image."""
    left, top, right, bottom = box
    out = np.zeros((max(bottom - top, 0), max(right - left, 0), 3), dtype=np.uint8)
    h, w = image.shape[:2]
    y0, y1, x0, x1 = max(top, 0), min(bottom, h), max(left, 0), min(right, w)
    if y1 > y0 and x1 > x0:
        out[y0 - top:y1 - top, x0 - left:x1 - left] = image[y0:y1, x0:x1]
    return out


def rgb_pixels(image) -> np.ndarray:
    """An RGB image (numpy array or PIL image) -> its pixels as an (n, 3) uint8 array, row by row."""
    if not isinstance(image, np.ndarray):
        image = np.asarray(image.convert("RGB"))
    return np.asarray(image, dtype=np.uint8).reshape(-1, 3)


def commonest(keys: np.ndarray, weights: np.ndarray | None = None) -> tuple[int, np.ndarray]:
    """(the key of the largest count, all counts): ties go to the key seen first, as in Counter."""
    uniq, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    counts = np.bincount(inverse.ravel(), weights=weights, minlength=len(uniq))
    tied = np.flatnonzero(counts == counts.max())
    return int(uniq[tied[np.argmin(first[tied])]]), counts
