"""Every group staffed to its hours (mocmo.staffing): support FTE for an audience whose load
is more than one person, MarOps FTE from its oversight and its own work, a fixed headcount's
unstaffed hours and their cost — every figure worked out by hand in a comment beside it."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plans import activity, legacy_role, minimal_plan
from strategies import valid_plan_data

from mocmo import costing, migration, neworg, orgchart, reshape, staffing, summary
from mocmo.plan import Band, NewRoles, Plan, PlanError, parse_plan, with_value
from mocmo.present import wholecost as present

# The minimal plan (tests/plans.py: 37.5 h a week, productive share 0.8, UK on-costs: NI 15%
# above £5,000, pension 3% of £6,240–£50,270, benefits 5%, tools £3,000) with:
#   Content: 2 people × 37.5 h = 75 h/wk; 48% stays, 52% shifts to GTM Marketers, no AI
#   → GTM load 0.52 × 75 = 39 h/wk against one person's 37.5 × 0.8 = 30 h = 1.3 × capacity
#   GTM Marketer at a flat £60,000: loaded = 60,000 + NI 0.15 × 55,000 = 8,250
#     + pension 0.03 × (50,270 − 6,240) = 1,320.90 + benefits 3,000 + tools 3,000 = 75,570.90
#   MarOps: the one seat "MarOps Lead" (Head of MarOps band £80–120K, mid £100,000), no
#   oversight owned by MarOps; its own work is set per test.
CAPACITY = 30.0  # 37.5 × 0.8
GTM_LOADED = 75_570.90  # 60,000 + 8,250 + 1,320.90 + 3,000 + 3,000
SEAT_LOADED = 123_570.90  # 100,000 + 0.15 × 95,000 + 1,320.90 + 5,000 + 3,000
PKD_LOADED = 75_570.90  # Prompt & Knowledge Designer £50–70K mid £60,000: as GTM_LOADED


def _plan(own_hours: float = 30.0, **staffing_fields: Any) -> Plan:
    content = legacy_role(
        activities=(activity("Standards", 0.48, "stays"), activity("Audience", 0.52, "shifts"))
    )
    plan = minimal_plan(
        legacy_roles=[content],
        new_roles=NewRoles(
            head_of_gtm=Band(low=95_000, high=130_000), gtm_marketer=Band(low=60_000, high=60_000)
        ),
    )
    plan = with_value(plan, "assumptions.staffing.marops_own_hours_per_week", own_hours)
    for path, value in staffing_fields.items():
        plan = with_value(plan, f"assumptions.staffing.{path.replace('__', '.')}", value)
    return plan


# --------------------------------------------------------------------------- GTM


def test_a_load_of_1_3_people_is_1_5_fte_at_step_0_5() -> None:
    """39 h/wk = 1.3 × 30 h → rounded up to 1.5 FTE: the owner (1) + 0.5 support, costed at the
    GTM Marketer's band: 0.5 × £75,570.90 = £37,785.45 a year."""
    plan = _plan()
    (owner,) = staffing.gtm_owner_staffing(plan)
    assert owner.hours_per_week == pytest.approx(39.0)  # 0.52 × 75
    assert owner.raw_fte == pytest.approx(1.3)  # 39 / 30
    assert (owner.owner_fte, owner.support_fte, owner.fte) == (1.0, 0.5, 1.5)
    assert staffing.gtm_fte(plan) == 2.5  # Head of GTM 1 + 1.5
    support = [p for p in neworg.positions(plan) if p.kind == "gtm_support"]
    assert [(p.title, p.fte, p.audience, p.owner) for p in support] == [
        ("GTM Associate", 0.5, "Audience A", "Alex")
    ]
    table = costing.new_org_table(plan).set_index("role")
    assert table.loc["GTM Associate", "headcount"] == 0.5
    assert table.loc["GTM Associate", "loaded_cost"] == pytest.approx(0.5 * GTM_LOADED)
    assert table.loc["GTM Associate", "loaded_cost"] == pytest.approx(37_785.45)
    # each audience keeps exactly one accountable owner
    marketers = [p for p in neworg.positions(plan) if p.kind == "gtm_marketer"]
    assert [(p.audience, p.owner, p.fte) for p in marketers] == [("Audience A", "Alex", 1.0)]
    assert reshape.headline(plan)["gtm_marketers_over_capacity"] == 0
    assert staffing.unstaffed_hours_per_week(plan) == 0.0


