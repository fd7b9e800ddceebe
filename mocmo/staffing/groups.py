"""How each group is staffed against the hours it carries, the unstaffed hours of a fixed
headcount and their cost, and the new org's headcount (:mod:`mocmo.staffing`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from mocmo import neworg
from mocmo._memo import cache_by_identity
from mocmo.plan import Band, Plan
from mocmo.staffing.load import (
    _EPS,
    custodian_fte_total,
    custodian_hours,
    gtm_hours_total,
    gtm_owner_staffing,
    marops_fte,
    marops_hours,
    marops_support_band,
    person_capacity_hours,
)

if TYPE_CHECKING:
    from mocmo.plan import GroupStaffing


@dataclass(frozen=True)
class GroupStaffingRow:
    """How one group is staffed against the hours it carries."""

    group: str
    hours_per_week: float
    """Hours the group carries (h/wk)."""
    capacity_hours: float
    """Hours one person of the group has for them (h/wk)."""
    raw_fte: float
    """Hours ÷ capacity, before rounding (FTE)."""
    step: float
    """The rounding step (FTE)."""
    fte: float
    """FTE that carry the hours (the Head of GTM not counted) (FTE)."""
    fixed: bool
    """The plan fixes the group's headcount."""
    unstaffed_hours: float
    """Hours beyond the FTE's capacity (h/wk); GTM: Σ per owner key of its load beyond its own
    FTE's capacity (one marketer's spare hours do not carry another audience's excess)."""
    cost_per_fte: float
    """Average loaded cost of the group's positions per FTE (currency/year)."""

    @property
    def unstaffed_cost(self) -> float:
        """Annual cost of the unstaffed hours at the group's loaded hourly rate: unstaffed h/wk
        ÷ capacity × loaded cost per FTE (currency/year)."""
        if self.capacity_hours <= 0:
            return 0.0
        return self.unstaffed_hours / self.capacity_hours * self.cost_per_fte

    @property
    def utilisation(self) -> float:
        """Hours ÷ (FTE × capacity): share of the group's time the work takes (1 = 100%)."""
        staffed = self.fte * self.capacity_hours
        return self.hours_per_week / staffed if staffed > _EPS else 0.0


def _cost_per_fte(plan: Plan, kinds: tuple[str, ...], fallback: tuple[Band, str | float]) -> float:
    """Average loaded cost per FTE of the positions of ``kinds`` (currency/year); the loaded
    cost at ``fallback`` (band, point) when there is none."""
    from mocmo.costing import loaded_cost_at, position_country

    found = [p for p in neworg.positions(plan) if p.kind in kinds]
    fte = sum(p.fte for p in found)
    if fte <= _EPS:
        return float(loaded_cost_at(plan, *fallback))
    return (
        sum(p.fte * loaded_cost_at(plan, p.band, p.point, position_country(plan, p)) for p in found)
        / fte
    )


def _unstaffed(hours: float, fte: float, capacity: float) -> float:
    return max(0.0, hours - fte * capacity) if hours - fte * capacity > _EPS else 0.0


def _row(
    plan: Plan,
    group: str,
    hours: float,
    fte: float,
    rule: GroupStaffing | None,
    cost: float,
    unstaffed: float | None = None,
) -> GroupStaffingRow:
    """The group's row; ``unstaffed`` (h/wk) replaces hours − FTE × capacity when the group's
    hours are held by separate people who cannot pool their spare time (GTM's owner keys)."""
    a = plan.assumptions
    cap = person_capacity_hours(a) if group != neworg.GROUP_CUSTODIANS else a.hours_per_week
    fixed = rule is not None and rule.fixed_fte is not None
    if unstaffed is None:
        unstaffed = _unstaffed(hours, fte, cap)
    return GroupStaffingRow(
        group=group,
        hours_per_week=hours,
        capacity_hours=cap,
        raw_fte=hours / cap if cap > 0 else 0.0,
        step=rule.step if rule is not None else a.fte_step,
        fte=fte,
        fixed=fixed,
        unstaffed_hours=unstaffed if fixed else 0.0,
        cost_per_fte=cost,
    )


@cache_by_identity
def group_staffing_rows(plan: Plan) -> tuple[GroupStaffingRow, ...]:
    """One :class:`GroupStaffingRow` per group of :data:`STAFFED_GROUPS`: GTM (marketers and
    support; the Head of GTM carries no audience load and is not counted), MarOps (seats and
    support), Custodians (per craft, rounded up to ``fte_step``; capacity ``hours_per_week``)."""
    s = plan.assumptions.staffing
    nr = plan.new_roles
    owners = gtm_owner_staffing(plan)
    gtm = _row(
        plan,
        neworg.GROUP_GTM,
        gtm_hours_total(plan) if plan.audiences else 0.0,
        sum(o.fte for o in owners),
        s.gtm,
        _cost_per_fte(
            plan, ("gtm_marketer", "gtm_support"), (nr.gtm_marketer, nr.gtm_marketer_point)
        ),
        # per owner key: one marketer's spare hours do not carry another audience's excess
        sum(_unstaffed(o.hours_per_week, o.fte, o.capacity_hours) for o in owners),
    )
    marops = _row(
        plan,
        neworg.GROUP_MAROPS,
        marops_hours(plan),
        marops_fte(plan),
        s.marops,
        _cost_per_fte(plan, ("marops_seat", "marops_support"), (marops_support_band(plan), "mid")),
    )
    custodians = _row(
        plan,
        neworg.GROUP_CUSTODIANS,
        sum(custodian_hours(r, plan.assumptions) for r in plan.legacy_roles),
        custodian_fte_total(plan),
        None,
        0.0,
    )
    return (gtm, marops, custodians)


