"""What every reader produces: an ordered list of blocks, each with its provenance.

A text file and a PDF of the same report should give the same blocks; the extractors only
ever see this model, never the reader that made it.
"""
from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from kommunrapport.models.provenance import Provenance
from kommunrapport.models.report import Warning


class BlockKind(StrEnum):
    heading = "heading"
    paragraph = "paragraph"
    list_item = "list_item"
    table = "table"
    toc = "toc"            # a table-of-contents entry: text = the heading it names, level if known


class Colour(BaseModel):
    """A colour seen in a PDF: a name (green, yellow, red, blue, grey, white, black) and the raw value."""

    model_config = ConfigDict(extra="forbid")
    name: str
    raw: str = ""


class Cell(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = ""
    colour: Colour | None = None      # the fill of a marker or background in the cell (PDF)
    col_span: int = 1
    row_span: int = 1
    bbox: tuple[float, float, float, float] | None = None


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cells: list[Cell]
    is_header: bool = False
    provenance: Provenance = Field(default_factory=Provenance)

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


class Table(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rows: list[Row]
    caption: str | None = None        # a title line just above the table, where there is one

    @property
    def header_rows(self) -> list[Row]:
        return [r for r in self.rows if r.is_header]

    @property
    def body_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.is_header]

    @property
    def n_cols(self) -> int:
        return max((sum(c.col_span for c in r.cells) for r in self.rows), default=0)


class Block(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: BlockKind
    text: str = ""                    # heading/paragraph/list text; for a table, its rows joined
    level: int | None = None          # heading depth (1 = top) where known
    table: Table | None = None
    colour: Colour | None = None      # a coloured marker on the line (PDF)
    colours: list[Colour] = Field(default_factory=list)  # every marker on it, left to right (a legend has several)
    bold: bool | None = None
    provenance: Provenance = Field(default_factory=Provenance)


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    format: str                       # "text" or "pdf"
    rendition: str = ""               # text: "tabbed", "markdown", "layout"; pdf: "pdf"
    pages: int | None = None
    sha256: str = ""
    blocks: list[Block] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)   # reader warnings, e.g. a page that failed
    # metadata of the file as its converter wrote it (Markdown's YAML front matter), not the report's own:
    # its `datum` dates the meeting the file was published for, not the report
    front_matter: dict = Field(default_factory=dict)
    # the running headers and footers the reader set apart from the text, one of each ('Nämnden för Vård &
    # Omsorg  Kungsbacka kommun', 'alingsas.se'): not text, but they name the report's body and municipality
    running_lines: list[str] = Field(default_factory=list)

    def tables(self) -> list[tuple[int, Block]]:
        return [(i, b) for i, b in enumerate(self.blocks) if b.kind is BlockKind.table]

    def headings(self) -> list[tuple[int, Block]]:
        return [(i, b) for i, b in enumerate(self.blocks) if b.kind is BlockKind.heading]
