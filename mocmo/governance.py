"""Step 6 — Agent governance: who answers for each agent, who decides what, and what changes in
the way the team works and spends.

"Agents prepare the work; people protect the strategy." This module reads the plan's agent
register, decision rights, workflow pods, content engine, operating metrics and budget shift:

- **the agent register** — every agent serves a named business outcome and has one accountable
  owner; an agent that *acts* on public content, budget, pricing, legal claims or customer data
  (:data:`APPROVAL_REQUIRED`) has a named human approver; the people who build, operate and
  audit an agent are three different people (:func:`role_clashes`);
- **decision rights** — each recurring decision made by people, by an agent, or both
  (:func:`decision_rights_matrix`); a sensitive decision left to an agent alone is flagged;
- **workflow pods and the content engine** — each pod's four roles filled; each of the engine's
  six layers automated, owned or audited, by someone named;
- **span of control** — a manager oversees 5–8 people, an operator the output of 5–20; the
  management layers each implies for the team's headcount (:func:`management_layers`);
- **operating metrics** — baseline → target and the improvement (:func:`metric_improvement`);
- **the budget shift** — before and after per line, and the share that moves from variable
  labour to fixed systems (:func:`budget_summary`).

Every function is pure (``Plan`` in, typed result out). Money is per year in the plan's
currency; shares are fractions (0.25 = 25%). People are compared by name, ignoring case and
extra spaces.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from mocmo import neworg
from mocmo.plan import (
    BUDGET_LINES,
    DECIDERS,
    ENGINE_LAYERS,
    Agent,
    BudgetLine,
    EngineLayer,
    OperatingMetric,
    Plan,
    Problem,
)
from mocmo.reshape import legacy_headcount

__all__ = [
    "AGENT_ROLES",
    "APPROVAL_REQUIRED",
    "BUDGET_LINE_LABELS",
    "DECIDER_LABELS",
    "DEFAULT_NATURE",
    "JOB_LABELS",
    "LAYER_LABELS",
    "LEGACY_SPAN",
    "METRICS",
    "MODE_LABELS",
    "NOT_A_PERSON",
    "OPERATOR_SPAN",
    "POD_ROLES",
    "POD_ROLE_TITLES",
    "SEPARATED_ROLES",
    "TOUCH_LABELS",
    "BudgetSummary",
    "MetricInfo",
    "RoleClash",
    "acts_without_approver",
    "agent_table",
    "agents_acting_without_approver",
    "agents_without_outcome",
    "agents_without_owner",
    "budget_nature",
    "budget_summary",
    "budget_table",
    "budget_total",
    "checks",
    "content_engine_table",
    "decision_rights_matrix",
    "decision_rights_table",
    "headline",
    "is_named_person",
    "known_people",
    "management_layers",
    "managers_needed",
    "metric_improvement",
    "metrics_table",
    "pod_gaps",
    "pods_table",
    "role_clashes",
    "same_person",
    "sensitive_touches",
    "span_table",
    "variable_share",
]

# --------------------------------------------------------------------------- labels

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


# --------------------------------------------------------------------------- people


def _norm(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def same_person(a: str | None, b: str | None) -> bool:
    """True when two names are given and name the same person (case and spaces ignored)."""
    return bool(_norm(a)) and _norm(a) == _norm(b)


def is_named_person(name: str | None, plan: Plan) -> bool:
    """True when ``name`` names a person: given, not a word such as "AI" or "TBD"
    (:data:`NOT_A_PERSON`), and not the name of an agent in the register."""
    norm = _norm(name)
    if not norm or norm in NOT_A_PERSON:
        return False
    return norm not in {_norm(a.name) for a in plan.agents}


def known_people(plan: Plan) -> tuple[str, ...]:
    """Every name the plan already uses for a person or a position — the GTM team, the MarOps
    seats, the Head of GTM, the CMO, the Craft Custodians (titled as the new org titles them,
    :func:`mocmo.neworg.positions`), and everyone named in the agents,
    pods and content engine — sorted, each once (for suggestions; references stay free text)."""
    names: set[str] = {"CMO", "Head of GTM", *plan.gtm_team}
    names |= {s.name for s in plan.marops_seats}
    names |= {p.title for p in neworg.positions(plan) if p.kind == "custodian"}
    for agent in plan.agents:
        names |= {getattr(agent, role) for role in AGENT_ROLES if getattr(agent, role)}
    for pod in plan.pods:
        names |= {getattr(pod, role) for role in POD_ROLES if getattr(pod, role)}
    names |= {e.who for e in plan.content_engine if e.who}
    return tuple(sorted(names, key=str.casefold))


# --------------------------------------------------------------------------- the register


def agents_without_outcome(plan: Plan) -> tuple[str, ...]:
    """Names of agents that name no business outcome."""
    return tuple(a.name for a in plan.agents if not a.outcome.strip())


def agents_without_owner(plan: Plan) -> tuple[str, ...]:
    """Names of agents with nobody accountable for them."""
    return tuple(a.name for a in plan.agents if not is_named_person(a.owner, plan))


def sensitive_touches(agent: Agent) -> tuple[str, ...]:
    """What the agent's work affects that needs a human approver when it acts
    (:data:`APPROVAL_REQUIRED`), in the plan's order."""
    return tuple(t for t in agent.touches if t in APPROVAL_REQUIRED)


