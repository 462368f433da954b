"""One place a goal is stated (a table row, a heading, a labelled line) before the same goal stated
twice is merged into one Goal."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kommunrapport.models import Assessment, GoalLevel, Provenance
from kommunrapport.normalize.assessments import strip_number


@dataclass
class Mention:
    text: str
    level: GoalLevel
    block: int
    provenance: Provenance
    row: int = -1                       # the row of a goal table, -1 for prose
    sub: int = 0                        # several goals in one cell
    parent: Mention | None = None
    perspective: str | None = None
    cell_assessment: Assessment | None = None      # from an assessment cell or its colour
    notes: list[tuple[str, Provenance]] = field(default_factory=list)   # comment cells to read verdicts in
    reads_following: bool = False       # the prose after this block is its analysis
    creates: bool = True                # False: a restatement, only linked to a goal stated elsewhere
    indicator_caption: str | None = None   # 'Indikator: X' stated with the goal
    goal_id: str | None = None
    labelled_form: bool = False         # a goal record whose fields carry labels (goal_records)
    has_verdict_label: bool = False

    @property
    def order(self) -> tuple[int, int, int]:
        return (self.block, self.row, self.sub)


_MARKUP = re.compile(r"\*+|</?[a-z]+>")


def clean_goal_text(text: str) -> str:
    """The goal as written: markup, a leading section number and surrounding quotes dropped,
    whitespace normalised."""
    text = _MARKUP.sub("", text or "")
    text = " ".join(text.split())
    text = strip_number(text)
    return text.strip(" \"”“'")


def goal_key(text: str) -> str:
    """A comparison form: lower case, hyphenation and punctuation gone."""
    t = clean_goal_text(text).lower()
    t = re.sub(r"(\w)- (\w)", r"\1\2", t)
    t = re.sub(r"[^\w%]+", " ", t)
    return " ".join(t.split())
