"""Charts of diagnostics and agent governance, checked through their Vega-Lite spec
(``chart.to_dict()``), never pixels."""

from __future__ import annotations

import math
from typing import Any

import pytest
from chart_specs import dataset_rows
from plans import minimal_plan

from mocmo.charts.diagnostics import diagnostics_charts, radar_frame
from mocmo.charts.governance import governance_charts
from mocmo.diagnostics import skills_table


def _diagnosed() -> Any:
    # calendar 30 h approving + 10 h designing: the threshold (half) sits at 20 h
    return minimal_plan(
        diagnostics={
            "calendar": {"approving_hours": 30, "designing_hours": 10},
            "symptoms": {
                "service_centre": 4,
                "attribution_breakdown": 0,
                "sequential_routing": 2,
                "source_of_truth_fragmentation": 1,
                "volume_over_craft": 3,
            },
            "skills": {"strategic_thinking": 4, "agent_workflow_design": 2},
        }
    )


def test_calendar_chart_splits_the_month_and_marks_the_threshold() -> None:
    """The bar holds 10 h designing and 30 h approving; the rule sits at half of 40 h."""
    spec = diagnostics_charts(_diagnosed())["calendar"].to_dict()
    parts = {r["part"]: r["hours"] for r in dataset_rows(spec, "part")}
    assert parts == {"Designing systems": 10, "Approving work": 30}
    assert dataset_rows(spec, "threshold_hours") == [{"threshold_hours": 20.0}]
    assert "25%" in " ".join(spec["title"]["subtitle"])  # 10 / 40


def test_symptoms_chart_bars_carry_scores_and_levels() -> None:
    """One bar per symptom in questionnaire order, its score and its level word, on a 0–4
    axis; the subtitle gives the total 4 + 0 + 2 + 1 + 3 = 10."""
    spec = diagnostics_charts(_diagnosed())["symptoms"].to_dict()
    rows = dataset_rows(spec, "level")
    assert [r["score"] for r in rows] == [4, 0, 2, 1, 3]
    assert [r["level"] for r in rows] == [
        "The operating model",
        "Not present",
        "Recurring",
        "An early sign",
        "Structural",
    ]
    bars = spec["layer"][0]
    assert bars["encoding"]["x"]["scale"]["domain"] == [0, 4]
    assert " ".join(spec["title"]["subtitle"]).startswith("10 of 20")


def test_radar_places_each_skill_on_its_spoke_at_its_level() -> None:
    """Twenty spokes clockwise from the top: the first skill at level 4 sits straight up
    (x 0, y 4); the second at level 2 sits 18° round (x = 2 sin 18°, y = 2 cos 18°)."""
    frame = radar_frame(skills_table(_diagnosed()))
    assert len(frame) == 20
    first, second = frame.iloc[0], frame.iloc[1]
    assert (first["x"], first["y"]) == pytest.approx((0.0, 4.0))
    angle = math.radians(360 / 20)
    assert (second["x"], second["y"]) == pytest.approx((2 * math.sin(angle), 2 * math.cos(angle)))
    assert frame["level"].iloc[2:].eq(0).all()  # not assessed: drawn at the centre


def test_radar_chart_draws_the_levels_and_labels() -> None:
    """The radar's points dataset holds each skill's level; the shape closes on the first
    point."""
    spec = diagnostics_charts(_diagnosed())["skills"].to_dict()
    shapes = [rows for rows in spec["datasets"].values() if rows and "skill" in rows[0]]
    closed = max(shapes, key=len)
    assert len(closed) == 21 and closed[0]["skill"] == closed[-1]["skill"]
    levels = {r["skill"]: r["level"] for r in closed}
    assert levels["Strategic thinking"] == 4 and levels["Agent workflow design"] == 2


def _governed() -> Any:
    return minimal_plan(
        decision_rights=[
            {"decision": "Publish content", "decided_by": "hybrid", "area": "public_content"},
            {"decision": "Set prices", "decided_by": "human", "area": "pricing"},
        ],
        budget_shift=[
            {"line": "agencies_freelancers", "before": 300_000, "after": 100_000},
            {"line": "ai_tools_infrastructure", "before": 20_000, "after": 120_000},
        ],
        operating_metrics=[
            {"workflow": "Content", "metric": "time_to_asset_days", "baseline": 10, "target": 4},
        ],
    )


def test_decision_rights_heatmap_fills_the_chosen_cell() -> None:
    """Two decisions × three columns; only the chosen column is filled and ticked."""
    spec = governance_charts(_governed())["decision-rights"].to_dict()
    cells = dataset_rows(spec, "fill")
    assert len(cells) == 6
    chosen = {(r["decision"], r["who"]) for r in cells if r["mark"] == "✓"}
    assert chosen == {("Publish content", "Hybrid"), ("Set prices", "Human")}
    assert {r["area"] for r in cells} == {"public content", "pricing"}


def test_budget_chart_has_each_line_before_and_after() -> None:
    """Each line appears before and after with its amount and nature; the subtitle gives the
    variable share 300 / 320 = 94% before and 100 / 220 = 45% after."""
    spec = governance_charts(_governed())["budget"].to_dict()
    rows = dataset_rows(spec, "nature")
    amounts = {(r["line"], r["when"]): r["amount"] for r in rows}
    assert amounts == {
        ("Agencies and freelancers", "Before"): 300_000,
        ("Agencies and freelancers", "After"): 100_000,
        ("AI tools and infrastructure", "Before"): 20_000,
        ("AI tools and infrastructure", "After"): 120_000,
    }
    subtitle = " ".join(spec["vconcat"][1]["title"]["subtitle"])
    assert "94% of the budget before, 45% after" in subtitle


def test_metrics_chart_shows_baseline_and_target() -> None:
    """The dumbbell's data has the baseline 10 and the target 4 with a 60% improvement."""
    spec = governance_charts(_governed())["metrics"].to_dict()
    rows = dataset_rows(spec, "value")
    assert {(r["when"], r["value"]) for r in rows} == {("Before", 10.0), ("After", 4.0)}
    assert rows[0]["improvement"] == pytest.approx(0.6)  # (10 − 4) / 10


def test_a_plan_without_governance_sections_has_no_governance_charts() -> None:
    """No decision rights, budget or metrics: no charts (rather than empty ones)."""
    assert governance_charts(minimal_plan()) == {}
