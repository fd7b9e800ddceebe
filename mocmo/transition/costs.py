"""The one-off costs of the transition, one pure formula per quantity.

Leaving (per leaver):

* **Statutory redundancy pay** (GOV.UK "Redundancy pay"; Employment Rights Act 1996 s.162):
  only an employee with at least 2 full years of continuous service qualifies. Counting back
  from the leaving date, each full year of service (the latest 20 at most) is worth half a
  week's pay if the employee was under 22 throughout it, one week's pay if 22 to 40, one and a
  half weeks' pay if 41 or over; a week's pay is the salary ÷ 52, capped (£751 from 6 April
  2026; £719 the year before). See :func:`statutory_redundancy_weeks`.
* **Company redundancy pay** = statutory × the company's multiple (1 = statutory only).
* **Notice**: the longer of the contract's notice and the statutory minimum (ERA 1996 s.86:
  one week after a month's service, one week per full year from 2 years, at most 12). Paid in
  lieu it is a one-off of weeks × a week's pay (uncapped); worked, it is no one-off (the leaver
  is on payroll until the leaving month).
* **Settlement** per leaver (the employer's contribution to the leaver's legal advice).

Moving and arriving:

* **Retraining** per person who moves to a new position.
* **Ramp-up**: a new hire or mover reaches full productivity over N months, in a straight line
  from a starting productivity. The output not yet delivered is *costed* (valued at the person's
  cost over those months), not *staffed* (nobody extra is hired to cover it).

The inputs are :class:`~mocmo.transition.assumptions.TransitionAssumptions` (data/defaults/
transition.yaml). Money in the plan's currency; time in years, weeks and months as named.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mocmo.transition.assumptions import TransitionAssumptions

__all__ = [
    "EARLIEST_WORKING_AGE",
    "ExitCost",
    "capped_weekly_pay",
    "counted_service_years",
    "exit_cost",
    "notice_pay_in_lieu",
    "notice_weeks",
    "ramp_lost_output",
    "ramp_lost_output_by_month",
    "redundancy_pay",
    "retraining_cost",
    "settlement_cost",
    "statutory_notice_weeks",
    "statutory_redundancy_pay",
    "statutory_redundancy_weeks",
    "statutory_weeks_for_year_at_age",
    "team_exit_cost",
    "weekly_pay",
]

EARLIEST_WORKING_AGE = 13
"""No child under 13 may be employed (Children and Young Persons Act 1933 s.18), so service
counted back from the leaving date cannot start before this age (years)."""


def _check_leaver(age: float, years_of_service: float) -> None:
    if not 16 <= age <= 100:
        raise ValueError(f"age: got {age!r}, must be from 16 to 100 (years, at the leaving date)")
    if years_of_service < 0:
        raise ValueError(f"years_of_service: got {years_of_service!r}, must be 0 or more (years)")
    most = math.floor(age) - EARLIEST_WORKING_AGE
    if math.floor(years_of_service) > most:
        raise ValueError(
            f"years_of_service: got {years_of_service!r} at age {age:g}, must be at most "
            f"{most} (nobody is employed before {EARLIEST_WORKING_AGE})"
        )


def weekly_pay(annual_salary: float, a: TransitionAssumptions) -> float:
    """A week's pay: the annual salary ÷ ``weeks_per_year`` (currency/week)."""
    return annual_salary / a.weeks_per_year


def capped_weekly_pay(annual_salary: float, a: TransitionAssumptions) -> float:
    """A week's pay as statutory redundancy counts it: at most ``statutory_weekly_pay_cap``
    (currency/week)."""
    return min(weekly_pay(annual_salary, a), a.statutory_weekly_pay_cap)


def counted_service_years(years_of_service: float, a: TransitionAssumptions) -> int:
    """Full years of service statutory redundancy counts: 0 below ``statutory_qualifying_years``
    full years, else the full years, at most ``statutory_max_years`` (years)."""
    full = math.floor(years_of_service)
    if full < a.statutory_qualifying_years:
        return 0
    return min(full, a.statutory_max_years)


