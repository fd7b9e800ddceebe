"""Every group of the new org staffed to the hours it carries.

The new org's groups and what drives their FTE:

* **GTM Marketers** carry the work that shifts to them plus the AI oversight they own, shared
  across the audiences by the plan's weighting (pipeline target or equal), summed per *owner
  key* — a named owner, or an unowned audience (a row of its own). Each audience keeps exactly
  one accountable GTM Marketer; an owner key whose load is more than its marketers can carry
  gets **support FTE** (titled ``staffing.gtm_support_title``, e.g. "GTM Associate"):
  FTE = max(marketers, round_up(load ÷ capacity, ``staffing.gtm.step``)), support = FTE −
  marketers. The Head of GTM leads the group and carries no audience load.
* **MarOps** carries what stays of roles whose new home is MarOps, the AI oversight it owns,
  and its own workflow, data and agent work (``staffing.marops_own_hours_per_week``): FTE =
  round_up(hours ÷ capacity, ``staffing.marops.step``); the listed seats are the floor, FTE
  beyond them is support (titled ``staffing.marops_support_title``).
* **Craft Custodians** as before: per legacy role, the hours that stay plus the oversight
  custodians own, ÷ ``hours_per_week``, rounded up per craft to ``fte_step``.

Capacity of one person = ``hours_per_week`` × ``productive_share`` (h/wk).

**Fixed headcount.** A group whose ``fixed_fte`` the plan sets ("we will not hire") holds that
FTE (GTM: marketers + support; MarOps: seats + support); the hours beyond its capacity are
**unstaffed hours**, costed at the group's loaded cost per FTE ÷ capacity (per hour), and
the plan is flagged red — never silently absorbed. A fixed FTE below the positions every
audience or seat needs keeps those positions (each audience its one owner, each listed seat)
and is flagged red too.

Units: hours per week (h/wk), FTE, money per year in the plan's currency. Everything here is a
pure function of the plan; the new org's positions (:mod:`mocmo.neworg`) read it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from mocmo import neworg
from mocmo._memo import cache_by_identity
from mocmo.format import fmt_hours, fmt_money, fmt_pct
from mocmo.plan import Assumptions, Band, LegacyRole, Plan, Problem
from mocmo.reshape import role_destination_hours, role_fte, role_oversight_hours_by_owner

if TYPE_CHECKING:
    from mocmo.plan import GroupStaffing

__all__ = [
    "LOAD_FIXES",
    "STAFFED_GROUPS",
    "UNOWNED",
    "GroupStaffingRow",
    "OwnerStaffing",
    "audience_load",
    "audience_weights",
    "checks",
    "custodian_fte",
    "custodian_fte_for_role",
    "custodian_fte_total",
    "custodian_hours",
    "group_staffing",
    "group_staffing_rows",
    "gtm_capacity_hours",
    "gtm_fte",
    "gtm_fte_by_owner",
    "gtm_hours",
    "gtm_hours_total",
    "gtm_marketers_over_capacity",
    "gtm_owner_staffing",
    "headcount_by_group",
    "legacy_headcount",
    "marops_fte",
    "marops_hours",
    "marops_oversight_hours",
    "marops_staffing",
    "marops_support_band",
    "marops_support_fte",
    "new_headcount",
    "new_org",
    "owner_load",
    "owners_over_capacity",
    "person_capacity_hours",
    "round_up_to_step",
    "staffed_fte",
    "unstaffed_hours",
    "unstaffed_hours_cost",
    "unstaffed_hours_cost_by_group",
    "unstaffed_hours_per_week",
]

UNOWNED = "Unowned"
"""Owner label of an audience that has no GTM Marketer named yet."""

LOAD_FIXES = (
    "split the audience between two owners, move more of its work to AI, or have a custodian "
    "set a standard up front that removes a step"
)
"""What fixes a GTM Marketer over capacity."""

STAFFED_GROUPS: tuple[str, ...] = (neworg.GROUP_GTM, neworg.GROUP_MAROPS, neworg.GROUP_CUSTODIANS)
"""The groups :func:`group_staffing` reports, in its row order."""

_EPS = 1e-9


# --------------------------------------------------------------------------- capacity, rounding


def person_capacity_hours(assumptions: Assumptions) -> float:
    """Hours per week one person has for planned work: ``hours_per_week`` ×
    ``productive_share`` (h/wk)."""
    return assumptions.hours_per_week * assumptions.productive_share


def gtm_capacity_hours(assumptions: Assumptions) -> float:
    """Hours per week one GTM Marketer has for planned work (h/wk):
    :func:`person_capacity_hours` (the name the reshape step has always used)."""
    return person_capacity_hours(assumptions)


def round_up_to_step(value: float, step: float) -> float:
    """``value`` rounded up to a multiple of ``step`` (e.g. 1.2 → 1.5 for step 0.5); values
    within 1e-9 of a multiple are not pushed up by floating-point noise."""
    if value <= _EPS:
        return 0.0
    return math.ceil(value / step - _EPS) * step


def staffed_fte(hours: float, capacity: float, step: float, floor: float) -> float:
    """FTE that carry ``hours`` (h/wk) at ``capacity`` h/wk a person: hours ÷ capacity rounded
    up to ``step``, never below ``floor`` (the positions the group has anyway) (FTE)."""
    raw = hours / capacity if capacity > 0 else 0.0
    return max(floor, round_up_to_step(raw, step))


# --------------------------------------------------------------------------- GTM Marketer load


def gtm_hours(role: LegacyRole, assumptions: Assumptions) -> float:
    """Hours per week of a role that GTM Marketers take on: its shifted hours plus the AI
    oversight GTM Marketers own (h/wk)."""
    shifted = role_destination_hours(role, assumptions)["shifts"]
    return shifted + role_oversight_hours_by_owner(role, assumptions)["gtm_marketer"]


def gtm_hours_total(plan: Plan) -> float:
    """Hours per week all roles hand to GTM Marketers (h/wk)."""
    return sum(gtm_hours(r, plan.assumptions) for r in plan.legacy_roles)


def audience_weights(plan: Plan) -> dict[str, float]:
    """Each audience's share (0–1, summing to 1) of the GTM Marketer work: its pipeline target
    ÷ the total, or equal shares when the plan says ``equal`` or every target is 0."""
    audiences = plan.audiences
    if not audiences:
        return {}
    total = sum(a.pipeline_target for a in audiences)
    if plan.assumptions.load_weight == "equal" or total <= 0:
        return {a.name: 1.0 / len(audiences) for a in audiences}
    return {a.name: a.pipeline_target / total for a in audiences}


@cache_by_identity
def audience_load(plan: Plan) -> pd.DataFrame:
    """GTM Marketer hours per week each audience carries.

    Columns: ``audience``, ``owner`` (``None`` if unowned), ``weight`` (0–1),
    ``hours_per_week`` (h/wk) = :func:`gtm_hours_total` × weight.
    """
    total = gtm_hours_total(plan)
    weights = audience_weights(plan)
    rows = [
        {
            "audience": aud.name,
            "owner": aud.owner,
            "weight": weights[aud.name],
            "hours_per_week": total * weights[aud.name],
        }
        for aud in plan.audiences
    ]
    return pd.DataFrame(rows, columns=["audience", "owner", "weight", "hours_per_week"])


@dataclass(frozen=True)
class OwnerStaffing:
    """How one owner key (a named owner, or an unowned audience) is staffed."""

    owner: str
    """The named owner, or :data:`UNOWNED`."""
    owned: bool
    audiences: tuple[str, ...]
    """The audiences of the key, in plan order."""
    audience_indexes: tuple[int, ...]
    """Their positions in the plan's audience list."""
    hours_per_week: float
    """GTM Marketer load of the key's audiences (h/wk)."""
    capacity_hours: float
    """One person's capacity (h/wk)."""
    owner_fte: float
    """The accountable GTM Marketers of the key: one per audience (FTE)."""
    support_fte: float
    """Support FTE for the key's audiences (FTE)."""

    @property
    def raw_fte(self) -> float:
        """Load ÷ one person's capacity, before rounding (FTE)."""
        return self.hours_per_week / self.capacity_hours if self.capacity_hours > 0 else 0.0

    @property
    def fte(self) -> float:
        """Owner + support FTE (FTE)."""
        return self.owner_fte + self.support_fte

    @property
    def staffed_capacity_hours(self) -> float:
        """Hours per week the key's FTE can carry: FTE × capacity (h/wk)."""
        return self.fte * self.capacity_hours


