"""Migration: the monthly timeline — who is on the payroll when (staffing lines), the hires and
their offer months, and month by month headcount, payroll (with the pay review), AI running
cost, the non-payroll budget, fees, the legacy baseline, the cumulative difference on the whole
cost, the break-even month and the milestones."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from mocmo import neworg
from mocmo._memo import cache_by_identity
from mocmo.costing.people import (
    legacy_role_loaded_cost,
    legacy_role_salary,
    loaded_cost,
    loaded_cost_at,
    recruitment_fee_at,
    salary_at,
)
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
from mocmo.migration.schedule import (
    _EPS,
    _GROUP_COLUMNS,
    GROUP_CUSTODIANS,
    GROUP_GTM,
    GROUP_LEGACY,
    GROUP_MAROPS,
    GROUPS,
    GTM_MARKETER,
    HEAD_OF_GTM,
    MONTHLY_COLUMNS,
    month_date,
    month_label,
    phases_in_flight,
)
from mocmo.plan import Band, Hire, LegacyRole, OnCosts, Plan

# =========================================================================== people and cost


def key_band(plan: Plan, key: str) -> tuple[Band, str | float]:
    """The band and point a person in position ``key`` is paid at — also for a key the new
    org has no position for (an over-filled or a 0-FTE position): the Head of GTM's, the GTM
    Marketer's (GTM support too), the custodian's legacy role's, the seat's, MarOps support's;
    a hire position name ("Head of GTM", "GTM Marketer", a seat name) as a hire names it."""
    for p in neworg.positions(plan):
        if p.key == key:
            return p.band, p.point
    found = neworg.key_kind(key)
    nr = plan.new_roles
    kind, name = found if found is not None else (None, key)
    if kind == "head_of_gtm" or key == HEAD_OF_GTM:
        return nr.head_of_gtm, nr.head_of_gtm_point
    if kind in ("gtm_marketer", "gtm_support") or key == GTM_MARKETER:
        return nr.gtm_marketer, nr.gtm_marketer_point
    if kind == "custodian":
        role = next(r for r in plan.legacy_roles if r.name == name)
        return role.band, role.point
    if kind == "marops_support":
        from mocmo import staffing

        return staffing.marops_support_band(plan), "mid"
    for seat in plan.marops_seats:
        if seat.name == name:
            return plan.seat_band(seat), seat.point
    raise KeyError(f"unknown position {key!r}")


def _key_group(plan: Plan, key: str) -> str:
    """The timeline group of position ``key``."""
    found = neworg.key_kind(key)
    kind = found[0] if found is not None else None
    if kind == "custodian":
        return GROUP_CUSTODIANS
    if kind in ("marops_seat", "marops_support") or key in {s.name for s in plan.marops_seats}:
        return GROUP_MAROPS
    return GROUP_GTM


def _position_band(plan: Plan, position: str) -> tuple[Band, str | float]:
    """The band and point of a hire's position: Head of GTM, GTM Marketer or a MarOps seat."""
    return key_band(plan, position)


