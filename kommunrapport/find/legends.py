"""Each document's own assessment scale, read from its legend.

A legend is a row of labels (`Ej uppfyllt | Delvis uppfyllt | I hög grad uppfyllt | Helt uppfyllt`),
a small table of one label per row, or a run of list lines after an introducing line ("Bedömning av
måluppfyllelse", "Färgsättningen indikerar:"), each label maybe with a coloured marker (PDF).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from kommunrapport.models import AssessmentLevel, Block, BlockKind, Colour, Document, Provenance, Scale
from kommunrapport.normalize.assessments import (
    colour_of,
    default_colour_level,
    is_symbol,
    label_verdict,
    level_rank,
    vocab,
    words_of,
)

MAX_LABEL_WORDS = 16
SAME_LABEL = 90.0           # rapidfuzz ratio of a cell's words to a legend label it restates
_SPLIT = re.compile(r"\s*(?:\||\t|\s{3,})\s*")


@dataclass(frozen=True)
class LegendItem:
    label: str
    level: AssessmentLevel
    is_forecast: bool
    colour: str | None = None
    colour_raw: str = ""            # the reader's value, to tell two greens apart
    symbol: str | None = None       # a marker written before the label ('◐ Delvis uppfyllt')


@dataclass
class Legend:
    block: int
    items: list[LegendItem]                # best first
    provenance: Provenance = field(default_factory=Provenance)

    @property
    def labels(self) -> list[str]:
        return [i.label for i in self.items]

    def scale_for(self, level: AssessmentLevel, raw: str = "", is_forecast: bool | None = None,
                  item: LegendItem | None = None) -> Scale | None:
        """The step of this scale an assessment stands for: the legend item it was read through, the
        label its words restate ('Målet bedöms kunna uppnås' on a five-step scale where two labels
        mean fulfilled), else the one label of its level (and of its forecast wording)."""
        hits = [n for n, i in enumerate(self.items) if i is item] if item is not None else []
        if not hits and raw:
            best = process.extractOne(" ".join(raw.split()), self.labels, scorer=fuzz.ratio,
                                      processor=utils.default_process, score_cutoff=SAME_LABEL)
            hits = [best[2]] if best and self.items[best[2]].level is level else []
        if not hits:
            hits = [n for n, i in enumerate(self.items) if i.level is level]
            if len(hits) > 1 and is_forecast is not None:
                hits = [n for n in hits if self.items[n].is_forecast == is_forecast]
        # 'Ej bedömt' is no step of the scale
        steps = [n for n, i in enumerate(self.items) if i.level is not AssessmentLevel.not_assessed]
        if len(hits) != 1 or hits[0] not in steps:
            return None
        return Scale(size=len(steps), position=steps.index(hits[0]) + 1, labels=[self.labels[n] for n in steps])

    def item_for_symbol(self, symbol: str) -> LegendItem | None:
        """The label a symbol stands for, where the legend gives each label its own symbol."""
        symbols = [i.symbol for i in self.items if i.symbol]
        if len(symbols) != len(set(symbols)):
            return None
        hits = [i for i in self.items if i.symbol == symbol.strip()]
        return hits[0] if hits else None

    def item_for_colour(self, colour: str | None, raw: str = "") -> LegendItem | None:
        """The label a colour stands for: by the legend's own colours where it shows them (two
        shades of one name told apart by their values), else the contract's green/yellow/red
        mapped onto this scale's levels."""
        name = colour_of(colour)
        if name is None:
            return None
        coloured = [i for i in self.items if i.colour]
        if coloured:
            hits = [i for i in coloured if i.colour == name]
            if len(hits) > 1:
                return _nearest(hits, raw)
            return hits[0] if hits else None
        level = default_colour_level(name)
        hits = [i for i in self.items if i.level is level]
        return hits[0] if len(hits) == 1 else None


def _rgb(raw: str) -> tuple[float, ...] | None:
    values = tuple(float(v) for v in re.findall(r"\d*\.?\d+", raw or ""))
    return values if len(values) == 3 else None


def _nearest(items: list[LegendItem], raw: str) -> LegendItem | None:
    target = _rgb(raw)
    scored = [(sum((a - b) ** 2 for a, b in zip(target, rgb, strict=True)), i) for i in items
              if target and (rgb := _rgb(i.colour_raw))]
    return min(scored, key=lambda t: t[0])[1] if scored else None


