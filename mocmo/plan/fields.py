"""The plan's building blocks: limits, field validators and the annotated field types
(fractions, money, months, names, band points), and the fixed vocabularies (role keys, symptom
and skill keys, agent governance choices) the models use."""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Hashable
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
)

from mocmo.plan.rules import NumberRule

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
MAX_OWN_HOURS = 100_000.0
"""The most hours per week a group's own stated work may be."""
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

    check.rule = NumberRule(None, float(limit))  # type: ignore[attr-defined]  # rules.py reads it

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
ServiceYears = Annotated[float, AfterValidator(_non_negative), _at_most(60)]
"""Years of service, 0 to 60."""
Age = Annotated[float, Field(ge=16), _at_most(100)]
"""An age in years, 16 to 100 (a leaver's age at the leaving date)."""
People = Annotated[float, Field(gt=0), _at_most(MAX_HEADCOUNT)]
"""A number of people or FTE moving or leaving, above 0 and at most 100,000 (FTE)."""


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


BAND_POINTS: dict[str, float] = {"low": 0.0, "mid": 0.5, "high": 1.0}
"""The fraction of the way up a band each named point means."""
MID_POINT = BAND_POINTS["mid"]
"""A band's mid point (the workbook's ``band_mid_point``)."""


def band_fraction(point: str | float) -> float:
    """The fraction (0–1) of the way from a band's low to its high that ``point`` means."""
    if isinstance(point, str):
        return BAND_POINTS[point]
    return float(point)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)


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


VALIDATOR_LIMITS: dict[Any, NumberRule] = {
    _fraction: NumberRule(0.0, 1.0),
    _point: NumberRule(0.0, 1.0),
    _positive: NumberRule(0.0, None, low_open=True),
    _non_negative: NumberRule(0.0, None),
    _month: NumberRule(1.0, float(MAX_MONTH), whole=True),
    _months_count: NumberRule(1.0, float(MAX_MONTH), whole=True),
    _lead_time: NumberRule(0.0, 12.0, whole=True),
    _symptom_score: NumberRule(0.0, 4.0, whole=True),
    _skill_level: NumberRule(1.0, 5.0, whole=True),
    _maturity: NumberRule(1.0, 5.0, whole=True),
}
"""The numbers each field validator above allows (:func:`mocmo.plan.rules.number_rule` reads
them; keep each entry next to its validator's own check)."""

Hours = Annotated[float, AfterValidator(_non_negative), _at_most(MAX_MONTH_HOURS)]
"""A number of hours in a month, 0 to 744."""
SymptomScore = Annotated[int, AfterValidator(_symptom_score)]
"""A questionnaire answer: 0 never, 1 rarely, 2 sometimes, 3 often, 4 it is how work runs."""
SkillLevel = Annotated[int, AfterValidator(_skill_level)]
"""A self-assessed skill level: 1 new to it … 5 could teach it."""
MaturityStage = Annotated[int, AfterValidator(_maturity)]
"""An AI maturity stage, 1 (individuals using prompts) to 5 (self-improving systems)."""


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
