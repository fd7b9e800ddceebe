"""The MarOps costing panel without a browser: set widget values, press buttons, check the plan,
the figures shown and the charts' Vega-Lite data."""

from __future__ import annotations

from pathlib import Path

import pytest
from chart_specs import chart_rows
from plans import example_copy

from mocmo.ui.core import PlanSession
from mocmo.ui.costing import NEW, CostingPanel, point_value


@pytest.fixture
def panel(tmp_path: Path) -> CostingPanel:
    """A panel on a temporary copy of the Brightwave example (three MarOps seats, the Workflow
    Architect and Data Steward combined in one)."""
    return CostingPanel(PlanSession(example_copy(tmp_path)))


def test_moving_a_seats_point_changes_plan_figures_and_chart(panel: CostingPanel) -> None:
    """Sliding the Head of MarOps to the top of the band reaches the plan, figures and chart."""
    before = {r["seat"]: r["loaded_cost"] for r in chart_rows(panel.charts["cost_range"], "seat")}
    panel.seat_rows[0].point.value = 1.0
    seat = panel.session.plan.marops_seats[0]
    assert seat.name == "Head of Marketing Operations" and seat.point == "high"
    after = {r["seat"]: r["loaded_cost"] for r in chart_rows(panel.charts["cost_range"], "seat")}
    # 120,000 at the top of the band: 1.2 × 120,000 + 3,570.90 = 147,570.90 (was 123,570.90)
    assert before["Head of Marketing Operations"] == pytest.approx(123570.90)
    assert after["Head of Marketing Operations"] == pytest.approx(147570.90)
    # base at the plan's points: 120,000 + 72,500 + 60,000 = £252.5K, shown in the figures
    assert "£252.5K" in panel.figures.value
    assert panel.session.dirty


def test_point_values_are_written_as_names_at_low_mid_high() -> None:
    """Slider positions 0, 0.5 and 1 are stored as low, mid and high; others as fractions."""
    assert [point_value(v) for v in (0.0, 0.5, 1.0, 0.25)] == ["low", "mid", "high", 0.25]


def test_combining_two_roles_makes_one_seat_and_one_salary(panel: CostingPanel) -> None:
    """Combining Data Steward and Prompt & Knowledge Designer leaves three seats, one salary."""
    panel.split(1)  # Workflow Architect & Data Steward → two seats
    assert len(panel.session.plan.marops_seats) == 4
    panel.combine_roles.value = ("data_steward", "prompt_knowledge_designer")
    panel.combine_button.click()
    plan = panel.session.plan
    combined = [
        s
        for s in plan.marops_seats
        if set(s.roles) == {"data_steward", "prompt_knowledge_designer"}
    ]
    assert len(combined) == 1 and len(plan.marops_seats) == 3
    # 100,000 + 72,500 (Workflow Architect) + 65,000 (Data Steward band, the higher) = 237,500
    assert "£237.5K" in panel.figures.value
    # the seat that went no longer owns workflows; its successor does
    owners = {o for wf in plan.workflows for o in wf.owners}
    assert "Prompt & Knowledge Designer" not in owners
    assert combined[0].name in owners


def test_unticking_a_role_shows_the_gap(panel: CostingPanel) -> None:
    """Taking the Data Steward role off its seat flags the missing role in the checks."""
    panel.seat_rows[1].roles["data_steward"].value = False
    assert panel.session.plan.marops_seats[1].roles == ("workflow_architect",)
    assert "Data Steward" in panel.checks.value and "no seat holds" in panel.checks.value


def test_on_cost_rate_is_entered_as_a_percentage(panel: CostingPanel) -> None:
    """Typing 13.8 in the NI box stores 0.138 and changes the MarOps loaded cost shown."""
    before = panel.figures.value
    panel.on_cost_widgets["employer_ni_rate"].value = "13.8"  # typed: 13.8%
    assert panel.session.plan.assumptions.on_costs.employer_ni_rate == pytest.approx(0.138)
    assert panel.figures.value != before


def test_replaced_roles_can_be_added_edited_and_removed(panel: CostingPanel) -> None:
    """The replaced-role form adds a role, edits its count and removes it again."""
    start = len(panel.session.plan.replaced_roles)
    panel.replaced_picker.value = NEW
    panel.replaced_title.value = "Events Coordinator"
    panel.replaced_count.value = 2
    panel.replaced_low.value, panel.replaced_high.value = 30000.0, 36000.0
    panel.add_replaced_button.click()
    roles = panel.session.plan.replaced_roles
    assert len(roles) == start + 1 and roles[-1].title == "Events Coordinator"
    assert roles[-1].count == 2
    assert "Events Coordinator" in panel.replaced_table.value
    panel.replaced_count.value = 3
    panel.save_replaced_button.click()
    assert panel.session.plan.replaced_roles[-1].count == 3
    panel.remove_replaced_button.click()
    assert len(panel.session.plan.replaced_roles) == start


def test_invalid_band_override_is_refused_and_shown(panel: CostingPanel) -> None:
    """A band whose low is above its high is not applied; the problem is shown instead."""
    row = panel.seat_rows[2]
    row.override.value = True
    assert panel.session.plan.marops_seats[2].band is not None
    before = panel.session.plan
    row.band_low.value = 90000.0  # above the band's high of 70,000
    assert panel.session.plan == before
    assert panel.edit_problems.layout.display is None
    assert "low must not be above high" in panel.edit_problems.value


def test_monte_carlo_runs_with_progress_and_its_seed(panel: CostingPanel) -> None:
    """Running the Monte Carlo fills the progress bar; another seed gives other draws."""
    first = panel.run_monte_carlo()
    assert panel.progress.value == panel.progress.max == first.draws
    rules = {
        r["percentile"]: r["value"] for r in chart_rows(panel.charts["distribution"], "percentile")
    }
    assert rules["P50"] == pytest.approx(first.percentile("net_change", 50))
    panel.seed.value = 1
    panel.draws.value = 2000
    panel.run_button.click()
    assert panel.sim is not None and panel.sim.draws == 2000 and panel.sim.seed == 1
    assert panel.progress.value == 2000


def test_a_draw_count_outside_the_range_is_refused_not_clamped(tmp_path: Path) -> None:
    """50 draws typed: a message under the box, the box still says 50, and the Monte Carlo
    runs the last good count (2,000) instead of a clamped 100."""
    panel = CostingPanel(PlanSession(example_copy(tmp_path)))
    panel.draws.value = 2000
    panel.draws.value = 50
    assert panel.draws.value == 50
    assert "you typed 50" in panel.draws_note.value
    assert panel.run_monte_carlo().draws == 2000
    panel.draws.value = 3000
    assert panel.draws_note.value == ""
    assert panel.run_monte_carlo().draws == 3000
