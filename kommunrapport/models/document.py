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


class Word(BaseModel):
    """A word with its position, as a reader saw it: pdfplumber's words in points, or a token of
    `pdftotext -layout` text placed on a nominal monospace grid (a character column is an x
    position, a text line a y position: see `read.layout`). The table layer finds columns and rows
    from these, whichever reader made them."""

    model_config = ConfigDict(extra="forbid")

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 10.0                # font size (pt); the unit every grid tolerance is scaled by
    bold: bool = False
    page: int | None = None
    line: int | None = None           # the text file's 1-based line (text renditions)


class Mark(BaseModel):
    """A coloured marker or cell fill seen inside a table region (PDF)."""

    model_config = ConfigDict(extra="forbid")
    bbox: tuple[float, float, float, float]
    colour: Colour


class Region(BaseModel):
    """What a reader saw of a table before its structure is known: the words, and the drawn
    evidence around them. Rules and drawn cells are evidence, not the truth: the table layer
    (`tables.grid`) lets the words decide where they disagree."""

    model_config = ConfigDict(extra="forbid")

    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    words: list[Word] = Field(default_factory=list)
    v_rules: list[float] = Field(default_factory=list)    # x of vertical rules and cell edges
    h_rules: list[float] = Field(default_factory=list)    # y of horizontal rules and cell edges
    boxes: list[tuple[float, float, float, float]] = Field(default_factory=list)  # drawn cells / shading
    marks: list[Mark] = Field(default_factory=list)
    method: str = ""                  # how the reader found it: "ruled", "unruled", "layout"
    char_width: float | None = None   # monospaced text (`pdftotext -layout`): the width of one character cell


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
    region: Region | None = None      # a table seen by a reader, before tables.build gives it rows
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
