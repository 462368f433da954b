from kommunrapport.models.document import Block, BlockKind, Cell, Colour, Document, Row, Table
from kommunrapport.models.provenance import Provenance
from kommunrapport.models.report import *  # noqa: F403
