"""Migration: the hires on the calendar (offer months, fees) and every one-off cost of the
transition — recruitment, exit, retraining, ramp-up and handover overlap — in the month it
falls (:func:`one_offs`)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mocmo import neworg
from mocmo._memo import cache_by_identity
from mocmo.costing.people import (
    legacy_role_salary,
    loaded_cost_at,
    recruitment_fee_at,
    salary_at,
)
from mocmo.costing.whole import (
    pay_factor,
)
from mocmo.migration.people import key_band, key_country, staffing_lines
from mocmo.migration.schedule import (
    month_label,
)
from mocmo.plan import Hire, Plan

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
    """Every one-off cost of the transition — at the date it falls, also after the horizon,
    but for the handover overlap, which is pay of months and, like payroll, costed only within
    the horizon (the migration checks warn of handover months past it):

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
      each month of the horizon they overlap, at the month's pay.

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
        if f.kind == "leave" and f.team is not None and not f.resigns:
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
        annual = f.count * loaded_cost_at(plan, band, point, key_country(plan, f.to))
        for k, lost in enumerate(
            ramp_lost_output_by_month(annual, months, a.ramp_start_productivity)
        ):
            out.append(OneOff("ramp", f.month + k, lost, f"{f.to} ramps up", f.path))
    oc = plan.assumptions.on_costs
    last = max(
        (ln.last_month or 0 for ln in staffing_lines(plan) if ln.overlap_from is not None),
        default=0,
    )
    for month in range(1, min(last, plan.horizon_months) + 1):
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
