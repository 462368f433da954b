"""Goals printed as records: a heading, then labelled fields under it -> goal mentions.

Report systems print each goal as a numbered heading followed by fields: who decided it
(`Beslutats av` / `Kommunfullmäktige` or `Nämnd`), its wording, its verdict (`Kommunövergripande
bedömning` / `Vi har inte nått målet men är på rätt väg`), a comment and indicators. The headings
above them are generic (`Uppföljning mål`), so the level comes from the record, not the heading:

- a heading is a goal of this form where its own lines (up to its first sub-heading) carry a
  decided-by label, and it stands in a chapter about goals (or its title names a level:
  `Direktiv - Civil beredskap`);
- in a chapter whose goals carry such labels, a heading without one is no goal (the parts of a
  directive, `Analys`): that chapter is claimed, and the other goal rules leave it alone;
- the level: an assignment where the title or the chapter names one (`Direktiv`, `Uppföljning
  direktiv`: a directive is an assignment whoever decided it), else the body that decided it,
  else the chapter's level, else one level below the goal it stands under;
- the verdict: the words after a verdict label, read as a status cell. A document that gives the
  goals of a level their verdict under a label gives none to a goal of that level without one
  (see goals.assess).

The reader may keep each field on a line of its own or run them together (`3.3 Bästa
företagsklimatet i Västsverige Beslutats av` / `Kommunfullmäktige Fokusområden`), so labels are
looked for inside the joined text of the record.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kommunrapport.find.context import Context
from kommunrapport.find.goal_mentions import Mention, clean_goal_text
from kommunrapport.find.goal_prose import is_sentence_heading
from kommunrapport.models import Assessment, AssessmentBasis, Block, BlockKind, GoalLevel, SectionKind
from kommunrapport.normalize.assessments import (
    RecordLabel,
    decided_by_level,
    goal_label,
    goal_level_of_heading,
    is_grouping_heading,
    is_structure_heading,
    label_verdict,
    number_of,
    record_labels,
    strip_leading_label,
    strip_number,
    verdicts,
)

SETTINGS = {
    "max_title_chars": 300,      # a longer heading is a sentence, not a goal's title
    "max_record_blocks": 400,    # the blocks read under one heading at most
}
_SEPARATORS = (" - ", " – ", " — ", ": ")


@dataclass
class Heading:
    block: int
    text: str                    # with a wrapped continuation joined
    number: str | None
    level: int | None
    parent: int | None           # block of the heading it stands under
    end: int                     # the first block after its own lines (its next heading)
    continuation: list[int] = field(default_factory=list)


@dataclass
class RecordResult:
    mentions: list[Mention] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)       # blocks of chapters this form decides


def read_goal_records(ctx: Context) -> RecordResult:
    headings = heading_tree(ctx.doc.blocks)
    by_block = {h.block: h for h in headings}
    result = RecordResult()
    goals: dict[int, Mention] = {}
    chapters: set[int] = set()
    for h in headings:
        stream, offsets = _record_text(ctx.doc.blocks, h)
        labels = record_labels(stream)
        decided = [lb for lb in labels if lb.kind == "decided_by"]
        if len(h.text) > SETTINGS["max_title_chars"]:
            continue
        verdict = _labelled_verdict(ctx, labels, offsets)
        if not decided:
            m = _judged_heading(ctx, h, by_block, goals, verdict, stream, labels)
            if m is not None:
                goals[h.block] = m
                result.mentions.append(m)
            continue
        chapter = _goal_chapter(ctx, h, by_block)
        title_level = _title_level(strip_number(h.text))
        if chapter is None and title_level is None:
            continue
        level = _level(h, title_level, chapter, decided[0].value, by_block, goals)
        if level is None:
            continue
        text = _title(ctx.doc.blocks, h, stream, labels)
        if not text:
            continue
        block = ctx.doc.blocks[h.block]
        parent = _nearest_goal(h, by_block, goals)
        m = Mention(text, level, h.block, block.provenance.with_method("heading:goal_record", block=h.block),
                    parent=parent if parent is not None and level is not GoalLevel.council else None,
                    perspective=_perspective(h, by_block), reads_following=True, labelled_form=True)
        m.cell_assessment = verdict
        m.has_verdict_label = any(lb.kind == "verdict" for lb in labels)
        goals[h.block] = m
        result.mentions.append(m)
        if chapter is not None:
            chapters.add(chapter.block)
        else:
            result.claimed.update(range(h.block, h.end))
    for c in chapters:
        result.claimed.update(range(c, _subtree_end(by_block[c], headings, len(ctx.doc.blocks))))
    return result


def heading_tree(blocks: list[Block]) -> list[Heading]:
    """Every heading with the heading it stands under (by its number, else by its level) and the end
    of its own lines. A heading in capitals right under a heading in capitals continues it."""
    out: list[Heading] = []
    previous: Heading | None = None
    for i, block in enumerate(blocks):
        if block.kind is not BlockKind.heading or is_sentence_heading(block):
            continue
        text = " ".join(block.text.split())
        last = previous.continuation[-1] if previous and previous.continuation else previous.block if previous else -1
        if previous is not None and last == i - 1 and _continues(previous, text):
            previous.text = f"{previous.text} {text}"
            previous.continuation.append(i)
            previous.end = i + 1
            continue
        number = number_of(text)
        h = Heading(i, text, number, block.level, _parent(out, number, block.level), len(blocks))
        if previous is not None:
            previous.end = i
        out.append(h)
        previous = h
    return out


def _continues(previous: Heading, text: str) -> bool:
    return number_of(text) is None and _is_capitals(previous.text) and _is_capitals(text, least=3)


def _is_capitals(text: str, least: int = 10) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= least and all(c.isupper() for c in letters)


def _parent(headings: list[Heading], number: str | None, level: int | None) -> int | None:
    for h in reversed(headings):
        if number and h.number:
            if number.startswith(h.number + "."):
                return h.block
            continue
        if level is not None and h.level is not None and h.level < level:
            return h.block
    return None


def _ancestors(h: Heading, by_block: dict[int, Heading]):
    seen = set()
    p = h.parent
    while p is not None and p not in seen:
        seen.add(p)
        yield by_block[p]
        p = by_block[p].parent


def _is_goal_chapter(ctx: Context, h: Heading) -> bool:
    if goal_level_of_heading(h.text):
        return True
    section = ctx.section_at(h.block)
    return bool(section and section.canonical is SectionKind.goals)


def _goal_chapter(ctx: Context, h: Heading, by_block: dict[int, Heading]) -> Heading | None:
    """The outermost heading above `h` that names goals, assignments or directives."""
    found = None
    for a in _ancestors(h, by_block):
        if _is_goal_chapter(ctx, a):
            found = a
    return found


def _title_level(title: str) -> GoalLevel | None:
    """'Direktiv - Civil beredskap' -> assignment: a level term heading the title."""
    for sep in _SEPARATORS:
        head, found, rest = title.partition(sep)
        if found and rest.strip():
            level = goal_level_of_heading(head)
            if level and level != "mixed":
                return GoalLevel(level)
    return None


def _judged_heading(ctx: Context, h: Heading, by_block: dict[int, Heading], goals: dict[int, Mention],
                    verdict: Assessment | None, stream: str, labels: list[RecordLabel]) -> Mention | None:
    """A heading judged under a verdict label ('Bedömning: Delvis uppfyllt') in a chapter whose heading
    names goals but no level ('Måluppföljning', 'Mål'): a goal, the committee's unless the goal it
    stands under is the council's own. Chapters that name a level are read by goal_prose."""
    if verdict is None or is_structure_heading(h.text) or is_grouping_heading(h.text) \
            or goal_level_of_heading(h.text):      # 'Verksamhetsmål', 'Finansiella mål': a kind, not a goal
        return None
    chapter = _goal_chapter(ctx, h, by_block)
    if chapter is None or any(goal_level_of_heading(a.text) not in (None, "mixed") for a in _ancestors(h, by_block)):
        return None
    text = _title(ctx.doc.blocks, h, stream, labels)
    if not text:
        return None
    parent = _nearest_goal(h, by_block, goals)
    labelled = goal_label(strip_number(h.text))            # '3.1 Kommunfullmäktiges mål: En attraktiv kommun'
    if labelled:
        level = GoalLevel(labelled[0])
    else:
        level = GoalLevel.committee if parent is None or parent.level is GoalLevel.council else parent.level
    block = ctx.doc.blocks[h.block]
    m = Mention(text, level, h.block, block.provenance.with_method("heading:judged_goal", block=h.block),
                parent=parent if parent is not None and parent.level is GoalLevel.council else None,
                perspective=_perspective(h, by_block), reads_following=True, labelled_form=True,
                has_verdict_label=True)
    m.cell_assessment = verdict
    return m


