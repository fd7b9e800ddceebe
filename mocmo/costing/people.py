"""Costing: the constants and one person's cost — salary at a point in its band, employer NI,
pension, benefits, tools, the loaded cost and the recruitment fee (numbers or numpy arrays)."""

from __future__ import annotations

from typing import Literal, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from mocmo import neworg
from mocmo.costing.profiles import CostBasis, OnCostBasis, cost_basis, employer_contributions
from mocmo.plan import (
    Band,
    LegacyRole,
    MarOpsSeat,
    OnCosts,
    Plan,
    band_fraction,
)
from mocmo.plan.roster import Person

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


def employer_ni(salary: Amount, on_costs: OnCostBasis) -> Amount:
    """Employer National Insurance: rate × max(0, salary − threshold) (currency/year). Outside
    the UK rules (a :class:`~mocmo.costing.profiles.CostBasis`): the profile's social
    contributions (every rule of kind ``social``), computed locally and converted."""
    if isinstance(on_costs, CostBasis):
        return employer_contributions(salary, on_costs, "social")
    result: Amount = on_costs.employer_ni_rate * ni_earnings(salary, on_costs)
    return result


def ni_earnings(salary: Amount, on_costs: OnCosts) -> Amount:
    """The pay employer NI is charged on under the UK rules: max(0, salary − threshold)
    (currency/year)."""
    result: Amount = np.maximum(0.0, salary - on_costs.ni_threshold)
    return result


def qualifying_earnings(salary: Amount, on_costs: OnCosts) -> Amount:
    """The pay between the pension's qualifying limits: max(0, min(salary, upper) − lower)
    (currency/year)."""
    result: Amount = np.maximum(
        0.0, np.minimum(salary, on_costs.pension_upper) - on_costs.pension_lower
    )
    return result


def employer_pension(salary: Amount, on_costs: OnCostBasis) -> Amount:
    """Employer pension contribution (currency/year).

    Basis ``qualifying``: rate × max(0, min(salary, upper) − lower), i.e. the rate on the
    earnings between the two qualifying limits. Basis ``salary``: rate × salary. Outside the UK
    rules: the profile's rules of kind ``pension``, computed locally and converted.
    """
    if isinstance(on_costs, CostBasis):
        return employer_contributions(salary, on_costs, "pension")
    if on_costs.pension_basis == "salary":
        whole: Amount = on_costs.pension_rate * salary
        return whole
    result: Amount = on_costs.pension_rate * qualifying_earnings(salary, on_costs)
    return result


def benefits(salary: Amount, on_costs: OnCostBasis) -> Amount:
    """Benefits and overheads: rate × salary (currency/year)."""
    result: Amount = on_costs.benefits_rate * salary
    return result


def tools(on_costs: OnCostBasis) -> float:
    """Tools and AI licences for one person: a flat amount per head (currency/year)."""
    return on_costs.tools_per_head


def loaded_cost(salary: Amount, on_costs: OnCostBasis) -> Amount:
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


def recruitment_fee(salary: Amount, on_costs: OnCostBasis) -> Amount:
    """One-off recruitment fee for hiring one person: rate × first-year salary (currency,
    paid once in the hire month)."""
    result: Amount = on_costs.recruitment_fee_rate * salary
    return result


def loaded_cost_at(plan: Plan, band: Band, point: str | float, country: str | None = None) -> float:
    """Fully loaded annual cost of one person at ``point`` in ``band`` under the on-costs of
    ``country`` (the plan's when None) (currency/year): :func:`loaded_cost` of
    :func:`salary_at`."""
    return float(loaded_cost(salary_at(band, point), cost_basis(plan, country)))


def role_country(plan: Plan, role: LegacyRole) -> str:
    """The country a legacy team's people are costed in: the team's, else the plan's."""
    return plan.assumptions.country if role.country is None else role.country


def person_country(plan: Plan, person: Person) -> str:
    """The country a roster person is costed in: their own, else their team's, else the
    plan's."""
    if person.country is not None:
        return person.country
    for role in plan.legacy_roles:
        if role.name == person.team:
            return role_country(plan, role)
    return plan.assumptions.country


def seat_country(plan: Plan, seat: MarOpsSeat) -> str:
    """The country a MarOps seat is costed in: the seat's, else the plan's."""
    return plan.assumptions.country if seat.country is None else seat.country


def seat_basis(plan: Plan, seat: MarOpsSeat) -> OnCostBasis:
    """The on-costs a MarOps seat is costed under (:func:`seat_country`)."""
    return cost_basis(plan, seat_country(plan, seat))


def position_country(plan: Plan, position: neworg.Position) -> str:
    """The country a new-org position is costed in: a custodian's legacy team's, a MarOps
    seat's own, else (the audience tower, MarOps support) the plan's."""
    if position.kind == "custodian" and position.index is not None:
        return role_country(plan, plan.legacy_roles[position.index])
    if position.kind == "marops_seat" and position.index is not None:
        return seat_country(plan, plan.marops_seats[position.index])
    return plan.assumptions.country