def find_legends(doc: Document) -> list[Legend]:
    legends: list[Legend] = []
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind is BlockKind.table and block.table is not None:
            legend = _table_legend(i, block)
            if legend:
                legends.append(legend)
            i += 1
            continue
        inline = _inline_legend(i, block)
        if inline:
            legends.append(inline)
            i += 1
            continue
        run_end, items = _line_run(blocks, i)
        if items and (len(items) >= 3 or (i > 0 and _is_intro(blocks[i - 1]))):
            legends.append(_legend(i, items, block.provenance))
            i = run_end
            continue
        i += 1
    return legends


def legend_before(legends: list[Legend], block_index: int) -> Legend | None:
    """The nearest legend above a block."""
    above = [lg for lg in legends if lg.block <= block_index]
    return above[-1] if above else None


_COLOUR_WORD = re.compile(r"^(?P<word>[\wåäöÅÄÖ]+)\s*(?:=|:|–|—|-)\s*(?P<label>\S.*)$")


def _item(text: str, colour: Colour | None) -> LegendItem | None:
    text = " ".join((text or "").split())
    symbol = text[0] if text and is_symbol(text[0]) else None
    text = text.strip(" -" + (symbol or ""))
    named = _COLOUR_WORD.match(text)
    named_colour = colour_of(named.group("word")) if named else None
    if named_colour:
        text = named.group("label")       # 'Grönt = Målet är uppfyllt', 'Röd – målet är inte uppfyllt'
    if not text or len(words_of(text)) > MAX_LABEL_WORDS:
        return None
    v = label_verdict(text)
    if v is None:
        return None
    return LegendItem(text, v.level, v.is_forecast, colour_of(colour.name) if colour else named_colour,
                      colour.raw if colour else "", symbol)


def _colour_pairs_legend(index: int, block: Block) -> Legend | None:
    """'Grönt = Målet är uppfyllt, Gult = Målet är delvis uppfyllt, Rött = ...' on one line."""
    parts = [p for p in re.split(r"\s*[,;]\s*", block.text.strip()) if p]
    if len(parts) < 2 or not all(_COLOUR_WORD.match(p) and colour_of(_COLOUR_WORD.match(p).group("word"))
                                 for p in parts):
        return None
    items = [_item(p, None) for p in parts]
    return None if any(i is None for i in items) else _legend(index, items, block.provenance)


def _legend(block_index: int, items: list[LegendItem], prov: Provenance) -> Legend | None:
    if len({i.level for i in items}) < 2:
        return None
    ordered = sorted(items, key=lambda i: level_rank(i.level))
    return Legend(block_index, ordered, prov.with_method("legend", block=block_index))


def _inline_legend(index: int, block: Block) -> Legend | None:
    if block.kind is BlockKind.table or not block.text:
        return None
    parts = [p for p in _SPLIT.split(block.text.strip()) if p]
    if len(parts) < 2:
        return _colour_pairs_legend(index, block)
    colours = block.colours if len(block.colours) == len(parts) else [None] * len(parts)
    items = [_item(p, c) for p, c in zip(parts, colours, strict=True)]
    if any(i is None for i in items):
        return None
    return _legend(index, items, block.provenance)


def _table_legend(index: int, block: Block) -> Legend | None:
    rows = block.table.rows
    items: list[LegendItem] = []
    for row in rows:
        filled = [c for c in row.cells if c.text.strip()]
        colour = next((c.colour for c in row.cells if c.colour), None)
        if len(rows) == 1:
            for c in filled:
                item = _item(c.text, c.colour)
                if item is None:
                    return None
                items.append(item)
            continue
        if len(filled) != 1:
            return None
        item = _item(filled[0].text, colour)
        if item is None:
            return None
        items.append(item)
    return _legend(index, items, block.provenance) if len(items) >= 2 else None


def _line_run(blocks: list[Block], start: int) -> tuple[int, list[LegendItem]]:
    items: list[LegendItem] = []
    j = start
    while j < len(blocks) and blocks[j].kind in (BlockKind.list_item, BlockKind.paragraph):
        item = _item(blocks[j].text, blocks[j].colour or (blocks[j].colours[0] if blocks[j].colours else None))
        if item is None:
            break
        items.append(item)
        j += 1
    return j, items if len(items) >= 2 and len({i.level for i in items}) >= 2 else []


def _is_intro(block: Block) -> bool:
    text = block.text.lower()
    return len(text) <= 200 and any(w in text for w in vocab().get("legend", {}).get("intro", []))
