"""Document -> sections: each heading matched onto a SectionKind (normalize.vocab does the matching).

Also the listing behind `kommunrapport headings FILE...`: every heading and table-of-contents entry
with the kind it was matched to and the score, and, over several files, the headings no kind took.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kommunrapport.find.context import Context
from kommunrapport.models import BlockKind, Document, Section, SectionKind
from kommunrapport.normalize.vocab import clean_heading, match_section


def find_sections(ctx: Context) -> tuple[list[Section], list[int | None]]:
    """Every heading of the document as a Section, and for each block the section it stands in."""
    sections: list[Section] = []
    section_of: list[int | None] = []
    current: int | None = None
    for i, block in enumerate(ctx.doc.blocks):
        if block.kind is BlockKind.heading:
            kind, score = match_section(block.text)
            sections.append(Section(heading=block.text, canonical=kind, score=round(score, 1), level=block.level,
                                    provenance=block.provenance.with_method("heading:vocab", block=i)))
            current = len(sections) - 1
        section_of.append(current)
    return sections, section_of


@dataclass(frozen=True)
class HeadingMatch:
    file: str
    where: str                 # 'l38' (text line) or 'p4' (PDF page)
    source: str                # 'heading' or 'toc'
    text: str                  # the heading as written
    cleaned: str               # numbering, dot leaders and page number stripped
    kind: SectionKind | None
    score: float


def heading_matches(doc: Document, name: str | None = None) -> list[HeadingMatch]:
    """Every heading and TOC entry of a document with its SectionKind and score."""
    out = []
    for block in doc.blocks:
        if block.kind not in (BlockKind.heading, BlockKind.toc):
            continue
        kind, score = match_section(block.text)
        prov = block.provenance
        where = f"p{prov.page}" if prov.page else f"l{prov.line}" if prov.line else ""
        out.append(HeadingMatch(name or doc.path, where, block.kind.value, block.text, clean_heading(block.text),
                                kind, round(score, 1)))
    return out


def list_headings(paths: list[str], vocab: str | None = None) -> list[HeadingMatch]:
    """Read each file and match its headings (a user vocabulary, if given, extends the shipped one)."""
    from kommunrapport.normalize.vocab import add_user_vocab
    from kommunrapport.tables.build import read_tables as read_document

    if vocab:
        add_user_vocab(vocab)
    matches: list[HeadingMatch] = []
    for path in paths:
        matches.extend(heading_matches(read_document(path), Path(path).name))
    return matches


def format_heading_listing(matches: list[HeadingMatch]) -> str:
    """Per file: each heading with kind and score; then the TOC coverage and the headings no kind took."""
    lines: list[str] = []
    by_file: dict[str, list[HeadingMatch]] = {}
    for m in matches:
        by_file.setdefault(m.file, []).append(m)
    for file, rows in by_file.items():
        lines.append(f"== {file}")
        for m in rows:
            kind = m.kind.value if m.kind else "-"
            lines.append(f"  {m.where:>6}  {m.source:<7} {kind:<17} {m.score:5.1f}  {m.cleaned}")
    toc = [m for m in matches if m.source == "toc"]
    if toc:
        mapped = sum(m.kind is not None for m in toc)
        lines.append(f"\ntable-of-contents entries mapped to a kind: {mapped}/{len(toc)} ({mapped / len(toc):.0%})")
    unmatched = Counter(m.cleaned for m in matches if m.kind is None and m.cleaned)
    if len(by_file) > 1 or unmatched:
        lines.append(f"\nheadings no kind took ({len(unmatched)}), most frequent first:")
        files_of: dict[str, set[str]] = {}
        for m in matches:
            if m.kind is None:
                files_of.setdefault(m.cleaned, set()).add(m.file)
        for text, n in unmatched.most_common():
            lines.append(f"  {n:3d}x in {len(files_of[text])} file(s)  {text}")
    return "\n".join(lines) + "\n"
