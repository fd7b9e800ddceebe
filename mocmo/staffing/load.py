"""Each group's hours and FTE: a person's capacity, the rounding rule, the GTM Marketers'
load per audience and per owner (with support FTE), the custodians per craft, MarOps's hours
and support (:mod:`mocmo.staffing` tells the rules)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from mocmo import neworg
from mocmo._memo import cache_by_identity
from mocmo.plan import Assumptions, Band, LegacyRole, Plan
from mocmo.reshape import role_destination_hours, role_fte, role_oversight_hours_by_owner

if TYPE_CHECKING:
    pass


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