def acts_without_approver(agent: Agent, plan: Plan) -> bool:
    """True when the agent acts on something in :data:`APPROVAL_REQUIRED` and no person is
    named as its approver."""
    return (
        agent.mode == "acts"
        and bool(sensitive_touches(agent))
        and not is_named_person(agent.approver, plan)
    )


def agents_acting_without_approver(plan: Plan) -> tuple[str, ...]:
    """Names of agents that act on trust, money, reputation or customer data unapproved."""
    return tuple(a.name for a in plan.agents if acts_without_approver(a, plan))


@dataclass(frozen=True)
class RoleClash:
    """One person holding two of an agent's roles that must be kept apart."""

    index: int
    agent: str
    first: str
    second: str
    person: str


def role_clashes(plan: Plan) -> tuple[RoleClash, ...]:
    """Every agent where one person holds two of builder, operator and auditor
    (:data:`SEPARATED_ROLES`)."""
    found: list[RoleClash] = []
    for i, agent in enumerate(plan.agents):
        for first, second in SEPARATED_ROLES:
            a, b = getattr(agent, first), getattr(agent, second)
            if same_person(a, b):
                found.append(RoleClash(i, agent.name, first, second, str(a)))
    return tuple(found)


def agent_table(plan: Plan) -> pd.DataFrame:
    """The register, one row per agent: name, job, outcome, data, output, mode, touches, the
    six people, and the flags (no outcome, no owner, acts without approver, role clash)."""
    clashes = {c.agent for c in role_clashes(plan)}
    rows = []
    for agent in plan.agents:
        row: dict[str, object] = {
            "agent": agent.name,
            "job": JOB_LABELS[agent.job],
            "outcome": agent.outcome,
            "data": ", ".join(agent.data),
            "output": agent.output,
            "mode": agent.mode,
            "touches": ", ".join(TOUCH_LABELS[t] for t in agent.touches),
        }
        for role in AGENT_ROLES:
            row[role] = getattr(agent, role) or ""
        row["no_outcome"] = not agent.outcome.strip()
        row["no_owner"] = not is_named_person(agent.owner, plan)
        row["acts_without_approver"] = acts_without_approver(agent, plan)
        row["role_clash"] = agent.name in clashes
        rows.append(row)
    columns = [
        "agent",
        "job",
        "outcome",
        "data",
        "output",
        "mode",
        "touches",
        *AGENT_ROLES,
        "no_outcome",
        "no_owner",
        "acts_without_approver",
        "role_clash",
    ]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- decision rights


def decision_rights_table(plan: Plan) -> pd.DataFrame:
    """One row per decision: decision, decided_by (human/ai/hybrid), area (or "")."""
    rows = [
        {
            "decision": d.decision,
            "decided_by": d.decided_by,
            "area": TOUCH_LABELS[d.area] if d.area else "",
        }
        for d in plan.decision_rights
    ]
    return pd.DataFrame(rows, columns=["decision", "decided_by", "area"])