def group_staffing(plan: Plan) -> pd.DataFrame:
    """:func:`group_staffing_rows` as a table, one row per group.

    Columns: ``group``, ``hours_per_week`` (h/wk), ``capacity_hours`` (h/wk a person),
    ``raw_fte`` (FTE), ``step`` (FTE), ``fte`` (FTE), ``fixed`` (bool), ``utilisation``
    (hours ÷ staffed capacity), ``unstaffed_hours`` (h/wk), ``unstaffed_cost``
    (currency/year).
    """
    rows = [
        {
            "group": r.group,
            "hours_per_week": r.hours_per_week,
            "capacity_hours": r.capacity_hours,
            "raw_fte": r.raw_fte,
            "step": r.step,
            "fte": r.fte,
            "fixed": r.fixed,
            "utilisation": r.utilisation,
            "unstaffed_hours": r.unstaffed_hours,
            "unstaffed_cost": r.unstaffed_cost,
        }
        for r in group_staffing_rows(plan)
    ]
    columns = [
        "group", "hours_per_week", "capacity_hours", "raw_fte", "step", "fte", "fixed",
        "utilisation", "unstaffed_hours", "unstaffed_cost",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def marops_staffing(plan: Plan) -> GroupStaffingRow:
    """MarOps's row of :func:`group_staffing_rows`."""
    return group_staffing_rows(plan)[1]


def unstaffed_hours(plan: Plan) -> dict[str, float]:
    """Unstaffed hours per week per group, group → h/wk (0 unless the plan fixes the group's
    headcount below its hours)."""
    return {r.group: r.unstaffed_hours for r in group_staffing_rows(plan)}


def unstaffed_hours_per_week(plan: Plan) -> float:
    """Hours per week of work the new org holds that nobody is staffed to do (h/wk)."""
    return float(sum(unstaffed_hours(plan).values()))


def unstaffed_hours_cost_by_group(plan: Plan) -> dict[str, float]:
    """Annual cost of each group's unstaffed hours at its loaded hourly rate (currency/year)."""
    return {r.group: r.unstaffed_cost for r in group_staffing_rows(plan)}


def unstaffed_hours_cost(plan: Plan) -> float:
    """Annual cost of the unstaffed hours: Σ per group unstaffed h/wk ÷ capacity × the group's
    loaded cost per FTE (currency/year)."""
    return float(sum(unstaffed_hours_cost_by_group(plan).values()))


# --------------------------------------------------------------------------- the new org


@cache_by_identity
def new_org(plan: Plan) -> pd.DataFrame:
    """The positions of the new org (:func:`mocmo.neworg.positions`) and how many of each.

    Columns: ``position``, ``group`` (GTM / Custodians / MarOps), ``count`` (people or FTE),
    ``legacy_role`` (for custodians, the legacy role they come from; else ``None``). Rows: Head
    of GTM (1 if the plan has any audience), GTM Marketer (one per audience, in one row), the
    GTM support FTE (in one row, when there are any), one row per custodian role with FTE > 0,
    one row per MarOps seat (1 each), the MarOps support FTE (when there are any).
    """
    rows: list[dict[str, object]] = []
    merged: dict[str, dict[str, object]] = {}
    for p in neworg.positions(plan):
        if p.kind in ("gtm_marketer", "gtm_support") and p.kind in merged:
            merged[p.kind]["count"] = float(merged[p.kind]["count"]) + p.fte  # type: ignore[arg-type]
            continue
        row: dict[str, object] = {
            "position": p.title,
            "group": p.group,
            "count": p.fte,
            "legacy_role": p.legacy_role,
        }
        if p.kind in ("gtm_marketer", "gtm_support"):
            merged[p.kind] = row
        rows.append(row)
    return pd.DataFrame(rows, columns=["position", "group", "count", "legacy_role"])


def legacy_headcount(plan: Plan) -> int:
    """People in the legacy team: the sum of the roles' headcounts (people)."""
    return sum(r.headcount for r in plan.legacy_roles)


def new_headcount(plan: Plan) -> float:
    """People (FTE) in the new org: Head of GTM + GTM Marketers and support + custodians +
    MarOps seats and support."""
    return float(new_org(plan)["count"].sum())


def headcount_by_group(plan: Plan) -> pd.DataFrame:
    """Legacy vs new headcount by group, for a side-by-side chart or table.

    Columns: ``org`` (``legacy``/``new``), ``group`` (each legacy role's name; GTM, Custodians,
    MarOps for the new org), ``count`` (people or FTE).
    """
    rows: list[dict[str, object]] = [
        {"org": "legacy", "group": r.name, "count": float(r.headcount)} for r in plan.legacy_roles
    ]
    org = new_org(plan)
    for group in neworg.GROUPS:
        rows.append(
            {
                "org": "new",
                "group": group,
                "count": float(org.loc[org["group"] == group, "count"].sum()),
            }
        )
    return pd.DataFrame(rows, columns=["org", "group", "count"])


# --------------------------------------------------------------------------- checks
