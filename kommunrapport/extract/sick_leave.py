"""-> SickLeaveFigure, from tables, indicator rows and prose."""
from __future__ import annotations

from kommunrapport.extract.context import Context
from kommunrapport.models import SickLeaveFigure


def extract_sick_leave(ctx: Context) -> list[SickLeaveFigure]:
    return []
