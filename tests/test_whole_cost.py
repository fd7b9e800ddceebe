"""The whole cost of the operating model (payroll + AI + non-payroll, legacy and new), the cost
bridge, the budget lines' change month and the timeline's AI and non-payroll columns, on a small
hand-made plan whose figures are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from plans import flat, uk_assumptions

from mocmo import costing, migration, staffing, summary
from mocmo.defaults import load_example
from mocmo.plan import (
    Activity,
    Agent,
    AiCosts,
    Audience,
    BudgetLine,
    GtmStaffing,
    LegacyRole,
    MarOpsStaffing,
    Meta,
    NewRoles,
    Plan,
    Staffing,
    TransitionInputs,
    with_value,
)

# The plan, by hand (UK on-costs: NI 15% above £5,000; pension 3% of £6,240–£50,270; benefits
# 5%; tools £3,000 a head):
# - legacy role Content: 2 people at £48,000, transition in month 3; 37.5 h a week each = 75 h:
#   "Standards" 50% stays (37.5 h → 1.0 custodian FTE), "Drafting" 50% = 37.5 h a week goes to
#   GTM Marketers ("shifts") or to AI with oversight 0.2 (absorbed 37.5 × 0.8 = 30 h, the GTM
#   Marketers oversee 7.5 h);
# - one audience launching in month 2; GTM headcount fixed at 2 FTE (owner + 1 support) so the
#   GTM FTE cannot change with the load; MarOps fixed at 0 with no own hours.
# Loaded cost per person a year:
#   £48,000: NI 0.15 × 43,000 = 6,450; pension 0.03 × (48,000 − 6,240) = 1,252.80; benefits
#            2,400; tools 3,000 → 61,102.80
#   £60,000 (Head of GTM): NI 8,250; pension 1,320.90; benefits 3,000; tools 3,000 → 75,570.90
#   £36,000 (GTM Marketer and support): NI 0.15 × 31,000 = 4,650; pension 0.03 × 29,760 =
#            892.80; benefits 1,800; tools 3,000 → 46,342.80
LEGACY_PAYROLL = 2 * 61_102.80  # 122,205.60
NEW_PAYROLL = 75_570.90 + 2 * 46_342.80 + 61_102.80  # 229,359.30
NEW_FTE = 1 + 2 + 1.0  # Head of GTM + owner and support + custodian = 4.0


def _ai(**changes: Any) -> AiCosts:
    values: dict[str, Any] = {
        "licence_per_user_month": 0.0,
        "licensed_share": 1.0,
        "legacy_licensed_users": 0.0,
        "usage_per_absorbed_hour": 2.0,
        "weeks_per_year": 52.0,
    }
    return AiCosts(**{**values, **changes})


def _plan(
    drafting: str = "ai",
    ai: AiCosts | None = None,
    budget: tuple[BudgetLine, ...] = (),
    agents: tuple[Agent, ...] = (),
    transition: int | None = 3,
) -> Plan:
    activities = (
        Activity(name="Standards", share=0.5, destination="stays"),
        Activity(name="Drafting", share=0.5, destination=drafting, oversight=0.2),  # type: ignore[arg-type]
    )
    return Plan(
        meta=Meta(name="Whole cost", start_month=dt.date(2027, 1, 1)),
        assumptions=uk_assumptions(
            staffing=Staffing(
                gtm=GtmStaffing(step=0.5, fixed_fte=2.0),
                marops=MarOpsStaffing(step=0.5, fixed_fte=0.0),
                marops_own_hours_per_week=0.0,
            ),
            ai_costs=ai or _ai(),
        ),
        legacy_roles=(
            LegacyRole(
                name="Content",
                headcount=2,
                band=flat(48_000),
                activities=activities,
                transition_month=transition,
            ),
        ),
        audiences=(Audience(name="A", launch_month=2),),
        new_roles=NewRoles(head_of_gtm=flat(60_000), gtm_marketer=flat(36_000)),
        budget_shift=budget,
        agents=agents,
        horizon_months=6,
    )


BUDGET = (
    BudgetLine(line="agencies_freelancers", before=100_000, after=40_000),
    BudgetLine(line="ai_tools_infrastructure", before=10_000, after=10_000, change_month=5),
)
AGENTS = (Agent(name="Drafter", job="content", running_cost=1_200),)


def _full() -> Plan:
    """The plan with seat prices, budget lines and an agent (see the module comment)."""
    return _plan(ai=_ai(licence_per_user_month=20.0, legacy_licensed_users=2.0), budget=BUDGET,
                 agents=AGENTS)  # fmt: skip


# --------------------------------------------------------------------------- AI running cost


def test_moving_an_activity_to_ai_adds_exactly_its_usage_and_removes_its_hours() -> None:
    """Moving Drafting from "shifts" to "ai" (oversight 0.2) with the GTM headcount fixed adds
    exactly hours × (1 − oversight) × 52 × price to the new total and removes those hours from
    the GTM Marketers' load; payroll does not move."""
    shifted, absorbed = _plan(drafting="shifts"), _plan(drafting="ai")
    # GTM load: 37.5 h shifted vs 7.5 h of oversight → 30 h a week fewer.
    assert staffing.gtm_hours_total(shifted) == pytest.approx(37.5)
    assert staffing.gtm_hours_total(absorbed) == pytest.approx(7.5)
    assert costing.ai_absorbed_hours_per_week(absorbed) == pytest.approx(30.0)
    # usage: 37.5 × (1 − 0.2) = 30 h × 52 weeks × £2 = £3,120 a year.
    assert costing.ai_usage_cost_annual(absorbed) == pytest.approx(3_120.0)
    assert costing.ai_run_cost_annual(shifted) == 0.0
    assert costing.new_org_loaded_cost(absorbed) == pytest.approx(NEW_PAYROLL)
    assert costing.new_org_loaded_cost(shifted) == pytest.approx(NEW_PAYROLL)
    change = costing.new_total_cost(absorbed) - costing.new_total_cost(shifted)
    assert change == pytest.approx(3_120.0)


