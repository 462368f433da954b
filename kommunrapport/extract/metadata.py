"""-> Report: municipality, committee, document type, fiscal year, period, decision date, diarienummer."""
from __future__ import annotations

from kommunrapport.extract.context import Context
from kommunrapport.models import Report


def extract_report(ctx: Context) -> Report:
    return Report()
