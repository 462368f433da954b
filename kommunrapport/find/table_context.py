"""What stands around a table: its caption (above or under it), the heading and short lines above,
a note just under it, the paragraphs of its section, and the kind of its section (a numbered
sub-section taking its parent's: 2.3 Ekonomi -> 2.3.5). The unit and the kind of a money table are
read from these where the table itself does not state them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kommunrapport.find.context import Context
from kommunrapport.models import BlockKind
from kommunrapport.normalize.units import find_unit
from kommunrapport.tables import header as T

SHORT_TEXT = 150          # a paragraph this short above a table may state its unit ('Belopp i tkr')


@dataclass
class TableContext:
    caption: str | None
    heading: str | None
    near: list[str] = field(default_factory=list)   # short lines between the heading and the table
    below: list[str] = field(default_factory=list)  # a short note just under it ('Belopp i tkr')
    caption_below: str | None = None                # 'Tabellen visar prognosavvikelse per avdelning'
    prose: list[str] = field(default_factory=list)  # paragraphs around the table, same section
    section_kind: str | None = None

    @property
    def title(self) -> str | None:
        return self.caption or self.heading


def table_context(ctx: Context, i: int) -> TableContext:
    blocks = ctx.doc.blocks
    heading, near, headings = None, [], 0
    # back to the heading above, or the one above that where the first is a caption-like line
    # ('Ansvar: ... Konto: Investeringsprojekt' under 'Investeringsredovisning (mkr)')
    for j in range(i - 1, max(i - 5, -1), -1):
        b = blocks[j]
        if b.kind is BlockKind.table or len(b.text) > SHORT_TEXT:
            break
        if b.kind is BlockKind.heading and only_states_unit(b.text):
            near.append(b.text)         # 'Belopp i mkr' set as a heading: a caption line, not the heading
            continue
        if b.kind is BlockKind.heading:
            heading = heading or b.text
            headings += 1
            if headings == 2 or find_unit(*near, b.text) or T.table_kind(b.text):
                near.append(b.text)
                break
        near.append(b.text)
    section = ctx.section_at(i)
    if heading is None and section is not None:
        heading = section.heading
    prose = [blocks[j].text for j in range(max(i - 4, 0), min(i + 5, len(blocks)))
             if j != i and blocks[j].kind is BlockKind.paragraph and ctx.section_at(j) is section]
    kind = section.canonical.value if section is not None and section.canonical else _inherited_kind(ctx, i)
    below = [b.text for b in blocks[i + 1:i + 2]
             if b.kind is BlockKind.paragraph and len(b.text) <= SHORT_TEXT and T.table_kind(b.text) is None]
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    caption_below = nxt.text if nxt is not None and nxt.kind is BlockKind.paragraph and \
        len(nxt.text) <= 2 * SHORT_TEXT and _starts_as_caption(nxt.text) else None
    return TableContext(caption=blocks[i].table.caption if blocks[i].table else None, heading=heading,
                        near=near, below=below, prose=prose, section_kind=kind, caption_below=caption_below)


def _starts_as_caption(text: str) -> bool:
    """'Tabellen visar ...', 'Tabell 3. ...': a line under a table that says what the table holds."""
    words = " ".join(T.words_of(text)[:3])
    return any(words.startswith(" ".join(T.words_of(p))) for p in T.finance_vocab()["money"]["caption_words"])


def only_states_unit(text: str) -> bool:
    """'Belopp i mkr', '(tkr)', 'Tusentals kronor': a line that says nothing but the unit."""
    unit = find_unit(text)
    if unit is None:
        return False
    rest = re.sub(re.escape(unit.raw), " ", text, count=1, flags=re.I)
    return set(T.words_of(rest)) <= set(T.finance_vocab()["money"]["unit_filler_words"])


SECTION_NUMBER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?(?=\s|$)")


def _number_of(heading: str) -> tuple[int, ...] | None:
    """The number of a numbered heading; None for a heading with no title after its number (a page
    number `13 (26)` a reader took for a heading numbers no chapter)."""
    m = SECTION_NUMBER.match(heading or "")
    if not m or not any(c.isalpha() for c in heading[m.end():]):
        return None
    return tuple(int(x) for x in m.group(1).split("."))


def _numbered_sections(ctx: Context, i: int) -> list:
    """The numbered sections at or before block i, nearest first."""
    k = ctx.section_of[i] if 0 <= i < len(ctx.section_of) else None
    if k is None:
        return []
    return [sec for sec in reversed(ctx.sections[:k + 1]) if _number_of(sec.heading)]


def chapter_number(ctx: Context, i: int) -> tuple[int, ...] | None:
    """The number of the chapter block i stands in: the parent of the nearest numbered heading
    (2.3 for a table under 2.3.5), or that heading itself where it has one number."""
    secs = _numbered_sections(ctx, i)
    if not secs:
        return None
    number = _number_of(secs[0].heading)
    return number[:-1] if len(number) > 1 else number


def _inherited_kind(ctx: Context, i: int) -> str | None:
    """A numbered sub-section without a kind of its own takes its parent's (2.3 Ekonomi -> 2.3.5)."""
    secs = _numbered_sections(ctx, i)
    if not secs:
        return None
    number = _number_of(secs[0].heading)
    for sec in secs:
        n = _number_of(sec.heading)
        if sec.canonical is not None and len(n) <= len(number) and number[:len(n)] == n:
            return sec.canonical.value
    return None


def in_finance_section(tc: TableContext) -> bool:
    money = T.finance_vocab()["money"]
    if tc.section_kind in money["finance_sections"]:
        return True
    return any(T.has_word(t, money["finance_heading_words"]) for t in (tc.heading, tc.caption))