def test_licences_are_price_times_twelve_times_licensed_fte() -> None:
    """Seat licences = price per user per month × 12 × licensed share × the new org's FTE."""
    plan = _plan(ai=_ai(licence_per_user_month=20.0))
    assert costing.new_org_fte(plan) == pytest.approx(NEW_FTE)
    assert costing.ai_licence_cost_annual(plan) == pytest.approx(20 * 12 * 4.0)  # 960
    half = _plan(ai=_ai(licence_per_user_month=20.0, licensed_share=0.5))
    assert costing.ai_licence_cost_annual(half) == pytest.approx(20 * 12 * 4.0 * 0.5)  # 480
    # A price of 0 is 0, not the shipped default.
    assert costing.ai_licence_cost_annual(_plan(ai=_ai(licence_per_user_month=0.0))) == 0.0


def test_ai_run_cost_is_licences_plus_usage_plus_the_agents() -> None:
    """AI running cost = seats (960) + usage (3,120) + the agents' running costs (1,200)."""
    plan = _full()
    assert costing.ai_platform_cost_annual(plan) == 1_200.0
    assert costing.ai_run_cost_annual(plan) == pytest.approx(960 + 3_120 + 1_200)  # 5,280
    table = costing.ai_cost_table(plan).set_index("component")
    assert table.loc["AI running cost", "amount"] == pytest.approx(5_280.0)
    assert table.loc["Seat licences", "quantity"] == pytest.approx(4.0)
    assert table.loc["Usage", "quantity"] == pytest.approx(30 * 52)


# --------------------------------------------------------------------------- totals


