"""Step 3 — MarOps costing: every figure checked against a hand calculation on a small plan.

Hand-calculation conventions (UK 2026/27 on-costs, written out in plans.uk_oncosts()):
  employer NI      = 15% × max(0, salary − 5,000)
  employer pension = 3% × max(0, min(salary, 50,270) − 6,240)  (qualifying earnings)
  benefits         = 5% × salary;  tools = 3,000 a head;  recruitment fee = 20% × salary
  For a salary S above 50,270 the loaded cost is therefore
      S + 0.15 S − 750 + 0.03 × 44,030 + 0.05 S + 3,000 = 1.2 S + 3,570.90
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from plans import uk_assumptions, uk_oncosts

from mocmo import costing
from mocmo.defaults import load_example
from mocmo.plan import (
    Activity,
    Audience,
    Band,
    LegacyRole,
    MarOpsRole,
    MarOpsSeat,
    Meta,
    NewRoles,
    Plan,
    ReplacedRole,
    ReportingLine,
    WorkflowEntry,
)

UK = uk_oncosts()

HEAD, ARCH, STEWARD, PKD = (
    "head_of_marops",
    "workflow_architect",
    "data_steward",
    "prompt_knowledge_designer",
)
ROLES = (
    MarOpsRole(key=HEAD, title="Head of Marketing Operations", band=Band(low=80000, high=120000)),
    MarOpsRole(key=ARCH, title="Workflow Architect", band=Band(low=60000, high=85000)),
    MarOpsRole(key=STEWARD, title="Data Steward", band=Band(low=55000, high=75000)),
    MarOpsRole(key=PKD, title="Prompt & Knowledge Designer", band=Band(low=50000, high=70000)),
)
GOOD_LINES = (
    ReportingLine(role="Head of Marketing Operations", reports_to="CMO"),
    ReportingLine(role="Workflow Architect", reports_to="Head of Marketing Operations"),
    ReportingLine(role="Data Steward", reports_to="Head of Marketing Operations"),
    ReportingLine(role="Prompt & Knowledge Designer", reports_to="Head of Marketing Operations"),
)


def _seat(name: str, *roles: str, **extra: Any) -> MarOpsSeat:
    return MarOpsSeat(name=name, roles=roles, **extra)


def _all_four(low: float, high: float, **extra: Any) -> MarOpsSeat:
    """One person holding all four MarOps roles, with a band override."""
    return _seat("All four", HEAD, ARCH, STEWARD, PKD, band=Band(low=low, high=high), **extra)


ONE_SEAT_EACH = (
    _seat("Head", HEAD),
    _seat("Architect", ARCH),
    _seat("Steward", STEWARD),
    _seat("Designer", PKD),
)


def _plan(**fields: Any) -> Plan:
    """A plan with the four default MarOps roles, one seat each, unless ``fields`` say else."""
    data: dict[str, Any] = {
        "meta": Meta(name="Costing test"),
        "assumptions": uk_assumptions(),
        "marops_roles": ROLES,
        "marops_seats": ONE_SEAT_EACH,
        "reporting_lines": GOOD_LINES,
    }
    data.update(fields)
    return Plan(**data)


def _legacy(name: str, headcount: int, low: float, high: float, **extra: Any) -> LegacyRole:
    return LegacyRole(
        name=name,
        headcount=headcount,
        band=Band(low=low, high=high),
        activities=(Activity(name="Everything", share=1.0, destination="stays"),),
        **extra,
    )


# --------------------------------------------------------------------------- one person


def test_employer_ni_on_80000_and_on_4000() -> None:
    """Employer NI is 15% above the £5,000 threshold: £11,250 on £80,000 and nothing on £4,000."""
    # 0.15 × (80,000 − 5,000) = 0.15 × 75,000 = 11,250 ; 4,000 is below the threshold → 0
    assert costing.employer_ni(80000.0, UK) == pytest.approx(11250.0)
    assert costing.employer_ni(4000.0, UK) == 0.0


def test_employer_pension_on_qualifying_earnings() -> None:
    """Pension is 3% of earnings between £6,240 and £50,270, or a rate on the whole salary."""
    # 30,000: 0.03 × (30,000 − 6,240) = 0.03 × 23,760 = 712.80
    assert costing.employer_pension(30000.0, UK) == pytest.approx(712.80)
    # 60,000 is above the upper limit: 0.03 × (50,270 − 6,240) = 0.03 × 44,030 = 1,320.90
    assert costing.employer_pension(60000.0, UK) == pytest.approx(1320.90)
    # 5,000 is below the lower limit → 0
    assert costing.employer_pension(5000.0, UK) == 0.0
    # whole-salary basis at 5%: 0.05 × 60,000 = 3,000
    on_salary = uk_oncosts(pension_basis="salary", pension_rate=0.05)
    assert costing.employer_pension(60000.0, on_salary) == pytest.approx(3000.0)


def test_loaded_cost_and_recruitment_fee_of_one_person() -> None:
    """Loaded cost is salary + NI + pension + benefits + tools; the fee is 20% of salary."""
    # 60,000 + 8,250 (NI) + 1,320.90 (pension) + 3,000 (benefits) + 3,000 (tools) = 75,570.90
    assert costing.loaded_cost(60000.0, UK) == pytest.approx(75570.90)
    # 0.20 × 60,000 = 12,000
    assert costing.recruitment_fee(60000.0, UK) == pytest.approx(12000.0)
    table = costing.person_cost_table(60000.0, UK).set_index("component")["amount"]
    assert table["Fully loaded annual cost"] == pytest.approx(75570.90)


def test_per_person_functions_take_arrays() -> None:
    """The per-person formulas work element by element on a numpy array of salaries."""
    # 4,000 → 4,000 + 0 + 0 + 200 + 3,000 = 7,200 ; 60,000 → 75,570.90 (as above)
    got = costing.loaded_cost(np.array([4000.0, 60000.0]), UK)
    assert got == pytest.approx([7200.0, 75570.90])


# --------------------------------------------------------------------------- the MarOps team


def test_four_default_bands_one_seat_each_give_the_published_base() -> None:
    """Four seats, one role each, cost exactly £245,000 / £297,500 / £350,000 base."""
    plan = _plan()
    # low 80+60+55+50 = 245K ; high 120+85+75+70 = 350K ; mid halfway = 297.5K
    assert costing.marops_base_salary(plan, "low") == 245000.0
    assert costing.marops_base_salary(plan, "mid") == 297500.0
    assert costing.marops_base_salary(plan, "high") == 350000.0


def test_marops_loaded_cost_at_mid_by_hand() -> None:
    """The team's loaded cost at mid is the sum of each seat's loaded cost."""
    # every mid salary is above 50,270: 1.2 × 297,500 + 4 × 3,570.90 = 357,000 + 14,283.60
    assert costing.marops_loaded_cost(_plan(), "mid") == pytest.approx(371283.60)


def test_combined_seat_costs_one_salary_not_two() -> None:
    """A seat holding Workflow Architect and Data Steward pays one salary, at the higher band."""
    plan = _plan(
        marops_seats=(
            _seat("Head", HEAD),
            _seat("Architect & Steward", ARCH, STEWARD),
            _seat("Designer", PKD),
        )
    )
    # 100,000 + 72,500 (Workflow Architect mid, the higher band) + 60,000 = 232,500 — not
    # 297,500, which would pay the Data Steward's 65,000 as well
    assert costing.marops_base_salary(plan, "mid") == 232500.0
    assert costing.marops_headcount(plan) == 3
    overridden = _plan(marops_seats=(_all_four(100000, 140000),))
    # one person, band override 100–140K, mid 120,000
    assert costing.marops_base_salary(overridden, "mid") == 120000.0
    assert costing.missing_marops_roles(overridden) == ()


def test_seat_own_points_are_used_when_no_point_is_given() -> None:
    """With no point given, each seat is costed at its own point in its band."""
    plan = _plan(
        marops_seats=(
            _seat("Head", HEAD, point="high"),
            _seat("Architect", ARCH, point=0.2),
            _seat("Steward", STEWARD, point="low"),
            _seat("Designer", PKD),
        )
    )
    # 120,000 + (60,000 + 0.2 × 25,000 = 65,000) + 55,000 + 60,000 = 300,000
    assert costing.marops_base_salary(plan) == 300000.0


def test_a_missing_marops_role_is_flagged_by_name() -> None:
    """Seats that do not hold all four roles give a warning naming the missing role."""
    plan = _plan(marops_seats=(_seat("Head", HEAD), _seat("Architect & Steward", ARCH, STEWARD)))
    assert costing.missing_marops_roles(plan) == (PKD,)
    problems = costing.coverage_problems(plan)
    assert len(problems) == 1
    assert problems[0].path == "marops_seats" and problems[0].severity == "warning"
    assert "Prompt & Knowledge Designer" in problems[0].message


# --------------------------------------------------------------------------- replaced roles, net


def _replacing_plan(seat_point: str) -> Plan:
    return _plan(
        marops_seats=(_all_four(100000, 140000, point=seat_point),),
        replaced_roles=(
            ReplacedRole(title="Coordinator", count=2, band=Band(low=30000, high=40000)),
            ReplacedRole(title="Specialist", band=Band(low=60000, high=60000)),
        ),
    )


def test_replaced_roles_cost_and_net_change_by_hand() -> None:
    """The net change is MarOps loaded cost minus the replaced roles' loaded cost."""
    plan = _replacing_plan("mid")
    # coordinator at 35,000: 35,000 + 4,500 + 0.03 × 28,760 = 862.80 + 1,750 + 3,000 = 45,112.80
    # two of them 90,225.60 ; specialist at 60,000: 75,570.90 ; total 165,796.50
    assert costing.replaced_roles_headcount(plan) == 3
    assert costing.replaced_roles_base_salary(plan) == pytest.approx(130000.0)
    assert costing.replaced_roles_loaded_cost(plan) == pytest.approx(165796.50)
    # one seat at 120,000: 1.2 × 120,000 + 3,570.90 = 147,570.90 ; net 147,570.90 − 165,796.50
    assert costing.marops_net_change(plan) == pytest.approx(-18225.60)
    # −18,225.60 / 165,796.50 = −10.99%: more than 10% below, so not "roughly flat"
    assert costing.marops_net_change_share(plan) == pytest.approx(-0.109927, abs=1e-6)
    assert costing.net_roughly_flat(plan) is False


