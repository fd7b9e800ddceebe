"""Small hand-made plans for the migration tests, with figures easy to work out by hand.

``plan_of(**fields)`` starts in January 2027 with zero on-costs (a person's loaded cost is their
salary; recruitment fee 20% of salary), Head of GTM at £60,000 and GTM Marketer at £36,000 flat.
``costed_plan()`` is the plan the month-by-month tests work out by hand (see its docstring).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mocmo.plan import (
    Activity,
    Assumptions,
    Audience,
    Band,
    Hire,
    LegacyRole,
    Meta,
    NewRoles,
    OnCosts,
    Phase,
    Plan,
)

__all__ = ["NO_ON_COSTS", "costed_plan", "flat", "phase", "plan_of", "role"]


NO_ON_COSTS = OnCosts(
    employer_ni_rate=0.0,
    pension_rate=0.0,
    benefits_rate=0.0,
    tools_per_head=0.0,
    recruitment_fee_rate=0.2,
)
"""On-costs of zero, so a person's loaded cost is their salary: arithmetic by hand is easy."""


def flat(salary: float) -> Band:
    """A band whose low and high are both ``salary`` (every point is that salary)."""
    return Band(low=salary, high=salary)


def role(
    name: str = "Content",
    headcount: int = 4,
    salary: float = 48_000,
    transition: int | None = 3,
    stays: float = 0.25,
    shifts: float = 0.25,
    new_home: str = "custodian",
) -> LegacyRole:
    """A legacy role: ``stays`` of its hours stay, ``shifts`` go to GTM Marketers, the rest to
    AI with no oversight."""
    activities = [Activity(name="Standards", share=stays, destination="stays")]
    if shifts:
        activities.append(Activity(name="Audience work", share=shifts, destination="shifts"))
    rest = 1.0 - stays - shifts
    if rest > 0:
        activities.append(Activity(name="Production", share=rest, destination="ai"))
    return LegacyRole(
        name=name,
        headcount=headcount,
        band=flat(salary),
        activities=tuple(activities),
        new_home=new_home,  # type: ignore[arg-type]
        transition_month=transition,
    )


def plan_of(**fields: Any) -> Plan:
    """A plan starting January 2027 with zero on-costs unless ``assumptions`` is given."""
    base: dict[str, Any] = {
        "meta": Meta(name="Test plan", start_month=dt.date(2027, 1, 1)),
        "assumptions": Assumptions(on_costs=NO_ON_COSTS),
        "new_roles": NewRoles(head_of_gtm=flat(60_000), gtm_marketer=flat(36_000)),
    }
    base.update(fields)
    return Plan(**base)


def phase(name: str, start: int, months: int, *deps: str) -> Phase:
    return Phase(name=name, start_month=start, months=months, depends_on=deps)


def costed_plan(horizon: int = 8, **fields: Any) -> Plan:
    """The hand-calculation plan (zero on-costs, so loaded cost = salary; fee 20% of salary):

    - legacy role Content: 4 people at £48,000 = £4,000 a month each → baseline £16,000/month;
      25% of its hours stay → 4 × 37.5 h × 0.25 = 37.5 h = 1.0 custodian FTE (£4,000/month)
      from its transition in month 3;
    - audience A launches in month 2: one GTM Marketer at £36,000 = £3,000/month;
    - Head of GTM hired for month 2 at £60,000 = £5,000/month, fee 20% × £60,000 = £12,000.
    """
    base: dict[str, Any] = {
        "legacy_roles": (role("Content", headcount=4, salary=48_000, transition=3),),
        "audiences": (Audience(name="A", launch_month=2),),
        "hires": (Hire(position="Head of GTM", month=2, lead_time_months=1),),
        "horizon_months": horizon,
    }
    base.update(fields)
    return plan_of(**base)
