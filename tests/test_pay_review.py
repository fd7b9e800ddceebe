"""The annual pay review: the pay factor month by month, the timeline's payroll for the new
path and the stay-legacy baseline at the raised pay (on-costs on the raised salary), and the
annual figures at the plan's start pay — on one-person plans worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from plans import flat, uk_assumptions

from mocmo import costing, migration
from mocmo.plan import (
    Activity,
    LegacyRole,
    MarOpsStaffing,
    Meta,
    PayReview,
    Plan,
    PlanError,
    Staffing,
    parse_plan,
)


def _one_person(salary: float, review: PayReview, horizon: int = 12) -> Plan:
    """One person at ``salary`` whose role keeps all its hours and becomes a custodian in month
    1 (37.5 h a week → 1.0 custodian FTE at the same band): the new path and the legacy baseline
    both pay exactly one salary; no audiences, no MarOps, no AI prices."""
    return Plan(
        meta=Meta(name="Pay review", start_month=dt.date(2027, 1, 1)),
        assumptions=uk_assumptions(
            staffing=Staffing(
                marops=MarOpsStaffing(step=0.5, fixed_fte=0.0), marops_own_hours_per_week=0.0
            ),
            pay_review=review,
        ),
        legacy_roles=(
            LegacyRole(
                name="Brand",
                headcount=1,
                band=flat(salary),
                activities=(Activity(name="Standards", share=1.0, destination="stays"),),
                transition_month=1,
            ),
        ),
        horizon_months=horizon,
    )


FOUR_IN_SEVEN = PayReview(rate=0.04, first_month=7)
NONE = PayReview(rate=0.0, first_month=None)


def test_the_pay_factor_steps_up_at_each_review() -> None:
    """4% from month 7, then every 12 months: 1 for months 1–6, 1.04 for 7–18, 1.04² from 19."""
    plan = _one_person(40_000, FOUR_IN_SEVEN, horizon=24)
    factors = [costing.pay_factor(plan, m) for m in range(1, 25)]
    assert factors == pytest.approx([1.0] * 6 + [1.04] * 12 + [1.0816] * 6)
    assert [costing.pay_reviews_by(plan, m) for m in (6, 7, 18, 19)] == [0, 1, 1, 2]
    assert list(migration.monthly(plan)["pay_factor"]) == pytest.approx(factors)
    # A rate without a first month is no review; a first month with rate 0 changes nothing.
    no_month = _one_person(40_000, PayReview(rate=0.04, first_month=None))
    assert {costing.pay_factor(no_month, m) for m in range(1, 13)} == {1.0}
    zero = _one_person(40_000, PayReview(rate=0.0, first_month=7))
    assert {costing.pay_factor(zero, m) for m in range(1, 13)} == {1.0}


@pytest.mark.parametrize(
    ("salary", "change"),
    [
        # £40,000 → £41,600 from month 7: salary 6 × 1,600 / 12 = 800; NI 15% of it = 120;
        # pension 3% of it = 24 (both salaries inside £6,240–£50,270); benefits 5% = 40;
        # tools unchanged → 984 more in the year.
        (40_000, 800 + 120 + 24 + 40),
        # £60,000 → £62,400: salary 6 × 2,400 / 12 = 1,200; NI 180; pension 0 (both above the
        # £50,270 upper limit, which does not rise); benefits 60 → 1,440 more.
        (60_000, 1_200 + 180 + 0 + 60),
    ],
)
def test_a_four_percent_review_in_month_seven_changes_the_years_payroll_by_hand(
    salary: float, change: float
) -> None:
    """A 4% review in month 7 of a 12-month horizon raises the year's payroll, on the new path
    and on the stay-legacy baseline, by 6 months × 4% of the salary plus NI, pension and
    benefits recomputed on the raised salary."""
    raised = migration.monthly(_one_person(salary, FOUR_IN_SEVEN))
    flat_pay = migration.monthly(_one_person(salary, NONE))
    assert raised["payroll_cost"].sum() - flat_pay["payroll_cost"].sum() == pytest.approx(change)
    baseline = raised["legacy_baseline_cost"].sum() - flat_pay["legacy_baseline_cost"].sum()
    assert baseline == pytest.approx(change)
    # Months 1–6 are at start pay; the year without a review is 12 × the annual cost / 12.
    assert list(raised["payroll_cost"][:6]) == pytest.approx(list(flat_pay["payroll_cost"][:6]))
    assert flat_pay["payroll_cost"].sum() == pytest.approx(
        costing.new_org_loaded_cost(_one_person(salary, NONE))
    )


def test_the_years_payroll_at_forty_thousand_is_the_hand_figure() -> None:
    """£40,000 loaded: NI 0.15 × 35,000 = 5,250; pension 0.03 × 33,760 = 1,012.80; benefits
    2,000; tools 3,000 → 51,262.80 a year. £41,600: NI 5,490; pension 1,060.80; benefits 2,080;
    tools 3,000 → 53,230.80. The year: 6 × 51,262.80 / 12 + 6 × 53,230.80 / 12 = 52,246.80."""
    table = migration.monthly(_one_person(40_000, FOUR_IN_SEVEN))
    assert list(table["custodian_cost"]) == pytest.approx(
        [51_262.80 / 12] * 6 + [53_230.80 / 12] * 6
    )
    assert table["payroll_cost"].sum() == pytest.approx(52_246.80)


def test_the_annual_figures_stay_at_the_plans_start_pay() -> None:
    """The steady-state annual figures are at start pay whatever the review (the timeline
    carries it), and they say which year's pay that is."""
    raised, flat_pay = _one_person(40_000, FOUR_IN_SEVEN), _one_person(40_000, NONE)
    for fn in (
        costing.new_org_loaded_cost,
        costing.legacy_org_loaded_cost,
        costing.new_total_cost,
        costing.legacy_total_cost,
    ):
        assert fn(raised) == pytest.approx(fn(flat_pay)), fn.__name__
    assert costing.new_org_loaded_cost(raised) == pytest.approx(51_262.80)
    assert costing.pay_year(raised) == 2027


@pytest.mark.parametrize(
    ("review", "path"),
    [({"rate": 1.5}, "assumptions.pay_review.rate"),
     ({"first_month": 0}, "assumptions.pay_review.first_month")],
)  # fmt: skip
def test_a_review_outside_its_range_is_refused_naming_the_field(
    review: dict[str, float], path: str
) -> None:
    """A rate above 100% or a month before month 1 is refused with the field's path, never
    clamped."""
    with pytest.raises(PlanError) as err:
        parse_plan({"meta": {"name": "x"}, "assumptions": {"pay_review": review}})
    assert [p.path for p in err.value.problems] == [path]
