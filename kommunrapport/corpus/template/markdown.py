"""Skeleton -> Markdown: a heading and a table per sheet, for a word processor."""
from __future__ import annotations

from kommunrapport.corpus.template.labels import word
from kommunrapport.corpus.template.skeleton import Cell, Sheet, Skeleton


def _number(value: int | float) -> str:
    """Swedish style: space between thousands, decimal comma, a real minus sign."""
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.6f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace("-", "−")


def _text(cell: Cell) -> str:
    value = cell.value
    if value is None or value == "":
        return word("new_total") if cell.sum_of else ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value)
    return " ".join(str(value).split()).replace("|", "\\|")


def _table(sheet: Sheet) -> list[str]:
    lines = ["| " + " | ".join(h.replace("|", "\\|") for h in sheet.columns) + " |",
             "|" + "|".join("---" for _ in sheet.columns) + "|"]
    lines += ["| " + " | ".join(_text(c) for c in row) + " |" for row in sheet.rows]
    return lines


def to_markdown(skeleton: Skeleton) -> str:
    out = [f"# {skeleton.title}", ""]
    for sheet in skeleton.sheets:
        out += [f"## {sheet.name}", ""]
        if sheet.title and sheet.title != sheet.name:
            out += [f"**{sheet.title}**", ""]
        if sheet.subtitle:
            out += [sheet.subtitle, ""]
        out += [*_table(sheet), ""]
    return "\n".join(out)