def test_net_within_ten_percent_is_roughly_flat() -> None:
    """A net change within ±10% of the replaced cost counts as roughly flat."""
    plan = _replacing_plan("high")
    # seat at 140,000: 1.2 × 140,000 + 3,570.90 = 171,570.90 ; net +5,774.40 = +3.48%
    assert costing.marops_net_change(plan) == pytest.approx(5774.40)
    assert costing.net_roughly_flat(plan) is True
    assert costing.FLAT_THRESHOLD == 0.10
    assert costing.net_roughly_flat(_plan()) is None  # nothing replaced: nothing to judge


# --------------------------------------------------------------------------- the whole org


def _org_plan(**fields: Any) -> Plan:
    """One legacy role (3 in Content, 40–60K), two audiences, fixed GTM bands (Head of GTM
    100K, GTM Marketer 60K) and one MarOps seat holding all four roles (100–140K)."""
    data: dict[str, Any] = {
        "marops_seats": (_all_four(100000, 140000),),
        "legacy_roles": (_legacy("Content", 3, 40000, 60000),),
        "audiences": (Audience(name="North"), Audience(name="South")),
        "new_roles": NewRoles(
            head_of_gtm=Band(low=100000, high=100000), gtm_marketer=Band(low=60000, high=60000)
        ),
    }
    data.update(fields)
    return _plan(**data)


