"""Issue #17's whole-cost figures checked on small plans worked out by hand.

Every plan here is a :func:`plans.migration_plan`: zero on-costs (a person's loaded cost is
their salary), productive share 1.0, so one person carries 37.5 h a week; Head of GTM £60,000,
GTM Marketer £36,000 flat; a legacy role of 4 people at £48,000 works 4 × 37.5 = 150 h a week.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from plans import BY_HAND_STAFFING, migration_plan, migration_role

from conftest import LibreOfficeRecalc, load_values, named_value
from mocmo import staffing as st
from mocmo.costing import whole as w
from mocmo.excel import write_workbook
from mocmo.migration.timeline import breakeven_month, monthly
from mocmo.plan import (
    AiCosts,
    Audience,
    GtmStaffing,
    Hire,
    PayReview,
    Plan,
    Staffing,
    TransitionInputs,
    with_value,
)
from mocmo.plan.operating import BudgetLine
from mocmo.present.wholecost import unstaffed_sentences

PRICED = AiCosts(
    licence_per_user_month=30.0,
    licensed_share=0.5,
    legacy_licensed_users=2.0,
    usage_per_absorbed_hour=1.5,
    weeks_per_year=52.0,
)


def _plan(
    shifts: float = 0.325,
    ai: AiCosts | None = None,
    gtm: GtmStaffing | None = None,
    **fields: Any,
) -> Plan:
    """Content: 4 × £48,000, 25% stays, ``shifts`` to GTM, the rest to AI (no oversight)."""
    base: dict[str, Any] = {
        "legacy_roles": (
            migration_role("Content", headcount=4, salary=48_000, stays=0.25, shifts=shifts),
        ),
        "audiences": (Audience(name="A"),),
        "horizon_months": 12,
    }
    base.update(fields)
    plan = migration_plan(**base)
    changes: dict[str, Any] = {}
    if ai is not None:
        changes["ai_costs"] = ai
    if gtm is not None:
        changes["staffing"] = Staffing(**{**BY_HAND_STAFFING.model_dump(), "gtm": gtm.model_dump()})
    if changes:
        plan = plan.model_copy(update={"assumptions": plan.assumptions.model_copy(update=changes)})
    return plan


def test_gtm_load_of_1_3_capacities_is_1_5_fte_and_every_total_by_hand() -> None:
    plan = _plan(
        ai=PRICED,
        budget_shift=(BudgetLine(line="agencies_freelancers", before=10_000, after=4_000),),
    )
    # GTM load: 150 × 0.325 = 48.75 h = 1.3 × 37.5 → round up to 0.5 → 1.5 FTE; + Head = 2.5
    assert st.gtm_fte(plan) == pytest.approx(2.5)
    # custodians: 150 × 0.25 = 37.5 h ÷ 37.5 = 1.0; no MarOps seats, no MarOps hours → 0
    assert st.custodian_fte_total(plan) == pytest.approx(1.0)
    assert st.marops_fte(plan) == pytest.approx(0.0)
    assert st.unstaffed_hours_per_week(plan) == pytest.approx(0.0)
    # AI: new org 2.5 + 1.0 = 3.5 FTE × 0.5 licensed = 1.75 seats × £30 × 12 = £630;
    # absorbed 150 × 0.425 = 63.75 h/wk × 52 × £1.5 = £4,972.50; no agents → £5,602.50
    assert w.ai_run_cost_annual(plan) == pytest.approx(5_602.5)
    # legacy: 4 × 48,000 = 192,000 + 2 seats × 30 × 12 = 720 + budget 10,000 = 202,720
    assert w.non_payroll_cost_legacy(plan) == pytest.approx(10_000)
    assert w.legacy_total_cost(plan) == pytest.approx(202_720)
    # new: 60,000 + 1.5 × 36,000 = 54,000 + custodian 48,000 = 162,000 + 5,602.5 + 4,000
    assert w.non_payroll_cost_new(plan) == pytest.approx(4_000)
    assert w.new_total_cost(plan) == pytest.approx(171_602.5)
    # net: 171,602.5 − 202,720 = −31,117.5; pct −31,117.5 / 202,720
    assert w.total_net_change(plan) == pytest.approx(-31_117.5)
    assert w.total_net_change_pct(plan) == pytest.approx(-31_117.5 / 202_720)


def test_fixed_gtm_headcount_leaves_unstaffed_hours_at_the_marketer_rate() -> None:
    plan = _plan(gtm=GtmStaffing(step=0.5, fixed_fte=1.0))
    # 48.75 h against 1.0 × 37.5 → 11.25 h/wk unstaffed; cost 11.25 / 37.5 × 36,000 = 10,800
    assert st.gtm_fte(plan) == pytest.approx(2.0)
    assert st.unstaffed_hours_per_week(plan) == pytest.approx(11.25)
    assert st.unstaffed_hours_cost(plan) == pytest.approx(10_800)


def test_load_exactly_two_capacities_is_two_fte_at_step_half_and_one() -> None:
    # 150 × 0.5 = 75 h = 2 × 37.5 exactly: no rounding noise pushes it to 2.5 (or 3.0)
    for step in (0.5, 1.0, 0.25):
        plan = _plan(shifts=0.5, gtm=GtmStaffing(step=step, fixed_fte=None))
        assert st.gtm_fte(plan) == pytest.approx(1.0 + 2.0), step


def test_step_one_and_quarter_round_1_3_differently() -> None:
    # 1.3 FTE of load: step 1.0 → 2.0; step 0.25 → 1.5 (1.25 < 1.3 ≤ 1.5)
    assert st.gtm_fte(_plan(gtm=GtmStaffing(step=1.0, fixed_fte=None))) == pytest.approx(3.0)
    assert st.gtm_fte(_plan(gtm=GtmStaffing(step=0.25, fixed_fte=None))) == pytest.approx(2.5)


def test_fixed_fte_exactly_at_the_load_leaves_nothing_unstaffed() -> None:
    # 75 h of load, 2.0 FTE fixed × 37.5 = 75 h: 0 unstaffed, £0
    plan = _plan(shifts=0.5, gtm=GtmStaffing(step=0.5, fixed_fte=2.0))
    assert st.unstaffed_hours_per_week(plan) == 0.0
    assert st.unstaffed_hours_cost(plan) == 0.0


def test_no_audiences_has_no_gtm_fte() -> None:
    plan = _plan(audiences=())
    assert st.gtm_fte(plan) == 0.0


def test_an_audience_with_zero_pipeline_shares_the_load_equally() -> None:
    # both targets 0 → equal weights: 48.75 / 2 = 24.375 h each → 1 marketer each; + Head = 3
    plan = _plan(
        audiences=(
            Audience(name="A", owner="Ann", pipeline_target=0),
            Audience(name="B", owner="Bob", pipeline_target=0),
        ),
        gtm_team=("Ann", "Bob"),
    )
    assert st.gtm_fte(plan) == pytest.approx(3.0)


def test_a_plan_whose_legacy_total_is_0_has_no_percentage() -> None:
    plan = _plan(legacy_roles=(), ai=PRICED.model_copy(update={"legacy_licensed_users": 0.0}))
    assert w.legacy_total_cost(plan) == 0.0
    assert w.total_net_change_pct(plan) is None


def test_licensed_share_0_prices_no_seats() -> None:
    plan = _plan(ai=PRICED.model_copy(update={"licensed_share": 0.0}))
    # only usage: 63.75 × 52 × 1.5 = 4,972.5
    assert w.ai_run_cost_annual(plan) == pytest.approx(4_972.5)


def _two_owner_plan() -> Plan:
    """75 h of GTM load (150 × 0.5) shared 4 : 1 by pipeline between Ann (60 h) and Bob (15 h),
    the GTM headcount fixed at the two owners (2.0 FTE)."""
    return _plan(
        shifts=0.5,
        gtm=GtmStaffing(step=0.5, fixed_fte=2.0),
        audiences=(
            Audience(name="A", owner="Ann", pipeline_target=4),
            Audience(name="B", owner="Bob", pipeline_target=1),
        ),
        gtm_team=("Ann", "Bob"),
    )


def test_one_marketers_spare_hours_do_not_carry_another_audiences_excess() -> None:
    plan = _two_owner_plan()
    # Ann: 75 × 4/5 = 60 h against 1 × 37.5 → 22.5 h beyond her; Bob: 15 h, 22.5 h spare.
    # The fixed 2.0 FTE are the two owners: no support to share, so Ann's 22.5 h are unstaffed
    # (Bob's spare 22.5 h do not cancel them: the pooled 75 − 2 × 37.5 = 0 hid them).
    assert st.owners_over_capacity(plan) == ["Ann"]
    assert st.unstaffed_hours_per_week(plan) == pytest.approx(22.5)
    # cost: 22.5 / 37.5 × £36,000 (a GTM Marketer, no on-costs) = £21,600
    assert st.unstaffed_hours_cost(plan) == pytest.approx(21_600)


def test_the_workbook_counts_the_same_unstaffed_hours(
    lo_recalc: LibreOfficeRecalc, tmp_path: Path
) -> None:
    xlsx = write_workbook(_two_owner_plan(), tmp_path / "two.xlsx")
    values = load_values(lo_recalc(xlsx))
    # as above: 22.5 h/wk, 22.5 / 37.5 × 36,000 = £21,600
    assert named_value(values, "unstaffed_hours_per_week") == pytest.approx(22.5)
    assert named_value(values, "unstaffed_hours_cost") == pytest.approx(21_600, abs=0.005)


REVIEW_IN_MONTH_7 = PayReview(rate=0.04, first_month=7)
"""A 4% pay review in month 7 (of a 12-month horizon)."""


def _timeline_plan(review: PayReview = REVIEW_IN_MONTH_7, change_month: int | None = None) -> Plan:
    """Two roles, horizon 12, AI priced (:data:`PRICED`), one budget line £12,000 → £6,000.

    - Content: 4 × £48,000 (£4,000 a month each), 25% stays (37.5 h → 1.0 custodian at
      £48,000), 25% shifts (37.5 h), 50% AI (75 h/wk absorbed); changes shape in month 3.
    - Design: 2 × £36,000 (£3,000 a month each), 50% stays (1.0 custodian at £36,000), 50%
      shifts (37.5 h); changes shape in month 5.
    - Audience A launches in month 2: load 75 h = 2.0 FTE, one marketer + one associate at
      £36,000 (£3,000 a month each); Head of GTM from month 2 (£5,000 a month, fee £12,000).
    """
    plan = migration_plan(
        legacy_roles=(
            migration_role("Content", 4, 48_000, 3, 0.25, 0.25),
            migration_role("Design", 2, 36_000, 5, 0.5, 0.5),
        ),
        audiences=(Audience(name="A", launch_month=2),),
        hires=(Hire(position="Head of GTM", month=2, lead_time_months=1),),
        horizon_months=12,
        budget_shift=(
            BudgetLine(
                line="agencies_freelancers", before=12_000, after=6_000, change_month=change_month
            ),
        ),
    )
    changes = {"ai_costs": PRICED, "pay_review": review}
    return plan.model_copy(update={"assumptions": plan.assumptions.model_copy(update=changes)})


def test_timeline_with_a_pay_review_in_month_7_by_hand() -> None:
    m = monthly(_timeline_plan())
    # month 1: legacy 16,000 + 6,000 = 22,000; AI seats: legacy 2 × £30 = £60; budget
    # 12,000 / 12 = 1,000 → 23,060 (= the baseline: difference 0)
    assert m["total_cost"].iloc[0] == pytest.approx(23_060)
    assert m["legacy_baseline_cost"].iloc[0] == pytest.approx(23_060)
    # month 12 (one review, × 1.04): Head 5,200 + GTM 2 × 3,120 + custodians 4,160 + 3,120
    # = 18,720; seats 0.5 × 5 FTE × 30 = 75; usage 75 h × 52 / 12 × 1.5 = 487.5; budget
    # 6,000 / 12 = 500 → 19,782.5. Baseline 22,000 × 1.04 + 60 + 1,000 = 23,940.
    assert m["total_cost"].iloc[11] == pytest.approx(19_782.5)
    assert m["legacy_baseline_cost"].iloc[11] == pytest.approx(23_940)
    # the people flows: in month 2 two of Content's people move to the GTM Marketer and the
    # associate (paid there, not in Content), the Head of GTM is hired (fee £12,000); in month 3
    # one becomes Content's custodian and one leaves; in month 5 one of Design's becomes its
    # custodian and one leaves. Transition costs here: statutory redundancy only (no notice
    # pay, settlement, retraining or ramp-up), at the defaults age 38 and 5 years' service:
    # Content 5 × the £751 cap = £3,755; Design 5 × £36,000 / 52 = £3,461.54 (under the cap).
    m = monthly(_bare(_timeline_plan()))
    design_exit = 5 * 36_000 / 52
    # m2: Content 2 × 4,000 + Design 6,000 + Head 5,000 + 2 × 3,000 = 25,000; seats 3 new FTE
    #     × 0.5 × 30 = 45 + today's 2 × 4/6 × 30 = 40; budget 1,000; fee 12,000 → +15,025
    # m3: Design 6,000 + custodian 4,000 + GTM 11,000 = 21,000; usage 487.5 + seats 60 + 20;
    #     budget 1,000; exit 3,755 → 26,322.5 − 23,060 = +3,262.5
    # m4: 22,567.5 → −492.5; m5: 18,000 + 487.5 + 75 + 500 + Design's exit → −3,997.5 + exit
    # m6: 19,062.5 → −3,997.5; m7…: 19,782.5 − 23,940 = −4,157.5 each → break-even 10.
    diffs = [0, 15_025, 3_262.5, -492.5, -3_997.5 + design_exit, -3_997.5] + [-4_157.5] * 6
    expected = [sum(diffs[: k + 1]) for k in range(12)]
    assert list(m["cumulative_difference"]) == pytest.approx(expected)
    assert breakeven_month(_bare(_timeline_plan())) == 10


def _bare(plan: Plan) -> Plan:
    """``plan`` with statutory redundancy as its only transition cost."""
    inputs = TransitionInputs(
        retraining_per_mover=0, ramp_months_hire=0, ramp_months_mover=0,
        notice_paid_in_lieu=False, settlement_per_leaver=0,
    )  # fmt: skip
    return with_value(plan, "assumptions.transition", inputs)


def test_a_pay_review_beyond_the_horizon_changes_no_month() -> None:
    # first review in month 13 of a 12-month plan: every month at start pay, month 12
    # = 18,000 + 75 + 487.5 + 500 = 19,062.5 (baseline 23,060)
    m = monthly(_timeline_plan(PayReview(rate=0.04, first_month=13)))
    assert list(m["pay_factor"]) == [1.0] * 12
    assert m["total_cost"].iloc[11] == pytest.approx(19_062.5)
    assert m["legacy_baseline_cost"].iloc[11] == pytest.approx(23_060)


def test_a_budget_change_beyond_the_horizon_keeps_the_before_amount() -> None:
    # change in month 13: 12,000 / 12 = 1,000 every month; the annual new total still uses
    # the after amount (the steady state): 6,000
    plan = _timeline_plan(change_month=13)
    assert list(monthly(plan)["non_payroll_cost"]) == pytest.approx([1_000] * 12)
    assert w.non_payroll_cost_new(plan) == pytest.approx(6_000)


def test_the_red_flag_says_how_much_of_their_time_the_staffed_marketers_would_work() -> None:
    # Ann and Bob staffed 2 × 37.5 = 75 h, plus the 22.5 h nobody does: 97.5 / 75 = 130%
    # (the pooled 75 h ÷ 75 h said 100% next to "22.5 h/wk of work has nobody to do it")
    words = unstaffed_sentences(_two_owner_plan())
    assert len(words) == 1
    assert words[0].startswith("GTM Marketers would work 130% of their time: 22.5 h/wk")


def test_a_marops_headcount_fixed_at_0_has_nobody_staffed_not_0_percent() -> None:
    staffing = BY_HAND_STAFFING.model_dump()
    staffing["marops"] = {"step": 0.5, "fixed_fte": 0.0}
    staffing["marops_own_hours_per_week"] = 20.0
    plan = _plan()
    changes = {"staffing": Staffing(**staffing)}
    plan = plan.model_copy(update={"assumptions": plan.assumptions.model_copy(update=changes)})
    # no seats, fixed at 0 FTE: all 20 h/wk of MarOps's own work is unstaffed
    assert st.marops_fte(plan) == 0.0
    assert st.unstaffed_hours_per_week(plan) == pytest.approx(20.0)
    words = [s for s in unstaffed_sentences(plan) if s.startswith("MarOps")]
    assert len(words) == 1
    assert words[0].startswith("MarOps would have nobody staffed: 20.0 h/wk")
