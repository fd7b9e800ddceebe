"""Migration: who is on the payroll when — the staffing lines the people flows
(:mod:`mocmo.transition.flows`) give: each legacy team's people until they move or leave, those
nobody moves or lets go, and each move or hire in its new position from its month, at the
position's band (:func:`key_band`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mocmo import neworg
from mocmo._memo import cache_by_identity
from mocmo.costing.people import (
    legacy_role_loaded_cost,
    legacy_role_salary,
    loaded_cost,
    loaded_cost_at,
    person_country,
    role_country,
    salary_at,
)
from mocmo.costing.profiles import CostBasis, OnCostBasis, cost_basis
from mocmo.migration.schedule import (
    _EPS,
    GROUP_CUSTODIANS,
    GROUP_GTM,
    GROUP_LEGACY,
    GROUP_MAROPS,
    GTM_MARKETER,
    HEAD_OF_GTM,
)
from mocmo.plan import Band, LegacyRole, OnCosts, Plan

# =========================================================================== people and cost


@cache_by_identity
def _positions_by_key(plan: Plan) -> dict[str, tuple[Band, str | float]]:
    """The band and point of each position of the new org, by key (the first position with a
    key, as a search of :func:`mocmo.neworg.positions` in order would find)."""
    out: dict[str, tuple[Band, str | float]] = {}
    for p in neworg.positions(plan):
        out.setdefault(p.key, (p.band, p.point))
    return out


def key_band(plan: Plan, key: str) -> tuple[Band, str | float]:
    """The band and point a person in position ``key`` is paid at — also for a key the new
    org has no position for (an over-filled or a 0-FTE position): the Head of GTM's, the GTM
    Marketer's (GTM support too), the custodian's legacy role's, the seat's, MarOps support's;
    a hire position name ("Head of GTM", "GTM Marketer", a seat name) as a hire names it."""
    known = _positions_by_key(plan).get(key)
    if known is not None:
        return known
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


def key_country(plan: Plan, key: str) -> str:
    """The country a person in position ``key`` is costed in: a custodian's legacy team's, a
    MarOps seat's own, else the plan's."""
    found = neworg.key_kind(key)
    kind, name = found if found is not None else (None, key)
    if kind == "custodian":
        for role in plan.legacy_roles:
            if role.name == name:
                return role_country(plan, role)
    for seat in plan.marops_seats:
        if seat.name == name and kind in (None, "marops_seat"):
            return plan.assumptions.country if seat.country is None else seat.country
    return plan.assumptions.country


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
    """A legacy line: the team and where its people go, e.g. ``Content → GTM Marketer: Public
    Sector (M4)``; a position's line: the position (:func:`position_name`), e.g. ``GTM Marketer
    — Public Sector``; who fills it is :attr:`team` (a move) or none (a hire)."""
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
    team_pay: tuple[float, ...] = field(default=(), repr=False)
    """A legacy or stay line of a plan with a roster: the actual pay (salary × FTE) of each of
    its team's people — the line's people cost their share of the team's loaded cost at any pay
    (empty without a roster, or for a new position's line). Kept in memory only."""
    basis: OnCostBasis | None = field(default=None, repr=False, compare=False)
    """The on-costs of the line's people when they are costed outside the plan's UK on-costs
    (another country or currency); None: the plan's on-costs."""
    team_bases: tuple[OnCostBasis, ...] = field(default=(), repr=False, compare=False)
    """With :attr:`team_pay`, each person's on-costs when any of them is costed outside the
    plan's UK on-costs; empty: all under the plan's."""

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
        With a roster (:attr:`team_pay`) each of the team's people is costed on their own raised
        pay, as at start pay (:func:`mocmo.costing.legacy_role_loaded_cost`), and the line's
        headcount pays the team's mean of it: on-costs per person, never on the team's average
        pay. At factor 1 it is :attr:`monthly_cost`."""
        if factor == 1.0:
            return self.monthly_cost
        if self.team_pay:
            raised = np.asarray(self.team_pay, dtype=np.float64) * factor
            if not self.team_bases:
                return self.headcount * float(np.mean(loaded_cost(raised, on_costs))) / 12.0
            each = [float(loaded_cost(r, b)) for r, b in zip(raised, self.team_bases, strict=True)]
            return self.headcount * float(np.mean(each)) / 12.0
        basis = on_costs if self.basis is None else self.basis
        return self.headcount * float(loaded_cost(self.salary * factor, basis)) / 12.0


def position_name(p: neworg.Position) -> str:
    """How the timeline names a position's line: its title, with the audience for a GTM
    Marketer or GTM support (``GTM Marketer — Public Sector``)."""
    return f"{p.title} — {p.audience}" if p.audience and p.kind != "head_of_gtm" else p.title


def _per_head(plan: Plan, role: LegacyRole) -> float:
    return legacy_role_loaded_cost(plan, role) / role.headcount if role.headcount else 0.0


def _team_pay(plan: Plan, role: LegacyRole) -> tuple[float, ...]:
    """Each of the team's people's actual pay from the roster (empty without a roster)."""
    roster = plan.roster_people
    return () if roster is None else tuple(p.pay for p in roster.team(role.name))


def _other(basis: OnCostBasis) -> CostBasis | None:
    return basis if isinstance(basis, CostBasis) else None


def _team_bases(plan: Plan, role: LegacyRole) -> tuple[OnCostBasis, ...]:
    """Each of the team's roster people's on-costs, when any is costed outside the plan's UK
    on-costs; else empty."""
    roster = plan.roster_people
    if roster is None:
        return ()
    bases = tuple(cost_basis(plan, person_country(plan, p)) for p in roster.team(role.name))
    return bases if any(isinstance(b, CostBasis) for b in bases) else ()


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
    flowing: dict[str, float] = {}
    for f in all_flows:
        if f.team is not None:
            flowing[f.team] = flowing.get(f.team, 0.0) + f.count
    shown = {p.key: position_name(p) for p in neworg.positions(plan)}
    lines: list[StaffingLine] = []
    for name, (i, role) in teams.items():
        per_head = _per_head(plan, role)
        salary = legacy_role_salary(plan, role)
        pay = _team_pay(plan, role)
        team_bases = _team_bases(plan, role)
        basis = _other(cost_basis(plan, role_country(plan, role)))
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
                    derived=f.derived, team_pay=pay, basis=basis, team_bases=team_bases,
                )
            )  # fmt: skip
        rest = role.headcount - flowing.get(name, 0.0)
        if rest > _EPS:
            lines.append(
                StaffingLine(
                    group=GROUP_LEGACY, name=f"{name} (stays)",
                    path=f"legacy_roles[{i}].headcount", headcount=rest, first_month=1,
                    last_month=None, annual_cost=rest * per_head, salary=salary, kind="stay",
                    team=name, team_pay=pay, basis=basis, team_bases=team_bases,
                )
            )  # fmt: skip
    for f in all_flows:
        if f.kind == "leave" or f.to is None:
            continue
        band, point = key_band(plan, f.to)
        country = key_country(plan, f.to)
        lines.append(
            StaffingLine(
                group=_key_group(plan, f.to), name=shown.get(f.to, f.to), path=f.path,
                headcount=f.count, first_month=f.month, last_month=None,
                annual_cost=f.count * loaded_cost_at(plan, band, point, country),
                salary=salary_at(band, point), kind=f.kind, team=f.team, to=f.to,
                derived=f.derived, basis=_other(cost_basis(plan, country)),
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