def _owner_keys(plan: Plan) -> list[tuple[str | None, list[int]]]:
    """(owner or None, audience indexes) per owner key, in the order keys first appear."""
    keys: dict[str, tuple[str | None, list[int]]] = {}
    for i, aud in enumerate(plan.audiences):
        key = aud.owner if aud.owner is not None else f"\0{i}"
        keys.setdefault(key, (aud.owner, []))[1].append(i)
    return list(keys.values())


def _fixed_support(
    fixed: float, marketers: float, excess: list[float], loads: list[float]
) -> list[float]:
    """Support FTE a fixed GTM headcount leaves per owner key: ``fixed`` − marketers (not below
    0), shared by each key's hours beyond its marketers' capacity (by load when none is over)."""
    spare = max(0.0, fixed - marketers)
    weights = excess if sum(excess) > _EPS else loads
    total = sum(weights)
    if spare <= _EPS or total <= _EPS:
        return [0.0] * len(loads)
    return [spare * w / total for w in weights]


@cache_by_identity
def gtm_owner_staffing(plan: Plan) -> tuple[OwnerStaffing, ...]:
    """Every owner key's load and FTE (:class:`OwnerStaffing`), in the order the keys first
    appear among the audiences. Not fixed: FTE = max(marketers, round_up(load ÷ capacity,
    ``staffing.gtm.step``)). Fixed: the fixed FTE beyond the marketers is shared as support."""
    a = plan.assumptions
    cap = person_capacity_hours(a)
    loads_by_audience = [float(h) for h in audience_load(plan)["hours_per_week"]]
    keys = _owner_keys(plan)
    loads = [sum(loads_by_audience[i] for i in idx) for _o, idx in keys]
    marketers = [float(len(idx)) for _o, idx in keys]
    fixed = a.staffing.gtm.fixed_fte
    if fixed is None:
        step = a.staffing.gtm.step
        support = [
            staffed_fte(load, cap, step, n) - n for load, n in zip(loads, marketers, strict=True)
        ]
    else:
        excess = [max(0.0, load - n * cap) for load, n in zip(loads, marketers, strict=True)]
        support = _fixed_support(fixed, sum(marketers), excess, loads)
    return tuple(
        OwnerStaffing(
            owner=owner if owner is not None else UNOWNED,
            owned=owner is not None,
            audiences=tuple(plan.audiences[i].name for i in idx),
            audience_indexes=tuple(idx),
            hours_per_week=load,
            capacity_hours=cap,
            owner_fte=n,
            support_fte=s,
        )
        for (owner, idx), load, n, s in zip(keys, loads, marketers, support, strict=True)
    )