def test_legacy_and_new_org_cost_by_group_by_hand() -> None:
    """Legacy and new org costs add up by group from hand-computed loaded costs."""
    plan = _org_plan()
    fte = {"Content": 1.5}
    # legacy: 3 × loaded(50,000) = 3 × (50,000 + 6,750 + 0.03 × 43,760 = 1,312.80 + 2,500
    #         + 3,000 = 63,562.80) = 190,688.40
    assert costing.legacy_org_loaded_cost(plan) == pytest.approx(190688.40)
    # new: custodians 1.5 × 63,562.80 = 95,344.20 ; Head of GTM 1.2 × 100,000 + 3,570.90 =
    #      123,570.90 ; two GTM Marketers 2 × 75,570.90 = 151,141.80 ; MarOps 147,570.90
    #      total 517,627.80
    assert costing.new_org_loaded_cost(plan, fte) == pytest.approx(517627.80)
    assert costing.org_net_change(plan, fte) == pytest.approx(517627.80 - 190688.40)
    groups = costing.org_cost_by_group(plan, fte).set_index("group")
    assert groups.loc["Functional teams", "legacy_headcount"] == 3
    assert groups.loc["GTM", "new_headcount"] == 3  # Head of GTM + one per audience
    assert groups.loc["GTM", "new_loaded_cost"] == pytest.approx(123570.90 + 151141.80)
    assert groups.loc["Custodians", "new_headcount"] == 1.5
    assert groups.loc["Custodians", "new_base_salary"] == pytest.approx(75000.0)  # 1.5 × 50K
    assert groups.loc["MarOps", "new_loaded_cost"] == pytest.approx(147570.90)
    assert groups.loc["Other", "new_loaded_cost"] == 0.0
    assert groups["new_loaded_cost"].sum() == pytest.approx(517627.80)


