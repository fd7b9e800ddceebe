"""Step 4 — Migration timeline: the 6–12 month path from the legacy org to the new one.

A restructure like this is a transition, not one event. This module turns a plan into a dated
path a leadership team can commit to and finance can budget month by month:

- **the schedule** — each phase's start and end month, and whether it starts before a phase it
  depends on has finished (:func:`schedule`, :func:`earliest_starts`, :func:`dependency_conflicts`);
- **hires** — each hire's offer month = start month − recruitment lead time
  (:func:`hire_schedule`); an offer month of 0 or less falls before the plan starts;
- **month by month** over ``plan.horizon_months`` — headcount by group, payroll, one-off
  recruitment fees, the legacy baseline, and the cumulative difference against staying legacy,
  with the break-even month (:func:`staffing_lines`, :func:`monthly`, :func:`breakeven_month`);
- **checks** and the **headline** figures ``mocmo summary`` prints.

Conventions. Months are migration months: month 1 is ``plan.meta.start_month``. A phase runs from
its ``start_month`` to its ``end_month`` inclusive. Dependencies are finish-to-start: a phase may
start no earlier than the month after every phase it depends on has ended. A month in a
``*_month`` field of the plan (a legacy role's ``transition_month``, an audience's
``launch_month``, a MarOps seat's ``hire_month``, a hire's ``month``) is the first month the new
state holds. Money is in the plan's currency: annual figures per year, monthly figures are the
annual loaded cost / 12 for each month a person is on the payroll. Every salary and on-cost
comes from :mod:`mocmo.costing`; the new org's positions, their FTE and start months from
:func:`mocmo.neworg.positions`.

The timeline's four groups:

``Legacy roles``
    each legacy role's headcount until its ``transition_month`` (none from then on); a role
    without a transition month stays legacy for the whole horizon.
``GTM``
    the Head of GTM from the start month of its hire (the earliest hire of position
    ``Head of GTM``), else from the first audience launch; one GTM Marketer per audience from its
    ``launch_month`` (an audience without one is counted from month 1).
``Custodians``
    each legacy role's Craft Custodian FTE (from the reshape step) from its ``transition_month``.
``MarOps``
    each MarOps seat from its ``hire_month``, or from month 1 when it has none (already filled).

Replaced roles (``plan.replaced_roles``) are people inside the legacy roles' headcount, so they
are not counted again; their ``leaves_month`` is only checked against the MarOps seats.
People who move from a legacy role into a GTM Marketer seat are not tracked by name: until the
role's transition month they count in the legacy role, and from their audience's launch month
also as a GTM Marketer — a deliberate, conservative overlap (the cost of running both models at
once) that ends at the role's transition month.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from mocmo import neworg
from mocmo._memo import cache_by_identity
from mocmo.plan import Band, Hire, LegacyRole, Phase, Plan, Problem

__all__ = [
    "GROUPS",
    "GROUP_CUSTODIANS",
    "GROUP_GTM",
    "GROUP_LEGACY",
    "GROUP_MAROPS",
    "GTM_MARKETER",
    "HEAD_OF_GTM",
    "MILESTONE_KINDS",
    "MONTHLY_COLUMNS",
    "TOP_WORKFLOWS_RANGE",
    "DependencyConflict",
    "HireSlot",
    "PhaseSlot",
    "StaffingLine",
    "breakeven_month",
    "checks",
    "cumulative_difference",
    "dependency_conflicts",
    "dependency_problems",
    "earliest_starts",
    "headcount_by_group",
    "headline",
    "hire_problems",
    "hire_schedule",
    "hire_table",
    "in_flight_months",
    "inflight_problems",
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
    "offer_month",
    "peak_outlay",
    "phases_in_flight",
    "recruitment_fees_by_month",
    "rescheduled_phases",
    "schedule",
    "schedule_table",
    "staffing_lines",
    "staffing_table",
    "top_workflow_count",
    "top_workflows_owned",
    "workflow_inventory_count",
    "workflow_problems",
    "workflow_table",
]

GROUP_LEGACY = "Legacy roles"
GROUP_GTM = neworg.GROUP_GTM
GROUP_CUSTODIANS = neworg.GROUP_CUSTODIANS
GROUP_MAROPS = neworg.GROUP_MAROPS
GROUPS: tuple[str, ...] = (GROUP_LEGACY, *neworg.GROUPS)
"""The timeline's headcount groups, in the order charts stack them: the legacy roles, then the
new org's groups (:data:`mocmo.neworg.GROUPS`)."""