def decision_rights_matrix(plan: Plan) -> pd.DataFrame:
    """The decision × human/AI/hybrid matrix in long form (for a heatmap): decision, who
    (Human/AI/Hybrid), chosen (1 where the decision sits, else 0)."""
    rows = [
        {"decision": d.decision, "who": DECIDER_LABELS[who], "chosen": int(d.decided_by == who)}
        for d in plan.decision_rights
        for who in DECIDERS
    ]
    return pd.DataFrame(rows, columns=["decision", "who", "chosen"])


# --------------------------------------------------------------------------- pods and engine


def pod_gaps(plan: Plan) -> tuple[tuple[int, str], ...]:
    """``(pod index, role)`` for every pod role left empty."""
    return tuple(
        (i, role) for i, pod in enumerate(plan.pods) for role in POD_ROLES if not getattr(pod, role)
    )


def pods_table(plan: Plan) -> pd.DataFrame:
    """One row per pod: outcome and its four roles (empty text where nobody is named)."""
    rows = [
        {"outcome": p.outcome, **{role: getattr(p, role) or "" for role in POD_ROLES}}
        for p in plan.pods
    ]
    return pd.DataFrame(rows, columns=["outcome", *POD_ROLES])


def content_engine_table(plan: Plan) -> pd.DataFrame:
    """The six layers in flow order: layer, mode (automated/owned/audited, "" when not
    described) and who."""
    by_layer: dict[str, EngineLayer] = {e.layer: e for e in plan.content_engine}
    rows = []
    for layer in ENGINE_LAYERS:
        entry = by_layer.get(layer)
        rows.append(
            {
                "layer": LAYER_LABELS[layer],
                "mode": entry.mode if entry else "",
                "who": (entry.who or "") if entry else "",
            }
        )
    return pd.DataFrame(rows, columns=["layer", "mode", "who"])


# --------------------------------------------------------------------------- span of control


def management_layers(headcount: int, span: int) -> int:
    """Layers of management needed above ``headcount`` people when each manager oversees at
    most ``span``: divide by the span, rounding up, until one person is left, and count the
    divisions — ``ceil(log_span(headcount))``. 0 for a team of one or none."""
    if span < 2:
        raise ValueError("span must be 2 or more")
    layers, level = 0, headcount
    while level > 1:
        level = math.ceil(level / span)
        layers += 1
    return layers


def managers_needed(headcount: int, span: int) -> int:
    """Managers across all those layers: ``ceil(N/s) + ceil(N/s²) + …`` down to the one at
    the top."""
    if span < 2:
        raise ValueError("span must be 2 or more")
    total, level = 0, headcount
    while level > 1:
        level = math.ceil(level / span)
        total += level
    return total


_SPANS: tuple[tuple[str, tuple[int, int]], ...] = (
    ("Manager (legacy)", LEGACY_SPAN),
    ("Operator (workflow)", OPERATOR_SPAN),
)


def span_table(plan: Plan) -> pd.DataFrame:
    """Span of control legacy vs per operator, at each end of its range, for the plan's legacy
    headcount: model, span, layers, managers."""
    people = legacy_headcount(plan)
    rows = [
        {
            "model": model,
            "span": span,
            "headcount": people,
            "layers": management_layers(people, span),
            "managers": managers_needed(people, span),
        }
        for model, spans in (
            ("Manager (legacy)", LEGACY_SPAN),
            ("Operator (workflow)", OPERATOR_SPAN),
        )
        for span in spans
    ]
    return pd.DataFrame(rows, columns=["model", "span", "headcount", "layers", "managers"])


# --------------------------------------------------------------------------- operating metrics


def metric_improvement(metric: OperatingMetric) -> float | None:
    """Improvement from baseline to target as a fraction of the baseline, positive when the
    target is better: ``(baseline − target) / baseline`` for a metric where lower is better,
    ``(target − baseline) / baseline`` where higher is. ``None`` for a zero baseline."""
    if metric.baseline == 0:
        return None
    change = (metric.target - metric.baseline) / metric.baseline
    return -change if METRICS[metric.metric].better == "lower" else change


