"""Money tables -> FinancialLine."""
from __future__ import annotations

from kommunrapport.extract.context import Context
from kommunrapport.models import FinancialLine


def extract_financial_lines(ctx: Context) -> list[FinancialLine]:
    return []
