import json

from kommunrapport.models import Provenance
from kommunrapport.models.report import (
    Extraction,
    FinanceCategory,
    FinanceTable,
    FinancialLine,
    Measure,
    Period,
    Source,
    SourceFormat,
)


def test_extraction_round_trips_through_json():
    line = FinancialLine(table=FinanceTable.operating, label="Personalkostnader",
                         category=FinanceCategory.personnel_costs, measure=Measure.budget,
                         period=Period(year=2023, raw="Budget 2023"), amount_sek=-137_901_000,
                         raw="-137 901", unit_raw="tkr", provenance=Provenance(line=180, method="table:operating"))
    e = Extraction(source=Source(path="x.txt", sha256="0" * 64, format=SourceFormat.text), financial_lines=[line])
    again = Extraction.model_validate_json(e.model_dump_json())
    assert again == e
    assert json.loads(e.model_dump_json())["financial_lines"][0]["amount_sek"] == -137_901_000
