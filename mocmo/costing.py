"""Step 3 — MarOps costing: what the four-role MarOps team and the new org cost, with ranges.

The leader must defend the budget. A four-role MarOps team (Head of Marketing Operations,
Workflow Architect, Data Steward, Prompt & Knowledge Designer) costs more per head than the
2022 MarOps team, but replaces a layer or two of coordinator and specialist roles, so the net
should be roughly flat. This module says whether that holds for *this* plan:

- **one person's cost** — salary at a point in its band, employer NI, employer pension,
  benefits, tools; their sum is the fully loaded annual cost (:func:`loaded_cost`); a one-off
  recruitment fee when hired (:func:`recruitment_fee`);
- **the MarOps team** — base and loaded cost at low / mid / high and at each seat's own point;
  combined seats cost one salary; the four roles are covered or the gap is flagged;
- **the MarOps change** — the replaced roles' cost, the net change, and whether it is "roughly
  flat" (within :data:`FLAT_THRESHOLD` of the replaced cost);
- **the whole org** — legacy vs new, by group (GTM, Custodians, MarOps, Other);
- **ranges** — a seeded, vectorised Monte Carlo over every band (:func:`simulate`) and a
  sensitivity table (:func:`sensitivity`);
- **reporting lines and the ownership test** — MarOps reports to the CMO, the Prompt &
  Knowledge Designer sits inside MarOps, the Data Steward has a dotted line to a CDO; every
  workflow has one accountable owner, named.

Every function is pure (``Plan`` in, typed result out). Money is per year in the plan's
currency unless a docstring says *one-off*; rates and shares are fractions (0.15 = 15%).
Each formula is deliberately simple so that the finance workbook can mirror it cell by cell.
The per-person functions accept a number or a numpy array of salaries and return the same.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd
import yaml

from mocmo import neworg
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

__all__ = [
    "CDO_NAMES",
    "CMO_NAMES",
    "COST_QUANTITIES",
    "DISTRIBUTIONS",
    "FLAT_THRESHOLD",
    "GROUP_CUSTODIANS",
    "GROUP_FUNCTIONAL",
    "GROUP_GTM",
    "GROUP_MAROPS",
    "GROUP_OTHER",
    "LEGACY_GROUPS",
    "MC_CHUNK_CELLS",
    "MC_DRAWS",
    "MC_PROGRESS_STEPS",
    "MC_SEED",
    "NEW_GROUPS",
    "OWNERSHIP_QUESTION",
    "PERCENTILES",
    "CostLine",
    "Distribution",
    "OrgCostTotals",
    "PointSpec",
    "SensitivityRange",
    "Simulation",
    "benefits",
    "checks",
    "combine_roles_changes",
    "cost_lines",
    "coverage_problems",
    "custodian_fte",
    "default_seat_name",
    "employer_ni",
    "employer_pension",
    "gtm_headcount",
    "headline",
    "is_roughly_flat",
    "legacy_org_base_salary",
    "legacy_org_headcount",
    "legacy_org_loaded_cost",
    "legacy_org_table",
    "loaded_cost",
    "loaded_cost_at",
    "marops_base_salary",
    "marops_coverage",
    "marops_headcount",
    "marops_loaded_cost",
    "marops_loaded_cost_range",
    "marops_net_change",
    "marops_net_change_share",
    "marops_recruitment_fees",
    "marops_seat_table",
    "missing_marops_roles",
    "net_change_waterfall",
    "net_roughly_flat",
    "new_org_base_salary",
    "new_org_headcount",
    "new_org_loaded_cost",
    "new_org_table",
    "one_off_recruitment_fees",
    "org_cost_by_group",
    "org_cost_totals",
    "org_net_change",
    "ownership_problems",
    "ownership_table",
    "person_cost_table",
    "recruitment_fee",
    "recruitment_fee_at",
    "replaced_role_table",
    "replaced_roles_base_salary",
    "replaced_roles_headcount",
    "replaced_roles_loaded_cost",
    "reporting_line_problems",
    "reporting_line_table",
    "salary_at",
    "seat_salary",
    "sensitivity",
    "sensitivity_ranges",
    "simulate",
    "split_seat_changes",
    "to_penny",
    "tools",
    "waterfall_net_change",
]

# --------------------------------------------------------------------------- constants

FLAT_THRESHOLD = 0.10
"""The MarOps change is "roughly flat" when its net cost is within ±10% of the replaced
roles' loaded cost."""

GROUP_GTM = neworg.GROUP_GTM
"""New-org group: the Head of GTM and one GTM Marketer per audience (the audience tower)."""
GROUP_CUSTODIANS = neworg.GROUP_CUSTODIANS
"""New-org group: the Craft Custodians, FTE from the hours that stay with each legacy role."""
GROUP_MAROPS = neworg.GROUP_MAROPS
"""Group of the MarOps team (new) and of the legacy marketing-operations function."""
GROUP_OTHER = neworg.GROUP_OTHER
"""New-org group for anyone else; empty for now, kept so that totals have a place for it."""
GROUP_FUNCTIONAL = "Functional teams"
"""Legacy group: the functional teams (product marketing, brand, content …) of today."""

NEW_GROUPS: tuple[str, ...] = (GROUP_GTM, GROUP_CUSTODIANS, GROUP_MAROPS, GROUP_OTHER)
"""The groups of the new org, in display order."""
LEGACY_GROUPS: tuple[str, ...] = (GROUP_FUNCTIONAL, GROUP_MAROPS)
"""The groups of the legacy org, in display order."""

