"""The plan: one validated, frozen model of a marketing team's redesign, and its YAML file.

Everything mocmo shows is computed from a :class:`Plan`. A plan is read with :func:`load_plan`,
written with :func:`save_plan` (atomically: a temp file in the same folder, then a rename) and
changed only by making a new plan (:func:`with_value`, :func:`with_changes`), never in place.

Invalid input raises :class:`PlanError`, whose :attr:`PlanError.problems` each name the field
path, the value given and what is allowed, e.g.
``legacy_roles[2].activities[1].share: got 1.4, must be between 0 and 1``.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import re
import reprlib
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, get_args

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    model_validator,
)

from mocmo.files import FileRefused, read_bytes_limited, write_text_atomic

__all__ = [
    "AGENT_JOBS",
    "AGENT_MODES",
    "BUDGET_LINES",
    "DECIDERS",
    "ENGINE_LAYERS",
    "ENGINE_MODES",
    "MAROPS_ROLE_KEYS",
    "MAROPS_ROLE_TITLES",
    "METRIC_KEYS",
    "RATE_METRICS",
    "SCHEMA_VERSION",
    "SKILL_KEYS",
    "SUPPORTED_SCHEMA_VERSIONS",
    "SYMPTOM_KEYS",
    "TOUCHES",
    "Activity",
    "Agent",
    "Assumptions",
    "Audience",
    "Band",
    "BudgetLine",
    "Calendar",
    "DecisionRight",
    "Diagnostics",
    "EngineLayer",
    "Hire",
    "LegacyRole",
    "MarOpsRole",
    "MarOpsSeat",
    "Meta",
    "NewRoles",
    "OnCosts",
    "OperatingMetric",
    "Pain",
    "Phase",
    "Plan",
    "PlanError",
    "Pod",
    "Problem",
    "Product",
    "ReplacedRole",
    "ReportingLine",
    "Segment",
    "SkillScores",
    "Step",
    "SymptomScores",
    "Workflow",
    "WorkflowEntry",
    "band_fraction",
    "dump_plan_yaml",
    "load_plan",
    "load_plan_bytes",
    "parse_plan",
    "plan_from_yaml",
    "plan_warnings",
    "save_plan",
    "with_changes",
    "with_value",
    "write_text_atomic",
]

SCHEMA_VERSION = 1
"""The plan file format this version of mocmo writes."""

SUPPORTED_SCHEMA_VERSIONS: tuple[int, ...] = (1,)
"""The plan file formats this version of mocmo reads."""

_K = TypeVar("_K", bound=Hashable)

MAX_MONTH = 36
"""Months in a plan run from 1 (the plan's start month) to this."""

SHARE_TOLERANCE = 0.005
"""Activity shares of a role must sum to 1 within this (±0.5%)."""

MarOpsRoleKey = Literal[
    "head_of_marops", "workflow_architect", "data_steward", "prompt_knowledge_designer"
]
MAROPS_ROLE_KEYS: tuple[MarOpsRoleKey, ...] = (
    "head_of_marops",
    "workflow_architect",
    "data_steward",
    "prompt_knowledge_designer",
)
MAROPS_ROLE_TITLES: dict[str, str] = {
    "head_of_marops": "Head of Marketing Operations",
    "workflow_architect": "Workflow Architect",
    "data_steward": "Data Steward",
    "prompt_knowledge_designer": "Prompt & Knowledge Designer",
}

Destination = Literal["stays", "shifts", "ai"]
"""Where an activity goes: stays with the Craft Custodian, shifts to the GTM Marketer, or is
absorbed by AI (with an oversight share that stays human work)."""

OversightOwner = Literal["gtm_marketer", "custodian", "marops"]
BandPointName = Literal["low", "mid", "high"]


# --------------------------------------------------------------------------- field validators


def _fraction(value: float) -> float:
    if 0.0 <= value <= 1.0:
        return value
    if 2.0 <= value <= 100.0:
        raise ValueError(
            f"must be between 0 and 1 — {value:g} looks like a percentage; "
            f"write {value / 100:g} for {value:g}%"
        )
    raise ValueError("must be between 0 and 1")


def _percent_text(value: Any) -> Any:
    """Reject ``"15%"`` with a hint; anything else goes on to normal number parsing."""
    if isinstance(value, str) and value.strip().endswith("%"):
        number = value.strip()[:-1].strip()
        try:
            pct = float(number)
        except ValueError:
            return value
        raise ValueError(
            f"must be a fraction between 0 and 1 — {value.strip()!r} is a percentage; "
            f"write {pct / 100:g} for {pct:g}%"
        )
    return value


MAX_MONEY = 1_000_000_000.0
"""The most any amount per year per seat or budget line may be (no real plan comes near it)."""
MAX_PIPELINE = 1_000_000_000_000.0
"""The most a pipeline target per year may be."""
MAX_DAYS = 1_000.0
"""The most working days one workflow step, wait or send-back may take (about four years)."""
MAX_WEEK_HOURS = 168.0
"""Hours in a week: the most contracted hours per week can be."""
MAX_MONTH_HOURS = 744.0
"""Hours in a 31-day month: the most a month of the calendar can hold."""
MAX_HEADCOUNT = 100_000
"""The most people (or seats) one role, replaced role or hire line may count."""
MAX_FTE_STEP = 10.0
"""The largest step custodian FTE may be rounded up to."""
MAX_METRIC = 1_000_000_000.0
"""The most an operating metric's baseline or target may be."""
FIRST_START = _dt.date(2000, 1, 1)
LAST_START = _dt.date(2199, 12, 1)
"""A plan's start month lies in these years."""


def _at_most(limit: float) -> Any:
    """A validator refusing values above ``limit`` (and infinity or NaN), saying the limit."""

    def check(value: float) -> float:
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"must be a finite number, at most {limit:,.0f}")
        if value > limit:
            raise ValueError(f"must be at most {limit:,.0f}")
        return value

    return AfterValidator(check)


def _positive(value: float) -> float:
    if value > 0:
        return value
    raise ValueError("must be greater than 0")


def _non_negative(value: float) -> float:
    if value >= 0:
        return value
    raise ValueError("must be 0 or more")


def _start_month(value: _dt.date) -> _dt.date:
    if FIRST_START <= value <= _dt.date(LAST_START.year, 12, 31):
        return value
    raise ValueError(
        f"must be a month between {FIRST_START:%Y-%m} and {LAST_START:%Y-%m}, such as 2027-01-01"
    )


def _month(value: int) -> int:
    if 1 <= value <= MAX_MONTH:
        return value
    raise ValueError(f"must be a month between 1 and {MAX_MONTH}")


def _months_count(value: int) -> int:
    if 1 <= value <= MAX_MONTH:
        return value
    raise ValueError(f"must be a number of months between 1 and {MAX_MONTH}")


