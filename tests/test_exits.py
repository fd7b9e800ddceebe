"""The transition's one-off costs (mocmo.transition): UK statutory redundancy pay counted back
from the leaving date by age band, the company multiple, notice, settlement, retraining and
ramp-up, each checked against a hand calculation written out here."""

from __future__ import annotations

import pytest

from mocmo import transition
from mocmo.transition import TransitionAssumptions, transition_assumptions, transition_parameters

A = transition_assumptions()  # cap £751 a week (from 6 April 2026), 20 years, 2 to qualify
CAP = 751.0


# --------------------------------------------------------------------------- the defaults


def test_the_defaults_are_the_2026_statutory_figures_with_their_sources() -> None:
    """The weekly cap is GOV.UK's £751 from 6 April 2026; the bands, 20-year limit and 2-year
    qualifying service are the statute's; every input has a unit, a label and a source."""
    assert A.statutory_weekly_pay_cap == CAP
    assert (A.statutory_max_years, A.statutory_qualifying_years) == (20, 2)
    assert A.statutory_band_ages == (22, 41)
    assert A.statutory_band_weeks == (0.5, 1.0, 1.5)
    params = transition_parameters()
    assert str(params["statutory_weekly_pay_cap"].effective_date) == "2026-04-06"
    assert "GOV.UK" in params["statutory_weekly_pay_cap"].source
    for key, param in params.items():
        assert param.unit.strip() and param.label.strip() and param.source.strip(), key


def test_a_bad_input_names_the_key_the_value_and_what_is_allowed() -> None:
    """A multiple below 1 (less than the legal minimum) is refused, not clamped."""
    with pytest.raises(ValueError, match=r"transition\.redundancy_multiple: got 0\.5, must be"):
        A.with_changes(redundancy_multiple=0.5)
    with pytest.raises(ValueError, match=r"ramp_start_productivity: got 1\.5"):
        A.with_changes(ramp_start_productivity=1.5)


# --------------------------------------------------------------------------- statutory redundancy


def test_the_issue_case_one_leaver_6_years_age_35_on_52000() -> None:
    """£52,000 ÷ 52 = £1,000 a week, capped at £751; the 6 years back from 35 began at 34 … 29,
    all in the 22–40 band: 6 × 1 week × £751 = £4,506."""
    assert transition.weekly_pay(52_000, A) == pytest.approx(1_000.0)
    assert transition.capped_weekly_pay(52_000, A) == CAP
    assert transition.statutory_redundancy_weeks(35, 6, A) == 6.0
    assert transition.statutory_redundancy_pay(35, 6, 52_000, A) == pytest.approx(4_506.0)


def test_pay_under_the_cap_is_used_as_it_is() -> None:
    """£26,000 ÷ 52 = £500 a week (under the cap): 6 weeks × £500 = £3,000."""
    assert transition.statutory_redundancy_pay(35, 6, 26_000, A) == pytest.approx(3_000.0)


@pytest.mark.parametrize(
    ("age", "years", "weeks"),
    [
        # 21, 3 years: begun at 20, 19, 18 — all under 22: 3 × 0.5 = 1.5
        (21, 3, 1.5),
        # 22, 3 years: begun at 21, 20, 19 — still under 22 throughout: 3 × 0.5 = 1.5
        (22, 3, 1.5),
        # 23, 3 years: begun at 22 (1 week), 21, 20 (0.5 each): 1 + 1 = 2
        (23, 3, 2.0),
        # 40, 6 years: begun at 39 … 34 — all 22–40: 6 × 1 = 6
        (40, 6, 6.0),
        # 41, 6 years: begun at 40 … 35 — not yet 41 in any of them: 6 × 1 = 6
        (41, 6, 6.0),
        # 42, 6 years: begun at 41 (1.5), then 40 … 37 (1 each): 1.5 + 5 = 6.5
        (42, 6, 6.5),
    ],
)
def test_age_band_boundaries(age: int, years: int, weeks: float) -> None:
    """A year counts at the band of the age the employee was throughout it (its start)."""
    assert transition.statutory_redundancy_weeks(age, years, A) == weeks


