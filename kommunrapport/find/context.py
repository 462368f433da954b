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
