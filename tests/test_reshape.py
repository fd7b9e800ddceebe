"""Role reshape: hours by destination, capacity reclaimed, the Hand-Off Tax, GTM Marketer load and
the new org — every expected figure is worked out by hand in a comment beside it."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plans import activity, audience, legacy_role, minimal_plan, seat, step, uk_assumptions
from strategies import valid_plans

from mocmo import reshape, staffing, summary
from mocmo.defaults import load_example
from mocmo.plan import Assumptions, LegacyRole, Plan, with_changes, with_value

A = uk_assumptions()  # 37.5 h/wk, productive 0.8, wait 3 d, rework 0.3 × 3 d, FTE step 0.5

# A three-step workflow with two owner changes and one known rework:
#   Brief   Writer 2 d
#   Review  Editor 3 d   hand-off, no wait given → plan default 3 d; sends back 50% × 4 d
#   Fix     Writer 1 d   hand-off, waits 5 d as given
THREE_STEPS = (
    step("Brief", "Writer", 2),
    step("Review", "Editor", 3, rework_probability=0.5, rework_days=4),
    step("Fix", "Writer", 1, wait_days=5),
)


def _two_audience_plan(
    targets: tuple[float, float] = (3_000_000, 1_000_000),
    owners: tuple[str | None, str | None] = ("Alex", "Bo"),
    headcount: int = 2,
    load_weight: str = "pipeline",
) -> Plan:
    """The minimal plan with two audiences and the default Content role of ``headcount``."""
    plan = minimal_plan(
        gtm_team=["Alex", "Bo"],
        audiences=[
            audience("A", owner=owners[0], pipeline_target=targets[0]),
            audience("B", owner=owners[1], pipeline_target=targets[1]),
        ],
        legacy_roles=[legacy_role(headcount=headcount)],
    )
    return with_value(plan, "assumptions.load_weight", load_weight)


# --------------------------------------------------------------------------- workflows


def test_three_step_workflow_cycle_and_tax_by_hand() -> None:
    """Two owner changes and a known rework give the exact waits, rework, cycle and tax."""
    m = reshape.workflow_metrics(THREE_STEPS, A)
    assert m.handoffs == 2
    assert m.work_days == pytest.approx(6.0)  # 2 + 3 + 1
    assert m.wait_days == pytest.approx(8.0)  # default 3 at Review + 5 given at Fix
    assert m.rework_days == pytest.approx(2.0)  # 0.5 × 4
    assert m.cycle_days == pytest.approx(16.0)  # 6 + 8 + 2
    assert m.handoff_tax_days == pytest.approx(10.0)  # 8 + 2
    assert m.cycle_weeks == pytest.approx(3.2)  # 16 / 5
    assert m.handoff_tax_weeks == pytest.approx(2.0)  # 10 / 5


def test_plan_wait_default_changes_only_handoffs_without_their_own_wait() -> None:
    """Raising the plan's hand-off wait to 10 days moves only the Review wait: 10 + 5 = 15."""
    a = A.model_copy(update={"handoff_wait_days": 10.0})
    assert reshape.wait_days(THREE_STEPS, a) == pytest.approx(15.0)
    assert reshape.cycle_days(THREE_STEPS, a) == pytest.approx(23.0)  # 6 + 15 + 2


def test_wait_on_a_step_by_the_same_owner_is_not_a_handoff() -> None:
    """A wait set on a step done by the previous step's owner costs nothing."""
    steps = (step("Draft", "Writer", 2), step("Polish", "Writer", 1, wait_days=4))
    assert reshape.handoff_count(steps) == 0
    assert reshape.wait_days(steps, A) == 0.0
    assert reshape.cycle_days(steps, A) == pytest.approx(3.0)


def test_rework_takes_the_missing_half_from_the_plan() -> None:
    """A step with a chance but no days uses the plan's 3 days; with days but no chance, 0.3."""
    chance_only = step("Review", "Editor", 1, rework_probability=0.5)
    days_only = step("Review", "Editor", 1, rework_days=4)
    neither = step("Review", "Editor", 1)
    assert reshape.step_expected_rework_days(chance_only, A) == pytest.approx(1.5)  # 0.5 × 3
    assert reshape.step_expected_rework_days(days_only, A) == pytest.approx(1.2)  # 0.3 × 4
    assert reshape.step_expected_rework_days(neither, A) == 0.0


