"""Step 4 — Migration timeline: the 6–12 month path from the legacy org to the new one.

A restructure like this is a transition, not one event. This module turns a plan into a dated
path a leadership team can commit to and finance can budget month by month:

- **the schedule** — each phase's start and end month, and whether it starts before a phase it
  depends on has finished (:func:`schedule`, :func:`earliest_starts`, :func:`dependency_conflicts`);
- **hires** — each hire's offer month = start month − recruitment lead time
  (:func:`hire_schedule`); an offer month of 0 or less falls before the plan starts;
- **month by month** over ``plan.horizon_months`` — headcount by group, payroll at the month's
  pay (the annual pay review), the AI running cost (seats with the people, usage from each
  role's move, the agents from the first change), the non-payroll budget (each line from its
  change month), the one-off costs by kind, the whole cost of staying legacy, and the
  cumulative difference against it, with the break-even month (:func:`staffing_lines`,
  :func:`monthly`, :func:`breakeven_month`);
- **checks** and the **headline** figures ``mocmo summary`` prints.

Conventions. Months are migration months: month 1 is ``plan.meta.start_month``. A phase runs from
its ``start_month`` to its ``end_month`` inclusive. Dependencies are finish-to-start: a phase may
start no earlier than the month after every phase it depends on has ended. A month in a
``*_month`` field of the plan (a legacy role's ``transition_month``, an audience's
``launch_month``, a MarOps seat's ``hire_month``, a hire's ``month``) is the first month the new
state holds. Money is in the plan's currency: annual figures per year, monthly figures are the
annual loaded cost / 12 for each month a person is on the payroll, at that month's pay (from the
first pay review, ``assumptions.pay_review``, every salary is raised and its on-costs computed on
the raised salary — the legacy baseline too). Every salary, on-cost and AI price comes from
:mod:`mocmo.costing` (:mod:`mocmo.costing.whole` for the AI, non-payroll and pay review); the new
org's positions, their FTE and start months from :func:`mocmo.neworg.positions`.

The timeline's four groups, all from the people flows (:mod:`mocmo.transition.flows`: who
moves where, who is hired, who leaves, each in a month):

``Legacy roles``
    each team's people until the month before they move or leave; people nobody moves or lets
    go stay (flagged). People kept on after their team changed shape count here, and their pay
    is the handover overlap (a one-off), not legacy payroll.
``GTM``, ``Custodians``, ``MarOps``
    each mover and hire in their new position from their month, at the position's band and
    point (:func:`mocmo.neworg.positions`: the Head of GTM, one GTM Marketer per audience, GTM
    support, the Craft Custodians, the MarOps seats and support).

A person is paid in exactly one place in any month. Every team changes shape within the plan
(:func:`mocmo.neworg.transition_month`: its own month, else the start of the last phase). The
one-off costs (:func:`one_offs`) — recruitment fees in each hire's start month, exit costs
(redundancy, notice, settlement) in the leaving month, retraining and ramp-up for people new
to a position, the handover overlap — are in the month they fall, so the break-even month is
the first from which the saving has covered all of them. Replaced roles
(``plan.replaced_roles``) are people inside a team's headcount (tied by ``team``), not counted
again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mocmo._moved import forwarding
from mocmo.migration.checks import (
    checks,
    dependency_problems,
    hire_problems,
    inflight_problems,
    workflow_problems,
)
from mocmo.migration.oneoffs import (
    ONE_OFF_KINDS,
    HireSlot,
    OneOff,
    hire_schedule,
    hire_table,
    migration_hires,
    migration_one_off_cost,
    offer_month,
    one_off_total,
    one_offs,
    one_offs_by_month,
    people_count,
    recruitment_cost,
    recruitment_fees_by_month,
)
from mocmo.migration.people import StaffingLine, key_band, staffing_lines, staffing_table
from mocmo.migration.schedule import (
    GROUP_CUSTODIANS,
    GROUP_GTM,
    GROUP_LEGACY,
    GROUP_MAROPS,
    GROUPS,
    GTM_MARKETER,
    HEAD_OF_GTM,
    MONTHLY_COLUMNS,
    TOP_WORKFLOWS_RANGE,
    DependencyConflict,
    PhaseSlot,
    dependency_conflicts,
    earliest_starts,
    in_flight_months,
    migration_months,
    migration_span,
    month_date,
    month_label,
    phases_in_flight,
    rescheduled_phases,
    schedule,
    schedule_table,
)
from mocmo.migration.timeline import (
    AI_COST,
    COST_GROUPS,
    MILESTONE_KINDS,
    NON_PAYROLL,
    ONE_OFFS,
    RECRUITMENT_FEES,
    ai_licence_monthly_cost,
    ai_platform_monthly_cost,
    ai_usage_monthly_cost,
    breakeven_month,
    breakeven_projection,
    cumulative_difference,
    first_change_month,
    headcount_by_group,
    legacy_baseline_cost,
    legacy_baseline_monthly_cost,
    milestones,
    monthly,
    monthly_cost_by_group,
    non_payroll_monthly_cost,
    nothing_changes,
    payback_months,
    peak_outlay,
    steady_state_monthly_saving,
)
from mocmo.migration.workflows import (
    top_workflow_count,
    top_workflows_owned,
    workflow_inventory_count,
    workflow_table,
)
from mocmo.plan import Plan

__all__ = [
    "AI_COST",
    "COST_GROUPS",
    "GROUPS",
    "GROUP_CUSTODIANS",
    "GROUP_GTM",
    "GROUP_LEGACY",
    "GROUP_MAROPS",
    "GTM_MARKETER",
    "HEAD_OF_GTM",
    "MILESTONE_KINDS",
    "MONTHLY_COLUMNS",
    "NON_PAYROLL",
    "ONE_OFFS",
    "ONE_OFF_KINDS",
    "RECRUITMENT_FEES",
    "TOP_WORKFLOWS_RANGE",
    "DependencyConflict",
    "HireSlot",
    "OneOff",
    "PhaseSlot",
    "StaffingLine",
    "ai_licence_monthly_cost",
    "ai_platform_monthly_cost",
    "ai_usage_monthly_cost",
    "breakeven_month",
    "breakeven_projection",
    "checks",
    "cumulative_difference",
    "dependency_conflicts",
    "dependency_problems",
    "earliest_starts",
    "first_change_month",
    "headcount_by_group",
    "headline",
    "hire_problems",
    "hire_schedule",
    "hire_table",
    "in_flight_months",
    "inflight_problems",
    "key_band",
    "legacy_baseline_cost",
    "legacy_baseline_monthly_cost",
    "migration_hires",
    "migration_months",
    "migration_one_off_cost",
    "migration_span",
    "milestones",
    "month_date",
    "month_label",
    "monthly",
    "monthly_cost_by_group",
    "non_payroll_monthly_cost",
    "nothing_changes",
    "offer_month",
    "one_off_total",
    "one_offs",
    "one_offs_by_month",
    "payback_months",
    "peak_outlay",
    "people_count",
    "phases_in_flight",
    "recruitment_cost",
    "recruitment_fees_by_month",
    "rescheduled_phases",
    "schedule",
    "schedule_table",
    "staffing_lines",
    "staffing_table",
    "steady_state_monthly_saving",
    "top_workflow_count",
    "top_workflows_owned",
    "workflow_inventory_count",
    "workflow_problems",
    "workflow_table",
]

# =========================================================================== headline


def headline(plan: Plan) -> dict[str, float | int | None]:
    """The migration's headline figures (:data:`mocmo.figures.FIGURES` declares each).

    ``migration_months``; the people flows ``hires_count``, ``movers_count``, ``leavers_count``
    (FTE); the one-off cost ``one_off_cost`` and its parts ``recruitment_cost``,
    ``exit_cost``, ``retraining_cost``, ``ramp_cost``, ``overlap_cost`` (currency);
    ``breakeven_month`` and ``breakeven_projection`` (months of the plan, None when none),
    ``payback_months``, ``peak_cumulative_outlay``; ``workflow_inventory_count``,
    ``top_workflows_owned``.
    """
    parts = {f"{kind}_cost": one_off_total(plan, kind) for kind in ONE_OFF_KINDS}
    return {
        "migration_months": migration_months(plan),
        "hires_count": people_count(plan, "hire"),
        "movers_count": people_count(plan, "move"),
        "leavers_count": people_count(plan, "leave"),
        "one_off_cost": sum(parts.values()),
        **parts,
        "breakeven_month": breakeven_month(plan),
        "breakeven_projection": breakeven_projection(plan),
        "payback_months": payback_months(plan),
        "peak_cumulative_outlay": peak_outlay(plan)[1],
        "workflow_inventory_count": workflow_inventory_count(plan),
        "top_workflows_owned": top_workflows_owned(plan),
    }


if TYPE_CHECKING:  # the moved sentences, for type checkers (at run time: __getattr__)
    from mocmo.present.migration import timeline_sentence as timeline_sentence

__getattr__ = forwarding(__name__, "mocmo.present.migration")
"""The step's sentence, now in :mod:`mocmo.present.migration`: still importable from here."""