def test_total_is_payroll_plus_ai_plus_non_payroll_legacy_and_new() -> None:
    """Legacy total = payroll + today's seats + budget before; new total = payroll + AI running
    cost + budget after; the net change and its share follow."""
    plan = _full()
    # legacy: 122,205.60 + 2 seats × £20 × 12 (480) + (100,000 + 10,000) = 232,685.60
    assert costing.legacy_ai_licence_cost_annual(plan) == pytest.approx(480.0)
    assert costing.non_payroll_cost_legacy(plan) == 110_000.0
    assert costing.legacy_total_cost(plan) == pytest.approx(LEGACY_PAYROLL + 480 + 110_000)
    # new: 229,359.30 + 5,280 + (40,000 + 10,000) = 284,639.30
    assert costing.non_payroll_cost_new(plan) == 50_000.0
    assert costing.new_total_cost(plan) == pytest.approx(NEW_PAYROLL + 5_280 + 50_000)
    assert costing.total_net_change(plan) == pytest.approx(284_639.30 - 232_685.60)
    assert costing.total_net_change_pct(plan) == pytest.approx(51_953.70 / 232_685.60)
    figures = summary.headline(plan)
    assert figures["legacy_total_cost"] == pytest.approx(232_685.60)
    assert figures["new_total_cost"] == pytest.approx(284_639.30)
    assert figures["ai_run_cost_annual"] == pytest.approx(5_280.0)
    assert figures["non_payroll_cost_legacy"] == 110_000.0
    assert figures["non_payroll_cost_new"] == 50_000.0


def test_the_net_change_share_is_empty_when_nothing_costs_anything_today() -> None:
    """With no legacy payroll, seats or budget the share has no base: None, not 0 or inf."""
    plan = _plan(ai=_ai(usage_per_absorbed_hour=0.0)).model_copy(update={"legacy_roles": ()})
    assert costing.legacy_total_cost(plan) == 0.0
    assert costing.total_net_change_pct(plan) is None


def test_the_cost_bridge_steps_sum_exactly_to_the_new_total() -> None:
    """The bridge walks from the legacy total through payroll by group, AI and non-payroll to
    the new total; its steps are those worked out by hand."""
    bridge = costing.cost_bridge(_full())
    steps = dict(zip(bridge["step"], bridge["amount"], strict=True))
    assert steps["Legacy total"] == pytest.approx(232_685.60)
    assert steps["Payroll: legacy teams removed"] == pytest.approx(-LEGACY_PAYROLL)
    assert steps["Payroll: GTM"] == pytest.approx(75_570.90 + 2 * 46_342.80)
    assert steps["Payroll: Custodians"] == pytest.approx(61_102.80)
    assert steps["Payroll: MarOps"] == 0.0
    assert steps["AI running cost"] == pytest.approx(5_280 - 480)
    assert steps["Non-payroll budget"] == pytest.approx(50_000 - 110_000)
    assert steps["New total"] == pytest.approx(284_639.30)
    changes = bridge[bridge["kind"] == "change"]["amount"].sum()
    assert steps["Legacy total"] + changes == pytest.approx(steps["New total"], abs=1e-6)


@pytest.mark.parametrize("make", [_full, load_example])
def test_the_bridge_ends_on_new_total_cost(make: Any) -> None:
    """On the hand-made plan and the example the bridge starts at legacy_total_cost, each step
    starts where the last ended, and it ends on new_total_cost."""
    plan = make()
    bridge = costing.cost_bridge(plan)
    assert bridge["end"].iloc[0] == pytest.approx(costing.legacy_total_cost(plan))
    inner = bridge.iloc[1:-1]
    assert list(inner["start"].iloc[1:]) == pytest.approx(list(inner["end"].iloc[:-1]))
    assert bridge["end"].iloc[-1] == pytest.approx(costing.new_total_cost(plan), abs=1e-6)


# --------------------------------------------------------------------------- budget lines


