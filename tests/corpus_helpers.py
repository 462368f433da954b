"""Helpers of the corpus tests: hand-made extractions that fill every table, folders of copies."""
from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

from kommunrapport.models.provenance import Provenance
from kommunrapport.models.report import (
    Assessment,
    Committee,
    Extraction,
    FinancialLine,
    Goal,
    Indicator,
    IndicatorValue,
    Municipality,
    Period,
    Report,
    Scale,
    Section,
    SickLeaveFigure,
    Source,
    Warning,
)

DATA = Path(__file__).parent / "data"
TEXT = DATA / "text"
PDF = DATA / "pdf"


def year_period(year: int, end_month: int = 12, end_day: int = 31) -> Period:
    return Period(year=year, start=date(year, 1, 1), end=date(year, end_month, end_day), raw=str(year))


def made_extraction(name: str, code: str, *, year: int = 2023, sick: list[tuple] = (),
                    net_cost: list[tuple] = (), goal_levels: list[str] = (), document_type: str = "annual_report",
                    path: str | None = None) -> Extraction:
    """An extraction with one row in every table. sick: (percent, period); net_cost: (amount, measure,
    period, is_total); goal_levels: assessment levels ('' for a goal without one)."""
    path = path or f"/corpus/{name.lower()}-{year}.pdf"
    prov = Provenance(page=3, line=None, bbox=(10.0, 20.0, 30.0, 40.0), block=7, method="test:made")
    goals = [
        Goal(id=f"g{i + 1}", text=f"Mål {i + 1}", level="committee", provenance=prov,
             indicator_ids=["i1"] if i == 0 else [],
             assessment=Assessment(level=level, raw=level, basis="text", provenance=prov,
                                   scale=Scale(size=3, position=1, labels=["bra", "mellan", "dålig"]))
             if level else None)
        for i, level in enumerate(goal_levels)
    ]
    return Extraction(
        source=Source(path=path, sha256=hashlib.sha256(path.encode()).hexdigest(), format="pdf", pages=12),
        report=Report(municipality=Municipality(name=name, code=code),
                      committee=Committee(name="Socialnämnden", raw="Socialnämnden"),
                      document_type=document_type, fiscal_year=year,
                      period_start=date(year, 1, 1), period_end=date(year, 12, 31)),
        sections=[Section(heading="Sjukfrånvaro", canonical="sick_leave", score=100.0, level=2, provenance=prov)],
        goals=goals,
        indicators=[Indicator(id="i1", name="Nöjdhet", unit="percent", goal_id="g1" if goals else None,
                              provenance=prov,
                              values=[IndicatorValue(kind="outcome", period=year_period(year), value=81.0, raw="81 %"),
                                      IndicatorValue(kind="target", period=year_period(year), value=85.0, raw="85 %")])],
        financial_lines=[FinancialLine(table="operating", label="Verksamhetens nettokostnader", category="net_cost",
                                       measure=measure, period=period, amount_sek=amount, raw=str(amount // 1000),
                                       unit_raw="tkr", is_total=is_total, provenance=prov)
                         for amount, measure, period, is_total in net_cost]
                        or [FinancialLine(table="operating", label="Personal", category="personnel_costs",
                                          measure="outcome", period=year_period(year), amount_sek=-1000,
                                          raw="-1", unit_raw="tkr", provenance=prov)],
        sick_leave=[SickLeaveFigure(category="total", period=period, percent=percent, raw=f"{percent} %",
                                    provenance=prov.with_method("table:sick_leave"))
                    for percent, period in sick],
        warnings=[Warning(code="total_mismatch", message="does not add up", provenance=prov),
                  Warning(code="no_provenance", message="a warning without a place")],
    )


def copies_of_texts(folder: Path, n: int, pattern: str = "sala*.txt") -> list[Path]:
    """n copies of corpus texts (by default the shortest, Sala), each with a unique last line so that
    their hashes differ."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(TEXT.glob(pattern))
    made = []
    for i in range(n):
        src = sources[i % len(sources)]
        target = folder / f"{src.stem}-copy{i:03d}.txt"
        shutil.copy(src, target)
        with target.open("ab") as f:
            f.write(f"\n\nKopia {i}\n".encode())
        made.append(target)
    return made


def one_page_pdf(path: Path, lines: list[str]) -> Path:
    """A small real PDF with a text layer (matplotlib, TrueType fonts), quick to read."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig = plt.figure(figsize=(8.27, 11.69))
        for i, line in enumerate(lines):
            fig.text(0.1, 0.9 - 0.05 * i, line, fontsize=11)
        fig.savefig(path)
        plt.close(fig)
    return path