def _lead_time(value: int) -> int:
    if 0 <= value <= 12:
        return value
    raise ValueError("must be between 0 and 12 months")


def _optional_name(value: Any) -> Any:
    """Blank text means "not set yet": ``None``; other text is stripped."""
    if isinstance(value, str):
        return value.strip() or None
    return value


def _name(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise ValueError("must not be empty")
    return stripped


def _currency(value: str) -> str:
    if re.fullmatch(r"[A-Z]{3}", value):
        return value
    raise ValueError("must be a three-letter ISO currency code such as GBP, EUR or USD")


Fraction = Annotated[float, BeforeValidator(_percent_text), AfterValidator(_fraction)]
"""A share or rate written as a fraction: 0.15 means 15%."""
Money = Annotated[float, AfterValidator(_positive), _at_most(MAX_MONEY)]
"""An annual amount of money in the plan's currency, greater than zero, at most 1e9."""
MoneyOrZero = Annotated[float, AfterValidator(_non_negative), _at_most(MAX_MONEY)]
Pipeline = Annotated[float, AfterValidator(_non_negative), _at_most(MAX_PIPELINE)]
"""Pipeline per year in the plan's currency, 0 or more, at most 1e12."""
Days = Annotated[float, AfterValidator(_non_negative), _at_most(MAX_DAYS)]
Headcount = Annotated[int, Field(ge=1), _at_most(MAX_HEADCOUNT)]
"""A number of people, 1 to 100,000."""
Month = Annotated[int, AfterValidator(_month)]
MonthsCount = Annotated[int, AfterValidator(_months_count)]
LeadTime = Annotated[int, AfterValidator(_lead_time)]
Name = Annotated[str, AfterValidator(_name)]
"""A non-empty name, stripped of surrounding spaces."""
OptionalName = Annotated[str | None, BeforeValidator(_optional_name)]
"""A name that may be left empty (``None``) while the plan is in progress."""


def _point(value: Any) -> str | float:
    if isinstance(value, str) and value in ("low", "mid", "high"):
        return value
    value = _percent_text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _fraction(float(value))
    raise ValueError("must be low, mid, high or a fraction of the band between 0 and 1")


BandPoint = Annotated[
    BandPointName | float,
    PlainValidator(_point, json_schema_input_type=BandPointName | float),
]
"""Where a salary sits in its band: ``low``, ``mid``, ``high`` or a fraction 0–1 of the way
from the band's low to its high (0.25 = a quarter of the way up)."""


def band_fraction(point: str | float) -> float:
    """The fraction (0–1) of the way from a band's low to its high that ``point`` means."""
    if isinstance(point, str):
        return {"low": 0.0, "mid": 0.5, "high": 1.0}[point]
    return float(point)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)


# --------------------------------------------------------------------------- the models


class Band(_Model):
    """An annual base-salary band in the plan's currency."""

    low: Money = Field(description="Bottom of the band, per year.")
    high: Money = Field(description="Top of the band, per year.")

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.low > self.high:
            raise ValueError(
                f"got low {self.low:,.0f} and high {self.high:,.0f}, low must not be above high"
            )
        return self

    def at(self, point: str | float) -> float:
        """The salary at ``point`` in this band (``low``/``mid``/``high`` or a fraction)."""
        return self.low + (self.high - self.low) * band_fraction(point)


class Meta(_Model):
    """Who the plan is for and when it starts."""

    name: Name = Field(description="The plan's name, used for file names of exports.")
    company: str = Field("", description="The company the plan is for.")
    currency: Annotated[str, AfterValidator(_currency)] = Field(
        "GBP", description="ISO code of the currency every amount is in."
    )
    start_month: Annotated[_dt.date, AfterValidator(_start_month)] = Field(
        default_factory=lambda: _dt.date.today().replace(day=1),
        description="The calendar month that is month 1 of the migration.",
    )
    description: str = Field("", description="What this version of the plan is about.")


class OnCosts(_Model):
    """Employer costs on top of salary (UK 2026/27 defaults)."""

    employer_ni_rate: Fraction = Field(0.15, description="Employer NI rate above the threshold.")
    ni_threshold: MoneyOrZero = Field(5000.0, description="Annual earnings free of employer NI.")
    pension_basis: Literal["salary", "qualifying"] = Field(
        "qualifying",
        description="Employer pension on the whole salary, or on qualifying earnings only.",
    )
    pension_rate: Fraction = Field(0.03, description="Employer pension contribution rate.")
    pension_lower: MoneyOrZero = Field(6240.0, description="Lower limit of qualifying earnings.")
    pension_upper: MoneyOrZero = Field(50270.0, description="Upper limit of qualifying earnings.")
    benefits_rate: Fraction = Field(0.05, description="Benefits and overheads, share of salary.")
    tools_per_head: MoneyOrZero = Field(3000.0, description="Tools and AI licences per head.")
    recruitment_fee_rate: Fraction = Field(
        0.20, description="One-off recruitment fee, share of first-year salary."
    )

    @model_validator(mode="after")
    def _limits(self) -> OnCosts:
        if self.pension_lower > self.pension_upper:
            raise ValueError(
                f"pension_lower: got {self.pension_lower:,.0f} with pension_upper "
                f"{self.pension_upper:,.0f}, the lower limit must not be above the upper"
            )
        return self


class Assumptions(_Model):
    """The plan-wide inputs the calculations use."""

    hours_per_week: Annotated[float, AfterValidator(_positive), _at_most(MAX_WEEK_HOURS)] = Field(
        37.5, description="Contracted working hours per week per FTE."
    )
    productive_share: Annotated[Fraction, AfterValidator(_positive)] = Field(
        0.8,
        description="Share of working hours available for planned work (capacity); above 0, "
        "since every GTM Marketer's load is measured against it.",
    )
    handoff_wait_days: Days = Field(
        3.0, description="Working days lost waiting at a hand-off when a step sets none."
    )
    rework_probability: Fraction = Field(
        0.3, description="Default chance a late review sends work back."
    )
    rework_days: Days = Field(3.0, description="Default working days a send-back costs.")
    fte_step: Annotated[float, AfterValidator(_positive), _at_most(MAX_FTE_STEP)] = Field(
        0.5, description="Custodian FTE are rounded up to a multiple of this."
    )
    load_weight: Literal["pipeline", "equal"] = Field(
        "pipeline", description="How shifted hours are shared across audiences."
    )
    company_pipeline_target: Pipeline = Field(
        0.0, description="The company's pipeline target per year the audiences must cover."
    )
    on_costs: OnCosts = Field(default_factory=OnCosts, description="Employer on-costs.")


class Product(_Model):
    """Something the company sells."""

    name: Name
    description: str = ""


