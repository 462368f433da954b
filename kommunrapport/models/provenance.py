"""Where a fact came from: the same three-part provenance on every item."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Provenance(BaseModel):
    """`page` is 1-based for PDFs; `line` is the 1-based line of a text file; `method` names the
    rule that produced the fact (e.g. `table:operating`, `prose:sick_leave`)."""

    model_config = ConfigDict(extra="forbid")

    page: int | None = None
    line: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    block: int | None = None
    method: str = ""

    def with_method(self, method: str, **changes) -> Provenance:
        return self.model_copy(update={"method": method, **changes})
