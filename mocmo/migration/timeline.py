"""Migration: the monthly timeline — month by month headcount, payroll (with the pay
review), AI running cost, the non-payroll budget, the one-off costs, the legacy baseline, the
cumulative difference on the whole cost, the break-even month and the milestones. Who is paid
when is :mod:`mocmo.migration.people`; the hires and one-offs :mod:`mocmo.migration.oneoffs`."""

from __future__ import annotations

import math

import pandas as pd

from mocmo import neworg
from mocmo._memo import cache_by_identity
from mocmo.costing.whole import (
    MONTHS_PER_YEAR,
    ai_platform_cost_annual,
    budget_line_change_month,
    legacy_ai_licence_cost_annual,
    legacy_total_cost,
    new_total_cost,
    non_payroll_cost_legacy,
    pay_factor,
)
from mocmo.migration.oneoffs import (
    ONE_OFF_KINDS,
    migration_one_off_cost,
    one_offs_by_month,
)
from mocmo.migration.people import StaffingLine, staffing_lines
from mocmo.migration.schedule import (
    _EPS,
    _GROUP_COLUMNS,
    GROUP_LEGACY,
    GROUPS,
    MONTHLY_COLUMNS,
    month_date,
    phases_in_flight,
)
from mocmo.plan import Plan

__all__ = ["StaffingLine"]  # re-exported for old imports; defined in mocmo.migration.people

# --------------------------------------------------------------------------- month by month


def legacy_baseline_monthly_cost(plan: Plan) -> float:
    """Monthly whole cost of staying on the legacy org at the plan's start pay: (legacy payroll
    + the AI seats today's team pays for + the non-payroll budget today) / 12
    (:func:`mocmo.costing.legacy_total_cost` / 12)."""
    return legacy_total_cost(plan) / MONTHS_PER_YEAR


def legacy_baseline_cost(plan: Plan, month: int) -> float:
    """The whole cost of staying on the legacy org in ``month``: every legacy role's full
    headcount at the month's pay (:func:`mocmo.costing.pay_factor`; on-costs on the raised
    salary), plus today's AI seats and today's non-payroll budget, each / 12 (currency/month)."""
    factor = pay_factor(plan, month)
    oc = plan.assumptions.on_costs
    payroll = sum(
        (ln.monthly_cost_at(factor, oc) for ln in staffing_lines(plan) if ln.group == GROUP_LEGACY),
        0.0,
    )
    seats = legacy_ai_licence_cost_annual(plan) / MONTHS_PER_YEAR
    return payroll + seats + non_payroll_cost_legacy(plan) / MONTHS_PER_YEAR


def non_payroll_monthly_cost(plan: Plan, month: int) -> float:
    """The non-payroll budget in ``month`` on the way to the new model: each budget line at its
    *before* amount until its change month (:func:`mocmo.costing.budget_line_change_month`),
    at its *after* amount from then on, / 12 (currency/month)."""
    total = 0.0
    for line in plan.budget_shift:
        changed = month >= budget_line_change_month(plan, line)
        total += line.after if changed else line.before
    return total / MONTHS_PER_YEAR


@cache_by_identity
def _absorbed_hours_from(plan: Plan) -> tuple[tuple[int, float], ...]:
    """(transition month, hours a week AI absorbs) of each legacy role."""
    from mocmo import reshape

    return tuple(
        (neworg.transition_month(plan, r), reshape.capacity_reclaimed(r, plan.assumptions))
        for r in plan.legacy_roles
    )


def ai_usage_monthly_cost(plan: Plan, month: int) -> float:
    """AI usage in ``month``: each activity's absorbed hours a week count from its role's
    transition month (:func:`mocmo.neworg.transition_month`) × weeks a year / 12 × price per
    absorbed hour (currency/month)."""
    ai = plan.assumptions.ai_costs
    hours = sum((h for first, h in _absorbed_hours_from(plan) if first <= month), 0.0)
    return hours * ai.weeks_per_year / MONTHS_PER_YEAR * ai.usage_per_absorbed_hour


def first_change_month(plan: Plan) -> int:
    """The first month anything changes: the earliest month anyone moves, is hired or leaves,
    or a team changes shape (month 1 when nothing does)."""
    from mocmo.transition import flows as people

    months = [f.month for f in people.flows(plan)]
    months += [neworg.transition_month(plan, r) for r in plan.legacy_roles]
    return min(months, default=1)


def ai_platform_monthly_cost(plan: Plan, month: int | None = None) -> float:
    """The agents' running costs in ``month``: Σ running cost / 12 from the first month anything
    changes (:func:`first_change_month`; the agents run before the work moves to them), 0
    before; ``month`` None: the monthly amount once running (currency/month)."""
    if month is not None and month < first_change_month(plan):
        return 0.0
    return ai_platform_cost_annual(plan) / MONTHS_PER_YEAR


