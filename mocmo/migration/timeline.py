"""Migration: the monthly timeline — who is on the payroll when (staffing lines), the hires and
their offer months, and month by month headcount, payroll (with the pay review), AI running
cost, the non-payroll budget, fees, the legacy baseline, the cumulative difference on the whole
cost, the break-even month and the milestones."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mocmo import neworg
from mocmo._memo import cache_by_identity
from mocmo.costing.people import loaded_cost, loaded_cost_at, recruitment_fee_at, salary_at
from mocmo.costing.whole import (
    MONTHS_PER_YEAR,
    ai_platform_cost_annual,
    budget_line_change_month,
    legacy_ai_licence_cost_annual,
    legacy_total_cost,
    non_payroll_cost_legacy,
    pay_factor,
)
from mocmo.migration.schedule import (
    _EPS,
    _GROUP_COLUMNS,
    GROUP_LEGACY,
    GROUPS,
    GTM_MARKETER,
    HEAD_OF_GTM,
    MONTHLY_COLUMNS,
    month_date,
    month_label,
    phases_in_flight,
)
from mocmo.plan import Band, Hire, OnCosts, Plan

# =========================================================================== people and cost


def _position_band(plan: Plan, position: str) -> tuple[Band, str | float]:
    """The band and point of a hire's position: Head of GTM, GTM Marketer or a MarOps seat."""
    if position == HEAD_OF_GTM:
        return plan.new_roles.head_of_gtm, plan.new_roles.head_of_gtm_point
    if position == GTM_MARKETER:
        return plan.new_roles.gtm_marketer, plan.new_roles.gtm_marketer_point
    for seat in plan.marops_seats:
        if seat.name == position:
            return plan.seat_band(seat), seat.point
    raise KeyError(f"unknown position {position!r}")


@dataclass(frozen=True)
class StaffingLine:
    """People of one kind on the payroll for a run of months during the migration."""

    group: str
    """One of :data:`GROUPS`."""
    name: str
    """The role, audience owner or seat, e.g. ``GTM Marketer — Public Sector``."""
    path: str
    """The plan field that sets when it starts or ends, e.g. ``audiences[4].launch_month``."""
    headcount: float
    """People (or FTE, for custodians) on this line."""
    first_month: int
    """First month on the payroll (1 if in place when the plan starts)."""
    last_month: int | None
    """Last month on the payroll; None = to the end of the horizon and beyond."""
    annual_cost: float
    """Fully loaded annual cost of the whole line (all its headcount), from the costing step,
    at the plan's start pay."""
    salary: float = 0.0
    """Base salary of one person on the line at the plan's start pay (currency/year)."""

    def active(self, month: int) -> bool:
        """True when the line is on the payroll in ``month``."""
        return self.first_month <= month and (self.last_month is None or month <= self.last_month)

    @property
    def monthly_cost(self) -> float:
        """Loaded cost of the whole line per month it is on the payroll at start pay: annual
        cost / 12."""
        return self.annual_cost / 12.0

    def monthly_cost_at(self, factor: float, on_costs: OnCosts) -> float:
        """Loaded cost of the whole line in a month whose pay is ``factor`` × start pay:
        headcount × loaded cost of (salary × factor) / 12 — NI, pension and benefits computed on
        the raised salary (the NI threshold and pension band do not rise; tools are per head).
        At factor 1 it is :attr:`monthly_cost`."""
        if factor == 1.0:
            return self.monthly_cost
        return self.headcount * float(loaded_cost(self.salary * factor, on_costs)) / 12.0


@cache_by_identity
def staffing_lines(plan: Plan) -> tuple[StaffingLine, ...]:
    """Everyone the timeline counts, as lines of people with their months and annual cost.

    Legacy roles until their transition month; the Head of GTM and one GTM Marketer per
    audience from their start; each role's custodian FTE from its transition month; MarOps
    seats from their hire month (month 1 if none). See the module docstring for the rules.
    """
    lines: list[StaffingLine] = []
    for i, role in enumerate(plan.legacy_roles):
        lines.append(
            StaffingLine(
                group=GROUP_LEGACY,
                name=role.name,
                path=f"legacy_roles[{i}].transition_month",
                headcount=float(role.headcount),
                first_month=1,
                last_month=None if role.transition_month is None else role.transition_month - 1,
                annual_cost=role.headcount * loaded_cost_at(plan, role.band, role.point),
                salary=salary_at(role.band, role.point),
            )
        )
    for p in neworg.positions(plan):
        if p.start_month is None:  # a custodian whose role does not change shape in the plan
            continue
        name = f"{p.title} — {p.audience}" if p.audience and p.kind != "head_of_gtm" else p.title
        lines.append(
            StaffingLine(
                group=p.group,
                name=name,
                path=p.path,
                headcount=p.fte,
                first_month=p.start_month,
                last_month=None,
                annual_cost=p.fte * loaded_cost_at(plan, p.band, p.point),
                salary=salary_at(p.band, p.point),
            )
        )
    return tuple(lines)


