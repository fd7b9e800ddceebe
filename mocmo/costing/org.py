"""Costing: the org totals — the MarOps team and its role coverage, the replaced roles and the
net change, the legacy and new org by group, the waterfall, and the cost lines the ranges draw."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from mocmo import neworg
from mocmo.costing.people import (
    FLAT_THRESHOLD,
    GROUP_FUNCTIONAL,
    GROUP_MAROPS,
    LEGACY_GROUPS,
    NEW_GROUPS,
    PointSpec,
    benefits,
    employer_ni,
    employer_pension,
    legacy_role_loaded_cost,
    legacy_role_payroll,
    legacy_role_salary,
    loaded_cost,
    loaded_cost_at,
    position_country,
    recruitment_fee,
    role_country,
    salary_at,
    seat_basis,
    seat_country,
    tools,
)
from mocmo.costing.profiles import CostBasis, cost_basis
from mocmo.plan import (
    MAROPS_ROLE_KEYS,
    MAROPS_ROLE_TITLES,
    Band,
    MarOpsSeat,
    OnCosts,
    Plan,
    Problem,
    band_fraction,
)

# --------------------------------------------------------------------------- the MarOps team


def _role_title(plan: Plan, key: str) -> str:
    for role in plan.marops_roles:
        if role.key == key:
            return role.title
    return MAROPS_ROLE_TITLES[key]


def seat_salary(plan: Plan, seat: MarOpsSeat, point: PointSpec = None) -> float:
    """Base salary of one MarOps seat (one person, whatever roles it holds) at ``point``, or
    at the seat's own point when None (currency/year). Its band is the seat's override, else
    the band of the highest-paid role it holds."""
    return salary_at(plan.seat_band(seat), seat.point if point is None else point)


def marops_headcount(plan: Plan) -> int:
    """People in the MarOps team: one per seat, however many roles each seat holds."""
    return len(plan.marops_seats)


def marops_base_salary(plan: Plan, point: PointSpec = None) -> float:
    """Base salaries of the MarOps team: sum over seats of the seat's salary, every seat at
    ``point`` (or at its own point when None) (currency/year)."""
    return sum((seat_salary(plan, s, point) for s in plan.marops_seats), 0.0)


def marops_loaded_cost(plan: Plan, point: PointSpec = None) -> float:
    """Fully loaded cost of the MarOps team: sum over seats of the loaded cost of the seat's
    salary at ``point`` (or its own point when None) (currency/year)."""
    return sum(
        (
            float(loaded_cost(seat_salary(plan, s, point), seat_basis(plan, s)))
            for s in plan.marops_seats
        ),
        0.0,
    )


def marops_loaded_cost_range(seats: pd.DataFrame) -> tuple[float, float]:
    """The MarOps team's fully loaded cost with every seat at the low and at the high of its
    band, from ``seats`` (:func:`marops_seat_table`) (currency/year)."""
    return float(seats["loaded_cost_low"].sum()), float(seats["loaded_cost_high"].sum())


def marops_seat_table(plan: Plan) -> pd.DataFrame:
    """One row per MarOps seat: the roles it holds, its band and point, salary at low / mid /
    high and at its own point, each on-cost, loaded cost at low / mid / high and at its own
    point, hire month and one-off recruitment fee (money in currency/year)."""
    rows: list[dict[str, Any]] = []
    for seat in plan.marops_seats:
        oc = seat_basis(plan, seat)
        band = plan.seat_band(seat)
        salary = seat_salary(plan, seat)
        rows.append(
            {
                "seat": seat.name,
                "roles": " + ".join(_role_title(plan, k) for k in seat.roles),
                "role_count": len(seat.roles),
                "band_low": band.low,
                "band_high": band.high,
                "band_overridden": seat.band is not None,
                "point": band_fraction(seat.point),
                "salary_low": band.low,
                "salary_mid": salary_at(band, "mid"),
                "salary_high": band.high,
                "salary": salary,
                "employer_ni": float(employer_ni(salary, oc)),
                "employer_pension": float(employer_pension(salary, oc)),
                "benefits": float(benefits(salary, oc)),
                "tools": tools(oc),
                "loaded_cost": float(loaded_cost(salary, oc)),
                "loaded_cost_low": float(loaded_cost(band.low, oc)),
                "loaded_cost_mid": float(loaded_cost(salary_at(band, "mid"), oc)),
                "loaded_cost_high": float(loaded_cost(band.high, oc)),
                "hire_month": seat.hire_month,
                "recruitment_fee": (
                    float(recruitment_fee(salary, oc)) if seat.hire_month is not None else 0.0
                ),
            }
        )
    columns = [
        "seat", "roles", "role_count", "band_low", "band_high", "band_overridden", "point",
        "salary_low", "salary_mid", "salary_high", "salary", "employer_ni", "employer_pension",
        "benefits", "tools", "loaded_cost", "loaded_cost_low", "loaded_cost_mid",
        "loaded_cost_high", "hire_month", "recruitment_fee",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def marops_coverage(plan: Plan) -> dict[str, tuple[str, ...]]:
    """For each of the four MarOps roles (by key), the seats that hold it (may be empty)."""
    return {
        key: tuple(s.name for s in plan.marops_seats if key in s.roles) for key in MAROPS_ROLE_KEYS
    }


def missing_marops_roles(plan: Plan) -> tuple[str, ...]:
    """Keys of the MarOps roles no seat holds: the gaps in the four-role structure."""
    return tuple(key for key, seats in marops_coverage(plan).items() if not seats)


def coverage_problems(plan: Plan) -> list[Problem]:
    """A warning for each of the four MarOps roles that no seat holds."""
    why = {
        "head_of_marops": "nobody owns the function, the AI governance call and the budget",
        "workflow_architect": "nobody decides which workflow steps AI runs, assists or leaves "
        "to people",
        "data_steward": "nobody decides what data may enter AI workflows",
        "prompt_knowledge_designer": "nobody owns prompts, knowledge bases and agent "
        "instructions, or audits what agents produce",
    }
    return [
        Problem(
            "marops_seats",
            f"no seat holds the {_role_title(plan, key)} role: {why[key]}; add it to a seat "
            "(a small team can combine roles in one person)",
            "warning",
        )
        for key in missing_marops_roles(plan)
    ]


# --------------------------------------------------------------------------- replaced roles


_Heads = tuple[int, Band, str | float]
"""People on one band at one point: (how many, the band, the point)."""


def _replaced_heads(plan: Plan) -> list[_Heads]:
    return [(r.count, r.band, r.point) for r in plan.replaced_roles]


def _legacy_heads(plan: Plan) -> list[_Heads]:
    return [(r.headcount, r.band, r.point) for r in plan.legacy_roles]


def _base_salary_of(heads: Iterable[_Heads]) -> float:
    """Sum of how many × salary at the point (currency/year)."""
    return sum((n * salary_at(band, point) for n, band, point in heads), 0.0)


def _loaded_cost_of(plan: Plan, heads: Iterable[_Heads]) -> float:
    """Sum of how many × loaded cost of the salary at the point (currency/year)."""
    return sum((n * loaded_cost_at(plan, band, point) for n, band, point in heads), 0.0)


def replaced_roles_headcount(plan: Plan) -> int:
    """People in the coordinator, specialist and platform-owner roles MarOps replaces."""
    return sum(n for n, _, _ in _replaced_heads(plan))


def replaced_roles_base_salary(plan: Plan) -> float:
    """Base salaries of the replaced roles: sum of count × salary at the role's point
    (currency/year)."""
    return _base_salary_of(_replaced_heads(plan))


def replaced_roles_loaded_cost(plan: Plan) -> float:
    """Fully loaded cost of the replaced roles: sum of count × loaded cost of the salary at
    the role's point (currency/year)."""
    return _loaded_cost_of(plan, _replaced_heads(plan))