HEAD_OF_GTM = neworg.HEAD_OF_GTM
GTM_MARKETER = neworg.GTM_MARKETER
"""The hire positions of the audience tower (the others are MarOps seat names)."""

TOP_WORKFLOWS_RANGE: tuple[int, int] = (5, 7)
"""How many workflows the MarOps playbook names as the most important, each with one owner."""

MONTHLY_COLUMNS: tuple[str, ...] = (
    "month",
    "date",
    "legacy_headcount",
    "gtm_headcount",
    "custodian_fte",
    "marops_headcount",
    "total_headcount",
    "legacy_cost",
    "gtm_cost",
    "custodian_cost",
    "marops_cost",
    "payroll_cost",
    "recruitment_fees",
    "total_cost",
    "legacy_baseline_cost",
    "difference",
    "cumulative_difference",
    "phases_in_flight",
)
"""Columns of :func:`monthly`, in order (money per month, headcount in people or FTE)."""

_GROUP_COLUMNS: dict[str, tuple[str, str]] = {
    GROUP_LEGACY: ("legacy_headcount", "legacy_cost"),
    GROUP_GTM: ("gtm_headcount", "gtm_cost"),
    GROUP_CUSTODIANS: ("custodian_fte", "custodian_cost"),
    GROUP_MAROPS: ("marops_headcount", "marops_cost"),
}

_EPS = 1e-9


# =========================================================================== calendar