def test_the_support_is_paid_for_in_every_cost_of_the_new_org() -> None:
    """The 0.5 support FTE adds exactly 0.5 × £75,570.90 to the new org's payroll, its cost
    lines and the migration timeline's last month (× 12)."""
    plan = _plan()
    without = _plan(gtm__fixed_fte=1.0)  # the same plan holding GTM at the one owner
    extra = 0.5 * GTM_LOADED  # £37,785.45
    assert costing.new_org_loaded_cost(plan) - costing.new_org_loaded_cost(without) == (
        pytest.approx(extra)
    )
    lines = {ln.label: ln.new_heads for ln in costing.cost_lines(plan)}
    assert lines["GTM Marketer salary"] == 1.5
    table = migration.staffing_table(plan)
    gtm = table[table["group"] == neworg.GROUP_GTM]
    assert gtm["headcount"].sum() == 2.5  # Head of GTM 1 + marketer 1 + support 0.5
    chart = orgchart.new_chart(plan)
    (box,) = [b for b in chart.boxes if b.kind == "gtm_marketer"]
    assert box.headcount == 1.5
    assert box.cost == pytest.approx(1.5 * GTM_LOADED)
    assert any("0.5 FTE GTM Associate" in line for line in box.details)


def test_a_fixed_gtm_headcount_leaves_unstaffed_hours_and_their_cost() -> None:
    """GTM fixed at 1 FTE: 39 − 1 × 30 = 9 h/wk unstaffed (0.3 × capacity), costing
    9 / 30 × £75,570.90 = £22,671.27 a year, flagged red with the fix in words."""
    plan = _plan(gtm__fixed_fte=1.0)
    assert staffing.gtm_fte(plan) == 2.0  # Head of GTM + the owner: no support
    assert staffing.unstaffed_hours(plan)[neworg.GROUP_GTM] == pytest.approx(0.3 * CAPACITY)
    assert staffing.unstaffed_hours_per_week(plan) == pytest.approx(9.0)
    assert staffing.unstaffed_hours_cost(plan) == pytest.approx(22_671.27)  # 0.3 × 75,570.90
    figures = reshape.headline(plan)
    assert figures["unstaffed_hours_per_week"] == pytest.approx(9.0)
    assert figures["unstaffed_hours_cost"] == 22_671.27
    assert figures["gtm_marketers_over_capacity"] == 1
    red = [p for p in reshape.checks(plan) if p.path in present.STAFFING_PATHS]
    assert [p.path for p in red] == ["assumptions.staffing.gtm.fixed_fte"]
    # flagged, never refused: the plan relying on unstaffed work can be saved and exported
    assert red[0].severity == "warning"
    assert not summary.plan_errors(plan)
    # 39 / 30 = 130%; the fix: 9 / 30 = 0.3 → 0.5 FTE = 0.5 × 75,570.90 = £37.8K
    assert red[0].message.startswith("GTM Marketers would work 130% of their time")
    assert "add 0.5 FTE (£37.8K a year) or move less to them" in red[0].message


def test_a_fixed_headcount_at_the_load_or_above_is_staffed() -> None:
    """Fixed at 2 FTE (more than the 1.5 the work needs): 2 FTE held, nothing unstaffed."""
    plan = _plan(gtm__fixed_fte=2.0)
    (owner,) = staffing.gtm_owner_staffing(plan)
    assert owner.fte == 2.0  # the owner + 1.0 support
    assert staffing.unstaffed_hours_per_week(plan) == 0.0
    assert not [p for p in reshape.checks(plan) if p.path in present.STAFFING_PATHS]


def test_a_fixed_gtm_headcount_below_one_owner_per_audience_is_refused_in_words() -> None:
    """GTM fixed at 0: the audience keeps its owner, and the plan says why 0 cannot hold."""
    plan = _plan(gtm__fixed_fte=0.0)
    assert staffing.gtm_fte(plan) == 2.0  # Head of GTM + the owner
    (red,) = [p for p in staffing.checks(plan) if "must be at least" in p.message]
    assert red.severity == "error"
    assert red.message.startswith("got 0 FTE, must be at least 1: every audience keeps one")


def test_the_gtm_step_rounds_per_owner() -> None:
    """Step 0.25: 1.3 → 1.5 (1.25 is below 1.3); step 1: 1.3 → 2."""
    assert staffing.gtm_owner_staffing(_plan(gtm__step=0.25))[0].fte == 1.5
    assert staffing.gtm_owner_staffing(_plan(gtm__step=1.0))[0].fte == 2.0


# --------------------------------------------------------------------------- MarOps


def test_marops_own_hours_add_support_beyond_the_seats() -> None:
    """MarOps's own 50 h/wk (no oversight it owns): 50 / 30 = 1.67 → 2.0 FTE: the seat + 1.0
    MarOps Specialist at the lowest-midpoint MarOps band (£50–70K, mid £60,000): £75,570.90."""
    plan = _plan(own_hours=50.0)
    assert staffing.marops_hours(plan) == pytest.approx(50.0)
    assert staffing.marops_fte(plan) == 2.0
    assert staffing.marops_support_fte(plan) == 1.0
    (support,) = [p for p in neworg.positions(plan) if p.kind == "marops_support"]
    assert (support.title, support.group, support.band) == (
        "MarOps Specialist", "MarOps", Band(low=50_000, high=70_000)
    )  # fmt: skip
    table = costing.new_org_table(plan).set_index("role")
    assert table.loc["MarOps Specialist", "loaded_cost"] == pytest.approx(PKD_LOADED)
    assert reshape.new_org(plan).set_index("position").loc["MarOps Specialist", "count"] == 1.0