_OWNER_COLUMNS = [
    "owner",
    "owned",
    "audiences",
    "hours_per_week",
    "capacity_hours",
    "raw_fte",
    "owner_fte",
    "support_fte",
    "fte",
    "staffed_capacity_hours",
    "utilisation",
    "staffed_utilisation",
    "over_capacity",
]


@cache_by_identity
def owner_load(plan: Plan) -> pd.DataFrame:
    """Load per owner key against capacity; an unowned audience is a row of its own.

    Columns: ``owner`` (the person, or ``"Unowned"``), ``owned`` (bool), ``audiences`` (names
    joined by ", "), ``hours_per_week`` (h/wk, summed over the key's audiences),
    ``capacity_hours`` (one person's, h/wk), ``raw_fte`` (load ÷ capacity), ``owner_fte``
    (one per audience), ``support_fte``, ``fte`` (owner + support), ``staffed_capacity_hours``
    (FTE × capacity, h/wk), ``utilisation`` (load ÷ one person's capacity, 1 = 100%),
    ``staffed_utilisation`` (load ÷ staffed capacity), ``over_capacity`` (owned rows whose load
    exceeds their staffed capacity: only when the plan fixes the GTM headcount).
    """
    rows = []
    for o in gtm_owner_staffing(plan):
        staffed = o.staffed_capacity_hours
        staffed_use = o.hours_per_week / staffed if staffed > _EPS else 0.0
        rows.append(
            {
                "owner": o.owner,
                "owned": o.owned,
                "audiences": ", ".join(o.audiences),
                "hours_per_week": o.hours_per_week,
                "capacity_hours": o.capacity_hours,
                "raw_fte": o.raw_fte,
                "owner_fte": o.owner_fte,
                "support_fte": o.support_fte,
                "fte": o.fte,
                "staffed_capacity_hours": staffed,
                "utilisation": o.raw_fte,
                "staffed_utilisation": staffed_use,
                "over_capacity": o.owned and o.hours_per_week > staffed + _EPS,
            }
        )
    return pd.DataFrame(rows, columns=_OWNER_COLUMNS)


