"""One money table, its layout read and its unit known -> FinancialLines, and the reconciliation.

The steps: read the rows; find rows that carry their own measure (`Budget` under year columns) and
parts stacked in one table (investments under operating); mark and check totals per part;
categories; settle by arithmetic which difference a `Diff` column holds; decide signs per part from
the rows' kinds and the deviations' arithmetic (normalize/signs.py, tables/solve.py); turn
deviations with the amounts they were computed on; check every identity (totals, deviations,
changes) and say in a `total_mismatch` warning what did not hold, never fixing a printed cell.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from kommunrapport.find.context import Context
from kommunrapport.find.table_units import groups_thousands_with_spaces
from kommunrapport.models import FinanceCategory, FinanceTable, FinancialLine, Measure, Provenance, Reconciled
from kommunrapport.normalize import signs
from kommunrapport.normalize.numbers import ParsedNumber, parse_number
from kommunrapport.normalize.units import MoneyUnit, find_unit
from kommunrapport.tables import header as T
from kommunrapport.tables import solve

AMBIGUOUS_MARK = re.compile(r"^[-−–+]?\s?\d{1,3}[.,]\d{3}$")      # '1.250': 1250 or 1,25?


class TableReader:
    """One money table, its layout read, its unit known -> FinancialLines and warnings.

    The steps: read the rows; find rows that carry their own measure (`Budget` under year columns)
    and parts stacked in one table (investments under operating); mark and check totals per part;
    categories; settle by arithmetic which difference a `Diff` column holds; decide signs per part
    from the rows' kinds and the deviations' arithmetic; turn deviations with the amounts they were
    computed on; check every identity (totals, deviations, changes) and say what did not hold."""

    def __init__(self, ctx: Context, block_index: int, layout: T.Layout, kind: T.TableKind | None,
                 unit: MoneyUnit, title: str | None):
        self.ctx, self.block_index, self.layout, self.unit, self.title = ctx, block_index, layout, unit, title
        self.kind = kind or T.TableKind(FinanceTable.operating)
        self.columns = layout.value_columns
        self.rows: list[T.BodyRow] = []
        self.facts: list[T.RowFacts] = []
        self.scores: list[float | None] = []
        self.unreadable: set[tuple[int, int]] = set()   # (row, value column) of cells left out as unreadable
        self.checked = self.failed = 0                  # identities tried and failed (totals, deviations)
        self.part_of: list[int] = []                    # per row: the part of the table it stands in
        self.part_kinds: list[FinanceTable] = []

    @property
    def reconciled(self) -> Reconciled:
        if self.failed:
            return Reconciled.no
        return Reconciled.yes if self.checked else Reconciled.unchecked

    @property
    def method(self) -> str:
        return f"table:{self.kind.kind.value}"

    def measure(self, r: int, c: int) -> Measure:
        return self.facts[r].measure or self.columns[c].measure

    def lines(self) -> list[FinancialLine]:
        self._read_rows()
        self._row_measures()
        self._parts()
        self._totals()
        categories = self._categories()
        printed = {(r, c): p.value for r, f in enumerate(self.facts)
                   for c, p in enumerate(f.values) if p is not None and p.value is not None}
        self._settle_differences(printed)
        identities = self._identities()
        factors = self._sign_factors(categories, printed, identities)
        canonical: dict[tuple[int, int], float] = {}
        flipped: dict[tuple[int, int], bool] = {}
        for (r, c), v in printed.items():
            canonical[(r, c)], flipped[(r, c)] = signs.to_canonical(v, self.measure(r, c), factors.get(r, 1))
        if not self.kind.printed_signs:
            for cell, factor in solve.deviation_factors(printed, canonical, identities, self._tol,
                                                        self._deviation_groups(printed)).items():
                canonical[cell], flipped[cell] = factor * printed[cell], factor == -1
        self._check(identities, canonical)
        return [self._line(r, self.columns[c], self.facts[r].values[c], canonical[(r, c)], flipped[(r, c)],
                           categories[r], self.measure(r, c))
                for (r, c) in sorted(printed)]

    # ---- rows ------------------------------------------------------------------------------------

    def _read_rows(self) -> None:
        mark = self.layout.decimal_mark
        ambiguous = mark is None and not groups_thousands_with_spaces(self.layout)
        counts = False      # under a group row that counts ('Antal besökare'), rows count, not money
        for n, row in enumerate(self.layout.rows):
            label = " ".join(row.label.split())
            if label and not any(row.cells[c.index] for c in self.columns):
                counts = T.label_names_no_money(label)
            if (not label or re.fullmatch(r"[-–—.●•]+", label)) and n == len(self.layout.rows) - 1 and self.title:
                label = self._unlabelled_total(row, mark)
            if not label or re.fullmatch(r"[-–—.●•]+", label) or T.label_names_no_money(label) or counts:
                continue
            values: list[ParsedNumber | None] = []
            unreadable = set()
            for c, col in enumerate(self.columns):
                p = parse_number(row.cells[col.index], mark)
                if p.ok and ambiguous and AMBIGUOUS_MARK.match(p.raw.strip()):
                    self.ctx.warn("ambiguous_number", f"table '{self.title or '?'}': row '{label}', column "
                                  f"'{col.header}': '{p.raw}' may be {p.raw.strip().replace(',', '').replace('.', '')} "
                                  "or a decimal, and the table does not say which; left out", self._prov(row))
                    unreadable.add((len(self.facts), c))
                    p = None
                elif not p.ok:
                    unreadable.add((len(self.facts), c))
                    self.ctx.warn("unreadable_cell", f"table '{self.title or '?'}': row '{label}', column "
                                  f"'{col.header}': '{p.raw}' is not one number; left out", self._prov(row))
                    p = None
                elif p.value is None or p.is_percent:
                    p = None
                values.append(p)
            if all(v is None for v in values):
                continue
            category, score = T.label_category(label)
            self.unreadable |= unreadable
            self.rows.append(row)
            self.facts.append(T.RowFacts(label=label, category=category, values=values))
            self.scores.append(score or None)

    def _unlabelled_total(self, row: T.BodyRow, mark: str | None) -> str:
        """A last row with no label whose amounts are the sums of the rows above (`● | ● | 11,35 mnkr`
        under an action plan) is the table's total, named by the table's title; else no row."""
        tried = 0
        for c, col in enumerate(self.columns):
            total = parse_number(row.cells[col.index], mark)
            parts = [f.values[c] for f in self.facts if f.values[c] is not None]
            if total.value is None or not parts:
                continue
            tried += 1
            if abs(sum(p.value for p in parts) - total.value) > T.tolerance(parts, total):
                return ""
        return self.title if tried else ""

    def _row_measures(self) -> None:
        """Rows that name a measure (`Budget, netto`, `Avvikelse`) under columns that give only years or
        outcomes carry that measure for their cells; they are of the kind of money of the row above
        them they compare with (`Nettokostnader`, `Nettoinvesteringar`)."""
        if not self.columns or any(c.measure is not Measure.outcome for c in self.columns):
            return
        anchor: int | None = None
        for r, f in enumerate(self.facts):
            measure = T.row_measure(f.label)
            if measure is None or measure is Measure.outcome:
                anchor = r
                continue
            f.measure = measure
            f.anchor = anchor

    def _parts(self) -> None:
        """An investment block stacked under an operating one (`Nettoinvesteringar` after the net cost
        and its budget) is a part of its own, with its own kind and signs."""
        C = FinanceCategory
        kind = self.kind.kind
        part = 0
        self.part_kinds = [kind]
        for r, f in enumerate(self.facts):
            starts = (kind is FinanceTable.operating and not self.kind.category and r > 0 and f.measure is None
                      and f.category in (C.investment, C.investment_total)
                      and self.part_kinds[part] is not FinanceTable.investment)
            if starts:
                part += 1
                self.part_kinds.append(FinanceTable.investment)
            self.part_of.append(part)

    def _part_rows(self, part: int, with_measures: bool = False) -> list[int]:
        return [r for r in range(len(self.facts)) if self.part_of[r] == part
                and (with_measures or self.facts[r].measure is None)]

    # ---- totals ----------------------------------------------------------------------------------

    def _totals(self) -> None:
        """Mark and check the totals of every part (rows that carry their own measure stand apart)."""
        committee = self.ctx.report.committee.name if self.ctx.report.committee else None
        turnable = [col.measure not in signs.NEVER_TURNED for col in self.columns]
        for part in range(len(self.part_kinds)):
            rows = self._part_rows(part)
            facts = [self.facts[r] for r in rows]
            T.mark_totals(facts, committee)
            mismatches = T.check_totals(facts, turnable)
            self.checked += sum(1 for f in facts if f.is_total or f.group_items)
            for m in mismatches:
                m = T.Mismatch(row=rows[m.row], column=m.column, expected=m.expected, printed=m.printed,
                               parts=[rows[p] for p in m.parts])
                if not any((p, m.column) in self.unreadable for p in m.parts):   # already warned about
                    self._warn_total(m)
                    self.failed += 1

    def _sums_holding(self, negate: int | None = None) -> int:
        """How many totals add up, as printed or with one row's signs turned (on copies: nothing marked)."""
        turnable = [col.measure not in signs.NEVER_TURNED for col in self.columns]
        held = 0
        for part in range(len(self.part_kinds)):
            rows = self._part_rows(part)
            facts = [_copy(self.facts[r], turnable, negate=r == negate) for r in rows]
            T.check_totals(facts, turnable)
            held += sum(f.adds_up for f in facts)
        return held

    # ---- categories ------------------------------------------------------------------------------

    def _categories(self) -> list[FinanceCategory]:
        """Each row's category: the table's own (grants, allocations, actions), investments, the
        label's vocabulary match, else an activity; a bare total takes its items' category; a row
        that carries a measure takes the category of the row it compares with."""
        labelled = {f.category for f in self.facts}
        has_allocation = bool(labelled & {FinanceCategory.municipal_allocation, FinanceCategory.financial_net})
        out = [self._category(r, f, has_allocation) for r, f in enumerate(self.facts)]
        for r, f in enumerate(self.facts):
            if f.measure is not None:
                out[r] = out[f.anchor] if f.anchor is not None and out[f.anchor] in ANCHOR_CATEGORIES \
                    else FinanceCategory.net_cost
        return out

    def _category(self, r: int, f: T.RowFacts, has_allocation: bool) -> FinanceCategory:
        C = FinanceCategory
        if self.kind.category and not (self.kind.series and self._by_units()):
            return self.kind.category
        if self.kind.kind is FinanceTable.investment or self.part_kinds[self.part_of[r]] is FinanceTable.investment:
            if T.is_investment_total(f.label, f.category):
                return C.investment_total
            return C.investment if not f.sum_word or self._sum_below(r) else C.investment_total
        if f.category in (C.assets, C.liabilities, C.equity) and self.kind.kind is not FinanceTable.balance_sheet:
            return C.other
        if f.category is C.result and not has_allocation and not self._above(r, C.net_cost) \
                and self.kind.kind is not FinanceTable.balance_sheet:   # the year's result moving equity
            return C.net_cost       # costs less revenues with no allocation: a net cost, not a result
        if f.category is not None:
            return f.category
        if self._above(r, C.result):
            return C.other          # a row under the result (`Reglering abonnentkollektivet`) adjusts it
        return C.net_cost if f.is_total else C.activity

    def _by_units(self) -> bool:
        """A table broken down by units (two item rows or more): its rows are the units' activities."""
        return sum(1 for f in self.facts if f.measure is None and not f.is_total) >= 2

    def _sum_below(self, r: int) -> bool:
        """Whether a sum row stands below row r in its part: a `Summa` of a group of projects under which
        the table sums again (`Summa pågående projekt` above `Summa investeringsprojekt`) is a subtotal."""
        return any(self.facts[b].sum_word and self.facts[b].measure is None and self.part_of[b] == self.part_of[r]
                   for b in range(r + 1, len(self.facts)))

    def _above(self, r: int, category: FinanceCategory) -> bool:
        """Whether a row of `category` stands above row r in its part: a `Resultat` under the net cost
        is what follows it (allocation, financial items), the result, not the net cost once more; a row
        under the result (`Reglering abonnentkollektivet`) adjusts it."""
        return any(self.facts[a].category is category and self.part_of[a] == self.part_of[r] for a in range(r))

    def _cell_category(self, row_category: FinanceCategory, col: T.Column) -> FinanceCategory:
        if col.category is not None:
            return row_category if T.refines(row_category, col.category) else col.category
        if any(c.category for c in self.columns):
            # a deviation next to columns that carry the kind of money is the deviation of the net
            if any(c.category is FinanceCategory.net_cost for c in self.columns):
                return FinanceCategory.net_cost
        return row_category

    # ---- arithmetic --------------------------------------------------------------------------------

    def _tol(self, ident: solve.Identity) -> float:
        values = [self.facts[r].values[c] for r, c in (ident.plus, ident.minus)]
        return T.tolerance(values, self.facts[ident.target[0]].values[ident.target[1]])

    def _settle_differences(self, printed: dict[tuple[int, int], float]) -> None:
        """A `Diff`/`Förändring`/`Avvikelse` column whose every value is the difference of two outcome
        columns is a change; one whose values are actual - budget is a deviation, whatever its word."""
        cols = self.columns
        rows = [r for r, f in enumerate(self.facts) if f.measure is None]
        for d, col in enumerate(cols):
            if col.measure not in (Measure.deviation, Measure.change):
                continue
            same = [c for c in range(len(cols)) if c != d and cols[c].category == col.category]
            outcomes = [c for c in same if cols[c].measure is Measure.outcome]
            actuals = [c for c in same if cols[c].measure in (Measure.outcome, Measure.forecast)]
            budgets = [c for c in same if cols[c].measure is Measure.budget]
            pairs = {Measure.change: [(a, b) for a in outcomes for b in outcomes if a != b
                                      and _years(cols[a]) != _years(cols[b])],
                     Measure.deviation: [(a, b) for a in actuals for b in budgets]}

            def tol(t, p, m):
                return T.tolerance([self.facts[p[0]].values[p[1]], self.facts[m[0]].values[m[1]]],
                                   self.facts[t[0]].values[t[1]])

            found = solve.difference_measure(printed, d, pairs, rows, tol)
            if found is not None and found is not col.measure:
                col.measure = found
                if found is Measure.change and col.period is None:
                    col.period = max((cols[c].period for c in outcomes if cols[c].period),
                                     key=lambda p: p.year or 0, default=None)

    def _identities(self) -> list[solve.Identity]:
        """deviation = (outcome or forecast) - budget, change = outcome - outcome before: across the
        columns of a row, and down the rows that carry their own measure (`Budget`, `Avvikelse`)."""
        out: list[solve.Identity] = []
        checks = self._arithmetic_checks()
        for r, f in enumerate(self.facts):
            if f.measure is not None:
                continue
            for target, plus, minus, what in checks:
                measure = self.columns[target].measure
                out.append(solve.Identity((r, target), (r, plus), (r, minus), measure, what))
        for r, f in enumerate(self.facts):
            if f.measure is not Measure.deviation:
                continue
            budget = next((b for b in range(r - 1, -1, -1) if self.facts[b].measure is Measure.budget
                           and self.part_of[b] == self.part_of[r]), None)
            actual = self.facts[budget].anchor if budget is not None else f.anchor
            if budget is None or actual is None:
                continue
            what = f"'{self.facts[actual].label}' - '{self.facts[budget].label}'"
            out += [solve.Identity((r, c), (actual, c), (budget, c), Measure.deviation, what)
                    for c in range(len(self.columns))]
        return out

    def _deviation_groups(self, printed: dict[tuple[int, int], float]) -> dict[tuple[int, int], tuple]:
        """Each deviation cell -> the deviations computed alike: its column in its part, or its row
        where the row carries the measure."""
        return {(r, c): ("row", r) if self.facts[r].measure is not None else ("column", self.part_of[r], c)
                for (r, c) in printed if self.measure(r, c) is Measure.deviation}

    # ---- signs -------------------------------------------------------------------------------------

    def _sign_factors(self, categories: list[FinanceCategory], printed: dict[tuple[int, int], float],
                      identities: list[solve.Identity]) -> dict[int, int]:
        """Per part: signs.row_factors over the rows whose kind says which sign they should have (an
        unknown label or a bare total does not vote; an activity only in a table of net costs), with
        the deviations' arithmetic as evidence; the signs of a statement that keeps its own (balance
        sheet, cash flow, prognossäkerhet, grants) stand. A row turned alone against its table is kept
        as printed where its printed sign makes a total add up; a total printed turned against its
        own rows goes the other way from the table."""
        if self.kind.printed_signs:
            return {}
        net_table = T.has_word(" ".join([self.title or "", *self.layout.header_texts]),
                               T.finance_vocab()["column_categories"]["net_cost"])
        arithmetic = solve.sign_votes(printed, identities, self._tol)
        factors: dict[int, int] = {}
        for part in range(len(self.part_kinds)):
            rows = self._part_rows(part, with_measures=True)
            cells = [signs.SignCell(r, self._cell_category(categories[r], col), self.measure(r, c), p.value)
                     for r in rows if not self.facts[r].turned and self._votes(r, categories[r], net_table)
                     for c, (col, p) in enumerate(zip(self.columns, self.facts[r].values, strict=True))
                     if p is not None and p.value is not None]
            part_factors = signs.row_factors(cells, {r: v for r, v in arithmetic.items() if r in rows})
            table = Counter(part_factors.values()).most_common(1)[0][0] if part_factors else 1
            for r in rows:
                factor = part_factors.get(r, table)
                if factor != table and self._sums_holding(negate=r) < self._sums_holding():
                    factor = table      # its printed sign adds up: not turned alone
                factors[r] = -table if self.facts[r].turned else factor
        return factors

    def _votes(self, r: int, category: FinanceCategory, net_table: bool) -> bool:
        f = self.facts[r]
        if self.kind.category or f.measure is not None:
            return True
        if f.category is None and category is FinanceCategory.activity:
            return net_table
        if f.category is None and f.sum_word and self.part_kinds[self.part_of[r]] is not FinanceTable.investment:
            return False        # a bare 'Summa' says nothing of the sign
        return True

    # ---- facts -------------------------------------------------------------------------------------

    def _line(self, r: int, col: T.Column, p: ParsedNumber, value: float, flipped: bool,
              category: FinanceCategory, measure: Measure) -> FinancialLine:
        f, row = self.facts[r], self.rows[r]
        cell_category = self._cell_category(category, col)
        unit = (find_unit(p.qualifier) if p.qualifier else None) or self.unit   # '-1,1 mkr' in a tkr table
        return FinancialLine(
            table=self.part_kinds[self.part_of[r]], label=f.label, category=cell_category, measure=measure,
            period=col.period, amount_sek=unit.to_sek(value), raw=p.raw.strip(), unit_raw=unit.raw,
            is_total=f.is_total, sign_flipped=flipped, provenance=self._prov(row),
            table_title=self.title, category_score=self.scores[r] if cell_category is category else None,
            table_id=self.ctx.table_id(self.block_index))

    def _prov(self, row: T.BodyRow) -> Provenance:
        return row.provenance.with_method(self.method, block=self.block_index)

    # ---- reconciliation ----------------------------------------------------------------------

    def _warn_total(self, m: T.Mismatch) -> None:
        col = self.columns[m.column]
        parts = ", ".join(self.facts[p].label for p in m.parts[:6]) + (" ..." if len(m.parts) > 6 else "")
        self.ctx.warn("total_mismatch",
                      f"table '{self.title or '?'}': row '{self.facts[m.row].label}', column '{col.header}': "
                      f"printed {_fmt(m.printed)} but the rows it sums ({parts}) add up to {_fmt(m.expected)}",
                      self._prov(self.rows[m.row]))

    def _check(self, identities: list[solve.Identity], canonical: dict[tuple[int, int], float]) -> None:
        """Every deviation and change against the cells it is the difference of, in canonical signs."""
        for ident in identities:
            if any(c not in canonical for c in (ident.target, ident.plus, ident.minus)):
                continue
            expected = canonical[ident.plus] - canonical[ident.minus]
            self.checked += 1
            if abs(expected - canonical[ident.target]) > self._tol(ident):
                self.failed += 1
                r, c = ident.target
                self.ctx.warn("total_mismatch",
                              f"table '{self.title or '?'}': row '{self.facts[r].label}', column "
                              f"'{self.columns[c].header}': printed {_fmt(canonical[ident.target])} but "
                              f"{ident.what} gives {_fmt(expected)} (canonical signs)", self._prov(self.rows[r]))

    def _arithmetic_checks(self) -> list[tuple[int, int, int, str]]:
        cols = self.columns
        out = []
        for d, col in enumerate(cols):
            year = col.period.year if col.period else None
            same = [c for c in range(d) if cols[c].category == col.category]
            if col.measure is Measure.deviation:
                budget = _nearest(cols, same, year, {Measure.budget})
                actual = _nearest(cols, same, year, {Measure.outcome, Measure.forecast})
                if budget is not None and actual is not None:
                    out.append((d, actual, budget, f"'{cols[actual].header}' - '{cols[budget].header}'"))
            elif col.measure is Measure.change and year:
                outcomes = [c for c in range(len(cols)) if c != d and cols[c].measure is Measure.outcome
                            and cols[c].category == col.category]
                now = _nearest(cols, outcomes, year, {Measure.outcome})
                before = _nearest(cols, outcomes, year - 1, {Measure.outcome})
                if now is not None and before is not None:
                    out.append((d, now, before, f"'{cols[now].header}' - '{cols[before].header}'"))
        return out


# a row carrying its own measure compares with a row of one of these (else it is of the net cost)
ANCHOR_CATEGORIES = {FinanceCategory.net_cost, FinanceCategory.result, FinanceCategory.investment_total,
                     FinanceCategory.investment, FinanceCategory.total_costs, FinanceCategory.revenue}


def _years(col: T.Column) -> int | None:
    return col.period.year if col.period else None


def _copy(f: T.RowFacts, turnable: list[bool], negate: bool = False) -> T.RowFacts:
    values = [p if not negate or p is None or p.value is None or not t else replace(p, value=-p.value)
              for p, t in zip(f.values, turnable, strict=True)]
    return T.RowFacts(label=f.label, category=f.category, values=values, is_total=f.is_total,
                      sum_word=f.sum_word, group_items=list(f.group_items))


def _nearest(cols: list[T.Column], candidates: list[int], year: int | None, measures: set[Measure]) -> int | None:
    for c in sorted(candidates, reverse=True):
        if cols[c].measure in measures and (year is None or (cols[c].period and cols[c].period.year == year)):
            return c
    return None


def _fmt(value: float) -> str:
    text = f"{value:,.1f}".replace(",", " ")
    return text[:-2] if text.endswith(".0") else text
