"""The people and the agent register: who is named, who answers for each agent, who decides
what, the workflow pods and the content engine (pure: ``Plan`` in, typed result out)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mocmo import neworg
from mocmo.governance.labels import (
    AGENT_ROLES,
    APPROVAL_REQUIRED,
    DECIDER_LABELS,
    JOB_LABELS,
    LAYER_LABELS,
    NOT_A_PERSON,
    POD_ROLES,
    SEPARATED_ROLES,
    TOUCH_LABELS,
)
from mocmo.plan import DECIDERS, ENGINE_LAYERS, Agent, EngineLayer, Plan

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


def headline(plan: Plan) -> dict[str, float | int | None]:
    """``agents_count``, ``agents_without_owner`` and ``agents_acting_without_approver``
    (counts of agents in the register)."""
    return {
        "agents_count": len(plan.agents),
        "agents_without_owner": len(agents_without_owner(plan)),
        "agents_acting_without_approver": len(agents_acting_without_approver(plan)),
    }