def test_org_totals_waterfall_net_and_marops_range_by_hand() -> None:
    """The totals the charts and the panel show are the step's own: legacy vs new org with the
    change and its share, the waterfall's net, the MarOps team at band low and high."""
    plan = _org_plan()
    fte = {"Content": 1.5}
    totals = costing.org_cost_totals(costing.org_cost_by_group(plan, fte))
    # hand figures of the test above: legacy 190,688.40 (3 people); new 517,627.80
    # (1 + 2 GTM + 1.5 custodians + 1 MarOps = 5.5); change 326,939.40 = 171.45% of legacy.
    assert totals.legacy_headcount == 3
    assert totals.new_headcount == 5.5
    assert totals.legacy_loaded_cost == pytest.approx(190688.40)
    assert totals.new_loaded_cost == pytest.approx(517627.80)
    assert totals.change == pytest.approx(326939.40)
    assert totals.change_share == pytest.approx(326939.40 / 190688.40)
    steps = costing.net_change_waterfall(plan, fte)
    assert costing.waterfall_net_change(steps) == pytest.approx(326939.40)
    # the one seat at 100K and 140K: 1.2 × S + 3,570.90 = 123,570.90 and 171,570.90
    seats = costing.marops_seat_table(plan)
    assert costing.marops_loaded_cost_range(seats) == pytest.approx((123570.90, 171570.90))
    empty = costing.org_cost_totals(costing.org_cost_by_group(_org_plan(legacy_roles=())))
    assert empty.change_share is None


def test_new_org_matches_the_reshape_steps_positions() -> None:
    """The new org costed here has the reshape step's headcount in every group."""
    from mocmo import reshape

    plan = load_example()
    ours = costing.new_org_table(plan).groupby("group")["headcount"].sum()
    theirs = reshape.new_org(plan).groupby("group")["count"].sum()
    for group, count in theirs.items():
        assert ours[group] == pytest.approx(count)


# --------------------------------------------------------------------------- Monte Carlo


def test_monte_carlo_is_reproducible_with_a_seed() -> None:
    """The same seed gives the same draws; another seed gives different ones."""
    plan = load_example()
    a = costing.simulate(plan, draws=2000, seed=7)
    b = costing.simulate(plan, draws=2000, seed=7)
    c = costing.simulate(plan, draws=2000, seed=8)
    assert np.array_equal(a.values["net_change"], b.values["net_change"])
    assert not np.array_equal(a.values["net_change"], c.values["net_change"])