MC_DRAWS = 10_000
"""Monte Carlo draws the headline figures use."""
MC_SEED = 20260406
"""The fixed seed of the headline Monte Carlo, so that figures are reproducible."""
MC_PROGRESS_STEPS = 10
"""A Monte Carlo with a progress callback reports this many times (one chunk of draws each)."""
MC_CHUNK_CELLS = 20_000
"""The Monte Carlo works on blocks of cost lines holding at most this many salaries (lines ×
draws; at least one line): each block's arrays (~0.16 MB) stay in the processor's cache, so the
time grows with lines × draws and no faster, and the memory stays small on very large plans."""
PERCENTILES: tuple[int, ...] = (10, 50, 90)
"""The percentiles the ranges report."""

Distribution = Literal["triangular", "uniform"]
DISTRIBUTIONS: tuple[str, ...] = ("triangular", "uniform")
"""How a salary is drawn in its band: triangular with its mode at the plan's point, or
uniform over the whole band (which ignores the point)."""

COST_QUANTITIES: tuple[str, ...] = (
    "marops_cost",
    "replaced_cost",
    "marops_net_change",
    "legacy_org_cost",
    "new_org_cost",
    "net_change",
    "recruitment_fees",
)
"""What the Monte Carlo and the sensitivity table compute for each draw or scenario."""

CMO_NAMES: tuple[str, ...] = ("cmo", "chief marketing officer")
"""Names a reporting line may use for the CMO (compared case-insensitively)."""
CDO_NAMES: tuple[str, ...] = ("cdo", "chief data officer")
"""Names a reporting line may use for the Chief Data Officer (compared case-insensitively)."""

OWNERSHIP_QUESTION = (
    "If an AI agent made a wrong buyer-facing decision in this workflow yesterday, "
    "who is responsible for finding out why and fixing it?"
)
"""The ownership test from the MarOps article, asked of every workflow."""

PointSpec = str | float | None
"""A point to cost every seat at: ``low``/``mid``/``high``, a fraction, or None for each
seat's (or role's) own point in the plan."""

Amount = TypeVar("Amount", float, npt.NDArray[np.float64])


# --------------------------------------------------------------------------- one person


def salary_at(band: Band, point: str | float) -> float:
    """Annual base salary at ``point`` in ``band``: low + (high − low) × fraction, where
    low = 0, mid = 0.5, high = 1 (currency/year)."""
    return band.low + (band.high - band.low) * band_fraction(point)


def employer_ni(salary: Amount, on_costs: OnCosts) -> Amount:
    """Employer National Insurance: rate × max(0, salary − threshold) (currency/year)."""
    result: Amount = on_costs.employer_ni_rate * np.maximum(0.0, salary - on_costs.ni_threshold)
    return result


def employer_pension(salary: Amount, on_costs: OnCosts) -> Amount:
    """Employer pension contribution (currency/year).

    Basis ``qualifying``: rate × max(0, min(salary, upper) − lower), i.e. the rate on the
    earnings between the two qualifying limits. Basis ``salary``: rate × salary.
    """
    if on_costs.pension_basis == "salary":
        whole: Amount = on_costs.pension_rate * salary
        return whole
    qualifying = np.maximum(
        0.0, np.minimum(salary, on_costs.pension_upper) - on_costs.pension_lower
    )
    result: Amount = on_costs.pension_rate * qualifying
    return result


def benefits(salary: Amount, on_costs: OnCosts) -> Amount:
    """Benefits and overheads: rate × salary (currency/year)."""
    result: Amount = on_costs.benefits_rate * salary
    return result


def tools(on_costs: OnCosts) -> float:
    """Tools and AI licences for one person: a flat amount per head (currency/year)."""
    return on_costs.tools_per_head


def loaded_cost(salary: Amount, on_costs: OnCosts) -> Amount:
    """Fully loaded annual cost of one person: salary + employer NI + employer pension +
    benefits + tools (currency/year)."""
    result: Amount = (
        salary
        + employer_ni(salary, on_costs)
        + employer_pension(salary, on_costs)
        + benefits(salary, on_costs)
        + tools(on_costs)
    )
    return result


def recruitment_fee(salary: Amount, on_costs: OnCosts) -> Amount:
    """One-off recruitment fee for hiring one person: rate × first-year salary (currency,
    paid once in the hire month)."""
    result: Amount = on_costs.recruitment_fee_rate * salary
    return result


def loaded_cost_at(plan: Plan, band: Band, point: str | float) -> float:
    """Fully loaded annual cost of one person at ``point`` in ``band`` under the plan's
    on-costs (currency/year): :func:`loaded_cost` of :func:`salary_at`."""
    return float(loaded_cost(salary_at(band, point), plan.assumptions.on_costs))


def recruitment_fee_at(plan: Plan, band: Band, point: str | float) -> float:
    """One-off recruitment fee for hiring one person at ``point`` in ``band`` (currency,
    one-off): :func:`recruitment_fee` of :func:`salary_at`."""
    return float(recruitment_fee(salary_at(band, point), plan.assumptions.on_costs))