def ai_licence_monthly_cost(plan: Plan, new_org_fte: float, legacy_people: float) -> float:
    """AI seat licences in a month with ``new_org_fte`` people of the new org and
    ``legacy_people`` of the legacy roles on the payroll: price per user per month × (licensed
    share × new-org FTE + today's seats × the share of the legacy team still in place)
    (currency/month). Seats follow the people: today's seats go as the legacy roles change shape."""
    ai = plan.assumptions.ai_costs
    legacy_total = sum((r.headcount for r in plan.legacy_roles), 0)
    still = legacy_people / legacy_total if legacy_total else 0.0
    seats = ai.licensed_share * new_org_fte + ai.legacy_licensed_users * still
    return ai.licence_per_user_month * seats


@cache_by_identity
def monthly(plan: Plan) -> pd.DataFrame:
    """The migration month by month over ``plan.horizon_months`` (columns :data:`MONTHLY_COLUMNS`).

    For each month: headcount by group (people; custodians and support in FTE; everyone on the
    payroll, from :func:`staffing_lines`) and their payroll cost (loaded cost / 12 per head on
    the payroll that month, at the month's pay: ``pay_factor`` = (1 + review rate) ** reviews so
    far, on-costs on the raised salary; people kept on after their team changed shape are in the
    legacy headcount, and their pay is ``overlap_cost``, not ``legacy_cost``); the people who
    move, are hired and leave that month (``people_moved``, ``people_hired``, ``people_left``);
    the AI running cost — ``ai_licence_cost`` (:func:`ai_licence_monthly_cost`),
    ``ai_usage_cost`` (:func:`ai_usage_monthly_cost`), ``ai_platform_cost``
    (:func:`ai_platform_monthly_cost`), their sum ``ai_cost``; ``non_payroll_cost``
    (:func:`non_payroll_monthly_cost`); the one-off costs that fall in the month
    (:func:`one_offs`: ``recruitment_fees``, ``exit_cost``, ``retraining_cost``, ``ramp_cost``,
    ``overlap_cost``; their sum ``one_off_cost``); ``total_cost`` = payroll + AI + non-payroll +
    one-offs; ``legacy_baseline_cost`` = the whole cost of staying legacy that month
    (:func:`legacy_baseline_cost`); ``difference`` = total − baseline (negative = cheaper than
    staying legacy); ``cumulative_difference`` = the running sum of ``difference`` from month 1;
    ``phases_in_flight`` = names of the phases running that month.
    """
    lines = staffing_lines(plan)
    extra = one_offs_by_month(plan)
    oc = plan.assumptions.on_costs
    by_group = {group: [ln for ln in lines if ln.group == group] for group in _GROUP_COLUMNS}
    from mocmo.transition import flows as people

    all_flows = people.flows(plan)
    # pay changes only at the reviews: each line's cost, and the baseline, once per pay factor
    line_cost: dict[tuple[int, float], float] = {}
    baselines: dict[float, float] = {}

    def cost_at(ln: StaffingLine, factor: float) -> float:
        key = (id(ln), factor)
        if key not in line_cost:
            line_cost[key] = ln.monthly_cost_at(factor, oc)
        return line_cost[key]

    counts: dict[tuple[str, int], float] = {}  # (kind, month) → people moved, hired or left
    for f in all_flows:
        counts[(f.kind, f.month)] = counts.get((f.kind, f.month), 0) + f.count
    rows = []
    cumulative = 0.0
    for month in range(1, plan.horizon_months + 1):
        factor = pay_factor(plan, month)
        row: dict[str, object] = {"month": month, "date": month_date(plan, month)}
        payroll = 0.0
        heads = 0.0
        for group, (head_col, cost_col) in _GROUP_COLUMNS.items():
            active = [ln for ln in by_group[group] if ln.active(month)]
            group_heads = sum(ln.headcount for ln in active)
            group_cost = sum(cost_at(ln, factor) for ln in active if not ln.overlapping(month))
            row[head_col] = group_heads
            row[cost_col] = group_cost
            heads += group_heads
            payroll += group_cost
        legacy_people = float(row[_GROUP_COLUMNS[GROUP_LEGACY][0]])  # type: ignore[arg-type]
        licences = ai_licence_monthly_cost(plan, heads - legacy_people, legacy_people)
        usage = ai_usage_monthly_cost(plan, month)
        platform = ai_platform_monthly_cost(plan, month)
        ai = licences + usage + platform
        budget = non_payroll_monthly_cost(plan, month)
        parts = {kind: extra[kind].get(month, 0.0) for kind in ONE_OFF_KINDS}
        one_off = sum(parts.values())
        total = payroll + ai + budget + one_off
        if factor not in baselines:  # the baseline changes with the pay only
            baselines[factor] = legacy_baseline_cost(plan, month)
        baseline = baselines[factor]
        cumulative += total - baseline
        moved = {k: counts.get((k, month), 0) for k in ("move", "hire", "leave")}
        row.update(
            total_headcount=heads,
            people_moved=moved["move"],
            people_hired=moved["hire"],
            people_left=moved["leave"],
            payroll_cost=payroll,
            ai_licence_cost=licences,
            ai_usage_cost=usage,
            ai_platform_cost=platform,
            ai_cost=ai,
            non_payroll_cost=budget,
            recruitment_fees=parts["recruitment"],
            exit_cost=parts["exit"],
            retraining_cost=parts["retraining"],
            ramp_cost=parts["ramp"],
            overlap_cost=parts["overlap"],
            one_off_cost=one_off,
            total_cost=total,
            legacy_baseline_cost=baseline,
            difference=total - baseline,
            cumulative_difference=cumulative,
            pay_factor=factor,
            phases_in_flight=", ".join(phases_in_flight(plan, month)),
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=list(MONTHLY_COLUMNS))


