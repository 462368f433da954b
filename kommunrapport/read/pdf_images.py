"""Pictures that stand where a reader sees content: a table pasted as an image, a chart, a scanned page.

No OCR is done, so what such a picture shows never reaches the extractors; the reader says so
(a warning `image_only` with the page and the picture's box) instead of skipping it in silence.

A picture is reported when all of these hold (`IMAGE_SETTINGS`):
- it is of meaningful size: a share of the page area and a share of the page width (logos,
  icons, a colour-scale strip are smaller);
- no text stands over it (at most `max_words` words with their centre inside it): a background
  image or a cover photo with a title printed over it is decoration of text the reader has;
- it is a graphic on a light ground, not a photograph: rendered small, a few flat colours make up
  most of its pixels and the commonest of them is light, as on paper. A photograph spreads over
  hundreds of colours; a dark cover illustration has a dark ground.
The pixel test renders only the few pictures that pass the first two, at a low resolution.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kommunrapport.read.boxes import within
from kommunrapport.read.pdf_render import Renderer, commonest, rgb_pixels

IMAGE_SETTINGS = {
    "min_area_share": 0.04,     # the picture covers at least this share of the page area
    "min_width_share": 0.25,    # ... and at least this share of the page width
    "max_words": 2,             # words with their centre inside it; more: text over a background
    "resolution": 36,           # dpi at which the picture is rendered for the pixel test
    "colour_bits": 4,           # bits per channel kept when counting colours (flat areas become one)
    "flat_colours": 6,          # the commonest this many colours ...
    "min_flat_share": 0.75,     # ... cover at least this share of the pixels: a graphic, not a photo
    "min_ground_light": 0.75,   # the commonest colour's luminance (0-1): a light ground, as on paper
}


@dataclass(frozen=True)
class Picture:
    """A picture with no text layer over it: its box (x0, top, x1, bottom) and share of the page."""

    bbox: tuple[float, float, float, float]
    share: float


def image_only(page, words: list, settings: dict = IMAGE_SETTINGS, renderer: Renderer | None = None) -> list[Picture]:
    """The pictures on the page that show content the text layer does not have (`renderer`: the
    read's own, else one for this call)."""
    width, height = float(page.width), float(page.height)
    found: list[Picture] = []
    own = None
    for box in _boxes(page.images, width, height):
        share = (box[2] - box[0]) * (box[3] - box[1]) / (width * height)
        if share < settings["min_area_share"] or (box[2] - box[0]) < settings["min_width_share"] * width:
            continue
        if _words_over(box, words) > settings["max_words"]:
            continue
        if any(within(box, p.bbox) for p in found):
            continue
        if renderer is None:
            renderer = own = Renderer()
        if not _is_graphic(page, box, settings, renderer):
            continue
        found.append(Picture(bbox=tuple(round(v, 1) for v in box), share=round(share, 3)))
    if own is not None:
        own.close()
    return found


def _boxes(images: list[dict], width: float, height: float) -> list[tuple[float, float, float, float]]:
    """Each image's box clipped to the page, once (a PDF may draw one image twice at one place),
    largest first so that a picture inside a reported one is not reported again."""
    seen: dict[tuple, tuple[float, float, float, float]] = {}
    for img in images:
        box = (max(float(img["x0"]), 0.0), max(float(img["top"]), 0.0),
               min(float(img["x1"]), width), min(float(img["bottom"]), height))
        if box[2] - box[0] > 1 and box[3] - box[1] > 1:
            seen.setdefault(tuple(round(v) for v in box), box)
    return sorted(seen.values(), key=lambda b: -(b[2] - b[0]) * (b[3] - b[1]))


def _words_over(box, words: list) -> int:
    n = 0
    for w in words:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
            n += 1
    return n


def _is_graphic(page, box, settings: dict, renderer: Renderer) -> bool:
    try:
        rendered = renderer.box(page, box, settings["resolution"])
    except Exception:  # noqa: BLE001 - a picture that cannot be rendered is not judged; it is reported
        return True
    return is_graphic(rendered, settings)


def is_graphic(image, settings: dict = IMAGE_SETTINGS) -> bool:
    """An RGB image (PIL or numpy) -> True if it is flat colours on a light ground (a table, chart,
    diagram or scanned text page), False for a photograph or a dark illustration."""
    shift = 8 - settings["colour_bits"]
    pixels = rgb_pixels(image).astype(np.int64) >> shift
    if not len(pixels):
        return False
    bits = settings["colour_bits"]
    key, counts = commonest(pixels[:, 0] << 2 * bits | pixels[:, 1] << bits | pixels[:, 2])
    flat = np.sort(counts)[::-1][:settings["flat_colours"]].sum()
    if flat / len(pixels) < settings["min_flat_share"]:
        return False
    mask = (1 << bits) - 1
    r, g, b = (key >> 2 * bits) << shift, (key >> bits & mask) << shift, (key & mask) << shift
    return (0.299 * r + 0.587 * g + 0.114 * b) / 255 >= settings["min_ground_light"]