def test_marops_own_hours_of_0_mean_0() -> None:
    """Own hours 0 and no MarOps oversight: 0 h → the one listed seat, no support."""
    plan = _plan(own_hours=0.0)
    assert staffing.marops_hours(plan) == 0.0
    assert staffing.marops_fte(plan) == 1.0
    assert not [p for p in neworg.positions(plan) if p.kind == "marops_support"]


def test_a_fixed_marops_headcount_leaves_unstaffed_hours_at_the_seats_rate() -> None:
    """MarOps fixed at its 1 seat with 50 h/wk: 20 h unstaffed, costing 20 / 30 × the seat's
    £123,570.90 = £82,380.60 a year, flagged red."""
    plan = _plan(own_hours=50.0, marops__fixed_fte=1.0)
    assert staffing.marops_fte(plan) == 1.0
    assert staffing.unstaffed_hours(plan)[neworg.GROUP_MAROPS] == pytest.approx(20.0)
    assert staffing.unstaffed_hours_cost(plan) == pytest.approx(82_380.60)
    red = [p for p in reshape.checks(plan) if p.path in present.STAFFING_PATHS]
    assert [p.path for p in red] == ["assumptions.staffing.marops.fixed_fte"]
    assert red[0].severity == "warning"
    assert red[0].message.startswith("MarOps would work 167% of their time")  # 50 / 30


def test_bad_staffing_input_names_the_field_and_the_rule() -> None:
    """A negative own-hours figure or a zero step is refused, naming the field and the rule."""
    with pytest.raises(PlanError) as err:
        _plan(own_hours=-1.0)
    assert "assumptions.staffing.marops_own_hours_per_week: got -1.0, must be 0 or more" in str(
        err.value
    )
    with pytest.raises(PlanError, match=r"assumptions\.staffing\.gtm\.step: got 0\.0, must be "):
        _plan(gtm__step=0.0)


# --------------------------------------------------------------------------- the group table


def test_group_staffing_table_by_hand() -> None:
    """GTM 39 h → 1.5 FTE; MarOps 30 h → 1 FTE; Custodians 0.48 × 75 = 36 h / 37.5 → 0.96 →
    1.0 FTE (per craft, step 0.5)."""
    table = staffing.group_staffing(_plan()).set_index("group")
    assert table.loc["GTM", "hours_per_week"] == pytest.approx(39.0)
    assert table.loc["GTM", "fte"] == 1.5
    assert table.loc["MarOps", "fte"] == 1.0
    assert table.loc["Custodians", "hours_per_week"] == pytest.approx(36.0)
    assert table.loc["Custodians", "raw_fte"] == pytest.approx(0.96)
    assert table.loc["Custodians", "fte"] == 1.0
    assert staffing.custodian_fte_total(_plan()) == 1.0
    assert list(table["unstaffed_hours"]) == [0.0, 0.0, 0.0]


# --------------------------------------------------------------------------- properties


@st.composite
def _unfixed_plans(draw: st.DrawFn) -> Plan:
    data = draw(valid_plan_data())
    for group in ("gtm", "marops"):
        data["assumptions"]["staffing"][group]["fixed_fte"] = None
    return parse_plan(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=_unfixed_plans())
def test_a_plan_without_a_fixed_headcount_is_staffed_to_every_hour(plan: Plan) -> None:
    """Without a fixed headcount every group's FTE × one person's capacity covers its hours,
    every owner key's too, nothing is unstaffed and no GTM Marketer is over capacity."""
    for row in staffing.group_staffing_rows(plan):
        if row.group == neworg.GROUP_GTM and not plan.audiences:
            continue
        assert row.fte * row.capacity_hours >= row.hours_per_week - 1e-6, row
        assert row.unstaffed_hours == 0.0
    for owner in staffing.gtm_owner_staffing(plan):
        assert owner.staffed_capacity_hours >= owner.hours_per_week - 1e-6
        assert owner.owner_fte == len(owner.audiences)  # one accountable owner an audience
    assert staffing.gtm_marketers_over_capacity(plan) == 0
    by_group = neworg.fte_by_group(neworg.positions(plan))
    assert math.isclose(by_group[neworg.GROUP_GTM], staffing.gtm_fte(plan), abs_tol=1e-9)
    assert math.isclose(by_group[neworg.GROUP_MAROPS], staffing.marops_fte(plan), abs_tol=1e-9)
    assert math.isclose(
        by_group[neworg.GROUP_CUSTODIANS], staffing.custodian_fte_total(plan), abs_tol=1e-9
    )
