"""The plan's models of where the team stands and how the agent-first model is run: the
leader's diagnostics (calendar, symptoms, maturity, skills) and the operating model's register
(agents, decision rights, pods, the content engine, operating metrics, the budget lines)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from mocmo.plan.fields import (
    MAX_METRIC,
    RATE_METRICS,
    AgentJob,
    AgentMode,
    BudgetLineName,
    CostNature,
    Decider,
    EngineLayerName,
    EngineMode,
    Hours,
    MaturityStage,
    MetricKey,
    MoneyOrZero,
    Month,
    Name,
    OptionalName,
    SkillLevel,
    SymptomScore,
    Touch,
    _at_most,
    _Model,
    _non_negative,
)
from mocmo.plan.validate import _duplicates


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
    running_cost: MoneyOrZero = Field(
        0.0,
        description="What running it costs per year beyond seat licences and usage: "
        "orchestration, data, monitoring.",
    )

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
    change_month: Month | None = Field(
        None,
        description="Migration month the 'after' amount starts; empty = the month the last "
        "legacy role changes shape (month 1 when none has a transition month).",
    )
