"""What a roster says about each legacy team: its people's ages and years of service at the
plan's start (for exit costs), and the team's payroll and loaded cost before and after an
import (teams and totals only; each person's cost is :mod:`mocmo.costing.people`'s)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from mocmo.costing.people import (
    legacy_role_loaded_cost,
    legacy_role_payroll,
    legacy_role_variable_pay,
)
from mocmo.plan import LegacyRole, Plan
from mocmo.plan.roster import Person
from mocmo.roster.models import TeamChange

__all__ = [
    "age_at",
    "average_age",
    "average_service_years",
    "completed_years",
    "service_years_at",
    "team_changes",
]


def completed_years(since: _dt.date, on: _dt.date) -> int:
    """Whole years from ``since`` to ``on`` (a birthday or work anniversary on ``on`` counts);
    0 when ``since`` is after ``on``."""
    years = on.year - since.year - ((on.month, on.day) < (since.month, since.day))
    return max(0, years)


def age_at(person: Person, on: _dt.date) -> float | None:
    """The person's age in completed years on ``on``: from the date of birth, else the age the
    roster gives (taken as the age at the plan's start); None when neither is known."""
    if person.birth_date is not None:
        return float(completed_years(person.birth_date, on))
    return person.age


def service_years_at(person: Person, on: _dt.date) -> float | None:
    """The person's completed years of service on ``on`` (statutory redundancy counts full
    years); 0 for a start date after ``on``; None without a start date."""
    if person.start_date is None:
        return None
    return float(completed_years(person.start_date, on))


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 2) if known else None


def average_age(people: Sequence[Person], on: _dt.date) -> float | None:
    """Mean age (years, to 0.01) on ``on`` of the people whose age is known; None if nobody's."""
    return _mean([age_at(p, on) for p in people])


def average_service_years(people: Sequence[Person], on: _dt.date) -> float | None:
    """Mean completed years of service (to 0.01) on ``on`` of the people with a start date;
    None if nobody has one."""
    return _mean([service_years_at(p, on) for p in people])


def team_changes(before: Plan, after: Plan) -> tuple[TeamChange, ...]:
    """Each legacy team of ``after`` (matched by name in ``before``): heads, FTE, payroll,
    loaded cost and variable pay before and after, and the averages the import set."""
    old: dict[str, LegacyRole] = {r.name: r for r in before.legacy_roles}
    out = []
    for role in after.legacy_roles:
        was = old.get(role.name, role)
        people = after.roster_people.team(role.name) if after.roster_people else ()
        out.append(
            TeamChange(
                team=role.name,
                heads_before=was.headcount,
                heads_after=role.headcount,
                fte_after=sum(p.fte for p in people) if people else float(role.headcount),
                payroll_before=legacy_role_payroll(before, was),
                payroll_after=legacy_role_payroll(after, role),
                loaded_before=legacy_role_loaded_cost(before, was),
                loaded_after=legacy_role_loaded_cost(after, role),
                variable_pay=legacy_role_variable_pay(after, role),
                average_service_years=role.average_service_years,
                average_age=role.average_age,
            )
        )
    return tuple(out)