def gtm_fte_by_owner(plan: Plan) -> pd.DataFrame:
    """:func:`owner_load` — per owner key: load, capacity, owner FTE, support FTE, FTE."""
    return owner_load(plan)


def owners_over_capacity(plan: Plan) -> list[str]:
    """GTM Marketers whose load is above their staffed capacity, in audience order (none
    unless the plan fixes the GTM headcount)."""
    table = owner_load(plan)
    return [str(o) for o in table.loc[table["over_capacity"], "owner"]]


def gtm_marketers_over_capacity(plan: Plan) -> int:
    """Number of GTM Marketers whose audience work exceeds their staffed capacity (count): 0
    when the group is staffed to its work."""
    return len(owners_over_capacity(plan))


# --------------------------------------------------------------------------- custodians


def custodian_hours(role: LegacyRole, assumptions: Assumptions) -> float:
    """Hours per week the role's Craft Custodians hold: hours that stay plus the AI oversight
    custodians own (h/wk); 0 for a role whose new home is MarOps."""
    if role.new_home == "marops":
        return 0.0
    stays = role_destination_hours(role, assumptions)["stays"]
    return stays + role_oversight_hours_by_owner(role, assumptions)["custodian"]


def custodian_fte_for_role(role: LegacyRole, assumptions: Assumptions) -> float:
    """Craft Custodian FTE of a role: :func:`custodian_hours` ÷ ``hours_per_week``, rounded up
    to ``fte_step`` (FTE); 0 for a role whose new home is MarOps."""
    raw = role_fte(custodian_hours(role, assumptions), assumptions)
    return round_up_to_step(raw, assumptions.fte_step)


@cache_by_identity
def custodian_fte(plan: Plan) -> dict[str, float]:
    """Craft Custodian FTE per legacy role, role name → rounded FTE (for costing and migration)."""
    return {r.name: custodian_fte_for_role(r, plan.assumptions) for r in plan.legacy_roles}


def custodian_fte_total(plan: Plan) -> float:
    """Craft Custodian FTE of the new org: Σ per craft of the rounded FTE (FTE)."""
    return float(sum(custodian_fte(plan).values()))


# --------------------------------------------------------------------------- MarOps


def marops_oversight_hours(plan: Plan) -> float:
    """Hours per week of MarOps work that comes from the legacy roles: the stays and custodian
    oversight of roles whose new home is MarOps, plus every role's AI oversight owned by MarOps
    (h/wk)."""
    total = 0.0
    for role in plan.legacy_roles:
        owners = role_oversight_hours_by_owner(role, plan.assumptions)
        total += owners["marops"]
        if role.new_home == "marops":
            total += role_destination_hours(role, plan.assumptions)["stays"]
            total += owners["custodian"]
    return total


def marops_hours(plan: Plan) -> float:
    """Hours per week MarOps holds: :func:`marops_oversight_hours` plus its own workflow, data
    and agent work (``staffing.marops_own_hours_per_week``) (h/wk)."""
    return marops_oversight_hours(plan) + plan.assumptions.staffing.marops_own_hours_per_week


