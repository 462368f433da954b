"""The canonical model of CONTRACT.md: what `kommunrapport extract --format json` prints."""
from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from kommunrapport.models.provenance import Provenance

SCHEMA_VERSION = "1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class SourceFormat(StrEnum):
    pdf = "pdf"
    text = "text"


class DocumentType(StrEnum):
    interim_report = "interim_report"
    annual_report = "annual_report"
    plan = "plan"
    monthly_report = "monthly_report"
    other = "other"


class SectionKind(StrEnum):
    summary = "summary"
    goals = "goals"
    indicators = "indicators"
    internal_control = "internal_control"
    finance = "finance"
    operating_budget = "operating_budget"
    investments = "investments"
    action_plan = "action_plan"
    personnel = "personnel"
    sick_leave = "sick_leave"
    outlook = "outlook"
    appendix = "appendix"
    toc = "toc"


class GoalLevel(StrEnum):
    council = "council"
    committee = "committee"
    assignment = "assignment"


class AssessmentLevel(StrEnum):
    fulfilled = "fulfilled"
    largely_fulfilled = "largely_fulfilled"
    partially_fulfilled = "partially_fulfilled"
    not_fulfilled = "not_fulfilled"
    not_assessed = "not_assessed"


class AssessmentBasis(StrEnum):
    text = "text"
    table_cell = "table_cell"
    colour = "colour"
    symbol = "symbol"
    legend = "legend"


class IndicatorUnit(StrEnum):
    percent = "percent"
    count = "count"
    sek = "sek"
    days = "days"
    index = "index"


class ValueKind(StrEnum):
    target = "target"
    outcome = "outcome"
    forecast = "forecast"


class FinanceTable(StrEnum):
    operating = "operating"
    investment = "investment"
    action_plan = "action_plan"
    balance_sheet = "balance_sheet"
    other = "other"


class FinanceCategory(StrEnum):
    revenue = "revenue"
    external_revenue = "external_revenue"
    internal_revenue = "internal_revenue"
    grants = "grants"
    fees = "fees"
    personnel_costs = "personnel_costs"
    premises_costs = "premises_costs"
    purchased_services = "purchased_services"
    other_costs = "other_costs"
    internal_costs = "internal_costs"
    depreciation = "depreciation"
    total_costs = "total_costs"
    net_cost = "net_cost"
    municipal_allocation = "municipal_allocation"
    financial_net = "financial_net"
    result = "result"
    activity = "activity"
    investment = "investment"
    investment_total = "investment_total"
    action = "action"
    assets = "assets"
    liabilities = "liabilities"
    equity = "equity"
    other = "other"


class Measure(StrEnum):
    budget = "budget"
    outcome = "outcome"
    forecast = "forecast"
    deviation = "deviation"
    change = "change"
    planned_effect = "planned_effect"


class SickLeaveCategory(StrEnum):
    total = "total"
    women = "women"
    men = "men"
    age_29_or_younger = "age_29_or_younger"
    age_30_49 = "age_30_49"
    age_50_or_older = "age_50_or_older"
    long_term_share = "long_term_share"
    days_1_14 = "days_1_14"
    days_15_59 = "days_15_59"
    days_60_plus = "days_60_plus"
    short_term = "short_term"


class Source(_Model):
    path: str
    sha256: str
    format: SourceFormat
    pages: int | None = None


class Municipality(_Model):
    name: str
    code: str


class Committee(_Model):
    name: str
    raw: str


class Report(_Model):
    municipality: Municipality | None = None
    committee: Committee | None = None
    document_type: DocumentType = DocumentType.other
    document_type_raw: str | None = None
    fiscal_year: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    decision_date: date | None = None
    registration_number: str | None = None


class Section(_Model):
    heading: str
    canonical: SectionKind | None = None
    score: float = 0.0
    level: int | None = None
    provenance: Provenance


class Period(_Model):
    year: int | None = None
    start: date | None = None
    end: date | None = None
    raw: str = ""


class Scale(_Model):
    size: int
    position: int
    labels: list[str]


class Assessment(_Model):
    level: AssessmentLevel
    is_forecast: bool = False
    raw: str
    basis: AssessmentBasis
    scale: Scale | None = None
    provenance: Provenance


class Goal(_Model):
    id: str
    text: str
    level: GoalLevel
    parent_id: str | None = None
    perspective: str | None = None
    assessment: Assessment | None = None
    indicator_ids: list[str] = Field(default_factory=list)
    provenance: Provenance
    # extension: every further place the same goal is stated (summary table and analysis)
    also_at: list[Provenance] = Field(default_factory=list)


class IndicatorValue(_Model):
    kind: ValueKind
    period: Period
    value: float | None = None
    raw: str


class Indicator(_Model):
    id: str
    name: str
    unit: IndicatorUnit | None = None
    goal_id: str | None = None
    values: list[IndicatorValue] = Field(default_factory=list)
    provenance: Provenance
    table_id: str | None = None       # the TableSummary it came from


class FinancialLine(_Model):
    table: FinanceTable
    label: str
    category: FinanceCategory
    measure: Measure
    period: Period
    amount_sek: int | None = None
    raw: str
    unit_raw: str
    is_total: bool = False
    sign_flipped: bool = False
    provenance: Provenance
    # extensions (optional, never renamed): the table's caption and the category match score
    table_title: str | None = None
    category_score: float | None = None
    table_id: str | None = None       # the TableSummary it came from


class SickLeaveFigure(_Model):
    category: SickLeaveCategory
    period: Period
    percent: float
    raw: str
    provenance: Provenance
    table_id: str | None = None       # the TableSummary it came from, null for prose


class TableKind(StrEnum):
    operating = "operating"
    investment = "investment"
    action_plan = "action_plan"
    balance_sheet = "balance_sheet"
    other = "other"
    goals = "goals"
    indicators = "indicators"
    sick_leave = "sick_leave"
    not_money = "not_money"


class UnitSource(StrEnum):
    header = "header"
    caption = "caption"
    section = "section"
    prose = "prose"
    inferred = "inferred"


class Reconciled(StrEnum):
    yes = "yes"
    no = "no"
    unchecked = "unchecked"


class TableColumn(_Model):
    header: str
    measure: Measure | None = None
    period: Period | None = None


class TableSummary(_Model):
    """What was made of one table the reader found, whether or not facts came out of it."""

    id: str
    title: str | None = None
    kind: TableKind | None = None
    unit_raw: str | None = None
    unit_source: UnitSource | None = None
    sign_flipped: bool = False
    columns: list[TableColumn] = Field(default_factory=list)
    rows: int = 0
    facts: int = 0
    reconciled: Reconciled = Reconciled.unchecked
    skipped: str | None = None        # why a table holding numbers gave no facts
    provenance: Provenance


class Warning(_Model):  # noqa: A001 - the contract's name; import it as ExtractionWarning
    code: str
    message: str
    provenance: Provenance | None = None


ExtractionWarning = Warning


class Extraction(_Model):
    schema_version: str = SCHEMA_VERSION
    source: Source
    report: Report = Field(default_factory=Report)
    sections: list[Section] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    financial_lines: list[FinancialLine] = Field(default_factory=list)
    sick_leave: list[SickLeaveFigure] = Field(default_factory=list)
    tables: list[TableSummary] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)

    def to_json(self, indent: int | None = None) -> str:
        return self.model_dump_json(indent=indent)