class Segment(_Model):
    """Where an audience sits. ``Any`` in a field means every value of it."""

    industry: Name = "Any"
    company_size: Name = "Any"
    region: Name = "Any"


class Pain(_Model):
    """A problem the audience has, and the products that answer it."""

    name: Name
    products: tuple[Name, ...] = ()


class Audience(_Model):
    """A group of buyers one GTM Marketer owns end to end."""

    name: Name
    segment: Segment = Field(default_factory=Segment)
    icp: str = Field("", description="Ideal customer profile, in words.")
    pains: tuple[Pain, ...] = ()
    channels: tuple[Name, ...] = ()
    pipeline_target: Pipeline = Field(0.0, description="Pipeline per year this audience owns.")
    owner: OptionalName = Field(
        None, description="The GTM Marketer (from gtm_team) who owns it; empty for now."
    )
    launch_month: Month | None = Field(
        None, description="Migration month its owner starts owning it (its wave)."
    )


class Step(_Model):
    """One step of a workflow: who does it and for how long."""

    name: Name
    owner: Name = Field(description="Who does the step (a role or person).")
    days: Days = Field(description="Working days of work in the step.")
    wait_days: Days | None = Field(
        None, description="Wait before this step when it is a hand-off; plan default if empty."
    )
    rework_probability: Fraction = Field(
        0.0, description="Chance this step sends the work back (a late review)."
    )
    rework_days: Days = Field(0.0, description="Working days a send-back costs.")


class Workflow(_Model):
    """A role's representative piece of work, as done today and in the new model."""

    name: Name
    legacy: tuple[Step, ...] = Field(min_length=1)
    new: tuple[Step, ...] = Field(min_length=1)


class Activity(_Model):
    """A share of a legacy role's time and where it goes in the new model."""

    name: Name
    share: Fraction = Field(description="Share of the role's hours.")
    destination: Destination
    oversight: Fraction = Field(
        0.0, description="For AI: share of its hours that stays human oversight."
    )
    oversight_owner: OversightOwner = Field(
        "gtm_marketer", description="Who does the oversight of AI-absorbed work."
    )


class LegacyRole(_Model):
    """One of the CMO's direct reports today, with its team."""

    name: Name
    headcount: Headcount
    band: Band
    point: BandPoint = "mid"
    custodian_title: str = Field("", description="What the role becomes as a Craft Custodian.")
    new_home: Literal["custodian", "marops"] = Field(
        "custodian",
        description="Who holds the hours that stay: Craft Custodians, or the new MarOps team "
        "(for the legacy marketing-operations function, whose seats replace it).",
    )
    activities: tuple[Activity, ...] = Field(min_length=1)
    workflow: Workflow | None = None
    transition_month: Month | None = Field(
        None, description="Migration month the role changes to its new shape."
    )

    @model_validator(mode="after")
    def _shares(self) -> LegacyRole:
        total = sum(a.share for a in self.activities)
        if abs(total - 1.0) > SHARE_TOLERANCE:
            raise ValueError(
                f"activities: got shares summing to {total:.1%}, must sum to 100% (±0.5%)"
            )
        return self


class NewRoles(_Model):
    """Bands of the audience tower's roles."""

    head_of_gtm: Band = Field(default_factory=lambda: Band(low=95000, high=130000))
    head_of_gtm_point: BandPoint = "mid"
    gtm_marketer: Band = Field(default_factory=lambda: Band(low=55000, high=80000))
    gtm_marketer_point: BandPoint = "mid"


class MarOpsRole(_Model):
    """One of the four MarOps roles and its salary band."""

    key: MarOpsRoleKey
    title: Name
    band: Band


class MarOpsSeat(_Model):
    """One person in MarOps, holding one or more of the four roles."""

    name: Name
    roles: tuple[MarOpsRoleKey, ...] = Field(min_length=1)
    band: Band | None = Field(None, description="Override; default the highest of its roles.")
    point: BandPoint = "mid"
    hire_month: Month | None = Field(None, description="Month the seat starts; empty if filled.")


class ReplacedRole(_Model):
    """A coordinator, specialist or platform-owner role the MarOps team replaces."""

    title: Name
    count: Headcount = 1
    band: Band
    point: BandPoint = "mid"
    leaves_month: Month | None = Field(None, description="Month the role ends.")


class ReportingLine(_Model):
    """Who reports to whom (solid) or has a dotted line to whom."""

    role: Name
    reports_to: Name
    kind: Literal["solid", "dotted"] = "solid"


class WorkflowEntry(_Model):
    """A major workflow in the inventory: platforms, people, decisions, owner."""

    name: Name
    platforms: tuple[Name, ...] = ()
    roles: tuple[Name, ...] = ()
    decisions: tuple[Name, ...] = ()
    owners: tuple[Name, ...] = Field((), description="Accountable owner; exactly one expected.")
    top: bool = Field(False, description="One of the 5–7 most important workflows.")
    buyer_facing: bool = False


class Phase(_Model):
    """A phase of the migration."""

    name: Name
    start_month: Month
    months: MonthsCount = 1
    depends_on: tuple[Name, ...] = ()
    description: str = ""

    @model_validator(mode="after")
    def _ends_in_range(self) -> Phase:
        if self.end_month > MAX_MONTH:
            raise ValueError(
                f"months: got {self.months} months from month {self.start_month}, ending in "
                f"month {self.end_month}; a phase must end by month {MAX_MONTH}"
            )
        return self

    @property
    def end_month(self) -> int:
        """Last month of the phase (inclusive)."""
        return self.start_month + self.months - 1


class Hire(_Model):
    """A position hired during the migration."""

    position: Name = Field(description="A MarOps seat name, 'Head of GTM' or 'GTM Marketer'.")
    month: Month = Field(description="Month the person starts.")
    lead_time_months: LeadTime = 3
    count: Headcount = 1
    phase: OptionalName = Field(None, description="The phase that needs this hire.")


# --------------------------------------------------------------------------- diagnostics


SYMPTOM_KEYS: tuple[str, ...] = (
    "service_centre",
    "attribution_breakdown",
    "sequential_routing",
    "source_of_truth_fragmentation",
    "volume_over_craft",
)
"""The five symptoms of a broken operating model, in the order the questionnaire asks them."""

SKILL_KEYS: tuple[str, ...] = (
    "strategic_thinking",
    "agent_workflow_design",
    "data_literacy",
    "prompt_engineering",
    "brand_governance",
    "customer_intelligence",
    "content_operations",
    "campaign_optimisation",
    "marketing_automation",
    "lead_management",
    "performance_measurement",
    "ai_governance",
    "sales_marketing_integration",
    "technology_evaluation",
    "change_management",
    "continuous_testing",
    "risk_management",
    "human_ai_collaboration",
    "scalable_operations",
    "ai_native_leadership",
)
"""The skill areas of an AI-native CMO the self-assessment covers."""