@dataclass(frozen=True)
class StaffingLine:
    """People of one kind on the payroll for a run of months during the migration."""

    group: str
    """One of :data:`GROUPS`."""
    name: str
    """The team and where its people go, or the position and who fills it, e.g. ``Content →
    GTM Marketer: Public Sector`` or ``GTM Marketer: Public Sector ← Content``."""
    path: str
    """The plan field that sets when it starts or ends, e.g. ``moves[2]``, ``hires[0]`` or, for
    a plan default, the field the month comes from (``audiences[4].launch_month``)."""
    headcount: float
    """People (or FTE) on this line."""
    first_month: int
    """First month on the payroll (1 if in place when the plan starts)."""
    last_month: int | None
    """Last month on the payroll; None = to the end of the horizon and beyond."""
    annual_cost: float
    """Fully loaded annual cost of the whole line (all its headcount), from the costing step,
    at the plan's start pay."""
    salary: float = 0.0
    """Base salary of one person on the line at the plan's start pay (currency/year)."""
    kind: str = ""
    """``legacy`` (a team's people until they move or leave), ``stay`` (a team's people nobody
    moves or lets go), ``move`` or ``hire`` (people in a new position)."""
    team: str | None = None
    """The legacy team (legacy, stay, move lines)."""
    to: str | None = None
    """The position key (move, hire lines; legacy lines of people who move)."""
    overlap_from: int | None = None
    """For a legacy line whose people stay on after their team changes shape: the team's
    transition month; their pay from then on is the handover overlap (``overlap_cost``), not
    legacy payroll."""
    derived: bool = False
    """True when the line comes from a plan-default flow."""

    def active(self, month: int) -> bool:
        """True when the line is on the payroll in ``month``."""
        return self.first_month <= month and (self.last_month is None or month <= self.last_month)

    def overlapping(self, month: int) -> bool:
        """True when the line is on the payroll in ``month`` as a handover overlap."""
        return self.active(month) and self.overlap_from is not None and month >= self.overlap_from

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


def _per_head(plan: Plan, role: LegacyRole) -> float:
    return legacy_role_loaded_cost(plan, role) / role.headcount if role.headcount else 0.0


@cache_by_identity
def staffing_lines(plan: Plan) -> tuple[StaffingLine, ...]:
    """Everyone the timeline pays, as lines of people with their months and annual cost, from
    the people flows (:func:`mocmo.transition.flows.flows`): for each legacy team, one line per
    move or leave out of it (from month 1 to the month before) and one for the people nobody
    moves or lets go; for each move or hire, one line in the new position from its month (at
    the position's band and point). A person is on exactly one line in any month."""
    from mocmo.transition import flows as people

    teams = {r.name: (i, r) for i, r in enumerate(plan.legacy_roles)}
    all_flows = people.flows(plan)
    lines: list[StaffingLine] = []
    for name, (i, role) in teams.items():
        per_head = _per_head(plan, role)
        salary = legacy_role_salary(plan, role)
        changes = neworg.transition_month(plan, role)
        for f in all_flows:
            if f.team != name:
                continue
            last = f.month - 1
            where = f"→ {f.to}" if f.kind == "move" else "leaves"
            lines.append(
                StaffingLine(
                    group=GROUP_LEGACY, name=f"{name} {where} (M{f.month})", path=f.path,
                    headcount=f.count, first_month=1, last_month=last,
                    annual_cost=f.count * per_head, salary=salary, kind="legacy", team=name,
                    to=f.to, overlap_from=changes if last >= changes else None,
                    derived=f.derived,
                )
            )  # fmt: skip
        rest = role.headcount - sum((f.count for f in all_flows if f.team == name), 0.0)
        if rest > _EPS:
            lines.append(
                StaffingLine(
                    group=GROUP_LEGACY, name=f"{name} (stays)",
                    path=f"legacy_roles[{i}].headcount", headcount=rest, first_month=1,
                    last_month=None, annual_cost=rest * per_head, salary=salary, kind="stay",
                    team=name,
                )
            )  # fmt: skip
    for f in all_flows:
        if f.kind == "leave" or f.to is None:
            continue
        band, point = key_band(plan, f.to)
        source = f"← {f.team}" if f.kind == "move" else "(hire)"
        lines.append(
            StaffingLine(
                group=_key_group(plan, f.to), name=f"{f.to} {source}", path=f.path,
                headcount=f.count, first_month=f.month, last_month=None,
                annual_cost=f.count * loaded_cost_at(plan, band, point),
                salary=salary_at(band, point), kind=f.kind, team=f.team, to=f.to,
                derived=f.derived,
            )
        )  # fmt: skip
    return tuple(lines)