def test_monte_carlo_does_not_depend_on_chunk_size_and_reports_progress() -> None:
    """Draws come out the same whatever the chunk, and progress reaches the total."""
    plan = load_example()
    seen: list[tuple[int, int]] = []
    a = costing.simulate(
        plan, draws=2500, seed=3, chunk=1000, progress=lambda d, t: seen.append((d, t))
    )
    b = costing.simulate(plan, draws=2500, seed=3, chunk=2500)
    assert np.array_equal(a.values["marops_cost"], b.values["marops_cost"])
    assert seen == [(1000, 2500), (2000, 2500), (2500, 2500)]


def test_uniform_monte_carlo_p50_is_within_one_percent_of_the_mid_cost() -> None:
    """With symmetric (uniform) bands the P50 of MarOps cost lies within 1% of its mid cost."""
    sim = costing.simulate(_plan(), draws=10_000, seed=11, distribution="uniform")
    mid = 371283.60  # hand-computed above: 1.2 × 297,500 + 4 × 3,570.90
    assert abs(sim.percentile("marops_cost", 50) - mid) / mid < 0.01
    p10, p90 = sim.percentile("marops_cost", 10), sim.percentile("marops_cost", 90)
    assert p10 < mid < p90


def test_monte_carlo_on_fixed_bands_equals_the_deterministic_totals() -> None:
    """When every band is a single salary, every draw equals the hand-computed totals."""
    plan = _org_plan(
        marops_seats=(_all_four(120000, 120000),),
        legacy_roles=(_legacy("Content", 3, 50000, 50000),),
    )
    sim = costing.simulate(plan, draws=50, seed=1, fte={"Content": 1.5})
    assert sim.values["legacy_org_cost"] == pytest.approx([190688.40] * 50)
    assert sim.values["new_org_cost"] == pytest.approx([517627.80] * 50)
    assert sim.values["marops_cost"] == pytest.approx([147570.90] * 50)


def test_triangular_draws_stay_in_the_band_and_lean_to_the_point() -> None:
    """Triangular draws lie inside the band and their median moves towards the point."""
    low_plan = _plan(marops_seats=(_seat("Head", HEAD, point="low"),))
    high_plan = _plan(marops_seats=(_seat("Head", HEAD, point="high"),))
    lo = costing.simulate(low_plan, draws=5000, seed=2)
    hi = costing.simulate(high_plan, draws=5000, seed=2)
    # loaded cost of 80,000 and 120,000: 1.2 S + 3,570.90 = 99,570.90 and 147,570.90
    for sim in (lo, hi):
        assert sim.values["marops_cost"].min() >= 99570.90 - 1e-6
        assert sim.values["marops_cost"].max() <= 147570.90 + 1e-6
    assert lo.percentile("marops_cost", 50) < 123570.90 < hi.percentile("marops_cost", 50)


# --------------------------------------------------------------------------- sensitivity


def test_sensitivity_swings_by_hand_and_sorted() -> None:
    """Each assumption's swing is the net change at its high minus at its low, largest first."""
    plan = _org_plan(new_roles=NewRoles(gtm_marketer=Band(low=55000, high=80000)))
    table = costing.sensitivity(plan, fte={"Content": 1.5})
    rows = table.set_index("path")
    # two GTM Marketers, both salaries above 50,270: 2 × 1.2 × (80,000 − 55,000) = 60,000
    assert rows.loc["new_roles.gtm_marketer_point", "swing"] == pytest.approx(60000.0)
    # tools 1,500 → 6,000 for 5.5 new heads (1.5 + 1 + 2 + 1) against 3 legacy: 2.5 × 4,500
    assert rows.loc["assumptions.on_costs.tools_per_head", "swing"] == pytest.approx(11250.0)
    # the recruitment fee moves only the one-off fees (no hires here: nothing)
    assert rows.loc["assumptions.on_costs.recruitment_fee_rate", "swing"] == 0.0
    assert list(table["swing"]) == sorted(table["swing"], reverse=True)


# --------------------------------------------------------------------------- reporting lines


