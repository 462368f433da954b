"""Colours in a PDF page: the fill of the markers that carry assessments, as a colour name.

pdfminer gives a fill colour (`non_stroking_color`) as a grey level, an RGB or CMYK tuple, or,
for pattern colour spaces, a tuple that may hold a pattern name; all of them are turned into RGB
and named by hue (`green`, `yellow`, `red`, `blue`) or by lightness (`white`, `grey`, `black`).
Report systems such as Stratsys draw the marker as a small embedded image instead: that box is
rendered and its dominant non-white colour taken.
"""
from __future__ import annotations

import colorsys
from dataclasses import dataclass
from operator import itemgetter

import numpy as np

from kommunrapport.models import Colour
from kommunrapport.read.furniture import is_private_use
from kommunrapport.read.pdf_render import Renderer, commonest, rgb_pixels

COLOUR_SETTINGS = {
    "marker_min_size": 3.0,       # pt: smaller vector shapes are rules or dots of a chart line
    "marker_max_size": 20.0,      # pt: larger shapes are backgrounds, not markers
    "marker_max_aspect": 1.6,     # a marker is about square (dot, square, circle)
    "background_min_saturation": 0.35,  # a cell fill this saturated carries meaning; pastel fills are styling
    "image_render_resolution": 144,     # dpi when a marker image is rendered to read its colour
    "marker_glyphs": "●•■◆▲▼⬤○◯",       # glyphs whose colour is a marker colour
}

# hue ranges in degrees -> name; the rest of the wheel (purple, magenta) counts as red
_HUES = [(0, 20, "red"), (20, 70, "yellow"), (70, 170, "green"), (170, 265, "blue"), (265, 361, "red")]


@dataclass(frozen=True)
class Marker:
    """A coloured mark on a page: where it is and its colour."""

    x0: float
    top: float
    x1: float
    bottom: float
    colour: Colour

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


