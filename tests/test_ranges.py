"""Ranges on the drivers (#19): hand-computed quantiles, the plan inside its own range,
reproducible seeds, the tornado at P10/P90, "what would have to be true", refused ranges and
the workbook's live staleness check.

The hand plan is tests/plans.py's ``minimal_plan`` with AI prices set so that only usage costs
money: licence £0, usage £2 per absorbed hour, no agents. Its one legacy role, Content, has
2 people × 37.5 h/week; 20% of the hours go to AI with 25% oversight, so AI absorbs
2 × 37.5 × 0.2 × (1 − 0.25) = 11.25 h/week, and AI usage costs 11.25 × 52 × £2 = £1,170 a year.
Multiplying AI prices by m changes the new model's whole cost by (m − 1) × £1,170 and nothing
else (no headcount follows a price).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from plans import minimal_plan
from strategies import valid_plans

from conftest import LibreOfficeRecalc, load_values
from mocmo import figures, ranges
from mocmo.costing import whole
from mocmo.defaults import load_example
from mocmo.excel import write_workbook
from mocmo.plan import DriverRange, Plan, PlanError, RangeInputs, parse_plan, with_changes
from mocmo.ranges.drivers import NOT_ABSORBED

USAGE_A_YEAR = 11.25 * 52 * 2.0  # £1,170: see the module docstring

# P10 / P90 of a symmetric triangular(0.5, 1, 1.5): a + √(0.1 (b − a)(c − a)) = 0.5 + √0.05
TRI_P10 = 0.5 + math.sqrt(0.1 * 1.0 * 0.5)  # 0.7236068
TRI_P90 = 1.5 - math.sqrt(0.1 * 1.0 * 0.5)  # 1.2763932


def _only(key: str, low: float, high: float, **more: Any) -> RangeInputs:
    """Ranges with every driver but ``key`` fixed at the plan's value."""
    fixed = {d: DriverRange(low=p, high=p) for d, p in _PLAN_VALUES.items() if d != key}
    return RangeInputs(**fixed, **{key: DriverRange(low=low, high=high)}, **more)


_PLAN_VALUES = {d.key: d.plan_value for d in ranges.drivers(minimal_plan())}
"""Each driver's own value at the plan (1 for a multiplier, 0 for an offset, ½ for the pay
quantile)."""


def hand_plan(ranges_: RangeInputs | None = None, usage: float = 2.0) -> Plan:
    plan = minimal_plan()
    ai = plan.assumptions.ai_costs.model_copy(
        update={"licence_per_user_month": 0.0, "usage_per_absorbed_hour": usage}
    )
    changes: dict[str, Any] = {"assumptions.ai_costs": ai}
    if ranges_ is not None:
        changes["assumptions.ranges"] = ranges_
    return with_changes(plan, changes)


def test_the_hand_plan_is_what_the_docstring_says() -> None:
    plan = hand_plan()
    assert whole.ai_absorbed_hours_per_week(plan) == pytest.approx(11.25)
    assert whole.ai_usage_cost_annual(plan) == pytest.approx(USAGE_A_YEAR)
    assert whole.ai_licence_cost_annual(plan) == 0.0


def test_one_driver_gives_the_hand_computed_quantiles() -> None:
    """AI prices triangular 0.5 / 1 / 1.5, everything else fixed: the whole-cost net change's
    P10 / P50 / P90 are the plan's own + (m − 1) × £1,170 at m = 0.7236, 1, 1.2764, within the
    sampling error of 10,000 draws (quantile s.e. ≈ √(0.09 / 10,000) ÷ density 0.894 ≈ 0.0034
    of m, £3.9; allowed: £16)."""
    plan = hand_plan(_only("ai_price", 0.5, 1.5))
    base = whole.total_net_change(plan)
    out = ranges.headline(plan)
    assert out["total_net_change_p10"] == pytest.approx(base + (TRI_P10 - 1) * USAGE_A_YEAR, abs=16)
    assert out["total_net_change_p50"] == pytest.approx(base, abs=16)
    assert out["total_net_change_p90"] == pytest.approx(base + (TRI_P90 - 1) * USAGE_A_YEAR, abs=16)
    new = whole.new_total_cost(plan)
    assert out["new_total_cost_p90"] == pytest.approx(new + (TRI_P90 - 1) * USAGE_A_YEAR, abs=16)
    # the one-off cost does not depend on AI prices: one value for every draw
    one_off = figures.figure("one_off_cost").compute(plan)
    assert out["one_off_cost_p10"] == out["one_off_cost_p90"] == pytest.approx(one_off, abs=0.01)