def headcount_by_group(plan: Plan) -> pd.DataFrame:
    """Headcount per month and group in long form (columns ``month``, ``date``, ``group``,
    ``headcount``), groups in :data:`GROUPS` order: for a stacked area chart."""
    table = monthly(plan)
    frames = [
        pd.DataFrame(
            {
                "month": table["month"],
                "date": table["date"],
                "group": group,
                "headcount": table[head_col],
            }
        )
        for group, (head_col, _cost) in _GROUP_COLUMNS.items()
    ]
    return pd.concat(frames, ignore_index=True)


AI_COST = "AI running cost"
"""The cost group of the AI seats, usage and agents in :func:`monthly_cost_by_group`."""
NON_PAYROLL = "Non-payroll budget"
"""The cost group of the budget lines in :func:`monthly_cost_by_group`."""
RECRUITMENT_FEES = "Recruitment fees"
"""The cost group of the one-off recruitment fees in :func:`monthly_cost_by_group`."""
ONE_OFFS: dict[str, tuple[str, str]] = {
    "recruitment": (RECRUITMENT_FEES, "recruitment_fees"),
    "exit": ("Exit costs", "exit_cost"),
    "retraining": ("Retraining", "retraining_cost"),
    "ramp": ("Ramp-up lost output", "ramp_cost"),
    "overlap": ("Handover overlap", "overlap_cost"),
}
"""Each one-off kind's cost group (as charts name it) and its :func:`monthly` column."""
COST_GROUPS: tuple[str, ...] = (
    *GROUPS, AI_COST, NON_PAYROLL, *(group for group, _col in ONE_OFFS.values())
)  # fmt: skip
"""The groups of :func:`monthly_cost_by_group`, in the order charts stack them: the payroll
groups, then AI, the non-payroll budget and the one-off costs by kind (they sum to the
total)."""


def monthly_cost_by_group(plan: Plan) -> pd.DataFrame:
    """Monthly cost per group in long form (columns ``month``, ``date``, ``group``, ``cost``),
    groups in :data:`COST_GROUPS` order: the payroll of each timeline group, the AI running
    cost, the non-payroll budget and each kind of one-off cost; a month's costs sum to its
    ``total_cost``."""
    table = monthly(plan)
    columns = [
        *((group, col) for group, (_heads, col) in _GROUP_COLUMNS.items()),
        (AI_COST, "ai_cost"),
        (NON_PAYROLL, "non_payroll_cost"),
        *ONE_OFFS.values(),
    ]
    frames = [
        pd.DataFrame(
            {"month": table["month"], "date": table["date"], "group": group, "cost": table[col]}
        )
        for group, col in columns
    ]
    return pd.concat(frames, ignore_index=True)


def cumulative_difference(plan: Plan) -> list[float]:
    """Cumulative difference against staying legacy at the end of each month 1..horizon:
    Σ (total cost − legacy baseline) from month 1. Negative = the migration has cost less."""
    return [float(v) for v in monthly(plan)["cumulative_difference"]]


def _breakeven(cumulative: list[float]) -> int | None:
    """First month (1-based) from which every cumulative value to the end is ≤ 0."""
    month: int | None = None
    for index in range(len(cumulative), 0, -1):
        if cumulative[index - 1] <= _EPS:
            month = index
        else:
            break
    return month


