"""Pipe tables as PDF-to-Markdown converters leave them -> rows of cells.

A converter that finds a table on a PDF page writes it as a pipe table, but not always as the page
showed it. Each step below undoes one thing converters do to any report's tables:

- `split_merged_header`: the first data row written into the header row, one `<br>` down in every
  cell (`| Utfall 2022<br>756,4 |`);
- `split_stacked_rows`: two rows written into one, one `<br>` apart in every cell (`| Olycksfall<br>Total
  | 97<br>1168 |`);
- `uncollapse`: a table collapsed into its first column: one header cell holds every column name
  (`Namn Bokslut 2020 ... Bokslut 2024`) and each row holds its values inside the label cell
  (`Sjukfrånvaro<br>10,7 % ... 10,5 %<br>Kvinnor`);
- `merge_split_columns`: one column written as two, a named column empty exactly where an unnamed
  neighbour is filled;
- words broken at a cell's line end without a hyphen (`Budgetavvik<br>else`), see md_words.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kommunrapport.read.md_words import join_broken_words, join_pieces, trailing_figures
from kommunrapport.read.textblocks import numberish

_BR = re.compile(r"<br\s*/?>", re.I)
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass
class PipeRow:
    number: int                 # the line of the file
    page: int | None
    cells: list[str]            # as written, `<br>` kept
    header: bool = False


@dataclass
class Repair:
    """What a step did, for the reader's warnings."""

    code: str
    message: str
    number: int
    page: int | None


def parts(cell: str) -> list[str]:
    return [p.strip() for p in _BR.split(cell) if p.strip()]


def filled(cells: list[str]) -> list[int]:
    return [j for j, c in enumerate(cells) if c.strip()]


def repair(rows: list[PipeRow], vocab: Counter, repairs: list[Repair]) -> list[PipeRow]:
    for row in rows:
        row.cells = [join_broken_words(c, vocab) for c in row.cells]
    rows = split_merged_header(rows)
    rows = split_stacked_rows(rows)
    rows = uncollapse(rows, vocab, repairs)
    return merge_split_columns(rows)


# ---- the first data row inside the header ------------------------------------------------------------


def split_merged_header(rows: list[PipeRow]) -> list[PipeRow]:
    """`| Utfall (mkr)<br>Intäkter | Utfall 2022<br>756,4 |` -> a header row and the row `Intäkter 756,4`:
    every filled header cell right of the first ends in a figure one line below its name."""
    k = next((i for i, r in enumerate(rows) if not r.header), len(rows))
    if k == 0:
        return rows
    head = rows[k - 1]
    cols = [j for j in filled(head.cells) if j > 0]
    if not cols or not all(len(parts(head.cells[j])) >= 2 and numberish(parts(head.cells[j])[-1]) for j in cols):
        return rows
    if not head.cells or len(parts(head.cells[0])) < 2:
        return rows             # no row label under the first name: numbered columns (`Kvartal<br>1`), no data
    names, values = [], []
    for cell in head.cells:
        ps = parts(cell)
        if ps:
            names.append("<br>".join(ps[:-1]))
            values.append(ps[-1])
        else:
            names.append("")
            values.append("")
    head.cells = names
    return [*rows[:k], PipeRow(head.number, head.page, values), *rows[k:]]


# ---- two rows in one ---------------------------------------------------------------------------------


def split_stacked_rows(rows: list[PipeRow]) -> list[PipeRow]:
    """A body row whose label and figure cells each hold the same number of lines, every figure cell
    only figures: one row per line."""
    out: list[PipeRow] = []
    for row in rows:
        cols = filled(row.cells)
        split = [parts(c) for c in row.cells]
        n = len(split[0]) if split and row.cells[0].strip() else 0
        figures = [j for j in cols if j > 0]
        if row.header or n < 2 or not figures or not all(
                len(split[j]) == n and all(numberish(p) for p in split[j]) for j in figures):
            out.append(row)
            continue
        for i in range(n):
            out.append(PipeRow(row.number, row.page, [s[i] if len(s) == n else "" for s in split]))
    return out


# ---- a table collapsed into its first column -----------------------------------------------------------