def statutory_weeks_for_year_at_age(age_at_start: int, a: TransitionAssumptions) -> float:
    """Weeks' pay one full year of service is worth when the employee's age at its start (in
    whole years; they are at least that age throughout it) is ``age_at_start``: half a week
    under 22, one week from 22 to 40, one and a half from 41 (``statutory_band_*``) (weeks)."""
    young, old = a.statutory_band_ages
    under, middle, over = a.statutory_band_weeks
    if age_at_start >= old:
        return over
    if age_at_start >= young:
        return middle
    return under


def statutory_redundancy_weeks(
    age: float, years_of_service: float, a: TransitionAssumptions
) -> float:
    """Weeks' pay of statutory redundancy pay (weeks).

    The rule (Employment Rights Act 1996 s.162(1)–(3); GOV.UK "Redundancy pay"): count the full
    years of continuous service *backwards from the leaving date*, at most the latest 20; a year
    in which the employee was not below 41 is worth 1.5 weeks' pay, one in which they were not
    below 22 one week, any other half a week. Fewer than 2 full years: nothing.

    ``age`` is the age at the leaving date; its whole years ``A`` place the years: the k-th year
    back started when the employee was ``A − k`` (whole years) and they were at least that age
    throughout it. So a 45-year-old with 10 years counts the years begun at 44, 43, 42 and 41 at
    1.5 weeks and those begun at 40 … 35 at one week: 4 × 1.5 + 6 × 1 = 12 weeks (the GOV.UK
    calculator counts the same way). A fractional ``years_of_service`` (a team's average)
    counts its full years only.
    """
    _check_leaver(age, years_of_service)
    whole_age = math.floor(age)
    return sum(
        statutory_weeks_for_year_at_age(whole_age - k, a)
        for k in range(1, counted_service_years(years_of_service, a) + 1)
    )


def statutory_redundancy_pay(
    age: float, years_of_service: float, annual_salary: float, a: TransitionAssumptions
) -> float:
    """Statutory redundancy pay: :func:`statutory_redundancy_weeks` × :func:`capped_weekly_pay`
    (currency)."""
    return statutory_redundancy_weeks(age, years_of_service, a) * capped_weekly_pay(
        annual_salary, a
    )


def redundancy_pay(
    age: float, years_of_service: float, annual_salary: float, a: TransitionAssumptions
) -> float:
    """The company's redundancy pay: statutory × ``redundancy_multiple`` (currency)."""
    return statutory_redundancy_pay(age, years_of_service, annual_salary, a) * (
        a.redundancy_multiple
    )


STATUTORY_ONE_WEEK_UNDER_YEARS = 2
"""Employment Rights Act 1996 s.86(1)(a): one week's notice for service of a month up to this
many full years; from then on a week per full year."""


def statutory_notice_weeks(years_of_service: float, a: TransitionAssumptions) -> float:
    """Statutory minimum notice (Employment Rights Act 1996 s.86(1)): none under a month's
    service, one week under 2 full years, then one week per full year, at most
    ``statutory_notice_max_weeks`` (weeks)."""
    if years_of_service < 1 / 12:  # a month of service
        return 0.0
    full = math.floor(years_of_service)
    if full < STATUTORY_ONE_WEEK_UNDER_YEARS:
        return 1.0
    return float(min(full, a.statutory_notice_max_weeks))


def notice_weeks(years_of_service: float, a: TransitionAssumptions) -> float:
    """Notice a leaver is given: the longer of ``notice_weeks`` (contract) and the statutory
    minimum (weeks)."""
    return max(a.notice_weeks, statutory_notice_weeks(years_of_service, a))


def notice_pay_in_lieu(
    years_of_service: float, annual_salary: float, a: TransitionAssumptions
) -> float:
    """One-off notice pay: :func:`notice_weeks` × :func:`weekly_pay` (uncapped) when notice is
    paid in lieu; 0 when it is worked (the leaver stays on payroll) (currency)."""
    if not a.notice_paid_in_lieu:
        return 0.0
    return notice_weeks(years_of_service, a) * weekly_pay(annual_salary, a)


def settlement_cost(leavers: float, a: TransitionAssumptions) -> float:
    """Settlement agreements: leavers × ``settlement_per_leaver`` (currency)."""
    return leavers * a.settlement_per_leaver


