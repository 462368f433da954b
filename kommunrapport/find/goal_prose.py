"""Goals stated in the running text -> goal mentions.

- Under a heading that names a goal level by its head noun phrase (`Av nämnden fastställda mål`,
  `Uppföljning av Kommunfullmäktiges utvecklingsmål`, `Strategiska utvecklingsuppdrag`): its
  numbered sub-headings or numbered paragraphs (3.3.1 under 3.3), its lines in capitals, and its
  list items written wholly in bold.
- Anywhere: a labelled line, `Socialnämndens mål: X` or `Nämndens arbetsmiljömål för 2023; *X*`.
- `Perspektiv Invånare` sets the perspective of the goals after it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kommunrapport.find.context import Context
from kommunrapport.find.goal_mentions import Mention, clean_goal_text
from kommunrapport.models import Block, BlockKind, GoalLevel, SectionKind
from kommunrapport.normalize.assessments import (
    goal_label,
    goal_level_of_heading,
    is_assignment_text,
    is_caption_line,
    is_grouping_heading,
    is_structure_heading,
    names_goals,
    number_of,
    perspective_of,
    stated_goals,
    strip_number,
)
from kommunrapport.normalize.nlp import sentences

MAX_GOAL_CHARS = 400
_BOLD = re.compile(r"^\*\*(?P<text>[^*].*?)\*\*[.:]?$", re.S)


@dataclass
class GoalSection:
    level: str              # council, committee, assignment or mixed
    block: int
    heading_level: int | None
    number: str | None
    has_table: bool = False
    by_label: bool = False  # opened by a line naming a goal level ('Nämndmål'), not by a heading
    run_end: int = -1       # the last line of the run of goal lines right under the label or heading
    groups: list[str] = field(default_factory=list)   # numbers of headings that only group its goals


def read_goal_prose(ctx: Context, goal_tables: set[int] | frozenset = frozenset(),
                    claimed: set[int] | frozenset = frozenset()) -> list[Mention]:
    """`goal_tables`: the blocks of goal tables; where a section has one, its sub-headings are the
    analysis of the goals in the table, not goals of their own. `claimed`: the blocks of chapters
    whose goals are labelled records (goal_records), left to that form."""
    mentions: list[Mention] = []
    section: GoalSection | None = None
    perspective: str | None = None
    listing = False          # the line above introduced a list of goals
    caps_until = -1          # the last block of the goal heading above (a heading wrapped over lines)
    for i, block in enumerate(ctx.doc.blocks):
        if block.kind in (BlockKind.table, BlockKind.toc):
            if section and section.run_end == i - 1 and block.kind is BlockKind.table and i not in goal_tables \
                    and i > 0 and is_caption_line(ctx.doc.blocks[i - 1].text):
                section.run_end = i      # a converter places a page's captioned tables at its end, inside a run
            continue
        if i in claimed:
            section = None
            continue
        text = block.text.strip()
        if section and section.run_end == i - 1 and is_caption_line(text):
            section.run_end = i      # a table's caption placed by a converter at the page's end
            continue
        label_section = _level_label_section(ctx, i, block, section)
        if label_section is not None:
            section, listing = label_section, False
            continue
        if is_label_line(block):
            listing = introduces_goals(text)
            continue
        found = perspective_of(text)
        if found:
            perspective = found
            if section and section.by_label and section.run_end == i - 1:
                section.run_end = i
            continue
        label = goal_label(text)
        if label:
            level, goal = label
            mentions.append(_mention(goal, GoalLevel(level), i, block, "prose:goal_label", perspective))
            continue
        if mentions and caps_until == i - 1 and _continues_capitals(mentions[-1], block):
            mentions[-1].text = clean_goal_text(f"{mentions[-1].text} {text}")    # a heading wrapped over lines
            caps_until = i
            continue
        if block.kind is BlockKind.heading:
            level = goal_level_of_heading(text)
            if level:
                # bullets right under a heading naming goals are its goals; under a bare 'Uppdrag' they
                # are as often the committee's remit
                section = GoalSection(level, i, block.level, number_of(text),
                                      run_end=i if level in ("council", "committee") else -1)
                section.has_table = any(i < t < _section_end(ctx.doc.blocks, section) for t in goal_tables)
                perspective = None
            elif section and is_grouping_heading(text) and _is_child_number(text, section):
                section.groups.append(number_of(text))       # '5.2.1 Sociala dimensionen' under '5.2 Mål'
                perspective = " ".join(strip_number(text).split())
            elif section and _is_goal_heading(block, section):
                mentions.append(_mention(text, GoalLevel(section.level), i, block, "heading:goal_section",
                                         perspective))
                caps_until = i
            elif section and _ends(block, section):
                section = None
            continue
        # goals stand on the lines right under their label (bullets also right under a goal heading),
        # before any analysis
        plain = bool(section and section.run_end == i - 1
                     and (_is_bullet_goal(block) or section.by_label and _is_plain_goal_line(block)))
        if plain:
            section.run_end = i
        if section and section.level != "mixed" and (_is_goal_line(block, section) or plain):
            mentions.append(_mention(_bold_text(block) or text, GoalLevel(section.level), i, block,
                                     "prose:goal_section", perspective))
            caps_until = i
        elif section and section.level != "mixed" and block.kind is BlockKind.list_item and listing:
            level = GoalLevel.assignment if is_assignment_text(text) else GoalLevel(section.level)
            mentions.append(_mention(text, level, i, block, "list:goal_section", perspective))
        elif section and section.level != "mixed":
            for goal in stated_goals(text):
                mentions.append(_mention(goal, GoalLevel(section.level), i, block, "prose:goal_statement",
                                         perspective))
        if block.kind is not BlockKind.list_item:
            listing = introduces_goals(text)
    return mentions


def _level_label_section(ctx: Context, index: int, block: Block, section: GoalSection | None) -> GoalSection | None:
    """A line of its own that names a goal level ('Kommunfullmäktiges mål', 'Nämndmål:', 'Uppdrag') in a
    goal section whose sub-headings the rendition left as plain lines: the goals on the lines below
    are of that level."""
    text = block.text.strip()
    if block.kind not in (BlockKind.paragraph, BlockKind.list_item) or len(text) > 60 or text.endswith("."):
        return None
    level = goal_level_of_heading(text.rstrip(":"))
    if level is None or level == "mixed":
        return None
    current = ctx.section_at(index)
    if section is None and not (current and current.canonical is SectionKind.goals):
        return None
    return GoalSection(level, index, None, None, by_label=True, run_end=index)


def _is_plain_goal_line(block: Block) -> bool:
    """A goal on a line of its own: one short statement that starts a sentence and ends without a full
    stop (an analysis runs on in sentences)."""
    text = block.text.strip()
    words = text.split()
    return (block.kind in (BlockKind.paragraph, BlockKind.list_item) and 3 <= len(words) <= 30
            and text[:1].isupper() and not text.endswith((".", ":", ";", "!", "?")))


def _is_bullet_goal(block: Block) -> bool:
    """A bullet in the run right under a goal-level label ('Kommunens övergripande mål för
    arbetsmiljöarbetet' / '• Sjukfrånvaron ska minska.'): one goal, full stop or not."""
    text = block.text.strip()
    return block.kind is BlockKind.list_item and 2 <= len(text.split()) and len(text) <= MAX_GOAL_CHARS \
        and text[:1].isupper()


def _mention(text: str, level: GoalLevel, index: int, block: Block, method: str, perspective: str | None) -> Mention:
    return Mention(clean_goal_text(text), level, index, block.provenance.with_method(method, block=index),
                   perspective=perspective, reads_following=True)


def _is_child_number(text: str, section: GoalSection) -> bool:
    """3.3.1 under 3.3; 5.2.1.1 under 5.2 where 5.2.1 only groups (a dimension, a perspective)."""
    number = number_of(text)
    if not number or not section.number:
        return False
    return any(number.startswith(parent + ".") and number.count(".") == parent.count(".") + 1
               for parent in (section.number, *section.groups))


def introduces_goals(text: str) -> bool:
    """'Revisorerna har formulerat följande övergripande mål för åren 2022–2024:'. The goals must be
    named in the sentence that introduces the list ('... De områden som ska fokuseras på är:' after a
    sentence about the goals introduces areas, not goals)."""
    text = text.strip()
    if len(text) > MAX_GOAL_CHARS * 2 or not (text.endswith(":") or "följande" in text.lower()):
        return False
    sents = sentences(text)
    last = sents[-1].text if sents and text.endswith(":") else text
    return names_goals(last)


def is_label_line(block: Block) -> bool:
    """'Kommentar:', 'Beskrivning:': a label over the text below, never a goal or a section."""
    return block.kind is not BlockKind.table and block.text.strip().endswith(":") and len(block.text) <= 60


def is_sentence_heading(block: Block) -> bool:
    """A 'heading' that is a sentence ('... Målet är uppnått.'): read as a paragraph."""
    text = block.text.strip()
    return block.kind is BlockKind.heading and (is_label_line(block) or (text.endswith(".") and len(text.split()) > 8))


def _section_end(blocks: list[Block], section: GoalSection) -> int:
    for j in range(section.block + 1, len(blocks)):
        b = blocks[j]
        if b.kind is BlockKind.heading and not is_sentence_heading(b) and not _is_goal_heading(b, section) \
                and _ends(b, section):
            return j
    return len(blocks)


def _is_goal_heading(block: Block, section: GoalSection) -> bool:
    if section.level == "mixed":
        return False
    if is_structure_heading(block.text) or is_grouping_heading(block.text):
        return False
    if number_of(block.text) and section.number:
        return _is_child_number(block.text, section)
    if is_sentence_heading(block):
        return False
    if _is_capitals(block.text):
        return True
    if section.has_table:
        return False
    if block.level and section.heading_level:
        return block.level == section.heading_level + 1
    return False


def _ends(block: Block, section: GoalSection) -> bool:
    number = number_of(block.text)
    if section.number:
        # in a numbered document an unnumbered heading is a label inside a goal ('Allmän beskrivning')
        return bool(number) and not number.startswith(section.number + ".")
    if block.level and section.heading_level:
        return block.level <= section.heading_level
    return True


def _is_goal_line(block: Block, section: GoalSection) -> bool:
    text = block.text.strip()
    if len(text) > MAX_GOAL_CHARS:
        return False
    if _is_child_number(text, section):
        return True
    if _is_capitals(text):
        return True
    return block.kind is BlockKind.list_item and (_bold_text(block) is not None or bool(block.bold))


def _bold_text(block: Block) -> str | None:
    m = _BOLD.match(block.text.strip())
    return m.group("text") if m else None


def _is_capitals(text: str, least: int = 10) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= least and all(c.isupper() for c in letters)


def _continues_capitals(previous: Mention, block: Block) -> bool:
    return (block.kind is previous_kind(previous) and _is_capitals(previous.text)
            and _is_capitals(block.text, least=3))


def previous_kind(mention: Mention) -> BlockKind:
    return BlockKind.heading if mention.provenance.method.startswith("heading") else BlockKind.paragraph
