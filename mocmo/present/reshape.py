"""The role-reshape step in words: where the hours go, each role's workflow, the Hand-Off Tax,
GTM Marketer load and the new org — what the figures of :mod:`mocmo.reshape` mean. Nothing is
computed here."""

from __future__ import annotations

from mocmo import neworg
from mocmo.format import fmt_hours, fmt_pct
from mocmo.plan import Plan
from mocmo.reshape import (
    DAYS_PER_WEEK,
    DESTINATIONS,
    GROUPS,
    LOAD_FIXES,
    gtm_capacity_hours,
    gtm_hours_total,
    is_handoff,
    legacy_headcount,
    new_headcount,
    new_org,
    owner_load,
    role_by_name,
    role_destination_hours,
    role_fte,
    step_expected_rework_days,
    step_inputs,
    step_wait_days,
    workflow_comparison,
    workflow_metrics,
)

__all__ = [
    "hours_sentence",
    "load_sentence",
    "new_org_sentence",
    "tax_sentence",
    "what_this_means",
    "workflow_sentence",
    "workflow_step_rows",
]

PLAN_DEFAULT = "plan default"
"""How a figure the plan's defaults filled (the step left it empty) is marked."""


def _weeks(days: float) -> str:
    return f"{days / DAYS_PER_WEEK:.1f}"


def workflow_sentence(plan: Plan, role_name: str) -> str:
    """One line on a role's workflow, legacy → new, e.g. ``Launch messaging: 9.4 → 2.0 weeks;
    5 hand-offs removed; Hand-Off Tax 23.2 → 3.1 days.``"""
    role = role_by_name(plan, role_name)
    if role.workflow is None:
        return f"{role.name}: no representative workflow yet."
    a = plan.assumptions
    old = workflow_metrics(role.workflow.legacy, a)
    new = workflow_metrics(role.workflow.new, a)
    removed = old.handoffs - new.handoffs
    if removed > 0:
        moves = f"{removed} hand-off{'s' if removed != 1 else ''} removed"
    elif removed < 0:
        moves = f"{-removed} hand-off{'s' if removed != -1 else ''} added"
    else:
        moves = "the same number of hand-offs"
    return (
        f"{role.workflow.name}: {old.cycle_weeks:.1f} → {new.cycle_weeks:.1f} weeks; {moves}; "
        f"Hand-Off Tax {old.handoff_tax_days:.1f} → {new.handoff_tax_days:.1f} days."
    )


def _days_text(days: float) -> str:
    return f"{days:g} day" if days == 1 else f"{days:g} days"


def _marked(text: str, is_default: bool) -> str:
    return f"{text} — {PLAN_DEFAULT}" if is_default else text


def workflow_step_rows(plan: Plan, role_name: str, version: str) -> list[dict[str, str]]:
    """The steps of a role's ``legacy`` or ``new`` workflow as table rows of text: step, owner,
    work, the wait before it (only at a hand-off), the rework chance and days, and the expected
    rework. A figure the plan's defaults filled because the step left it empty reads
    ``3 days — plan default``; a 0 the step gives reads 0. Empty list: no workflow."""
    role = role_by_name(plan, role_name)
    if role.workflow is None:
        return []
    if version not in ("legacy", "new"):
        raise ValueError(f"version: got {version!r}, must be 'legacy' or 'new'")
    a = plan.assumptions
    rows = []
    previous = None
    for step in getattr(role.workflow, version):
        inputs = step_inputs(step, a)
        wait = step_wait_days(previous, step, a)
        rework = step_expected_rework_days(step, a)
        causes_rework = step.rework_probability is not None or step.rework_days is not None
        rows.append(
            {
                "Step": step.name,
                "Owner": step.owner,
                "Work": _days_text(step.days),
                "Wait before": (
                    _marked(_days_text(wait), inputs.wait_is_default)
                    if is_handoff(previous, step)
                    else "— (same owner)"
                    if previous is not None
                    else "—"
                ),
                "Chance of a send-back": (
                    _marked(
                        fmt_pct(inputs.rework_probability),
                        inputs.rework_probability_is_default,
                    )
                    if causes_rework
                    else "—"
                ),
                "Days a send-back costs": (
                    _marked(_days_text(inputs.rework_days), inputs.rework_days_is_default)
                    if causes_rework
                    else "—"
                ),
                "Expected rework": _days_text(rework) if causes_rework else "—",
            }
        )
        previous = step
    return rows


