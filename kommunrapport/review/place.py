"""Where each fact is drawn, and which printed numbers became no fact.

A PDF table fact may carry only its row's box, shared with the other cells of the row. Drawn as is,
the boxes would lie on top of each other and only one could be clicked; so within a shared box each
fact is placed on its own printed number, found by its digits in the row left to right (the order of
the columns). A fact whose number is not found keeps a slice of the row, and says so.

The numbers of a page that no fact was read from are counted per page: an amount-shaped number with
no fact is where the tool stayed silent. One inside a warning's place or a skipped table was left
out for a stated reason (`explained`); the others were passed over without a word.
"""
from __future__ import annotations

from dataclasses import dataclass

from kommunrapport.models.provenance import Provenance
from kommunrapport.models.report import Warning
from kommunrapport.review.facts import ReviewFact, ReviewTable
from kommunrapport.review.numbers import NumberToken
from kommunrapport.review.pdf_pages import Box, PageView

# a number counts as inside a box when its centre is within this many points of it
TOLERANCE = 1.5
# room around a number a fact is placed on (points)
NUMBER_PAD = 1.5
# kinds placed on their own number inside a shared row box (goals and assessments keep the row)
LOCATED_KINDS = ("financial", "sick_leave", "indicator")


@dataclass
class Silent:
    """An amount-shaped number no fact was read from."""

    page: int | None
    line: int | None
    box: Box | None           # PDF
    span: tuple[int, int] | None   # text: character offsets in its line
    text: str
    explained: bool           # inside a warning's place or a skipped table


def place_pdf_facts(facts: list[ReviewFact], pages: dict[int, PageView]) -> None:
    """Set `box` and `box_source` of every fact on a PDF page.

    Facts sharing a row box are placed on their own numbers in two passes: first the facts whose
    number occurs once in the row; then the others (a '0' printed in three columns) on the
    occurrence nearest their column, as the placed facts of the same column in the other rows show it
    (numbers are right-aligned, so the column is its right edge)."""
    shared: dict[tuple, list[ReviewFact]] = {}
    for fact in facts:
        p = fact.provenance
        if p.page is not None and p.bbox is not None:
            shared.setdefault((p.page, tuple(p.bbox)), []).append(fact)
    rows = []
    for (page, bbox), group in shared.items():
        if len(group) == 1:
            group[0].box, group[0].box_source = bbox, "bbox"
            continue
        view = pages.get(page)
        numbers = [(b, t) for b, t in view.numbers if _inside(b, bbox)] if view else []
        rows.append(_Row(bbox, group, sorted(numbers, key=lambda bt: (bt[0][1], bt[0][0]))))
    for row in rows:
        row.place_unique()
    columns = _column_edges(rows)
    for row in rows:
        row.place_rest(columns)


@dataclass
class _Row:
    box: Box
    facts: list[ReviewFact]
    numbers: list[tuple[Box, NumberToken]]

    def __post_init__(self) -> None:
        self.used: set[int] = set()
        self.hit: dict[str, int] = {}

    def candidates(self, fact: ReviewFact) -> list[int]:
        if fact.kind not in LOCATED_KINDS or not fact.keys:
            return []
        return [i for i, (_, tok) in enumerate(self.numbers) if i not in self.used and tok.key in fact.keys]

    def take(self, fact: ReviewFact, i: int) -> None:
        self.used.add(i)
        self.hit[fact.id] = i
        fact.box, fact.box_source = _pad(self.numbers[i][0]), "number"

    def place_unique(self) -> None:
        every = {f.id: self.candidates(f) for f in self.facts}
        for fact in self.facts:
            found = every[fact.id]
            shared_with = sum(1 for other in self.facts if set(every[other.id]) & set(found))
            if len(found) == 1 and shared_with == 1:
                self.take(fact, found[0])

    def place_rest(self, columns: dict[tuple, float]) -> None:
        rest = []
        last_x = float("-inf")
        for fact in self.facts:
            if fact.id in self.hit:
                last_x = self.numbers[self.hit[fact.id]][0][0]
                continue
            found = self.candidates(fact)
            if not found:
                rest.append(fact)
                continue
            edge = columns.get(fact.column)
            if edge is not None:
                pick = min(found, key=lambda i: abs(self.numbers[i][0][2] - edge))
            else:   # no column seen: the next occurrence left to right, in the order of the columns
                pick = next((i for i in found if self.numbers[i][0][0] >= last_x), found[0])
            self.take(fact, pick)
            last_x = self.numbers[pick][0][0]
        _share(rest, self.box)


