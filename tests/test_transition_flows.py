"""The transition a CFO signs: who moves where and when, who leaves, what it costs once, and one
timeline in which a person is paid in exactly one place a month. Every figure below is worked
out by hand in the comments."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from plans import costed_plan, migration_role
from strategies import valid_plans

from mocmo import costing, migration, neworg
from mocmo.plan import (
    Audience,
    Leaver,
    Move,
    Phase,
    Plan,
    PlanError,
    TransitionInputs,
    parse_plan,
    with_value,
)
from mocmo.transition import flows as people

# No retraining, ramp-up, notice pay or settlement unless a test says so: the cases isolate one
# cost at a time.
BARE = TransitionInputs(
    retraining_per_mover=0,
    ramp_months_hire=0,
    ramp_months_mover=0,
    notice_paid_in_lieu=False,
    settlement_per_leaver=0,
)


def _bare(plan: Plan, **inputs: object) -> Plan:
    """``plan`` with the transition inputs of :data:`BARE`, changed by ``inputs``."""
    return with_value(plan, "assumptions.transition", BARE.model_copy(update=inputs))


def _plan(horizon: int = 10, **fields: object) -> Plan:
    """costed_plan (tests/plans.py; zero on-costs, no AI prices, no pay review): Content, 4
    people at £48,000 (£4,000 a month each), changes shape in month 3 and keeps 1.0 custodian
    FTE; audience A launches in month 2 (one GTM Marketer at £36,000 = £3,000 a month); the
    Head of GTM is hired for month 2 at £60,000 (£5,000 a month), fee 20% = £12,000."""
    return _bare(costed_plan(horizon=horizon, **fields))


# --------------------------------------------------------------------------- the flows


def test_derived_flows_fill_the_new_org_movers_first_then_leavers() -> None:
    """Head of GTM: the plan's hire (month 2). Custodian: 1 of Content's own people, in month 3
    (Content changes shape). GTM Marketer A: 1 of Content's people at A's launch, month 2.
    The other 4 − 2 = 2 leave when Content changes shape, month 3."""
    got = [(f.kind, f.team, f.to, f.count, f.month, f.derived) for f in people.flows(_plan())]
    assert got == [
        ("hire", None, "Head of GTM", 1.0, 2, False),
        ("move", "Content", "Custodian: Content", 1.0, 3, True),
        ("move", "Content", "GTM Marketer: A", 1.0, 2, True),
        ("leave", "Content", None, 2.0, 3, True),
    ]


def test_a_mover_is_paid_once_in_every_month() -> None:
    """The mover to GTM Marketer A in month 2 is paid by Content in month 1 only and as a GTM
    Marketer from month 2: Content's people on the payroll are 4, 3, then 0 (the custodian
    and the leavers go in month 3); GTM is 0, then the Head of GTM + the marketer = 2."""
    table = migration.monthly(_plan())
    assert table["legacy_headcount"].tolist()[:4] == [4, 3, 0, 0]
    assert table["gtm_headcount"].tolist()[:4] == [0, 2, 2, 2]
    assert table["custodian_fte"].tolist()[:4] == [0, 0, 1, 1]
    # month 2: 3 × £4,000 legacy + £3,000 marketer + £5,000 Head = £20,000 of payroll
    assert table["payroll_cost"].tolist()[:3] == pytest.approx([16_000, 20_000, 12_000])
    # every person is counted once: 4 people today = 4 people in month 2 (1 hired)
    assert float(table["total_headcount"].iloc[1]) == 3 + 2


def test_the_cumulative_curve_and_break_even_match_a_hand_table() -> None:
    """Two leavers in month 3, age 38 and 5 years' service (the defaults): 5 full years from
    ages 37…33, a week each = 5 weeks × the weekly cap £751 (a week's pay £48,000 ÷ 52 =
    £923.08 is above it) = £3,755 each, £7,510 for two (no notice pay, no settlement).

    month  total                                baseline  difference  cumulative
    1      16,000                               16,000    0           0
    2      20,000 + fee 12,000 = 32,000         16,000    +16,000     16,000
    3      12,000 + exit 7,510 = 19,510         16,000    +3,510      19,510
    4..    12,000                               16,000    −4,000      15,510, 11,510, …
    month 8: 19,510 − 5 × 4,000 = −490 ≤ 0 → break-even in month 8."""
    plan = _plan()
    table = migration.monthly(plan)
    expected = [0, 16_000, 19_510, 15_510, 11_510, 7_510, 3_510, -490, -4_490, -8_490]
    assert table["cumulative_difference"].tolist() == pytest.approx(expected)
    assert table["exit_cost"].tolist()[2] == pytest.approx(7_510)
    assert table["recruitment_fees"].tolist()[1] == pytest.approx(12_000)
    assert migration.breakeven_month(plan) == 8
    figures = migration.headline(plan)
    assert figures["exit_cost"] == pytest.approx(7_510)
    assert figures["one_off_cost"] == pytest.approx(12_000 + 7_510)
    assert figures["leavers_count"] == 2
    assert figures["movers_count"] == 2
    assert figures["hires_count"] == 1
    # peak: £19,510 at the end of month 3
    assert figures["peak_cumulative_outlay"] == pytest.approx(19_510)
    # payback: £19,510 one-off ÷ £4,000 saved a month = 4.8775 months
    assert figures["payback_months"] == pytest.approx(19_510 / 4_000)


def test_break_even_beyond_the_horizon_is_projected_at_the_last_saving() -> None:
    """A 6-month horizon ends at a cumulative £7,510 with £4,000 saved a month: no break-even
    within it; at that rate 6 + ⌈7,510 ÷ 4,000⌉ = 6 + 2 = month 8 (the hand table's month)."""
    plan = _plan(horizon=6)
    assert migration.breakeven_month(plan) is None
    assert migration.breakeven_projection(plan) == 8


def test_the_issue_leaver_6_years_at_35_on_52000_under_the_statute() -> None:
    """One leaver at 35 with 6 years' service on £52,000: the years begun at 34 … 29 each count
    one week; a week's pay £52,000 ÷ 52 = £1,000 is capped at £751 (GOV.UK "Redundancy pay",
    from 6 April 2026) → 6 × £751 = £4,506. At the company multiple 2: £9,012."""
    role = migration_role("Content", headcount=1, salary=52_000, transition=3)
    role = role.model_copy(update={"average_age": 35.0, "average_service_years": 6.0})
    plan = _bare(
        costed_plan(
            legacy_roles=(role,), audiences=(), hires=(), moves=(),
            leavers=(Leaver(team="Content", count=1, month=3),),
        )
    )  # fmt: skip
    assert migration.headline(plan)["exit_cost"] == pytest.approx(4_506)
    doubled = _bare(plan, redundancy_multiple=2.0)
    assert migration.headline(doubled)["exit_cost"] == pytest.approx(9_012)
    # the exit cost falls in the leaving month, and the leaver is paid up to the month before
    table = migration.monthly(plan)
    assert table["exit_cost"].tolist()[:4] == pytest.approx([0, 0, 4_506, 0])
    assert table["legacy_headcount"].tolist()[:4] == [1, 1, 0, 0]


def test_a_plan_in_which_nothing_changes_has_no_break_even_and_no_one_off() -> None:
    """Content keeps all its work (100% stays): 4 × 37.5 h = 4 custodian FTE of its own people,
    at the same pay; no audience, no seat, no hire. Everyone stays in their craft: no retraining,
    no ramp-up, no fee, no leaver — and nothing to pay back."""
    role = migration_role("Content", headcount=4, salary=48_000, transition=3, stays=1.0,
                          shifts=0.0)  # fmt: skip
    plan = costed_plan(legacy_roles=(role,), audiences=(), hires=())  # default transition costs
    figures = migration.headline(plan)
    assert figures["one_off_cost"] == 0
    assert figures["leavers_count"] == 0
    assert figures["breakeven_month"] is None
    assert figures["breakeven_projection"] is None
    assert migration.nothing_changes(plan)


def test_a_hires_fee_and_first_salary_fall_in_the_same_month() -> None:
    """The Head of GTM hire for month 2: the £12,000 fee and the first £5,000 of salary are
    both in month 2 — and a seat with a hire starts in the hire's month."""
    table = migration.monthly(_plan())
    assert table["recruitment_fees"].tolist()[:3] == pytest.approx([0, 12_000, 0])
    assert table["gtm_cost"].tolist()[:3] == pytest.approx([0, 3_000 + 5_000, 3_000 + 5_000])


def test_a_seat_whose_hire_starts_in_another_month_is_refused() -> None:
    data = costed_plan().model_dump(mode="json")
    data["marops_roles"] = [{"key": "head_of_marops", "title": "Head of Marketing Operations",
                             "band": {"low": 50_000, "high": 50_000}}]  # fmt: skip
    data["marops_seats"] = [{"name": "Ops Lead", "roles": ["head_of_marops"], "hire_month": 4}]
    data["hires"].append({"position": "Ops Lead", "month": 5})
    with pytest.raises(PlanError, match=r"marops_seats\[0\]\.hire_month: got 4, must equal "):
        parse_plan(data)


def test_given_moves_and_leavers_are_used_as_given() -> None:
    """Moves given: the marketer comes from Content in month 4 (not the launch, month 2), the
    custodian in month 3; one person leaves in month 5, one in month 6. Marketer A's months 2
    and 3 are a vacancy (not paid, flagged); no hire is derived."""
    plan = _plan(
        moves=(
            Move(team="Content", to="GTM Marketer: A", count=1, month=4),
            Move(team="Content", to="Custodian: Content", count=1, month=3),
        ),
        leavers=(
            Leaver(team="Content", count=1, month=5),
            Leaver(team="Content", count=1, month=6),
        ),
    )
    table = migration.monthly(plan)
    # Content: 4 until month 2; 3 from month 3 (custodian); 2 from 4; 1 from 5; 0 from 6
    assert table["legacy_headcount"].tolist()[:7] == [4, 4, 3, 2, 1, 0, 0]
    assert table["gtm_headcount"].tolist()[:5] == [0, 1, 1, 2, 2]
    assert [h.derived for h in migration.hire_schedule(plan)] == [False]
    # the leavers of months 5 and 6 stay after Content changes shape (month 3): their pay
    # from month 3 is a handover overlap, £4,000 a head a month:
    # month 3: 2 (the leavers) + 1 (the mover of month 4) = 3 × £4,000 = £12,000
    # month 4: 2 × £4,000 = £8,000; month 5: 1 × £4,000 = £4,000; month 6: 0
    assert table["overlap_cost"].tolist()[:7] == pytest.approx([0, 0, 12_000, 8_000, 4_000, 0, 0])
    assert table["legacy_cost"].tolist()[:4] == pytest.approx([16_000, 16_000, 0, 0])
    # a vacancy is named: GTM Marketer: A is short before the move; here it fills by month 4
    assert people.vacancies(plan) == []


def test_a_position_nobody_fills_is_a_vacancy_and_flagged() -> None:
    """Moves given without one for GTM Marketer A: its 1 FTE is not paid and the step says so."""
    plan = _plan(moves=(Move(team="Content", to="Custodian: Content", count=1, month=3),))
    assert [(p.key, gap) for p, gap in people.vacancies(plan)] == [("GTM Marketer: A", 1.0)]
    assert float(migration.monthly(plan)["gtm_headcount"].iloc[-1]) == 1.0  # the Head only
    messages = [p.message for p in migration.checks(plan)]
    assert any("GTM Marketer: A needs 1 FTE" in m and "has nobody" in m for m in messages)


def test_more_movers_and_leavers_than_people_is_refused() -> None:
    data = costed_plan().model_dump(mode="json")
    data["moves"] = [{"team": "Content", "to": "GTM Marketer: A", "count": 3, "month": 2}]
    data["leavers"] = [{"team": "Content", "count": 2, "month": 3}]
    with pytest.raises(PlanError, match=r"5 people moving or leaving 'Content'.*headcount \(4\)"):
        parse_plan(data)


def test_a_move_to_no_position_is_refused_naming_what_is_allowed() -> None:
    data = costed_plan().model_dump(mode="json")
    data["moves"] = [{"team": "Content", "to": "GTM Marketer: Nowhere", "month": 2}]
    with pytest.raises(PlanError, match=r"moves\[0\]\.to: got 'GTM Marketer: Nowhere', must "):
        parse_plan(data)


def test_a_team_without_a_transition_month_changes_at_the_last_phase() -> None:
    """No transition month and phases starting in months 1 and 5: Content changes shape in
    month 5, so its custodian and leavers go then — and the costing step's steady state is
    reached, not 30 legacy people forever."""
    role = migration_role("Content", headcount=4, salary=48_000, transition=None)
    plan = _plan(
        legacy_roles=(role,),
        phases=(Phase(name="Map", start_month=1, months=4), Phase(name="Move", start_month=5)),
    )
    assert neworg.transition_month(plan, plan.legacy_roles[0]) == 5
    assert [(f.kind, f.month) for f in people.flows(plan) if f.to != "GTM Marketer: A"][1:] == [
        ("move", 5),
        ("leave", 5),
    ]
    assert float(migration.monthly(plan)["legacy_headcount"].iloc[-1]) == 0


def test_the_handover_months_keep_leavers_on_and_cost_an_overlap() -> None:
    """overlap_months 2: the two leavers go in month 3 + 2 = 5, paid £4,000 each in months 3
    and 4 as overlap: £8,000 a month, £16,000 in all."""
    plan = _bare(costed_plan(horizon=10), overlap_months=2)
    assert [f.month for f in people.flows(plan) if f.kind == "leave"] == [5]
    assert migration.headline(plan)["overlap_cost"] == pytest.approx(16_000)


def test_retraining_and_ramp_up_for_a_mover_to_another_craft() -> None:
    """Retraining £1,700 per mover to another craft (the GTM Marketer), none for the custodian
    of one's own team. Ramp-up 3 months from 0: lost output (1 − 0) × 3 ÷ 2 = 1.5 months of the
    marketer's £3,000 = £4,500, in months 2–4 as 3,000 × (1 − 1/6), (1 − 3/6), (1 − 5/6) =
    £2,500, £1,500, £500."""
    plan = _bare(costed_plan(horizon=10), retraining_per_mover=1_700, ramp_months_mover=3)
    figures = migration.headline(plan)
    assert figures["retraining_cost"] == pytest.approx(1_700)
    assert figures["ramp_cost"] == pytest.approx(4_500)
    ramp = migration.monthly(plan)["ramp_cost"].tolist()[:5]
    assert ramp == pytest.approx([0, 2_500, 1_500, 500, 0])


def test_the_replaced_roles_are_reconciled_with_todays_teams() -> None:
    data = costed_plan().model_dump(mode="json")
    data["replaced_roles"] = [
        {"title": "Coordinator", "count": 5, "band": {"low": 30_000, "high": 30_000},
         "team": "Content"}
    ]  # fmt: skip
    with pytest.raises(PlanError, match=r"replaced_roles: got 5 replaced people in 'Content'"):
        parse_plan(data)


# --------------------------------------------------------------------------- one timeline


def _fits(plan: Plan) -> bool:
    """The flows fill every position exactly, nobody stays behind, every transition and start
    is within the horizon, and no pay review changes pay: the timeline's last month is then the
    costing step's steady state."""
    last = plan.horizon_months
    starts = [f.month for f in people.flows(plan)]
    changes = [costing.budget_line_change_month(plan, b) for b in plan.budget_shift]
    return (
        not people.vacancies(plan)
        and not people.overfilled(plan)
        and not people.stayers(plan)
        and all(m <= last for m in [*starts, *changes])
        and all(neworg.transition_month(plan, r) <= last for r in plan.legacy_roles)
        and all(migration.monthly(plan)["pay_factor"] == 1.0)
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_plans())
def test_the_last_month_is_the_costing_steady_state_and_the_first_is_today(plan: Plan) -> None:
    """For every generated plan whose flows fit: the last month's running cost × 12 (payroll +
    AI + non-payroll, no one-offs) equals the costing step's annual whole cost of the new org;
    month 1 before any change equals today's whole cost."""
    if not _fits(plan):
        return
    table = migration.monthly(plan)
    last = table.iloc[-1]
    running = float(last["payroll_cost"] + last["ai_cost"] + last["non_payroll_cost"])
    assert running * 12 == pytest.approx(costing.new_total_cost(plan), rel=1e-9, abs=1e-6)
    if migration.first_change_month(plan) > 1:
        first = table.iloc[0]
        today = float(first["payroll_cost"] + first["ai_cost"] + first["non_payroll_cost"])
        assert today * 12 == pytest.approx(costing.legacy_total_cost(plan), rel=1e-9, abs=1e-6)
        assert float(first["one_off_cost"]) == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_plans())
def test_nobody_is_paid_twice_and_every_person_is_somewhere(plan: Plan) -> None:
    """In every month, each legacy team's people on its lines + those who moved or left out of
    it by then = its headcount today."""
    lines = migration.staffing_lines(plan)
    flows = people.flows(plan)
    for month in range(1, plan.horizon_months + 1):
        for role in plan.legacy_roles:
            on = sum(
                ln.headcount
                for ln in lines
                if ln.group == migration.GROUP_LEGACY and ln.team == role.name and ln.active(month)
            )
            gone = sum(f.count for f in flows if f.team == role.name and f.month <= month)
            assert on + gone == pytest.approx(role.headcount)


def test_a_later_launch_keeps_the_audience_unpaid_until_it_starts() -> None:
    """A second audience B launching in month 6: its marketer moves from Content in month 6."""
    plan = _plan(audiences=(Audience(name="A", launch_month=2), Audience(name="B", launch_month=6)))
    moves = {f.to: f.month for f in people.flows(plan) if f.kind == "move"}
    assert moves["GTM Marketer: B"] == 6
