"""The governance step's vocabulary: labels of the plan's keys, what needs a human approver,
which roles are kept apart, the pod roles, spans of control and the operating metrics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

JOB_LABELS: dict[str, str] = {
    "research": "Research",
    "content": "Content",
    "campaign": "Campaign",
    "performance": "Performance",
    "crm_lead_scoring": "CRM / lead scoring",
    "reporting": "Reporting",
    "other": "Other",
}
MODE_LABELS: dict[str, str] = {
    "drafts": "Drafts for a person",
    "recommends": "Recommends a decision",
    "acts": "Acts on its own",
}
TOUCH_LABELS: dict[str, str] = {
    "public_content": "public content",
    "budget": "budget",
    "pricing": "pricing",
    "legal_claims": "legal claims",
    "customer_data": "customer data",
    "brand_messaging": "brand messaging",
}
DECIDER_LABELS: dict[str, str] = {"human": "Human", "ai": "AI", "hybrid": "Hybrid"}
LAYER_LABELS: dict[str, str] = {
    "input": "Input",
    "planning": "Planning",
    "production": "Production",
    "qa": "QA",
    "distribution": "Distribution",
    "feedback": "Feedback",
}
BUDGET_LINE_LABELS: dict[str, str] = {
    "agencies_freelancers": "Agencies and freelancers",
    "ai_tools_infrastructure": "AI tools and infrastructure",
    "data_pipelines_knowledge": "Data pipelines and knowledge systems",
    "internal_platform": "Internal platform work",
    "other": "Other",
}

APPROVAL_REQUIRED: tuple[str, ...] = (
    "public_content",
    "budget",
    "pricing",
    "legal_claims",
    "customer_data",
)
"""What an acting agent may not touch without a named human approver: trust, money, reputation
and customer data."""

NOT_A_PERSON: frozenset[str] = frozenset(
    {
        "ai",
        "agent",
        "an agent",
        "the agent",
        "bot",
        "auto",
        "automatic",
        "automated",
        "system",
        "none",
        "nobody",
        "no one",
        "n/a",
        "na",
        "tbd",
        "tbc",
        "-",
        "?",
    }
)
"""Approver names that do not name a person (compared ignoring case)."""

AGENT_ROLES: tuple[str, ...] = (
    "owner",
    "reviewer",
    "approver",
    "builder",
    "operator",
    "auditor",
)
"""The people fields of an agent, in the register's column order."""

SEPARATED_ROLES: tuple[tuple[str, str], ...] = (
    ("builder", "auditor"),
    ("operator", "auditor"),
    ("builder", "operator"),
)
"""Pairs of an agent's roles that must be different people, worst first: nobody audits what
they built or run, and whoever runs an agent did not build it."""

POD_ROLES: dict[str, str] = {
    "workflow_owner": "workflow owner (accountable for the outcome)",
    "ai_operator": "AI operator (runs and tunes the agents)",
    "domain_expert": "domain expert (product, audience or brand)",
    "automation_engineer": "automation engineer (builds the pipelines)",
}
"""The four roles of a workflow pod."""

POD_ROLE_TITLES: dict[str, str] = {
    "workflow_owner": "Workflow owner",
    "ai_operator": "AI operator",
    "domain_expert": "Domain expert",
    "automation_engineer": "Automation engineer",
}
"""Column titles of the four pod roles."""

DEFAULT_NATURE: dict[str, Literal["variable", "fixed"]] = {
    "agencies_freelancers": "variable",
    "ai_tools_infrastructure": "fixed",
    "data_pipelines_knowledge": "fixed",
    "internal_platform": "fixed",
    "other": "variable",
}
"""Whether a budget line is variable labour (paid per piece of work) or fixed system
investment (paid whatever the volume), when the plan leaves it empty."""

LEGACY_SPAN: tuple[int, int] = (5, 8)
"""People a traditional manager oversees (DOMAIN §6)."""

OPERATOR_SPAN: tuple[int, int] = (5, 20)
"""People whose output one operator handles in a workflow system (DOMAIN §6)."""


@dataclass(frozen=True)
class MetricInfo:
    """How an operating metric is read: label, unit, and which direction is better."""

    label: str
    unit: str
    better: Literal["lower", "higher"]
    meaning: str


METRICS: dict[str, MetricInfo] = {
    "time_to_asset_days": MetricInfo(
        "Time to produce an asset", "days", "lower", "Working days from brief to published."
    ),
    "cost_per_asset_ratio": MetricInfo(
        "Cost per asset relative to revenue",
        "ratio",
        "lower",
        "Fully loaded cost of an asset ÷ the revenue it is credited with.",
    ),
    "prompt_success_rate": MetricInfo(
        "Prompt success rate",
        "share",
        "higher",
        "Share of agent runs whose output is used without a rewrite.",
    ),
    "human_intervention_rate": MetricInfo(
        "Human intervention rate",
        "share",
        "lower",
        "Share of agent runs a person has to correct or redo.",
    ),
    "system_utilisation": MetricInfo(
        "System utilisation",
        "share",
        "higher",
        "Share of the workflow's capacity in use.",
    ),
}
"""The operating metrics of an AI-native team (keys as in the plan)."""