def _symptom_score(value: int) -> int:
    if 0 <= value <= 4:
        return value
    raise ValueError("must be a score from 0 (never) to 4 (it is how work runs)")


def _skill_level(value: int) -> int:
    if 1 <= value <= 5:
        return value
    raise ValueError("must be a level from 1 (new to it) to 5 (could teach it)")


def _maturity(value: int) -> int:
    if 1 <= value <= 5:
        return value
    raise ValueError(
        "must be a stage from 1 (individuals using prompts) to 5 (self-improving systems)"
    )


Hours = Annotated[float, AfterValidator(_non_negative), _at_most(MAX_MONTH_HOURS)]
"""A number of hours in a month, 0 to 744."""
SymptomScore = Annotated[int, AfterValidator(_symptom_score)]
"""A questionnaire answer: 0 never, 1 rarely, 2 sometimes, 3 often, 4 it is how work runs."""
SkillLevel = Annotated[int, AfterValidator(_skill_level)]
"""A self-assessed skill level: 1 new to it … 5 could teach it."""
MaturityStage = Annotated[int, AfterValidator(_maturity)]
"""An AI maturity stage, 1 (individuals using prompts) to 5 (self-improving systems)."""


class Calendar(_Model):
    """The leader's last month, from their calendar: hours approving vs hours designing."""

    approving_hours: Hours = Field(
        0.0, description="Hours last month spent reviewing and approving work made by others."
    )
    designing_hours: Hours = Field(
        0.0,
        description="Hours last month spent designing systems: workflows, roles, agents, data.",
    )


class SymptomScores(_Model):
    """The five-symptom questionnaire: each answer 0–4, empty while not answered."""

    service_centre: SymptomScore | None = None
    attribution_breakdown: SymptomScore | None = None
    sequential_routing: SymptomScore | None = None
    source_of_truth_fragmentation: SymptomScore | None = None
    volume_over_craft: SymptomScore | None = None


class SkillScores(_Model):
    """The leader's self-assessment, 1–5 per skill area, empty while not assessed."""

    strategic_thinking: SkillLevel | None = None
    agent_workflow_design: SkillLevel | None = None
    data_literacy: SkillLevel | None = None
    prompt_engineering: SkillLevel | None = None
    brand_governance: SkillLevel | None = None
    customer_intelligence: SkillLevel | None = None
    content_operations: SkillLevel | None = None
    campaign_optimisation: SkillLevel | None = None
    marketing_automation: SkillLevel | None = None
    lead_management: SkillLevel | None = None
    performance_measurement: SkillLevel | None = None
    ai_governance: SkillLevel | None = None
    sales_marketing_integration: SkillLevel | None = None
    technology_evaluation: SkillLevel | None = None
    change_management: SkillLevel | None = None
    continuous_testing: SkillLevel | None = None
    risk_management: SkillLevel | None = None
    human_ai_collaboration: SkillLevel | None = None
    scalable_operations: SkillLevel | None = None
    ai_native_leadership: SkillLevel | None = None


class Diagnostics(_Model):
    """Where the leader and the team stand before the redesign."""

    calendar: Calendar = Field(default_factory=Calendar)
    symptoms: SymptomScores = Field(default_factory=SymptomScores)
    maturity_stage: MaturityStage | None = Field(
        None, description="AI maturity stage 1–5; empty while not assessed."
    )
    skills: SkillScores = Field(default_factory=SkillScores)


# --------------------------------------------------------------------------- agent governance

AgentJob = Literal[
    "research", "content", "campaign", "performance", "crm_lead_scoring", "reporting", "other"
]
AGENT_JOBS: tuple[str, ...] = get_args(AgentJob)
AgentMode = Literal["drafts", "recommends", "acts"]
"""What an agent does with its output: drafts it for a person, recommends a decision, or acts."""
AGENT_MODES: tuple[str, ...] = get_args(AgentMode)
Touch = Literal[
    "public_content", "budget", "pricing", "legal_claims", "customer_data", "brand_messaging"
]
"""Things that affect trust, money, reputation or customer data."""
TOUCHES: tuple[str, ...] = get_args(Touch)
Decider = Literal["human", "ai", "hybrid"]
DECIDERS: tuple[str, ...] = get_args(Decider)
EngineLayerName = Literal["input", "planning", "production", "qa", "distribution", "feedback"]
ENGINE_LAYERS: tuple[str, ...] = get_args(EngineLayerName)
"""The content engine's layers, in the order work flows through them."""
EngineMode = Literal["automated", "owned", "audited"]
ENGINE_MODES: tuple[str, ...] = get_args(EngineMode)
MetricKey = Literal[
    "time_to_asset_days",
    "cost_per_asset_ratio",
    "prompt_success_rate",
    "human_intervention_rate",
    "system_utilisation",
]
METRIC_KEYS: tuple[str, ...] = get_args(MetricKey)
RATE_METRICS: frozenset[str] = frozenset(
    {"prompt_success_rate", "human_intervention_rate", "system_utilisation"}
)
"""Metrics written as a fraction between 0 and 1 (0.85 = 85%)."""
BudgetLineName = Literal[
    "agencies_freelancers",
    "ai_tools_infrastructure",
    "data_pipelines_knowledge",
    "internal_platform",
    "other",
]
BUDGET_LINES: tuple[str, ...] = get_args(BudgetLineName)
CostNature = Literal["variable", "fixed"]


class Agent(_Model):
    """One AI agent in the register: one job, the outcome it serves, and who answers for it.

    People are free-text names (a person or an open role)."""

    name: Name
    job: AgentJob
    outcome: str = Field("", description="The business outcome it serves; empty = none named.")
    data: tuple[Name, ...] = Field((), description="The data it may use.")
    output: str = Field("", description="What it produces, and in what format.")
    mode: AgentMode = Field("drafts", description="Whether it drafts, recommends or acts.")
    touches: tuple[Touch, ...] = Field(
        (), description="What its work affects: public content, budget, pricing, legal claims, …"
    )
    reviewer: OptionalName = Field(None, description="Who reviews its output.")
    approver: OptionalName = Field(None, description="The human who approves before it counts.")
    owner: OptionalName = Field(None, description="The one person accountable for it.")
    builder: OptionalName = Field(None, description="Who built it (prompts, tools, pipeline).")
    operator: OptionalName = Field(None, description="Who runs and tunes it day to day.")
    auditor: OptionalName = Field(None, description="Who audits its output and records.")

    @model_validator(mode="after")
    def _touches_once(self) -> Agent:
        for dup in _duplicates(self.touches):
            raise ValueError(f"touches: got {dup!r} twice, must list each area once")
        return self


class DecisionRight(_Model):
    """Who makes one recurring decision: people, an agent, or both (an agent proposes, a person
    decides)."""

    decision: Name
    decided_by: Decider
    area: Touch | None = Field(None, description="What the decision affects, if sensitive.")