def hours_sentence(plan: Plan) -> str:
    """One line on where the legacy hours go across all roles."""
    a = plan.assumptions
    totals = dict.fromkeys(DESTINATIONS, 0.0)
    for role in plan.legacy_roles:
        for dest, hours in role_destination_hours(role, a).items():
            totals[dest] += hours
    whole = sum(totals.values())
    if whole <= 0:
        return "No legacy roles yet."
    reclaimed = totals["ai_net"]
    gtm = gtm_hours_total(plan)
    return (
        f"Of {fmt_hours(whole)} the team works today, {fmt_pct(totals['stays'] / whole)} stays "
        f"with Craft Custodians; GTM Marketers take on {fmt_hours(gtm)} "
        f"({fmt_hours(totals['shifts'])} shifted to them plus {fmt_hours(gtm - totals['shifts'])} "
        f"of AI oversight they own); AI absorbs {fmt_hours(reclaimed)} net of oversight "
        f"({role_fte(reclaimed, a):.1f} FTE of capacity reclaimed), and "
        f"{fmt_hours(totals['oversight'])} of AI oversight remains human work in all."
    )


def tax_sentence(plan: Plan) -> str:
    """One line on the Hand-Off Tax across the roles' workflows, legacy → new."""
    table = workflow_comparison(plan)
    if table.empty:
        return "No workflows yet: add a representative workflow to a role to see its Hand-Off Tax."
    old = float(table["tax_days_legacy"].sum())
    new = float(table["tax_days_new"].sum())
    removed = int(table["handoffs_removed"].sum())
    best = table.sort_values("tax_saved_days", ascending=False).iloc[0]
    return (
        f"Across {len(table)} workflows the Hand-Off Tax falls from {old:.1f} to {new:.1f} days "
        f"({_weeks(old - new)} weeks saved) and {removed} hand-offs go; the biggest saving is "
        f"{best['workflow']} ({best['tax_saved_days']:.1f} days)."
    )


def load_sentence(plan: Plan) -> str:
    """One line on GTM Marketer load against capacity."""
    if not plan.audiences:
        return "No audiences yet: GTM Marketer load appears once Step 3 · Audiences names them."
    table = owner_load(plan)
    owned = table[table["owned"]]
    over = owned[owned["over_capacity"]]
    cap = gtm_capacity_hours(plan.assumptions)
    parts = [
        f"{len(owned) - len(over)} of {len(owned)} GTM Marketers are within their "
        f"{fmt_hours(cap)} of capacity"
    ]
    helped = table[table["support_fte"] > 0]
    if len(helped):
        title = plan.assumptions.staffing.gtm_support_title
        parts.append(
            "; ".join(
                f"{r['owner']} ({r['audiences']}) carries {fmt_pct(r['utilisation'])} of one "
                f"person's time, so gets {r['support_fte']:g} FTE of {title} support"
                for r in helped.to_dict("records")
            )
        )
    if len(over):
        names = "; ".join(
            f"{r['owner']} is at {fmt_pct(r['staffed_utilisation'])}"
            for r in over.to_dict("records")
        )
        parts.append(f"{names} of a fixed headcount — {LOAD_FIXES}")
    unowned = table[~table["owned"]]
    if len(unowned):
        parts.append(
            f"{', '.join(unowned['audiences'])} ha{'s' if len(unowned) == 1 else 've'} no owner "
            f"yet ({fmt_hours(float(unowned['hours_per_week'].sum()))} waiting for one)"
        )
    return "; ".join(parts) + "."


def new_org_sentence(plan: Plan) -> str:
    """One line on the new org against the legacy headcount."""
    org = new_org(plan)
    by_group = {g: float(org.loc[org["group"] == g, "count"].sum()) for g in GROUPS}
    return (
        f"{legacy_headcount(plan)} people today → {new_headcount(plan):g} in the new model: "
        f"{by_group[neworg.GROUP_GTM]:g} in the audience tower (Head of GTM and GTM "
        f"Marketers), {by_group[neworg.GROUP_CUSTODIANS]:g} Craft Custodian FTE and "
        f"{by_group[neworg.GROUP_MAROPS]:g} MarOps "
        f"seat(s)."
    )


def what_this_means(plan: Plan) -> list[str]:
    """Every 'what this means' line of the step: where the hours go, each role's workflow, the
    Hand-Off Tax in total, GTM Marketer load and the new org."""
    lines = [hours_sentence(plan)]
    lines += [workflow_sentence(plan, r.name) for r in plan.legacy_roles if r.workflow]
    lines += [tax_sentence(plan), load_sentence(plan), new_org_sentence(plan)]
    return lines
