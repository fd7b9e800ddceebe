"""Step 3 charts, checked through their Vega-Lite spec (``chart.to_dict()``), never pixels."""

from __future__ import annotations

import pytest
from chart_specs import dataset_rows
from test_costing import ARCH, HEAD, PKD, STEWARD, _org_plan, _plan, _seat

from mocmo import costing
from mocmo.charts import costing as charts

FTE = {"Content": 1.5}


def test_cost_range_bars_span_each_seats_band() -> None:
    """Each seat's bar runs from its loaded cost at the band's low to its high."""
    plan = _plan(marops_seats=(_seat("Head", HEAD), _seat("Rest", ARCH, STEWARD, PKD)))
    spec = charts.cost_range_chart(costing.marops_seat_table(plan)).to_dict()
    rows = {r["seat"]: r for r in dataset_rows(spec, "loaded_cost_low")}
    # Head 80–120K: 1.2 × 80,000 + 3,570.90 = 99,570.90 ; 1.2 × 120,000 + 3,570.90 = 147,570.90
    assert rows["Head"]["loaded_cost_low"] == pytest.approx(99570.90)
    assert rows["Head"]["loaded_cost_high"] == pytest.approx(147570.90)
    # the combined seat takes the Workflow Architect's band, 60–85K: mid 72,500 → 90,570.90
    assert rows["Rest"]["loaded_cost_mid"] == pytest.approx(90570.90)
    assert spec["layer"][0]["encoding"]["x2"]["field"] == "loaded_cost_high"


def test_org_cost_bars_are_stacked_by_group_for_each_org() -> None:
    """Legacy and new bars carry each group's loaded cost; empty groups are left out."""
    plan = _org_plan()
    spec = charts.org_cost_chart(costing.org_cost_by_group(plan, FTE)).to_dict()
    got = {(r["org"], r["group"]): r["loaded_cost"] for r in dataset_rows(spec, "loaded_cost")}
    # hand figures from test_costing: legacy 3 × 63,562.80 ; GTM 123,570.90 + 2 × 75,570.90 ;
    # custodians 1.5 × 63,562.80 ; MarOps one seat at 120,000 → 147,570.90
    assert got == {
        ("Legacy org", "Functional teams"): pytest.approx(190688.40),
        ("New org", "GTM"): pytest.approx(274712.70),
        ("New org", "Custodians"): pytest.approx(95344.20),
        ("New org", "MarOps"): pytest.approx(147570.90),
    }
    assert spec["config"]["locale"]["number"]["currency"] == ["£", ""]


def test_waterfall_runs_from_legacy_to_new() -> None:
    """The waterfall starts at the legacy total, removes and adds each group, ends at new."""
    steps = costing.net_change_waterfall(_org_plan(), FTE)
    spec = charts.waterfall_chart(steps).to_dict()
    rows = dataset_rows(spec, "step")
    assert [r["step"] for r in rows] == [
        "Legacy org",
        "− Functional teams (legacy)",
        "+ GTM",
        "+ Custodians",
        "+ MarOps",
        "New org",
    ]
    assert rows[0]["end"] == pytest.approx(190688.40)
    assert rows[1]["end"] == pytest.approx(0.0, abs=1e-6)
    assert rows[-1]["end"] == pytest.approx(517627.80)  # 274,712.70 + 95,344.20 + 147,570.90


def test_distribution_has_every_draw_and_the_three_percentile_rules() -> None:
    """The histogram counts all draws and the rules sit at the simulation's P10, P50, P90."""
    sim = costing.simulate(_plan(), draws=3000, seed=5, distribution="uniform")
    spec = charts.distribution_chart(sim, "marops_cost").to_dict()
    assert sum(r["draws"] for r in dataset_rows(spec, "draws")) == 3000
    rules = {r["percentile"]: r["value"] for r in dataset_rows(spec, "percentile")}
    assert rules == {
        "P10": pytest.approx(sim.percentile("marops_cost", 10)),
        "P50": pytest.approx(sim.percentile("marops_cost", 50)),
        "P90": pytest.approx(sim.percentile("marops_cost", 90)),
    }


def test_tornado_puts_the_largest_swing_on_top() -> None:
    """The tornado lists assumptions by swing, each with its low and high net change."""
    plan = _org_plan()
    table = costing.sensitivity(plan, FTE)
    spec = charts.tornado_chart(table).to_dict()
    rows = dataset_rows(spec, "setting")
    order = list(dict.fromkeys(r["assumption"] for r in rows))
    assert order[0] == table.iloc[0]["assumption"]
    top = [r for r in rows if r["assumption"] == order[0]]
    assert {r["setting"] for r in top} == {"Set to its low", "Set to its high"}
    assert abs(top[0]["net_change"] - top[1]["net_change"]) == pytest.approx(table.iloc[0]["swing"])


def test_costing_charts_builds_all_five_for_a_plan() -> None:
    """The shortcut gives the five charts of the step, each a valid spec."""
    plan = _org_plan(
        marops_seats=(_seat("Head", HEAD), _seat("Rest", ARCH, STEWARD, PKD)),
    )
    built = charts.costing_charts(plan, costing.simulate(plan, draws=500, fte=FTE))
    assert set(built) == {"cost_range", "org_cost", "waterfall", "distribution", "tornado"}
    for chart in built.values():
        assert "$schema" in chart.to_dict()


def test_distribution_of_equal_draws_with_float_noise_is_one_bin() -> None:
    """Draws that are all equal but for float noise (1,662,436.4904352 ± 1e-10, as a plan
    with no uncertain amount gives) are counted into one bin, not an error."""
    import numpy as np

    noisy = 1662436.4904352 + np.array([0.0, 2.3e-10, -2.3e-10, 0.0])
    sim = costing.Simulation(draws=4, seed=0, distribution="pert", values={"net_change": noisy})
    frame = charts.distribution_frame(sim, "net_change", bins=40)
    assert len(frame) == 40
    assert frame["draws"].sum() == 4 and frame["draws"].max() == 4
    full = frame[frame["draws"] == 4].iloc[0]
    assert full["bin_start"] <= 1662436.4904352 <= full["bin_end"]