def to_rgb(value) -> tuple[float, float, float] | None:
    """A pdfminer colour value (grey, RGB, CMYK, pattern) -> RGB in 0..1, or None if it has none."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        value = (value,)
    try:
        numbers = [float(v) for v in value if isinstance(v, (int, float))]
    except TypeError:
        return None
    if len(numbers) == 1:
        g = _clamp(numbers[0])
        return g, g, g
    if len(numbers) == 3:
        r, g, b = (_clamp(v) for v in numbers)
        return r, g, b
    if len(numbers) == 4:
        c, m, y, k = (_clamp(v) for v in numbers)
        return (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    return None


def _clamp(v: float) -> float:
    if v > 1.0:  # some producers write 0..255
        v = v / 255.0
    return min(max(v, 0.0), 1.0)


def name_of(rgb: tuple[float, float, float]) -> str:
    h, s, v = colorsys.rgb_to_hsv(*rgb)
    if v < 0.2:
        return "black"
    if s < 0.2:
        return "white" if v > 0.92 else "grey"
    hue = h * 360
    return next(name for lo, hi, name in _HUES if lo <= hue < hi)


def saturation(rgb: tuple[float, float, float]) -> float:
    return colorsys.rgb_to_hsv(*rgb)[1]


def colour_of(value) -> Colour | None:
    rgb = to_rgb(value)
    if rgb is None:
        return None
    return Colour(name=name_of(rgb), raw=str(value))


def _is_marker_shape(obj: dict, settings: dict) -> bool:
    w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
    lo, hi = settings["marker_min_size"], settings["marker_max_size"]
    if not (lo <= w <= hi and lo <= h <= hi):
        return False
    return max(w, h) / max(min(w, h), 0.1) <= settings["marker_max_aspect"]


def vector_markers(page, settings: dict = COLOUR_SETTINGS) -> list[Marker]:
    """Filled small curves and rects (dots, squares) with a fill colour other than white."""
    out = []
    for obj in list(page.curves) + list(page.rects):
        if not obj.get("fill") or not _is_marker_shape(obj, settings):
            continue
        colour = colour_of(obj.get("non_stroking_color"))
        if colour is None or colour.name == "white":
            continue
        out.append(Marker(obj["x0"], obj["top"], obj["x1"], obj["bottom"], colour))
    return out


def glyph_markers(chars: list[dict], settings: dict = COLOUR_SETTINGS) -> list[Marker]:
    """Marker glyphs (●, ■ ..., and a symbol font's private-use glyphs) printed in a colour other than black."""
    glyphs = {t for t in set(map(itemgetter("text"), chars)) if t in settings["marker_glyphs"] or is_private_use(t)}
    out = []
    if not glyphs:
        return out          # the usual page: its distinct texts tell at once that it has no marker glyph
    for ch in chars:
        if ch["text"] not in glyphs:
            continue
        colour = colour_of(ch.get("non_stroking_color"))
        if colour is None or colour.name in ("black", "white"):
            continue
        out.append(Marker(ch["x0"], ch["top"], ch["x1"], ch["bottom"], colour))
    return out


def background_fills(page, settings: dict = COLOUR_SETTINGS) -> list[Marker]:
    """Saturated filled rects larger than a marker: coloured cell backgrounds."""
    out = []
    for obj in page.rects:
        if not obj.get("fill"):
            continue
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if max(w, h) <= settings["marker_max_size"]:
            continue
        rgb = to_rgb(obj.get("non_stroking_color"))
        if rgb is None or saturation(rgb) < settings["background_min_saturation"]:
            continue
        out.append(Marker(obj["x0"], obj["top"], obj["x1"], obj["bottom"],
                          Colour(name=name_of(rgb), raw=str(obj.get("non_stroking_color")))))
    return out


def image_markers(page, logos: RepeatedImages | None = None, settings: dict = COLOUR_SETTINGS,
                  renderer: Renderer | None = None) -> list[Marker]:
    """Small embedded images (Stratsys puts its signal dots in as ~11 px images): rendered, dominant
    colour. An image at the same place on earlier pages is a logo, not a marker."""
    out = []
    own = None
    for img in page.images:
        box = (img["x0"], img["top"], img["x1"], img["bottom"])
        if not _is_marker_shape(img, settings) or (logos is not None and logos.seen(img, page.page_number)):
            continue
        if renderer is None:
            renderer = own = Renderer()
        colour = rendered_colour(page, box, settings["image_render_resolution"], renderer)
        if colour is not None:
            out.append(Marker(*box, colour))
    if own is not None:
        own.close()
    return out


def _image_key(img: dict) -> tuple:
    return (round(img["x0"]), round(img["top"]), round(img["x1"] - img["x0"]), round(img["bottom"] - img["top"]))


def rendered_colour(page, bbox: tuple[float, float, float, float], resolution: int = 144,
                    renderer: Renderer | None = None) -> Colour | None:
    """Render a box of the page and name its most common colour that is neither white nor near-grey."""
    x0, top, x1, bottom = bbox
    bbox = (max(x0, page.bbox[0]), max(top, page.bbox[1]), min(x1, page.bbox[2]), min(bottom, page.bbox[3]))
    if bbox[2] <= bbox[0] or bbox[3] <= bbox[1]:
        return None
    if renderer is None:
        with Renderer() as own:
            return dominant_colour(own.box(page, bbox, resolution))
    return dominant_colour(renderer.box(page, bbox, resolution))


def pixels_of(image) -> np.ndarray:
    """An RGB image's (PIL or numpy) pixels as an (n, 3) array of (r, g, b)."""
    return rgb_pixels(image)


def dominant_colour(pixels) -> Colour | None:
    """The most common non-white pixel colour (quantised), preferring saturated ones: each pixel
    is named as `name_of` names it (hue, saturation, value as colorsys computes them), counted by
    its colour in steps of 16, twice if saturated."""
    px = np.asarray(pixels, dtype=np.uint8).reshape(-1, 3)
    rgb = px / 255
    high, low = rgb.max(axis=1), rgb.min(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        sat = np.where(high == low, 0.0, (high - low) / high)
    white = (high >= 0.2) & (sat < 0.2) & (high > 0.92)
    keep = ~white
    if not keep.any():
        return None
    q = px[keep].astype(np.int64) // 16
    key, _ = commonest(q[:, 0] << 8 | q[:, 1] << 4 | q[:, 2], np.where(sat[keep] >= 0.35, 2.0, 1.0))
    r, g, b = (key >> 8) * 16, (key >> 4 & 15) * 16, (key & 15) * 16
    rgb = ((r + 8) / 255, (g + 8) / 255, (b + 8) / 255)
    return Colour(name=name_of(rgb), raw=str(tuple(round(v, 3) for v in rgb)))


class RepeatedImages:
    """Counts the pages each image position and size was seen on, as the pages are read in order."""

    def __init__(self, min_pages: int = 2):
        self.min_pages = min_pages
        self.pages: dict[tuple, set[int]] = {}

    def seen(self, img: dict, page_number: int) -> bool:
        """Record the image; True if it stood at the same place on `min_pages` other pages already."""
        pages = self.pages.setdefault(_image_key(img), set())
        repeated = len(pages - {page_number}) >= self.min_pages
        pages.add(page_number)
        return repeated