def people_loaded_cost(plan: Plan, people: tuple[Person, ...], factor: float = 1.0) -> float:
    """Σ over ``people`` of the loaded cost of each one's own pay × ``factor``, each under the
    on-costs of their own country (:func:`person_country`) (currency/year)."""
    by_country: dict[str, list[float]] = {}
    for p in people:
        by_country.setdefault(person_country(plan, p), []).append(p.pay)
    total = 0.0
    for country, pays in by_country.items():
        pay = np.array(pays, dtype=np.float64) * factor
        total += float(np.sum(loaded_cost(pay, cost_basis(plan, country))))
    return total


def recruitment_fee_at(plan: Plan, band: Band, point: str | float) -> float:
    """One-off recruitment fee for hiring one person at ``point`` in ``band`` (currency,
    one-off): :func:`recruitment_fee` of :func:`salary_at`."""
    return float(recruitment_fee(salary_at(band, point), plan.assumptions.on_costs))


def legacy_role_salary(plan: Plan, role: LegacyRole) -> float:
    """Base salary of one person of a legacy team today (currency/year). The one place the
    legacy teams' pay is read; the timeline's legacy payroll, its movers' and leavers' pay and
    exit costs all come through here (and :func:`legacy_role_loaded_cost`).

    Without a roster: the salary at the role's point in its band. With a roster
    (``plan.roster_people``): the team's mean actual base pay, Σ (salary × FTE) ÷ people — the
    mean salary when everyone works full time; a part-timer's week's pay (for redundancy and
    notice) is on what they are actually paid. So headcount × this = :func:`legacy_role_payroll`.
    """
    people = _team_people(plan, role)
    if people is None:
        return salary_at(role.band, role.point)
    return sum(p.pay for p in people) / len(people)


def legacy_role_payroll(plan: Plan, role: LegacyRole) -> float:
    """Annual base payroll of a whole legacy team today (currency/year): with a roster, the sum
    of its people's salary × FTE; without one, headcount × the salary at the band point.
    Variable pay is not in it (:func:`legacy_role_variable_pay`)."""
    people = _team_people(plan, role)
    if people is None:
        return role.headcount * salary_at(role.band, role.point)
    return sum(p.pay for p in people)


def legacy_role_variable_pay(plan: Plan, role: LegacyRole) -> float:
    """Annual variable pay (bonus, commission on target) of a legacy team from its roster
    (currency/year); 0 without a roster. Shown beside the payroll, never in the loaded cost:
    the new org's bands are base salaries, so the two sides compare like for like."""
    people = _team_people(plan, role)
    return 0.0 if people is None else sum(p.variable_pay for p in people)


def legacy_role_fte(plan: Plan, role: LegacyRole) -> float:
    """The team's full-time equivalent: with a roster, the sum of its people's FTE; else the
    role's ``fte`` when given, else its headcount (FTE)."""
    people = _team_people(plan, role)
    if people is not None:
        return sum(p.fte for p in people)
    return float(role.headcount if role.fte is None else role.fte)


def legacy_role_loaded_cost(plan: Plan, role: LegacyRole) -> float:
    """Fully loaded annual cost of a whole legacy team today (currency/year).

    Without a roster: headcount × the loaded cost of :func:`legacy_role_salary`.

    With a roster: the sum over the team's people of :func:`loaded_cost` of each person's own
    actual pay, salary × FTE — employer NI on that pay above the threshold, pension on its
    qualifying earnings between the band limits, benefits as a share of it, plus the full tools
    amount per head (a part-timer needs the same licences). On-costs are computed per person,
    never on the team's average: the NI threshold and the pension band apply to each person's
    earnings. With the UK defaults, a team of one £30,000 and one £90,000 salary pays £608 a
    year less employer pension (3% × (23,760 + 44,030) = £2,033.70) than the same payroll
    costed as two people on its £60,000 average (3% × 2 × 44,030 = £2,641.80), because pension
    stops at the band's upper limit; and a part-timer paid below the NI threshold pays no NI,
    which an average would hide. Each person is costed under their own country's on-costs
    (:func:`person_country`), the team without a roster under the team's
    (:func:`role_country`).
    """
    people = _team_people(plan, role)
    if people is None:
        basis = cost_basis(plan, role_country(plan, role))
        return role.headcount * float(loaded_cost(legacy_role_salary(plan, role), basis))
    return people_loaded_cost(plan, people)


def _team_people(plan: Plan, role: LegacyRole) -> tuple[Person, ...] | None:
    """The roster's people of ``role``'s team, or None when the plan has no roster (a plan with
    a roster has at least one person in every legacy team: mocmo.plan.roster checks it)."""
    roster = plan.roster_people
    if roster is None:
        return None
    return roster.team(role.name)


def person_cost_table(salary: float, on_costs: OnCostBasis) -> pd.DataFrame:
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