def _level(h: Heading, title_level: GoalLevel | None, chapter: Heading | None, decided: str,
           by_block: dict[int, Heading], goals: dict[int, Mention]) -> GoalLevel | None:
    named = [title_level] if title_level else []
    for a in _ancestors(h, by_block):
        lv = goal_level_of_heading(a.text)
        if lv and lv != "mixed":
            named.append(GoalLevel(lv))
            break
    if GoalLevel.assignment in named:
        return GoalLevel.assignment
    by_body = decided_by_level(decided)
    if by_body:
        return GoalLevel(by_body)
    if named:
        return named[0]
    parent = _nearest_goal(h, by_block, goals)
    if parent is not None:
        return GoalLevel.committee if parent.level is GoalLevel.council else parent.level
    return None


def _perspective(h: Heading, by_block: dict[int, Heading]) -> str | None:
    """The dimension or perspective heading the goal stands under ('Sociala dimensionen')."""
    return next((" ".join(strip_number(a.text).split()) for a in _ancestors(h, by_block)
                 if is_grouping_heading(a.text)), None)


def _nearest_goal(h: Heading, by_block: dict[int, Heading], goals: dict[int, Mention]) -> Mention | None:
    return next((goals[a.block] for a in _ancestors(h, by_block) if a.block in goals), None)