def test_a_one_sided_range_keeps_half_the_draws_at_the_plan() -> None:
    """AI prices 1 / 1 / 1.5 (never cheaper): half the draws at exactly the plan's prices, so
    the P10 and P50 are the plan's own net change; the P90 is on the upper triangle: u = 0.9 →
    m = 1 + 0.5 (1 − √(2 × 0.1)) = 1.27639."""
    plan = hand_plan(_only("ai_price", 1.0, 1.5))
    base = whole.total_net_change(plan)
    out = ranges.headline(plan)
    assert out["total_net_change_p10"] == pytest.approx(base, abs=0.01)
    assert out["total_net_change_p50"] == pytest.approx(base, abs=16)  # at the atom's edge
    m90 = 1 + 0.5 * (1 - math.sqrt(0.2))
    assert out["total_net_change_p90"] == pytest.approx(base + (m90 - 1) * USAGE_A_YEAR, abs=16)


def test_the_split_triangular_has_its_mode_as_median() -> None:
    """Half the probability on each side of the mode, whatever the widths: the median of
    (0, 0.2, 1) is 0.2, its 25th percentile 0.2 − 0.2 (1 − √0.5) = 0.1414."""
    u = np.array([0.25, 0.5, 0.75])
    got = ranges.split_triangular(u, 0.0, 0.2, 1.0)
    assert got[1] == pytest.approx(0.2)
    assert got[0] == pytest.approx(0.2 - 0.2 * (1 - math.sqrt(0.5)))
    assert got[2] == pytest.approx(0.2 + 0.8 * (1 - math.sqrt(0.5)))


def test_a_run_is_reproducible_and_the_seed_matters() -> None:
    plan = load_example()
    a = ranges.simulate_drivers(plan, draws=2_000, seed=7)
    b = ranges.simulate_drivers(plan, draws=2_000, seed=7)
    c = ranges.simulate_drivers(plan, draws=2_000, seed=8)
    assert np.array_equal(a.values["total_net_change"], b.values["total_net_change"])
    assert not np.array_equal(a.values["total_net_change"], c.values["total_net_change"])
    assert ranges.headline(plan) == ranges.headline(load_example())


def test_todays_payroll_is_not_varied() -> None:
    """Known facts stay known: no driver moves today's payroll, so the legacy org's loaded
    cost is the same at every node of every driver."""
    from mocmo import costing

    plan = load_example()
    legacy = costing.legacy_org_loaded_cost(plan)
    for d in ranges.drivers(plan):
        for v in (d.low, d.high):
            assert costing.legacy_org_loaded_cost(ranges.apply(plan, d.key, v)) == legacy


def test_absorption_and_oversight_are_drawn_against_each_other() -> None:
    sim = ranges.simulate_drivers(load_example(), draws=5_000, seed=3)
    a, o = sim.driver_values["ai_absorption"], sim.driver_values["oversight"]
    ranks = np.corrcoef(np.argsort(np.argsort(a)), np.argsort(np.argsort(o)))[0, 1]
    assert ranks < -0.2