def person_cost_table(salary: float, on_costs: OnCosts) -> pd.DataFrame:
    """One person's cost, line by line (component, amount in currency/year), ending with the
    fully loaded total and the one-off recruitment fee."""
    rows = [
        ("Base salary", salary),
        ("Employer NI", float(employer_ni(salary, on_costs))),
        ("Employer pension", float(employer_pension(salary, on_costs))),
        ("Benefits and overheads", float(benefits(salary, on_costs))),
        ("Tools and AI licences", tools(on_costs)),
        ("Fully loaded annual cost", float(loaded_cost(salary, on_costs))),
        ("One-off recruitment fee", float(recruitment_fee(salary, on_costs))),
    ]
    return pd.DataFrame(rows, columns=["component", "amount"])


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
    oc = plan.assumptions.on_costs
    return sum(
        (float(loaded_cost(seat_salary(plan, s, point), oc)) for s in plan.marops_seats), 0.0
    )


def marops_loaded_cost_range(seats: pd.DataFrame) -> tuple[float, float]:
    """The MarOps team's fully loaded cost with every seat at the low and at the high of its
    band, from ``seats`` (:func:`marops_seat_table`) (currency/year)."""
    return float(seats["loaded_cost_low"].sum()), float(seats["loaded_cost_high"].sum())


def marops_recruitment_fees(plan: Plan) -> float:
    """One-off recruitment fees of the MarOps seats still to be hired (those with a hire
    month), each at its own point (currency, one-off)."""
    oc = plan.assumptions.on_costs
    return sum(
        (
            float(recruitment_fee(seat_salary(plan, s), oc))
            for s in plan.marops_seats
            if s.hire_month is not None
        ),
        0.0,
    )


def marops_seat_table(plan: Plan) -> pd.DataFrame:
    """One row per MarOps seat: the roles it holds, its band and point, salary at low / mid /
    high and at its own point, each on-cost, loaded cost at low / mid / high and at its own
    point, hire month and one-off recruitment fee (money in currency/year)."""
    oc = plan.assumptions.on_costs
    rows: list[dict[str, Any]] = []
    for seat in plan.marops_seats:
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


def replaced_roles_headcount(plan: Plan) -> int:
    """People in the coordinator, specialist and platform-owner roles MarOps replaces."""
    return sum(r.count for r in plan.replaced_roles)


def replaced_roles_base_salary(plan: Plan) -> float:
    """Base salaries of the replaced roles: sum of count × salary at the role's point
    (currency/year)."""
    return sum((r.count * salary_at(r.band, r.point) for r in plan.replaced_roles), 0.0)


def replaced_roles_loaded_cost(plan: Plan) -> float:
    """Fully loaded cost of the replaced roles: sum of count × loaded cost of the salary at
    the role's point (currency/year)."""
    return sum((r.count * loaded_cost_at(plan, r.band, r.point) for r in plan.replaced_roles), 0.0)


def replaced_role_table(plan: Plan) -> pd.DataFrame:
    """One row per replaced role: title, count, band, point, salary and loaded cost per head,
    base and loaded totals (money in currency/year), and the month it ends."""
    oc = plan.assumptions.on_costs
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
    head at its band and point, base and loaded totals (money in currency/year). The legacy
    marketing-operations function (``new_home: marops``) is in the MarOps group."""
    oc = plan.assumptions.on_costs
    rows = []
    for role in plan.legacy_roles:
        salary = salary_at(role.band, role.point)
        per_head = float(loaded_cost(salary, oc))
        rows.append(
            {
                "org": "legacy",
                "group": GROUP_MAROPS if role.new_home == "marops" else GROUP_FUNCTIONAL,
                "role": role.name,
                "headcount": float(role.headcount),
                "salary": salary,
                "loaded_cost_per_head": per_head,
                "base_salary": role.headcount * salary,
                "loaded_cost": role.headcount * per_head,
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
    oc = plan.assumptions.on_costs
    rows: list[dict[str, Any]] = []

    def add(group: str, role: str, heads: float, salary: float) -> None:
        per_head = float(loaded_cost(salary, oc))
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

    for group, title, heads, salary in _position_rows(_positions(plan, fte)):
        add(group, title, heads, salary)
    return pd.DataFrame(rows, columns=_ORG_COLUMNS)


def _position_rows(
    found: Sequence[neworg.Position],
) -> list[tuple[str, str, float, float]]:
    """(group, title, FTE, salary) per position, the GTM Marketers (one band and point) in one
    row where the first of them is."""
    rows: list[tuple[str, str, float, float]] = []
    marketers: int | None = None
    for p in found:
        if p.kind == "gtm_marketer" and marketers is not None:
            group, title, heads, salary = rows[marketers]
            rows[marketers] = (group, title, heads + p.fte, salary)
            continue
        if p.kind == "gtm_marketer":
            marketers = len(rows)
        rows.append((p.group, p.title, p.fte, salary_at(p.band, p.point)))
    return rows


def legacy_org_headcount(plan: Plan) -> int:
    """People in the legacy org: the sum of the legacy roles' headcounts."""
    return sum(r.headcount for r in plan.legacy_roles)


def legacy_org_base_salary(plan: Plan) -> float:
    """Base salaries of the legacy org: sum of headcount × salary at the role's point
    (currency/year)."""
    return sum((r.headcount * salary_at(r.band, r.point) for r in plan.legacy_roles), 0.0)


def legacy_org_loaded_cost(plan: Plan) -> float:
    """Fully loaded cost of the legacy org: sum over legacy roles of headcount × loaded cost
    of the salary at the role's point (currency/year)."""
    return sum(
        (r.headcount * loaded_cost_at(plan, r.band, r.point) for r in plan.legacy_roles), 0.0
    )


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