def uncollapse(rows: list[PipeRow], vocab: Counter, repairs: list[Repair]) -> list[PipeRow]:
    """Split a collapsed table back into columns (see the module docstring)."""
    head = [r for r in rows if r.header]
    body = [r for r in rows if not r.header and filled(r.cells)]
    names = [c for r in head for c in r.cells if c.strip()]
    if len(names) != 1 or len(names[0].split()) < 3 or not body:
        return rows
    if any(len(filled(r.cells)) != 1 for r in body):
        return rows
    k = _column_count(names[0], body)
    if k is None:
        return rows
    out: list[PipeRow] = []
    for r in head:
        r.cells = split_names(names[0], k)
        out.append(r)
    for r in body:
        cell = r.cells[filled(r.cells)[0]]
        cells = _values_of(cell, k, vocab)
        if cells is None:
            repairs.append(Repair("unplaced_figures", f"{' '.join(parts(cell))!r}: its figures do not fit the "
                                  f"{k} columns of the header; left out", r.number, r.page))
            cells = [" ".join(parts(cell))] + [""] * k
        out.append(PipeRow(r.number, r.page, cells))
    return out


def _column_count(names: str, body: list[PipeRow]) -> int | None:
    """The columns a collapsed header names: its years, else the figures most rows end in."""
    years = sum(1 for w in names.split() if _YEAR.match(w))
    if years >= 2:
        return years
    counts = Counter(len(found[1]) for r in body for p in parts(r.cells[filled(r.cells)[0]])
                     if (found := trailing_figures(p)) and len(found[1]) >= 2)
    return counts.most_common(1)[0][0] if counts else None


def _values_of(cell: str, k: int, vocab: Counter) -> list[str] | None:
    """[label, k figures] of a collapsed row: the line holding the figures may carry label words before
    them, the label's other lines stand above and below it."""
    ps = parts(cell)
    for i, p in enumerate(ps):
        found = trailing_figures(p, k)
        if found is None or not found[1]:
            continue
        label = ""
        for piece in [*ps[:i], found[0], *ps[i + 1:]]:
            label = join_pieces(label, piece.strip(), vocab)
        return [" ".join(label.split()), *(f.text for f in found[1])]
    return None


def split_names(names: str, k: int) -> list[str]:
    """`Namn Bokslut 2020 ... Bokslut 2024` -> `Namn`, `Bokslut 2020`, ..., `Bokslut 2024`: each year ends a
    column name, and the first column is named like the others (the words left over name the labels)."""
    words = names.split()
    ends = [i for i, w in enumerate(words) if _YEAR.match(w)]
    if len(ends) == k:
        pieces = [words[a + 1:b + 1] for a, b in zip(ends, ends[1:], strict=False)]
        width = len(pieces[0]) if pieces and len({len(p) for p in pieces}) == 1 else 1
        first_start = max(0, ends[0] + 1 - width)
        return [" ".join(words[:first_start]), " ".join(words[first_start:ends[0] + 1]),
                *(" ".join(p) for p in pieces)]
    if len(words) == k + 1:
        return words
    if len(words) > k and (len(words) - 1) % k == 0:
        width = (len(words) - 1) // k
        return [words[0], *(" ".join(words[1 + j * width:1 + (j + 1) * width]) for j in range(k))]
    return [names] + [""] * k


# ---- one column written as two ---------------------------------------------------------------------------


def merge_split_columns(rows: list[PipeRow]) -> list[PipeRow]:
    """An unnamed column next to a named one, never both filled in a row, both holding figures: one
    column (the named one), as the converter split it."""
    width = max((len(r.cells) for r in rows), default=0)
    for r in rows:
        r.cells += [""] * (width - len(r.cells))
    head = [r for r in rows if r.header]
    body = [r for r in rows if not r.header]
    j = 1
    while j < width and head and body:
        unnamed = not any(r.cells[j].strip() for r in head)
        for other in (j + 1, j - 1):
            if not unnamed or other < 1 or other >= width or not any(r.cells[other].strip() for r in head):
                continue
            if _complementary(body, j, other):
                for r in rows:
                    if r.cells[j].strip():
                        r.cells[other] = r.cells[j]
                    del r.cells[j]
                width -= 1
                j -= 1
                break
        j += 1
    return rows


def _complementary(body: list[PipeRow], a: int, b: int) -> bool:
    a_cells = [r.cells[a] for r in body if r.cells[a].strip()]
    b_cells = [r.cells[b] for r in body if r.cells[b].strip()]
    if not a_cells or not b_cells or any(r.cells[a].strip() and r.cells[b].strip() for r in body):
        return False
    return all(numberish(c) for c in a_cells + b_cells)