def test_absorbing_less_moves_the_rest_to_the_gtm_marketers() -> None:
    """At 60% absorption Content's 20% AI activity (25% oversight: AI absorbs 15%, people
    check 5%) keeps 5% oversight and absorbs 15% × 0.6 = 9%: 14% stays on the AI line with
    oversight 5/14, and 20% − 14% = 6% is shifted to the GTM Marketers; shares still sum to
    100%; AI usage falls to 60%."""
    plan = hand_plan()
    moved = ranges.apply(plan, "ai_absorption", 0.6)
    acts = {a.name: a for a in moved.legacy_roles[0].activities}
    ai = [a for a in acts.values() if a.destination == "ai"]
    human = [a for a in acts.values() if a.name.endswith(NOT_ABSORBED)]
    assert len(ai) == 1 and ai[0].share == pytest.approx(0.14)
    assert ai[0].oversight == pytest.approx(5 / 14)
    assert len(human) == 1 and human[0].share == pytest.approx(0.06)
    assert human[0].destination == "shifts"
    assert sum(a.share for a in acts.values()) == pytest.approx(1.0)
    assert whole.ai_usage_cost_annual(moved) == pytest.approx(0.6 * USAGE_A_YEAR)
    # above the plan AI takes on oversight: at 120% it absorbs 15% × 1.2 = 18% of the hours,
    # so the oversight share is 1 − 0.75 × 1.2 = 10%
    more = ranges.apply(plan, "ai_absorption", 1.2).legacy_roles[0].activities
    (ai_more,) = [a for a in more if a.destination == "ai"]
    assert ai_more.share == pytest.approx(0.2) and ai_more.oversight == pytest.approx(0.1)
    assert whole.ai_usage_cost_annual(ranges.apply(plan, "ai_absorption", 1.2)) == pytest.approx(
        1.2 * USAGE_A_YEAR
    )


def test_the_tornado_runs_the_model_at_each_drivers_p10_and_p90() -> None:
    plan = hand_plan(_only("ai_price", 0.5, 1.5))
    table = ranges.tornado(plan)
    assert list(table["driver"]) == ["ai_price"]  # the others cannot move
    row = table.iloc[0]
    base = whole.total_net_change(plan)
    assert row["net_change_at_p10"] == pytest.approx(base + (TRI_P10 - 1) * USAGE_A_YEAR)
    assert row["net_change_at_p90"] == pytest.approx(base + (TRI_P90 - 1) * USAGE_A_YEAR)
    assert row["swing"] == pytest.approx((TRI_P90 - TRI_P10) * USAGE_A_YEAR)
    example = ranges.tornado(load_example())
    assert list(example["swing"]) == sorted(example["swing"], reverse=True)
    assert len(example) <= 10


def test_what_would_have_to_be_true_for_ai_prices() -> None:
    """AI prices move only the AI licences and usage, both in proportion — today's licences
    too: the net change is N(m) = N₀ + (m − 1) × U with U = the new org's licences + usage −
    today's licences a year at the plan's prices, 0 at m* = 1 − N₀ / U. On the example
    (N₀ < 0: it saves) the plan saves as long as prices stay at most m*."""
    plan = load_example()
    base = whole.total_net_change(plan)
    u = (
        whole.ai_licence_cost_annual(plan)
        + whole.ai_usage_cost_annual(plan)
        - whole.legacy_ai_licence_cost_annual(plan)
    )
    assert base < 0 and u > 0
    m_star = 1 - base / u
    t = {(t.driver, t.test): t for t in ranges.thresholds(plan)}[("ai_price", "saves")]
    assert t.holds_at_plan and t.direction == "at_most"
    assert t.value == pytest.approx(m_star, rel=3e-3)
    words = f"AI prices are no more than {t.value:.0%} of the plan's"
    assert t.sentence == f"The plan saves money as long as {words}."