def test_reporting_lines_as_the_model_expects_raise_nothing() -> None:
    """MarOps to the CMO, the designer to the Head of MarOps, no CDO: no warnings."""
    assert costing.reporting_line_problems(_plan()) == []


def test_wrong_reporting_lines_are_flagged() -> None:
    """MarOps under demand gen, the designer in Content, no dotted line to the CDO: flagged."""
    plan = _plan(
        has_cdo=True,
        reporting_lines=(
            ReportingLine(role="Head of Marketing Operations", reports_to="VP Demand Generation"),
            ReportingLine(role="Prompt & Knowledge Designer", reports_to="Head of Content"),
            ReportingLine(role="Data Steward", reports_to="Head of Marketing Operations"),
        ),
    )
    problems = costing.reporting_line_problems(plan)
    by_path = {p.path: p.message for p in problems}
    assert "reporting_lines[0].reports_to" in by_path
    assert "CMO" in by_path["reporting_lines[0].reports_to"]
    assert "reporting_lines[1].reports_to" in by_path
    assert "inside MarOps" in by_path["reporting_lines[1].reports_to"]
    assert any(p.path == "reporting_lines" and "CDO" in p.message for p in problems)
    assert len(problems) == 3 and all(p.severity == "warning" for p in problems)
    table = costing.reporting_line_table(plan)
    assert (table["issue"] != "").sum() == 3


def test_dotted_line_to_a_cdo_the_company_lacks_is_flagged() -> None:
    """A dotted line to a CDO when has_cdo is false is flagged; with has_cdo it is expected."""
    lines = (*GOOD_LINES, ReportingLine(role="Data Steward", reports_to="CDO", kind="dotted"))
    assert costing.reporting_line_problems(_plan(has_cdo=True, reporting_lines=lines)) == []
    problems = costing.reporting_line_problems(_plan(has_cdo=False, reporting_lines=lines))
    assert [p.path for p in problems] == ["reporting_lines[4].reports_to"]


# --------------------------------------------------------------------------- ownership test


def test_ownership_test_answers_by_name_or_flags_the_gap() -> None:
    """One owner is the answer; no owner or several owners are flagged (outside the top only)."""
    plan = _plan(
        workflows=(
            WorkflowEntry(name="Lead routing", owners=("Architect",), top=True, buyer_facing=True),
            WorkflowEntry(name="Web personalisation", buyer_facing=True),
            WorkflowEntry(name="Webinars", owners=("Head", "Designer")),
            WorkflowEntry(name="Attribution", top=True),
        )
    )
    table = costing.ownership_table(plan).set_index("workflow")
    assert table.loc["Lead routing", "answer"] == "Architect"
    assert table.loc["Web personalisation", "status"] == "no owner"
    assert table.loc["Webinars", "status"] == "several owners"
    assert table.loc["Attribution", "answer"] is None
    problems = costing.ownership_problems(plan)
    # the top workflow without an owner is the migration step's error, not flagged here
    assert [p.path for p in problems] == ["workflows[1].owners", "workflows[2].owners"]
    assert "Head, Designer" in problems[1].message


# --------------------------------------------------------------------------- headline


HEADLINE_KEYS = [
    "marops_base_salary_low",
    "marops_base_salary_mid",
    "marops_base_salary_high",
    "marops_loaded_cost_low",
    "marops_loaded_cost_mid",
    "marops_loaded_cost_high",
    "replaced_roles_loaded_cost",
    "marops_net_change_mid",
    "legacy_org_loaded_cost",
    "new_org_loaded_cost",
    "ai_run_cost_annual",
    "non_payroll_cost_legacy",
    "non_payroll_cost_new",
    "legacy_total_cost",
    "new_total_cost",
    "total_net_change",
    "total_net_change_pct",
]