def metrics_table(plan: Plan) -> pd.DataFrame:
    """One row per workflow metric: workflow, metric key and label, unit, better, baseline,
    target, improvement (fraction, None for a zero baseline)."""
    rows = [
        {
            "workflow": m.workflow,
            "metric": m.metric,
            "label": METRICS[m.metric].label,
            "unit": m.unit or METRICS[m.metric].unit,
            "better": METRICS[m.metric].better,
            "baseline": m.baseline,
            "target": m.target,
            "improvement": metric_improvement(m),
        }
        for m in plan.operating_metrics
    ]
    columns = ["workflow", "metric", "label", "unit", "better", "baseline", "target"]
    return pd.DataFrame(rows, columns=[*columns, "improvement"])


# --------------------------------------------------------------------------- budget shift


def budget_nature(item: BudgetLine) -> Literal["variable", "fixed"]:
    """The line's nature: as the plan says, else :data:`DEFAULT_NATURE`."""
    return item.nature or DEFAULT_NATURE[item.line]


def budget_total(plan: Plan, when: Literal["before", "after"]) -> float:
    """Sum of the budget lines before or after the shift (per year)."""
    return sum(getattr(item, when) for item in plan.budget_shift)


def variable_share(plan: Plan, when: Literal["before", "after"]) -> float | None:
    """Share of the budget that is variable labour, before or after (0–1); ``None`` when that
    budget is 0."""
    total = budget_total(plan, when)
    if total <= 0:
        return None
    variable = sum(
        getattr(item, when) for item in plan.budget_shift if budget_nature(item) == "variable"
    )
    return variable / total


@dataclass(frozen=True)
class BudgetSummary:
    """The budget shift in totals and shares (money per year; shares 0–1)."""

    before_total: float
    after_total: float
    change: float
    variable_share_before: float | None
    variable_share_after: float | None
    shift_to_fixed: float | None
    """Fall in the variable share, in points of the budget: before − after (0.2 = 20 points
    more of the budget is fixed system investment)."""


def budget_summary(plan: Plan) -> BudgetSummary:
    """Totals before and after, the change, and the variable → fixed shift."""
    before, after = budget_total(plan, "before"), budget_total(plan, "after")
    vb, va = variable_share(plan, "before"), variable_share(plan, "after")
    shift = vb - va if vb is not None and va is not None else None
    return BudgetSummary(before, after, after - before, vb, va, shift)


def budget_table(plan: Plan) -> pd.DataFrame:
    """One row per budget line in the standard order: line key and label, nature, before,
    after, change (after − before)."""
    order = {line: i for i, line in enumerate(BUDGET_LINES)}
    rows = [
        {
            "line": item.line,
            "label": BUDGET_LINE_LABELS[item.line],
            "nature": budget_nature(item),
            "before": item.before,
            "after": item.after,
            "change": item.after - item.before,
        }
        for item in sorted(plan.budget_shift, key=lambda i: order[i.line])
    ]
    return pd.DataFrame(rows, columns=["line", "label", "nature", "before", "after", "change"])


# --------------------------------------------------------------------------- checks