def test_schedule_shows_waits_as_gaps_and_ends_at_the_cycle_time() -> None:
    """The Gantt layout puts a wait before each hand-off and rework after the step causing it."""
    sched = reshape.workflow_schedule(THREE_STEPS, A)
    assert list(sched["kind"]) == ["work", "wait", "work", "rework", "wait", "work"]
    # Brief 0–2; wait 2–5; Review 5–8; rework 8–10; wait 10–15; Fix 15–16
    assert list(sched["start_day"]) == pytest.approx([0, 2, 5, 8, 10, 15])
    assert sched["end_day"].iloc[-1] == pytest.approx(16.0)


def test_example_launch_messaging_by_hand() -> None:
    """Brightwave's Launch messaging: 47.2 days (9.44 weeks) today, 10.1 days (2.02) new."""
    # legacy work 3+5+2+6+2+4+2 = 24; 6 hand-offs, waits 3+3+3+5+3+3 = 20 (the late PMM review
    # waits 5); rework 0.3×4 + 0.4×5 = 3.2 → cycle 47.2 days, tax 23.2.
    # new work 2+2+2+1 = 7; 1 hand-off (custodian → GTM Marketer) waits 3; rework 0.1×1 → 10.1.
    table = reshape.workflow_comparison(load_example()).set_index("role")
    row = table.loc["Product Marketing"]
    assert row["handoffs_legacy"] == 6
    assert row["handoffs_new"] == 1
    assert row["cycle_days_legacy"] == pytest.approx(47.2)
    assert row["tax_days_legacy"] == pytest.approx(23.2)
    assert row["cycle_days_new"] == pytest.approx(10.1)
    assert row["tax_saved_days"] == pytest.approx(23.2 - 3.1)
    sentence = reshape.workflow_sentence(load_example(), "Product Marketing")
    assert sentence.startswith("Launch messaging: 9.4 → 2.0 weeks; 5 hand-offs removed")


# --------------------------------------------------------------------------- hours


def test_minimal_role_hours_by_destination_by_hand() -> None:
    """2 people × 37.5 h = 75 h: 37.5 stays, 22.5 shifts, 15 to AI = 11.25 net + 3.75 oversight."""
    d = reshape.role_destination_hours(legacy_role(), A)
    assert d["stays"] == pytest.approx(37.5)  # 0.5 × 75
    assert d["shifts"] == pytest.approx(22.5)  # 0.3 × 75
    assert d["ai_net"] == pytest.approx(11.25)  # 0.2 × 75 × (1 − 0.25)
    assert d["oversight"] == pytest.approx(3.75)  # 0.2 × 75 × 0.25
    assert reshape.capacity_reclaimed(legacy_role(), A) == pytest.approx(11.25)


@st.composite
def _roles(draw: st.DrawFn) -> tuple[LegacyRole, Assumptions]:
    weights = draw(st.lists(st.integers(1, 100), min_size=1, max_size=8))
    # shares may be up to 0.4% off summing to 1, as validation allows
    skew = draw(st.floats(-0.004, 0.004))
    total = sum(weights)
    acts = []
    for i, w in enumerate(weights):
        acts.append(
            activity(
                f"A{i}",
                min(1.0, w / total * (1 + skew)),
                draw(st.sampled_from(["stays", "shifts", "ai"])),
                oversight=draw(st.floats(0, 1)),
                oversight_owner=draw(st.sampled_from(["gtm_marketer", "custodian", "marops"])),
            )
        )
    role = legacy_role(
        headcount=draw(st.integers(1, 40)),
        activities=acts,
        new_home=draw(st.sampled_from(["custodian", "marops"])),
    )
    a = uk_assumptions(hours_per_week=draw(st.floats(5, 60)))
    return role, a


