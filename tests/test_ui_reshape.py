"""The Role reshape panel without a browser: set widget values, check the plan, the figures,
the checks and the charts' Vega-Lite data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from chart_specs import chart_rows
from plans import example_copy

from mocmo import reshape as rs
from mocmo.ui.core import PlanSession
from mocmo.ui.reshape import RoleReshapePanel


@pytest.fixture
def panel(tmp_path: Path) -> RoleReshapePanel:
    """A panel on a temporary copy of the Brightwave example."""
    return RoleReshapePanel(PlanSession(example_copy(tmp_path)))


def _hours(chart: Any, role: str, destination: str) -> float:
    rows = chart_rows(chart, "destination")
    return next(
        r["hours_per_week"] for r in rows if r["role"] == role and r["destination"] == destination
    )


def test_moving_an_activity_to_ai_changes_plan_figures_and_chart(panel: RoleReshapePanel) -> None:
    """Content's 'Editing and fact-checking' (12% of 5 × 37.5 = 22.5 h) moved to AI, then
    given 20% oversight, reaches the plan, the reclaimed capacity and the stacked-hours chart."""
    panel.select("Content")
    before = rs.capacity_reclaimed_total(panel.session.plan)
    # Content stays today: (12% + 12% + 7%) × 187.5 h = 58.125 h
    assert _hours(panel.hours_box.chart, "Content", "stays") == pytest.approx(58.125)

    panel.move("Editing and fact-checking", "ai")

    plan = panel.session.plan
    role = plan.legacy_roles[2]
    assert role.name == "Content"
    moved = next(a for a in role.activities if a.name == "Editing and fact-checking")
    assert moved.destination == "ai"
    assert panel.session.dirty
    # oversight 0 → all 22.5 h reclaimed, and the checks warn nobody oversees it
    assert rs.capacity_reclaimed_total(plan) - before == pytest.approx(22.5)
    assert "nobody checks what AI produces for &#x27;Editing and fact-checking&#x27;" in (
        panel.checks.value
    )
    assert _hours(panel.hours_box.chart, "Content", "stays") == pytest.approx(58.125 - 22.5)
    row = panel._row("Editing and fact-checking")
    assert not row.oversight.disabled

    row.oversight.value = 0.2
    row.owner.value = "custodian"
    plan = panel.session.plan
    moved = next(a for a in plan.legacy_roles[2].activities if a.name == moved.name)
    assert (moved.oversight, moved.oversight_owner) == (0.2, "custodian")
    # reclaimed now 22.5 × (1 − 0.2) = 18 h more than before
    assert rs.capacity_reclaimed_total(plan) - before == pytest.approx(18.0)
    assert _hours(panel.hours_box.chart, "Content", "oversight") > 0
    assert "nobody checks" not in panel.checks.value
    assert "AI net" in panel.table.value


def test_plan_wait_default_redraws_the_tax(panel: RoleReshapePanel) -> None:
    """A 5-day default wait makes Launch messaging's legacy tax 5 × 5 + 5 + 3.2 = 33.2 days."""
    panel.wait_days.value = 5.0
    assert panel.session.plan.assumptions.handoff_wait_days == 5.0
    rows = chart_rows(panel.tax_box.chart, "saved_days")
    pmm = next(r for r in rows if r["label"] == "Product Marketing · Launch messaging")
    # legacy: five default waits of 5 + the late PMM review's own 5 = 30; rework 0.3×4 + 0.4×5
    assert pmm["legacy_days"] == pytest.approx(33.2)
    shown = rs.headline(panel.session.plan)["handoff_tax_days_legacy"]
    assert f"Hand-Off Tax <b>{shown:.1f} →" in panel.figures.value


def test_rework_defaults_and_equal_load_reach_the_plan(panel: RoleReshapePanel) -> None:
    """The rework sliders and the load toggle set the plan's assumptions; equal sharing gives
    every audience the same load."""
    panel.rework_probability.value = 0.5
    panel.rework_days.value = 4.0
    panel.load_weight.value = "equal"
    a = panel.session.plan.assumptions
    assert (a.rework_probability, a.rework_days, a.load_weight) == (0.5, 4.0, "equal")
    hours = [r["hours_per_week"] for r in chart_rows(panel.load_box.chart, "status")]
    assert len(hours) == 6
    assert hours == pytest.approx([hours[0]] * 6)


def test_picking_a_role_shows_its_activities_and_workflow(panel: RoleReshapePanel) -> None:
    """Selecting Field & Events/ABM lists its six activities and draws its Customer event."""
    panel.select("Field & Events/ABM")
    assert len(panel.rows) == 6
    assert "Event logistics and vendors" in panel.table.value
    spec = panel.workflow_box.chart.to_dict()
    assert spec["title"]["text"].startswith("Field & Events/ABM: Customer event")
    versions = {r["version"] for r in chart_rows(panel.workflow_box.chart, "kind")}
    assert versions == {"Today", "New model"}