def test_nothing_changes_has_no_break_even_in_any_draw() -> None:
    """A path that is staying legacy has no break-even (nan); the break-even of a draw is the
    first month from which its cumulative difference stays covered, or beyond the horizon the
    month the last month's saving would cover what is still owed."""
    diff = np.zeros((3, 12))
    assert np.all(np.isnan(ranges.breakeven_months(diff)))
    # and a series that pays back in month 3 and stays paid back
    series = np.array([[100.0, -60.0, -60.0, -10.0]])
    assert ranges.breakeven_months(series)[0] == 3
    # cumulative 100, 80, 70, 50: 50 still owed at month 4, saving 20 a month → 4 + ⌈2.5⌉ = 7
    assert ranges.breakeven_months(np.array([[100.0, -20.0, -10.0, -20.0]]))[0] == 7
    # still owed and saving nothing: never
    assert np.isinf(ranges.breakeven_months(np.array([[100.0, -20.0, 0.0]]))[0])


def test_ranges_that_exclude_the_plans_value_are_refused() -> None:
    data = minimal_plan().model_dump(mode="json")
    data["assumptions"]["ranges"] = {"ai_price": {"low": 1.2, "high": 2.0}}
    with pytest.raises(PlanError) as err:
        parse_plan(data)
    text = str(err.value)
    assert "assumptions.ranges.ai_price.low" in text and "1.2" in text and "at most 1" in text
    data["assumptions"]["ranges"] = {"hire_slip": {"low": -1, "high": 99}}
    with pytest.raises(PlanError, match=r"hire_slip\.high: got 99, must be between"):
        parse_plan(data)


_PROPERTY_FIGURES = ("total_net_change", "new_total_cost", "one_off_cost", "net_change")


def _assert_inside(plan: Plan, draws: int = 2_000) -> None:
    sim = ranges.simulate_drivers(plan, draws=draws, seed=11)
    own = dict(zip(ranges.MONEY_FIGURES, (float(v) for v in ranges.outputs(plan)), strict=False))
    for key in _PROPERTY_FIGURES:
        lo, hi = sim.percentile(key, 10), sim.percentile(key, 90)
        assert lo is not None and hi is not None
        tol = 1e-6 * max(1.0, abs(own[key]))
        assert lo - tol <= own[key] <= hi + tol, (key, lo, own[key], hi)


@pytest.mark.parametrize("people", [30, 300])
def test_synthetic_plans_lie_inside_their_ranges(people: int) -> None:
    from mocmo.synthetic import synthetic_plan

    _assert_inside(synthetic_plan(people=people))
    _assert_inside(load_example())


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking a plan takes minutes
)
@given(valid_plans())
def test_the_plans_own_figures_lie_inside_their_p10_p90(plan: Plan) -> None:
    """For any valid plan, every draw of a figure lies between the plan's figure plus each
    driver's smallest change and plus each driver's largest (a draw interpolates between a
    driver's nodes); and where every driver moves the figure one way only, the plan's own figure
    lies within [P10, P90] (the plan's value of every driver is the mode and median of its
    draws). A figure that staffing steps make rise on both sides of a driver's plan value (AI
    absorbing less saves AI cost while the GTM seats stay; absorbing more drops a seat) has the
    plan at its edge, so the second holds only for one-way drivers."""
    from mocmo.ranges.simulate import _interpolate, node_table

    sim = ranges.simulate_drivers(plan, draws=2_000, seed=11)
    table = node_table(plan)
    # each driver's change at its nodes and at the ends of its range (reached by extrapolating
    # the outer segments): a draw's change lies between their least and greatest
    ends = {
        d.key: _interpolate(np.array([d.low, d.high]), table.nodes[d.key], table.outputs[d.key])
        for d in table.drivers
    }
    for index, key in enumerate(ranges.MONEY_FIGURES):
        own = float(table.plan_outputs[index])
        changes = [
            np.concatenate(
                ([ends[d.key][0, index]], table.outputs[d.key][:, index], [ends[d.key][1, index]])
            )
            - own
            for d in table.drivers
        ]
        tol = 1e-6 * max(1.0, abs(own))
        values = sim.values[key]
        assert own + sum(float(c.min()) for c in changes) - tol <= values.min(), key
        assert values.max() <= own + sum(float(c.max()) for c in changes) + tol, key
        one_way = all(
            bool(np.all(np.diff(c) >= -tol)) or bool(np.all(np.diff(c) <= tol)) for c in changes
        )
        if key in _PROPERTY_FIGURES and one_way:
            lo, hi = sim.percentile(key, 10), sim.percentile(key, 90)
            assert lo is not None and hi is not None
            assert lo - tol <= own <= hi + tol, (key, lo, own, hi)
    from mocmo import migration

    month = migration.breakeven_projection(plan)
    values = sim.values["breakeven_month"]
    if month is None and migration.nothing_changes(plan):
        assert sim.percentile("breakeven_month", 50) is None
    elif month is None:  # never breaks even: at least a tenth of the draws never do either
        ranked = np.where(np.isnan(values), np.inf, values)
        assert np.isinf(np.percentile(ranked, 90, method="inverted_cdf"))
    else:
        ranked = np.where(np.isnan(values), np.inf, values)
        assert np.percentile(ranked, 10, method="inverted_cdf") <= month
        assert month <= np.percentile(ranked, 90, method="inverted_cdf")


