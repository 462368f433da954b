"""Goals, legends, assessments and indicators.

Goals are gathered as mentions (goal-table rows, headed or labelled prose), merged where the same
goal is stated twice (the later statements kept in `also_at`), linked to the lines of prose that
restate them, and assessed: an assessment cell (words, colour) first, else the verdict sentences of
the analysis that goes with the goal, where they agree.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from kommunrapport.find.assessments import agree, prose_verdicts, verdict_assessment
from kommunrapport.find.context import Context
from kommunrapport.find.goal_mentions import Mention, goal_key
from kommunrapport.find.goal_prose import is_sentence_heading, read_goal_prose
from kommunrapport.find.goal_records import read_goal_records
from kommunrapport.find.goal_tables import read_goal_tables
from kommunrapport.find.indicators import read_indicators
from kommunrapport.find.legends import Legend, find_legends, legend_before
from kommunrapport.models import Assessment, BlockKind, DocumentType, Goal, Indicator, Provenance
from kommunrapport.normalize.assessments import goal_label

SAME_GOAL = 93.0            # rapidfuzz ratio of two statements of one goal ("fortsätta (att) leva")
MAX_RESTATEMENT_CHARS = 450


@dataclass
class GoalRecord:
    id: str
    mentions: list[Mention]
    parent_id: str | None = None
    assessment: Assessment | None = None
    indicator_ids: list[str] = field(default_factory=list)

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    def to_goal(self) -> Goal:
        m = self.first
        return Goal(id=self.id, text=m.text, level=m.level, parent_id=self.parent_id,
                    perspective=next((x.perspective for x in self.mentions if x.perspective), None),
                    assessment=self.assessment, indicator_ids=self.indicator_ids, provenance=m.provenance,
                    also_at=[x.provenance for x in self.mentions[1:]])


def extract_goals(ctx: Context) -> tuple[list[Goal], list[Indicator]]:
    """The goals and indicators of a document. A layout these rules cannot follow costs the goals of
    this one document (with a warning), never the rest of its extraction."""
    try:
        return _extract_goals(ctx)
    except Exception as exc:  # noqa: BLE001 - one document's odd layout must not lose its other facts
        ctx.warn("goals_failed", f"goals and indicators left out: {type(exc).__name__}: {exc}")
        return [], []


def _extract_goals(ctx: Context) -> tuple[list[Goal], list[Indicator]]:
    legends = find_legends(ctx.doc)
    tables = read_goal_tables(ctx, legends)
    labelled = read_goal_records(ctx)
    prose = read_goal_prose(ctx, set(tables.goal_tables), labelled.claimed)
    mentions = sorted(tables.mentions + labelled.mentions + prose, key=lambda m: m.order)
    records = merge_mentions(mentions)
    restatements = link_restatements(ctx, records, mentions)
    mentions = sorted(mentions + restatements, key=lambda m: m.order)
    # the levels whose goals the document judges under a label: a goal of that level without one is
    # not judged, whatever verdict-like sentences its text holds
    judged_by_label = {m.level for m in labelled.mentions if m.has_verdict_label and m.cell_assessment}
    for record in records:
        record.assessment = assess(ctx, record, mentions, legends, judged_by_label)
    indicators = read_indicators(ctx, mentions, tables)
    by_id = {r.id: r for r in records}
    for ind in indicators:
        if ind.goal_id in by_id:
            by_id[ind.goal_id].indicator_ids.append(ind.id)
    return [r.to_goal() for r in records], indicators


def merge_mentions(mentions: list[Mention]) -> list[GoalRecord]:
    """One GoalRecord per distinct goal; mentions of the same goal join the first."""
    records: list[GoalRecord] = []
    keys: list[str] = []
    for m in mentions:
        if not m.creates or not m.text:
            continue
        key = goal_key(m.text)
        hit = _same_goal(key, keys)
        if hit is not None:
            record = records[hit]
            record.mentions.append(m)
        else:
            record = GoalRecord(id=f"g{len(records) + 1}", mentions=[m])
            records.append(record)
            keys.append(key)
        m.goal_id = record.id
    for record in records:
        parent = next((m.parent for m in record.mentions if m.parent is not None), None)
        if parent is not None and parent.goal_id != record.id:
            record.parent_id = parent.goal_id
    return records


def _same_goal(key: str, keys: list[str]) -> int | None:
    """The index of the key that states the same goal: near-equal text whose words differ at most in
    short function words ('fortsätta (att) leva') or in how a compound is split."""
    if not keys or not key:
        return None
    for _, _score, n in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=SAME_GOAL, limit=3):
        other = keys[n]
        if key.replace(" ", "") == other.replace(" ", ""):
            return n
        diff = set(key.split()) ^ set(other.split())
        if all(len(w) <= 3 for w in diff):
            return n
    return None


def _opening_goal(text: str, keys: list[str]) -> tuple[int | None, str]:
    """A paragraph that opens with a goal and runs on into its analysis (a text rendition that lost
    the line break): the goal, and the rest of the paragraph."""
    words = text.split()
    for n, key in enumerate(keys):
        size = len(key.split())
        if size >= 4 and len(words) > size and goal_key(" ".join(words[:size])) == key:
            return n, " ".join(words[size:])
    return None, ""


def link_restatements(ctx: Context, records: list[GoalRecord], mentions: list[Mention]) -> list[Mention]:
    """Lines of prose that restate a goal (the heading of its analysis): linked, never a new goal."""
    taken = {m.block for m in mentions}
    keys = [goal_key(r.first.text) for r in records]
    found: list[Mention] = []
    if not keys:
        return found
    for i, block in enumerate(ctx.doc.blocks):
        if i in taken or block.kind in (BlockKind.table, BlockKind.toc) or len(block.text) > MAX_RESTATEMENT_CHARS:
            continue
        label = goal_label(block.text)
        text = label[1] if label else block.text
        hit, rest = _same_goal(goal_key(text), keys), ""
        if hit is None:
            hit, rest = _opening_goal(block.text, keys)
        if hit is None:
            continue
        record = records[hit]
        m = Mention(record.first.text, record.first.level, i,
                    block.provenance.with_method("prose:restatement", block=i),
                    reads_following=True, creates=False, goal_id=record.id)
        if rest:
            m.notes.append((rest, m.provenance))
        record.mentions.append(m)
        found.append(m)
    for record in records:
        record.mentions.sort(key=lambda m: m.order)
    return found


def assess(ctx: Context, record: GoalRecord, mentions: list[Mention], legends: list[Legend],
           judged_by_label: set | frozenset = frozenset()) -> Assessment | None:
    for m in record.mentions:
        if m.cell_assessment is not None:
            return m.cell_assessment
    if ctx.report.document_type is DocumentType.plan:
        return None          # a plan states goals; it does not follow them up
    if record.first.labelled_form and record.first.level in judged_by_label:
        return None
    found = []
    for m in record.mentions:
        for text, prov in m.notes + analysis_of(ctx, m, mentions):
            found.extend((v, prov) for v in prose_verdicts(text))
    chosen = agree(found)
    if chosen is False:
        ctx.warn("conflicting_assessment",
                 f"the analysis of goal '{record.first.text[:60]}' gives verdicts that disagree; left out",
                 record.first.provenance)
        return None
    if chosen is None:
        return None
    verdict, prov = chosen
    return verdict_assessment(verdict, legend_before(legends, prov.block or 0), prov)


def analysis_of(ctx: Context, mention: Mention, mentions: list[Mention]) -> list[tuple[str, Provenance]]:
    """The prose after a goal up to the next goal, heading or table: its analysis."""
    if not mention.reads_following:
        return []
    taken = {m.block for m in mentions}
    out = []
    for j in range(mention.block + 1, len(ctx.doc.blocks)):
        block = ctx.doc.blocks[j]
        if j in taken or block.kind in (BlockKind.table, BlockKind.toc):
            break
        if block.kind is BlockKind.heading and not is_sentence_heading(block):
            break
        out.append((block.text, block.provenance.with_method("prose", block=j)))
    return out