def staffing_table(plan: Plan) -> pd.DataFrame:
    """:func:`staffing_lines` as a table (one row a line) for display and the workbook."""
    columns = [
        "group", "name", "path", "headcount", "first_month", "last_month", "annual_cost",
        "monthly_cost",
    ]  # fmt: skip
    rows = [
        {
            "group": ln.group,
            "name": ln.name,
            "path": ln.path,
            "headcount": ln.headcount,
            "first_month": ln.first_month,
            "last_month": ln.last_month,
            "annual_cost": ln.annual_cost,
            "monthly_cost": ln.monthly_cost,
        }
        for ln in staffing_lines(plan)
    ]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- hires


def offer_month(hire: Hire) -> int:
    """Month the offer must go out for the person to start on time: start month − recruitment
    lead time. 0 or less means before the plan starts (0 = the month before month 1)."""
    return hire.month - hire.lead_time_months


@dataclass(frozen=True)
class HireSlot:
    """A hire placed on the calendar, with its one-off recruitment fee."""

    index: int
    """Position in ``plan.hires``."""
    position: str
    count: int
    start_month: int
    lead_time_months: int
    offer_month: int
    """Start month − lead time; 0 or less = before the plan starts."""
    phase: str | None
    phase_end_month: int | None
    """Last month of the phase that needs the hire; None when no phase is named."""
    salary: float
    """Annual base salary of one person at the position's band point."""
    recruitment_fee: float
    """One-off recruitment fee for all ``count`` people, paid in the start month."""

    @property
    def offer_before_plan(self) -> bool:
        """True when the offer falls before month 1."""
        return self.offer_month <= 0

    @property
    def late_for_phase(self) -> bool:
        """True when the hire starts after the phase that needs it has ended."""
        return self.phase_end_month is not None and self.start_month > self.phase_end_month


def hire_schedule(plan: Plan) -> tuple[HireSlot, ...]:
    """Every hire with its offer month, the phase that needs it and its recruitment fee (from
    the costing step, at the position's band and point), in plan order."""
    ends = {p.name: p.end_month for p in plan.phases}
    slots = []
    for i, hire in enumerate(plan.hires):
        band, point = _position_band(plan, hire.position)
        slots.append(
            HireSlot(
                index=i,
                position=hire.position,
                count=hire.count,
                start_month=hire.month,
                lead_time_months=hire.lead_time_months,
                offer_month=offer_month(hire),
                phase=hire.phase,
                phase_end_month=ends.get(hire.phase) if hire.phase else None,
                salary=salary_at(band, point),
                recruitment_fee=hire.count * recruitment_fee_at(plan, band, point),
            )
        )
    return tuple(slots)


def hire_table(plan: Plan) -> pd.DataFrame:
    """:func:`hire_schedule` for display: one row a hire, offer and start as months and dates."""
    columns = [
        "position", "count", "offer_month", "offer", "start_month", "start",
        "lead_time_months", "phase", "recruitment_fee",
    ]  # fmt: skip
    rows = [
        {
            "position": h.position,
            "count": h.count,
            "offer_month": h.offer_month,
            "offer": month_label(plan, h.offer_month),
            "start_month": h.start_month,
            "start": month_label(plan, h.start_month),
            "lead_time_months": h.lead_time_months,
            "phase": h.phase or "",
            "recruitment_fee": h.recruitment_fee,
        }
        for h in hire_schedule(plan)
    ]
    return pd.DataFrame(rows, columns=columns)


def recruitment_fees_by_month(plan: Plan) -> dict[int, float]:
    """One-off recruitment fees per migration month (each hire's fee in its start month);
    months with no hire are absent."""
    fees: dict[int, float] = {}
    for h in hire_schedule(plan):
        fees[h.start_month] = fees.get(h.start_month, 0.0) + h.recruitment_fee
    return fees


def migration_hires(plan: Plan) -> int:
    """People hired during the migration: the sum of every hire's count."""
    return sum(h.count for h in plan.hires)


def migration_one_off_cost(plan: Plan) -> float:
    """One-off cost of the migration: every hire's recruitment fee, in the plan's currency."""
    return sum(h.recruitment_fee for h in hire_schedule(plan))


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
    """(transition month, hours a week AI absorbs) of each legacy role that changes shape."""
    from mocmo import reshape

    return tuple(
        (r.transition_month, reshape.capacity_reclaimed(r, plan.assumptions))
        for r in plan.legacy_roles
        if r.transition_month is not None
    )


def ai_usage_monthly_cost(plan: Plan, month: int) -> float:
    """AI usage in ``month``: each activity's absorbed hours a week count from its role's
    transition month (a role without one stays legacy, so its work is not absorbed within the
    plan) × weeks a year / 12 × price per absorbed hour (currency/month)."""
    ai = plan.assumptions.ai_costs
    hours = sum((h for first, h in _absorbed_hours_from(plan) if first <= month), 0.0)
    return hours * ai.weeks_per_year / MONTHS_PER_YEAR * ai.usage_per_absorbed_hour