def _agent_problems(plan: Plan) -> list[Problem]:
    found: list[Problem] = []
    stage = plan.diagnostics.maturity_stage
    for i, agent in enumerate(plan.agents):
        where = f"agents[{i}]"
        if not agent.outcome.strip():
            found.append(
                Problem(
                    f"{where}.outcome",
                    f"{agent.name} serves no named business outcome: if it doesn't improve a "
                    "decision, a workflow or a customer result, don't build it",
                    "warning",
                )
            )
        if not is_named_person(agent.owner, plan):
            found.append(
                Problem(
                    f"{where}.owner",
                    f"{agent.name} has no accountable owner: if it made a wrong call yesterday, "
                    "nobody would be the one to find out why and fix it",
                    "warning",
                )
            )
        touched = sensitive_touches(agent)
        if acts_without_approver(agent, plan):
            given = f" ({agent.approver!r} is not a person)" if agent.approver else ""
            found.append(
                Problem(
                    f"{where}.approver",
                    f"{agent.name} acts on {_and(TOUCH_LABELS[t] for t in touched)} with no "
                    f"named human approver{given}: people approve what affects trust, money, "
                    "reputation and customer data — name one, or make it recommend instead",
                    "warning",
                )
            )
        elif (
            agent.mode == "acts"
            and "brand_messaging" in agent.touches
            and not is_named_person(agent.approver, plan)
        ):
            found.append(
                Problem(
                    f"{where}.approver",
                    f"{agent.name} acts on brand messaging with no named approver: a Craft "
                    "Custodian usually approves it",
                    "warning",
                )
            )
        if agent.mode == "acts" and stage is not None and stage <= 2:
            found.append(
                Problem(
                    f"{where}.mode",
                    f"{agent.name} acts on its own while the team is at maturity stage {stage}; "
                    "at this stage agents should draft or recommend until the workflow is "
                    "repeatable",
                    "warning",
                )
            )
    for clash in role_clashes(plan):
        found.append(
            Problem(
                f"agents[{clash.index}].{clash.second}",
                f"{clash.person} is both {clash.first} and {clash.second} of {clash.agent}: "
                "builders, operators and auditors are kept apart — name someone else",
                "warning",
            )
        )
    return found


def _decision_problems(plan: Plan) -> list[Problem]:
    return [
        Problem(
            f"decision_rights[{i}].decided_by",
            f"'{d.decision}' affects {TOUCH_LABELS[d.area]} and is left to AI alone: make it "
            "hybrid (an agent proposes, a person decides) or human",
            "warning",
        )
        for i, d in enumerate(plan.decision_rights)
        if d.decided_by == "ai" and d.area is not None
    ]


def _pod_problems(plan: Plan) -> list[Problem]:
    return [
        Problem(
            f"pods[{i}].{role}",
            f"the {plan.pods[i].outcome} pod has no {POD_ROLES[role]}",
            "warning",
        )
        for i, role in pod_gaps(plan)
    ]


def _engine_problems(plan: Plan) -> list[Problem]:
    if not plan.content_engine:
        return []
    found: list[Problem] = []
    described = {e.layer for e in plan.content_engine}
    missing = [LAYER_LABELS[layer] for layer in ENGINE_LAYERS if layer not in described]
    if missing:
        found.append(
            Problem(
                "content_engine",
                f"the content engine leaves out {_and(missing)}: mark each layer automated, "
                "owned or audited",
                "warning",
            )
        )
    for i, e in enumerate(plan.content_engine):
        if e.who is None and e.mode != "automated":
            found.append(
                Problem(
                    f"content_engine[{i}].who",
                    f"the {LAYER_LABELS[e.layer]} layer is {e.mode} but names nobody",
                    "warning",
                )
            )
    return found


def _metric_problems(plan: Plan) -> list[Problem]:
    found: list[Problem] = []
    for i, m in enumerate(plan.operating_metrics):
        gain = metric_improvement(m)
        if gain is not None and gain < 0:
            found.append(
                Problem(
                    f"operating_metrics[{i}].target",
                    f"the {METRICS[m.metric].label.lower()} target for {m.workflow} is worse "
                    f"than its baseline ({m.baseline:g} → {m.target:g}; "
                    f"{METRICS[m.metric].better} is better)",
                    "warning",
                )
            )
    return found


def _and(items: Iterable[str]) -> str:
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def checks(plan: Plan) -> list[Problem]:
    """Agents without an outcome or an owner, acting on sensitive areas without a human
    approver, acting too early for the team's maturity, or with one person in two separated
    roles; sensitive decisions left to AI alone; pod roles left empty; content-engine layers
    missing or unowned; metric targets worse than their baselines."""
    return [
        *_agent_problems(plan),
        *_decision_problems(plan),
        *_pod_problems(plan),
        *_engine_problems(plan),
        *_metric_problems(plan),
    ]


def headline(plan: Plan) -> dict[str, float | int | None]:
    """``agents_count``, ``agents_without_owner`` and ``agents_acting_without_approver``
    (counts of agents in the register)."""
    return {
        "agents_count": len(plan.agents),
        "agents_without_owner": len(agents_without_owner(plan)),
        "agents_acting_without_approver": len(agents_acting_without_approver(plan)),
    }
