"""The charts of the ranges on the drivers (issue #19), read through their Vega-Lite specs: the
tornado has one bar per driver row, largest swing on top, from the net change at the driver's
P10 to that at its P90; the histogram counts every draw and has the P10 / P50 / P90 rules and
the plan's own figure."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from chart_specs import dataset_rows

from mocmo import ranges
from mocmo.charts.catalog import CHART_TITLES, all_charts
from mocmo.charts.ranges import (
    EFFECTS,
    RANGE_BINS,
    driver_tornado_chart,
    range_chart,
    ranges_charts,
)
from mocmo.defaults import load_example
from mocmo.ranges import DriverSimulation


def _tornado_table() -> pd.DataFrame:
    """Three drivers, not in swing order, around a plan net change of −£100,000 a year:

    - "Pay" moves it from −£110,000 (P10) to −£80,000 (P90): swing £30,000, dearer as it rises;
    - "AI" from −£40,000 (P10) to −£100,000 (P90): swing £60,000, cheaper as it rises;
    - "Hires" not at all: swing £0 (it moves only the break-even month, 14 → 16).
    """
    rows = [
        ("pay", "Pay", 0.2, 0.8, "P20", "P80", -110_000.0, -80_000.0, 15.0, 15.0),
        ("ai", "AI", 0.8, 1.0, "80%", "100%", -40_000.0, -100_000.0, None, 15.0),
        ("hires", "Hires", -1.0, 2.0, "-1 months", "+2 months", -100_000.0, -100_000.0, 14, 16),
    ]
    return pd.DataFrame(
        [
            {
                "driver": key, "label": label, "p10_value": lo, "p90_value": hi,
                "p10_words": lo_w, "p90_words": hi_w, "net_change_at_p10": at_lo,
                "net_change_at_p90": at_hi, "breakeven_at_p10": be_lo, "breakeven_at_p90": be_hi,
                "swing": abs(at_hi - at_lo), "net_change_base": -100_000.0, "source": "test",
            }
            for key, label, lo, hi, lo_w, hi_w, at_lo, at_hi, be_lo, be_hi in rows
        ]
    )  # fmt: skip


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return list(spec["layer"])


def _marks(spec: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [
        layer
        for layer in _layers(spec)
        if (layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]) == kind
    ]


def test_the_tornado_has_one_bar_per_driver_row_largest_swing_on_top() -> None:
    """Swings £60,000 (AI), £30,000 (Pay) and £0 (Hires) put the bars in that order; each bar
    runs from the lower to the higher of its two net changes (AI: −£100,000 to −£40,000; Pay:
    −£110,000 to −£80,000; Hires: −£100,000 at both ends), with the driver's P10 and P90 words
    at the matching ends (AI's P90 is the lower end), coloured by what raising it does; one
    rule at the plan's −£100,000."""
    spec = driver_tornado_chart(_tornado_table(), "GBP").to_dict()
    rows = dataset_rows(spec, "low_words")
    assert [r["label"] for r in rows] == ["AI", "Pay", "Hires"]
    (bar,) = _marks(spec, "bar")
    assert bar["encoding"]["y"]["sort"] == ["AI", "Pay", "Hires"]
    assert bar["encoding"]["x"]["field"] == "low" and bar["encoding"]["x2"]["field"] == "high"
    ends = {r["label"]: (r["low"], r["high"], r["low_words"], r["high_words"]) for r in rows}
    assert ends == {
        "AI": (-100_000.0, -40_000.0, "P90 100%", "P10 80%"),
        "Pay": (-110_000.0, -80_000.0, "P10 P20", "P90 P80"),
        "Hires": (-100_000.0, -100_000.0, "P10 -1 months", "P90 +2 months"),
    }
    effects = {r["label"]: r["effect"] for r in rows}
    assert effects == {"AI": EFFECTS["down"], "Pay": EFFECTS["up"], "Hires": EFFECTS["none"]}
    assert {r["label"]: r["breakeven_at_p10"] for r in rows}["AI"] == "not within reach"
    (rule,) = _marks(spec, "rule")
    assert dataset_rows(spec, "plan")[0]["plan"] == -100_000.0
    assert rule["encoding"]["x"]["field"] == "plan"
    # the words fit: the x range leaves room beyond the outermost bar ends (−£110K, −£40K)
    low, high = bar["encoding"]["x"]["scale"]["domain"]
    assert low < -110_000 and high > -40_000
    assert bar["encoding"]["y"]["axis"]["labelLimit"] == 0


def test_the_example_tornado_draws_every_row_of_mocmo_ranges_tornado() -> None:
    """On the example, one bar per row of mocmo.ranges.tornado, in its (swing) order."""
    plan = load_example()
    table = ranges.tornado(plan)
    rows = dataset_rows(driver_tornado_chart(table, "GBP").to_dict(), "low_words")
    assert [r["label"] for r in rows] == table["label"].tolist()
    swings = [r["swing"] for r in rows]
    assert swings == sorted(swings, reverse=True)


def test_a_tornado_without_drivers_is_an_empty_chart() -> None:
    """A plan that varies no driver has an empty tornado: the chart still builds and validates."""
    empty = _tornado_table().iloc[0:0]
    spec = driver_tornado_chart(empty, "GBP").to_dict()
    assert dataset_rows(spec, "plan")[0]["plan"] == 0.0


def _simulation(values: np.ndarray) -> DriverSimulation:
    return DriverSimulation(
        draws=len(values),
        seed=7,
        values={"total_net_change": values},
        driver_values={},
        drivers=(),
        evaluations=1,
    )


def test_the_histogram_has_the_three_percentile_rules_and_the_plans_own() -> None:
    """Draws 1, 2, …, 1,000 (numpy's linear percentiles): P10 at position 0.1 × 999 = 99.9,
    between the 100th and 101st draws: 100.9; P50 at 499.5: 500.5; P90 at 899.1: 900.1. Every
    draw is counted once across the 40 bins; the plan's own figure (£450) is a fourth rule, in
    the legend as "The plan £450" (the labels are whole pounds: 500.5 → £500, Python rounding
    half to even)."""
    sim = _simulation(np.arange(1.0, 1001.0))
    spec = range_chart(sim, "GBP", 450.0).to_dict()
    rules = dataset_rows(spec, "percentile")
    assert [r["percentile"] for r in rules] == ["P10", "P50", "P90"]
    assert [r["value"] for r in rules] == pytest.approx([100.9, 500.5, 900.1])
    assert [r["label"] for r in rules] == ["P10 £101", "P50 £500", "P90 £900"]
    bins = dataset_rows(spec, "bin_start")
    assert len(bins) == RANGE_BINS and sum(b["draws"] for b in bins) == 1000
    rule_layers = _marks(spec, "rule")
    assert len(rule_layers) == 2  # the three percentiles, and the plan's own
    own = [r for layer in rule_layers for r in spec["datasets"][layer["data"]["name"]]]
    assert {"value": 450.0, "label": "The plan £450"} in own
    legend = spec["layer"][1]["encoding"]["color"]["scale"]["domain"]
    assert legend == ["P10 £101", "P50 £500", "P90 £900", "The plan £450"]


def test_the_histogram_of_equal_draws_is_one_bar() -> None:
    """Every draw −£5,000 (nothing varies): one bin holds all 200 draws and every rule is there."""
    sim = _simulation(np.full(200, -5000.0))
    spec = range_chart(sim, "GBP", -5000.0).to_dict()
    bins = dataset_rows(spec, "bin_start")
    assert sorted(b["draws"] for b in bins)[-1] == 200
    assert [r["value"] for r in dataset_rows(spec, "percentile")] == [-5000.0] * 3


def test_both_charts_are_in_the_catalog_the_export_writes() -> None:
    """The export writes every catalog chart as PNG and SVG: the two drivers' charts are there,
    titled, on the example; ranges_charts builds them from the plan."""
    plan = load_example()
    names = set(all_charts(plan))
    assert {"costing-driver-tornado", "costing-driver-range"} <= names
    assert {"costing-driver-tornado", "costing-driver-range"} <= set(CHART_TITLES)
    assert set(ranges_charts(plan)) == {"driver_tornado", "driver_range"}
