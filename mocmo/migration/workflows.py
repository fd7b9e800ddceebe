"""Migration: the workflow inventory — how many workflows, the top ones, and who owns them."""

from __future__ import annotations

import pandas as pd

from mocmo.plan import Plan

# =========================================================================== workflows


def workflow_inventory_count(plan: Plan) -> int:
    """Workflows in the inventory (``plan.workflows``)."""
    return len(plan.workflows)


def top_workflow_count(plan: Plan) -> int:
    """Workflows marked as one of the 5–7 most important (``top``)."""
    return sum(1 for wf in plan.workflows if wf.top)


def top_workflows_owned(plan: Plan) -> int:
    """Top workflows with exactly one accountable owner."""
    return sum(1 for wf in plan.workflows if wf.top and len(wf.owners) == 1)


def workflow_table(plan: Plan) -> pd.DataFrame:
    """The workflow inventory for display: platforms, roles, decisions and owners as text."""
    columns = ["workflow", "top", "buyer_facing", "owners", "platforms", "roles", "decisions"]
    rows = [
        {
            "workflow": wf.name,
            "top": wf.top,
            "buyer_facing": wf.buyer_facing,
            "owners": ", ".join(wf.owners),
            "platforms": ", ".join(wf.platforms),
            "roles": ", ".join(wf.roles),
            "decisions": "; ".join(wf.decisions),
        }
        for wf in plan.workflows
    ]
    return pd.DataFrame(rows, columns=columns)
