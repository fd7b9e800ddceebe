"""The Migration timeline panel without a browser: set widget values, check the plan, the
checks and the charts' Vega-Lite data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from chart_specs import chart_rows
from plans import example_copy

from mocmo import migration as mig
from mocmo.ui.core import PlanSession
from mocmo.ui.migration import MigrationPanel, migration_problems


@pytest.fixture
def panel(tmp_path: Path) -> MigrationPanel:
    """A panel on a temporary copy of the Brightwave example."""
    return MigrationPanel(PlanSession(example_copy(tmp_path)))


def _phase_bar(panel: MigrationPanel, name: str) -> dict[str, Any]:
    return next(r for r in chart_rows(panel.gantt_box.chart, "depends_on") if r["row"] == name)


def test_moving_a_phase_changes_plan_checks_and_gantt(panel: MigrationPanel) -> None:
    """Moving 'Agent governance' to month 5, while 'Add the missing roles' runs to month 5,
    reaches the plan, raises an error naming both phases and turns its Gantt bar red; the fix
    button moves it back to month 6."""
    panel.select_phase("Agent governance")
    assert panel.phase_start.value == 6
    assert _phase_bar(panel, "Agent governance")["status"] == "on plan"

    panel.phase_start.value = 5

    plan = panel.session.plan
    assert plan.phases[5].name == "Agent governance" and plan.phases[5].start_month == 5
    errors = [p for p in migration_problems(plan) if p.severity == "error"]
    assert len(errors) == 1
    assert "'Agent governance'" in errors[0].message
    assert "'Add the missing roles'" in errors[0].message
    assert "Agent governance" in panel.checks.value
    bar = _phase_bar(panel, "Agent governance")
    assert (bar["start"], bar["stop"], bar["status"]) == (5, 7, "before its dependency")
    assert panel.session.dirty

    panel.fix_schedule()

    assert panel.session.plan.phases[5].start_month == 6
    assert _phase_bar(panel, "Agent governance")["status"] == "on plan"


def test_lengthening_a_phase_moves_its_end_and_the_migration_length(
    panel: MigrationPanel,
) -> None:
    """'Retire legacy hand-offs and measure' lengthened from 3 to 4 months ends in month 13,
    making the migration 13 months long (and so over 12)."""
    panel.select_phase("Retire legacy hand-offs and measure")
    panel.phase_months.value = 4
    plan = panel.session.plan
    assert plan.phases[7].end_month == 13  # starts in month 10: 10 + 4 − 1
    assert mig.migration_months(plan) == 13
    assert _phase_bar(panel, "Retire legacy hand-offs and measure")["stop"] == 14
    assert any("6–12 months" in p.message for p in migration_problems(plan))


def test_adding_and_moving_a_hire_updates_offer_fees_and_gantt(panel: MigrationPanel) -> None:
    """A new GTM Marketer hire (month 4, 3-month lead time) is offered in month 1; moved to
    month 7 its offer moves to month 4; its fee is the costing step's 20% of £67,500."""
    before = mig.migration_one_off_cost(panel.session.plan)
    panel.add_hire()
    plan = panel.session.plan
    assert len(plan.hires) == 5 and plan.hires[4].position == "GTM Marketer"
    panel.hire_month.value = 7
    plan = panel.session.plan
    assert plan.hires[4].month == 7
    # GTM Marketer mid of £55,000–£80,000 = £67,500; fee 20% = £13,500
    assert mig.migration_one_off_cost(plan) - before == pytest.approx(13_500)
    hires = {r["row"]: (r["start"], r["stop"]) for r in chart_rows(panel.gantt_box.chart, "offer")}
    assert hires["Hire: GTM Marketer"] == (4, 7)
    panel.remove_hire()
    assert len(panel.session.plan.hires) == 4


def test_moving_a_marops_hire_moves_its_seat(panel: MigrationPanel) -> None:
    """Moving the Head of Marketing Operations hire to month 5 moves the seat's start with it,
    so the headcount chart shows the seat from month 5."""
    panel.hire.value = 0
    panel.hire_month.value = 5
    plan = panel.session.plan
    assert plan.hires[0].month == 5 and plan.marops_seats[0].hire_month == 5
    marops = {
        r["month"]: r["headcount"]
        for r in chart_rows(panel.headcount_box.chart, "headcount")
        if r["group"] == "MarOps"
    }
    # months 4: the two other seats; 5: all three
    assert (marops[4], marops[5]) == (2, 3)


def test_editing_a_workflow_owner_reaches_plan_and_checks(panel: MigrationPanel) -> None:
    """Marking 'Web personalisation' top with two owners is an error; one owner picked from the
    MarOps seats clears it and counts as an owned top workflow."""
    panel.select_workflow("Web personalisation")
    assert "Head of Marketing Operations" in panel.wf_owner.options
    panel.wf_top.value = True
    panel.wf_owner.value = "Head of Marketing Operations, Prompt & Knowledge Designer"
    plan = panel.session.plan
    assert plan.workflows[6].owners == (
        "Head of Marketing Operations",
        "Prompt & Knowledge Designer",
    )
    assert any(p.path == "workflows[6].owners" for p in migration_problems(plan))

    panel.wf_owner.value = "Head of Marketing Operations"

    plan = panel.session.plan
    assert not any(p.path == "workflows[6].owners" for p in migration_problems(plan))
    assert mig.top_workflows_owned(plan) == 7


def test_adding_a_workflow_and_setting_its_fields(panel: MigrationPanel) -> None:
    """A new workflow gets its platforms, roles and decisions from the text fields."""
    panel.add_workflow()
    panel.wf_platforms.value = "Salesforce, Gong"
    panel.wf_decisions.value = "Who gets a call; When"
    wf = panel.session.plan.workflows[-1]
    assert wf.platforms == ("Salesforce", "Gong")
    assert wf.decisions == ("Who gets a call", "When")
    assert mig.workflow_inventory_count(panel.session.plan) == 8


def test_an_invalid_edit_is_refused_and_shown(panel: MigrationPanel) -> None:
    """A phase that would end after month 36 is refused: the plan stays, the box keeps the
    typed 35 and says why under itself."""
    panel.select_phase("Retire legacy hand-offs and measure")
    panel.phase_start.value = 35  # 3 months from 35 ends in 37
    assert panel.session.plan.phases[7].start_month == 10
    assert panel.phase_start.value == 10  # the plan's value
    assert panel.phase_start.text.value == "35"  # what was typed, still shown
    assert panel.phase_start.message.layout.display is None
    assert "must end by month 36" in panel.phase_start.message.value