def marops_support_fte(plan: Plan) -> float:
    """MarOps FTE beyond the listed seats (FTE). Not fixed: round_up(:func:`marops_hours` ÷
    capacity, ``staffing.marops.step``) − seats, not below 0; fixed: the fixed FTE − seats,
    not below 0."""
    a = plan.assumptions
    seats = float(len(plan.marops_seats))
    fixed = a.staffing.marops.fixed_fte
    if fixed is not None:
        return max(0.0, fixed - seats)
    cap = person_capacity_hours(a)
    return staffed_fte(marops_hours(plan), cap, a.staffing.marops.step, seats) - seats


def marops_support_band(plan: Plan) -> Band:
    """The band of MarOps support FTE: the plan's MarOps role band with the lowest midpoint
    (the defaults' roles when the plan lists none)."""
    roles = plan.marops_roles
    if not roles:
        from mocmo.defaults import default_marops_roles

        roles = default_marops_roles()
    return min(roles, key=lambda r: (r.band.low + r.band.high, r.band.high)).band.model_copy()


def marops_fte(plan: Plan) -> float:
    """MarOps FTE of the new org: listed seats + support (FTE)."""
    return float(len(plan.marops_seats)) + marops_support_fte(plan)


def gtm_fte(plan: Plan) -> float:
    """FTE of the audience tower: the Head of GTM (when the plan has an audience) + every GTM
    Marketer + their support (FTE)."""
    if not plan.audiences:
        return 0.0
    return 1.0 + sum(o.fte for o in gtm_owner_staffing(plan))


# --------------------------------------------------------------------------- per group


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
    """Hours beyond the FTE's capacity (h/wk)."""
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
    from mocmo.costing import loaded_cost_at

    found = [p for p in neworg.positions(plan) if p.kind in kinds]
    fte = sum(p.fte for p in found)
    if fte <= _EPS:
        return float(loaded_cost_at(plan, *fallback))
    return sum(p.fte * loaded_cost_at(plan, p.band, p.point) for p in found) / fte


def _unstaffed(hours: float, fte: float, capacity: float) -> float:
    return max(0.0, hours - fte * capacity) if hours - fte * capacity > _EPS else 0.0


def _row(
    plan: Plan,
    group: str,
    hours: float,
    fte: float,
    rule: GroupStaffing | None,
    cost: float,
) -> GroupStaffingRow:
    a = plan.assumptions
    cap = person_capacity_hours(a) if group != neworg.GROUP_CUSTODIANS else a.hours_per_week
    fixed = rule is not None and rule.fixed_fte is not None
    return GroupStaffingRow(
        group=group,
        hours_per_week=hours,
        capacity_hours=cap,
        raw_fte=hours / cap if cap > 0 else 0.0,
        step=rule.step if rule is not None else a.fte_step,
        fte=fte,
        fixed=fixed,
        unstaffed_hours=_unstaffed(hours, fte, cap) if fixed else 0.0,
        cost_per_fte=cost,
    )