def ai_platform_monthly_cost(plan: Plan) -> float:
    """The agents' running costs per month, from month 1 (the agents are built and run before
    the work moves to them): Σ running cost / 12 (currency/month)."""
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

    For each month: headcount by group (people; custodians and support in FTE) and their payroll
    cost (loaded cost / 12 per head on the payroll that month, at the month's pay:
    ``pay_factor`` = (1 + review rate) ** reviews so far, on-costs on the raised salary); the AI
    running cost — ``ai_licence_cost`` (:func:`ai_licence_monthly_cost`), ``ai_usage_cost``
    (:func:`ai_usage_monthly_cost`), ``ai_platform_cost`` (:func:`ai_platform_monthly_cost`),
    their sum ``ai_cost``; ``non_payroll_cost`` (:func:`non_payroll_monthly_cost`);
    ``recruitment_fees`` (one-off, in each hire's start month); ``total_cost`` = payroll + AI +
    non-payroll + fees; ``legacy_baseline_cost`` = the whole cost of staying legacy that month
    (:func:`legacy_baseline_cost`); ``difference`` = total − baseline (negative = cheaper than
    staying legacy); ``cumulative_difference`` = the running sum of ``difference`` from month 1;
    ``phases_in_flight`` = names of the phases running that month.
    """
    lines = staffing_lines(plan)
    fees = recruitment_fees_by_month(plan)
    oc = plan.assumptions.on_costs
    platform = ai_platform_monthly_cost(plan)
    by_group = {group: [ln for ln in lines if ln.group == group] for group in _GROUP_COLUMNS}
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
            group_cost = sum(ln.monthly_cost_at(factor, oc) for ln in active)
            row[head_col] = group_heads
            row[cost_col] = group_cost
            heads += group_heads
            payroll += group_cost
        legacy_people = float(row[_GROUP_COLUMNS[GROUP_LEGACY][0]])  # type: ignore[arg-type]
        licences = ai_licence_monthly_cost(plan, heads - legacy_people, legacy_people)
        usage = ai_usage_monthly_cost(plan, month)
        ai = licences + usage + platform
        budget = non_payroll_monthly_cost(plan, month)
        fee = fees.get(month, 0.0)
        total = payroll + ai + budget + fee
        baseline = legacy_baseline_cost(plan, month)
        cumulative += total - baseline
        row.update(
            total_headcount=heads,
            payroll_cost=payroll,
            ai_licence_cost=licences,
            ai_usage_cost=usage,
            ai_platform_cost=platform,
            ai_cost=ai,
            non_payroll_cost=budget,
            recruitment_fees=fee,
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
COST_GROUPS: tuple[str, ...] = (*GROUPS, AI_COST, NON_PAYROLL, RECRUITMENT_FEES)
"""The groups of :func:`monthly_cost_by_group`, in the order charts stack them: the payroll
groups, then AI, the non-payroll budget and the recruitment fees (they sum to the total)."""


def monthly_cost_by_group(plan: Plan) -> pd.DataFrame:
    """Monthly cost per group in long form (columns ``month``, ``date``, ``group``, ``cost``),
    groups in :data:`COST_GROUPS` order: the payroll of each timeline group, the AI running
    cost, the non-payroll budget and the one-off recruitment fees; a month's costs sum to its
    ``total_cost``."""
    table = monthly(plan)
    columns = [
        *((group, col) for group, (_heads, col) in _GROUP_COLUMNS.items()),
        (AI_COST, "ai_cost"),
        (NON_PAYROLL, "non_payroll_cost"),
        (RECRUITMENT_FEES, "recruitment_fees"),
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


def breakeven_month(plan: Plan) -> int | None:
    """The break-even month: the first month m such that the cumulative difference against
    staying legacy (see :func:`cumulative_difference`) is ≤ 0 at the end of month m and at the
    end of every later month of the horizon.

    It is the month by which the migration has paid back everything it cost over running the
    legacy org (overlapping payroll and recruitment fees) and stays paid back. Month 1 when the
    migration never costs more than staying legacy; None when the cumulative difference is still
    above 0 at the end of the horizon (no break-even within ``plan.horizon_months``).
    """
    return _breakeven(cumulative_difference(plan))


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
    for i, role in enumerate(plan.legacy_roles):
        if role.transition_month is not None:
            new_shape = neworg.custodian_title(role)
            add(
                role.transition_month,
                "Role changes shape",
                f"{role.name} → {new_shape}",
                f"legacy_roles[{i}].transition_month",
            )
    for i, seat in enumerate(plan.marops_seats):
        if seat.hire_month is not None:
            add(seat.hire_month, "MarOps seat starts", seat.name, f"marops_seats[{i}].hire_month")
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