def one_off_recruitment_fees(plan: Plan) -> float:
    """One-off recruitment fees of the change: the MarOps seats with a hire month, plus every
    hire of a Head of GTM or GTM Marketer in ``plan.hires`` (count × fee at the role's point)
    (currency, one-off). MarOps hires in ``plan.hires`` are the seats, not counted twice."""
    oc = plan.assumptions.on_costs
    nr = plan.new_roles
    salary = {
        "Head of GTM": salary_at(nr.head_of_gtm, nr.head_of_gtm_point),
        "GTM Marketer": salary_at(nr.gtm_marketer, nr.gtm_marketer_point),
    }
    gtm_fees = sum(
        (
            h.count * float(recruitment_fee(salary[h.position], oc))
            for h in plan.hires
            if h.position in salary
        ),
        0.0,
    )
    return marops_recruitment_fees(plan) + gtm_fees


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
    hires = {"Head of GTM": 0, "GTM Marketer": 0}
    for h in plan.hires:
        if h.position in hires:
            hires[h.position] += h.count
    nr = plan.new_roles
    lines = [
        CostLine(
            key=f"legacy_roles[{i}].point",
            label=f"{r.name} salary",
            band=r.band,
            point=band_fraction(r.point),
            legacy_heads=float(r.headcount),
            new_heads=custodians.get(i, 0.0),
        )
        for i, r in enumerate(plan.legacy_roles)
    ]
    lines.append(
        CostLine(
            key="new_roles.head_of_gtm_point",
            label="Head of GTM salary",
            band=nr.head_of_gtm,
            point=band_fraction(nr.head_of_gtm_point),
            new_heads=float(heads["Head of GTM"]),
            hires=float(hires["Head of GTM"]),
        )
    )
    lines.append(
        CostLine(
            key="new_roles.gtm_marketer_point",
            label="GTM Marketer salary",
            band=nr.gtm_marketer,
            point=band_fraction(nr.gtm_marketer_point),
            new_heads=float(heads["GTM Marketer"]),
            hires=float(hires["GTM Marketer"]),
        )
    )
    lines += [
        CostLine(
            key=f"marops_seats[{p.index}].point",
            label=f"{p.title} salary",
            band=p.band,
            point=band_fraction(p.point),
            new_heads=p.fte,
            marops_heads=p.fte,
            hires=1.0 if plan.marops_seats[p.index].hire_month is not None else 0.0,
        )
        for p in found
        if p.kind == "marops_seat" and p.index is not None
    ]
    lines += [
        CostLine(
            key=f"replaced_roles[{i}].point",
            label=f"{r.title} salary",
            band=r.band,
            point=band_fraction(r.point),
            replaced_heads=float(r.count),
        )
        for i, r in enumerate(plan.replaced_roles)
    ]
    return tuple(lines)


_HEAD_FIELDS = ("marops_heads", "replaced_heads", "legacy_heads", "new_heads")


def _head_matrix(lines: Sequence[CostLine]) -> npt.NDArray[np.float64]:
    """People per line in each total: shape (4, lines), rows in :data:`_HEAD_FIELDS` order."""
    return np.array([[getattr(line, f) for line in lines] for f in _HEAD_FIELDS], dtype=float)


def _quantities(
    lines: Sequence[CostLine], salaries: npt.NDArray[np.float64], on_costs: OnCosts
) -> dict[str, npt.NDArray[np.float64]]:
    """Every :data:`COST_QUANTITIES` total from salaries of shape (lines, draws): each total
    is the sum over lines of people × loaded cost of the line's salary."""
    marops, replaced, legacy, new = _head_matrix(lines) @ loaded_cost(salaries, on_costs)
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


# --------------------------------------------------------------------------- Monte Carlo


@dataclass(frozen=True, eq=False)
class Simulation:
    """The result of :func:`simulate`: every :data:`COST_QUANTITIES` total for each draw
    (currency/year; recruitment fees one-off)."""

    draws: int
    seed: int
    distribution: str
    values: Mapping[str, npt.NDArray[np.float64]] = field(repr=False)
    seconds: float = 0.0
    """Wall-clock time the simulation took."""

    def percentile(self, quantity: str, q: float) -> float:
        """The ``q``-th percentile (0–100) of ``quantity`` over the draws."""
        return float(np.percentile(self.values[quantity], q))

    def percentiles(self, levels: Iterable[int] = PERCENTILES) -> pd.DataFrame:
        """One row per quantity, one column per percentile (``P10``, ``P50``, ``P90``)."""
        levels = tuple(levels)
        rows = {name: np.percentile(values, levels) for name, values in self.values.items()}
        return pd.DataFrame.from_dict(rows, orient="index", columns=[f"P{q}" for q in levels])


