"""Document -> sections: each heading matched onto a SectionKind (normalize.vocab does the matching)."""
from __future__ import annotations

from kommunrapport.extract.context import Context
from kommunrapport.models import BlockKind, Section


def find_sections(ctx: Context) -> tuple[list[Section], list[int | None]]:
    """Every heading of the document as a Section, and for each block the section it stands in."""
    from kommunrapport.normalize.vocab import match_section

    sections: list[Section] = []
    section_of: list[int | None] = []
    current: int | None = None
    for i, block in enumerate(ctx.doc.blocks):
        if block.kind is BlockKind.heading:
            kind, score = match_section(block.text)
            sections.append(Section(heading=block.text, canonical=kind, score=score, level=block.level,
                                    provenance=block.provenance.with_method("heading", block=i)))
            current = len(sections) - 1
        section_of.append(current)
    return sections, section_of
