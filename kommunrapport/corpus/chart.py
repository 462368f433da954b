"""A bar chart of a `compare` table that is safe to put in a thesis or a council report.

One bar per row, never merged: each bar is labelled with the municipality, the committee and the
year (and the document type and period where the rows differ in them). The title and units are
Swedish (`Sjukfrånvaro totalt (%) 2023`), the numbers written the Swedish way, and a footnote names
the source. A table whose rows mix years or kinds of committee is refused (compare.mixes) unless
the caller allows it; an allowed mixed chart colours the bars by year and says so under the chart.
The words are in normalize/data/compare.toml.
"""
from __future__ import annotations

import pandas as pd

from kommunrapport import __version__
from kommunrapport.corpus.compare import mixes
from kommunrapport.corpus.store import CorpusError
from kommunrapport.normalize.vocab import load_vocab

BAR_COLOUR = "#3b6ea5"
YEAR_COLOURS = ["#3b6ea5", "#d08c2b", "#5a9e55", "#a6464b", "#7d63a8", "#6b6b6b"]
MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


class ChartRefused(CorpusError):
    """A chart that would mislead: the message says what the rows mix and how to narrow them."""


def words() -> dict:
    return load_vocab("compare")


def _template_name(group: str, key: str) -> str:
    from kommunrapport.corpus.template.labels import name_of

    return name_of(group, key)


def metric_title(metric: str, measure: str) -> str:
    family, _, name = metric.partition(".")
    if family == "financial":
        return f"{_template_name('finance_category', name)}, {_template_name('measure', measure).lower()}"
    return words().get("titles", {}).get(family, {}).get(name, metric)


def chart_title(metric: str, measure: str, unit: str, years: list[int]) -> str:
    span = "" if not years else str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    return " ".join(p for p in (f"{metric_title(metric, measure)} ({unit})", span) if p)


def swedish_number(value: float, decimals: int | None = None) -> str:
    """8.2 -> '8,2'; -226500000 -> '−226 500 000' (a real minus, a no-break space between thousands)."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{abs(value):,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    return ("−" if value < 0 else "") + text


def _scaled(table: pd.DataFrame) -> tuple[list[float], str]:
    """The values in the unit the chart shows, and the unit's Swedish word."""
    unit = table["unit"].iloc[0] if len(table) else ""
    units = words().get("units", {})
    values = [float(v) for v in table["value"]]
    if unit == "sek" and values:
        biggest = max(abs(v) for v in values)
        if biggest >= 1e6:
            return [v / 1e6 for v in values], units.get("mkr", "mkr")
        if biggest >= 1e3:
            return [v / 1e3 for v in values], units.get("tkr", "tkr")
    return values, units.get(unit, unit)


def _period_words(start, end, document_type: str) -> str:
    """'delårsrapport jan–jul' for part of a year, 'årsredovisning' for the whole."""
    kind = words().get("document_types", {}).get(document_type, document_type)
    if pd.notna(start) and pd.notna(end):
        start, end = pd.Timestamp(start), pd.Timestamp(end)
        if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31):
            return f"{kind} {MONTHS[start.month - 1]}–{MONTHS[end.month - 1]}"
    return kind


def bar_labels(table: pd.DataFrame) -> list[str]:
    """'Alingsås · Socialnämnden · 2023', with the document type (and part of the year) where the rows
    differ in them or one municipality has several rows."""
    def text(v) -> str:
        return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)

    several = table["municipality"].duplicated(keep=False).any()
    spans = {(str(a), str(b)) for a, b in zip(table["period_start"], table["period_end"], strict=True)}
    differ = several or table["document_type"].nunique() > 1 or len(spans) > 1
    labels = []
    for row in table.itertuples():
        parts = [text(row.municipality) or text(row.document), text(row.committee),
                 text(int(row.year) if pd.notna(row.year) else "")]
        if differ:
            parts.append(_period_words(row.period_start, row.period_end, text(row.document_type)))
        labels.append(" · ".join(p for p in parts if p))
    return _unique(labels, list(table["document"]))


def _unique(labels: list[str], documents: list[str]) -> list[str]:
    """Two bars never share a label: a repeated one gets its document's file name."""
    seen = pd.Series(labels).duplicated(keep=False)
    return [f"{label} ({doc})" if dup else label for label, doc, dup in zip(labels, documents, seen, strict=True)]


def bar_chart(table: pd.DataFrame, path: str, *, metric: str, measure: str = "outcome",
              allow_mixed: bool = False) -> dict:
    """Draw the table into a PNG at `path`; returns what was drawn (title, labels, values) and
    stores the same in the PNG's metadata."""
    if table.empty:
        raise CorpusError(f"no values of {metric} to draw")
    mixed = mixes(table)
    if mixed and not allow_mixed:
        raise ChartRefused(f"no chart: the rows mix {' and '.join(mixed)}; narrow them with --year, --committee, "
                           "--document-type or --municipality, or draw it anyway with --allow-mixed")
    rows = table.sort_values("value", kind="stable").reset_index(drop=True)
    values, unit = _scaled(rows)
    labels = bar_labels(rows)
    years = sorted({int(y) for y in rows["year"].dropna()})
    title = chart_title(metric, measure, unit, years)
    _draw(rows, values, labels, title, unit, path, mixed)
    return {"title": title, "labels": labels, "values": values, "unit": unit, "mixed": mixed}


def _draw(rows: pd.DataFrame, values: list[float], labels: list[str], title: str, unit: str, path: str,
          mixed: list[str]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    years = [int(y) if pd.notna(y) else None for y in rows["year"]]
    palette = {y: YEAR_COLOURS[i % len(YEAR_COLOURS)] for i, y in enumerate(sorted({y for y in years if y}))}
    colours = [palette.get(y, BAR_COLOUR) if mixed else BAR_COLOUR for y in years]
    width = min(14.0, 6.0 + 0.07 * max(len(label) for label in labels))
    fig, ax = plt.subplots(figsize=(width, 0.42 * len(rows) + 1.9))
    positions = list(range(len(rows)))
    bars = ax.barh(positions, values, color=colours, height=0.7)
    ax.set_yticks(positions, labels=labels, fontsize=9)
    ax.bar_label(bars, labels=[swedish_number(v) for v in values], padding=3, fontsize=8)
    ax.set_xlabel(unit)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: swedish_number(v)))
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_title(title, fontsize=12, loc="left")
    ax.margins(x=0.18)
    ax.spines[["top", "right"]].set_visible(False)
    if mixed:
        ax.legend(handles=[Patch(color=c, label=str(y)) for y, c in palette.items()], title="År",
                  fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    note = words().get("source_note", "").format(version=__version__)
    if mixed:
        note = f"{words().get('mixed_note', '')} {note}"
    fig.text(0.01, 0.01, note, fontsize=7, color="#555555", ha="left", va="bottom", wrap=True)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.savefig(path, format="png", dpi=150, metadata={"Title": title, "Description": "\n".join(labels),
                                         "Software": f"kommunrapport {__version__}"})
    plt.close(fig)
