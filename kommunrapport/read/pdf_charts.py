"""Charts drawn in vectors: a bar or line chart is a chart, not tables and prose.

Word and Excel charts are drawn as paths and rectangles with their text in the text layer: axis
tick labels (`0 20 40 60 80 100`), data labels over the bars, category labels, a legend, an axis
title set letter by letter. Read as text, they become tables of data labels and one-word paragraphs.
The reader finds a chart's area from evidence on the page and reports the chart once (a warning
`chart` with its page and box) instead of reading its words.

The evidence (`CHART_SETTINGS`):
- a value axis: a column of at least `min_ticks` numbers right-aligned on one edge, evenly spaced
  on the page and in value (the same difference between neighbours, not zero), the largest at
  the top; nothing but the axis title's single letters to its left on those lines (in a table,
  a number column has its row labels or other figures to its left), and no rule or shading
  drawn across the column within its height (a table's rows are), the numbers in no drawn cell;
- a plotting area of vector graphics (rects, lines, curves) starting just right of that column,
  within the axis' height: gridlines, bars or the data lines.
The chart's area is the axis and the plot, grown to the chart's frame where one is drawn around
them, else to the lines of words directly under the plot (category labels, legend) and the axis
title to its left. Its title (words above the plot inside the area, not numbers) stays text.
Only objects pdfplumber already has are used; nothing is rendered.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kommunrapport.models import Provenance
from kommunrapport.models.report import Warning
from kommunrapport.read.boxes import within

CHART_SETTINGS = {
    "min_ticks": 3,             # numbers in an axis column
    "edge_tolerance": 1.5,      # pt: right edges of one axis column
    "step_tolerance": 0.08,     # share of the step: evenly spaced tick positions
    "plot_gap": 40.0,           # pt: the plot begins at most this far right of the axis
    "max_axes": 24,             # more evenly stepped columns than this on a page: a grid of figures
    "min_plot_objects": 2,      # rects/lines/curves in the plot
    "left_reach": 250.0,        # pt left of the axis where a row label or figure would show a table
    "max_frame_growth": 4.0,    # a frame around axis and plot is at most this many times their area
    "below_gap": 1.0,           # word heights: a line this close under the area belongs to it
}

_NUMBER = re.compile(r"^[−-]?\d+(?:[.,]\d+)?\s?%?$")


@dataclass(frozen=True)
class Chart:
    """A chart's area (x0, top, x1, bottom), the bottom of its plot's top edge and its title."""

    bbox: tuple[float, float, float, float]
    plot_top: float
    title: str = ""


def _value(text: str) -> float | None:
    t = text.strip()
    if not _NUMBER.match(t):
        return None
    return float(t.replace("−", "-").replace(",", ".").rstrip("%").strip())


def find_charts(page, words: list, settings: dict = CHART_SETTINGS) -> list[Chart]:
    """The charts drawn on the page in vectors, found from their value axis and plot."""
    numbers = [(v, w) for w in words if not w.get("glyph") and (v := _value(w["text"])) is not None]
    if len(numbers) < settings["min_ticks"]:
        return []
    axes = _axes(numbers, settings)
    if not axes or len(axes) > settings["max_axes"]:
        return []       # none, or so many that the page is a grid of figures
    objects = [(float(o["x0"]), float(o["top"]), float(o["x1"]), float(o["bottom"]))
               for o in (*page.rects, *page.lines, *page.curves)]
    frames = [(float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"])) for r in page.rects]
    charts: list[Chart] = []
    for ticks in axes:
        box = _chart_box(ticks, words, objects, frames, settings)
        if box is None or any(_overlaps(box[0], c.bbox) for c in charts):
            continue
        area, plot_top = box
        title = [w for w in words if _centre_in(w, area) and w["bottom"] <= plot_top + 1 and _value(w["text"]) is None]
        title.sort(key=lambda w: (round(w["top"]), w["x0"]))
        charts.append(Chart(bbox=tuple(round(v, 1) for v in area), plot_top=round(plot_top, 1),
                            title=" ".join(w["text"] for w in title)))
    return charts


def without_charts(words: list, charts: list[Chart]) -> list:
    """The words that are not a chart's text (its title stays)."""
    if not charts:
        return words
    return [w for w in words
            if not any(_centre_in(w, c.bbox) and not (w["bottom"] <= c.plot_top + 1 and _value(w["text"]) is None)
                       for c in charts)]


def chart_warnings(contents) -> list[Warning]:
    """One `chart` warning per chart found on the pages read."""
    out = []
    for c in contents:
        for chart in getattr(c, "charts", ()):
            title = f" ({chart.title[:80]})" if chart.title else ""
            out.append(Warning(code="chart",
                               message=f"page {c.number}: a chart drawn in vectors{title}; its text (axis ticks, "
                                       f"data labels, legend) is not read as a table or prose",
                               provenance=Provenance(page=c.number, bbox=chart.bbox, method="reader:pdf_charts")))
    return out