@cache_by_identity
def group_staffing_rows(plan: Plan) -> tuple[GroupStaffingRow, ...]:
    """One :class:`GroupStaffingRow` per group of :data:`STAFFED_GROUPS`: GTM (marketers and
    support; the Head of GTM carries no audience load and is not counted), MarOps (seats and
    support), Custodians (per craft, rounded up to ``fte_step``; capacity ``hours_per_week``)."""
    s = plan.assumptions.staffing
    nr = plan.new_roles
    gtm = _row(
        plan,
        neworg.GROUP_GTM,
        gtm_hours_total(plan) if plan.audiences else 0.0,
        sum(o.fte for o in gtm_owner_staffing(plan)),
        s.gtm,
        _cost_per_fte(
            plan, ("gtm_marketer", "gtm_support"), (nr.gtm_marketer, nr.gtm_marketer_point)
        ),
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


def _owner_path(plan: Plan, owner: str) -> str:
    first = next(i for i, a in enumerate(plan.audiences) if a.owner == owner)
    return f"audiences[{first}].owner"


def _load_problems(plan: Plan) -> list[Problem]:
    if not plan.audiences:
        hours = gtm_hours_total(plan)
        if hours <= _EPS:
            return []
        return [
            Problem(
                "audiences",
                f"{fmt_hours(hours)} of work shifts to GTM Marketers, but the plan has no "
                "audiences yet to give it to; add the audiences in step 1",
                "warning",
            )
        ]
    problems = []
    for o in gtm_owner_staffing(plan):
        if not o.owned or o.hours_per_week <= o.staffed_capacity_hours + _EPS:
            continue
        problems.append(
            Problem(
                _owner_path(plan, o.owner),
                f"{o.owner} ({', '.join(o.audiences)}) would carry "
                f"{fmt_hours(o.hours_per_week)} of audience work against "
                f"{fmt_hours(o.staffed_capacity_hours)} of capacity in {o.fte:g} FTE "
                f"({fmt_pct(o.hours_per_week / o.staffed_capacity_hours)}): {LOAD_FIXES}",
                "warning",
            )
        )
    return problems


_GROUP_WORDS = {
    neworg.GROUP_GTM: ("GTM Marketers", "assumptions.staffing.gtm.fixed_fte"),
    neworg.GROUP_MAROPS: ("MarOps", "assumptions.staffing.marops.fixed_fte"),
}


def _unstaffed_problems(plan: Plan) -> list[Problem]:
    """A red flag per fixed group whose hours exceed its capacity, in plain words with the fix."""
    problems = []
    currency = plan.meta.currency
    for r in group_staffing_rows(plan):
        if r.unstaffed_hours <= _EPS or r.group not in _GROUP_WORDS:
            continue
        who, path = _GROUP_WORDS[r.group]
        add = round_up_to_step(r.unstaffed_hours / r.capacity_hours, r.step)
        problems.append(
            Problem(
                path,
                f"{who} would work {fmt_pct(r.utilisation)} of their time: "
                f"{fmt_hours(r.unstaffed_hours)} of work has nobody to do it (worth "
                f"{fmt_money(r.unstaffed_cost, currency)} a year); add {add:g} FTE "
                f"({fmt_money(add * r.cost_per_fte, currency)} a year) or move less to them",
                # Red on the page, but the plan stays savable and exportable: "we will not
                # hire" is a decision the CMO may take and put to the CFO, with this cost shown.
                "warning",
            )
        )
    return problems


def _floor_problems(plan: Plan) -> list[Problem]:
    """A fixed headcount below the positions the group has anyway (an owner per audience, the
    listed MarOps seats): refused in plain words."""
    s = plan.assumptions.staffing
    problems = []
    owners = float(len(plan.audiences))
    if s.gtm.fixed_fte is not None and s.gtm.fixed_fte < owners - _EPS:
        problems.append(
            Problem(
                "assumptions.staffing.gtm.fixed_fte",
                f"got {s.gtm.fixed_fte:g} FTE, must be at least {owners:g}: every audience "
                "keeps one accountable GTM Marketer",
                "error",
            )
        )
    seats = float(len(plan.marops_seats))
    if s.marops.fixed_fte is not None and s.marops.fixed_fte < seats - _EPS:
        problems.append(
            Problem(
                "assumptions.staffing.marops.fixed_fte",
                f"got {s.marops.fixed_fte:g} FTE, must be at least {seats:g}: the plan lists "
                f"{seats:g} MarOps seat(s); remove a seat or raise the fixed FTE",
                "error",
            )
        )
    return problems


def checks(plan: Plan) -> list[Problem]:
    """What staffing finds: GTM Marketers over their staffed capacity (a fixed headcount),
    unstaffed hours per group (a warning the page shows as a red flag, with the fix; the plan
    can still be saved and exported), a fixed headcount below the positions the group needs
    anyway (an error: refused)."""
    return [*_load_problems(plan), *_unstaffed_problems(plan), *_floor_problems(plan)]