def test_service_counted_backwards_from_the_leaving_date() -> None:
    """A 45-year-old with 10 years: the years begun at 44, 43, 42, 41 count 1.5 weeks each (6),
    those begun at 40 … 35 one week each (6): 12 weeks; at £1,000 a week, 12 × £751 = £9,012."""
    assert transition.statutory_redundancy_weeks(45, 10, A) == 12.0
    assert transition.statutory_redundancy_pay(45, 10, 52_000, A) == pytest.approx(9_012.0)


def test_less_than_two_full_years_gets_nothing() -> None:
    """1.9 years is 1 full year, under the 2 needed: no statutory pay; exactly 2 qualifies
    (at 35: 2 × 1 week × £751 = £1,502)."""
    assert transition.statutory_redundancy_pay(35, 1.9, 52_000, A) == 0.0
    assert transition.statutory_redundancy_pay(35, 0, 52_000, A) == 0.0
    assert transition.statutory_redundancy_pay(35, 2, 52_000, A) == pytest.approx(1_502.0)


def test_only_the_latest_20_years_count() -> None:
    """A 60-year-old with 30 years: only the 20 begun at 59 … 40 count: 19 at 1.5 weeks
    (59 … 41) and 1 at 1 week (40) = 29.5 weeks; × £751 = £22,154.50. The most anyone gets is
    20 × 1.5 × £751 = £22,530 (GOV.UK's stated maximum)."""
    assert transition.statutory_redundancy_weeks(60, 30, A) == 29.5
    assert transition.statutory_redundancy_pay(60, 30, 52_000, A) == pytest.approx(22_154.5)
    assert transition.statutory_redundancy_pay(62, 25, 90_000, A) == pytest.approx(22_530.0)


def test_fractional_service_counts_full_years_only() -> None:
    """6.9 years (a team's average) counts as 6 full years: same as 6."""
    assert transition.statutory_redundancy_weeks(35, 6.9, A) == 6.0


def test_impossible_service_for_the_age_is_refused() -> None:
    """25 years of service at age 30 would start at 5: refused with the most allowed (17)."""
    with pytest.raises(ValueError, match=r"years_of_service: got 25 at age 30, must be at most 17"):
        transition.statutory_redundancy_weeks(30, 25, A)


def test_the_company_multiple_scales_statutory_pay() -> None:
    """A multiple of 2 doubles the issue's £4,506 to £9,012; the enhancement is the £4,506 above
    statutory."""
    doubled = A.with_changes(redundancy_multiple=2.0)
    assert transition.redundancy_pay(35, 6, 52_000, doubled) == pytest.approx(9_012.0)
    cost = transition.exit_cost(35, 6, 52_000, doubled)
    assert cost.statutory_redundancy == pytest.approx(4_506.0)
    assert cost.enhancement == pytest.approx(4_506.0)


# --------------------------------------------------------------------------- notice, settlement


def test_notice_is_the_longer_of_contract_and_statute() -> None:
    """Statute: 1 week under 2 years, 1 a full year from 2, at most 12. With 4 weeks' contract:
    1 year → 4; 6 years → 6; 15 years → 12."""
    assert transition.statutory_notice_weeks(0.01, A) == 0.0  # under a month
    assert transition.statutory_notice_weeks(1, A) == 1.0
    assert transition.statutory_notice_weeks(6, A) == 6.0
    assert transition.statutory_notice_weeks(15, A) == 12.0
    assert [transition.notice_weeks(y, A) for y in (1, 6, 15)] == [4.0, 6.0, 12.0]


def test_notice_paid_in_lieu_is_a_one_off_and_worked_notice_is_not() -> None:
    """6 years on £52,000: 6 weeks × £1,000 (uncapped) = £6,000 paid in lieu; £0 worked."""
    assert transition.notice_pay_in_lieu(6, 52_000, A) == pytest.approx(6_000.0)
    worked = A.with_changes(notice_paid_in_lieu=False)
    assert transition.notice_pay_in_lieu(6, 52_000, worked) == 0.0