def _axes(numbers: list, settings: dict) -> list[list]:
    """Runs of evenly spaced, evenly stepped numbers sharing a right edge, largest value on top."""
    numbers = sorted(numbers, key=lambda vw: vw[1]["x1"])
    columns: list[list] = []
    for vw in numbers:
        if columns and vw[1]["x1"] - columns[-1][-1][1]["x1"] <= settings["edge_tolerance"]:
            columns[-1].append(vw)
        else:
            columns.append([vw])
    axes = []
    for col in columns:
        if len(col) < settings["min_ticks"]:
            continue
        col.sort(key=lambda vw: vw[1]["top"])
        i = 0
        while i + 1 < len(col):
            run = _run_from(col, i, settings)
            if len(run) >= settings["min_ticks"]:
                axes.append([w for _, w in run])
                i += len(run) - 1
            else:
                i += 1
    return axes


def _run_from(col: list, i: int, settings: dict) -> list:
    (v0, w0), (v1, w1) = col[i], col[i + 1]
    dy, dv = w1["top"] - w0["top"], v1 - v0
    if dy <= 0 or dv >= 0:
        return []
    run = [col[i], col[i + 1]]
    for v, w in col[i + 2:]:
        pv, pw = run[-1]
        if abs(w["top"] - pw["top"] - dy) > settings["step_tolerance"] * dy:
            break
        if abs((v - pv) - dv) > 1e-6 * max(1.0, abs(dv)):
            break
        run.append((v, w))
    return run


def _chart_box(ticks: list, words: list, objects: list, frames: list, settings: dict):
    x0, x1 = min(w["x0"] for w in ticks), max(w["x1"] for w in ticks)
    top, bottom = ticks[0]["top"], ticks[-1]["bottom"]
    step = (ticks[-1]["top"] - ticks[0]["top"]) / (len(ticks) - 1)
    lo, hi = top - step / 2, bottom + step / 2
    tick_ids = {id(w) for w in ticks}
    # a row label to the left of the numbers: a table's column, not an axis
    for w in words:
        if id(w) in tick_ids or w["x1"] > x0 + 0.5 or w["x0"] < x0 - settings["left_reach"]:
            continue
        text = w["text"].strip()
        if top <= (w["top"] + w["bottom"]) / 2 <= bottom and (len(text) > 1 or not text.isalpha()):
            return None
    band = [o for o in objects if o[1] >= lo and o[3] <= hi]
    if any(o[0] < x0 - 1 and o[2] > x1 + 1 for o in band):
        return None     # a rule or shading across the numbers: a table's row, not a chart's axis
    if any(_centre_in(w, o) for w in ticks for o in band if o[2] - o[0] > 1 and o[3] - o[1] > 1):
        return None     # the numbers stand in drawn cells: a table's column
    plot = [o for o in band if o[0] >= x1 - 2]
    if len(plot) < settings["min_plot_objects"]:
        return None
    px0 = min(o[0] for o in plot)
    if px0 - x1 > settings["plot_gap"]:
        return None
    area = (x0, min(top, *(o[1] for o in plot)), max(o[2] for o in plot), max(bottom, *(o[3] for o in plot)))
    plot_top = min(o[1] for o in plot)
    size = (area[2] - area[0]) * (area[3] - area[1])
    around = [f for f in frames if within(area, f) and (f[2] - f[0]) * (f[3] - f[1]) <= settings["max_frame_growth"] * size]
    if around:
        return min(around, key=lambda f: (f[2] - f[0]) * (f[3] - f[1])), plot_top
    return _grown(area, words, ticks, settings), plot_top


def _grown(area, words: list, ticks: list, settings: dict):
    """No frame: the lines directly under the plot (categories, legend) and the axis title left of it."""
    x0, top, x1, bottom = area
    height = max(w["bottom"] - w["top"] for w in ticks)
    grew = True
    while grew:
        grew = False
        for w in words:
            if w["top"] > bottom - 1 and w["top"] - bottom <= settings["below_gap"] * height \
                    and w["x0"] >= x0 - 10 and w["x1"] <= x1 + 10 and w["bottom"] > bottom:
                bottom, grew = w["bottom"], True
    for w in words:
        if w["x1"] <= x0 and w["x0"] >= x0 - 30 and top <= (w["top"] + w["bottom"]) / 2 <= bottom \
                and len(w["text"].strip()) == 1:
            x0 = min(x0, w["x0"])
    return x0, top, x1, bottom


def _centre_in(w, box) -> bool:
    cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