@pytest.fixture(scope="module")
def example_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ranges") / "example.xlsx"
    write_workbook(load_example(), path)
    return path


def test_the_ranges_sheet_holds_labelled_values_and_a_live_check(example_xlsx: Path) -> None:
    wb = openpyxl.load_workbook(example_xlsx)
    ws = wb["Ranges"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert "10,000" in text and str(ranges.simulate_drivers(load_example()).seed) in text
    assert "Inputs changed since the simulation" in text
    assert "What would have to be true" in text and "Tornado" in text
    for key in ("total_net_change_p10", "breakeven_month_p90", "one_off_cost_p50"):
        target = wb.defined_names[key].attr_text
        sheet, ref = target.split("!")
        cell = wb[sheet.strip("'")][ref.replace("$", "")]
        assert isinstance(cell.value, str) and cell.value.startswith("=")  # Summary → Ranges


def test_changing_an_input_turns_the_check_red(
    example_xlsx: Path, lo_recalc_shared: LibreOfficeRecalc, tmp_path: Path
) -> None:
    """Recalculated as exported the check says "Inputs as simulated"; after raising the AI
    usage price on Assumptions it says the inputs changed (the simulated values are stale)."""
    from mocmo.excel._ranges import _STALE, FRESH

    def check(values: Any) -> str:
        ws = values["Ranges"]
        for row in ws.iter_rows():
            if row[0].value == "Check":
                return str(row[1].value)
        raise AssertionError("no Check row")

    assert check(load_values(lo_recalc_shared(example_xlsx))) == FRESH
    wb = openpyxl.load_workbook(example_xlsx)
    target = wb.defined_names["ai_usage_per_absorbed_hour"].attr_text
    sheet, ref = target.split("!")
    wb[sheet.strip("'")][ref.replace("$", "")].value = 9.0
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    assert check(load_values(lo_recalc_shared(edited))) == _STALE


def test_what_would_have_to_be_true_for_breaking_even() -> None:
    """The plan breaks even within its horizon exactly when the cumulative difference at the
    horizon is covered: C(m) = C(1) + (m − 1) × ΣA, where ΣA is what the timeline pays for AI
    licences and usage over the horizon at the plan's prices less today's licences the
    baseline of staying legacy pays (a twelfth of a year's in each month; all in proportion to
    the prices). The threshold is m* = 1 − C(1) ÷ ΣA; on the example C(1) < 0 (month 15 of
    18)."""
    from mocmo import migration

    plan = load_example()
    table = migration.monthly(plan)
    priced = float((table["ai_licence_cost"] + table["ai_usage_cost"]).sum())
    priced -= plan.horizon_months * whole.legacy_ai_licence_cost_annual(plan) / 12
    owed = float(table["difference"].sum())
    assert owed < 0 and priced > 0
    m_star = 1 - owed / priced
    t = {(t.driver, t.test): t for t in ranges.thresholds(plan)}[("ai_price", "breaks_even")]
    assert t.holds_at_plan and t.direction == "at_most"
    assert t.value == pytest.approx(m_star, rel=3e-3)
    assert "18-month horizon as long as AI prices are no more than" in t.sentence


def test_the_ranges_command_prints_the_simulation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`mocmo ranges PLAN --json` gives the draws, seed, figures (those of the registry's
    simulation outputs), drivers, tornado and thresholds; the text form names each part."""
    import json

    from mocmo.cli import main
    from mocmo.defaults import example_path

    assert main(["ranges", str(example_path()), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    plan = load_example()
    assert out["draws"] == 10_000 and out["figures"] == ranges.headline(plan)
    assert [d["key"] for d in out["drivers"]] == list(ranges.DRIVER_KEYS)
    assert len(out["thresholds"]) == 2 * len(ranges.DRIVER_KEYS)
    assert main(["ranges", str(example_path())]) == 0
    text = capsys.readouterr().out
    assert "Tornado" in text and "What would have to be true" in text and "P90" in text


def test_every_sheet_prints_on_a4(example_xlsx: Path) -> None:
    wb = openpyxl.load_workbook(example_xlsx)
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9, ws.title  # 9 = A4


def test_one_activitys_absorption_range_gives_the_hand_quantiles() -> None:
    """Content's Drafting (the hand plan's one AI activity, AI absorbing 11.25 h/week of it)
    with its own absorption range triangular 0.8 / 1 / 1.2 of the planned hours and every
    other driver fixed: AI usage is £1,170 × m a year and nothing else moves (the GTM
    Marketers' 0.2 × 11.25 h/week at most stay within their FTE), so the net change's P10 /
    P90 are the plan's ± (1 − (0.8 + √(0.1 × 0.4 × 0.2))) × £1,170 = ∓ £129.35, within the
    sampling error of 10,000 draws (s.e. ≈ √0.09/100 ÷ density 2.236 ≈ 0.0013 of m, £1.6;
    allowed £7)."""
    from mocmo.plan import ActivityRange

    fixed = {d: DriverRange(low=p, high=p) for d, p in _PLAN_VALUES.items()}
    own = ActivityRange(role="Content", activity="Drafting", low=0.8, high=1.2)
    plan = hand_plan(RangeInputs(**fixed, activity_absorption=(own,)))
    base = whole.total_net_change(plan)
    step = (1 - (0.8 + math.sqrt(0.1 * 0.4 * 0.2))) * USAGE_A_YEAR  # £129.35
    out = ranges.headline(plan)
    assert out["total_net_change_p10"] == pytest.approx(base - step, abs=7)
    assert out["total_net_change_p50"] == pytest.approx(base, abs=7)
    assert out["total_net_change_p90"] == pytest.approx(base + step, abs=7)
    # the activity's own range, not the plan-wide one (fixed at 1), is what the draws follow
    moved = ranges.apply(plan, "ai_absorption", 0.9)
    assert whole.ai_usage_cost_annual(moved) == pytest.approx(0.9 * USAGE_A_YEAR)


def test_an_activity_range_must_name_an_ai_activity() -> None:
    data = minimal_plan().model_dump(mode="json")
    data["assumptions"]["ranges"] = {
        "activity_absorption": [{"role": "Content", "activity": "Standards", "low": 0.5}]
    }
    with pytest.raises(PlanError, match=r"activity_absorption\[0\]: got 'Content' / 'Standards'"):
        parse_plan(data)
    data["assumptions"]["ranges"] = {
        "activity_absorption": [{"role": "Content", "activity": "Drafting", "low": 1.5}]
    }
    with pytest.raises(
        PlanError, match=r"activity_absorption\[0\]\.low: got 1.5, must be at most 1"
    ):
        parse_plan(data)