def test_headline_has_exactly_the_published_keys() -> None:
    """The headline gives the costing figures (payroll and the whole cost); the ranges are the
    drivers' simulation's (mocmo.ranges), ordered P10 ≤ P50 ≤ P90. (Speed: benchmarks.)"""
    plan = load_example()
    figures = costing.headline(plan)
    assert list(figures) == HEADLINE_KEYS
    from mocmo import ranges

    sim = ranges.headline(plan)
    assert sim["net_change_p10"] <= sim["net_change_p50"] <= sim["net_change_p90"]  # type: ignore[operator]
    # Brightwave seats: Head 80–120K, Workflow Architect & Data Steward 60–85K (the higher
    # band), Designer 50–70K → 190,000 / 232,500 / 275,000 base
    assert figures["marops_base_salary_low"] == 190000.0
    assert figures["marops_base_salary_mid"] == 232500.0
    assert figures["marops_base_salary_high"] == 275000.0


def test_costing_is_registered_in_the_plan_summary() -> None:
    """mocmo.summary gathers the costing headline and the costing checks."""
    from mocmo import summary

    plan = load_example()
    figures = summary.headline(plan)
    assert all(k in figures for k in HEADLINE_KEYS)
    assert any(p.path == "workflows[6].owners" for p in summary.checks(plan))


# --------------------------------------------------------------------------- editing seats


def test_combining_roles_merges_seats_hires_and_owners() -> None:
    """Combining two one-role seats gives one seat, one hire and the workflows it owned."""
    from mocmo.plan import with_changes

    plan = _plan(
        marops_seats=(
            _seat("Head", HEAD),
            _seat("Architect", ARCH, hire_month=4),
            _seat("Steward", STEWARD, hire_month=3),
            _seat("Designer", PKD),
        ),
        hires=(
            {"position": "Architect", "month": 4},
            {"position": "Steward", "month": 3},
        ),
        workflows=(WorkflowEntry(name="Lead routing", owners=("Steward",)),),
    )
    new = with_changes(plan, costing.combine_roles_changes(plan, [STEWARD, ARCH]))
    names = [s.name for s in new.marops_seats]
    assert names == ["Head", "Workflow Architect & Data Steward", "Designer"]
    seat = new.marops_seats[1]
    assert seat.roles == (ARCH, STEWARD) and seat.band is None and seat.hire_month == 3
    assert [h.position for h in new.hires] == ["Workflow Architect & Data Steward"]
    assert new.workflows[0].owners == ("Workflow Architect & Data Steward",)
    # one salary at the Workflow Architect's mid: 100,000 + 72,500 + 60,000 = 232,500
    assert costing.marops_base_salary(new, "mid") == 232500.0


def test_splitting_a_seat_gives_one_seat_per_role() -> None:
    """Splitting a combined seat makes one seat per role, each named after its role."""
    from mocmo.plan import with_changes

    plan = _plan(marops_seats=(_seat("Head", HEAD), _seat("Ops", ARCH, STEWARD, PKD)))
    new = with_changes(plan, costing.split_seat_changes(plan, 1))
    assert [s.name for s in new.marops_seats] == [
        "Head",
        "Workflow Architect",
        "Data Steward",
        "Prompt & Knowledge Designer",
    ]
    assert costing.marops_base_salary(new, "mid") == 297500.0  # the four published mids


def test_monte_carlo_reports_progress_in_steps_by_default() -> None:
    """With a progress callback and no chunk, progress comes in ten steps up to the total."""
    seen: list[int] = []
    costing.simulate(_plan(), draws=10_000, progress=lambda done, _t: seen.append(done))
    assert seen == [1000 * k for k in range(1, 11)]


def test_monte_carlo_memory_stays_small_however_many_lines() -> None:
    """The Monte Carlo of a 2,000-person plan (~560 cost lines × 10,000 draws, 45 MB of
    salaries at once) works in small blocks of lines: it never holds more than 16 MB."""
    import tracemalloc

    from mocmo.synthetic import synthetic_plan

    plan = synthetic_plan(people=2000, audiences=200, months=36)
    lines = costing.cost_lines(plan)
    assert len(lines) * costing.MC_DRAWS * 8 > 40e6  # what holding them all would take
    tracemalloc.start()
    try:
        costing.simulate(plan)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16e6, f"peak {peak / 1e6:.1f} MB"
