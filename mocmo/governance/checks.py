"""The governance step's checks: agents, decision rights, pods, the content engine and the
metric targets, each a warning naming the field to change."""

from __future__ import annotations

from collections.abc import Iterable

from mocmo.governance.labels import LAYER_LABELS, METRICS, POD_ROLES, TOUCH_LABELS
from mocmo.governance.measures import metric_improvement
from mocmo.governance.register import (
    acts_without_approver,
    is_named_person,
    pod_gaps,
    role_clashes,
    sensitive_touches,
)
from mocmo.plan import ENGINE_LAYERS, Plan, Problem

__all__ = ["checks"]


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