def staffing_table(plan: Plan) -> pd.DataFrame:
    """:func:`staffing_lines` as a table (one row a line) for display and the workbook."""
    columns = [
        "group", "name", "path", "headcount", "first_month", "last_month", "annual_cost",
        "monthly_cost", "overlap_from", "plan_default",
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
            "overlap_from": ln.overlap_from,
            "plan_default": ln.derived,
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

    index: int | None
    """Position in ``plan.hires``; None for a hire the flows derive (a plan default)."""
    position: str
    """The position key it fills (or the hire's position when the new org has none for it)."""
    count: float
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
    """One-off recruitment fee for all ``count`` people, paid in the start month — the month
    the first salary is paid."""
    derived: bool = False
    """True for a hire the flows derive to fill a position nobody moves into."""

    @property
    def offer_before_plan(self) -> bool:
        """True when the offer falls before month 1."""
        return self.offer_month <= 0

    @property
    def late_for_phase(self) -> bool:
        """True when the hire starts after the phase that needs it has ended."""
        return self.phase_end_month is not None and self.start_month > self.phase_end_month


@cache_by_identity
def hire_schedule(plan: Plan) -> tuple[HireSlot, ...]:
    """Every hire of the people flows — the plan's hires (split over the positions they fill)
    and the derived ones — with its offer month, the phase that needs it and its recruitment
    fee (from the costing step, at the position's band and point), in flow order."""
    from mocmo.transition import flows as people

    ends = {p.name: p.end_month for p in plan.phases}
    slots = []
    for f in people.flows(plan):
        if f.kind != "hire" or f.to is None:
            continue
        band, point = key_band(plan, f.to)
        phase = plan.hires[f.hire_index].phase if f.hire_index is not None else None
        slots.append(
            HireSlot(
                index=f.hire_index,
                position=f.to,
                count=f.count,
                start_month=f.month,
                lead_time_months=f.lead_time_months,
                offer_month=f.month - f.lead_time_months,
                phase=phase,
                phase_end_month=ends.get(phase) if phase else None,
                salary=salary_at(band, point),
                recruitment_fee=f.count * recruitment_fee_at(plan, band, point),
                derived=f.derived,
            )
        )
    return tuple(slots)


def hire_table(plan: Plan) -> pd.DataFrame:
    """:func:`hire_schedule` for display: one row a hire, offer and start as months and dates."""
    columns = [
        "position", "count", "offer_month", "offer", "start_month", "start",
        "lead_time_months", "phase", "recruitment_fee", "plan_default",
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
            "plan_default": h.derived,
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


def migration_hires(plan: Plan) -> float:
    """People hired during the migration: the sum of every hire's count, derived ones too
    (people, FTE for a part position)."""
    return sum((h.count for h in hire_schedule(plan)), 0.0)


def recruitment_cost(plan: Plan) -> float:
    """Every hire's recruitment fee, derived hires too (currency, one-off)."""
    return sum((h.recruitment_fee for h in hire_schedule(plan)), 0.0)


# --------------------------------------------------------------------------- one-off costs


@dataclass(frozen=True)
class OneOff:
    """One one-off cost of the transition, in the month it falls."""

    kind: str
    """One of :data:`ONE_OFF_KINDS`."""
    month: int
    amount: float
    """Currency."""
    name: str
    """Who it is for, e.g. ``Content leaves (M9)``."""
    path: str = ""


ONE_OFF_KINDS: tuple[str, ...] = ("recruitment", "exit", "retraining", "ramp", "overlap")
"""The kinds of one-off cost, in the order tables and charts list them."""


@cache_by_identity
def one_offs(plan: Plan) -> tuple[OneOff, ...]:
    """Every one-off cost of the transition, wherever it falls (also after the horizon):

    * ``recruitment`` — each hire's fee, in its start month;
    * ``exit`` — each leave's redundancy (statutory × the company multiple), notice in lieu
      and settlement, for its people at the team's average age and service
      (:func:`mocmo.transition.team_exit_cost`, at the team's salary today), in the leaving
      month;
    * ``retraining`` — per person who moves to another craft or team's position, in the month
      they move (the custodian of one's own team keeps the craft: no retraining, no ramp-up);
    * ``ramp`` — the output a new hire or mover to another craft does not yet deliver while
      reaching full productivity, valued at the position's loaded cost (costed, not staffed:
      nobody extra is hired to cover it), spread over the ramp months from the start month;
    * ``overlap`` — the pay of people kept on after their team changes shape (a handover), in
      each month they overlap, at the month's pay.

    Exit, retraining, ramp and recruitment are at the plan's start pay."""
    from mocmo.transition import flows as people
    from mocmo.transition import (
        plan_transition_assumptions,
        ramp_lost_output_by_month,
        team_exit_cost,
    )

    a = plan_transition_assumptions(plan)
    roles = {r.name: r for r in plan.legacy_roles}
    out: list[OneOff] = [
        OneOff("recruitment", h.start_month, h.recruitment_fee, f"{h.position} (hire)",
               f"hires[{h.index}]" if h.index is not None else "")
        for h in hire_schedule(plan)
    ]  # fmt: skip
    for f in people.flows(plan):
        if f.kind == "leave" and f.team is not None:
            role = roles[f.team]
            cost = team_exit_cost(
                f.count, legacy_role_salary(plan, role), a, role.average_age,
                role.average_service_years,
            )  # fmt: skip
            out.append(OneOff("exit", f.month, cost.total, f"{f.team} leaves", f.path))
            continue
        if f.to is None or (f.kind == "move" and f.to == neworg.position_key("custodian", f.team)):
            continue  # a custodian of one's own team keeps the craft: no retraining, no ramp
        if f.kind == "move":
            out.append(
                OneOff("retraining", f.month, f.count * a.retraining_per_mover,
                       f"{f.team} → {f.to}", f.path)
            )  # fmt: skip
        months = a.ramp_months_mover if f.kind == "move" else a.ramp_months_hire
        band, point = key_band(plan, f.to)
        annual = f.count * loaded_cost_at(plan, band, point)
        for k, lost in enumerate(
            ramp_lost_output_by_month(annual, months, a.ramp_start_productivity)
        ):
            out.append(OneOff("ramp", f.month + k, lost, f"{f.to} ramps up", f.path))
    oc = plan.assumptions.on_costs
    last = max(
        (ln.last_month or 0 for ln in staffing_lines(plan) if ln.overlap_from is not None),
        default=0,
    )
    for month in range(1, last + 1):
        factor = pay_factor(plan, month)
        for ln in staffing_lines(plan):
            if ln.overlapping(month):
                out.append(
                    OneOff("overlap", month, ln.monthly_cost_at(factor, oc), ln.name, ln.path)
                )
    return tuple(out)


def one_off_total(plan: Plan, kind: str | None = None) -> float:
    """Σ one-off costs of ``kind`` (every kind when None), wherever they fall (currency)."""
    return sum((o.amount for o in one_offs(plan) if kind is None or o.kind == kind), 0.0)


def migration_one_off_cost(plan: Plan) -> float:
    """The whole one-off cost of the transition: recruitment + exit + retraining + ramp-up +
    overlap (currency)."""
    return one_off_total(plan)


def one_offs_by_month(plan: Plan) -> dict[str, dict[int, float]]:
    """One-off cost per kind and month (kind → month → currency), months without any absent."""
    out: dict[str, dict[int, float]] = {k: {} for k in ONE_OFF_KINDS}
    for o in one_offs(plan):
        out[o.kind][o.month] = out[o.kind].get(o.month, 0.0) + o.amount
    return out


def people_count(plan: Plan, kind: str) -> float:
    """People (FTE) in flows of ``kind`` (``move``, ``hire``, ``leave``), derived ones too."""
    from mocmo.transition import flows as people

    return sum((f.count for f in people.flows(plan) if f.kind == kind), 0.0)


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
            group_cost = sum(
                ln.monthly_cost_at(factor, oc) for ln in active if not ln.overlapping(month)
            )
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
        baseline = legacy_baseline_cost(plan, month)
        cumulative += total - baseline
        moved = {k: sum(f.count for f in all_flows if f.kind == k and f.month == month)
                 for k in ("move", "hire", "leave")}  # fmt: skip
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