class Pod(_Model):
    """A workflow pod: a small team that owns an outcome, not a channel."""

    outcome: Name = Field(description="The outcome it owns, e.g. pipeline generation.")
    workflow_owner: OptionalName = Field(None, description="Accountable for the outcome.")
    ai_operator: OptionalName = Field(None, description="Runs and tunes the agents.")
    domain_expert: OptionalName = Field(None, description="Product, audience or brand expert.")
    automation_engineer: OptionalName = Field(None, description="Builds the pipelines.")


class EngineLayer(_Model):
    """One layer of the content engine and how it is run."""

    layer: EngineLayerName
    mode: EngineMode = Field(description="Automated, owned by a person, or audited by one.")
    who: OptionalName = Field(None, description="The person who owns or audits the layer.")


class OperatingMetric(_Model):
    """One operating metric of a workflow: where it is today and where the plan takes it."""

    workflow: Name
    metric: MetricKey
    baseline: Annotated[float, AfterValidator(_non_negative), _at_most(MAX_METRIC)]
    target: Annotated[float, AfterValidator(_non_negative), _at_most(MAX_METRIC)]
    unit: str = Field("", description="Unit shown with the figures; empty = the metric's own.")

    @model_validator(mode="after")
    def _rates_are_fractions(self) -> OperatingMetric:
        if self.metric in RATE_METRICS:
            for field in ("baseline", "target"):
                value = getattr(self, field)
                if value > 1.0:
                    raise ValueError(
                        f"{field}: got {value:g}, {self.metric} must be a fraction between 0 "
                        f"and 1 (write {value / 100:g} for {value:g}%)"
                    )
        return self


class BudgetLine(_Model):
    """One line of the marketing budget, before and after the shift (per year)."""

    line: BudgetLineName
    before: MoneyOrZero = 0.0
    after: MoneyOrZero = 0.0
    nature: CostNature | None = Field(
        None,
        description="Variable (bought per piece of work) or fixed (a system paid for whatever "
        "the volume); empty = the usual for the line.",
    )


class Plan(_Model):
    """A whole plan: the legacy team, the audiences, the new model and the path between."""

    schema_version: int = SCHEMA_VERSION
    meta: Meta
    assumptions: Assumptions = Field(default_factory=Assumptions)
    products: tuple[Product, ...] = ()
    gtm_team: tuple[Name, ...] = Field(
        (), description="People (or open positions) who are or will be GTM Marketers."
    )
    audiences: tuple[Audience, ...] = ()
    legacy_roles: tuple[LegacyRole, ...] = ()
    new_roles: NewRoles = Field(default_factory=NewRoles)
    marops_roles: tuple[MarOpsRole, ...] = ()
    marops_seats: tuple[MarOpsSeat, ...] = ()
    replaced_roles: tuple[ReplacedRole, ...] = ()
    has_cdo: bool = Field(False, description="The company has a Chief Data Officer.")
    reporting_lines: tuple[ReportingLine, ...] = ()
    workflows: tuple[WorkflowEntry, ...] = ()
    horizon_months: MonthsCount = Field(12, description="Months the migration view covers.")
    phases: tuple[Phase, ...] = ()
    hires: tuple[Hire, ...] = ()
    diagnostics: Diagnostics = Field(
        default_factory=Diagnostics, description="Where the leader and the team stand today."
    )
    agents: tuple[Agent, ...] = Field((), description="The agent register.")
    decision_rights: tuple[DecisionRight, ...] = Field(
        (), description="Who makes each recurring decision: human, AI or hybrid."
    )
    pods: tuple[Pod, ...] = Field((), description="Workflow pods, each owning an outcome.")
    content_engine: tuple[EngineLayer, ...] = Field(
        (), description="The content engine's layers, each automated, owned or audited."
    )
    operating_metrics: tuple[OperatingMetric, ...] = Field(
        (), description="Baseline and target of the operating metrics, per workflow."
    )
    budget_shift: tuple[BudgetLine, ...] = Field(
        (), description="The budget lines before and after the move to systems."
    )

    @model_validator(mode="after")
    def _cross_references(self) -> Plan:
        errors = list(_reference_errors(self))
        if errors:
            raise ValueError("\n".join(errors))
        return self

    # Convenience look-ups -------------------------------------------------------------------
    def marops_role(self, key: str) -> MarOpsRole:
        """The MarOps role definition with this key."""
        for role in self.marops_roles:
            if role.key == key:
                return role
        raise KeyError(key)

    def seat_band_role(self, seat: MarOpsSeat) -> MarOpsRole:
        """The role whose band a seat without its own band takes: the highest-paid role it
        holds (by midpoint, then by the top of the band; the first listed on a tie)."""
        roles = [self.marops_role(k) for k in seat.roles]
        return max(roles, key=lambda r: (r.band.low + r.band.high, r.band.high))

    def seat_band(self, seat: MarOpsSeat) -> Band:
        """A seat's band: its override, else the band of :meth:`seat_band_role`."""
        if seat.band is not None:
            return seat.band
        return self.seat_band_role(seat).band


# --------------------------------------------------------------------------- cross-field checks


def _duplicates(names: Iterable[_K]) -> list[_K]:
    """The values that appear more than once, each once, in first-seen order."""
    return [n for n, c in Counter(names).items() if c > 1]