def test_a_budget_line_changes_in_its_month_else_with_the_last_role() -> None:
    """A line's "after" starts in its change month; an empty one takes the month the last legacy
    role changes shape (3 here), or month 1 when no role has a transition month."""
    plan = _full()
    agencies, tools = plan.budget_shift
    assert costing.budget_line_change_month(plan, tools) == 5
    assert costing.budget_line_change_month(plan, agencies) == 3
    still = _plan(budget=BUDGET, transition=None)
    assert costing.budget_line_change_month(still, agencies) == 1
    # months 1–2: (100,000 + 10,000) / 12; from month 3: (40,000 + 10,000) / 12
    table = migration.monthly(plan)
    expected = [110_000 / 12] * 2 + [50_000 / 12] * 4
    assert list(table["non_payroll_cost"]) == pytest.approx(expected)


def test_a_rising_ai_tools_line_with_an_ai_running_cost_is_flagged_as_a_double_count() -> None:
    """The AI tools line rising while the model prices AI running cost gets a plain warning on
    that line; a flat line, or no AI running cost, gets none."""
    rising = (BUDGET[0], BudgetLine(line="ai_tools_infrastructure", before=10_000, after=30_000))
    found = costing.double_count_problems(_plan(budget=rising))
    assert [(p.path, p.severity) for p in found] == [("budget_shift[1].after", "warning")]
    assert "counted twice" in found[0].message
    assert "£10K to £30K" in found[0].message
    assert any(p.path == "budget_shift[1].after" for p in summary.checks(_plan(budget=rising)))
    assert costing.double_count_problems(_full()) == []
    free = _plan(ai=_ai(usage_per_absorbed_hour=0.0), budget=rising)
    assert costing.double_count_problems(free) == []


# --------------------------------------------------------------------------- the timeline


def test_the_timeline_carries_ai_from_each_move_and_seats_with_the_people() -> None:
    """Usage starts in the role's transition month; seats follow the people on the payroll
    (today's seats go with the legacy role); the agents run from the first change (month 2)."""
    # no ramp-up or retraining here (their one-offs are tests/test_transition_flows.py's)
    plan = with_value(
        _full(), "assumptions.transition",
        TransitionInputs(ramp_months_hire=0, ramp_months_mover=0, retraining_per_mover=0),
    )  # fmt: skip
    table = migration.monthly(plan).set_index("month")
    # usage: 30 h × 52 / 12 × £2 = £260 a month from month 3.
    assert list(table["ai_usage_cost"]) == pytest.approx([0, 0, 260, 260, 260, 260])
    # seats at £20: month 1: 0 new + 2 of today's = 2; month 2: one of Content's 2 moves to
    # Head of GTM, the owner and support are hired (3 new) + 1 of 2 legacy people's seats
    # (2 × 1/2 = 1) = 4; month 3 on: 4 new-org FTE (the other becomes the custodian).
    assert list(table["ai_licence_cost"]) == pytest.approx([40, 80, 80, 80, 80, 80])
    assert list(table["ai_platform_cost"]) == pytest.approx([0] + [100] * 5)
    # baseline: legacy payroll / 12 + today's 2 seats (40) + budget before / 12.
    baseline = LEGACY_PAYROLL / 12 + 40 + 110_000 / 12
    assert list(table["legacy_baseline_cost"]) == pytest.approx([baseline] * 6)
    # month 4: (229,359.30 − 122,205.60) / 12 + (80 + 260 + 100 − 40) + (50,000 − 110,000) / 12
    #        = 8,929.475 + 400 − 5,000 = 4,329.475
    assert table.loc[4, "difference"] == pytest.approx(4_329.475)
    # a steady month × 12 is the annual whole cost of the new model.
    assert table["total_cost"].loc[4] * 12 == pytest.approx(costing.new_total_cost(plan))
    assert list(table["cumulative_difference"]) == pytest.approx(list(table["difference"].cumsum()))
    by_group = migration.monthly_cost_by_group(plan)
    month4 = by_group[by_group["month"] == 4]
    assert list(month4["group"]) == list(migration.COST_GROUPS)
    assert month4["cost"].sum() == pytest.approx(table.loc[4, "total_cost"])
