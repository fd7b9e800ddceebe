"""Step 1 charts, checked through their Vega-Lite spec (``chart.to_dict()``), never pixels."""

from __future__ import annotations

from typing import Any

import pytest
from chart_specs import dataset_rows
from plans import audience_plan as plan_of
from plans import segment_audience as audience

from mocmo.charts.audiences import COMPANY_TARGET, GAP, audience_charts


def _under_plan() -> Any:
    # £3M + £4.5M against £10M: gap 10 − 7.5 = £2.5M
    return plan_of(
        audience("North", "Retail", target=3_000_000),
        audience("South", "Health", target=4_500_000),
        company_target=10_000_000,
    )


def test_pipeline_bars_show_each_audience_target() -> None:
    """The per-audience bars carry each audience's own pipeline target, in plan order."""
    spec = audience_charts(_under_plan())[0].to_dict()
    bars = dataset_rows(spec, "pipeline_target")
    assert [(r["audience"], r["pipeline_target"]) for r in bars] == [
        ("North", 3_000_000),
        ("South", 4_500_000),
    ]
    # shares of the £10M company target: 3/10 = 30%, 4.5/10 = 45%
    assert [r["share"] for r in bars] == pytest.approx([0.3, 0.45])


def test_coverage_bar_shows_gap_and_company_target_rule() -> None:
    """Under target, the stack ends with a £2.5M gap and a rule marks the £10M target."""
    spec = audience_charts(_under_plan())[0].to_dict()
    stack = {(r["row"], r["part"]): r["amount"] for r in dataset_rows(spec, "part")}
    assert stack == {
        ("Audiences", "North"): 3_000_000,
        ("Audiences", "South"): 4_500_000,
        ("Audiences", GAP): pytest.approx(2_500_000),
        (COMPANY_TARGET, COMPANY_TARGET): 10_000_000,
    }
    assert dataset_rows(spec, "company_target") == [{"company_target": 10_000_000}]
    assert "£2.5M" in spec["vconcat"][1]["title"]["subtitle"]


def test_over_allocated_plan_has_no_gap_segment() -> None:
    """Over target there is no gap segment, and the subtitle says by how much it is over."""
    plan = plan_of(
        audience("A", "Retail", target=6_000_000),
        audience("B", "Health", target=6_000_000),
        company_target=8_000_000,
    )
    spec = audience_charts(plan)[0].to_dict()
    parts = [r["part"] for r in dataset_rows(spec, "part")]
    assert GAP not in parts and COMPANY_TARGET in parts
    # 12M − 8M = £4M over, 4/8 = 50%
    assert "£4M (50.0%)" in spec["vconcat"][1]["title"]["subtitle"]


def test_plan_without_company_target_draws_no_target() -> None:
    """With no company target the chart shows no target bar and no rule."""
    spec = audience_charts(plan_of(audience("A", target=1_000_000)))[0].to_dict()
    assert [r["part"] for r in dataset_rows(spec, "part")] == ["A"]
    assert not any(rows and "company_target" in rows[0] for rows in spec["datasets"].values())


def test_pipeline_chart_formats_money_in_the_plan_currency() -> None:
    """The chart's number locale prints the pound sign for a GBP plan."""
    spec = audience_charts(_under_plan())[0].to_dict()
    assert spec["config"]["locale"]["number"]["currency"][0] == "£"


def test_product_map_counts_pains_per_audience_and_product() -> None:
    """Each heatmap cell holds how many of the audience's pains the product answers."""
    plan = plan_of(
        audience("X", "Retail", pains=(("P1", ("Alpha",)), ("P2", ("Alpha", "Beta")))),
        audience("Y", "Health", pains=(("P3", ()),)),
    )
    spec = audience_charts(plan)[1].to_dict()
    cells = {(r["audience"], r["product"]): r["pains"] for r in dataset_rows(spec, "pains")}
    # X: Alpha answers P1 and P2 → 2, Beta answers P2 → 1; Y's only pain has no product → 0, 0
    assert cells == {("X", "Alpha"): 2, ("X", "Beta"): 1, ("Y", "Alpha"): 0, ("Y", "Beta"): 0}
    layer = spec["layer"][0]["encoding"]
    assert layer["y"]["sort"] == ["X", "Y"] and layer["x"]["sort"] == ["Alpha", "Beta"]