def test_the_issue_leaver_costs_redundancy_notice_and_settlement() -> None:
    """£4,506 statutory + £6,000 notice in lieu + £600 settlement = £11,106."""
    cost = transition.exit_cost(35, 6, 52_000, A)
    assert cost.redundancy == pytest.approx(4_506.0)
    assert cost.notice_in_lieu == pytest.approx(6_000.0)
    assert cost.settlement == pytest.approx(600.0)
    assert cost.total == pytest.approx(11_106.0)


def test_settlement_and_retraining_are_per_person_and_zero_means_zero() -> None:
    """3 leavers × £600 = £1,800; 5 movers × £1,700 = £8,500; a 0 rate costs 0."""
    assert transition.settlement_cost(3, A) == pytest.approx(1_800.0)
    assert transition.retraining_cost(5, A) == pytest.approx(8_500.0)
    free = A.with_changes(settlement_per_leaver=0.0, retraining_per_mover=0.0)
    assert transition.settlement_cost(3, free) == 0.0
    assert transition.retraining_cost(5, free) == 0.0


def test_a_team_s_leavers_at_the_default_average_age_and_service() -> None:
    """3 leavers on £52,000 at the defaults (age 38, 5 years): years begun at 37 … 33, one week
    each: 5 × £751 = £3,755; notice max(4, 5) = 5 weeks × £1,000 = £5,000; settlement £600 —
    £9,355 each, £28,065 for 3."""
    cost = transition.team_exit_cost(3, 52_000, A)
    assert cost.statutory_redundancy == pytest.approx(3 * 3_755.0)
    assert cost.notice_in_lieu == pytest.approx(3 * 5_000.0)
    assert cost.total == pytest.approx(28_065.0)


def test_a_team_s_given_averages_are_used_and_zero_service_means_zero() -> None:
    """Age 45, 10 years: 12 weeks × £751 = £9,012 + 10 weeks' notice £10,000 + £600 = £19,612
    each. Service 0 (not the 5-year default): no redundancy, 4 weeks' notice £4,000 + £600."""
    cost = transition.team_exit_cost(3, 52_000, A, average_age=45, average_service_years=10)
    assert cost.total == pytest.approx(3 * 19_612.0)
    new_starters = transition.team_exit_cost(1, 52_000, A, average_age=45, average_service_years=0)
    assert new_starters.statutory_redundancy == 0.0
    assert new_starters.total == pytest.approx(4_600.0)


# --------------------------------------------------------------------------- ramp-up


def test_ramp_up_lost_output_month_by_month() -> None:
    """£12,000 a year (£1,000 a month), 3 months from 0 to full. Shortfall 1 − t/3; month 1:
    ∫₀¹ = 1 − 1/6 = 5/6 → £833.33; month 2: 1 − 3/6 = 1/2 → £500; month 3: 1 − 5/6 → £166.67;
    total 3/2 months of cost = £1,500."""
    months = transition.ramp_lost_output_by_month(12_000, 3, 0.0)
    assert months == pytest.approx((1_000 * 5 / 6, 500.0, 1_000 / 6))
    assert transition.ramp_lost_output(12_000, 3, 0.0) == pytest.approx(1_500.0)


def test_ramp_up_from_half_productivity_over_a_part_month() -> None:
    """From 50% over 2.5 months: (1 − 0.5) × 2.5 ÷ 2 = 0.625 months × £1,000 = £625, spread
    over 3 months; no ramp (0 months): nothing."""
    assert len(transition.ramp_lost_output_by_month(12_000, 2.5, 0.5)) == 3
    assert transition.ramp_lost_output(12_000, 2.5, 0.5) == pytest.approx(625.0)
    assert transition.ramp_lost_output(12_000, 0, 0.0) == 0.0


def test_assumptions_are_frozen() -> None:
    """The inputs are a frozen value: change them with with_changes, never in place."""
    with pytest.raises(AttributeError):
        A.notice_weeks = 8  # type: ignore[misc]
    assert isinstance(A.with_changes(notice_weeks=8), TransitionAssumptions)