def nothing_changes(plan: Plan) -> bool:
    """True when the plan's path costs the same as staying legacy in every month of the horizon
    (no month differs by more than a thousandth of the currency unit): there is nothing to pay
    back, so no break-even."""
    return all(abs(d) <= 1e-3 for d in monthly(plan)["difference"])


def breakeven_month(plan: Plan) -> int | None:
    """The break-even month: the first month m such that the cumulative difference against
    staying legacy (see :func:`cumulative_difference`) is ≤ 0 at the end of month m and at the
    end of every later month of the horizon — the month by which the saving has covered every
    one-off cost (exit, recruitment, retraining, ramp-up, overlap) and every month of running
    both, and stays covered.

    Month 1 when the path never costs more than staying legacy; None when the cumulative
    difference is still above 0 at the end of the horizon (see :func:`breakeven_projection`)
    and None when nothing changes (:func:`nothing_changes`).
    """
    if nothing_changes(plan):
        return None
    return _breakeven(cumulative_difference(plan))


def breakeven_projection(plan: Plan) -> int | None:
    """When break-even is not reached within the horizon: the month it would be reached if the
    last month's saving went on at the same rate (horizon + ⌈cumulative at the horizon ÷ last
    month's saving⌉); the break-even month itself when it is within the horizon; None when
    nothing changes or the last month saves nothing."""
    even = breakeven_month(plan)
    if even is not None or nothing_changes(plan):
        return even
    table = monthly(plan)
    if table.empty:
        return None
    saving = -float(table["difference"].iloc[-1])
    if saving <= _EPS:
        return None
    owed = float(table["cumulative_difference"].iloc[-1])
    return plan.horizon_months + math.ceil(owed / saving - 1e-9)


def steady_state_monthly_saving(plan: Plan) -> float:
    """What the new org saves a month once the transition is done, at start pay: (today's whole
    cost − the new org's whole cost) ÷ 12 (:mod:`mocmo.costing.whole`; currency/month)."""
    return (legacy_total_cost(plan) - new_total_cost(plan)) / MONTHS_PER_YEAR


def payback_months(plan: Plan) -> float | None:
    """Simple payback: the transition's one-off cost ÷ the steady-state monthly saving
    (months); None when the new org saves nothing a month, 0 when there is no one-off cost."""
    saving = steady_state_monthly_saving(plan)
    if saving <= _EPS:
        return None
    return migration_one_off_cost(plan) / saving


MILESTONE_KINDS: tuple[str, ...] = (
    "Audience launch",
    "Role changes shape",
    "MarOps seat starts",
    "Break-even",
)
"""Kinds of :func:`milestones`, in the order a Gantt lists them."""


def milestones(plan: Plan) -> pd.DataFrame:
    """The dated events of the migration (columns ``month``, ``date``, ``kind``, ``name``,
    ``path``), by kind then month: each audience's launch (its owner starts), each legacy role's
    change of shape, each MarOps seat's start when it has a hire month, and the break-even
    month when there is one within the horizon."""
    rows: list[dict[str, object]] = []

    def add(month: int, kind: str, name: str, path: str) -> None:
        rows.append(
            {"month": month, "date": month_date(plan, month), "kind": kind, "name": name,
             "path": path}
        )  # fmt: skip

    for i, aud in enumerate(plan.audiences):
        if aud.launch_month is not None:
            add(aud.launch_month, "Audience launch", aud.name, f"audiences[{i}].launch_month")
    for i, role in enumerate(plan.legacy_roles):  # every role changes shape within the plan
        add(
            neworg.transition_month(plan, role),
            "Role changes shape",
            f"{role.name} → {neworg.custodian_title(role)}",
            f"legacy_roles[{i}].transition_month",
        )
    for i, seat in enumerate(plan.marops_seats):
        start = neworg.seat_start_month(plan, i)
        if seat.hire_month is not None or start > 1:
            add(start, "MarOps seat starts", seat.name, f"marops_seats[{i}].hire_month")
    even = breakeven_month(plan)
    if even is not None:
        add(even, "Break-even", "Cumulative cost back to the legacy baseline", "")
    table = pd.DataFrame(rows, columns=["month", "date", "kind", "name", "path"])
    order = {k: i for i, k in enumerate(MILESTONE_KINDS)}
    table["_order"] = table["kind"].map(order)
    return (
        table.sort_values(["_order", "month"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def peak_outlay(plan: Plan) -> tuple[int | None, float]:
    """The most the change has cost over staying legacy at any month end: (month, amount) of
    the highest cumulative difference within the horizon; ``(None, 0.0)`` when it never goes
    above zero. Amount in the plan's currency."""
    cumulative = cumulative_difference(plan)
    if not cumulative or max(cumulative) <= _EPS:
        return None, 0.0
    top = max(cumulative)
    return cumulative.index(top) + 1, top