def replaced_role_table(plan: Plan) -> pd.DataFrame:
    """One row per replaced role: title, count, band, point, salary and loaded cost per head,
    base and loaded totals (money in currency/year), and the month it ends."""
    oc = cost_basis(plan)
    rows = []
    for role in plan.replaced_roles:
        salary = salary_at(role.band, role.point)
        per_head = float(loaded_cost(salary, oc))
        rows.append(
            {
                "title": role.title,
                "count": role.count,
                "band_low": role.band.low,
                "band_high": role.band.high,
                "point": band_fraction(role.point),
                "salary": salary,
                "loaded_cost_per_head": per_head,
                "base_salary": role.count * salary,
                "loaded_cost": role.count * per_head,
                "leaves_month": role.leaves_month,
            }
        )
    columns = [
        "title", "count", "band_low", "band_high", "point", "salary", "loaded_cost_per_head",
        "base_salary", "loaded_cost", "leaves_month",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def marops_net_change(plan: Plan, point: PointSpec = None) -> float:
    """Net annual cost of the MarOps change: MarOps team loaded cost (every seat at ``point``,
    or its own point when None) − the replaced roles' loaded cost at their own points
    (currency/year). Negative means the change saves money."""
    return marops_loaded_cost(plan, point) - replaced_roles_loaded_cost(plan)


def marops_net_change_share(plan: Plan, point: PointSpec = None) -> float | None:
    """The MarOps net change as a fraction of the replaced roles' loaded cost (0.05 = 5% more
    than the roles it replaces); None when the plan replaces no roles."""
    replaced = replaced_roles_loaded_cost(plan)
    if replaced <= 0:
        return None
    return marops_net_change(plan, point) / replaced


def is_roughly_flat(share: float | None, threshold: float = FLAT_THRESHOLD) -> bool | None:
    """True when a net change share is within ±``threshold`` (the "net roughly flat" claim);
    None when there is no share to judge."""
    if share is None:
        return None
    return abs(share) <= threshold


def net_roughly_flat(plan: Plan, point: PointSpec = None) -> bool | None:
    """Whether the claim "the MarOps change is net roughly flat" holds for this plan: the net
    change is within ±:data:`FLAT_THRESHOLD` of the replaced roles' loaded cost."""
    return is_roughly_flat(marops_net_change_share(plan, point))


# --------------------------------------------------------------------------- the whole org


def custodian_fte(plan: Plan) -> dict[str, float]:
    """Craft Custodian FTE per legacy role name, from the role-reshape step
    (:func:`mocmo.reshape.custodian_fte`): the hours that stay with each role."""
    from mocmo import reshape

    fte: dict[str, float] = reshape.custodian_fte(plan)
    return fte


def _positions(plan: Plan, fte: Mapping[str, float] | None) -> tuple[neworg.Position, ...]:
    """The new org's positions; with ``fte``, each custodian's FTE from it (a what-if)."""
    if fte is None:
        return neworg.positions(plan)
    return neworg.positions_with_custodian_fte(plan, fte)


def gtm_headcount(plan: Plan) -> dict[str, int]:
    """People in the audience tower (:func:`mocmo.neworg.positions`): one Head of GTM (when
    the plan has any audience) and one GTM Marketer per audience."""
    found = neworg.positions(plan)
    return {
        neworg.HEAD_OF_GTM: sum(1 for p in found if p.kind == "head_of_gtm"),
        neworg.GTM_MARKETER: sum(1 for p in found if p.kind == "gtm_marketer"),
    }


def legacy_org_table(plan: Plan) -> pd.DataFrame:
    """The legacy org, one row per legacy role: group, headcount, salary and loaded cost per
    head, base and loaded totals (money in currency/year) — at the role's band and point, or
    from the roster's actual pay when the plan has one (salary = the team's mean pay, loaded
    cost per head = the team's loaded cost ÷ headcount; :mod:`mocmo.costing.people`). The
    legacy marketing-operations function (``new_home: marops``) is in the MarOps group."""
    rows = []
    for role in plan.legacy_roles:
        salary = legacy_role_salary(plan, role)
        loaded = legacy_role_loaded_cost(plan, role)
        rows.append(
            {
                "org": "legacy",
                "group": GROUP_MAROPS if role.new_home == "marops" else GROUP_FUNCTIONAL,
                "role": role.name,
                "headcount": float(role.headcount),
                "salary": salary,
                "loaded_cost_per_head": loaded / role.headcount,
                "base_salary": legacy_role_payroll(plan, role),
                "loaded_cost": loaded,
            }
        )
    return pd.DataFrame(rows, columns=_ORG_COLUMNS)


_ORG_COLUMNS = [
    "org", "group", "role", "headcount", "salary", "loaded_cost_per_head", "base_salary",
    "loaded_cost",
]  # fmt: skip


def new_org_table(plan: Plan, fte: Mapping[str, float] | None = None) -> pd.DataFrame:
    """The new org, one row per position: the Head of GTM and the GTM Marketers (at the
    ``new_roles`` bands and points), each Craft Custodian role (FTE from the reshape step ×
    the loaded cost of its legacy role's band and point) and each MarOps seat (at its own
    point). Headcount may be fractional for custodians (FTE). Money in currency/year.

    The positions are :func:`mocmo.neworg.positions`; ``fte`` overrides the reshape step's
    custodian FTE (legacy role name → FTE).
    """
    rows: list[dict[str, Any]] = []

    def add(group: str, role: str, heads: float, salary: float, country: str) -> None:
        per_head = float(loaded_cost(salary, cost_basis(plan, country)))
        rows.append(
            {
                "org": "new",
                "group": group,
                "role": role,
                "headcount": float(heads),
                "salary": salary,
                "loaded_cost_per_head": per_head,
                "base_salary": heads * salary,
                "loaded_cost": heads * per_head,
            }
        )

    for group, title, heads, salary, country in _position_rows(plan, _positions(plan, fte)):
        add(group, title, heads, salary, country)
    return pd.DataFrame(rows, columns=_ORG_COLUMNS)


def _position_rows(
    plan: Plan, found: Sequence[neworg.Position]
) -> list[tuple[str, str, float, float, str]]:
    """(group, title, FTE, salary, country) per position, the GTM Marketers (one band, point
    and country) in one row where the first of them is, and their support FTE likewise."""
    rows: list[tuple[str, str, float, float, str]] = []
    merged: dict[str, int] = {}  # the GTM Marketers, and their support, one row each
    for p in found:
        if p.kind in ("gtm_marketer", "gtm_support") and p.kind in merged:
            group, title, heads, salary, country = rows[merged[p.kind]]
            rows[merged[p.kind]] = (group, title, heads + p.fte, salary, country)
            continue
        if p.kind in ("gtm_marketer", "gtm_support"):
            merged[p.kind] = len(rows)
        country = position_country(plan, p)
        rows.append((p.group, p.title, p.fte, salary_at(p.band, p.point), country))
    return rows


def legacy_org_headcount(plan: Plan) -> int:
    """People in the legacy org: the sum of the legacy roles' headcounts."""
    return sum(n for n, _, _ in _legacy_heads(plan))


def legacy_org_base_salary(plan: Plan) -> float:
    """Base salaries of the legacy org: sum over legacy roles of
    :func:`~mocmo.costing.people.legacy_role_payroll` (headcount × salary at the role's point,
    or the roster's salary × FTE) (currency/year)."""
    return sum((legacy_role_payroll(plan, r) for r in plan.legacy_roles), 0.0)


def legacy_org_loaded_cost(plan: Plan) -> float:
    """Fully loaded cost of the legacy org: sum over legacy roles of
    :func:`~mocmo.costing.people.legacy_role_loaded_cost` (headcount × loaded cost of the
    salary at the role's point, or each roster person's own loaded cost) (currency/year)."""
    return sum((legacy_role_loaded_cost(plan, r) for r in plan.legacy_roles), 0.0)


def new_org_headcount(plan: Plan, fte: Mapping[str, float] | None = None) -> float:
    """People (FTE) in the new org: GTM + custodian FTE + MarOps seats."""
    return float(new_org_table(plan, fte)["headcount"].sum())


def new_org_base_salary(plan: Plan, fte: Mapping[str, float] | None = None) -> float:
    """Base salaries of the new org: sum over its positions of headcount × salary
    (currency/year)."""
    return float(new_org_table(plan, fte)["base_salary"].sum())


def new_org_loaded_cost(plan: Plan, fte: Mapping[str, float] | None = None) -> float:
    """Fully loaded cost of the new org: sum over its positions of headcount × loaded cost
    per head (currency/year)."""
    return float(new_org_table(plan, fte)["loaded_cost"].sum())


def org_net_change(plan: Plan, fte: Mapping[str, float] | None = None) -> float:
    """Net annual change of the whole org: new org loaded cost − legacy org loaded cost
    (currency/year). Negative means the new org costs less."""
    return new_org_loaded_cost(plan, fte) - legacy_org_loaded_cost(plan)


def org_cost_by_group(plan: Plan, fte: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Legacy vs new by group, one row per group (functional teams, GTM, Custodians, MarOps,
    Other): headcount, base salary and loaded cost in each org, and the change in loaded cost
    (new − legacy). Money in currency/year. The rows sum to the org totals."""
    tables = [legacy_org_table(plan), new_org_table(plan, fte)]
    # An empty table (a plan with no new-org rows yet) adds no rows and must not set dtypes.
    both = pd.concat([t for t in tables if not t.empty] or tables[:1], ignore_index=True)
    groups = list(dict.fromkeys([*LEGACY_GROUPS[:1], *NEW_GROUPS]))
    rows = []
    for group in groups:
        part = both[both["group"] == group]
        legacy = part[part["org"] == "legacy"]
        new = part[part["org"] == "new"]
        rows.append(
            {
                "group": group,
                "legacy_headcount": float(legacy["headcount"].sum()),
                "legacy_base_salary": float(legacy["base_salary"].sum()),
                "legacy_loaded_cost": float(legacy["loaded_cost"].sum()),
                "new_headcount": float(new["headcount"].sum()),
                "new_base_salary": float(new["base_salary"].sum()),
                "new_loaded_cost": float(new["loaded_cost"].sum()),
            }
        )
    table = pd.DataFrame(rows)
    table["change"] = table["new_loaded_cost"] - table["legacy_loaded_cost"]
    return table


@dataclass(frozen=True)
class OrgCostTotals:
    """The whole org, legacy vs new: the total row of :func:`org_cost_by_group`."""

    legacy_headcount: float
    """People in the legacy org."""
    legacy_loaded_cost: float
    """Fully loaded cost of the legacy org (currency/year)."""
    new_headcount: float
    """People in the new org (custodians in FTE)."""
    new_loaded_cost: float
    """Fully loaded cost of the new org (currency/year)."""
    change: float
    """New minus legacy loaded cost (currency/year)."""
    change_share: float | None
    """The change as a fraction of the legacy cost; None when the legacy org costs nothing."""


def org_cost_totals(by_group: pd.DataFrame) -> OrgCostTotals:
    """Totals over the groups of ``by_group`` (:func:`org_cost_by_group`): headcount and
    loaded cost of each org, the change and the change as a share of the legacy cost."""
    legacy = float(by_group["legacy_loaded_cost"].sum())
    new = float(by_group["new_loaded_cost"].sum())
    return OrgCostTotals(
        legacy_headcount=float(by_group["legacy_headcount"].sum()),
        legacy_loaded_cost=legacy,
        new_headcount=float(by_group["new_headcount"].sum()),
        new_loaded_cost=new,
        change=new - legacy,
        change_share=(new - legacy) / legacy if legacy else None,
    )


def net_change_waterfall(plan: Plan, fte: Mapping[str, float] | None = None) -> pd.DataFrame:
    """The steps from the legacy org's loaded cost to the new org's: the legacy total, minus
    each legacy group's cost (removed), plus each new group's cost (added), the new total.

    Columns: ``step`` (label), ``kind`` (total | removed | added), ``amount`` (signed change,
    or the total), ``start`` and ``end`` (running total before and after the step), all in
    currency/year. Groups costing nothing are left out; the last ``end`` is the new total.
    """
    groups = org_cost_by_group(plan, fte)
    removed = dict(zip(groups["group"], groups["legacy_loaded_cost"].astype(float), strict=True))
    added = dict(zip(groups["group"], groups["new_loaded_cost"].astype(float), strict=True))
    legacy = sum(removed.values())
    rows: list[dict[str, Any]] = [
        {"step": "Legacy org", "kind": "total", "amount": legacy, "start": 0.0, "end": legacy}
    ]
    running = legacy
    for group, cost in removed.items():
        if cost:
            rows.append(
                {"step": f"− {group} (legacy)", "kind": "removed", "amount": -cost,
                 "start": running, "end": running - cost}
            )  # fmt: skip
            running -= cost
    for group in NEW_GROUPS:
        cost = added[group]
        if cost:
            rows.append(
                {"step": f"+ {group}", "kind": "added", "amount": cost, "start": running,
                 "end": running + cost}
            )  # fmt: skip
            running += cost
    rows.append(
        {"step": "New org", "kind": "total", "amount": running, "start": 0.0, "end": running}
    )
    return pd.DataFrame(rows, columns=["step", "kind", "amount", "start", "end"])


def waterfall_net_change(steps: pd.DataFrame) -> float:
    """The net change a waterfall (:func:`net_change_waterfall`) walks through: its last
    running total (the new org) less its first (the legacy org) (currency/year)."""
    return float(steps["end"].iloc[-1]) - float(steps["end"].iloc[0])


# --------------------------------------------------------------------------- cost lines


@dataclass(frozen=True)
class CostLine:
    """One salary the plan pays (one band, one point), and how many people it counts for in
    each total. The Monte Carlo draws one salary per line per draw and uses it everywhere the
    line counts, so every total in a draw is consistent."""

    key: str
    """The plan path of the line's point, e.g. ``marops_seats[1].point``."""
    label: str
    band: Band
    point: float
    """Fraction of the way up the band (0 = low, 1 = high)."""
    legacy_heads: float = 0.0
    new_heads: float = 0.0
    marops_heads: float = 0.0
    replaced_heads: float = 0.0
    hires: float = 0.0
    """People hired into this line during the change (one-off recruitment fee each)."""
    country: str = ""
    """The country the line's people are costed in; empty: the plan's."""


def _salary_line(
    key: str, title: str, band: Band, point: str | float, country: str = "", **heads: float
) -> CostLine:
    """The cost line of the salary at ``point`` in ``band``, labelled '``title`` salary', with
    its ``heads`` (:class:`CostLine`'s head and hire counts), costed in ``country``."""
    return CostLine(
        key=key, label=f"{title} salary", band=band, point=band_fraction(point), country=country,
        **heads,
    )  # fmt: skip


def line_bases(plan: Plan, lines: Sequence[CostLine]) -> dict[str, CostBasis]:
    """The on-costs of the lines costed outside the plan's UK on-costs, by country (empty when
    every line is a UK line on a GBP plan)."""
    found: dict[str, CostBasis] = {}
    for line in lines:
        basis = cost_basis(plan, line.country or None)
        if isinstance(basis, CostBasis):
            found[line.country] = basis
    return found


def cost_lines(plan: Plan, fte: Mapping[str, float] | None = None) -> tuple[CostLine, ...]:
    """Every distinct salary in the plan as a :class:`CostLine`: each legacy role (legacy
    headcount; its custodian FTE in the new org, at the same band and point), the Head of GTM,
    the GTM Marketers, each MarOps seat and each replaced role. New-org heads come from
    :func:`mocmo.neworg.positions` (custodian FTE from ``fte`` when given)."""
    found = _positions(plan, fte)
    custodians: dict[int, float] = {}
    heads = {neworg.HEAD_OF_GTM: 0.0, neworg.GTM_MARKETER: 0.0}
    for p in found:
        if p.kind == "custodian" and p.index is not None:
            custodians[p.index] = custodians.get(p.index, 0.0) + p.fte
        elif p.kind in ("head_of_gtm", "gtm_marketer"):
            heads[p.title] += p.fte
        elif p.kind == "gtm_support":  # at the GTM Marketer's band and point
            heads[neworg.GTM_MARKETER] += p.fte
    hires = {neworg.HEAD_OF_GTM: 0, neworg.GTM_MARKETER: 0}
    for h in plan.hires:
        if h.position in hires:
            hires[h.position] += h.count
    nr = plan.new_roles
    lines = [
        _salary_line(
            f"legacy_roles[{i}].point",
            r.name,
            r.band,
            r.point,
            country=role_country(plan, r),
            legacy_heads=float(r.headcount),
            new_heads=custodians.get(i, 0.0),
        )
        for i, r in enumerate(plan.legacy_roles)
    ]
    lines += [
        _salary_line(
            f"new_roles.{field}_point",
            title,
            band,
            point,
            new_heads=float(heads[title]),
            hires=float(hires[title]),
        )
        for title, field, band, point in (
            (neworg.HEAD_OF_GTM, "head_of_gtm", nr.head_of_gtm, nr.head_of_gtm_point),
            (neworg.GTM_MARKETER, "gtm_marketer", nr.gtm_marketer, nr.gtm_marketer_point),
        )
    ]
    lines += [
        _salary_line(
            f"marops_seats[{p.index}].point",
            p.title,
            p.band,
            p.point,
            country=seat_country(plan, plan.marops_seats[p.index]),
            new_heads=p.fte,
            marops_heads=p.fte,
            hires=1.0 if plan.marops_seats[p.index].hire_month is not None else 0.0,
        )
        for p in found
        if p.kind == "marops_seat" and p.index is not None
    ]
    lines += [
        _salary_line("assumptions.staffing.marops", p.title, p.band, p.point, new_heads=p.fte)
        for p in found
        if p.kind == "marops_support"
    ]
    lines += [
        _salary_line(
            f"replaced_roles[{i}].point", r.title, r.band, r.point, replaced_heads=float(r.count)
        )
        for i, r in enumerate(plan.replaced_roles)
    ]
    return tuple(lines)


_HEAD_FIELDS = ("marops_heads", "replaced_heads", "legacy_heads", "new_heads")


def _head_matrix(lines: Sequence[CostLine]) -> npt.NDArray[np.float64]:
    """People per line in each total: shape (4, lines), rows in :data:`_HEAD_FIELDS` order."""
    return np.array([[getattr(line, f) for line in lines] for f in _HEAD_FIELDS], dtype=float)


def _quantities(
    lines: Sequence[CostLine],
    salaries: npt.NDArray[np.float64],
    on_costs: OnCosts,
    others: Mapping[str, CostBasis] | None = None,
) -> dict[str, npt.NDArray[np.float64]]:
    """Every :data:`COST_QUANTITIES` total from salaries of shape (lines, draws): each total
    is the sum over lines of people × loaded cost of the line's salary — under ``on_costs``,
    or for a line whose country is in ``others`` (:func:`line_bases`) under that country's
    rules with ``on_costs``' benefits, tools and fee rates."""
    loaded = loaded_cost(salaries, on_costs)
    for country, basis in (others or {}).items():
        rows = [i for i, line in enumerate(lines) if line.country == country]
        if rows:
            mine = replace(
                basis,
                benefits_rate=on_costs.benefits_rate,
                tools_per_head=on_costs.tools_per_head,
                recruitment_fee_rate=on_costs.recruitment_fee_rate,
            )
            loaded[rows] = loaded_cost(salaries[rows], mine)
    marops, replaced, legacy, new = _head_matrix(lines) @ loaded
    hires = np.array([line.hires for line in lines], dtype=float)
    return {
        "marops_cost": marops,
        "replaced_cost": replaced,
        "marops_net_change": marops - replaced,
        "legacy_org_cost": legacy,
        "new_org_cost": new,
        "net_change": new - legacy,
        "recruitment_fees": hires @ recruitment_fee(salaries, on_costs),
    }
