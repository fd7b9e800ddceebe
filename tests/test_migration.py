"""Step 4 — Migration timeline: schedule, hires, month-by-month cost and checks on small
hand-made plans whose answers are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest
from plans import costed_plan, flat, uk_assumptions
from plans import migration_phase as phase
from plans import migration_plan as plan_of
from plans import migration_role as role

from mocmo import migration as mig
from mocmo.plan import (
    Audience,
    Hire,
    MarOpsSeat,
    Problem,
    ReplacedRole,
    TransitionInputs,
    WorkflowEntry,
    with_value,
)

NO_EXIT_COSTS = TransitionInputs(
    retraining_per_mover=0, ramp_months_hire=0, ramp_months_mover=0,
    notice_paid_in_lieu=False, settlement_per_leaver=0, redundancy_multiple=1,
)  # fmt: skip
"""No retraining, ramp-up, notice pay or settlement; redundancy stays statutory (the cases
below have leavers with under 2 years' service or none, so it is 0)."""


def _paths(problems: list[Problem], severity: str | None = None) -> list[str]:
    return [p.path for p in problems if severity is None or p.severity == severity]


# --------------------------------------------------------------------------- schedule


def test_dependency_chain_gives_exact_start_months() -> None:
    """Phases all pencilled in for month 1 are pushed to start the month after what they need."""
    plan = plan_of(
        phases=(
            phase("Map", 1, 2),  # months 1–2
            phase("Assign", 1, 1, "Map"),  # after Map ends in 2 → month 3 (ends 3)
            phase("Pilot", 1, 3, "Assign"),  # after Assign ends in 3 → month 4 (ends 6)
            phase("Hire", 1, 2, "Map"),  # after Map → month 3 (ends 4)
            phase("Waves", 1, 2, "Pilot", "Hire"),  # after max(6, 4) → month 7
            phase("Later", 9, 1, "Map"),  # already after Map: stays in month 9
        )
    )
    assert mig.earliest_starts(plan) == {
        "Map": 1,
        "Assign": 3,
        "Pilot": 4,
        "Hire": 3,
        "Waves": 7,
        "Later": 9,
    }
    fixed = plan_of(phases=mig.rescheduled_phases(plan))
    assert [p.start_month for p in fixed.phases] == [1, 3, 4, 3, 7, 9]
    assert mig.dependency_conflicts(fixed) == []
    assert mig.migration_span(fixed) == (1, 9)  # Later ends in month 9
    assert mig.migration_months(fixed) == 9


def test_phase_placed_before_its_dependency_is_an_error_naming_both() -> None:
    """A phase starting while the phase it depends on is still running is an error naming both
    phases and the first month it may start."""
    plan = plan_of(
        phases=(phase("Map workflows", 1, 3), phase("Assign owners", 2, 1, "Map workflows"))
    )
    problems = mig.checks(plan)
    errors = [p for p in problems if p.severity == "error"]
    assert _paths(errors) == ["phases[1].start_month"]
    message = errors[0].message
    assert "'Assign owners'" in message and "'Map workflows'" in message
    assert "month 4" in message  # Map runs months 1–3, so month 4 is the first allowed
    slot = mig.schedule(plan)[1]
    assert slot.blocked_by == ("Map workflows",) and slot.earliest_start == 4 and not slot.ok


def test_phase_starting_the_month_after_its_dependency_ends_is_fine() -> None:
    """Finish-to-start: starting the month after the dependency's last month is no problem."""
    plan = plan_of(phases=(phase("Map", 1, 3), phase("Assign", 4, 1, "Map")))
    assert mig.dependency_problems(plan) == []
    assert all(s.ok for s in mig.schedule(plan))


def test_default_phases_respect_their_dependencies_and_last_twelve_months() -> None:
    """The phases a new plan starts with are in dependency order and span months 1–12."""
    from mocmo.defaults import default_phases

    plan = plan_of(phases=default_phases())
    assert mig.dependency_conflicts(plan) == []
    assert mig.migration_span(plan) == (1, 12)
    assert len(plan.phases) == 8


def test_month_dates_count_from_the_plan_start() -> None:
    """Month 1 is the plan's start month; month 0 is the month before and says so."""
    plan = plan_of()
    assert mig.month_date(plan, 1) == dt.date(2027, 1, 1)
    assert mig.month_date(plan, 13) == dt.date(2028, 1, 1)
    assert mig.month_date(plan, 0) == dt.date(2026, 12, 1)
    assert "before the plan starts" in mig.month_label(plan, 0)
    assert "before the plan starts" not in mig.month_label(plan, 1)


# --------------------------------------------------------------------------- hires


def test_offer_month_is_start_month_minus_lead_time() -> None:
    """A hire with a lead time of 3 months for a role needed in month 5 is offered in month 2."""
    hire = Hire(position="Head of GTM", month=5, lead_time_months=3)
    assert mig.offer_month(hire) == 2
    plan = plan_of(hires=(hire,), audiences=(Audience(name="A", launch_month=5),))
    (slot,) = (h for h in mig.hire_schedule(plan) if not h.derived)
    assert slot.offer_month == 2 and not slot.offer_before_plan


def test_offer_before_the_plan_starts_is_said_plainly() -> None:
    """A start in month 2 with a 3-month lead time needs an offer in month −1: a warning says it
    is two months before the plan starts (November 2026)."""
    plan = plan_of(
        hires=(Hire(position="Head of GTM", month=2, lead_time_months=3),),
        audiences=(Audience(name="A", launch_month=2),),
    )
    (slot,) = (h for h in mig.hire_schedule(plan) if not h.derived)
    assert slot.offer_month == -1 and slot.offer_before_plan
    found = [p for p in mig.hire_problems(plan) if p.path == "hires[0].lead_time_months"]
    assert len(found) == 1
    assert "2 months before the plan starts" in found[0].message
    assert "Nov 2026" in found[0].message


def test_hire_starting_after_its_phase_ends_is_a_warning() -> None:
    """A hire that starts after the phase needing it has ended is flagged; one inside it is not."""
    plan = plan_of(
        audiences=(Audience(name="A", launch_month=5),),
        phases=(phase("Pilot", 4, 2),),  # months 4–5
        hires=(
            Hire(position="Head of GTM", month=6, lead_time_months=2, phase="Pilot"),
            Hire(position="GTM Marketer", month=5, lead_time_months=2, phase="Pilot"),
        ),
    )
    late = [p for p in mig.hire_problems(plan) if p.path.endswith(".month")]
    assert _paths(late) == ["hires[0].month"]
    assert late[0].severity == "warning" and "'Pilot'" in late[0].message


# --------------------------------------------------------------------------- workflows


def _workflow(name: str, *owners: str, top: bool = True) -> WorkflowEntry:
    return WorkflowEntry(name=name, owners=owners, top=top)


def test_top_workflow_needs_exactly_one_owner() -> None:
    """A top workflow with no owner or two owners is an error; a non-top one is left to the
    costing step; one owner each counts as owned."""
    plan = plan_of(
        workflows=(
            _workflow("Lead routing", "Ana"),
            _workflow("Campaign launch"),
            _workflow("Attribution", "Ana", "Ben"),
            _workflow("Content", "Cy"),
            _workflow("Enablement", "Dee"),
            _workflow("Web", top=False),
        )
    )
    errors = [p for p in mig.workflow_problems(plan) if p.severity == "error"]
    assert _paths(errors) == ["workflows[1].owners", "workflows[2].owners"]
    assert "no owner" in errors[0].message and "2 owners" in errors[1].message
    assert mig.top_workflows_owned(plan) == 3  # Lead routing, Content, Enablement
    assert mig.workflow_inventory_count(plan) == 6


def test_number_of_top_workflows_outside_five_to_seven_is_a_warning() -> None:
    """Four top workflows are one short of the 5–7 the playbook asks for; five are fine."""
    four = plan_of(workflows=tuple(_workflow(f"W{i}", "Ana") for i in range(4)))
    five = plan_of(workflows=tuple(_workflow(f"W{i}", "Ana") for i in range(5)))
    assert _paths(mig.workflow_problems(four)) == ["workflows"]
    assert mig.workflow_problems(five) == []


# --------------------------------------------------------------------------- month by month


def test_headcount_by_group_follows_transitions_launches_and_hires() -> None:
    """Legacy people leave the legacy group at the transition; GTM Marketers and the Head of GTM
    arrive at launch and hire; custodian FTE appear at the transition."""
    table = mig.monthly(costed_plan()).set_index("month")
    # month 1: only the 4 legacy people; month 2: one of them moves to GTM Marketer A (paid
    # there, not in Content), the Head of GTM is hired → 3 + 2; month 3 on: Content changes
    # shape: 1 becomes its custodian, 2 leave → 1.0 custodian FTE, the 2 GTM people stay.
    assert list(table["legacy_headcount"][:4]) == [4, 3, 0, 0]
    assert list(table["gtm_headcount"][:4]) == [0, 2, 2, 2]
    assert list(table["custodian_fte"][:4]) == [0, 0, 1.0, 1.0]
    assert list(table["marops_headcount"][:4]) == [0, 0, 0, 0]
    assert list(table["total_headcount"][:4]) == [4, 5, 3, 3]
    long = mig.headcount_by_group(costed_plan())
    assert list(long["group"].unique()) == list(mig.GROUPS)
    assert long["headcount"].sum() == pytest.approx(table["total_headcount"].sum())


# The cumulative curve and break-even of costed_plan by hand: tests/test_transition_flows.py
# (test_the_cumulative_curve_and_break_even_match_a_hand_table).


def test_no_breakeven_within_the_horizon_is_none() -> None:
    """When the cumulative difference is still above zero at the horizon, break-even is None."""
    plan = costed_plan(horizon=5)  # cum at month 5 = 4,000 > 0 without exit costs; more with
    assert mig.breakeven_month(plan) is None
    assert mig.headline(plan)["breakeven_month"] is None


def test_a_change_that_never_costs_more_breaks_even_in_month_one() -> None:
    """With no hires and the legacy role becoming one cheaper custodian in month 1, the
    cumulative difference is below zero from month 1, so break-even is month 1."""
    plan = plan_of(
        legacy_roles=(role("Content", headcount=4, salary=48_000, transition=1, shifts=0.0),),
        horizon_months=3,
        assumptions=plan_of().assumptions.model_copy(update={"transition": NO_EXIT_COSTS}),
    )
    # every month: 1.0 custodian FTE (4,000) against a 16,000 baseline → −12,000 a month;
    # the 3 who leave in month 1 get statutory redundancy at the defaults (age 38, 5 years:
    # 5 weeks × the £751 cap = £3,755 each, £11,265) in month 1: −12,000 + 11,265 = −735
    assert mig.cumulative_difference(plan) == pytest.approx([-735, -12_735, -24_735])
    assert mig.breakeven_month(plan) == 1


def test_steady_month_times_twelve_equals_the_costing_steps_new_org_cost() -> None:
    """Once everyone is in the new org, a month's payroll × 12 is the costing step's annual
    loaded cost of the new org, and the legacy baseline × 12 its legacy org cost."""
    from mocmo import costing
    from mocmo.defaults import default_marops_roles

    plan = costed_plan(
        horizon=6,
        assumptions=uk_assumptions(),  # UK on-costs, not zero
        marops_roles=default_marops_roles(),
        marops_seats=(MarOpsSeat(name="Ops lead", roles=("head_of_marops",), hire_month=3),),
        hires=(
            Hire(position="Head of GTM", month=2, lead_time_months=1),
            Hire(position="Ops lead", month=3, lead_time_months=2),
        ),
    )
    table = mig.monthly(plan).set_index("month")
    steady = table.loc[6]
    assert steady["recruitment_fees"] == 0
    assert steady["payroll_cost"] * 12 == pytest.approx(costing.new_org_loaded_cost(plan))
    assert steady["legacy_baseline_cost"] * 12 == pytest.approx(
        costing.legacy_org_loaded_cost(plan)
    )
    # Independent check of one line: Head of GTM at £60,000 with the default on-costs:
    # NI 15% × (60,000 − 5,000) = 8,250; pension 3% × (50,270 − 6,240) = 1,320.90;
    # benefits 5% × 60,000 = 3,000; tools 3,000 → 75,570.90 a year = 6,297.575 a month.
    head = next(ln for ln in mig.staffing_lines(plan) if ln.name == "Head of GTM")
    assert head.monthly_cost == pytest.approx(75_570.90 / 12)
    # Recruitment fees, 20% of the first-year salary of each hire: the Head of GTM 60,000 and
    # the Ops lead at the mid of the Head of MarOps band (80,000–120,000) = 100,000 →
    # 12,000 + 20,000; nobody is derived (the marketer moves from Content).
    assert mig.recruitment_cost(plan) == pytest.approx(12_000 + 20_000)


def test_headline_counts_hires_fees_months_and_owned_workflows() -> None:
    """The headline adds up hires and their fees, the span of the phases and owned top
    workflows."""
    plan = costed_plan(
        hires=(
            Hire(position="Head of GTM", month=2, lead_time_months=1),
            Hire(position="GTM Marketer", month=4, lead_time_months=2, count=2),
        ),
        phases=(phase("Map", 2, 3), phase("Waves", 5, 4, "Map")),  # months 2–8 → 7 months
        workflows=(
            _workflow("Lead routing", "Ana"),
            _workflow("Launch"),
            _workflow("Web personalisation", "Bo", top=False),
        ),
    )
    figures = mig.headline(plan)
    # the plan's 3 hires: the Head of GTM, and 2 GTM Marketers for the one audience (one more
    # than it has room for: paid, and flagged)
    assert figures["hires_count"] == 3
    # fees: 20% × 60,000 + 2 × 20% × 36,000 = 12,000 + 14,400 = 26,400
    assert figures["recruitment_cost"] == pytest.approx(26_400)
    assert any("1 more people than the new org has room for" in p.message
               for p in mig.checks(plan))  # fmt: skip
    assert figures["migration_months"] == 7
    assert figures["workflow_inventory_count"] == 3
    assert mig.top_workflow_count(plan) == 2  # Lead routing and Launch; not Web personalisation
    assert figures["top_workflows_owned"] == 1


# --------------------------------------------------------------------------- in-flight headcount


def test_role_changing_shape_before_audiences_have_owners_is_a_warning() -> None:
    """A role whose work shifts to GTM Marketers changing shape before an audience launches is
    flagged, naming the waiting audience."""
    plan = costed_plan(
        audiences=(Audience(name="A", launch_month=2), Audience(name="B", launch_month=5)),
    )
    path = "legacy_roles[0].transition_month"
    found = [p for p in mig.inflight_problems(plan) if p.path == path]
    assert len(found) == 1
    assert "B" in found[0].message and "month 5" in found[0].message
    later = costed_plan(
        legacy_roles=(role("Content", headcount=4, salary=48_000, transition=5),),
        audiences=(Audience(name="A", launch_month=2), Audience(name="B", launch_month=5)),
    )
    assert [p.path for p in mig.inflight_problems(later)] == []


def test_headcount_dip_below_new_org_while_phases_run_is_a_warning() -> None:
    """A role turning into one custodian in month 2 while the GTM people arrive in month 4
    leaves the team at 1 person in months 2–3, below the new org's 3, while phases run."""
    plan = costed_plan(
        legacy_roles=(role("Content", headcount=4, salary=48_000, transition=2, shifts=0.0),),
        audiences=(Audience(name="A", launch_month=4),),
        hires=(Hire(position="Head of GTM", month=4, lead_time_months=1),),
        phases=(phase("Waves", 1, 6),),
    )
    # new org: 1 Head of GTM + 1 GTM Marketer + 1.0 custodian FTE = 3
    # month 1: 4 legacy; months 2–3: 1 custodian; month 4 on: 3
    dips = [p for p in mig.inflight_problems(plan) if p.path == "legacy_roles"]
    assert len(dips) == 1
    assert "months 2–3" in dips[0].message and "3 people" in dips[0].message


def test_marops_work_leaving_before_the_seats_arrive_is_a_warning() -> None:
    """A replaced role leaving, or the legacy MarOps role changing shape, before a MarOps seat
    starts is flagged."""
    from mocmo.defaults import default_marops_roles

    plan = costed_plan(
        legacy_roles=(
            role("Content", headcount=4, salary=48_000, transition=None),
            role("Ops", headcount=2, salary=48_000, transition=3, shifts=0.0, new_home="marops"),
        ),
        marops_roles=default_marops_roles(),
        marops_seats=(MarOpsSeat(name="Ops lead", roles=("head_of_marops",), hire_month=4),),
        replaced_roles=(ReplacedRole(title="Coordinator", band=flat(30_000), leaves_month=2),),
        hires=(Hire(position="Ops lead", month=4, lead_time_months=2),),
    )
    paths = [p.path for p in mig.inflight_problems(plan)]
    assert "legacy_roles[1].transition_month" in paths
    assert "replaced_roles[0].leaves_month" in paths


def test_a_seat_with_a_hire_starts_in_the_hires_month() -> None:
    """One hire, one start month: a seat without a hire month that has a hire starts in the
    hire's month (the fee and the first salary fall together); a seat with a hire month and no
    hire starts then, filled by a hire the flows derive (nobody moves into it)."""
    from mocmo import neworg
    from mocmo.defaults import default_marops_roles

    plan = plan_of(
        marops_roles=default_marops_roles(),
        marops_seats=(
            MarOpsSeat(name="Lead", roles=("head_of_marops",), hire_month=3),
            MarOpsSeat(name="Architect", roles=("workflow_architect",)),
        ),
        hires=(Hire(position="Architect", month=5, lead_time_months=2),),
    )
    assert [neworg.seat_start_month(plan, i) for i in range(2)] == [3, 5]
    slots = [(h.position, h.start_month, h.derived) for h in mig.hire_schedule(plan)]
    assert slots == [("MarOps: Architect", 5, False), ("MarOps: Lead", 3, True)]


# --------------------------------------------------------------------------- summary and example


def test_summary_carries_the_migration_headline_and_each_check_once() -> None:
    """mocmo.summary gathers the migration figures, and the 6–12 month warning appears once."""
    from mocmo.summary import checks, headline

    plan = costed_plan(phases=(phase("Map", 1, 2), phase("Waves", 3, 1, "Map")))  # 3 months
    figures = headline(plan)
    for key in (
        "migration_months",
        "hires_count",
        "one_off_cost",
        "breakeven_month",
        "workflow_inventory_count",
        "top_workflows_owned",
    ):
        assert key in figures
    assert figures["migration_months"] == 3
    length = [p for p in checks(plan) if "6–12 months" in p.message]
    assert len(length) == 1
    messages = [str(p) for p in checks(plan)]
    assert len(messages) == len(set(messages))


def test_example_plan_gives_a_clean_sensible_timeline() -> None:
    """The bundled example's timeline raises no problem, runs its phases over
    12 months, ends with everyone in the new org (at start pay, the costing step's payroll; its
    3.5% April review twice over the 18 months), and pays back within its horizon."""
    from mocmo import costing
    from mocmo.defaults import load_example

    plan = load_example()
    # no problem: every position filled (16.5 movers, 4 hires), the 13.5 others leave and
    # their exit costs are in the one-off cost
    assert mig.checks(plan) == []
    figures = mig.headline(plan)
    assert (figures["movers_count"], figures["hires_count"], figures["leavers_count"]) == (
        16.5, 4, 13.5,
    )  # fmt: skip
    assert figures["one_off_cost"] > figures["exit_cost"] > 0
    assert mig.migration_months(plan) == 12
    table = mig.monthly(plan)
    last = table.iloc[-1]
    assert last["legacy_headcount"] == 0
    assert last["pay_factor"] == pytest.approx(1.035**2)  # reviews in months 4 and 16
    start_pay = mig.monthly(with_value(plan, "assumptions.pay_review.rate", 0.0)).iloc[-1]
    assert start_pay["payroll_cost"] * 12 == pytest.approx(costing.new_org_loaded_cost(plan))
    assert mig.breakeven_month(plan) is not None
    assert all(h.offer_month >= 1 for h in mig.hire_schedule(plan))