def _subtree_end(h: Heading, headings: list[Heading], n_blocks: int) -> int:
    for other in headings:
        if other.block <= h.block:
            continue
        if h.number and other.number:
            if not other.number.startswith(h.number + "."):
                return other.block
        elif h.level is not None and other.level is not None and other.level <= h.level:
            return other.block
    return n_blocks


def _record_text(blocks: list[Block], h: Heading) -> tuple[str, list[tuple[int, int]]]:
    """The heading and its own lines joined by line breaks (tables left out), with each block's
    start offset in the joined text."""
    parts, offsets, pos = [], [], 0
    last = min(h.end, h.block + SETTINGS["max_record_blocks"])
    for j in [h.block, *range(h.block + 1, last)]:
        if j in h.continuation:
            continue
        block = blocks[j]
        if block.kind in (BlockKind.table, BlockKind.toc):
            continue
        text = h.text if j == h.block else " ".join(block.text.split())
        offsets.append((pos, j))
        parts.append(text)
        pos += len(text) + 1
    return "\n".join(parts), offsets


def _title(blocks: list[Block], h: Heading, stream: str, labels: list[RecordLabel]) -> str:
    """The goal's wording: the heading up to its first label; a heading wrapped onto the line below
    (which starts in lower case) gets its tail back."""
    first_line_end = len(h.text)
    cut = min((lb.start for lb in labels), default=len(stream))
    title = stream[:min(cut, first_line_end)]
    if cut > first_line_end:
        tail = stream[first_line_end + 1:cut].split("\n")[0].strip()
        if tail[:1].islower() and not title.rstrip().endswith((".", ":")):
            title = f"{title} {tail}"
    return clean_goal_text(strip_leading_label(strip_number(" ".join(title.split()))))


def _labelled_verdict(ctx: Context, labels: list[RecordLabel], offsets: list[tuple[int, int]]) -> Assessment | None:
    for lb in labels:
        if lb.kind != "verdict" or not lb.value:
            continue
        v = label_verdict(lb.value) or next(iter(verdicts(lb.value)), None)
        if v is None:
            continue
        block = max((j for start, j in offsets if start <= lb.start), default=offsets[0][1])
        prov = ctx.doc.blocks[block].provenance.with_method("prose:labelled_verdict", block=block)
        return Assessment(level=v.level, is_forecast=v.is_forecast, raw=v.raw, basis=AssessmentBasis.text,
                          provenance=prov)
    return None