def _reference_errors(plan: Plan) -> Iterable[str]:
    """Errors that need more than one field: duplicate keys, unknown references, cycles."""
    keyed: list[tuple[str, Sequence[Any], str]] = [
        ("products", plan.products, "name"),
        ("audiences", plan.audiences, "name"),
        ("legacy_roles", plan.legacy_roles, "name"),
        ("marops_seats", plan.marops_seats, "name"),
        ("marops_roles", plan.marops_roles, "key"),
        ("workflows", plan.workflows, "name"),
        ("phases", plan.phases, "name"),
        ("agents", plan.agents, "name"),
        ("decision_rights", plan.decision_rights, "decision"),
        ("pods", plan.pods, "outcome"),
        ("content_engine", plan.content_engine, "layer"),
        ("budget_shift", plan.budget_shift, "line"),
    ]
    for field, items, key in keyed:
        for dup in _duplicates(getattr(i, key) for i in items):
            second = [i for i, it in enumerate(items) if getattr(it, key) == dup][1]
            yield f"{field}[{second}].{key}: got {dup!r}, must be unique; it appears more than once"
    for dup in _duplicates(plan.gtm_team):
        yield f"gtm_team: got {dup!r}, must be unique; it appears more than once"
    pairs = [(m.workflow, m.metric) for m in plan.operating_metrics]
    for dup in _duplicates(pairs):
        second = [i for i, pair in enumerate(pairs) if pair == dup][1]
        yield (
            f"operating_metrics[{second}].metric: got {dup[1]!r} for {dup[0]!r} again, "
            "must appear once per workflow"
        )

    products = {p.name for p in plan.products}
    for a_i, aud in enumerate(plan.audiences):
        for p_i, pain in enumerate(aud.pains):
            for pr_i, prod in enumerate(pain.products):
                if prod not in products:
                    yield (
                        f"audiences[{a_i}].pains[{p_i}].products[{pr_i}]: got {prod!r}, "
                        f"must be one of the plan's products: {_listing(products)}"
                    )
        if aud.owner is not None and aud.owner not in plan.gtm_team:
            yield (
                f"audiences[{a_i}].owner: got {aud.owner!r}, must be one of gtm_team: "
                f"{_listing(plan.gtm_team)} (add the person to gtm_team first)"
            )

    if plan.marops_seats:
        known_roles = {r.key for r in plan.marops_roles}
        for s_i, seat in enumerate(plan.marops_seats):
            for r_i, key in enumerate(seat.roles):
                if key not in known_roles:
                    yield (
                        f"marops_seats[{s_i}].roles[{r_i}]: got {key!r}, must be one of "
                        f"marops_roles: {_listing(known_roles)}"
                    )
            for dup in _duplicates(seat.roles):
                yield f"marops_seats[{s_i}].roles: got {dup!r} twice, must list a role once"

    positions = {s.name for s in plan.marops_seats} | {"Head of GTM", "GTM Marketer"}
    phase_names = {p.name for p in plan.phases}
    for h_i, hire in enumerate(plan.hires):
        if hire.position not in positions:
            yield (
                f"hires[{h_i}].position: got {hire.position!r}, must be a MarOps seat, "
                f"'Head of GTM' or 'GTM Marketer': {_listing(positions)}"
            )
        if hire.phase is not None and hire.phase not in phase_names:
            yield (
                f"hires[{h_i}].phase: got {hire.phase!r}, must be one of the phases: "
                f"{_listing(phase_names)}"
            )

    for p_i, phase in enumerate(plan.phases):
        for d_i, dep in enumerate(phase.depends_on):
            if dep not in phase_names:
                yield (
                    f"phases[{p_i}].depends_on[{d_i}]: got {dep!r}, must be one of the phases: "
                    f"{_listing(phase_names)}"
                )
            elif dep == phase.name:
                yield (
                    f"phases[{p_i}].depends_on[{d_i}]: got {dep!r}, a phase cannot depend on itself"
                )
    yield from _reporting_cycle_errors(plan.reporting_lines)
    cycle = _dependency_cycle(plan.phases)
    if cycle:
        first = next(i for i, p in enumerate(plan.phases) if p.name == cycle[0])
        yield (
            f"phases[{first}].depends_on: got a cycle {' → '.join([*cycle, cycle[0]])}, "
            "must not depend on each other in a circle"
        )


def _reporting_cycle_errors(lines: Sequence[ReportingLine]) -> Iterable[str]:
    """A role reporting to itself, and solid reporting lines that lead back to where they start
    (dotted lines are a matrix beside the chain of command, so they may point back up it)."""
    for i, line in enumerate(lines):
        if line.role == line.reports_to:
            yield (
                f"reporting_lines[{i}].reports_to: got {_show(line.reports_to)}, "
                "a role cannot report to itself"
            )
    graph: dict[str, list[str]] = {}
    for line in lines:
        if line.kind == "solid" and line.role != line.reports_to:
            graph.setdefault(line.role, []).append(line.reports_to)
    cycle = _find_cycle(graph)
    if cycle:
        first = next(i for i, ln in enumerate(lines) if ln.role == cycle[0] and ln.kind == "solid")
        yield (
            f"reporting_lines[{first}].reports_to: got a cycle "
            f"{' → '.join([*cycle, cycle[0]])}, reporting lines must not lead back to a role "
            "that is above them (make one of them dotted, or point it at the right manager)"
        )


def _dependency_cycle(phases: Sequence[Phase]) -> list[str] | None:
    return _find_cycle({p.name: [d for d in p.depends_on if d != p.name] for p in phases})


