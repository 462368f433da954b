"""What the domain extractors share while they run over one document."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from kommunrapport.models import Document, Provenance, Report, Section
from kommunrapport.models.report import Warning


@dataclass
class Context:
    doc: Document
    report: Report = field(default_factory=Report)
    sections: list[Section] = field(default_factory=list)
    # section_of[i] = the index into `sections` of the section that block i stands in (or None)
    section_of: list[int | None] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    # block index of a table -> what a finder made of it (TableSummary fields), see note_table
    table_notes: dict[int, dict] = field(default_factory=dict)

    def warn(self, code: str, message: str, provenance: Provenance | None = None) -> None:
        self.warnings.append(Warning(code=code, message=message, provenance=provenance))

    def section_at(self, block_index: int) -> Section | None:
        if 0 <= block_index < len(self.section_of):
            i = self.section_of[block_index]
            return self.sections[i] if i is not None else None
        return None

    @cached_property
    def _table_ids(self) -> dict[int, str]:
        return {i: f"t{n}" for n, (i, _) in enumerate(self.doc.tables(), start=1)}

    def table_id(self, block_index: int) -> str | None:
        """The id ("t1", "t2", ... in reading order) that a table block's TableSummary and facts carry."""
        return self._table_ids.get(block_index)

    def note_table(self, block_index: int, **fields) -> None:
        """Say what a finder made of a table block, in TableSummary fields (`kind`, `title`, `unit_raw`,
        `unit_source`, `sign_flipped`, `columns`, `rows`, `reconciled`, `skipped`). A finder that takes
        the table (facts, or a definite kind) overrides one that only said why it left it: a note
        without `skipped` wins over one with it; otherwise the later note adds to the earlier.
        Facts are counted from the facts' `table_id`, never noted."""
        old = self.table_notes.get(block_index)
        if old is not None and old.get("skipped") is None and fields.get("skipped") is not None:
            return      # already taken by another finder: a later 'not mine' does not undo it
        if old is not None and old.get("skipped") is not None and fields.get("skipped") is None:
            old = {}
        self.table_notes[block_index] = {**(old or {}), **fields}