@settings(max_examples=200, deadline=None)
@given(_roles())
def test_hours_are_conserved_for_any_valid_role(case: tuple[LegacyRole, Assumptions]) -> None:
    """stays + shifts + AI-net + oversight equals hours per week × headcount, none negative."""
    role, a = case
    d = reshape.role_destination_hours(role, a)
    assert all(v >= 0 for v in d.values())
    assert sum(d.values()) == pytest.approx(a.hours_per_week * role.headcount, rel=1e-12)
    owners = reshape.role_oversight_hours_by_owner(role, a)
    assert sum(owners.values()) == pytest.approx(d["oversight"], rel=1e-12, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(o=st.floats(0, 1), headcount=st.integers(1, 20))
def test_moving_stays_to_ai_reclaims_its_hours_times_one_minus_oversight(
    o: float, headcount: int
) -> None:
    """Sending the 50% 'Standards' activity to AI with oversight o adds hours × (1 − o)."""
    plan = minimal_plan(legacy_roles=[legacy_role(headcount=headcount)])
    before = reshape.capacity_reclaimed_total(plan)
    after_plan = with_changes(
        plan,
        {
            "legacy_roles[0].activities[0].destination": "ai",
            "legacy_roles[0].activities[0].oversight": o,
        },
    )
    hours = 0.5 * 37.5 * headcount  # the activity's hours per week
    expected = hours * (1 - o)
    assert reshape.capacity_reclaimed_total(after_plan) - before == pytest.approx(expected)


def test_hours_table_has_every_role_and_destination() -> None:
    """The stacked-hours table has a row per role and destination, FTE = hours ÷ 37.5."""
    table = reshape.hours_by_destination(minimal_plan())
    assert len(table) == 4
    stays = table[table["destination"] == "stays"].iloc[0]
    assert stays["fte"] == pytest.approx(1.0)  # 37.5 h / 37.5


# --------------------------------------------------------------------------- custodian FTE


def test_round_up_to_step() -> None:
    """FTE round up to the step and an exact multiple stays put."""
    assert reshape.round_up_to_step(1.1, 0.5) == 1.5
    assert reshape.round_up_to_step(1.0, 0.5) == 1.0
    assert reshape.round_up_to_step(3 * 0.1 / 0.3, 0.5) == 1.0  # 1.0000000000000002 is 1
    assert reshape.round_up_to_step(1.1, 0.25) == 1.25
    assert reshape.round_up_to_step(0.0, 0.5) == 0.0


def test_custodian_fte_counts_stays_and_custodian_oversight_rounded_up() -> None:
    """37.5 h stay + 3.75 h custodian oversight = 1.1 FTE → 1.5; marops roles give 0."""
    acts = (
        activity("Standards", 0.5, "stays"),
        activity("Audience content", 0.3, "shifts"),
        activity("Drafting", 0.2, "ai", oversight=0.25, oversight_owner="custodian"),
    )
    plan = minimal_plan(
        legacy_roles=[
            legacy_role("Content", activities=acts),
            legacy_role("Ops", activities=acts, new_home="marops"),
        ]
    )
    # (0.5 × 75 + 0.2 × 75 × 0.25) / 37.5 = (37.5 + 3.75) / 37.5 = 1.1 → 1.5
    assert reshape.custodian_fte(plan) == {"Content": 1.5, "Ops": 0.0}
    quarter = with_value(plan, "assumptions.fte_step", 0.25)
    assert reshape.custodian_fte(quarter)["Content"] == 1.25


def test_custodian_fte_when_stays_are_exactly_one_fte() -> None:
    """The minimal role keeps exactly 37.5 h, which is 1.0 FTE, not 1.5."""
    assert reshape.custodian_fte(minimal_plan()) == {"Content": 1.0}


# --------------------------------------------------------------------------- GTM Marketer load


def test_load_shared_by_pipeline_weight_by_hand() -> None:
    """26.25 h/wk goes 3:1 by pipeline: Alex 19.6875 h (66%), Bo 6.5625 h (22%)."""
    # shifts 0.3 × 75 = 22.5 + GTM-owned oversight 0.2 × 75 × 0.25 = 3.75 → 26.25 h/wk
    plan = _two_audience_plan()
    assert reshape.gtm_hours_total(plan) == pytest.approx(26.25)
    table = reshape.owner_load(plan).set_index("owner")
    assert table.loc["Alex", "hours_per_week"] == pytest.approx(19.6875)  # 26.25 × 3/4
    assert table.loc["Bo", "hours_per_week"] == pytest.approx(6.5625)  # 26.25 × 1/4
    assert table.loc["Alex", "capacity_hours"] == pytest.approx(30.0)  # 37.5 × 0.8
    assert table.loc["Alex", "utilisation"] == pytest.approx(19.6875 / 30)
    assert reshape.gtm_marketers_over_capacity(plan) == 0


def test_load_shared_equally_when_asked_or_when_no_targets() -> None:
    """Equal weighting, or all targets 0, gives each audience 26.25 / 2 = 13.125 h/wk."""
    for plan in (_two_audience_plan(load_weight="equal"), _two_audience_plan(targets=(0, 0))):
        table = reshape.audience_load(plan)
        assert list(table["hours_per_week"]) == pytest.approx([13.125, 13.125])


def test_owner_of_two_audiences_sums_them_and_unowned_is_shown() -> None:
    """Alex owning both audiences carries all 26.25 h; an unowned audience is its own row."""
    both = _two_audience_plan(owners=("Alex", "Alex"))
    table = reshape.owner_load(both)
    assert list(table["owner"]) == ["Alex"]
    assert table["hours_per_week"].iloc[0] == pytest.approx(26.25)
    assert table["audiences"].iloc[0] == "A, B"
    partly = reshape.owner_load(_two_audience_plan(owners=("Alex", None)))
    assert list(partly["owner"]) == ["Alex", reshape.UNOWNED]
    assert list(partly["owned"]) == [True, False]
    # B's 6.5625 h/wk against 30 h/wk capacity, the row the load chart shows for it
    assert partly["utilisation"].iloc[1] == pytest.approx(6.5625 / 30)


def test_load_chart_takes_the_unowned_audiences_utilisation_from_the_step() -> None:
    """The load chart's row for an unowned audience carries owner_load's utilisation."""
    from mocmo.charts.reshape import load_frame

    plan = _two_audience_plan(owners=("Alex", None))
    frame = load_frame(reshape.audience_load(plan), reshape.owner_load(plan)).set_index("audience")
    assert frame.loc["B", "utilisation"] == pytest.approx(6.5625 / 30)  # 26.25 × 1/4 ÷ 30
    assert frame.loc["A", "utilisation"] == pytest.approx(19.6875 / 30)  # 26.25 × 3/4 ÷ 30


def test_owner_over_capacity_gets_support_fte_and_nobody_is_over() -> None:
    """4 people give 52.5 h/wk; Alex's 3/4 is 39.375 h = 131% of one person's 30 h, so Alex's
    audience gets 0.5 support FTE (1.5 FTE in all) and no GTM Marketer is over capacity."""
    # shifts 0.3 × 150 = 45 + oversight 0.2 × 150 × 0.25 = 7.5 → 52.5; × 0.75 = 39.375
    # 39.375 / 30 = 1.3125 → rounded up to 0.5 → 1.5 FTE: owner 1 + support 0.5
    plan = _two_audience_plan(headcount=4)
    table = reshape.owner_load(plan).set_index("owner")
    assert table.loc["Alex", "support_fte"] == 0.5
    assert table.loc["Bo", "support_fte"] == 0.0  # 13.125 h of 30
    assert reshape.owners_over_capacity(plan) == []
    assert reshape.headline(plan)["gtm_marketers_over_capacity"] == 0
    assert not [p for p in reshape.checks(plan) if p.path == "audiences[0].owner"]


def test_owner_over_a_fixed_headcount_is_counted_and_flagged_with_the_fix() -> None:
    """The same plan with the GTM headcount fixed at its 2 marketers: Alex's 39.375 h is 131%
    of 30 h and is flagged, and its 9.375 h beyond capacity are unstaffed."""
    plan = with_value(_two_audience_plan(headcount=4), "assumptions.staffing.gtm.fixed_fte", 2)
    assert reshape.owners_over_capacity(plan) == ["Alex"]
    assert reshape.headline(plan)["gtm_marketers_over_capacity"] == 1
    flagged = [p for p in reshape.checks(plan) if p.path == "audiences[0].owner"]
    assert len(flagged) == 1
    assert "131%" in flagged[0].message
    assert "split the audience" in flagged[0].message
    assert flagged[0].severity == "warning"


# --------------------------------------------------------------------------- new org, headline


def test_new_org_and_headcount_by_hand() -> None:
    """Two audiences: Head of GTM 1 + 2 GTM Marketers + 1.0 custodian + 1 MarOps seat = 5."""
    plan = _two_audience_plan()
    org = reshape.new_org(plan).set_index("position")
    assert org.loc["Head of GTM", "count"] == 1
    assert org.loc["GTM Marketer", "count"] == 2
    assert org.loc["Content Custodian", "count"] == 1.0
    assert org.loc["Content Custodian", "legacy_role"] == "Content"
    assert org.loc["MarOps Lead", "group"] == "MarOps"
    assert reshape.new_headcount(plan) == 5.0
    groups = reshape.headcount_by_group(plan)
    new = groups[groups["org"] == "new"].set_index("group")["count"].to_dict()
    assert new == {"GTM": 3.0, "Custodians": 1.0, "MarOps": 1.0}


def test_no_audiences_means_no_head_of_gtm_and_a_warning() -> None:
    """With no audiences there is no GTM tower, and shifted hours have nowhere to go."""
    plan = minimal_plan(audiences=[], hires=[])
    assert "Head of GTM" not in set(reshape.new_org(plan)["position"])
    assert any(p.path == "audiences" for p in reshape.checks(plan))


def test_headline_has_exactly_the_reshape_figures() -> None:
    """The headline names are the ones `mocmo summary --json` promises, with hand figures."""
    figures = reshape.headline(minimal_plan())
    assert set(figures) == {
        "legacy_headcount",
        "new_headcount",
        "capacity_reclaimed_hours_per_week",
        "handoff_count_legacy",
        "handoff_count_new",
        "handoff_tax_days_legacy",
        "handoff_tax_days_new",
        "cycle_weeks_legacy",
        "cycle_weeks_new",
        "gtm_marketers_over_capacity",
        "gtm_fte",
        "marops_fte",
        "custodian_fte",
        "unstaffed_hours_per_week",
        "unstaffed_hours_cost",
    }
    # minimal plan: Alex's load = shifts 0.3 × 75 = 22.5 + oversight 0.2 × 75 × 0.25 = 3.75
    # → 26.25 h of 30 h → 1 FTE; GTM = Head of GTM 1 + 1; MarOps = its own 30 h ÷ 30 = 1 FTE,
    # the one seat
    assert (figures["gtm_fte"], figures["marops_fte"], figures["custodian_fte"]) == (2, 1, 1)
    assert figures["unstaffed_hours_per_week"] == 0
    # minimal workflow: Writer 2 → Editor 3 → Writer 1, two default waits of 3 → tax 6 days,
    # cycle 12 days = 2.4 weeks; new: GTM Marketer 2 days, no hand-off.
    assert figures["handoff_count_legacy"] == 2
    assert figures["handoff_tax_days_legacy"] == pytest.approx(6.0)
    assert figures["cycle_weeks_legacy"] == pytest.approx(2.4)
    assert figures["cycle_weeks_new"] == pytest.approx(0.4)
    assert figures["legacy_headcount"] == 2
    assert figures["new_headcount"] == 4.0  # Head of GTM + 1 GTM Marketer + 1.0 + 1 seat
    assert summary.headline(minimal_plan())["cycle_weeks_legacy"] == pytest.approx(2.4)


def test_example_headline_is_a_realistic_demo() -> None:
    """Brightwave: 30 people today, every GTM Marketer staffed to their load, fewer
    hand-offs."""
    figures = reshape.headline(load_example())
    assert figures["legacy_headcount"] == 30  # 4 + 4 + 5 + 6 + 3 + 4 + 4
    assert figures["gtm_marketers_over_capacity"] == 0
    assert figures["handoff_count_new"] < figures["handoff_count_legacy"]


def test_marops_over_its_seats_gets_support_and_over_a_fixed_headcount_is_flagged() -> None:
    """A 4-person ops team kept whole by MarOps (150 h) + MarOps's own 30 h = 180 h: 6 FTE,
    the one seat and 5 support; fixed at the one seat, 150 h are unstaffed and flagged red."""
    ops = legacy_role("Ops", headcount=4, activities=(activity("Admin"),), new_home="marops")
    plan = minimal_plan(legacy_roles=[ops], marops_seats=[seat(hire_month=4)])
    assert reshape.marops_hours(plan) == pytest.approx(180.0)  # 4 × 37.5 all stays + 30 own
    assert staffing.marops_fte(plan) == 6.0  # 180 / 30 = 6
    assert staffing.marops_support_fte(plan) == 5.0  # 6 − the 1 seat
    assert not [p for p in reshape.checks(plan) if p.severity == "error"]
    fixed = with_value(plan, "assumptions.staffing.marops.fixed_fte", 1)
    assert staffing.unstaffed_hours(fixed)["MarOps"] == pytest.approx(150.0)  # 180 − 1 × 30
    flags = [p for p in reshape.checks(fixed) if p.path == "assumptions.staffing.marops.fixed_fte"]
    assert [p.severity for p in flags] == ["warning"]  # red on the page, the plan still saves
    assert "600%" in flags[0].message  # 180 / 30


def test_sentences_carry_the_numbers() -> None:
    """The 'what this means' lines quote the computed figures."""
    plan = _two_audience_plan(headcount=4)
    # Alex: 39.375 h / 30 h = 131% of one person → 1.5 FTE, 0.5 of them support
    assert "Alex (A) carries 131% of one person's time" in reshape.load_sentence(plan)
    assert "0.5 FTE of GTM Associate support" in reshape.load_sentence(plan)
    assert "2 of 2 GTM Marketers are within" in reshape.load_sentence(plan)
    fixed = with_value(plan, "assumptions.staffing.gtm.fixed_fte", 2)
    assert "Alex is at 131% of a fixed headcount" in reshape.load_sentence(fixed)
    # new org: Head of GTM 1 + 2 GTM Marketers + 0.5 support + custodian 75 h / 37.5 = 2.0
    # + 1 seat (MarOps's own 30 h fill it) = 6.5
    assert reshape.new_org_sentence(plan).startswith("4 people today → 6.5 in the new model")
    assert "Hand-Off Tax falls from 6.0 to 0.0 days" in reshape.tax_sentence(plan)
    assert math.isclose(reshape.capacity_reclaimed_total(plan), 0.2 * 150 * 0.75)
    assert "22.5 h/wk" in reshape.hours_sentence(plan)  # AI net: 0.2 × 150 × 0.75


def test_ai_work_without_oversight_is_flagged() -> None:
    """An activity sent to AI with no oversight share gets a warning naming its field."""
    plan = with_value(minimal_plan(), "legacy_roles[0].activities[2].oversight", 0.0)
    paths = [p.path for p in reshape.checks(plan)]
    assert paths == ["legacy_roles[0].activities[2].oversight"]
    assert reshape.checks(minimal_plan()) == []


def test_what_this_means_has_a_line_per_workflow_and_the_totals() -> None:
    """Hours, one line per role's workflow, then tax, load and new org: 5 lines for 1 role."""
    lines = reshape.what_this_means(minimal_plan())
    assert len(lines) == 5
    # minimal workflow: 12 days = 2.4 weeks today, 2 days = 0.4 weeks new, 2 hand-offs gone
    assert lines[1] == (
        "Content piece: 2.4 → 0.4 weeks; 2 hand-offs removed; Hand-Off Tax 6.0 → 0.0 days."
    )


@settings(max_examples=60, deadline=None)
@given(plan=valid_plans())
def test_every_swimlane_schedule_ends_exactly_at_the_cycle_time(plan: Plan) -> None:
    """For every generated workflow, legacy and new, the swimlane schedule's last segment ends
    exactly (not merely to rounding) at ``cycle_days``, and its segments add up to the work,
    waits and rework the Hand-Off Tax counts."""
    a = plan.assumptions
    for role in plan.legacy_roles:
        if role.workflow is None:
            continue
        for steps in (role.workflow.legacy, role.workflow.new):
            schedule = reshape.workflow_schedule(steps, a)
            assert float(schedule["end_day"].iloc[-1]) == reshape.cycle_days(steps, a)
            by_kind = schedule.groupby("kind")["days"].sum()
            assert math.isclose(by_kind.get("work", 0.0), reshape.work_days(steps), abs_tol=1e-9)
            assert math.isclose(by_kind.get("wait", 0.0), reshape.wait_days(steps, a), abs_tol=1e-9)
            assert math.isclose(
                by_kind.get("rework", 0.0), reshape.expected_rework_days(steps, a), abs_tol=1e-9
            )