def _column_edges(rows: list[_Row]) -> dict[tuple, float]:
    """The right edge of each column (table, measure, period) where its facts were placed for sure."""
    edges: dict[tuple, list[float]] = {}
    for row in rows:
        for fact in row.facts:
            if fact.id in row.hit and fact.column:
                edges.setdefault(fact.column, []).append(row.numbers[row.hit[fact.id]][0][2])
    return {col: sorted(xs)[len(xs) // 2] for col, xs in edges.items()}


def _pad(box: Box) -> Box:
    """A number's box with a little room, so the box frames the digits rather than covering them."""
    return (box[0] - NUMBER_PAD, box[1] - NUMBER_PAD, box[2] + NUMBER_PAD, box[3] + NUMBER_PAD)


def _share(facts: list[ReviewFact], row: Box) -> None:
    """Facts left on one row box: each a slice of it, so that each can be clicked; a goal keeps the
    row and its assessment (a colour, a symbol) a tag at the row's right end."""
    goals = [f for f in facts if f.kind == "goal"]
    for goal in goals:
        goal.box, goal.box_source = row, "bbox"
    others = [f for f in facts if f.kind != "goal"]
    if goals and all(f.kind == "assessment" for f in others):
        x0, top, x1, bottom = row
        width = min(28.0, (x1 - x0) / 4)
        for i, fact in enumerate(others):
            fact.box = (x1 - width * (i + 1), top, x1 - width * i, bottom)
            fact.box_source = "tag"
        return
    n = len(others)
    x0, top, x1, bottom = row
    step = (x1 - x0) / max(n, 1)
    for i, fact in enumerate(others):
        fact.box = (x0 + step * i, top, x0 + step * (i + 1), bottom)
        fact.box_source = "row" if n == 1 else f"row slice {i + 1} of {n}"


def silent_on_pdf(pages: dict[int, PageView], facts: list[ReviewFact], warnings: list[Warning],
                  tables: list[ReviewTable]) -> list[Silent]:
    by_page: dict[int, list[ReviewFact]] = {}
    for fact in facts:
        if fact.page is not None:
            by_page.setdefault(fact.page, []).append(fact)
    reasons: dict[int, list[Box]] = {}
    for w in warnings:
        if w.provenance and w.provenance.page is not None and w.provenance.bbox is not None:
            reasons.setdefault(w.provenance.page, []).append(tuple(w.provenance.bbox))
    for t in tables:
        p = t.summary.provenance
        if t.status == "skipped" and p.page is not None and p.bbox is not None:
            reasons.setdefault(p.page, []).append(tuple(p.bbox))
    out = []
    for number, view in pages.items():
        here = by_page.get(number, [])
        for box, tok in view.numbers:
            if not tok.amount_shaped or any(_covers(f, box, tok) for f in here):
                continue
            explained = any(_inside(box, r) for r in reasons.get(number, []))
            out.append(Silent(number, None, box, None, tok.text, explained))
    return out


def _covers(fact: ReviewFact, box: Box, tok: NumberToken) -> bool:
    p = fact.provenance
    if fact.kind in ("goal", "assessment"):
        return p.bbox is not None and _inside(box, tuple(p.bbox))
    if tok.key not in fact.keys:
        return False
    return p.bbox is None or _inside(box, tuple(p.bbox))


def _inside(box: Box, outer: Box) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return (outer[0] - TOLERANCE <= cx <= outer[2] + TOLERANCE
            and outer[1] - TOLERANCE <= cy <= outer[3] + TOLERANCE)


# ---- text renditions -----------------------------------------------------------------------------------


def place_text_facts(facts: list[ReviewFact], numbers: dict[int, list[NumberToken]]) -> dict[str, tuple[int, int]]:
    """For facts on a line: the span of their own number in the line, where it is found."""
    spans: dict[str, tuple[int, int]] = {}
    on_line: dict[int, list[ReviewFact]] = {}
    for fact in facts:
        if fact.line is not None:
            on_line.setdefault(fact.line, []).append(fact)
            fact.box_source = "line"
    for line, group in on_line.items():
        toks = numbers.get(line, [])
        used: set[int] = set()
        last = -1
        for fact in group:
            if fact.kind not in LOCATED_KINDS or not fact.keys:
                continue
            candidates = [i for i, t in enumerate(toks) if i not in used and t.key in fact.keys]
            ahead = [i for i in candidates if toks[i].start >= last]
            hit = (ahead or candidates or [None])[0]
            if hit is None:
                continue
            used.add(hit)
            last = toks[hit].start
            spans[fact.id] = (toks[hit].start, toks[hit].end)
            fact.box_source = "line number"
    return spans


def silent_in_text(numbers: dict[int, list[NumberToken]], line_pages: dict[int, int | None],
                   facts: list[ReviewFact], warnings: list[Warning]) -> list[Silent]:
    on_line: dict[int, list[ReviewFact]] = {}
    for fact in facts:
        if fact.line is not None:
            on_line.setdefault(fact.line, []).append(fact)
    warned = {w.provenance.line for w in warnings if w.provenance and w.provenance.line is not None}
    out = []
    for line, toks in numbers.items():
        here = on_line.get(line, [])
        for tok in toks:
            if not tok.amount_shaped:
                continue
            if any(f.kind in ("goal", "assessment") or tok.key in f.keys for f in here):
                continue
            out.append(Silent(line_pages.get(line), line, None, (tok.start, tok.end), tok.text, line in warned))
    return out


def place_of(p: Provenance | None) -> tuple[int | None, int | None, Box | None]:
    if p is None:
        return None, None, None
    return p.page, p.line, tuple(p.bbox) if p.bbox else None