def _inverse_triangular(
    u: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    mode: npt.NDArray[np.float64],
    high: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Salaries from uniform numbers ``u`` by the inverse CDF of triangular(low, mode, high)."""
    width = high - low
    split = np.divide(mode - low, width, out=np.zeros_like(width), where=width > 0)
    on_left = u < split
    root = np.sqrt(np.where(on_left, u * (mode - low), (1.0 - u) * (high - mode)) * width)
    result: npt.NDArray[np.float64] = np.where(on_left, low + root, high - root)
    return result


def _salaries(
    lines: Sequence[CostLine], u: npt.NDArray[np.float64], distribution: str
) -> npt.NDArray[np.float64]:
    low = np.array([[line.band.low] for line in lines], dtype=float)
    high = np.array([[line.band.high] for line in lines], dtype=float)
    if distribution == "uniform":
        uniform: npt.NDArray[np.float64] = low + (high - low) * u
        return uniform
    if distribution == "triangular":
        mode = low + (high - low) * np.array([[line.point] for line in lines], dtype=float)
        return _inverse_triangular(u, low, mode, high)
    raise ValueError(
        f"distribution must be one of {', '.join(DISTRIBUTIONS)}, not {distribution!r}"
    )


def simulate(
    plan: Plan,
    draws: int = MC_DRAWS,
    seed: int = MC_SEED,
    distribution: Distribution = "triangular",
    progress: Callable[[int, int], None] | None = None,
    fte: Mapping[str, float] | None = None,
    chunk: int | None = None,
) -> Simulation:
    """A Monte Carlo over every salary band of the plan: each draw picks one salary per
    :class:`CostLine` (uniform in its band, or triangular with its mode at the plan's point)
    and computes every total from those same salaries. On-cost rates are held at the plan's.

    Reproducible: the uniform numbers are those of ``numpy.random.default_rng(seed)`` filling
    a (lines, draws) array row by row, so the result does not depend on ``chunk``.
    ``progress(done, total)`` is called after each chunk of draws; ``chunk`` (draws per chunk)
    defaults to a :data:`MC_PROGRESS_STEPS`-th of the draws with ``progress``, and without it
    to all of them. Salaries are drawn and costed in blocks of lines of at most
    :data:`MC_CHUNK_CELLS` salaries, the same blocks whatever the chunk.
    """
    if draws < 1:
        raise ValueError("draws must be at least 1")
    if distribution not in DISTRIBUTIONS:
        raise ValueError(
            f"distribution must be one of {', '.join(DISTRIBUTIONS)}, not {distribution!r}"
        )
    started = time.perf_counter()
    lines = cost_lines(plan, fte)
    oc = plan.assumptions.on_costs
    rng = np.random.default_rng(seed)
    if chunk is None:
        chunk = draws if progress is None else -(-draws // MC_PROGRESS_STEPS)
    step = max(1, chunk)
    block = max(1, MC_CHUNK_CELLS // draws)
    # One chunk: each block's uniform numbers are drawn as it is reached (the same numbers, as
    # the generator fills rows in order). Several chunks need every row's numbers up front.
    u = None if step >= draws else rng.random((len(lines), draws))
    sums = {q: np.zeros(draws) for q in _SUMMED}
    for start in range(0, draws, step):
        stop = min(draws, start + step)
        for first in range(0, len(lines), block):
            part = lines[first : first + block]
            if u is None:
                uniform = rng.random((len(part), draws))
            else:
                uniform = u[first : first + block, start:stop]
            totals = _quantities(part, _salaries(part, uniform, distribution), oc)
            for name in _SUMMED:
                sums[name][start:stop] += totals[name]
        if progress is not None:
            progress(stop, draws)
    values = {
        "marops_cost": sums["marops_cost"],
        "replaced_cost": sums["replaced_cost"],
        "marops_net_change": sums["marops_cost"] - sums["replaced_cost"],
        "legacy_org_cost": sums["legacy_org_cost"],
        "new_org_cost": sums["new_org_cost"],
        "net_change": sums["new_org_cost"] - sums["legacy_org_cost"],
        "recruitment_fees": sums["recruitment_fees"],
    }
    return Simulation(
        draws=draws,
        seed=seed,
        distribution=distribution,
        values={name: values[name] for name in COST_QUANTITIES},
        seconds=time.perf_counter() - started,
    )


_SUMMED = ("marops_cost", "replaced_cost", "legacy_org_cost", "new_org_cost", "recruitment_fees")
"""The totals :func:`simulate` adds up block by block (the net changes are their differences)."""


# --------------------------------------------------------------------------- sensitivity


@dataclass(frozen=True)
class SensitivityRange:
    """The low and high value an on-cost assumption takes in the sensitivity table."""

    field: str
    """The field of ``assumptions.on_costs``."""
    low: float
    high: float
    label: str
    unit: str
    source: str


@cache
def _default_ranges() -> tuple[SensitivityRange, ...]:
    from mocmo.defaults import data_dir

    path = data_dir() / "defaults" / "sensitivity_ranges.yaml"
    with path.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return tuple(
        SensitivityRange(
            field=name,
            low=float(spec["low"]),
            high=float(spec["high"]),
            label=str(spec.get("label", name)),
            unit=str(spec.get("unit", "")),
            source=str(spec.get("source", "")),
        )
        for name, spec in raw["ranges"].items()
    )


def sensitivity_ranges() -> tuple[SensitivityRange, ...]:
    """The default low/high of each on-cost assumption (data/defaults/sensitivity_ranges.yaml)."""
    return _default_ranges()


def sensitivity(
    plan: Plan,
    fte: Mapping[str, float] | None = None,
    ranges: Sequence[SensitivityRange] | None = None,
) -> pd.DataFrame:
    """How much each assumption moves the net change when set to its low and then its high,
    everything else at the plan's value. Assumptions: every band's point (set to the band's
    low and high) and each on-cost rate (set to its range from :func:`sensitivity_ranges`).

    Columns: ``assumption``, ``path`` (the plan field), ``kind`` (band | on-cost),
    ``base_value``, ``low_value``, ``high_value``; for the org net change (new − legacy,
    currency/year) ``net_change_base`` (every assumption at the plan's value),
    ``net_change_low``, ``net_change_high``, ``swing`` (|high − low|); the same
    for the MarOps net change (``marops_net_change_low``/``_high``, ``marops_swing``) and the
    one-off recruitment fees (``fees_low``/``_high``, ``fees_swing``). Sorted by ``swing``,
    largest first (ties by the MarOps swing, then the fees swing). A band that does not enter
    a total (e.g. a replaced role's, for the org net change) has a swing of 0 there.
    """
    lines = cost_lines(plan, fte)
    oc = plan.assumptions.on_costs
    base = np.array([salary_at(line.band, line.point) for line in lines], dtype=float)
    rows: list[dict[str, Any]] = []
    base_net = float(_quantities(lines, base[:, None], oc)["net_change"][0])

    def scenario(salaries: npt.NDArray[np.float64], on_costs: OnCosts) -> dict[str, float]:
        totals = _quantities(lines, salaries[:, None], on_costs)
        return {name: float(values[0]) for name, values in totals.items()}

    def add(
        assumption: str, path: str, kind: str, base_value: float, low_value: float,
        high_value: float, at_low: dict[str, float], at_high: dict[str, float],
    ) -> None:  # fmt: skip
        rows.append(
            {
                "assumption": assumption,
                "path": path,
                "kind": kind,
                "base_value": base_value,
                "low_value": low_value,
                "high_value": high_value,
                "net_change_base": base_net,
                "net_change_low": at_low["net_change"],
                "net_change_high": at_high["net_change"],
                "swing": abs(at_high["net_change"] - at_low["net_change"]),
                "marops_net_change_low": at_low["marops_net_change"],
                "marops_net_change_high": at_high["marops_net_change"],
                "marops_swing": abs(at_high["marops_net_change"] - at_low["marops_net_change"]),
                "fees_low": at_low["recruitment_fees"],
                "fees_high": at_high["recruitment_fees"],
                "fees_swing": abs(at_high["recruitment_fees"] - at_low["recruitment_fees"]),
            }
        )

    for i, line in enumerate(lines):
        low, high = base.copy(), base.copy()
        low[i], high[i] = line.band.low, line.band.high
        add(
            line.label, line.key, "band", float(base[i]), line.band.low, line.band.high,
            scenario(low, oc), scenario(high, oc),
        )  # fmt: skip
    for rng in ranges if ranges is not None else sensitivity_ranges():
        low_oc = oc.model_copy(update={rng.field: rng.low})
        high_oc = oc.model_copy(update={rng.field: rng.high})
        add(
            rng.label, f"assumptions.on_costs.{rng.field}", "on-cost",
            float(getattr(oc, rng.field)), rng.low, rng.high,
            scenario(base, low_oc), scenario(base, high_oc),
        )  # fmt: skip
    table = pd.DataFrame(rows)
    table = table.sort_values(
        ["swing", "marops_swing", "fees_swing"], ascending=False, kind="stable"
    ).reset_index(drop=True)
    return table


# --------------------------------------------------------------------------- reporting lines


def _is_named(name: str, names: Iterable[str]) -> bool:
    return name.strip().casefold() in {n.casefold() for n in names}


def _held(plan: Plan) -> set[str]:
    return {key for seat in plan.marops_seats for key in seat.roles}


def _same_seat(plan: Plan, a: str, b: str) -> bool:
    return any(a in s.roles and b in s.roles for s in plan.marops_seats)


def _head_names(plan: Plan) -> set[str]:
    names = {_role_title(plan, "head_of_marops").casefold()}
    names |= {s.name.casefold() for s in plan.marops_seats if "head_of_marops" in s.roles}
    return names


def _line_findings(plan: Plan) -> list[tuple[int | None, str, str]]:
    """(index of the line or None, role title, what is wrong) for each reporting-line issue."""
    findings: list[tuple[int | None, str, str]] = []
    if not plan.marops_seats:
        return findings
    held = _held(plan)
    lines = list(enumerate(plan.reporting_lines))

    def solid(title: str) -> list[tuple[int, str]]:
        return [(i, ln.reports_to) for i, ln in lines if ln.role == title and ln.kind == "solid"]

    head = _role_title(plan, "head_of_marops")
    if "head_of_marops" in held:
        head_lines = solid(head)
        if not head_lines:
            findings.append(
                (None, head, f"{head} has no solid reporting line; MarOps should report to "
                 "the CMO (not demand generation or growth), so it serves every team")
            )  # fmt: skip
        for i, boss in head_lines:
            if not _is_named(boss, CMO_NAMES):
                findings.append(
                    (i, head, f"{head} reports to {boss!r}; MarOps should report to the CMO "
                     "(not demand generation or growth), so it serves every team")
                )  # fmt: skip

    pkd = _role_title(plan, "prompt_knowledge_designer")
    if "prompt_knowledge_designer" in held and not _same_seat(
        plan, "prompt_knowledge_designer", "head_of_marops"
    ):
        pkd_lines = solid(pkd)
        if not pkd_lines:
            findings.append(
                (None, pkd, f"{pkd} has no solid reporting line; the role sits inside MarOps, "
                 f"reporting to the {head}")
            )  # fmt: skip
        for i, boss in pkd_lines:
            if boss.strip().casefold() not in _head_names(plan):
                findings.append(
                    (i, pkd, f"{pkd} reports to {boss!r}; the role sits inside MarOps "
                     f"(reporting to the {head}), not in Content: it owns the prompts and "
                     "knowledge every team's agents run on")
                )  # fmt: skip

    steward = _role_title(plan, "data_steward")
    if "data_steward" in held:
        to_cdo = [
            i
            for i, ln in lines
            if ln.role == steward and ln.kind == "dotted" and _is_named(ln.reports_to, CDO_NAMES)
        ]
        if plan.has_cdo and not to_cdo:
            findings.append(
                (None, steward, f"the company has a CDO but the {steward} has no dotted line to "
                 "the CDO; add one so data rules for AI match the company's")
            )  # fmt: skip
        if not plan.has_cdo:
            for i in to_cdo:
                findings.append(
                    (i, steward, f"the {steward} has a dotted line to a CDO, but the plan says "
                     "the company has none (set has_cdo, or remove the line)")
                )  # fmt: skip
    return findings


def reporting_line_problems(plan: Plan) -> list[Problem]:
    """Warnings for MarOps reporting lines the model does not expect: MarOps not reporting to
    the CMO; the Prompt & Knowledge Designer outside MarOps; no dotted line from the Data
    Steward to the CDO when the company has one (or a line to a CDO it does not have)."""
    problems = []
    for index, _role, message in _line_findings(plan):
        path = "reporting_lines" if index is None else f"reporting_lines[{index}].reports_to"
        problems.append(Problem(path, message, "warning"))
    return problems


def reporting_line_table(plan: Plan) -> pd.DataFrame:
    """The plan's reporting lines as data: role, reports_to, kind (solid | dotted) and
    ``issue`` (what is wrong with the line, empty when it is as the model expects). Missing
    lines the model expects appear as rows with an empty ``reports_to``."""
    issues: dict[int, list[str]] = {}
    missing: list[tuple[str, str]] = []
    for index, role, message in _line_findings(plan):
        if index is None:
            missing.append((role, message))
        else:
            issues.setdefault(index, []).append(message)
    rows = [
        {
            "role": ln.role,
            "reports_to": ln.reports_to,
            "kind": ln.kind,
            "issue": "; ".join(issues.get(i, [])),
        }
        for i, ln in enumerate(plan.reporting_lines)
    ]
    rows += [{"role": role, "reports_to": "", "kind": "", "issue": msg} for role, msg in missing]
    return pd.DataFrame(rows, columns=["role", "reports_to", "kind", "issue"])


# --------------------------------------------------------------------------- ownership test


def ownership_table(plan: Plan) -> pd.DataFrame:
    """The ownership test, answered for every workflow in the inventory: workflow, top (one of
    the 5–7 most important), buyer_facing, owners (as listed), ``answer`` (the one accountable
    owner, by name, or None) and ``status`` (``one owner`` | ``no owner`` | ``several
    owners``)."""
    rows = []
    for wf in plan.workflows:
        count = len(wf.owners)
        rows.append(
            {
                "workflow": wf.name,
                "top": wf.top,
                "buyer_facing": wf.buyer_facing,
                "owners": ", ".join(wf.owners),
                "answer": wf.owners[0] if count == 1 else None,
                "status": "one owner"
                if count == 1
                else ("no owner" if count == 0 else "several owners"),
            }
        )
    columns = ["workflow", "top", "buyer_facing", "owners", "answer", "status"]
    return pd.DataFrame(rows, columns=columns)


def ownership_problems(plan: Plan) -> list[Problem]:
    """Warnings for workflows outside the top 5–7 without exactly one accountable owner. (Top
    workflows without one owner are errors, flagged by the migration step.)"""
    problems = []
    for i, wf in enumerate(plan.workflows):
        if wf.top or len(wf.owners) == 1:
            continue
        who = (
            "nobody in particular would"
            if not wf.owners
            else f"{len(wf.owners)} people would ({', '.join(wf.owners)}) — which is nobody"
        )
        problems.append(
            Problem(
                f"workflows[{i}].owners",
                f"{wf.name!r} fails the ownership test: if an AI agent made a wrong "
                f"buyer-facing decision in it yesterday, {who} find out why and fix it; name "
                "one accountable owner",
                "warning",
            )
        )
    return problems


# --------------------------------------------------------------------------- editing seats


def default_seat_name(plan: Plan, keys: Sequence[str]) -> str:
    """The name a seat gets from the roles it holds: their titles joined by " & "."""
    return " & ".join(_role_title(plan, k) for k in MAROPS_ROLE_KEYS if k in keys)


def _unique_name(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name} ({n})", n + 1
    return candidate


def _reseat(
    plan: Plan, seats: list[dict[str, Any]], renames: Mapping[str, Sequence[str]]
) -> dict[str, Any]:
    """Plan edits for new MarOps ``seats``; ``renames`` maps an old seat name to the seat
    names that take over its hires (each gets one, once) and workflows (the first)."""
    data = plan.model_dump(mode="json")
    hires: list[dict[str, Any]] = []
    moved: set[str] = set()
    for hire in sorted(data["hires"], key=lambda h: h["position"] not in renames):
        if hire["position"] not in renames:
            hires.append(hire)
            continue
        for target in renames[hire["position"]]:
            if target not in moved:  # two old seats that became one person: one hire
                moved.add(target)
                hires.append({**hire, "position": target})
    hires.sort(key=lambda h: h["month"])
    workflows = []
    for wf in data["workflows"]:
        owners = [renames.get(o, [o])[0] for o in wf["owners"]]
        workflows.append({**wf, "owners": list(dict.fromkeys(owners))})
    return {"marops_seats": seats, "hires": hires, "workflows": workflows}


def combine_roles_changes(plan: Plan, keys: Sequence[str]) -> dict[str, Any]:
    """Plan edits (for :func:`mocmo.plan.with_changes`) that put the MarOps roles ``keys`` in
    one seat — one person. Every seat holding one of them gives it up (a seat left with no
    role goes; a seat named after its roles is renamed after those it keeps); the new seat
    takes the place of the first seat affected and its point, has no band override (so the
    highest of its roles' bands), and a hire month only if every seat it replaces was still to
    be hired (the earliest). Hires and workflow owners of the seats that go move to it."""
    wanted = [k for k in MAROPS_ROLE_KEYS if k in keys]
    if not wanted:
        raise ValueError("choose at least one role to put in the seat")
    data = plan.model_dump(mode="json")["marops_seats"]
    affected = [s for s in data if set(s["roles"]) & set(wanted)]
    out: list[dict[str, Any] | None] = []  # None marks where the new seat goes
    renames: dict[str, list[str]] = {}
    gone: list[str] = []
    for seat in data:
        if seat not in affected:
            out.append(seat)
            continue
        if None not in out:
            out.append(None)
        rest = [k for k in seat["roles"] if k not in wanted]
        if not rest:
            gone.append(seat["name"])
            continue
        named = seat["name"] == default_seat_name(plan, seat["roles"])
        kept = {**seat, "roles": rest}
        if named:
            kept["name"] = default_seat_name(plan, rest)
            renames[seat["name"]] = [kept["name"]]
        out.append(kept)
    if None not in out:
        out.append(None)
    name = _unique_name(default_seat_name(plan, wanted), {s["name"] for s in out if s})
    renames.update({old: [name] for old in gone})
    months = [s["hire_month"] for s in affected]
    new_seat = {
        "name": name,
        "roles": wanted,
        "band": None,
        "point": affected[0]["point"] if affected else "mid",
        "hire_month": None if (not months or None in months) else min(months),
    }
    seats = [s if s is not None else new_seat for s in out]
    return _reseat(plan, seats, renames)


def split_seat_changes(plan: Plan, index: int) -> dict[str, Any]:
    """Plan edits that split seat ``index`` into one seat per role it holds, each named after
    its role, at the seat's point and hire month, with no band override. Its hires are
    repeated for each new seat; its workflows go to the first (most senior) new seat."""
    data = plan.model_dump(mode="json")["marops_seats"]
    seat = data[index]
    others = {s["name"] for i, s in enumerate(data) if i != index}
    new: list[dict[str, Any]] = []
    for key in [k for k in MAROPS_ROLE_KEYS if k in seat["roles"]]:
        name = _unique_name(_role_title(plan, key), others | {s["name"] for s in new})
        new.append({**seat, "name": name, "roles": [key], "band": None})
    seats = [*data[:index], *new, *data[index + 1 :]]
    return _reseat(plan, seats, {seat["name"]: [s["name"] for s in new]})


# --------------------------------------------------------------------------- summary


def checks(plan: Plan) -> list[Problem]:
    """The costing step's warnings: MarOps role gaps, reporting lines, and workflows outside
    the top 5–7 without exactly one owner."""
    return [*coverage_problems(plan), *reporting_line_problems(plan), *ownership_problems(plan)]


def headline(plan: Plan) -> dict[str, float | int | None]:
    """The costing step's headline figures (currency/year): the MarOps team's base salary and
    loaded cost with every seat at low / mid / high, the replaced roles' loaded cost, the
    MarOps net change at mid, the legacy and new org loaded cost, and the P10 / P50 / P90 of
    the org net change from the seeded Monte Carlo (:data:`MC_DRAWS` draws, triangular),
    rounded to two decimals (pennies)."""
    sim = simulate(plan)
    figures = {
        "marops_base_salary_low": marops_base_salary(plan, "low"),
        "marops_base_salary_mid": marops_base_salary(plan, "mid"),
        "marops_base_salary_high": marops_base_salary(plan, "high"),
        "marops_loaded_cost_low": marops_loaded_cost(plan, "low"),
        "marops_loaded_cost_mid": marops_loaded_cost(plan, "mid"),
        "marops_loaded_cost_high": marops_loaded_cost(plan, "high"),
        "replaced_roles_loaded_cost": replaced_roles_loaded_cost(plan),
        "marops_net_change_mid": marops_net_change(plan, "mid"),
        "legacy_org_loaded_cost": legacy_org_loaded_cost(plan),
        "new_org_loaded_cost": new_org_loaded_cost(plan),
        "net_change_p10": sim.percentile("net_change", 10),
        "net_change_p50": sim.percentile("net_change", 50),
        "net_change_p90": sim.percentile("net_change", 90),
    }
    return {key: to_penny(value) for key, value in figures.items()}


def to_penny(value: float) -> float:
    """``value`` rounded to two decimals, halves away from zero, as a spreadsheet's ROUND does
    (Python's ``round`` would give 40617.12 for 40617.125 where Excel and LibreOffice give
    40617.13): the finance workbook's ROUND(…, 2) then shows exactly this figure."""
    return float(Decimal(repr(float(value))).quantize(_PENNY, rounding=ROUND_HALF_UP))


_PENNY = Decimal("0.01")


if TYPE_CHECKING:  # the moved sentences, for type checkers (at run time: __getattr__)
    from mocmo.present.costing import describe_marops_net as describe_marops_net

_MOVED_TO_PRESENT = frozenset(
    {
        "describe_marops_net",
    }
)
"""The step's sentence, now in :mod:`mocmo.present.costing`: still importable from here."""


def __getattr__(name: str) -> object:
    if name in _MOVED_TO_PRESENT:
        from mocmo.present import costing as words

        return getattr(words, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