def month_date(plan: Plan, month: int) -> _dt.date:
    """The first day of migration month ``month`` (month 1 = ``plan.meta.start_month``; month 0
    and below fall before the plan starts)."""
    start = plan.meta.start_month
    index = start.year * 12 + (start.month - 1) + (month - 1)
    return _dt.date(index // 12, index % 12 + 1, 1)


def month_label(plan: Plan, month: int) -> str:
    """A month as a person reads it: ``month 3 (Mar 2027)``; before the plan starts, ``month 0
    (Dec 2026, 1 month before the plan starts)``."""
    text = f"month {month} ({month_date(plan, month):%b %Y}"
    if month <= 0:
        before = 1 - month
        text += f", {before} month{'s' if before != 1 else ''} before the plan starts"
    return text + ")"


# =========================================================================== schedule


@dataclass(frozen=True)
class PhaseSlot:
    """A phase on the calendar: where the plan puts it and where its dependencies allow it."""

    index: int
    """Position in ``plan.phases``."""
    name: str
    start_month: int
    """First month of the phase as planned."""
    end_month: int
    """Last month of the phase as planned (inclusive)."""
    months: int
    depends_on: tuple[str, ...]
    earliest_start: int
    """First month it may start: its planned start, or the month after the last of its
    dependencies ends (dependencies themselves at their earliest starts), whichever is later."""
    blocked_by: tuple[str, ...]
    """Phases it depends on that have not ended before its planned start."""

    @property
    def earliest_end(self) -> int:
        """Last month of the phase when it starts at :attr:`earliest_start`."""
        return self.earliest_start + self.months - 1

    @property
    def ok(self) -> bool:
        """True when the phase starts after every phase it depends on has ended."""
        return not self.blocked_by


@dataclass(frozen=True)
class DependencyConflict:
    """A phase placed to start before a phase it depends on has ended."""

    phase: str
    phase_index: int
    start_month: int
    depends_on: str
    dependency_end_month: int

    @property
    def first_allowed_month(self) -> int:
        """The month after the dependency ends: the earliest this phase may start."""
        return self.dependency_end_month + 1


def _phase_order(phases: Iterable[Phase]) -> list[Phase]:
    """Phases in dependency order (each after everything it depends on), stable otherwise.

    The plan model rejects cycles and unknown names, so this always orders every phase.
    """
    remaining = list(phases)
    names = {p.name for p in remaining}
    placed: set[str] = set()
    ordered: list[Phase] = []
    while remaining:
        progressed = False
        for phase in list(remaining):
            if all(d in placed or d not in names or d == phase.name for d in phase.depends_on):
                ordered.append(phase)
                placed.add(phase.name)
                remaining.remove(phase)
                progressed = True
        if not progressed:  # a cycle slipped through: keep plan order for the rest
            ordered.extend(remaining)
            break
    return ordered


def earliest_starts(plan: Plan) -> dict[str, int]:
    """For each phase, the first month it may start while honouring every dependency
    (finish-to-start), moving nothing earlier than planned.

    Forward pass in dependency order: earliest start = max(planned start, 1 + the latest
    earliest end of the phases it depends on). A phase whose earliest start equals its planned
    start is placed correctly; otherwise the value is the fix to suggest, with every later phase
    pushed along with it. Keys are phase names, values migration months.
    """
    ends: dict[str, int] = {}
    starts: dict[str, int] = {}
    for phase in _phase_order(plan.phases):
        after = [ends[d] + 1 for d in phase.depends_on if d in ends]
        start = max([phase.start_month, *after])
        starts[phase.name] = start
        ends[phase.name] = start + phase.months - 1
    return {p.name: starts[p.name] for p in plan.phases}


def dependency_conflicts(plan: Plan) -> list[DependencyConflict]:
    """Every (phase, dependency) pair where the phase's planned start is not after the
    dependency's planned end, in plan order."""
    by_name = {p.name: p for p in plan.phases}
    found: list[DependencyConflict] = []
    for index, phase in enumerate(plan.phases):
        for dep_name in phase.depends_on:
            dep = by_name.get(dep_name)
            if dep is None or dep is phase:
                continue
            if phase.start_month <= dep.end_month:
                found.append(
                    DependencyConflict(
                        phase=phase.name,
                        phase_index=index,
                        start_month=phase.start_month,
                        depends_on=dep.name,
                        dependency_end_month=dep.end_month,
                    )
                )
    return found


def schedule(plan: Plan) -> tuple[PhaseSlot, ...]:
    """Each phase's planned start and end month, its earliest dependency-respecting start, and
    the dependencies it starts too early for; in plan order."""
    earliest = earliest_starts(plan)
    blocked: dict[str, list[str]] = {}
    for conflict in dependency_conflicts(plan):
        blocked.setdefault(conflict.phase, []).append(conflict.depends_on)
    return tuple(
        PhaseSlot(
            index=i,
            name=p.name,
            start_month=p.start_month,
            end_month=p.end_month,
            months=p.months,
            depends_on=tuple(p.depends_on),
            earliest_start=earliest[p.name],
            blocked_by=tuple(blocked.get(p.name, ())),
        )
        for i, p in enumerate(plan.phases)
    )


def rescheduled_phases(plan: Plan) -> tuple[Phase, ...]:
    """The plan's phases with every start moved to its :func:`earliest_starts` month: the
    smallest change that makes the schedule honour all dependencies."""
    earliest = earliest_starts(plan)
    return tuple(p.model_copy(update={"start_month": earliest[p.name]}) for p in plan.phases)


def _phase_status(slot: PhaseSlot) -> str:
    if slot.ok:
        return "ok"
    return f"starts before {', '.join(slot.blocked_by)} ends; earliest month {slot.earliest_start}"


def schedule_table(plan: Plan) -> pd.DataFrame:
    """The schedule for display and export: one row a phase with its months, calendar dates,
    dependencies and status."""
    rows = [
        {
            "phase": s.name,
            "start_month": s.start_month,
            "end_month": s.end_month,
            "months": s.months,
            "start": month_date(plan, s.start_month),
            "end": month_date(plan, s.end_month),
            "depends_on": ", ".join(s.depends_on),
            "earliest_start": s.earliest_start,
            "status": _phase_status(s),
        }
        for s in schedule(plan)
    ]
    columns = [
        "phase", "start_month", "end_month", "months", "start", "end", "depends_on",
        "earliest_start", "status",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def migration_span(plan: Plan) -> tuple[int, int] | None:
    """First and last month of the migration (first phase start, last phase end); None when the
    plan has no phases."""
    if not plan.phases:
        return None
    return min(p.start_month for p in plan.phases), max(p.end_month for p in plan.phases)


def migration_months(plan: Plan) -> int:
    """Length of the migration in months, from the first phase's start to the last phase's end
    inclusive; 0 when the plan has no phases."""
    span = migration_span(plan)
    return 0 if span is None else span[1] - span[0] + 1


def phases_in_flight(plan: Plan, month: int) -> tuple[str, ...]:
    """Names of the phases running in ``month`` (start ≤ month ≤ end), in plan order."""
    return tuple(p.name for p in plan.phases if p.start_month <= month <= p.end_month)


def in_flight_months(plan: Plan) -> tuple[int, ...]:
    """The months in which at least one phase is running, ascending."""
    months = {m for p in plan.phases for m in range(p.start_month, p.end_month + 1)}
    return tuple(sorted(months))


# =========================================================================== people and cost


def _loaded_cost(plan: Plan, band: Band, point: str | float) -> float:
    """Fully loaded annual cost of one person at ``point`` in ``band`` (costing step)."""
    from mocmo import costing

    return float(costing.loaded_cost(costing.salary_at(band, point), plan.assumptions.on_costs))


def _recruitment_fee(plan: Plan, band: Band, point: str | float) -> float:
    """One-off recruitment fee of one person at ``point`` in ``band`` (costing step)."""
    from mocmo import costing

    salary = costing.salary_at(band, point)
    return float(costing.recruitment_fee(salary, plan.assumptions.on_costs))


def _salary(band: Band, point: str | float) -> float:
    """Annual base salary at ``point`` in ``band`` (costing step)."""
    from mocmo import costing

    return float(costing.salary_at(band, point))


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
    """Fully loaded annual cost of the whole line (all its headcount), from the costing step."""

    def active(self, month: int) -> bool:
        """True when the line is on the payroll in ``month``."""
        return self.first_month <= month and (self.last_month is None or month <= self.last_month)

    @property
    def monthly_cost(self) -> float:
        """Loaded cost of the whole line per month it is on the payroll: annual cost / 12."""
        return self.annual_cost / 12.0


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
                annual_cost=role.headcount * _loaded_cost(plan, role.band, role.point),
            )
        )
    for p in neworg.positions(plan):
        if p.start_month is None:  # a custodian whose role does not change shape in the plan
            continue
        name = f"{GTM_MARKETER} — {p.audience}" if p.kind == "gtm_marketer" else p.title
        lines.append(
            StaffingLine(
                group=p.group,
                name=name,
                path=p.path,
                headcount=p.fte,
                first_month=p.start_month,
                last_month=None,
                annual_cost=p.fte * _loaded_cost(plan, p.band, p.point),
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
                salary=_salary(band, point),
                recruitment_fee=hire.count * _recruitment_fee(plan, band, point),
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
    """Monthly loaded cost of staying on the legacy org: every legacy role's full headcount,
    every month (annual loaded cost / 12)."""
    annual = sum(r.headcount * _loaded_cost(plan, r.band, r.point) for r in plan.legacy_roles)
    return annual / 12.0


@cache_by_identity
def monthly(plan: Plan) -> pd.DataFrame:
    """The migration month by month over ``plan.horizon_months`` (columns :data:`MONTHLY_COLUMNS`).

    For each month: headcount by group (people; custodians in FTE) and their payroll cost
    (annual loaded cost / 12 per head on the payroll that month); ``recruitment_fees`` (one-off,
    in each hire's start month); ``total_cost`` = payroll + fees; ``legacy_baseline_cost`` = the
    legacy org's monthly cost if nothing changed; ``difference`` = total − baseline (negative =
    cheaper than staying legacy); ``cumulative_difference`` = the running sum of ``difference``
    from month 1; ``phases_in_flight`` = names of the phases running that month.
    """
    lines = staffing_lines(plan)
    fees = recruitment_fees_by_month(plan)
    baseline = legacy_baseline_monthly_cost(plan)
    by_group = {group: [ln for ln in lines if ln.group == group] for group in _GROUP_COLUMNS}
    rows = []
    cumulative = 0.0
    for month in range(1, plan.horizon_months + 1):
        row: dict[str, object] = {"month": month, "date": month_date(plan, month)}
        payroll = 0.0
        heads = 0.0
        for group, (head_col, cost_col) in _GROUP_COLUMNS.items():
            active = [ln for ln in by_group[group] if ln.active(month)]
            group_heads = sum(ln.headcount for ln in active)
            group_cost = sum(ln.monthly_cost for ln in active)
            row[head_col] = group_heads
            row[cost_col] = group_cost
            heads += group_heads
            payroll += group_cost
        fee = fees.get(month, 0.0)
        total = payroll + fee
        cumulative += total - baseline
        row.update(
            total_headcount=heads,
            payroll_cost=payroll,
            recruitment_fees=fee,
            total_cost=total,
            legacy_baseline_cost=baseline,
            difference=total - baseline,
            cumulative_difference=cumulative,
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


def monthly_cost_by_group(plan: Plan) -> pd.DataFrame:
    """Monthly cost per group in long form (columns ``month``, ``date``, ``group``, ``cost``),
    with one-off recruitment fees as the group ``Recruitment fees``."""
    table = monthly(plan)
    frames = [
        pd.DataFrame(
            {"month": table["month"], "date": table["date"], "group": group, "cost": table[col]}
        )
        for group, (_heads, col) in _GROUP_COLUMNS.items()
    ]
    frames.append(
        pd.DataFrame(
            {
                "month": table["month"],
                "date": table["date"],
                "group": "Recruitment fees",
                "cost": table["recruitment_fees"],
            }
        )
    )
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


# =========================================================================== checks


def dependency_problems(plan: Plan) -> list[Problem]:
    """Errors: a phase placed to start before a phase it depends on has ended (names both and
    the earliest month it may start)."""
    return [
        Problem(
            f"phases[{c.phase_index}].start_month",
            f"'{c.phase}' starts in month {c.start_month} but depends on '{c.depends_on}', "
            f"which runs to month {c.dependency_end_month}: start '{c.phase}' in month "
            f"{c.first_allowed_month} or later, or move '{c.depends_on}' earlier",
            "error",
        )
        for c in dependency_conflicts(plan)
    ]


def _horizon_problems(plan: Plan) -> list[Problem]:
    span = migration_span(plan)
    if span is None or span[1] <= plan.horizon_months:
        return []
    return [
        Problem(
            "horizon_months",
            f"the timeline shows {plan.horizon_months} months but the phases run to month "
            f"{span[1]}: months after {plan.horizon_months} are not costed; set the horizon to "
            f"at least {span[1]}",
            "warning",
        )
    ]


def hire_problems(plan: Plan) -> list[Problem]:
    """Warnings about hires: starting after the phase that needs them has ended; an offer due
    before the plan starts; a MarOps seat and its hire that disagree (a seat with a hire month
    but no hire, a hire for a seat without a hire month, or different start months)."""
    problems: list[Problem] = []
    for h in hire_schedule(plan):
        if h.late_for_phase:
            problems.append(
                Problem(
                    f"hires[{h.index}].month",
                    f"{h.position} starts in month {h.start_month}, after '{h.phase}' ends in "
                    f"month {h.phase_end_month}: the phase that needs this hire runs without it",
                    "warning",
                )
            )
        if h.offer_before_plan:
            problems.append(
                Problem(
                    f"hires[{h.index}].lead_time_months",
                    f"to start {h.position} in month {h.start_month} with a "
                    f"{h.lead_time_months}-month lead time the offer must go out in "
                    f"{month_label(plan, h.offer_month)}: recruiting starts before the plan does",
                    "warning",
                )
            )
    first_hire: dict[str, int] = {}
    for i, hire in enumerate(plan.hires):
        first_hire.setdefault(hire.position, i)
    for s_i, seat in enumerate(plan.marops_seats):
        h_i = first_hire.get(seat.name)
        if h_i is None:
            if seat.hire_month is not None:
                problems.append(
                    Problem(
                        f"marops_seats[{s_i}].hire_month",
                        f"{seat.name} starts in month {seat.hire_month} but no hire is planned "
                        "for it: add a hire (its lead time and recruitment fee), or clear the "
                        "month if the seat is already filled",
                        "warning",
                    )
                )
            continue
        hire = plan.hires[h_i]
        if seat.hire_month is None:
            problems.append(
                Problem(
                    f"marops_seats[{s_i}].hire_month",
                    f"a hire for {seat.name} starts in month {hire.month} but the seat has no "
                    "hire month, so the timeline counts it as filled from month 1: set its hire "
                    f"month to {hire.month}",
                    "warning",
                )
            )
        elif hire.month != seat.hire_month:
            problems.append(
                Problem(
                    f"hires[{h_i}].month",
                    f"the hire for {seat.name} starts in month {hire.month} but the seat starts "
                    f"in month {seat.hire_month} (marops_seats[{s_i}].hire_month): the timeline "
                    "counts the seat from its own month; make them agree",
                    "warning",
                )
            )
    return problems


def workflow_problems(plan: Plan) -> list[Problem]:
    """Errors: a top workflow with no owner or more than one. Warnings: an empty inventory, or
    a number of top workflows outside 5–7. (Non-top workflows are the costing step's checks.)"""
    problems: list[Problem] = []
    if not plan.workflows:
        return [
            Problem(
                "workflows",
                "the workflow inventory is empty: map the major workflows (lead routing, "
                "campaign launch, attribution, content production …) with their platforms, "
                "roles and decisions",
                "warning",
            )
        ]
    for i, wf in enumerate(plan.workflows):
        if not wf.top:
            continue
        if not wf.owners:
            problems.append(
                Problem(
                    f"workflows[{i}].owners",
                    f"top workflow '{wf.name}' has no owner: name the one person accountable "
                    "for it",
                    "error",
                )
            )
        elif len(wf.owners) > 1:
            problems.append(
                Problem(
                    f"workflows[{i}].owners",
                    f"top workflow '{wf.name}' has {len(wf.owners)} owners "
                    f"({', '.join(wf.owners)}): if an agent gets it wrong, one person must be "
                    "accountable — keep one",
                    "error",
                )
            )
    top = top_workflow_count(plan)
    low, high = TOP_WORKFLOWS_RANGE
    if not low <= top <= high:
        problems.append(
            Problem(
                "workflows",
                f"{top} workflows are marked top; pick the {low}–{high} that matter most and "
                "give each one owner",
                "warning",
            )
        )
    return problems


def _shifted_share(role: LegacyRole) -> float:
    return sum(a.share for a in role.activities if a.destination == "shifts")


def inflight_problems(plan: Plan) -> list[Problem]:
    """Warnings where headcount dips below what the work in flight needs.

    The rules:

    1. a legacy role with work shifting to GTM Marketers changes shape (``transition_month``)
       before every audience has an owner (its ``launch_month``): the shifted work for the
       audiences still waiting has nobody to do it;
    2. a legacy role whose remaining work goes to MarOps (``new_home: marops``) changes shape
       before every MarOps seat is in place;
    3. a replaced role leaves (``leaves_month``) before every MarOps seat is in place;
    4. in a month while phases are in flight, the total headcount is below the new org's
       steady-state headcount (everyone in the new org, all on the payroll).
    """
    problems: list[Problem] = []
    launches = {a.name: a.launch_month or 1 for a in plan.audiences}
    seat_starts = {s.name: s.hire_month or 1 for s in plan.marops_seats}
    for i, role in enumerate(plan.legacy_roles):
        t = role.transition_month
        if t is None:
            continue
        if _shifted_share(role) > _EPS:
            waiting = [name for name, m in launches.items() if m > t]
            if waiting:
                last = max(launches[n] for n in waiting)
                problems.append(
                    Problem(
                        f"legacy_roles[{i}].transition_month",
                        f"{role.name} changes shape in month {t}, but {', '.join(waiting)} "
                        f"get{'s' if len(waiting) == 1 else ''} an owner only later (up to "
                        f"month {last}): the work shifting to GTM Marketers has nobody for "
                        f"those audiences until then; move the transition to month {last} or "
                        "launch them earlier",
                        "warning",
                    )
                )
        if role.new_home == "marops":
            late = [name for name, m in seat_starts.items() if m > t]
            if late:
                problems.append(
                    Problem(
                        f"legacy_roles[{i}].transition_month",
                        f"{role.name} changes shape in month {t}, before the MarOps seat(s) "
                        f"{', '.join(late)} start (month {max(seat_starts[n] for n in late)}): "
                        "its remaining work has no home in between",
                        "warning",
                    )
                )
    for i, replaced in enumerate(plan.replaced_roles):
        gone = replaced.leaves_month
        if gone is None:
            continue
        late = [name for name, m in seat_starts.items() if m > gone]
        if late:
            problems.append(
                Problem(
                    f"replaced_roles[{i}].leaves_month",
                    f"{replaced.title} ends in month {gone}, before the MarOps seat(s) "
                    f"{', '.join(late)} start (month {max(seat_starts[n] for n in late)}): "
                    "nobody runs its work in between",
                    "warning",
                )
            )
    problems.extend(_headcount_dip_problems(plan))
    return problems


def _steady_state_headcount(plan: Plan) -> float:
    """Headcount of the new org with every line on the payroll (no legacy roles left)."""
    return sum(ln.headcount for ln in staffing_lines(plan) if ln.group != GROUP_LEGACY)


def _headcount_dip_problems(plan: Plan) -> list[Problem]:
    flight = set(in_flight_months(plan))
    if not flight:
        return []
    target = _steady_state_headcount(plan)
    table = monthly(plan)
    short = [
        (int(m), float(h))
        for m, h in zip(table["month"], table["total_headcount"], strict=True)
        if int(m) in flight and float(h) < target - _EPS
    ]
    if not short:
        return []
    worst_month, worst = min(short, key=lambda mh: mh[1])
    months = _month_ranges([m for m, _h in short])
    return [
        Problem(
            "legacy_roles",
            f"while phases are in flight the team drops below the new org's {target:g} people "
            f"in {months} (lowest {worst:g} in month {worst_month}): roles change shape before "
            "the people who take their work arrive; move transitions later or starts earlier",
            "warning",
        )
    ]


def _month_ranges(months: list[int]) -> str:
    """``[3, 4, 5, 8]`` → ``months 3–5, 8``."""
    runs: list[list[int]] = []
    for m in sorted(set(months)):
        if runs and m == runs[-1][1] + 1:
            runs[-1][1] = m
        else:
            runs.append([m, m])
    parts = [f"{a}" if a == b else f"{a}–{b}" for a, b in runs]
    single = len(runs) == 1 and runs[0][0] == runs[0][1]
    return ("month " if single else "months ") + ", ".join(parts)


def checks(plan: Plan) -> list[Problem]:
    """Every migration problem: phases before their dependencies and top workflows without
    exactly one owner (errors); late hires, offers before the plan starts, seats without hires,
    headcount below what the work in flight needs, phases beyond the horizon and the size of
    the inventory (warnings).

    The migration's total length outside 6–12 months is reported once, by
    :func:`mocmo.plan.plan_warnings`, and not repeated here.
    """
    return [
        *dependency_problems(plan),
        *workflow_problems(plan),
        *hire_problems(plan),
        *inflight_problems(plan),
        *_horizon_problems(plan),
    ]


# =========================================================================== headline


def headline(plan: Plan) -> dict[str, float | int | None]:
    """The migration's headline figures for ``mocmo summary``.

    ``migration_months`` (first phase start to last phase end, months), ``migration_hires``
    (people hired), ``migration_one_off_cost`` (recruitment fees, currency),
    ``breakeven_month`` (None if none within the horizon), ``workflow_inventory_count``,
    ``top_workflows_owned`` (top workflows with exactly one owner).
    """
    return {
        "migration_months": migration_months(plan),
        "migration_hires": migration_hires(plan),
        "migration_one_off_cost": migration_one_off_cost(plan),
        "breakeven_month": breakeven_month(plan),
        "workflow_inventory_count": workflow_inventory_count(plan),
        "top_workflows_owned": top_workflows_owned(plan),
    }


if TYPE_CHECKING:  # the moved sentences, for type checkers (at run time: __getattr__)
    from mocmo.present.migration import timeline_sentence as timeline_sentence

_MOVED_TO_PRESENT = frozenset(
    {
        "timeline_sentence",
    }
)
"""The step's sentence, now in :mod:`mocmo.present.migration`: still importable from here."""


def __getattr__(name: str) -> object:
    if name in _MOVED_TO_PRESENT:
        from mocmo.present import migration as words

        return getattr(words, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