def retraining_cost(movers: float, a: TransitionAssumptions) -> float:
    """Retraining: movers × ``retraining_per_mover`` (currency)."""
    return movers * a.retraining_per_mover


@dataclass(frozen=True)
class ExitCost:
    """One leaver's one-off costs (currency)."""

    statutory_redundancy: float
    """Statutory redundancy pay."""
    enhancement: float
    """What the company pays above statutory: statutory × (multiple − 1)."""
    notice_in_lieu: float
    """Notice paid in lieu (0 when worked)."""
    settlement: float
    """The settlement agreement."""

    @property
    def redundancy(self) -> float:
        """Company redundancy pay: statutory + enhancement (currency)."""
        return self.statutory_redundancy + self.enhancement

    @property
    def total(self) -> float:
        """Every one-off of the exit: redundancy + notice in lieu + settlement (currency)."""
        return self.redundancy + self.notice_in_lieu + self.settlement


def exit_cost(
    age: float, years_of_service: float, annual_salary: float, a: TransitionAssumptions
) -> ExitCost:
    """The one-off costs of one leaver, part by part (:class:`ExitCost`)."""
    statutory = statutory_redundancy_pay(age, years_of_service, annual_salary, a)
    return ExitCost(
        statutory_redundancy=statutory,
        enhancement=statutory * (a.redundancy_multiple - 1),
        notice_in_lieu=notice_pay_in_lieu(years_of_service, annual_salary, a),
        settlement=settlement_cost(1, a),
    )


def team_exit_cost(
    leavers: float,
    annual_salary: float,
    a: TransitionAssumptions,
    average_age: float | None = None,
    average_service_years: float | None = None,
) -> ExitCost:
    """The one-off costs of ``leavers`` people of one team, each costed as a representative
    leaver at the team's average age and service (:func:`exit_cost` × leavers) (currency).

    An average the plan gives is used as given (0 years of service means 0); an empty one takes
    ``average_age`` / ``average_service_years`` of the transition defaults, until a roster gives
    each person's own."""
    if leavers < 0:
        raise ValueError(f"leavers: got {leavers!r}, must be 0 or more (people)")
    age = a.average_age if average_age is None else average_age
    service = a.average_service_years if average_service_years is None else average_service_years
    one = exit_cost(age, service, annual_salary, a)
    return ExitCost(
        statutory_redundancy=one.statutory_redundancy * leavers,
        enhancement=one.enhancement * leavers,
        notice_in_lieu=one.notice_in_lieu * leavers,
        settlement=one.settlement * leavers,
    )


def ramp_lost_output_by_month(
    annual_cost: float, months_to_full: float, start_productivity: float
) -> tuple[float, ...]:
    """The output not delivered in each month of a ramp-up, valued at the person's cost
    (currency per month, month 1 first).

    Productivity rises in a straight line from ``start_productivity`` on the first day to 1
    after ``months_to_full`` months: the shortfall at time t (months) is (1 − s)(1 − t/N). Month
    m holds its integral from m − 1 to min(m, N), times the monthly cost (``annual_cost`` ÷ 12);
    the months add up to (1 − s) × N ÷ 2 months of cost. No ramp (N = 0): no months.
    """
    if months_to_full < 0:
        raise ValueError(f"months_to_full: got {months_to_full!r}, must be 0 or more (months)")
    if not 0 <= start_productivity <= 1:
        raise ValueError(
            f"start_productivity: got {start_productivity!r}, must be from 0 to 1 (fraction)"
        )
    if months_to_full == 0:
        return ()
    n = months_to_full
    monthly = annual_cost / 12
    out = []
    for m in range(1, math.ceil(n) + 1):
        lo, hi = m - 1, min(m, n)
        out.append(monthly * (1 - start_productivity) * ((hi - lo) - (hi**2 - lo**2) / (2 * n)))
    return tuple(out)


def ramp_lost_output(annual_cost: float, months_to_full: float, start_productivity: float) -> float:
    """The output a ramp-up does not deliver, valued at the person's cost:
    (1 − start productivity) × months to full ÷ 2 × the monthly cost (currency)."""
    return sum(ramp_lost_output_by_month(annual_cost, months_to_full, start_productivity))