def _find_cycle(graph: Mapping[str, Sequence[str]]) -> list[str] | None:
    """The first cycle of ``graph`` (node → the nodes it points at), in the order walked
    (iteratively: a chain thousands long is no recursion limit)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in graph:
        if start in state:
            continue
        path = [start]
        todo = [iter(graph[start])]
        state[start] = 1
        while todo:
            dep = next(todo[-1], None)
            if dep is None:
                state[path.pop()] = 2
                todo.pop()
            elif dep in graph and state.get(dep) == 1:
                return path[path.index(dep) :]
            elif dep in graph and dep not in state:
                state[dep] = 1
                path.append(dep)
                todo.append(iter(graph[dep]))
    return None


def _listing(names: Iterable[str]) -> str:
    items = sorted(set(names))
    if not items:
        return "(none defined)"
    shown = ", ".join(repr(n) for n in items[:12])
    return shown + (f" … ({len(items)} in all)" if len(items) > 12 else "")


# --------------------------------------------------------------------------- problems and errors


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error) or worth a look (warning) in a plan."""

    path: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class PlanError(ValueError):
    """A plan file or plan data that cannot be used; :attr:`problems` lists every reason."""

    def __init__(self, problems: Sequence[Problem], source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        head = f"{source}: " if source else ""
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{head}{len(self.problems)} problem(s) in the plan:\n{lines}")


def _loc_path(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after", "function-before") or str(part).startswith(
            ("function-", "literal[", "union[")
        ):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


SHOWN_CHARS = 80
"""The most characters of a value an error message shows."""

_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = SHOWN_CHARS + 2
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6
_REPR.maxlevel = 3


def _show(value: Any) -> str:
    """A short excerpt of ``value`` for a message: at most 80 characters, cut with "…"; built
    without ever making the whole text of a huge value."""
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        digits = int(value.bit_length() * math.log10(2)) + 1
        return f"a whole number of about {digits:,} digits"
    text = _REPR.repr(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _friendly_message(error: Mapping[str, Any]) -> str:
    """Pydantic's message for one error, said the way a plan's author would understand it."""
    kind = str(error["type"])
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a known field (check the spelling)"
    if kind in ("float_parsing", "float_type"):
        return "must be a number"
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size"):
        return "must be a whole number"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {
            "greater_than_equal": "{} or more",
            "greater_than": "more than {}",
            "less_than_equal": "{} or less",
            "less_than": "less than {}",
        }[kind]
        limit = next(iter(ctx.values()), "")
        return "must be " + words.format(limit)
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return "must list at least one item" if least == 1 else f"must list at least {least} items"
    if kind in ("tuple_type", "list_type"):
        return "must be a list (one '- item' per line)"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "must be a mapping of fields (one 'name: value' per line)"
    if kind == "string_type":
        return "must be text"
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false"
    if kind.startswith(("date_", "datetime_")):
        return "must be a date written YYYY-MM-DD, such as 2027-01-01"
    msg = str(error["msg"])
    if msg.startswith("Value error, "):
        return msg[len("Value error, ") :]
    if msg.startswith("Input should be "):
        return "must be " + msg[len("Input should be ") :]
    return msg


_BRANCH_LABELS = frozenset({"float", "str", "int", "bool", "none", "Band", "date"})
"""Names pydantic puts in an error's location for the branch of a union it tried."""


def _problems_from_validation(err: ValidationError, prefix: str = "") -> list[Problem]:
    problems: list[Problem] = []
    too_short: set[str] = set()
    for e in err.errors(include_url=False):
        # Validator and union-branch labels ('function-after[...]', 'str', 'none') are noise.
        loc = [
            p
            for p in e["loc"]
            if not (
                isinstance(p, str)
                and (p.startswith(("function-", "literal[")) or p in _BRANCH_LABELS)
            )
        ]
        path = _loc_path(loc)
        if prefix:
            path = f"{prefix}.{path}" if path else prefix
        msg = _friendly_message(e)
        if msg == "must be None":  # the empty branch of an optional field says nothing useful
            continue
        if e["type"] == "too_short":
            too_short.add(path)
        if "\n" in msg:  # several cross-field errors, each already 'path: got ..., must ...'
            for line in msg.splitlines():
                problems.append(Problem(*_split_path(line, prefix)))
        elif e["type"] == "missing" or msg.startswith("got "):
            problems.append(Problem(path, msg))
        elif re.match(r"^[a-z_]+(\[\d+\])?[.\[:]", msg) and ": got " in msg:
            problems.append(Problem(*_split_path(msg, path)))
        else:
            problems.append(Problem(path, f"got {_show(e['input'])}, {msg}"))
    # A container whose item failed may also report itself too short: the item's error says it.
    paths = [p.path for p in problems]
    problems = [
        p
        for p in problems
        if not (p.path in too_short and any(q.startswith(p.path + "[") for q in paths))
    ]
    seen: set[str] = set()
    unique: list[Problem] = []
    for p in problems:
        if str(p) not in seen:
            seen.add(str(p))
            unique.append(p)
    return unique


def _split_path(line: str, prefix: str) -> tuple[str, str]:
    m = re.match(r"^([A-Za-z_][\w\[\].]*): (got .*)$", line)
    if m:
        path = f"{prefix}.{m.group(1)}" if prefix and m.group(1) else (prefix or m.group(1))
        return path, m.group(2)
    return prefix, line


# --------------------------------------------------------------------------- reading and writing


def _supported_versions_text() -> str:
    return ", ".join(str(v) for v in SUPPORTED_SCHEMA_VERSIONS)


def _kind_of(value: Any) -> str:
    """A short type description of a YAML value (never the value itself)."""
    names = {str: "text", list: "list", int: "number", float: "number", bool: "true/false"}
    return names.get(type(value), type(value).__name__)


def parse_plan(data: Any, source: str | None = None) -> Plan:
    """Validate plain data (as read from YAML) into a :class:`Plan`, or raise :class:`PlanError`."""
    if data is None:
        raise PlanError(
            [Problem("", "the plan is empty: expected a YAML mapping with meta, legacy_roles, …")],
            source,
        )
    if not isinstance(data, Mapping):
        raise PlanError(
            [Problem("", f"got a {_kind_of(data)}, the plan must be a YAML mapping")], source
        )
    if data and not any(isinstance(k, str) and k in Plan.model_fields for k in data):
        # Nothing of a file that is not a plan is echoed: its keys may be names or secrets.
        raise PlanError(
            [
                Problem(
                    "",
                    f"this is not a mocmo plan: none of its {len(data)} top-level keys is a "
                    "plan section (meta, assumptions, legacy_roles, …)",
                )
            ],
            source,
        )
    version = data.get("schema_version", SCHEMA_VERSION)
    if version not in SUPPORTED_SCHEMA_VERSIONS:
        raise PlanError(
            [
                Problem(
                    "schema_version",
                    f"got {_show(version)}, this mocmo reads schema_version "
                    f"{_supported_versions_text()} only; upgrade mocmo or convert the file",
                )
            ],
            source,
        )
    try:
        return Plan.model_validate(dict(data))
    except ValidationError as err:
        raise PlanError(_problems_from_validation(err), source) from None


_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it (about ten times faster), else PyYAML's."""

ALIAS_BUDGET = 100_000
"""The most values aliases (``*name``) and merge keys (``<<:``) may add to a document once
expanded. A plan that reuses a band or a list here and there adds hundreds; a "billion laughs"
file adds billions, and is refused before any of it is built."""
MAX_DEPTH = 64
"""The deepest a plan document may nest (a real plan nests fewer than ten levels)."""

_MERGE_TAG = "tag:yaml.org,2002:merge"


class _DuplicateKey(yaml.constructor.ConstructorError):
    """A key written twice in one mapping (its message is mocmo's own, safe to show)."""


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader, except that a key written twice in one mapping is an error (the
    plain loader silently keeps the last one, hiding a typo), merge keys (``<<: *base``) work,
    an impossible date (``2027-02-30``) stays text so validation names its field, and integers
    too long for Python to read stay text for the same reason."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue  # '<<': merged below by flatten_mapping; later keys may override
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                continue  # unhashable: PyYAML itself reports it
            if key in seen:
                raise _DuplicateKey(
                    "while reading a mapping",
                    node.start_mark,
                    f"found the key {_show(key)} twice; keep one",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # more digits than int() reads (sys.get_int_max_str_digits)
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


def _expansion_problem(root: yaml.Node) -> str | None:
    """Why the composed document ``root`` is refused before it is built, or None.

    Walks the node graph once (each node once, however many aliases point at it) and counts the
    values the document would hold with every alias and merge key expanded.
    """
    sizes: dict[int, int] = {}
    cap = ALIAS_BUDGET * 1000 + 1
    unique = 0
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    depth = 0
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            depth -= 1
            total = 1 + sum(sizes[id(c)] for c in _children(node))
            sizes[key] = min(total, cap)
            continue
        if key in sizes:
            continue
        if key in on_path:
            return "an alias refers to a value that contains it (a recursive alias)"
        unique += 1
        depth += 1
        if depth > MAX_DEPTH:
            return f"the document is nested more than {MAX_DEPTH} levels deep"
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                return "an alias refers to a value that contains it (a recursive alias)"
            if id(child) not in sizes:
                stack.append((child, False))
    if sizes[id(root)] - unique > ALIAS_BUDGET:
        return (
            f"its aliases (*name) and merge keys (<<) would expand it by more than "
            f"{ALIAS_BUDGET:,} values (a YAML alias bomb?); write the values out instead"
        )
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


_MAY_HAVE_ANCHOR = re.compile(r"&[^\s]")
"""Text that may hold a YAML anchor; a plan without one has no alias (``R&D`` also matches)."""

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _yaml_problem(err: yaml.MarkedYAMLError) -> str:
    """PyYAML's description of a syntax problem, without any text of the file (quoted tokens
    and tags are replaced by '…', so a foreign file's content never reaches the screen)."""
    if isinstance(err, _DuplicateKey):
        return err.problem or "a key written twice"
    if isinstance(err, yaml.constructor.ConstructorError) and "constructor for the tag" in str(
        err.problem
    ):
        found = re.search(r"'tag:yaml\.org,2002:([\w/.:-]{1,40})", str(err.problem))
        shown = f" (!!{found.group(1)})" if found else ""  # YAML's own tags only, never others
        return f"a '!' tag{shown}, which plan files do not use (plain YAML only)"
    text = _QUOTED.sub("'…'", err.problem or "malformed YAML")
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _read_yaml(text: str) -> Any:
    """The one YAML document in ``text`` as plain data, refused (ValueError) if it would expand
    beyond :data:`ALIAS_BUDGET` or nest beyond :data:`MAX_DEPTH` — checked before it is built."""
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise ValueError(f"the document is nested more than {MAX_DEPTH} levels deep") from None
        if node is None:
            return None
        # Without an anchor (&name) there is no alias or merge to expand (libyaml and the
        # composer then guard the depth themselves): skip the walk, a second on a 2,000-person plan.
        why = _expansion_problem(node) if _MAY_HAVE_ANCHOR.search(text) else None
        if why:
            raise ValueError(why)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def plan_from_yaml(text: str, source: str | None = None) -> Plan:
    """Parse YAML text (safely) into a validated :class:`Plan`."""
    if not text.strip():
        raise PlanError([Problem("", "the file is empty: expected a YAML plan")], source)
    try:
        data = _read_yaml(text)  # a SafeLoader: no arbitrary objects
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"
        raise PlanError(
            [Problem("", f"malformed YAML at {where}: {_yaml_problem(err)}")], source
        ) from None
    except yaml.YAMLError as err:
        what = _QUOTED.sub("'…'", " ".join(str(err).split()))[:SHOWN_CHARS]
        raise PlanError([Problem("", f"malformed YAML: {what}")], source) from None
    except ValueError as err:
        raise PlanError([Problem("", f"refused: {err}")], source) from None
    return parse_plan(data, source)


def load_plan(path: str | os.PathLike[str]) -> Plan:
    """Read and validate a plan file. Raises :class:`PlanError` for invalid or malformed plans,
    and for paths that are not a regular file of at most 20 MB (folders, FIFOs, devices,
    symlink loops), which are refused without being read."""
    return load_plan_bytes(path)[0]


def load_plan_bytes(path: str | os.PathLike[str]) -> tuple[Plan, bytes]:
    """:func:`load_plan`, also returning the exact bytes the plan was read from (so a caller
    fingerprints what it read, not a second read that another writer may have changed)."""
    p = Path(path)
    try:
        raw = read_bytes_limited(p)
    except FileNotFoundError:
        raise PlanError([Problem("", f"no plan file at {p}")], str(p)) from None
    except FileRefused as err:
        raise PlanError([Problem("", err.reason)], str(p)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise PlanError([Problem("", f"not a UTF-8 text file ({err.reason})")], str(p)) from None
    return plan_from_yaml(text, str(p)), raw


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


class _Dumper(yaml.SafeDumper):
    pass


_ODD_BREAKS = re.compile("[\r\x85\u2028\u2029]")
"""Line breaks other than ``\\n``: only a double-quoted YAML string keeps them exactly."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style: str | None = None
    if _ODD_BREAKS.search(value):
        style = '"'
    elif "\n" in value:
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_plan_yaml(plan: Plan) -> str:
    """The plan as YAML text: keys in model order, defaults kept, readable and diffable."""
    data = _plain(plan.model_dump(mode="json"))
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def save_plan(plan: Plan, path: str | os.PathLike[str]) -> Path:
    """Write ``plan`` to ``path`` as YAML, atomically and under the plan file's lock (see
    :func:`mocmo.files.write_text_atomic`; a symlink is followed, the file it points to replaced).

    If anything fails before the rename, the file at ``path`` is left exactly as it was.
    """
    return write_text_atomic(path, dump_plan_yaml(plan))


# --------------------------------------------------------------------------- new plans from old


_PATH_PART = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]")


def _parse_path(path: str) -> list[str | int]:
    parts: list[str | int] = []
    pos = 0
    for m in _PATH_PART.finditer(path):
        if m.start() != pos and path[pos : m.start()] != ".":
            raise KeyError(f"bad path {path!r}")
        parts.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
        pos = m.end()
    if pos != len(path):
        raise KeyError(f"bad path {path!r}")
    return parts


def with_value(plan: Plan, path: str, value: Any) -> Plan:
    """A new validated plan with the field at ``path`` set, e.g.
    ``with_value(plan, "legacy_roles[2].activities[1].destination", "ai")``.

    Raises :class:`PlanError` if the result is invalid; ``plan`` itself never changes.
    """
    return with_changes(plan, {path: value})


def with_changes(plan: Plan, changes: Mapping[str, Any]) -> Plan:
    """A new validated plan with every ``path: value`` in ``changes`` applied."""
    data: Any = plan.model_dump(mode="json")
    for path, value in changes.items():
        parts = _parse_path(path)
        node = data
        last = parts[-1]
        try:
            for part in parts[:-1]:
                node = node[part]
            if isinstance(last, int):
                node[last]  # an index past the end is an error, not an append
        except (KeyError, IndexError, TypeError):
            raise KeyError(f"{path!r}: the plan has no field at this path") from None
        if isinstance(value, BaseModel):
            value = value.model_dump(mode="json")
        elif isinstance(value, tuple | list):
            value = [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
        node[last] = value
    return parse_plan(data)


# --------------------------------------------------------------------------- warnings


def plan_warnings(plan: Plan) -> list[Problem]:
    """Things that are legal but unfinished or suspicious. The step modules add their own
    (audience ownership warnings live in :func:`mocmo.audiences.ownership_problems`)."""
    warnings: list[Problem] = []
    if plan.phases:
        start = min(p.start_month for p in plan.phases)
        end = max(p.end_month for p in plan.phases)
        length = end - start + 1
        if length > 12 or length < 6:
            warnings.append(
                Problem(
                    "phases",
                    f"the migration runs {length} months (months {start}–{end}); "
                    "a transition like this usually takes 6–12 months",
                    "warning",
                )
            )
    return warnings
